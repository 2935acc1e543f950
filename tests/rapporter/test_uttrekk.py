"""The configurable plain extracts 1L030–1L034 (FPVS, Rambøll, Conexus, Evry, Digdir): populations, the county's
column choice (system parameter) in the header, one file per population, and the controls."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from inntak.elev.models import Elevforhold
from rapporter.leveranser import definisjon as register
from rapporter.leveranser import uttrekk
from rapporter.leveranser.tjenester import kjor_leveranse
from rapporter.models import Kontrollfunn, LeveranseStatus
from tests.fabrikker import PersonFactory, syntetisk_fnr
from tests.rapporter.hjelp import csv_rader
from vigo import jobber
from vigo import parametere as parameterregister
from vigo.models import Person, Rolle, Systemparameter

pytestmark = pytest.mark.django_db


def _elevkurs(person, skole, programomrade, skolear, **kw):
    return Elevforhold.objects.create(person=person, skole=skole, programomrade=programomrade, skolear=skolear,
                                      startdato=datetime.date(2026, 8, 19), **kw)  # fmt: skip


def _sett_kolonner(fylke, skolear, kode: str, verdi: str) -> None:
    Systemparameter.objects.update_or_create(
        fylke=fylke, skolear_id=skolear.kode, nokkel=uttrekk.parameternokkel(kode), defaults={"verdi": verdi}
    )


def _fil(lev, del_: str = ""):
    filer = list(lev.filer.all())
    if del_:
        return next(f for f in filer if f"_{del_}_" in f.navn)
    return next(f for f in filer if not any(f"_{d}_" in f.navn for d in ("elever", "kontrakter")))


def _kontrakt(person, fylke, **kw):
    from tests.fagopplaering.fabrikker import lag_bedrift, lag_fagkodeverk, lag_kontrakt

    fag = lag_fagkodeverk()
    bedrift = lag_bedrift(navn=f"Bedrift {person.pk}", kommune=fylke.kommuner.first())
    return lag_kontrakt(person, fylke, bedrift, fag["elektriker"], **kw)


def test_uttrekkene_er_jobber_med_parameter():
    for kode in ("1L030", "1L031", "1L032", "1L033", "1L034"):
        d = register.hent(kode)
        assert jobber.hent(kode).tillatelse and d.tillatelse == "inntak.change_inntakskjoring"
        assert "lukket" in d.layout and d.felt_for is not None
        p = parameterregister.hent(uttrekk.parameternokkel(kode))
        assert p.rens(p.standard)  # the default column list is valid
        with pytest.raises(ValidationError, match="Ukjente kolonner: finnesikke"):
            p.rens("fodselsnummer, finnesikke")


def test_fpvs_fullfort_vgs(inntak, brukere):
    a, b = inntak.kv["skole_a"], inntak.kv["skole_b"]
    vg3 = _elevkurs(PersonFactory(fylke=inntak.A), a, inntak.po["STREA3"], inntak.ar, fullfortkode="B")
    vm = _elevkurs(
        PersonFactory(fylke=inntak.A), a, inntak.po["ST"], inntak.ar, fullfortkode="B", bevistype="VM"
    )
    _elevkurs(
        PersonFactory(fylke=inntak.A), a, inntak.po["STREA3"], inntak.ar, fullfortkode="I"
    )  # not completed
    _elevkurs(
        PersonFactory(fylke=inntak.A), a, inntak.po["ST"], inntak.ar, fullfortkode="B"
    )  # Vg1, no vitnemål
    _elevkurs(PersonFactory(fylke=inntak.B), b, inntak.po["STREA3"], inntak.ar, fullfortkode="B")  # county B
    lev = kjor_leveranse("1L030", inntak.A, inntak.ar, bruker=brukere["A"][Rolle.INNTAK])
    assert lev.status == LeveranseStatus.KONTROLLERT and lev.antall_poster == 2
    rader = csv_rader(_fil(lev))
    assert rader[0] == uttrekk.STANDARD["1L030"]
    i = rader[0].index
    assert {r[i("fodselsnummer")] for r in rader[1:]} == {vg3.person.fodselsnummer, vm.person.fodselsnummer}
    assert {r[i("programomradekode")] for r in rader[1:]} == {"STREA3----", "STUSP1----"}


def test_fylkets_kolonnevalg_endrer_overskriften(inntak):
    ek = _elevkurs(PersonFactory(fylke=inntak.A), inntak.kv["skole_a"], inntak.po["STREA3"], inntak.ar,
                   fullfortkode="B")  # fmt: skip
    _sett_kolonner(inntak.A, inntak.ar, "1L030", "skolenummer, fodselsnummer, etternavn")
    lev = kjor_leveranse("1L030", inntak.A, inntak.ar)
    rader = csv_rader(_fil(lev))
    assert rader == [["skolenummer", "fodselsnummer", "etternavn"],
                     ["50001", ek.person.fodselsnummer, ek.person.etternavn]]  # fmt: skip
    # County B keeps the default.
    lev_b = kjor_leveranse("1L030", inntak.B, inntak.ar)
    assert csv_rader(_fil(lev_b))[0] == uttrekk.STANDARD["1L030"]


def test_ugyldig_fodselsnummer_er_feil(inntak):
    ek = _elevkurs(PersonFactory(fylke=inntak.A), inntak.kv["skole_a"], inntak.po["STREA3"], inntak.ar,
                   fullfortkode="B")  # fmt: skip
    Person.objects.filter(pk=ek.person_id).update(fodselsnummer="12345678900")
    lev = kjor_leveranse("1L030", inntak.A, inntak.ar)
    assert lev.status == LeveranseStatus.STOPPET and lev.antall_feil == 1
    funn = Kontrollfunn.objects.get(leveranse=lev)
    assert funn.klasse == "Ugyldig fødselsnummer" and funn.post == f"elevkurs:{ek.pk}"
    assert "12345678900" not in funn.melding + funn.post


@pytest.mark.parametrize("kode", ["1L031", "1L032"])
def test_analyseuttrekk_en_fil_per_populasjon(inntak, lag_soknad, kode):
    s = lag_soknad()
    ek = _elevkurs(PersonFactory(fylke=inntak.A), inntak.kv["skole_a"], inntak.po["ST"], inntak.ar)
    k = _kontrakt(PersonFactory(fylke=inntak.A), inntak.A, fra=datetime.date(2026, 1, 15))
    _kontrakt(
        PersonFactory(fylke=inntak.A), inntak.A, fra=datetime.date(2020, 1, 15)
    )  # ended before the year
    lag_soknad(fylke=inntak.B)
    lev = kjor_leveranse(kode, inntak.A, inntak.ar)
    assert lev.filer.count() == 3 and lev.antall_poster == 3 and lev.antall_feil == 0
    sok, elev, kontr = (
        csv_rader(_fil(lev)),
        csv_rader(_fil(lev, "elever")),
        csv_rader(_fil(lev, "kontrakter")),
    )
    for rader, forventet in ((sok, s.person), (elev, ek.person), (kontr, k.person)):
        assert len(rader) == 2 and rader[1][rader[0].index("fodselsnummer")] == forventet.fodselsnummer
    assert "status" in sok[0] and "elevstatus" in elev[0] and "orgnr" in kontr[0]
    assert "elevstatus" not in sok[0] and "orgnr" not in elev[0]  # a key a population lacks is left out
    assert sok[1][sok[0].index("programomradekode")] == "STUSP1----"


def test_evry_adressevask(inntak, lag_soknad):
    privat = inntak.kv["skole_a2"]
    privat.privat = True
    privat.save()
    elev = _elevkurs(PersonFactory(fylke=inntak.A, adresse="Gata 1", postnummer="7000"), privat, inntak.po["ST"],
                     inntak.ar)  # fmt: skip
    _elevkurs(
        PersonFactory(fylke=inntak.A), inntak.kv["skole_a"], inntak.po["ST"], inntak.ar
    )  # public school
    soknad = lag_soknad(person=PersonFactory(fylke=inntak.A, adresse="", postnummer=""))
    idag = datetime.date.today()
    laerling = _kontrakt(PersonFactory(fylke=inntak.A, adresse="Vei 2", postnummer="7001"), inntak.A,
                         fra=idag - datetime.timedelta(days=100))  # fmt: skip
    _kontrakt(PersonFactory(fylke=inntak.A), inntak.A, fra=datetime.date(2020, 1, 15))  # not in force
    lev = kjor_leveranse("1L033", inntak.A, inntak.ar)
    assert lev.filer.count() == 1 and lev.antall_poster == 3
    rader = csv_rader(_fil(lev))
    assert rader[0] == ["gruppe", *uttrekk.STANDARD["1L033"]]
    per_gruppe = {r[0]: r[1] for r in rader[1:]}
    assert per_gruppe == {"privatskoleelev": elev.person.fodselsnummer, "soker": soknad.person.fodselsnummer,
                          "laerling": laerling.person.fodselsnummer}  # fmt: skip
    funn = Kontrollfunn.objects.get(leveranse=lev)
    assert (
        funn.alvorlighet == "ADVARSEL"
        and funn.klasse == "Mangler adresse"
        and funn.post == f"soknad:{soknad.pk}"
    )
    assert lev.status == LeveranseStatus.KONTROLLERT  # a warning does not stop the delivery


def test_digdir_avgangselever(inntak, lag_soknad):
    avgang = lag_soknad(person=PersonFactory(fylke=inntak.A, fodselsnummer=syntetisk_fnr(datetime.date(2010, 5, 5)),
                                             adresse="Gata 1", postnummer="7000", poststed="Trondheim"))  # fmt: skip
    lag_soknad(person=PersonFactory(fylke=inntak.A, fodselsnummer=syntetisk_fnr(datetime.date(2005, 5, 5))))
    lev = kjor_leveranse("1L034", inntak.A, inntak.ar)
    rader = csv_rader(_fil(lev))
    assert rader[0] == uttrekk.STANDARD["1L034"]
    assert [r[0] for r in rader[1:]] == [avgang.person.fodselsnummer]
    assert rader[1][rader[0].index("poststed")] == "Trondheim" and lev.antall_advarsler == 0


def test_kolonnevalget_gjelder_ogsa_delfilene(inntak):
    _elevkurs(PersonFactory(fylke=inntak.A), inntak.kv["skole_a"], inntak.po["ST"], inntak.ar)
    _sett_kolonner(inntak.A, inntak.ar, "1L031", "elevstatus, fodselsnummer")
    lev = kjor_leveranse("1L031", inntak.A, inntak.ar)
    assert csv_rader(_fil(lev))[0] == ["fodselsnummer"]  # søkere have no elevstatus
    assert csv_rader(_fil(lev, "elever"))[0] == ["elevstatus", "fodselsnummer"]
