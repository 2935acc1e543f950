"""Poengberegning etter opplæringsforskrifta 2024 (FOR-2024-06-03-900), skoleår 2025-2026 og senere.

Regnestykkene i docs/regler/regler-2024.md §1 ([FL-F2], [FL-F7], [FL-F8], [FL-F9] og reglene i §1.1–§1.4), under
begge regimer der de skiller seg; avvisningen av lesemåte B; hjemlene i forklaringen; valideringen av de nye
feltene (privatist, program, GK); og egenskapstester (hypothesis) med en uavhengig heltallsmodell, slik
SQL-batchen regner (Python ≡ SQL på lagrede karakterer: tests/inntak/test_poeng_2024.py).
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inntak.regler import (
    Karakter,
    UgyldigForesporsel,
    Valideringsfeil,
    beregn_fra_json,
    beregn_poeng,
    hent_regelsett,
    valider_foresporsel,
)
from inntak.regler.kalkulator import main
from inntak.regler.poeng import VALGFAG_KODE
from inntak.regler.regelsett import HJEMLER_2024, alle_regelsett

D = Decimal
NY = "2026-2027"
GAMMEL = "2024-2025"
TALL = ["1", "2", "3", "4", "5", "6"]


def sp(fag: str, karakter: str, **ekstra) -> Karakter:
    return Karakter(fag, "standpunkt", karakter, **ekstra)


def vg(fag: str, karakter: str, trinn: str = "VG1", vurdering: str = "standpunkt", **ekstra) -> Karakter:
    return Karakter(fag, vurdering, karakter, trinn=trinn, **ekstra)


def enkle(*karakterer: str) -> list[Karakter]:
    return [sp(f"FAG{i:04d}", k) for i, k in enumerate(karakterer)]


def tekst(r) -> str:
    return "\n".join(r.forklaring)


# --- Regelsettene ------------------------------------------------------------------------------------------------
def test_regimet_folger_skolearet():
    for rs in alle_regelsett():
        if rs.skolear_start <= 2024:
            assert (rs.regime, rs.ny_forskrift, rs.avrundinger) == ("forskrift-2006", False, ("A", "B"))
        else:
            assert (rs.regime, rs.ny_forskrift, rs.avrundinger) == ("forskrift-2024", True, ("A",))
            assert rs.verifisert is True and rs.hjemler is HJEMLER_2024
            assert rs.flere_program == "fag_for_fag"
    assert hent_regelsett("2025-2026").forbehold_4_19_andre_ledd is True
    assert hent_regelsett("2026-2027").forbehold_4_19_andre_ledd is False


def test_hjemlene_siterer_ny_forskrift():
    for navn, verdi in vars(HJEMLER_2024).items():
        assert verdi.startswith("opplæringsforskrifta § 4-"), navn
        assert "videreført" not in verdi and "6-" not in verdi and "Udir-2-2021" not in verdi, navn
    h = HJEMLER_2024
    assert "§ 4-19 første ledd bokstav e" in h.iv_im and "§ 4-25 første ledd bokstav d" in h.iv_im_vg2_vg3
    assert "§ 4-20 første ledd bokstav a" in h.individuell_behandling
    assert "§ 4-20 første ledd bokstav d" in h.individuell_realkompetanse
    assert "§ 4-19 andre ledd" in h.realkompetanse
    assert "bokstav e" in h.privatist and "bokstav f" in h.flere_program and "§ 4-26" in h.ingen_halvpartregel


NEI_TIL_B = "Lesemåte B tilbys ikke for regelsett etter opplæringsforskrifta 2024"


@pytest.mark.parametrize("skolear", ["2025-2026", "2026-2027", "2027-2028"])
def test_lesemate_b_avvises_for_ny_forskrift(skolear):
    with pytest.raises(Valideringsfeil, match=NEI_TIL_B) as feil:
        beregn_poeng(enkle("4"), "VG1", regelsett=skolear, avrunding="B")
    assert feil.value.felt == "avrunding"
    assert "§ 4-19 første ledd bokstav a" in feil.value.melding
    with pytest.raises(ValueError, match=NEI_TIL_B):
        replace(hent_regelsett(skolear), avrunding="B")
    with pytest.raises(ValueError, match=NEI_TIL_B):
        hent_regelsett(skolear).med_avrunding("b")
    # A is allowed and is the default
    assert beregn_poeng(enkle("4"), "VG1", regelsett=skolear, avrunding="A").avrunding == "A"


def test_lesemate_b_avvises_i_json_og_cli_med_norsk_melding_pa_feltet():
    data = {"niva": "VG1", "regelsett": "2026-2027", "avrunding": "B", "karakterer": [{"fag": "MAT0010",
            "vurdering": "standpunkt", "karakter": "4"}]}  # fmt: skip
    foresporsel, feil = valider_foresporsel(data)
    assert foresporsel is None and list(feil) == ["avrunding"]
    assert feil["avrunding"][0].startswith(NEI_TIL_B) and feil["avrunding"][0].endswith("Gyldig verdi: A.")
    with pytest.raises(UgyldigForesporsel):
        beregn_fra_json(data)
    ut = io.StringIO()
    assert main(["-"], stdin=io.StringIO(json.dumps(data)), stdout=ut) == 1
    assert json.loads(ut.getvalue()) == feil
    # the standard rule set (newest) refuses B too; a 2006 rule set still offers it
    assert "avrunding" in valider_foresporsel({**data, "regelsett": None})[1]
    assert beregn_fra_json({**data, "regelsett": GAMMEL})["avrunding"] == "B"


# --- Arbeidseksemplene i docs/regler/regler-2024.md §1 ------------------------------------------------------------
@pytest.mark.parametrize(("regelsett", "avrunding", "poeng"), [(NY, "A", "41.30"), (GAMMEL, "A", "41.30"),
                                                               (GAMMEL, "B", "41.25")])  # fmt: skip
def test_f9_33_av_8_runder_halvt_opp(regelsett, avrunding, poeng):
    """§1.1 a [FL-F9]: 33 / 8 = 4,125 → 4,13 → 41,3 (ny forskrift: bare lesemåte A)."""
    r = beregn_poeng(
        enkle("4", "4", "4", "5", "4", "4", "4", "4"), "VG1", regelsett=regelsett, avrunding=avrunding
    )
    assert (r.sum_karakterer, r.antall_karakterer, r.poeng) == (D(33), 8, D(poeng))
    if regelsett == NY:
        assert r.gjennomsnitt == D("4.13")
        assert "Gjennomsnitt: 33,00 / 8 = 4,125 → 4,13." in r.forklaring
        assert "Poeng: 4,13 × 10 = 41,30." in r.forklaring


def f2_valgfag() -> list[Karakter]:
    """§1.1 b [FL-F2]: 12 standpunkt, to eksamener (sum 62) og valgfagene 5, 4, 4."""
    standpunkt = [5, 4, 4, 3, 4, 5, 5, 4, 5, 5, 4, 5]
    return [
        *(sp(f"S{i:03d}", str(k)) for i, k in enumerate(standpunkt)),
        Karakter("S000", "eksamen_skriftlig", "4"),
        Karakter("S001", "eksamen_muntlig", "5"),
        *(sp(f"VAL000{i}", str(k), fagtype="valgfag") for i, k in enumerate([5, 4, 4])),
    ]


@pytest.mark.parametrize(("regelsett", "avrunding", "poeng"), [(NY, "A", "44.20"), (GAMMEL, "A", "44.20"),
                                                               (GAMMEL, "B", "44.22")])  # fmt: skip
def test_f2_valgfag_teller_som_ett_snitt(regelsett, avrunding, poeng):
    """13 / 3 = 4,33; (62 + 4,33) / 15 = 4,422 → 4,42 → 44,2."""
    r = beregn_poeng(f2_valgfag(), "VG1", regelsett=regelsett, avrunding=avrunding)
    valgfag = [t for t in r.telte if t.fag == VALGFAG_KODE]
    assert valgfag[0].verdi == D("4.33") and len(valgfag[0].deler) == 3
    assert (r.sum_karakterer, r.antall_karakterer, r.poeng) == (D("66.33"), 15, D(poeng))
    if regelsett == NY:
        assert any(
            "§ 4-19 første ledd bokstav b" in linje for linje in r.forklaring if linje.startswith("Valgfag:")
        )


def f8_omval() -> list[Karakter]:
    """§1.3 f [FL-F8]: fellesfagene tatt i to Vg1-program (par), og programfagene 5, 4, 4."""
    rader = []
    for i, (st_karakter, el_karakter) in enumerate([(3, 4), (4, 3), (4, 4), (5, 5)]):
        rader += [
            vg(f"FF{i:04d}", str(st_karakter), program="ST"),
            vg(f"FF{i:04d}", str(el_karakter), program="EL"),
        ]
    return rader + [vg("PF0001", "5", program="ST"), vg("PF0002", "4", program="ST"), vg("PF0003", "4")]


def test_f8_omval_beste_karakter_fag_for_fag():
    """Beste fag for fag: 4, 4, 4, 5 + 5, 4, 4 = 30 / 7 = 4,2857 → 4,29 → 42,9."""
    r = beregn_poeng(f8_omval(), "VG2", regelsett=NY)
    assert (r.sum_karakterer, r.antall_karakterer, r.gjennomsnitt, r.poeng) == (
        D(30),
        7,
        D("4.29"),
        D("42.90"),
    )
    # on a tie the programme code decides (EL before ST), so the choice does not depend on the row order
    assert [(t.fag, t.karakter, t.program) for t in r.telte[:4]] == [
        ("FF0000", "4", "EL"), ("FF0001", "4", "ST"), ("FF0002", "4", "EL"), ("FF0003", "5", "EL")]  # fmt: skip
    assert len(r.utelatt) == 4 and all("bokstav f" in u.hjemmel for u in r.utelatt)
    assert any(linje.startswith("Flere program (EL, ST), lesemåte «fag for fag»") for linje in r.forklaring)


def test_f8_flere_program_finnes_ikke_i_2006_regimet():
    with pytest.raises(
        Valideringsfeil, match="gjelder bare regelsett etter opplæringsforskrifta 2024"
    ) as feil:
        beregn_poeng(f8_omval(), "VG2", regelsett=GAMMEL)
    assert feil.value.felt == "karakterer[0].program"
    # without programme the pairs are the same grade twice: refused as before
    with pytest.raises(Valideringsfeil, match="flere ganger"):
        beregn_poeng([replace(k, program=None) for k in f8_omval()], "VG2", regelsett=GAMMEL)


def test_lesemate_beste_program_er_et_navngitt_valg():
    """The other reading of «det beste utvalet» (UNVERIFIED which one Udir means): each programme on its own.

    ST: 3, 4, 4, 5 + 5, 4 + 4 (no programme: both) = 29 / 7 → 41,40; EL: 4, 3, 4, 5 + 4 = 20 / 5 → 40,00.
    """
    rs = replace(hent_regelsett(NY), flere_program="beste_program")
    r = beregn_poeng(f8_omval(), "VG2", regelsett=rs)
    assert (r.antall_karakterer, r.poeng) == (7, D("41.40"))
    assert {u.program for u in r.utelatt} == {"EL"}
    linje = next(
        linje for linje in r.forklaring if linje.startswith("Flere program, lesemåte «beste program»")
    )
    assert "EL: 40,00; ST: 41,40; ST teller" in linje
    with pytest.raises(ValueError, match="Ugyldig lesemåte for flere program"):
        replace(rs, flere_program="per_fag")


def f7_vg3_privatist() -> list[Karakter]:
    """§1.3 [FL-F7]: Vg1 standpunkt 4, 5, 3, 4, 5; Vg1 halvår norsk 3; Vg2 standpunkt 4, 3 (privatist 5), 5, 4;
    Vg2 halvår norsk 4. Norsk har samme fagkode på Vg1 og Vg2 (NOR1267), som i fagregisteret."""
    return [
        *(vg(f"VGA{i:04d}", k) for i, k in enumerate("45345")),
        vg("NOR1267", "3", vurdering="halvar"),
        vg("VGB0001", "4", "VG2"),
        vg("VGB0002", "3", "VG2"),
        vg("VGB0002", "5", "VG2", privatist=True),
        vg("VGB0003", "5", "VG2"),
        vg("VGB0004", "4", "VG2"),
        vg("NOR1267", "4", "VG2", vurdering="halvar"),
    ]


def test_f7_vg3_privatist_og_halvar():
    """(21 + 18 + 4) / 10 = 4,30 → 43,0: Vg1-halvåret i norsk viker for Vg2-halvåret; privatist 5 i stedet for 3."""
    r = beregn_poeng(f7_vg3_privatist(), "VG3", regelsett=NY)
    assert (r.sum_karakterer, r.antall_karakterer, r.poeng) == (D(43), 10, D("43.00"))
    utelatt = {(u.fag, u.trinn, u.karakter): u for u in r.utelatt}
    assert set(utelatt) == {("NOR1267", "VG1", "3"), ("VGB0002", "VG2", "3")}
    assert "senere vurdering på Vg2" in utelatt[("NOR1267", "VG1", "3")].grunn
    assert "privatistresultatet (5) teller i stedet" in utelatt[("VGB0002", "VG2", "3")].grunn
    assert "§ 4-25 første ledd bokstav e" in utelatt[("VGB0002", "VG2", "3")].hjemmel
    privatist = next(t for t in r.telte if t.privatist)
    assert (privatist.fag, privatist.karakter) == ("VGB0002", "5")
    assert privatist.merknad == "Privatistresultat: teller 5, det beste av 2 resultater i faget"


def test_f7_under_2006_reglene():
    """2006: every Vg1 halvår is left out at Vg3 (U3), and the privatist result does not count: 41 / 10 → 41,0."""
    r = beregn_poeng(f7_vg3_privatist(), "VG3", regelsett=GAMMEL)
    assert (r.sum_karakterer, r.antall_karakterer, r.poeng) == (D(41), 10, D("41.00"))
    grunner = {(u.fag, u.privatist): u.grunn for u in r.utelatt}
    assert grunner[("NOR1267", False)] == "Halvårsvurdering fra Vg1 teller ikke ved inntak til Vg3"
    assert grunner[("VGB0002", True)].startswith("Privatistresultat teller ikke i dette regelsettet")


def test_vg1_halvar_teller_nar_faget_ikke_har_senere_vurdering_pa_vg2():
    rader = [vg("NOR1267", "3", vurdering="halvar"), vg("ENG1007", "5"), vg("MAT1023", "4", "VG2")]
    r = beregn_poeng(rader, "VG3", regelsett=NY)
    assert (r.antall_karakterer, r.poeng) == (3, D("40.00"))  # 12 / 3
    assert beregn_poeng(rader, "VG3", regelsett=GAMMEL).poeng == D("45.00")  # 2006: halvår left out, 9 / 2
    # a later assessment is a standpunkt or halvår with a grade or IV, in the same fagområde (NOR…)
    for senere, teller in [("4", False), ("IV", False), ("F", True), ("D", True)]:
        r = beregn_poeng([*rader, vg("NOR1268", senere, "VG2", vurdering="halvar")], "VG3", regelsett=NY)
        assert any(t.fag == "NOR1267" for t in r.telte) is teller, senere
    # the local «Vg3 only from Vg2» reading still leaves every Vg1 grade out
    kun_vg2 = beregn_poeng(rader, "VG3", regelsett=replace(hent_regelsett(NY), vg3_kun_vg2=True))
    assert (kun_vg2.antall_karakterer, kun_vg2.poeng) == (1, D("40.00"))


# --- IV og IM, § 4-19 e / § 4-25 d --------------------------------------------------------------------------------
def test_im_med_dokumentert_fravaer_teller_0_og_forklaringen_sier_det():
    rader = [
        *enkle("4", "4", "4", "4"),
        Karakter("MAT0010", "eksamen_skriftlig", "IM", dokumentert_fravaer=True),
    ]
    ny = beregn_poeng(rader, "VG1", regelsett=NY)
    assert (ny.antall_karakterer, ny.poeng) == (5, D("32.00"))  # 16 / 5
    linje = next(linje for linje in ny.forklaring if linje.startswith("MAT0010"))
    assert "IM (ikke møtt) teller som 0, også med dokumentert fravær" in linje
    assert "§ 4-19 første ledd bokstav e: forskriften har ikke unntak for dokumentert fravær" in linje
    gammel = beregn_poeng(rader, "VG1", regelsett=GAMMEL)
    assert (gammel.antall_karakterer, gammel.poeng) == (4, D("40.00"))
    vg2 = beregn_poeng([vg("ENG1007", "4"), vg("ENG1007", "IM", vurdering="eksamen_muntlig",
                        dokumentert_fravaer=True)], "VG2", regelsett=NY)  # fmt: skip
    assert vg2.poeng == D("20.00") and any(
        "§ 4-25 første ledd bokstav d" in linje for linje in vg2.forklaring
    )


# --- Individuell behandling: § 4-20 (Vg1) og § 4-26 (Vg2/Vg3) -----------------------------------------------------
def test_vg1_mer_enn_halvparten_mangler_gir_individuell_behandling():
    """§1.2 a: fritak og IV regnes sammen som manglende; mer enn halvparten → individuell, akkurat halvparten → poeng."""
    mer = beregn_poeng(
        [*enkle("5", "5"), sp("X0001", "F"), sp("X0002", "IV"), sp("X0003", "F")], "VG1", regelsett=NY
    )
    assert mer.individuell_behandling and mer.poeng is None
    assert any(
        "Uten karakter (fritak eller IV) i 3 av 5 fag, mer enn halvparten" in linje
        for linje in mer.forklaring
    )
    assert "§ 4-20 første ledd bokstav a" in mer.forklaring[-1]
    halv = beregn_poeng([*enkle("5", "5"), sp("X0001", "F"), sp("X0002", "IV")], "VG1", regelsett=NY)
    assert (halv.individuell_behandling, halv.poeng) == (False, D("33.30"))  # (5 + 5 + 0) / 3


def test_vg1_realkompetanse_gk():
    """§1.1 andre ledd og §1.2 d: GK teller ikke som karakter; GK i mer enn halvparten av fagene → individuell."""
    flertall = [
        sp("NOR0214", "4"),
        sp("NOR0215", "GK"),
        sp("NOR0216", "GK"),
        sp("ENG0012", "5"),
        sp("MAT0010", "GK"),
    ]
    r = beregn_poeng(flertall, "VG1", regelsett=NY)
    assert r.individuell_behandling and (r.antall_fag, r.antall_karakterer) == (5, 2)
    assert "Godkjent gjennom realkompetansevurdering i 3 av 5 fag" in r.forklaring[-1]
    assert "§ 4-20 første ledd bokstav d" in r.forklaring[-1]
    gk = [u for u in r.utelatt if u.karakter == "GK"]
    assert len(gk) == 3 and all(u.hjemmel == "opplæringsforskrifta § 4-19 andre ledd" for u in gk)
    # 2006: GK is «godkjent», a subject without a numeric scale, neither counted nor a subject
    assert beregn_poeng(flertall, "VG1", regelsett=GAMMEL).poeng == D("45.00")

    mindretall = [*flertall[:4], sp("MAT0010", "3")]
    r = beregn_poeng(mindretall, "VG1", regelsett=NY)
    assert (r.individuell_behandling, r.poeng, r.antall_fag) == (False, D("40.00"), 5)  # (4 + 5 + 3) / 3


def test_forbehold_om_paragraf_4_19_andre_ledd_for_2025_2026():
    rader = [sp("NOR0214", "4"), sp("NOR0215", "GK")]
    merk = "Merk: opplæringsforskrifta § 4-19 andre ledd ble endret ved forskrift 29. september 2025"
    assert any(
        linje.startswith(merk) for linje in beregn_poeng(rader, "VG1", regelsett="2025-2026").forklaring
    )
    assert not any(linje.startswith(merk) for linje in beregn_poeng(rader, "VG1", regelsett=NY).forklaring)
    assert not any(
        linje.startswith(merk) for linje in beregn_poeng(enkle("4"), "VG1", regelsett="2025-2026").forklaring
    )


def test_vg2_vg3_har_ingen_halvpartregel():
    """§1.4: mange IV ved Vg2 gir poeng med IV = 0 (§ 4-26 nevner de eneste grunnene); 2006: individuell."""
    rader = [
        vg("ENG1007", "IV"),
        vg("NAT1007", "IV"),
        vg("SAK1001", "F"),
        vg("NOR1267", "4", vurdering="halvar"),
    ]
    ny = beregn_poeng(rader, "VG2", regelsett=NY)
    assert (ny.individuell_behandling, ny.poeng, ny.antall_karakterer) == (False, D("13.30"), 3)  # 4 / 3
    assert any("§ 4-26" in linje and "ikke individuell behandling" in linje for linje in ny.forklaring)
    assert beregn_poeng(rader, "VG2", regelsett=GAMMEL).individuell_behandling is True
    ingen = beregn_poeng([vg("ENG1007", "F")], "VG2", regelsett=NY)
    assert ingen.individuell_behandling and "§ 4-26 første ledd bokstav a" in ingen.forklaring[-1]


# --- Hva teller ikke (§ 4-19 c–d, § 4-25 b–c) ---------------------------------------------------------------------
@pytest.mark.parametrize(("niva", "trinn", "kode", "hjemmel"), [
    ("VG1", None, "D", "§ 4-19 første ledd bokstav c"), ("VG1", None, "F", "§ 4-19 første ledd bokstav d"),
    ("VG2", "VG1", "B", "§ 4-25 første ledd bokstav b"), ("VG2", "VG1", "F", "§ 4-25 første ledd bokstav c"),
    ("VG2", "VG1", "GK", "§ 4-25 første ledd: bare karakterer teller"),
])  # fmt: skip
def test_utelatte_karakterer_har_ny_hjemmel(niva, trinn, kode, hjemmel):
    r = beregn_poeng([Karakter("X0001", "standpunkt", "4", trinn=trinn), Karakter("X0002", "standpunkt", kode,
                      trinn=trinn)], niva, regelsett=NY)  # fmt: skip
    assert r.poeng == D("40.00") and r.utelatt[0].hjemmel.endswith(hjemmel)


def test_hver_forklaringslinje_siterer_ny_forskrift():
    eks = [
        (f2_valgfag(), "VG1"),
        ([*enkle("4", "F", "IV"), sp("ORDEN", "G"), Karakter("FAG0000", "halvar", "4"),
          Karakter("FAG0001", "eksamen_muntlig", "IM", dokumentert_fravaer=True), sp("FAG0009", "GK")], "VG1"),
        (f8_omval(), "VG2"),
        (f7_vg3_privatist(), "VG3"),
    ]  # fmt: skip
    for rader, niva in eks:
        r = beregn_poeng(rader, niva, regelsett=NY)
        for linje in r.forklaring:
            assert "§ 6-" not in linje and "Udir-2-2021" not in linje and "videreført" not in linje, linje
        # the header, every grade line and every decision cite a section of opplæringsforskrifta
        regnelinjer = ("Sum:", "Gjennomsnitt:", "Poeng:")
        for linje in r.forklaring:
            if not linje.startswith(regnelinjer):
                assert "opplæringsforskrifta § 4-" in linje, linje


# --- Validering av de nye feltene ---------------------------------------------------------------------------------
def test_skole_og_privatistresultat_i_samme_fag_er_lov_bare_ved_ny_forskrift_og_vg2_vg3():
    par = [vg("ENG1007", "3"), vg("ENG1007", "5", privatist=True)]
    assert beregn_poeng(par, "VG2", regelsett=NY).poeng == D("50.00")
    assert beregn_poeng(par, "VG2", regelsett=GAMMEL).poeng == D("30.00")  # privatist left out (2006)
    with pytest.raises(Valideringsfeil, match="flere ganger") as feil:
        beregn_poeng([*par, vg("ENG1007", "6", privatist=True)], "VG2", regelsett=NY)
    assert feil.value.felt == "karakterer[2].fag"
    with pytest.raises(
        Valideringsfeil, match="Privatistresultat regnes for seg bare ved inntak til Vg2 og Vg3"
    ):
        beregn_poeng([sp("MAT0010", "4"), sp("MAT0010", "5", privatist=True)], "VG1", regelsett=NY)
    with pytest.raises(Valideringsfeil, match="Program oppgis bare ved inntak til Vg2 og Vg3") as feil:
        beregn_poeng([sp("MAT0010", "4", program="ST")], "VG1", regelsett=NY)
    assert feil.value.felt == "karakterer[0].program"


def test_like_gode_resultater_skolen_teller():
    r = beregn_poeng([vg("ENG1007", "4", privatist=True), vg("ENG1007", "4")], "VG2", regelsett=NY)
    assert [(t.karakter, t.privatist) for t in r.telte] == [("4", False)]
    assert "skoleresultatet (4) teller i stedet" in r.utelatt[0].grunn


def test_json_tar_imot_privatist_program_og_gk():
    data = {"niva": "VG3", "regelsett": NY, "karakterer": [
        {"fag": k.fag, "vurdering": k.vurdering, "karakter": k.karakter, "trinn": k.trinn, "privatist": k.privatist,
         "program": k.program} for k in f7_vg3_privatist()]}  # fmt: skip
    svar = beregn_fra_json(data)
    assert svar["poeng"] == "43.00"
    assert [t for t in svar["telte"] if t["privatist"]][0]["fag"] == "VGB0002"
    assert all(set(u) >= {"privatist", "program"} for u in svar["utelatt"])
    feil = valider_foresporsel({"niva": "VG2", "karakterer": [
        {"fag": "ENG1007", "vurdering": "standpunkt", "karakter": "4", "privatist": "ja", "program": 7},
    ]})[1]  # fmt: skip
    assert feil == {"karakterer[0].privatist": ["Må være true eller false."],
                    "karakterer[0].program": ["Må være en tekst."]}  # fmt: skip
    assert beregn_fra_json({"niva": "VG1", "karakterer": [
        {"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "GK"},
        {"fag": "NOR0215", "vurdering": "standpunkt", "karakter": "gk"},
        {"fag": "NOR0216", "vurdering": "standpunkt", "karakter": "5"}]})["individuell_behandling"] is True  # fmt: skip


# --- Egenskaper (hypothesis) --------------------------------------------------------------------------------------
@st.composite
def vg1_rad(draw, indeks: int) -> Karakter:
    vurdering = draw(st.sampled_from(["standpunkt"] * 3 + ["eksamen_skriftlig", "eksamen_muntlig"]))
    andre = ["IV", "F", "D", "B", "GK"] + (["IM"] if vurdering != "standpunkt" else [])
    karakter = draw(st.sampled_from(TALL * 4 + andre))
    fagtype = draw(st.sampled_from([None] * 6 + ["valgfag", "orden"])) if vurdering == "standpunkt" else None
    fravaer = karakter == "IM" and draw(st.booleans())
    return Karakter(f"F{indeks:04d}", vurdering, karakter, fagtype=fagtype, dokumentert_fravaer=fravaer)


@st.composite
def vg1_vitnemal(draw) -> list[Karakter]:
    return [draw(vg1_rad(i)) for i in range(draw(st.integers(0, 25)))]


@st.composite
def vgs_karakterer(draw) -> tuple[str, list[Karakter]]:
    """Vg2/Vg3 rows with privatist results, several programmes, halvår in a shared fagområde, IV and IM."""
    niva = draw(st.sampled_from(["VG2", "VG3"]))
    rader: list[Karakter] = []
    for i in range(draw(st.integers(0, 12))):
        trinn = draw(st.sampled_from(["VG1", "VG2"] if niva == "VG3" else ["VG1"]))
        vurdering = draw(st.sampled_from(["standpunkt", "standpunkt", "halvar", "eksamen_skriftlig"]))
        fag = draw(st.sampled_from(["NOR", "ENG", "MAT"])) + f"{i:04d}"
        for privatist, program in draw(
            st.sampled_from([[(False, None)], [(False, None), (True, None)], [(False, "ST"), (False, "EL")],
                             [(True, "ST")], [(False, "EL"), (True, "EL"), (False, None)]])
        ):  # fmt: skip
            andre = ["IV", "F", "D", "GK"] + (["IM"] if vurdering.startswith("eksamen") else [])
            karakter = draw(st.sampled_from(TALL * 3 + andre))
            fravaer = karakter == "IM" and draw(st.booleans())
            rader.append(Karakter(fag, vurdering, karakter, trinn=trinn, privatist=privatist, program=program,
                                  dokumentert_fravaer=fravaer))  # fmt: skip
    return niva, rader


def _nokkeltall(r):
    return (r.poeng, r.gjennomsnitt, r.sum_karakterer, r.antall_karakterer, r.individuell_behandling, r.antall_fag,
            r.antall_fag_med_karakter)  # fmt: skip


@given(vg1_vitnemal())
def test_vg1_poeng_mellom_0_og_60_med_to_desimaler(rader):
    r = beregn_poeng(rader, "VG1", regelsett=NY)
    if r.individuell_behandling:
        assert r.poeng is None and r.gjennomsnitt is None
    else:
        assert D(0) <= r.poeng <= D(60) and r.poeng == r.gjennomsnitt * 10
        assert r.poeng.as_tuple().exponent == -2


@given(vg1_vitnemal())
def test_vg1_uten_gk_og_dokumentert_fravaer_er_som_2006_med_lesemate_a(rader):
    """Where the law did not change, the new rule set gives the 2006 numbers (§ 4-20 a = old half test)."""
    if any(k.karakter == "GK" or k.dokumentert_fravaer for k in rader):
        return
    assert _nokkeltall(beregn_poeng(rader, "VG1", regelsett=NY)) == _nokkeltall(
        beregn_poeng(rader, "VG1", regelsett=GAMMEL, avrunding="A")
    )


@given(vg1_vitnemal())
def test_dokumentert_fravaer_endrer_ingenting_etter_ny_forskrift(rader):
    uten = [replace(k, dokumentert_fravaer=False) for k in rader]
    assert _nokkeltall(beregn_poeng(rader, "VG1", regelsett=NY)) == _nokkeltall(
        beregn_poeng(uten, "VG1", regelsett=NY)
    )


@given(st.data(), vgs_karakterer())
def test_vgs_uavhengig_av_rekkefolgen_og_individuell_bare_uten_tellende(data, niva_og_rader):
    niva, rader = niva_og_rader
    r = beregn_poeng(rader, niva, regelsett=NY)
    assert r.individuell_behandling == (r.antall_karakterer == 0)  # § 4-26: no half rule
    stokket = data.draw(st.permutations(rader))
    assert _nokkeltall(beregn_poeng(stokket, niva, regelsett=NY)) == _nokkeltall(r)


@given(vgs_karakterer(), st.sampled_from(TALL))
def test_et_bedre_privatistresultat_senker_aldri_poengene(niva_og_rader, karakter):
    niva, rader = niva_og_rader
    skole = [k for k in rader if not k.privatist and k.program is None and k.karakter in TALL]
    if not skole:
        return
    maal = skole[0]
    uten_privatist = [k for k in rader if not (k.privatist and (k.fag, k.vurdering, k.trinn, k.program)
                                               == (maal.fag, maal.vurdering, maal.trinn, None))]  # fmt: skip
    grunnlag = beregn_poeng(uten_privatist, niva, regelsett=NY)
    etter = beregn_poeng(
        [*uten_privatist, replace(maal, karakter=karakter, privatist=True)], niva, regelsett=NY
    )
    assert (
        etter.antall_karakterer == grunnlag.antall_karakterer
    )  # the privatist result takes the place, not a new one
    if grunnlag.poeng is not None:
        if int(karakter) >= int(maal.karakter):
            assert etter.sum_karakterer >= grunnlag.sum_karakterer
        else:
            assert _nokkeltall(etter) == _nokkeltall(grunnlag)


def _div(teller: int, nevner: int) -> int:
    return teller // nevner


def heltallsmodell_2024(rader: list[Karakter], niva: str) -> tuple[int | None, int, int]:
    """Opplæringsforskrifta 2024 only with integers, as the SQL batch computes it: (poeng·100, s, n).

    Independent of ``inntak.regler.poeng``: one place per (fag, vurdering, trinn) with the best value (counting
    rows before others, then the school result, then the programme code), the Vg3 halvår rule on the first three
    letters of the code.
    """

    def raa(k: Karakter) -> int | None:
        return int(k.karakter) if k.karakter in TALL else 0 if k.karakter in ("IV", "IM") else None

    def rang(k: Karakter) -> tuple:  # smallest first: counts, highest value, school result, programme code
        return (raa(k) is None, -(raa(k) or 0), k.privatist, k.program or "")

    plasser: dict[tuple, Karakter] = {}
    for k in sorted(rader, key=rang):
        plasser.setdefault((k.fag, k.vurdering, k.trinn), k)
    senere = {k.fag[:3] for k in rader if niva == "VG3" and k.trinn == "VG2" and k.vurdering in ("standpunkt", "halvar")
              and (k.karakter in TALL or k.karakter == "IV")}  # fmt: skip
    vanlige: list[int] = []
    valgfag: list[int] = []
    p = m = g = 0
    for k in plasser.values():
        if (
            k.fagtype == "orden"
            or k.karakter in ("G", "NG", "LG")
            or (niva == "VG1" and k.vurdering == "halvar")
        ):
            continue
        if niva == "VG3" and k.trinn == "VG1" and k.vurdering == "halvar" and k.fag[:3] in senere:
            continue
        if k.vurdering in ("standpunkt", "halvar") and k.karakter not in ("D", "B", "IB"):
            p += 1
            m += k.karakter in ("F", "IV")
            g += k.karakter == "GK"
        verdi = raa(k)
        if verdi is None:
            continue
        (valgfag if k.fagtype == "valgfag" else vanlige).append(
            verdi if k.fagtype == "valgfag" else verdi * 100
        )
    if len(valgfag) >= 2:
        vanlige.append(_div(200 * sum(valgfag) + len(valgfag), 2 * len(valgfag)))
    else:
        vanlige.extend(v * 100 for v in valgfag)
    s, n = sum(vanlige), len(vanlige)
    if n == 0 or (niva == "VG1" and (2 * m > p or 2 * g > p)):
        return None, s, n
    return _div(2 * s + n, 2 * n) * 10, s, n


@given(vg1_vitnemal())
def test_vg1_samme_tall_som_heltallsmodellen_for_sql(rader):
    r = beregn_poeng(rader, "VG1", regelsett=NY)
    poeng100, s, n = heltallsmodell_2024(rader, "VG1")
    assert (r.sum_karakterer * 100, r.antall_karakterer) == (s, n)
    assert (None if r.poeng is None else int(r.poeng * 100)) == poeng100


@given(vgs_karakterer())
def test_vgs_samme_tall_som_heltallsmodellen_for_sql(niva_og_rader):
    niva, rader = niva_og_rader
    r = beregn_poeng(rader, niva, regelsett=NY)
    poeng100, s, n = heltallsmodell_2024(rader, niva)
    assert (r.sum_karakterer * 100, r.antall_karakterer) == (s, n)
    assert (None if r.poeng is None else int(r.poeng * 100)) == poeng100
