"""No portal address gives an applicant another applicant's data (issue 13): every URL pattern in the ``portal``
namespace with an id in it is tried with the ids of another applicant's søknader, as GET and as POST with a valid
CSRF token, by a logged-in applicant. Each answer is 404 (405 where the page does not take that method) or a redirect to a page
without the other applicant's data, and nothing of the other applicant's changes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.db.models import ForeignKey
from django.urls import get_resolver, reverse
from django.utils import timezone

from inntak.models import Soknad, Tilbud
from tests.fabrikker import PersonFactory, publiser
from tests.inntak_kjoring.conftest import sett_poeng
from tests.portal.conftest import ny_klient

pytestmark = pytest.mark.django_db


def _portalmonstre() -> list[tuple[str, list[str]]]:
    """(name, int kwargs) of every URL pattern in the portal namespace that takes an id."""
    _, resolver = get_resolver().namespace_dict["portal"]
    ut = []
    for monster in resolver.url_patterns:
        heltall = [k for k, c in monster.pattern.converters.items() if c.regex == "[0-9]+"]
        if heltall:
            ut.append((monster.name, heltall))
    return ut


def _bilde(soknader: list[int]) -> dict:
    """Every row that hangs on these søknader (any model with a foreign key to Soknad), and the søknader."""
    bilde = {"soknad": sorted(Soknad.objects.filter(pk__in=soknader).values_list())}
    for modell in apps.get_models():
        for felt in modell._meta.get_fields():
            if isinstance(felt, ForeignKey) and felt.related_model is Soknad:
                rader = modell._default_manager.filter(**{f"{felt.name}__in": soknader}).values_list()
                bilde[f"{modell._meta.label}.{felt.name}"] = sorted(map(repr, rader))
    return bilde


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def to_sokere(lag_soknad, inntak):
    """Applicant A (ours) and applicant B with an offer in a published runde 1 and a second søknad for the next
    school year (open tilbud), so every kind of portal page has something of B's to show or change."""
    from inntak.kjoring import services

    skole = inntak.kv["skole_a"]
    neste = [
        Tilbud.objects.create(
            fylke=skole.fylke, skole=skole, programomrade=inntak.po[p], skolear=inntak.neste, plasser=30
        )  # fmt: skip
        for p in ("ST", "HS", "EL")
    ]
    a = lag_soknad(person=PersonFactory(fornavn="Astrid", etternavn="Egensen", fylke=inntak.A))
    b_person = PersonFactory(fornavn="Bendik", etternavn="Fremmedsen", fylke=inntak.A)
    b = lag_soknad(person=b_person)
    sett_poeng(a, "41.00")
    sett_poeng(b, "52.00")
    ik = services.kjor_inntak(fylke=inntak.A, skolear=inntak.ar, niva="VG1", runde=1, simulering=False)
    publiser(ik, svarfrist=timezone.localdate() + datetime.timedelta(days=14))
    b_neste = lag_soknad(person=b_person, skolear=inntak.neste, onsker=neste)  # open for changes
    return a, [b, b_neste]


def test_hver_portaladresse_med_en_annens_id_gir_ingenting(to_sokere):
    a, b_soknader = to_sokere
    b = b_soknader[0].person
    monstre = _portalmonstre()
    navn = {m for m, _ in monstre}
    assert {"svar", "tilbudsbrev"} <= navn, navn  # the enumeration finds the pages with ids

    klient = ny_klient(enforce_csrf_checks=True)  # an address of its own: the login limit counts per address
    token = _token(klient.get("/innlogging/soker/testid/").content.decode())
    svar = klient.post(
        "/innlogging/soker/testid/", {"csrfmiddlewaretoken": token, "fodselsnummer": a.person.fodselsnummer}
    )
    assert svar.status_code == 302 and svar["Location"] == "/soker/"
    egen = klient.get("/soker/").content.decode()
    assert "Astrid" in egen and "Fremmedsen" not in egen
    token = _token(egen)
    # The same addresses with the applicant's own id do answer (so the 404s below are about whose id it is).
    assert klient.get(reverse("portal:tilbudsbrev", args=[a.pk])).status_code == 200
    if "dokumentasjon" in navn:
        assert klient.get(reverse("portal:dokumentasjon", args=[a.pk])).status_code == 200

    ids = [s.pk for s in b_soknader]
    for_ = _bilde(ids)
    hemmelig = (b.fodselsnummer, "Fremmedsen", "Bendik")
    b_tilbud = b_soknader[0].onsker.first().tilbud_id
    data = {"csrfmiddlewaretoken": token, "svar": "nei", "bekreft": "1", "venteliste_tilbud": b_tilbud,
            "handling": "foresporsel", "beskrivelse": "Endret av en annen", "tilbud": b_tilbud}  # fmt: skip
    provd = []
    for navn, kwargs in monstre:
        for pk in ids:
            url = reverse(f"portal:{navn}", kwargs=dict.fromkeys(kwargs, pk))
            for metode in ("get", "post"):
                svar = getattr(klient, metode)(url, data) if metode == "post" else klient.get(url)
                hva = f"{metode.upper()} {navn} med søknad {pk} fra en annen søker"
                assert svar.status_code != 403, f"{hva}: 403 (CSRF-tokenet ble ikke godtatt?)"
                if svar.status_code == 302:
                    side = klient.get(svar["Location"])
                    innhold = side.content.decode(errors="replace")
                else:
                    assert svar.status_code in (404, 405), f"{hva}: {svar.status_code}"
                    innhold = svar.content.decode(errors="replace") if not svar.streaming else ""
                for h in hemmelig:
                    assert h not in innhold, f"{hva}: svaret viser den andres data"
                provd.append(hva)
    assert _bilde(ids) == for_, "en annen søkers data ble endret"
    assert len(provd) == 2 * len(ids) * len(monstre)
