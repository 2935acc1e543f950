"""5A001 «Oppdater elev fra søker»: the four steps, idempotence, the window and its override, OT, permissions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inntak.elev.models import Elevforhold, Rettsgrunnlag
from inntak.elev.services.overforing import overfor_sokere
from inntak.models import Inntakskjoring, Soknad, Svar, Tilbud, Tildeling
from kodeverk import models as km
from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo.jobber import tjenester
from vigo.models import Rolle

pytestmark = pytest.mark.django_db
D = datetime.date
I_VINDUET = D(2026, 9, 15)


@pytest.fixture
def inntak(kodeverk, brukere):
    ar = km.Skolear.objects.create(kode="2026-2027", startdato=D(2026, 8, 17), sluttdato=D(2027, 6, 20))
    po = km.Programomrade.objects.get()
    kategori = km.Behandlingskategori.objects.create(kode="ORD", navn="Ordinær")
    fylke = kodeverk["A"]
    tilbud = Tilbud.objects.create(skole=kodeverk["skole_a"], programomrade=po, skolear=ar, plasser=30)
    privatskole = kodeverk["skole_a2"]
    privatskole.privat = True
    privatskole.save()
    ik = Inntakskjoring.objects.create(
        fylke=fylke, skolear=ar, niva="VG1", runde=1, simulering=False, publisert=True,
        publisert_tidspunkt=timezone.now(), seed=1, regelsett="2025-2026", snapshot={}, resultat={},
        resultat_sha256="", svarfrist=D(2026, 7, 10),
    )  # fmt: skip

    def soker(svar, rettstatus="ungdomsrett", plass=True):
        person = PersonFactory(fodselsnummer=syntetisk_fnr(D(2010, 5, 5)), fylke=fylke)
        soknad = Soknad.objects.create(person=person, skolear=ar, fylke=fylke, hjemfylke=fylke, niva="VG1",
                                       rettstatus=rettstatus, behandlingskategori=kategori)  # fmt: skip
        Tildeling.objects.create(inntakskjoring=ik, soknad=soknad, tilbud=tilbud if plass else None, onske_nr=1,
                                 runde=1)  # fmt: skip
        if svar is not None:
            Svar.objects.create(inntakskjoring=ik, soknad=soknad, svar=svar, tilbud=tilbud if plass else None,
                                besvart=timezone.now())  # fmt: skip
        return person

    p = {
        "ja": soker("ja"),
        "ja_venteliste": soker("ja_venteliste", rettstatus="voksenrett"),
        "uten_grunnskole": soker("ja", rettstatus="uten_rett"),
        "nei": soker("nei"),
        "ikke_svart": soker(None),
        "uten_plass": soker("venteliste", plass=False),
    }
    Rettsgrunnlag.objects.create(person=p["uten_grunnskole"], grunnskole=False)
    p["privat"] = PersonFactory(fodselsnummer=syntetisk_fnr(D(2010, 6, 6)), fylke=fylke)
    Elevforhold.objects.create(person=p["privat"], skole=privatskole, programomrade=po, skolear=ar,
                               startdato=D(2026, 8, 20), kilde="sas")  # fmt: skip
    return {"ar": ar, "fylke": fylke, "p": p, "brukere": brukere, "tilbud": tilbud, "ik": ik}


def test_fire_steg_og_idempotent(inntak):
    bruker = inntak["brukere"]["A"][Rolle.INNTAK]
    p = inntak["p"]
    res = overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=I_VINDUET)
    assert res["privatskoleelever"] == 1
    assert res["akseptert"] == 3 and res["elevkurs_opprettet"] == 3 and res["elevkurs_oppdatert"] == 0
    ek = Elevforhold.objects.get(person=p["ja"])
    assert (ek.kilde, ek.startdato, ek.skole_id, ek.rettstype) == ("5A001", D(2026, 8, 17),
                                                                     inntak["tilbud"].skole_id, "U")  # fmt: skip
    assert ek.history.filter(history_type="+", history_user=bruker).exists()
    assert not Elevforhold.objects.filter(person__in=[p["nei"], p["ikke_svart"], p["uten_plass"]]).exists()
    assert res["til_ot"] == 2
    assert res["rett_beregnet"] == 4  # three moved + the private-school pupil
    assert res["uten_rett"] == 1 and res["overstyrt"] == ""
    assert Elevforhold.objects.get(person=p["uten_grunnskole"]).rettstype == ""
    assert Elevforhold.objects.get(person=p["privat"]).rettstype == "U"

    igjen = overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=I_VINDUET)
    assert igjen["elevkurs_opprettet"] == 0 and igjen["elevkurs_oppdatert"] == 0
    assert Elevforhold.objects.filter(kilde="5A001").count() == 3


def test_takket_nei_og_ikke_svart_meldes_til_ot(inntak):
    from inntak.elev.models import OtUngdom

    bruker = inntak["brukere"]["A"][Rolle.INNTAK]
    res = overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=I_VINDUET)
    assert res["meldt_til_ot"] == 2
    meldt = set(OtUngdom.objects.values_list("person_id", flat=True))
    assert meldt == {inntak["p"]["nei"].pk, inntak["p"]["ikke_svart"].pk}
    igjen = overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=I_VINDUET)
    assert igjen["meldt_til_ot"] == 0


def test_ikke_svart_meldes_forst_naar_svarfristen_er_ute(inntak):
    """Before the round's svarfrist, no answer is «not yet»: nobody who may still say yes goes to OT."""
    from inntak.elev.models import OtUngdom

    inntak["ik"].svarfrist = D(2026, 9, 20)
    inntak["ik"].save()
    bruker = inntak["brukere"]["A"][Rolle.INNTAK]
    res = overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=I_VINDUET)
    assert res["til_ot"] == 1
    assert set(OtUngdom.objects.values_list("person_id", flat=True)) == {inntak["p"]["nei"].pk}
    res = overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=D(2026, 9, 21),
                         overstyr_grunn="Etter svarfristen")  # fmt: skip
    assert res["meldt_til_ot"] == 1 and OtUngdom.objects.filter(person=inntak["p"]["ikke_svart"]).exists()


def test_utenfor_vinduet_krever_begrunnelse(inntak):
    bruker = inntak["brukere"]["A"][Rolle.INNTAK]
    with pytest.raises(ValidationError, match="11.09.2026 til 22.09.2026"):
        overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=D(2026, 10, 1))
    assert not Elevforhold.objects.filter(kilde="5A001").exists()
    res = overfor_sokere(bruker, fylke=inntak["fylke"], skolear=inntak["ar"], idag=D(2026, 10, 1),
                         overstyr_grunn="Suppleringsinntak i oktober")  # fmt: skip
    assert res["overstyrt"] == "Suppleringsinntak i oktober" and res["elevkurs_opprettet"] == 3


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE, Rolle.OT, Rolle.FYLKESADMIN])
def test_andre_roller_kan_ikke_overfore(inntak, rolle):
    with pytest.raises(PermissionDenied):
        overfor_sokere(
            inntak["brukere"]["A"][rolle], fylke=inntak["fylke"], skolear=inntak["ar"], idag=I_VINDUET
        )


def test_annet_fylke_kan_ikke_overfore(inntak):
    with pytest.raises(PermissionDenied):
        overfor_sokere(inntak["brukere"]["B"][Rolle.INNTAK], fylke=inntak["fylke"], skolear=inntak["ar"],
                       idag=I_VINDUET)  # fmt: skip


def test_jobben_nekter_utenfor_vinduet_og_logger_overstyringen(inntak, django_capture_on_commit_callbacks):
    bruker = inntak["brukere"]["A"][Rolle.INNTAK]
    idag = timezone.localdate()
    if D(2026, 9, 11) <= idag <= D(2026, 9, 22):
        pytest.skip("Testen forutsetter at i dag er utenfor standardvinduet 11.–22. september 2026.")
    with pytest.raises(tjenester.KjoringFeil, match="Oppgi en begrunnelse"):
        tjenester.start_kjoring("5A001", bruker.fylke, bruker, {"skolear": "2026-2027"})
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("5A001", bruker.fylke, bruker,
                                     {"skolear": "2026-2027", "overstyr_grunn": "Sent suppleringsinntak"})  # fmt: skip
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["elevkurs_opprettet"] == 3 and kj.resultat["overstyrt"] == "Sent suppleringsinntak"
    assert kj.logg.filter(niva="advarsel", tekst__contains="utenfor vinduet").exists()
    assert {f.navn for f in kj.filer.all()} == {"uten_rett_2026-2027.csv", "endret_rett_2026-2027.csv"}
    uten = kj.filer.get(navn="uten_rett_2026-2027.csv").fil.read().decode()
    assert f"{inntak['p']['uten_grunnskole'].pk};" in uten
