"""Red team: the admin must never answer 500, whatever a county administrator puts in the address.

Two reproductions, walked over every registered admin so a new model is covered without touching the test:
history pages of models with and without simple-history, and absurd values in the change list's filter,
date hierarchy, ordering, page and search parameters.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from arshjul.models import Hendelse, PlanlagtKjoring
from inntak.models import Brevmal, Karakter, Saksbehandlingslogg
from tests.fabrikker import PersonFactory, publiser
from tests.fagopplaering.fabrikker import lag_fagopplaering_rader
from tests.fagopplaering.fabrikker_prove import lag_prove_rader
from tests.inntak_kjoring.conftest import inntak, kjor, lag_soknad, sett_poeng  # noqa: F401
from vigo.api.services.klienter import opprett_klient
from vigo.models import Innsyn, Kjoring, Rolle

pytestmark = pytest.mark.django_db

ABSURD_TALL = "99999999999999999999999"


@pytest.fixture
def verden(inntak, lag_soknad, kjor, brukere):  # noqa: F811
    """At least one row of every county model in both counties, with a history where the model keeps one."""
    from arshjul.services import sikre_skolear
    from inntak import services

    fortrinn = "FOR615"
    fag: dict[
        str, tuple
    ] = {}  # fylke → one row of every fagopplæring model (bedrift, godkjenning, …, utbetaling)
    a = lag_soknad(person=PersonFactory(fylke=inntak.A, fornavn="Astrid", etternavn="Trondsen"),
                   behandlingskategori=fortrinn)  # fmt: skip
    b = lag_soknad(person=PersonFactory(fylke=inntak.B, fornavn="Bjørg", etternavn="Oslosen"), fylke=inntak.B,
                   behandlingskategori=fortrinn)  # fmt: skip
    for s in (a, b):
        services.registrer_vedtak(s, begrunnelse="Sakkyndig vurdering.", fast_plass=s.onsker.first().tilbud)
        sett_poeng(s, "40.00")
        Karakter.objects.create(person=s.person, fylke=s.fylke, fag_id="NOR0214", vurdering="standpunkt",
                                karakter="4")  # fmt: skip
        Brevmal.objects.get_or_create(fylke=s.fylke, navn="Mal", defaults={"innhold": "<p>Hei</p>"})
        opprett_klient(navn=f"Klient {s.fylke.nummer}", fylke=s.fylke, scopes=[])
        sikre_skolear("2025-2026")
        idag = timezone.localdate()
        h = Hendelse.objects.create(fylke=s.fylke, skolear_id="2025-2026", nokkel=f"h{s.pk}", start=idag,
                                    slutt=idag, hva="Frist", kategori="interne-datoer")  # fmt: skip
        kj = Kjoring.objects.create(kode="0P001", navn="Eksport", fylke=s.fylke, status="ferdig")
        PlanlagtKjoring.objects.create(hendelse=h, jobbkode="0P001", tidspunkt=timezone.now(), kjoring=kj)
        Innsyn.objects.create(handling="vis", hva="Test", aktor="test", person=s.person, fylke=s.fylke)
        _elevregister(s)
        fag[s.fylke.nummer] = lag_fagopplaering_rader(s.fylke, s.person)
        lag_prove_rader(s.fylke, fag[s.fylke.nummer][7])

    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    assert Saksbehandlingslogg.objects.exists()
    return {"a": a, "b": b, "brukere": brukere, "ik": ik, "inntak": inntak, "fag": fag}


def _elevregister(soknad) -> None:
    """An elevkurs with a fag line, a vitnemålsmerknad and a computed rett (the register's read-only admins)."""
    from inntak.elev.models import Elevfag, Elevforhold, Rett, Vitnemalsmerknad
    from kodeverk.models import Fag, Fagstatus

    tilbud = soknad.onsker.first().tilbud
    ek = Elevforhold.objects.create(person=soknad.person, skole=tilbud.skole, programomrade=tilbud.programomrade,
                                    skolear=soknad.skolear, startdato=soknad.skolear.startdato)  # fmt: skip
    fagstatus, _ = Fagstatus.objects.get_or_create(kode="E", defaults={"navn": "Elev"})
    Elevfag.objects.create(person=soknad.person, skole=tilbud.skole, skolear=soknad.skolear, elevkurs=ek,
                           fag=Fag.objects.order_by("pk").first(), fagstatus=fagstatus)  # fmt: skip
    Vitnemalsmerknad.objects.create(elevkurs=ek, kode="M01")
    Rett.objects.create(person=soknad.person, skolear=soknad.skolear, regime="2024", beregnet=timezone.now())


def _url(modell_admin, navn: str, *args) -> str | None:
    opts = modell_admin.model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{navn}", args=args)
    except NoReverseMatch:
        return None


def _pk_kandidater(modell_admin) -> list[str]:
    """Real rows of both counties (the own one answers the page, the other 404), a missing one and nonsense."""
    rader = modell_admin.model._default_manager.order_by("pk").values_list("pk", flat=True)
    ekte = {str(pk) for pk in (rader.first(), rader.last()) if pk is not None}
    return [*sorted(ekte), "99999999999", ABSURD_TALL, "abc", "1_00"]


@pytest.mark.parametrize("rolle", [Rolle.FYLKESADMIN, Rolle.SYSADMIN])
def test_historikk_i_admin_gir_aldri_500(client, verden, rolle):
    client.force_login(verden["brukere"]["A"][rolle])
    besokt = 0
    for modell, modell_admin in admin.site._registry.items():
        for pk in _pk_kandidater(modell_admin):
            url = _url(modell_admin, "history", pk)
            if url is None:
                continue
            resp = client.get(url)
            besokt += 1
            assert resp.status_code in (200, 302, 403, 404), (modell._meta.label, pk, resp.status_code)
            # simple-history's page for one old version
            versjoner = getattr(modell, "history", None)
            if versjoner is not None and pk.isdigit() and hasattr(versjoner, "filter"):
                for versjon in ("1", ABSURD_TALL, "abc"):
                    url = _url(modell_admin, "simple_history", pk, versjon)
                    if url is not None:
                        resp = client.get(url)
                        assert resp.status_code in (200, 302, 403, 404), (modell._meta.label, pk, versjon)
    assert besokt > 80


def test_historikk_for_modell_uten_simple_history_viser_djangos_side(client, verden):
    """Tilbud has no simple-history: a county admin gets Django's own history page for the county's row."""
    client.force_login(verden["brukere"]["A"][Rolle.FYLKESADMIN])
    tilbud = verden["a"].onsker.first().tilbud
    assert client.get(reverse("admin:inntak_tilbud_history", args=[tilbud.pk])).status_code == 200
    annet = verden["b"].onsker.first().tilbud
    assert client.get(reverse("admin:inntak_tilbud_history", args=[annet.pk])).status_code == 404


def _absurde_parametere(modell_admin, request) -> list[dict]:
    modell = modell_admin.model
    ut: list[dict] = [
        {"o": "abc"}, {"o": "999"}, {"o": "-1.x.2"}, {"p": ABSURD_TALL}, {"p": "abc"}, {"p": "999999"},
        {"q": "\x00"}, {"q": "a" * 5000}, {"_to_field": "abc"}, {"all": "1", "p": "2"},
        {"person__id__exact": "abc"}, {"fylke__id__exact": "abc"}, {"fylke__id__exact": ABSURD_TALL},
    ]  # fmt: skip
    datofelt = [f.name for f in modell._meta.get_fields() if isinstance(f, models.DateField)]
    hierarki = [modell_admin.date_hierarchy] if modell_admin.date_hierarchy else []
    for felt in {*datofelt, *hierarki}:
        ut += [
            {f"{felt}__year": ABSURD_TALL}, {f"{felt}__year": "99999"}, {f"{felt}__year": "0"},
            {f"{felt}__year": "9999"}, {f"{felt}__day": "0"}, {f"{felt}__year": "2024", f"{felt}__month": "13"},
            {f"{felt}__year": "9999", f"{felt}__month": "12", f"{felt}__day": "31"}, {f"{felt}__gte": "abc"},
        ]  # fmt: skip
    for filter_ in modell_admin.get_list_filter(request):
        navn = filter_[0] if isinstance(filter_, (list, tuple)) else filter_
        if isinstance(navn, str):
            ut += [{f"{navn}__exact": "abc"}, {f"{navn}__id__exact": "abc"}, {f"{navn}__isnull": "abc"},
                   {navn: "-1.5"}]  # fmt: skip
    return ut


@pytest.mark.parametrize("rolle", [Rolle.FYLKESADMIN, Rolle.SYSADMIN])
def test_absurde_filterverdier_i_endringslister_gir_aldri_500(client, rf, verden, rolle):
    bruker = verden["brukere"]["A"][rolle]
    client.force_login(bruker)
    request = rf.get("/admin/")
    request.user = bruker
    besokt = 0
    for modell, modell_admin in admin.site._registry.items():
        url = _url(modell_admin, "changelist")
        if url is None or not modell_admin.has_view_or_change_permission(request):
            continue
        for parametere in _absurde_parametere(modell_admin, request):
            resp = client.get(url, parametere)
            besokt += 1
            assert resp.status_code in (200, 302, 400, 403), (
                modell._meta.label,
                parametere,
                resp.status_code,
            )
            if resp.status_code == 302:
                assert "?e=1" in resp["Location"] or "/login/" in resp["Location"], resp["Location"]
    assert besokt > 200


def test_absurd_aarstall_i_datohierarki_gir_feilside_og_ikke_500(client, verden):
    """The red team's exact address."""
    client.force_login(verden["brukere"]["A"][Rolle.FYLKESADMIN])
    url = reverse("admin:arshjul_hendelse_changelist")
    resp = client.get(url, {"start__year": ABSURD_TALL})
    assert resp.status_code in (302, 400)
    if resp.status_code == 302:
        assert resp["Location"].endswith("?e=1")
    resp = client.get(url, {"start__year": str(datetime.date.today().year)})
    assert resp.status_code == 200
