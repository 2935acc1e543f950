"""Jobs 5A018 and 5A019: the order (årshjul routine), permissions, the changed-persons file."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from inntak.elev.models import Elevforhold, Rett
from kodeverk import models as km
from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo.jobber import tjenester
from vigo.models import Kjoring, Rolle

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def data(kodeverk, brukere):
    ar = km.Skolear.objects.create(kode="2026-2027", startdato=D(2026, 8, 17), sluttdato=D(2027, 6, 20))
    forrige = km.Skolear.objects.create(kode="2025-2026", startdato=D(2025, 8, 17), sluttdato=D(2026, 6, 20))
    p = PersonFactory(fodselsnummer=syntetisk_fnr(D(2010, 3, 1)), fylke=kodeverk["A"])
    Elevforhold.objects.create(person=p, skole=kodeverk["skole_a"], skolear=forrige, startdato=D(2025, 8, 17),
                               programomrade=km.Programomrade.objects.get())  # fmt: skip
    return {"ar": ar, "person": p, "bruker": brukere["A"][Rolle.INNTAK], "brukere": brukere}


def kjor(kode, bruker, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring(kode, bruker.fylke, bruker, {"skolear": "2026-2027"}, **kw)
    kj.refresh_from_db()
    return kj


def test_5a019_nekter_uten_5a018_og_kjorer_etter(data, django_capture_on_commit_callbacks):
    bruker = data["bruker"]
    with pytest.raises(tjenester.KjoringFeil, match="5A018"):
        tjenester.start_kjoring("5A019", bruker.fylke, bruker, {"skolear": "2026-2027"})
    kj = kjor("5A018", bruker, django_capture_on_commit_callbacks)
    assert kj.status == "ferdig", kj.feil
    kj = kjor("5A019", bruker, django_capture_on_commit_callbacks)
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["nye"] == 1 and kj.resultat["rettstype"] == {"U": 1}
    fil = kj.filer.get()
    assert fil.navn == "endret_rett_2026-2027.csv" and fil.inneholder_personopplysninger
    innhold = fil.fil.read().decode()
    assert innhold.splitlines()[0].startswith("person_id;fodselsnummer;endring")
    assert f"{data['person'].pk};" in innhold
    assert Rett.objects.get(person=data["person"]).kjoring_id == kj.pk
    # A second run changes nothing and stores no file.
    Kjoring.objects.filter(pk=kj.pk).update(status="ferdig")
    kj2 = kjor("5A019", bruker, django_capture_on_commit_callbacks)
    assert kj2.status == "ferdig" and kj2.resultat["uendret"] == 1 and not kj2.filer.exists()


def test_overstyring_av_rekkefolgen_logges(data, django_capture_on_commit_callbacks):
    kj = kjor("5A019", data["bruker"], django_capture_on_commit_callbacks, overstyring="5A018 kjørt i går")
    assert kj.status == "ferdig" and kj.overstyrt == "5A018 kjørt i går"


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE, Rolle.OT])
def test_lese_skole_og_ot_kan_ikke_starte_rettsjobbene(data, rolle):
    bruker = data["brukere"]["A"][rolle]
    for kode in ("5A018", "5A019", "5A001"):
        with pytest.raises(PermissionDenied):
            tjenester.start_kjoring(kode, bruker.fylke, bruker, {"skolear": "2026-2027"}, overstyring="x")


def test_skolear_uten_regler_avvises_ved_start(data):
    km.Skolear.objects.create(kode="2015-2016", startdato=D(2015, 8, 17), sluttdato=D(2016, 6, 20))
    with pytest.raises(tjenester.KjoringFeil, match="femårsregelen"):
        tjenester.start_kjoring("5A018", data["bruker"].fylke, data["bruker"], {"skolear": "2015-2016"})
