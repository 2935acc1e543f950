"""Læreplass wishes in the intake: allowed on a Vg3 søknad, left out of the school intake's snapshot, fetched into
the formidling list by 5A110 (idempotent); 5A111's report files; the søkerportal section."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from fagopplaering.models import Formidling, Hendelse
from fagopplaering.services import formidling as tjeneste
from inntak import services as inntak_tjenester
from inntak.kjoring.snapshot import bygg_snapshot
from inntak.models import Tilbud
from inntak.validering import laereplass_pa_niva, valider_onsker
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import lag_fagkodeverk
from tests.inntak.conftest import inntak  # noqa: F401  (the intake fixture)
from vigo.jobber import tjenester
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(inntak, brukere):  # noqa: F811
    fag = lag_fagkodeverk()
    a = inntak.A
    skole = inntak.kv["skole_a"]
    laer = Tilbud.objects.create(
        fylke=a, skole=skole, programomrade=fag["elektriker"], skolear=inntak.ar, plasser=0
    )
    barne = Tilbud.objects.create(
        fylke=a, skole=skole, programomrade=fag["barne"], skolear=inntak.ar, plasser=0
    )
    return {"inntak": inntak, "fag": fag, "laer": laer, "barne": barne, "brukere": brukere, "A": a,
            "bruker": brukere["A"][Rolle.FAGOPPLAERING]}  # fmt: skip


def soknad(data, onsker, rett="ungdomsrett", person=None):
    return inntak_tjenester.registrer_soknad(
        person=person or PersonFactory(fylke=data["A"]), skolear=data["inntak"].ar, fylke=data["A"], niva="VG3",
        rettstatus=rett, onsker=onsker,
    )  # fmt: skip


def test_laereplass_er_lov_pa_vg3_men_ikke_vg1(data):
    assert laereplass_pa_niva("LAER", "VG3") and not laereplass_pa_niva("LAER", "VG1")
    i = data["inntak"]
    feil = valider_onsker(fylke=data["A"], skolear=i.ar, niva="VG3", rettstatus="ungdomsrett",
                          tilbud=[data["laer"], i.t["rea3"]])  # fmt: skip
    assert feil == []
    feil = valider_onsker(fylke=data["A"], skolear=i.ar, niva="VG1", rettstatus="ungdomsrett",
                          tilbud=[data["laer"], i.t["st"], i.t["hs"], i.t["el"]])  # fmt: skip
    assert any("Opplæring i bedrift" in f for f in feil)


def test_portalens_tilbudssok_viser_laereplass_bare_for_vg3(data):
    """The applicant finds the læreplass wishes in the portal's search on a Vg3 søknad, not on Vg1."""
    from inntak.portal.tilbudssok import sokbare

    i = data["inntak"]
    vg3 = set(sokbare(fylke=data["A"], skolear=i.ar, niva="VG3"))
    vg1 = set(sokbare(fylke=data["A"], skolear=i.ar, niva="VG1"))
    assert {data["laer"], data["barne"], i.t["rea3"]} <= vg3
    assert data["laer"] not in vg1 and data["barne"] not in vg1


def test_soknad_med_laereplass_registreres(data):
    s = soknad(data, [data["laer"], data["inntak"].t["rea3"]])
    assert s.onsker.count() == 2
    with pytest.raises(ValidationError):
        inntak_tjenester.registrer_soknad(
            person=PersonFactory(fylke=data["A"]), skolear=data["inntak"].ar, fylke=data["A"], niva="VG1",
            rettstatus="ungdomsrett", onsker=[data["laer"], *[data["inntak"].t[k] for k in ("st", "hs", "el")]],
        )  # fmt: skip


def test_laereplass_er_ikke_med_i_skoleinntaket(data):
    i = data["inntak"]
    blandet = soknad(data, [data["laer"], i.t["rea3"]])
    bare_laer = soknad(data, [data["laer"], data["barne"]])
    g = bygg_snapshot(fylke_id=data["A"].pk, skolear_id=i.ar.pk, niva="VG3", runde=1, seed=1)
    sokere = {r["id"]: r for r in g.snapshot["sokere"]}
    assert str(bare_laer.pk) not in sokere  # only læreplass wishes: not in the school intake at all
    assert sokere[str(blandet.pk)]["onsker"] == [str(i.t["rea3"].pk)]
    assert g.onske_nr(blandet.pk, i.t["rea3"].pk) == 2  # the wish keeps its number
    assert str(data["laer"].pk) not in {t["id"] for t in g.snapshot["tilbud"]}
    assert not any("utelatt" in a for a in g.advarsler)  # læreplass wishes are not «dropped» wishes


def test_hent_fra_inntaket_er_idempotent(data):
    i = data["inntak"]
    s1 = soknad(data, [i.t["rea3"], data["laer"], data["barne"]])
    soknad(data, [data["laer"]], rett="uten_rett")
    soknad(data, [i.t["rea3"]])  # no læreplass wish
    r = tjeneste.hent_fra_inntaket(data["bruker"], fylke_id=data["A"].pk, skolear=i.ar)
    assert r == {"opprettet": 3, "fantes": 0, "trukket": 0}
    f = Formidling.objects.get(soknad=s1, programomrade=data["fag"]["elektriker"])
    assert f.onskenr == 2 and f.ungdomsrett and f.status == "sokt" and f.statuskode == "4"
    assert Formidling.objects.filter(ungdomsrett=False).count() == 1
    assert Hendelse.objects.filter(formidling__isnull=False).count() == 3
    assert f.history.count() == 1
    r = tjeneste.hent_fra_inntaket(data["bruker"], fylke_id=data["A"].pk, skolear=i.ar)
    assert r == {"opprettet": 0, "fantes": 3, "trukket": 0}
    assert Formidling.objects.count() == 3


def test_trukket_soknad_hentes_ikke_og_trekkes(data):
    s = soknad(data, [data["laer"]])
    inntak_tjenester.endre_status(s, "trukket")
    r = tjeneste.hent_fra_inntaket(None, fylke_id=data["A"].pk, skolear=data["inntak"].ar)
    assert r["opprettet"] == 0
    # Fetched first, withdrawn afterwards: «Trukket» on the next run, unless already formidlet.
    hentet = soknad(data, [data["laer"]])
    formidlet = soknad(data, [data["laer"]])
    tjeneste.hent_fra_inntaket(None, fylke_id=data["A"].pk, skolear=data["inntak"].ar)
    f = Formidling.objects.get(soknad=formidlet)
    tjeneste.endre_status(None, f, "formidlet")
    inntak_tjenester.endre_status(hentet, "trukket")
    inntak_tjenester.endre_status(formidlet, "trukket")
    r = tjeneste.hent_fra_inntaket(None, fylke_id=data["A"].pk, skolear=data["inntak"].ar)
    assert r == {"opprettet": 0, "fantes": 0, "trukket": 1}
    assert Formidling.objects.get(soknad=hentet).status == "trukket"
    assert Formidling.objects.get(soknad=formidlet).status == "formidlet"


def _kjor(kode, bruker, ar, capture):
    with capture(execute=True):
        kj = tjenester.start_kjoring(kode, bruker.fylke, bruker, {"skolear": ar.kode})
    kj.refresh_from_db()
    return kj


def test_jobbene_5a110_og_5a111(data, django_capture_on_commit_callbacks):
    i = data["inntak"]
    soknad(data, [data["laer"], i.t["rea3"]])
    soknad(data, [data["barne"]], rett="uten_rett")
    kj = _kjor("5A110", data["bruker"], i.ar, django_capture_on_commit_callbacks)
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["opprettet"] == 2 and kj.resultat["skolear"] == i.ar.kode
    kj = _kjor("5A111", data["bruker"], i.ar, django_capture_on_commit_callbacks)
    assert kj.status == "ferdig", kj.feil
    filer = {f.navn: f for f in kj.filer.all()}
    status = filer[f"formidlingsstatus_{i.ar.kode}.csv"]
    assert not status.inneholder_personopplysninger
    linjer = status.fil.read().decode().splitlines()
    assert (
        linjer[0].startswith("laerefag_kode;laerefag;status")
        and "ELELE3----;Elektrikerfaget;sokt" in linjer[1]
    )
    assert linjer[-1].endswith(";2")
    alternativ = filer[f"ikke_formidlet_ungdomsrett_{i.ar.kode}.csv"]
    assert alternativ.inneholder_personopplysninger
    assert len(alternativ.fil.read().decode().splitlines()) == 2  # header + the one with ungdomsrett
    assert kj.resultat["ikke_formidlet_med_ungdomsrett"] == 1 and kj.resultat["frist"] == "01.09.2026"


def test_jobbene_krever_fagopplaeringsrettighet(data):
    from vigo.jobber.tjenester import KjoringFeil

    bruker = data["brukere"]["A"][Rolle.INNTAK]
    with pytest.raises((KjoringFeil, Exception)):
        tjenester.start_kjoring("5A110", bruker.fylke, bruker, {"skolear": data["inntak"].ar.kode})


# --- Søkerportalen ----------------------------------------------------------------------------------------------


@pytest.fixture
def portal():
    from fagopplaering.portal import minside_formidling
    from inntak.portal.utvidelser import avregistrer_minside_seksjon, registrer_minside_seksjon

    registrer_minside_seksjon(minside_formidling)
    yield
    avregistrer_minside_seksjon(minside_formidling)


def test_min_side_viser_formidlingsstatus(client, data, portal):
    i = data["inntak"]
    s = soknad(data, [data["laer"], i.t["rea3"]])
    tjeneste.hent_fra_inntaket(None, fylke_id=data["A"].pk, skolear=i.ar)
    svar = client.post("/innlogging/soker/testid/", {"fodselsnummer": s.person.fodselsnummer})
    assert svar.status_code == 302
    html = client.get("/soker/").content.decode()
    assert "Søknad om læreplass" in html and "Elektrikerfaget" in html
    assert "Søker til læreplass" in html and "Fylket jobber med å finne en lærebedrift" in html
    # Someone else's formidling is not shown.
    annen = PersonFactory(fylke=data["A"])
    tjeneste.opprett_formidling(None, person=annen, fylke_id=data["A"].pk, skolear=i.ar,
                                programomrade=data["fag"]["barne"])  # fmt: skip
    html = client.get("/soker/").content.decode()
    assert "Barne- og ungdomsarbeiderfaget" not in html


def test_min_side_uten_formidling_har_ingen_seksjon(client, data, portal):
    s = soknad(data, [data["inntak"].t["rea3"]])
    client.post("/innlogging/soker/testid/", {"fodselsnummer": s.person.fodselsnummer})
    html = client.get("/soker/").content.decode()
    assert "Søknad om læreplass" not in html


def test_feil_i_en_seksjon_velter_ikke_min_side(client, data):
    from inntak.portal.utvidelser import avregistrer_minside_seksjon, registrer_minside_seksjon

    def feiler(request, person):
        raise RuntimeError("x")

    registrer_minside_seksjon(feiler)
    try:
        s = soknad(data, [data["inntak"].t["rea3"]])
        client.post("/innlogging/soker/testid/", {"fodselsnummer": s.person.fodselsnummer})
        assert client.get("/soker/").status_code == 200
    finally:
        avregistrer_minside_seksjon(feiler)


def test_formidlingsfrist_standard(data):
    from vigo.parametere.selectors import parameter

    assert parameter(data["A"], data["inntak"].ar, "fagopplaering.formidlingsfrist") == datetime.date(
        2026, 9, 1
    )
