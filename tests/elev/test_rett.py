"""5A018/5A019: rett computed from the register (services.rett), explained on the person page (selectors.rett),
the caseworker's registrations and their permissions."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inntak.elev.models import Elevforhold, Rett, Rettsgrunnlag
from inntak.elev.selectors.rett import forklar_rett, rett_rader
from inntak.elev.services import rett as tjeneste
from kodeverk import models as km
from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo.models import Rolle, Systemparameter

pytestmark = pytest.mark.django_db
D = datetime.date
AR = "2026-2027"


@pytest.fixture
def reg(kodeverk, brukere):
    ar = {}
    for start in range(2021, 2029):
        ar[start] = km.Skolear.objects.create(
            kode=f"{start}-{start + 1}", startdato=D(start, 8, 17), sluttdato=D(start + 1, 6, 20)
        )
    po = km.Programomrade.objects.get(kode="STUSP1----")
    innf = km.Programomrade.objects.create(kode="INNFOR----", navn="Innføringsklasse", niva="VG1")
    return {"ar": ar, "po": po, "innf": innf, **kodeverk, "brukere": brukere}


def person(reg, fodt, fylke="A"):
    return PersonFactory(fodselsnummer=syntetisk_fnr(fodt), fylke=reg[fylke])


def kurs(reg, p, start, *, avbrudd=None, prosent=None, po=None, skole="skole_a"):
    return Elevforhold.objects.create(
        person=p, skole=reg[skole], programomrade=po or reg["po"], skolear=reg["ar"][start],
        startdato=D(start, 8, 17), avbruddsdato=avbrudd, kursprosent=prosent,
    )  # fmt: skip


def kjor(reg, **kw):
    buf = io.StringIO()
    res = tjeneste.oppdater_rett(fylke=reg["A"], skolear=AR, rapport=buf, **kw)
    return res, list(csv.DictReader(io.StringIO(buf.getvalue()), delimiter=";"))


def rett_for(p):
    return Rett.objects.get(person=p, skolear__kode=AR)


def test_ny_og_gammel_lov_brukte_ar_og_endringsrapport(reg):
    inntak = reg["brukere"]["A"][Rolle.INNTAK]
    ny = person(reg, D(2010, 3, 1))  # first elevkurs 2025: new law
    kurs(reg, ny, 2025)
    dette_aret = kurs(reg, ny, 2026)
    voksen = person(reg, D(2001, 1, 1))  # turns 25 in 2026
    kurs(reg, voksen, 2025)
    brukt = person(reg, D(2005, 5, 5))  # three full years under the old law, 21 in 2026
    for start in (2021, 2022, 2023):
        kurs(reg, brukt, start)
    ikke_brukt = person(reg, D(2006, 6, 6))
    kurs(reg, ikke_brukt, 2021, prosent=Decimal("33.33"))  # ≤ 1/3
    kurs(reg, ikke_brukt, 2022, avbrudd=D(2022, 10, 31))  # before the telledato
    kurs(reg, ikke_brukt, 2023, po=reg["innf"])  # innføringsår
    annet_fylke = person(reg, D(2010, 1, 1), fylke="B")
    kurs(reg, annet_fylke, 2025, skole="skole_b")

    res, rader = kjor(reg)
    assert res["personer"] == 4 and res["nye"] == 4 and res["endret"] == 0
    assert res["rettstype"] == {"-": 1, "U": 2, "V": 1}
    assert {r["person_id"] for r in rader} == {str(p.pk) for p in (ny, voksen, brukt, ikke_brukt)}
    assert all(r["endring"] == "ny" for r in rader)
    r = rett_for(ny)
    assert (r.regime, r.rettstype, r.rett_til, r.ar_brukt, r.kvote) == (
        "opplaeringslova-2023",
        "U",
        D(2035, 7, 31),
        1,
        None,
    )
    assert rett_for(voksen).rettstype == "V"
    r = rett_for(brukt)
    assert (r.regime, r.rettstype, r.ar_brukt, r.kvote, r.ar_igjen) == ("opplaeringslova-1998", "", 3, 3, 0)
    r = rett_for(ikke_brukt)
    assert (r.regime, r.rettstype, r.ar_brukt, r.ar_igjen) == ("opplaeringslova-1998", "U", 0, 3)
    assert not Rett.objects.filter(person=annet_fylke).exists()
    dette_aret.refresh_from_db()
    assert dette_aret.rettstype == "U"

    # Nothing changed: nothing written, nothing reported.
    res, rader = kjor(reg)
    assert (res["endret"], res["nye"], res["uendret"], rader) == (0, 0, 4, [])

    # An omval before the school year extends the old-law quota by one year: the right comes back.
    tjeneste.registrer_rettshendelse(inntak, brukt, type="omval", dato=D(2022, 3, 1), grunn="Byttet program")
    res, rader = kjor(reg)
    assert res["endret"] == 1
    assert [(r["person_id"], r["rettstype_for"], r["rettstype_etter"], r["ar_igjen_for"], r["ar_igjen_etter"])
            for r in rader] == [(str(brukt.pk), "", "U", "0", "1")]  # fmt: skip
    assert rett_for(brukt).kvote == 4


def test_telledato_er_fylkets_parameter(reg):
    p = person(reg, D(2005, 5, 5))
    kurs(reg, p, 2022)
    kurs(reg, p, 2023, avbrudd=D(2023, 11, 15))
    kjor(reg)
    assert rett_for(p).ar_brukt == 2
    Systemparameter.objects.create(fylke=reg["A"], skolear_id=AR, nokkel="inntak.telledato_rett",
                                   verdi="2026-12-01")  # fmt: skip
    res, rader = kjor(reg)
    assert res["endret"] == 1 and rader[0]["ar_brukt_for"] == "2" and rader[0]["ar_brukt_etter"] == "1"
    forklaring = forklar_rett(p, AR).forklaring
    assert any("avbrutt 15.11.2023, før telledato 01.12.2023" in linje for linje in forklaring)


def test_forklaringen_bruker_samme_inndata_som_jobben(reg):
    p = person(reg, D(2009, 2, 2))
    kurs(reg, p, 2025)
    kjor(reg)
    lagret = rett_rader(p).get()
    forklart = forklar_rett(p, AR)
    assert (forklart.rettstype, forklart.rett_til, forklart.ar_brukt) == (
        lagret.rettstype,
        lagret.rett_til,
        lagret.ar_brukt,
    )
    assert all("(docs/elev.md §" in linje for linje in forklart.forklaring)
    assert any("Rettstype U" in linje for linje in forklart.forklaring)
    assert forklar_rett(p, "2099-2100") is None


def test_omval_etter_ny_lov(reg):
    inntak = reg["brukere"]["A"][Rolle.INNTAK]
    p = person(reg, D(2008, 4, 4))  # turns 19 in 2027: free omval until 1 March 2027
    kurs(reg, p, 2024)
    tjeneste.registrer_rettshendelse(inntak, p, type="omval", dato=D(2025, 2, 1), grunn="Omval")
    kjor(reg)
    assert rett_for(p).omval_igjen is None
    assert forklar_rett(p, "2027-2028").omval_igjen is None  # the deadline in the year of 19 is 1 March 2027
    r = forklar_rett(p, "2028-2029")
    # Used omval before the deadline: no extra one after it (reading bare_hvis_ikke_brukt).
    assert r.omval_igjen == 0
    assert any("Omval 01.02.2025: innen fristen" in linje for linje in r.forklaring)


def test_5a018_utvider_kvoten_og_melder_ugyldige(reg):
    inntak = reg["brukere"]["A"][Rolle.INNTAK]
    p = person(reg, D(2005, 5, 5))
    for start in (2021, 2022, 2023):
        kurs(reg, p, start)
    kjor(reg)
    assert rett_for(p).ar_igjen == 0
    tjeneste.registrer_rettshendelse(inntak, p, type="utvidelse", dato=D(2023, 6, 1), ar=3,
                                     grunn="spesialundervisning: vedtak 01.06.2023")  # fmt: skip
    res = tjeneste.utvid_kvoter(fylke=reg["A"], skolear=AR)
    assert res == {"skolear": AR, "personer": 1, "utvidelser": 1, "ugyldige": 0, "kvote_endret": 1}
    r = rett_for(p)
    assert (r.kvote, r.ar_igjen) == (5, 2)  # tilrettelegging capped at two years
    res, rader = kjor(reg)
    assert rett_for(p).rettstype == "U" and rader[0]["rettstype_etter"] == "U"
    assert tjeneste.utvid_kvoter(fylke=reg["A"], skolear=AR)["kvote_endret"] == 0


def test_registreringer_valideres(reg):
    inntak = reg["brukere"]["A"][Rolle.INNTAK]
    p = person(reg, D(2008, 1, 1))
    with pytest.raises(ValidationError, match="må begynne med en av kodene"):
        tjeneste.registrer_rettshendelse(inntak, p, type="utvidelse", dato=D(2024, 1, 1), ar=1, grunn="annet")
    with pytest.raises(ValidationError, match="minst 1"):
        tjeneste.registrer_rettshendelse(inntak, p, type="utvidelse", dato=D(2024, 1, 1), grunn="laereplan")
    with pytest.raises(ValidationError, match="grunn"):
        tjeneste.registrer_rettshendelse(inntak, p, type="omval", dato=D(2024, 1, 1), grunn=" ")


def test_rettsgrunnlag_med_historikk_og_ingen_rett_uten_grunnskole(reg):
    inntak = reg["brukere"]["A"][Rolle.INNTAK]
    p = person(reg, D(2010, 3, 1))
    kurs(reg, p, 2025)
    rg = tjeneste.endre_rettsgrunnlag(inntak, p, grunn="Grunnskole ikke dokumentert", grunnskole=False)
    h = rg.history.latest()
    assert (h.history_user, h.history_change_reason, h.grunnskole) == (
        inntak,
        "Grunnskole ikke dokumentert",
        False,
    )
    kjor(reg)
    assert rett_for(p).rettstype == ""
    assert any("ikke fullført grunnskolen" in linje for linje in forklar_rett(p, AR).forklaring)
    with pytest.raises(ValueError):
        tjeneste.endre_rettsgrunnlag(inntak, p, grunn="x", fodselsdato=D(2000, 1, 1))


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE, Rolle.OT, Rolle.FYLKESADMIN])
def test_lese_skole_og_andre_roller_kan_ikke_endre_retten(reg, rolle):
    p = person(reg, D(2008, 1, 1))
    kurs(reg, p, 2025)
    bruker = reg["brukere"]["A"][rolle]
    with pytest.raises(PermissionDenied):
        tjeneste.registrer_rettshendelse(bruker, p, type="omval", dato=D(2024, 1, 1), grunn="x")
    with pytest.raises(PermissionDenied):
        tjeneste.endre_rettsgrunnlag(bruker, p, grunn="x", grunnskole=False)
    assert not Rettsgrunnlag.objects.exists()


def test_et_annet_fylke_kan_ikke_endre_retten(reg):
    p = person(reg, D(2008, 1, 1))
    with pytest.raises(PermissionDenied):
        tjeneste.registrer_rettshendelse(reg["brukere"]["B"][Rolle.INNTAK], p, type="omval",
                                         dato=D(2024, 1, 1), grunn="x")  # fmt: skip


def test_skolear_for_2017_har_ingen_regler(reg):
    gammelt = km.Skolear.objects.create(kode="2015-2016", startdato=D(2015, 8, 17), sluttdato=D(2016, 6, 20))
    with pytest.raises(ValidationError, match="femårsregelen"):
        tjeneste.oppdater_rett(fylke=reg["A"], skolear=gammelt)
