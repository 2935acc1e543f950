"""The prøve's rules (fagopplaering.regler.prove): state machine, prøvetype/brevtype, oppmelding (ofo § 9-56),
prøveavgift, dates, teori requirement, results and the right to a new prøve. Pure unit tests, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from fagopplaering.regler import prove as r
from fagopplaering.regler.prove import Fagresultat

D = dt.date


def test_kandidattyper_som_modellen():
    # The rule keeps its own strings so it stays free of Django; this keeps them equal to the model's choices.
    from fagopplaering.models.koder import Kandidattype

    assert set(Kandidattype.values) == r.KANDIDATTYPER == set(r.KANDIDATTYPENAVN)


# --- State machine --------------------------------------------------------------------------------------------------
def test_tabellen_er_lukket():
    alle = set(r.STATUSNAVN)
    assert set(r.OVERGANGER) == alle
    for til in r.OVERGANGER.values():
        assert til <= alle


@pytest.mark.parametrize(
    "fra,til",
    [("oppmeldt", "godkjent"), ("oppmeldt", "avvist"), ("oppmeldt", "trukket"), ("godkjent", "tildelt"),
     ("godkjent", "utsatt"), ("tildelt", "tildelt"), ("tildelt", "planlagt"), ("planlagt", "planlagt"),
     ("planlagt", "vurdert"), ("planlagt", "annullert"), ("planlagt", "utsatt"), ("vurdert", "annullert")],
)  # fmt: skip
def test_lovlige_overganger(fra, til):
    assert r.kan_ga(fra, til)
    r.krev_overgang(fra, til)


@pytest.mark.parametrize(
    "fra,til",
    [("oppmeldt", "planlagt"), ("godkjent", "vurdert"), ("vurdert", "planlagt"), ("avvist", "godkjent"),
     ("utsatt", "planlagt"), ("trukket", "oppmeldt"), ("annullert", "vurdert"), ("godkjent", "annullert"),
     ("vurdert", "vurdert")],
)  # fmt: skip
def test_ulovlige_overganger(fra, til):
    assert not r.kan_ga(fra, til)
    with pytest.raises(r.Overgangsfeil, match="kan ikke bli") as e:
        r.krev_overgang(fra, til)
    assert "docs/fagopplaering/domene.md" in str(e.value)
    assert isinstance(e.value, ValueError)


# --- Prøvetype / brevtype -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kandidattype,svenne,forventet",
    [("laerekandidat", False, "kompetanse"), ("laerekandidat", True, "kompetanse"),
     ("praksisbrevkandidat", True, "praksisbrev"), ("laerling", False, "fag"), ("laerling", True, "svenne"),
     ("elev", False, "fag"), ("praksiskandidat", True, "svenne"), ("fagbrev_pa_jobb", False, "fag")],
)  # fmt: skip
def test_provetype_for(kandidattype, svenne, forventet):
    assert r.provetype_for(kandidattype, svenne) == forventet


def test_provetype_ukjent_kandidattype():
    with pytest.raises(ValueError):
        r.provetype_for("turist", False)


def test_brevtype():
    assert [r.brevtype_for(t) for t in ("fag", "svenne", "kompetanse", "praksisbrev")] == ["F", "S", "K", "B"]
    with pytest.raises(ValueError):
        r.brevtype_for("x")


# --- Oppmelding -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kandidattype,oppmelder",
    [("laerling", "bedrift"), ("laerekandidat", "bedrift"), ("praksisbrevkandidat", "bedrift"),
     ("fagbrev_pa_jobb", "bedrift"), ("elev", "skole"), ("praksiskandidat", "kandidat")],
)  # fmt: skip
def test_oppmelder_for(kandidattype, oppmelder):
    assert r.oppmelder_for(kandidattype) == oppmelder


def _opp(**kw):
    data = dict(kandidattype="laerling", oppmeldt_av="bedrift", oppmeldt_dato=D(2026, 4, 1),
                laeretid_til=D(2026, 6, 30), kontrakt_fylke=50, prove_fylke=50, skole_fylke=None)  # fmt: skip
    data.update(kw)
    return r.valider_oppmelding(**data)


def test_oppmelding_i_orden():
    v = _opp()
    assert v.ok and not v.varsler and v.forklaring


def test_oppmelding_feil_oppmelder():
    v = _opp(oppmeldt_av="skole")
    assert not v.ok
    assert v.feil["oppmeldt_av"].startswith("En lærling meldes opp av lærebedriften, ikke av skolen")
    assert "§ 9-56" in v.feil["oppmeldt_av"]


def test_oppmelding_bedrift_feil_fylke():
    v = _opp(prove_fylke=3)
    assert "fylket som godkjente kontrakten" in v.feil["fylke"]


def test_oppmelding_bedrift_uten_kontrakt():
    v = _opp(laeretid_til=None, kontrakt_fylke=None)
    assert "kontrakt" in v.feil and "fylke" in v.feil


def test_oppmelding_etter_frist_er_varsel():
    assert r.oppmeldingsfrist(D(2026, 6, 30)) == D(2026, 4, 30)
    assert not _opp(oppmeldt_dato=D(2026, 4, 30)).varsler
    v = _opp(oppmeldt_dato=D(2026, 5, 1))
    assert v.ok
    assert v.varsler == [
        "Oppmeldingen kom etter fristen, to måneder før læretiden er slutt (frist 30.04.2026; "
        "opplæringsforskrifta § 9-56)."
    ]


def test_oppmelding_elev_til_skolens_fylke():
    ok = _opp(
        kandidattype="elev", oppmeldt_av="skole", laeretid_til=None, kontrakt_fylke=None, skole_fylke=50
    )
    assert ok.ok
    feil = _opp(
        kandidattype="elev", oppmeldt_av="skole", laeretid_til=None, kontrakt_fylke=None, skole_fylke=3
    )
    assert "skolen ligger" in feil.feil["fylke"]


def test_oppmelding_praksiskandidat_melder_seg_selv():
    assert _opp(
        kandidattype="praksiskandidat", oppmeldt_av="kandidat", laeretid_til=None, kontrakt_fylke=None
    ).ok
    assert not _opp(kandidattype="praksiskandidat", oppmeldt_av="bedrift").ok


def test_proveavgift():
    assert r.krever_proveavgift("praksiskandidat", utsatt=False, etter_klage_bortvisning=False)
    assert not r.krever_proveavgift("praksiskandidat", utsatt=True, etter_klage_bortvisning=False)
    assert not r.krever_proveavgift("praksiskandidat", utsatt=False, etter_klage_bortvisning=True)
    assert not r.krever_proveavgift("laerling", utsatt=False, etter_klage_bortvisning=False)


# --- Dates ----------------------------------------------------------------------------------------------------------
def test_tidligste_provedato():
    assert r.tidligste_provedato(D(2026, 6, 30)) == D(2026, 3, 30)
    assert r.tidligste_provedato(D(2026, 5, 31)) == D(2026, 2, 28)


def test_provedatoer():
    assert r.valider_provedatoer(fra=D(2026, 3, 30), til=D(2026, 4, 2), laeretid_til=D(2026, 6, 30)).ok
    v = r.valider_provedatoer(fra=D(2026, 3, 29), til=D(2026, 4, 2), laeretid_til=D(2026, 6, 30))
    assert "30.03.2026" in v.feil["fra_dato"]
    v = r.valider_provedatoer(fra=D(2026, 4, 2), til=D(2026, 4, 1), laeretid_til=None)
    assert "til_dato" in v.feil
    v = r.valider_provedatoer(fra=D(2026, 7, 1), til=None, laeretid_til=D(2026, 6, 30))
    assert v.ok and "etter at læretiden er slutt" in v.varsler[0]


# --- Teori ----------------------------------------------------------------------------------------------------------
def ff(kode, karakter):
    return Fagresultat(kode, f"Fellesfag {kode}", True, karakter)


def pf(kode, karakter):
    return Fagresultat(kode, f"Programfag {kode}", False, karakter)


def test_teori_alt_bestatt():
    t = r.sjekk_teori("laerling", "fag", [ff("NOR1", "3"), pf("PF1", "4"), pf("PF2", "F"), ff("KRO1", "GK")])
    assert t.ok and not t.grunner and not t.betinget
    assert "docs/fagopplaering/domene.md §4.1" in t.forklaring


@pytest.mark.parametrize("provetype", ["kompetanse", "praksisbrev"])
def test_teori_ingen_krav(provetype):
    t = r.sjekk_teori("laerekandidat", provetype, [pf("PF1", "IV")])
    assert t.ok and "ikke teorikrav" in t.forklaring


def test_teori_iv_blokkerer():
    t = r.sjekk_teori("laerling", "fag", [ff("NOR1", "IV"), pf("PF1", "4")])
    assert not t.ok and t.grunner == ["Fellesfag NOR1 (NOR1) er ikke vurdert (IV)."]


def test_teori_1_i_programfag_blokkerer():
    t = r.sjekk_teori("elev", "svenne", [pf("PF1", "1")])
    assert not t.ok and "Programfag PF1 (PF1)" in t.grunner[0]


def test_teori_1_i_to_fellesfag_er_betinget():
    t = r.sjekk_teori("laerling", "fag", [ff("NOR1", "1"), ff("MAT1", "1"), pf("PF1", "4")])
    assert t.ok
    assert len(t.betinget) == 2 and "innen to år" in t.betinget[0]
    assert "forbehold" in t.forklaring


def test_teori_1_i_tre_fellesfag_blokkerer():
    t = r.sjekk_teori("laerling", "fag", [ff("NOR1", "1"), ff("MAT1", "1"), ff("ENG1", "1")])
    assert not t.ok and not t.betinget
    assert "3 fellesfag" in t.grunner[0] and "ENG1" in t.grunner[0]


def test_teori_mangler_karakter():
    t = r.sjekk_teori("laerling", "fag", [pf("PF1", " ")])
    assert not t.ok and "mangler karakter" in t.grunner[0]


def test_teori_tom_liste():
    assert not r.sjekk_teori("laerling", "fag", []).ok
    assert "ingen fag i elevregisteret" in r.sjekk_teori("elev", "fag", []).grunner[0]


@pytest.mark.parametrize("kandidattype", ["praksiskandidat", "fagbrev_pa_jobb"])
def test_teori_fellesfag_kreves_ikke(kandidattype):
    t = r.sjekk_teori(kandidattype, "fag", [ff("NOR1", "IV"), ff("MAT1", ""), pf("PF1", "3")])
    assert t.ok and not t.betinget and "Fellesfag kreves ikke" in t.forklaring
    assert not r.sjekk_teori(kandidattype, "fag", [ff("NOR1", "IV"), pf("PF1", "1")]).ok


# --- Results --------------------------------------------------------------------------------------------------------
def test_er_bestatt():
    assert r.er_bestatt("B") and r.er_bestatt("BM")
    assert not r.er_bestatt("IB") and not r.er_bestatt(None)


@pytest.mark.parametrize(
    "resultat,forsok,kode",
    [("B", 1, "AB"), ("BM", 2, "AB"), ("IB", 1, "S1"), ("IB", 2, "S2"), ("IB", 3, "S2")],
)
def test_avslutningskode(resultat, forsok, kode):
    assert r.avslutningskode_for(resultat, forsok) == kode


def test_avslutningskode_ukjent_resultat():
    with pytest.raises(ValueError):
        r.avslutningskode_for("X", 1)


def _res(**kw):
    data = dict(
        resultat="B", tilleggsprotokoll="", protokoll=True, dato=D(2026, 4, 3), fra_dato=D(2026, 4, 1)
    )
    data.update(kw)
    return r.valider_resultat(**data)


def test_resultat_i_orden():
    assert _res().ok
    assert _res(resultat="IB", tilleggsprotokoll="Begrunnelse: …").ok


def test_resultat_ib_krever_tilleggsprotokoll():
    assert "tilleggsprotokoll" in _res(resultat="IB", tilleggsprotokoll="  ").feil


def test_resultat_krever_protokoll_og_gyldig_dato():
    v = _res(protokoll=False, dato=D(2026, 3, 31), resultat="?")
    assert set(v.feil) == {"protokoll", "dato", "resultat"}


def test_ny_prove():
    assert r.kan_ta_ny_prove(1, "IB")
    assert not r.kan_ta_ny_prove(2, "IB")
    assert not r.kan_ta_ny_prove(1, "B")
    assert "praksiskandidat" in r.ny_prove_forklaring(2, "IB")
    assert "§ 9-66" in r.ny_prove_forklaring(1, "IB")
