"""The NVB ¤-file: writer and reader are exact inverses (fagopplaering.nvb.format; docs/fagopplaering/nvb.md)."""

from __future__ import annotations

import copy
import datetime
import io

import pytest
from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

from fagopplaering.nvb import modell as m
from fagopplaering.nvb.format import les, skriv, skriv_tekst

ORGNR = "974760673"  # valid (weights 3 2 7 6 5 4 3 2 1, Σ mod 11 = 0)
IDAG = datetime.date(2025, 9, 1)


def lag_orgnr(atte: str) -> str:
    """The nine-digit orgnr for eight digits, computed from the weights (the check digit must not be 10)."""
    rest = -sum(v * int(s) for v, s in zip((3, 2, 7, 6, 5, 4, 3, 2), atte, strict=True)) % 11
    assert rest < 10, "choose other digits"
    return atte + str(rest)


ORGNR2 = lag_orgnr("98765432")


def personnummer(foedtdato: str, individ: int = 500) -> str:
    """Five digits (individnummer + both check digits) that make a valid number with ``foedtdato``."""
    for ind in range(individ, individ + 50):
        ni = f"{foedtdato}{ind:03d}"
        k1 = calc_check_digit1(ni)
        k2 = calc_check_digit2(ni + k1) if k1 != "10" else "10"
        if "10" not in (k1, k2):
            return f"{ind:03d}{k1}{k2}"
    raise AssertionError("no valid number")


def fag(fagkode: str, k5: str, k6: str = "", form: str = "", **kw) -> m.Fag:
    grunn = {"fagtypekode": "FF", "linjenr": "1", "omfang": "140", "terminkode": "V", "aar": "2023",
             "fagstatuskode": "E"}  # fmt: skip
    return m.Fag(
        fagkode=fagkode, karakter_standpunkt=k5, karakter_eksamen=k6, eksamensformkode=form, **{**grunn, **kw}
    )


def laerling_vm(vgdoknr: str | None = None) -> m.Dokument:
    """A lærling's vitnemål after fagopplæring: three ¤P (Vg1, Vg2 in school, Vg3 lærefag), VMM31 with the date."""
    return m.Dokument(
        vgdoknr=vgdoknr or m.lag_vgdoknr("V", ORGNR, 2025, 17), foerstegangsvm="J", reformkode="KL",
        vgdoktypekode="VM", avgangsaar="2025", orgnr=ORGNR, utstedersted="Trondheim",
        dato_utstedt=datetime.date(2025, 8, 20), skolenavn="Trøndelag fylkeskommune, fagopplæring",
        rektornavn="Randi Rektor", underskrivernavn="Sara Saksbehandler", foedtdato="150507",
        personnummer=personnummer("150507"), personnavn="Erik Elev", gsk_ok="N", omfang="2608", orden="G",
        adferd="G", antall_vedlegg="0", maalformkode="B",
        programomrader=[
            m.Programomrade(promrkode="ELELE1----", nivaakode="VG1", paastandkode="B", paastand="Bestått",
                            fravaer_dager="2", fravaer_timer="9", utdprogramkode="EL", aarstall="2021"),
            m.Programomrade(promrkode="ELELE2----", nivaakode="VG2", paastandkode="B", paastand="Bestått",
                            fravaer_dager="0", fravaer_timer="4", utdprogramkode="EL", aarstall="2022"),
            m.Programomrade(promrkode="ELELE3----", nivaakode="VG3", paastandkode="B", paastand="Bestått",
                            fravaer_dager="0", fravaer_timer="0", utdprogramkode="EL", aarstall="2025"),
        ],
        fag=[
            fag("NOR1211", "4", "", linjenr="1"),
            fag("ENG1007", "5", "4", "S", linjenr="2"),
            fag("MAT1001", "3", aar="2022", linjenr="3"),
            fag("ELE3102", "-", "B", "P", fagtypekode="FP", linjenr="10", omfang="", aar="2025"),
        ],
        merknader=[m.Merknad(merknadnr="1", merknadkode="VMM31", parameter1="12.08.2025", sidekode="F")],
    )  # fmt: skip


def kompetansebevis() -> m.Dokument:
    """A praksiskandidat's kompetansebevis (KB, 0–1 ¤P)."""
    return m.Dokument(
        vgdoknr=m.lag_vgdoknr("K", ORGNR, 2025, 18), reformkode="KL", vgdoktypekode="KB", avgangsaar="2025",
        orgnr=ORGNR, utstedersted="Trondheim", dato_utstedt=datetime.date(2025, 8, 21),
        skolenavn="Trøndelag fylkeskommune, fagopplæring", rektornavn="Randi Rektor",
        underskrivernavn="Sara Saksbehandler",
        foedtdato="020390", personnummer=personnummer("020390", 100), personnavn="Kari Kandidat", omfang="0",
        maalformkode="N",
        programomrader=[m.Programomrade(promrkode="BABAT3----", nivaakode="VG3", paastand="")],
        fag=[fag("BAT3101", "-", "BM", "P", fagtypekode="FP", linjenr="1", omfang="", aar="2025")],
    )  # fmt: skip


def skolevitnemaal() -> m.Dokument:
    return m.Dokument(
        vgdoknr=m.lag_vgdoknr("V", ORGNR2, 2025, 3), foerstegangsvm="J", reformkode="KL", vgdoktypekode="VM",
        avgangsaar="2025", orgnr=ORGNR2, utstedersted="Bergen", dato_utstedt=datetime.date(2025, 6, 20),
        skolenavn="Bergen katedralskole", rektornavn="Rolf Rektor", underskrivernavn="Siri Sekretær",
        foedtdato="010707", personnummer=personnummer("010707"), personnavn="Ola Nordmann", gsk_ok="J",
        omfang="2618", orden="G", adferd="N", maalformkode="N",
        programomrader=[
            m.Programomrade(promrkode=f"STUSP{n}----", nivaakode=f"VG{n}", paastandkode="B" if n == 3 else "",
                            fravaer_dager="1", fravaer_timer="3", aarstall=str(2022 + n))
            for n in (1, 2, 3)
        ],
        fag=[fag("NOR1211", "5", "5", "S"), fag("NOR1212", "4", "-", linjenr="2")],
    )  # fmt: skip


def lag_fil() -> m.Fil:
    """Two parts (¤A): the county's fagopplæring with a lærling VM, a KB and an annulment; a school with a VM."""
    fagopp = m.Avsender(
        orgnr=ORGNR, skolenr="50001", systemversjon="1.0.0", tid_fil_laget=datetime.datetime(2025, 8, 22, 9, 1, 5),
        skole=m.Skole(orgnr=ORGNR, skolenr="50001", skolenavn="Trøndelag fylkeskommune, fagopplæring",
                      fylkesnr="50", kommunetall="01", skoletype="F", kontaktperson="Kristin Kontakt",
                      adrpostnr="7004", adrpoststed="Trondheim", telefonnr="74174000", epost="post@trondelagfylke.no"),
        dokumenter=[laerling_vm(), kompetansebevis()],
        annulleringer=[m.Annullering(vgdoknr=m.lag_vgdoknr("V", ORGNR, 2025, 5),
                                     dato_annullert=datetime.date(2025, 8, 20),
                                     saksbehandler="Anne Annullerer", erstattes_av=m.lag_vgdoknr("V", ORGNR, 2025, 17),
                                     aarsakkode="FEI", merknad="Feil lærefag på første utskrift")],
    )  # fmt: skip
    tid = datetime.datetime(2025, 8, 22, 9, 1, 6)
    skole = m.Avsender(orgnr=ORGNR2, skolenr="46012", systemversjon="1.0.0", tid_fil_laget=tid,
                       dokumenter=[skolevitnemaal()])  # fmt: skip
    return m.Fil([fagopp, skole])


def test_rundtur_gir_samme_fil():
    fil = lag_fil()
    tekst = skriv_tekst(fil)
    lest = les(tekst)
    assert lest.meldinger == []
    assert lest.fil == fil
    assert skriv_tekst(lest.fil) == tekst


def test_linjene_og_rekkefolgen():
    linjer = skriv_tekst(lag_fil()).splitlines()
    assert [li[:2] for li in linjer] == ["¤A", "¤S", "¤V", "¤P", "¤P", "¤P", "¤F", "¤F", "¤F", "¤F", "¤M", "¤V", "¤P",
                                         "¤F", "¤D", "¤A", "¤V", "¤P", "¤P", "¤P", "¤F", "¤F"]  # fmt: skip
    # A3–A7: number of V, D, F, P and M lines of the part; A10 is T14
    assert linjer[0] == f"¤A¤{ORGNR}¤50001¤2¤1¤5¤4¤1¤Vigo¤1.0.0¤20250822090105"
    assert linjer[15].startswith(f"¤A¤{ORGNR2}¤46012¤1¤0¤2¤3¤0¤Vigo¤")
    vm = linjer[2].split("¤")
    assert vm[2] == "V97476067320250017" and vm[9] == "20250820"  # D8
    assert linjer[10] == "¤M¤V97476067320250017¤1¤VMM31¤12.08.2025¤¤¤F¤¤¤"
    assert linjer[14].startswith("¤D¤V97476067320250005¤20250820¤Anne Annullerer¤V97476067320250017¤FEI¤")
    assert all(len(li.split("¤")) - 2 == {"A": 10, "S": 33, "V": 22, "P": 9, "F": 17, "M": 10, "D": 6}[li[1]]
               for li in linjer)  # fmt: skip
    assert len(lag_fil().avsendere[0].antall()) == 5


def test_skriv_til_fil_og_iterable():
    ut = io.StringIO()
    skriv(lag_fil().avsendere, ut)
    assert ut.getvalue() == skriv_tekst(lag_fil())
    assert ut.getvalue().endswith("\n") and "\r" not in ut.getvalue()


def test_skilletegn_og_linjeskift_i_verdier():
    fil = lag_fil()
    dok = fil.avsendere[0].dokumenter[0]
    dok.skolenavn = "Skole ¤ med soltegn"
    dok.merknader[0].parameter2 = "første linje\nandre linje"
    dok.programomrader[0].paastand = "{i klammer}"
    dok.personnavn = "{Åse Ø"
    dok.rektornavn = "Randi {R}"
    tekst = skriv_tekst(fil)
    v = tekst.splitlines()[2]
    assert "¤{Skole ¤ med soltegn}¤" in v
    assert "¤{{Åse Ø}¤" in v and "¤Randi {R}¤" in v
    assert "første linje\\nandre linje" in tekst
    assert "¤{{i klammer}}¤" in tekst
    assert les(tekst).fil == fil


def test_verdi_med_lukkende_klamme_for_skilletegn_far_stjerne():
    fil = lag_fil()
    dok = fil.avsendere[0].dokumenter[0]
    dok.skolenavn, dok.rektornavn, dok.personnavn = "a}¤b", "c} ¤d", "{e}¤f"
    lest = les(skriv_tekst(fil))
    assert lest.meldinger == []
    ut = lest.fil.avsendere[0].dokumenter[0]
    assert (ut.skolenavn, ut.rektornavn, ut.personnavn) == ("a}*b", "c} *d", "{e}*f")
    assert ut.underskrivernavn == dok.underskrivernavn


def test_verdier_trimmes_og_crlf_i_verdi_blir_lf():
    fil = lag_fil()
    fil.avsendere[0].dokumenter[0].personnavn = "  Erik Elev\t"
    fil.avsendere[0].dokumenter[0].merknader[0].parameter2 = "a\r\nb"
    lest = les(skriv_tekst(fil)).fil.avsendere[0].dokumenter[0]
    assert lest.personnavn == "Erik Elev"
    assert lest.merknader[0].parameter2 == "a\nb"


@pytest.mark.parametrize("skille", ["\r\n", "\r"])
def test_crlf_og_cr_leses(skille):
    fil = lag_fil()
    tekst = skriv_tekst(fil).replace("\n", skille)
    lest = les(tekst)
    assert lest.meldinger == [] and lest.fil == fil


def test_linjer_fra_en_apen_fil_bom_og_tomme_linjer():
    tekst = "\ufeff" + skriv_tekst(lag_fil()).replace("\n", "\r\n", 3) + "\n   \n"
    lest = les(io.StringIO(tekst, newline=""))
    assert lest.meldinger == [] and lest.fil == lag_fil()


def test_klammer_over_flere_linjer_fra_andre_systemer():
    tekst = skriv_tekst(lag_fil()).replace("¤Trøndelag fylkeskommune, fagopplæring¤Randi",
                                           "¤{Trøndelag fylkeskommune,\nfagopplæring}¤Randi", 1)  # fmt: skip
    lest = les(tekst)
    assert lest.meldinger == []
    assert lest.fil.avsendere[0].dokumenter[0].skolenavn == "Trøndelag fylkeskommune,\nfagopplæring"
    assert lest.fil.avsendere[0].dokumenter[0].personnavn == "Erik Elev"
    assert lest.fil.avsendere[0].dokumenter[0].linje == 3


def test_linjenummer_og_oppgitte_antall_er_ikke_innhold():
    lest = les(skriv_tekst(lag_fil())).fil
    assert lest.avsendere[0].oppgitt_antall == m.Antall(2, 1, 5, 4, 1)
    assert lest.avsendere[1].dokumenter[0].linje == 17
    assert lag_fil().avsendere[0].oppgitt_antall is None


def _koder(tekst: str) -> list[str]:
    return [x.kode for x in les(tekst).meldinger]


def test_lesefeil_gir_fil_meldinger_med_linjenummer():
    linjer = skriv_tekst(lag_fil()).splitlines()
    feil = copy.copy(linjer)
    feil[3] = "P¤uten soltegn"  # KM100
    feil[4] = "¤X¤hva"  # KM101
    feil[5] = feil[5] + "¤ekstra"  # KM102
    lest = les("\n".join(feil))
    assert [(x.kode, x.linje) for x in lest.meldinger] == [("KM100", 4), ("KM101", 5), ("KM102", 6)]
    assert lest.meldinger[0].tekst.startswith("Linje 4: ")
    assert lest.meldinger[2].vgdoknr == "V97476067320250017"
    assert len(lest.fil.avsendere[0].dokumenter[0].programomrader) == 1  # the bad lines are not taken in


def test_for_forste_a_og_uten_v():
    linjer = skriv_tekst(lag_fil()).splitlines()
    assert _koder("\n".join(linjer[2:])) == ["KM103", "KM104", "KM104", "KM104", "KM104", "KM104", "KM104",
                                             "KM104", "KM104", "KM103", "KM104", "KM104", "KM103"]  # fmt: skip
    assert _koder("\n".join([linjer[0], linjer[14], linjer[3]])) == ["KM104"]
    annet = linjer[3].replace("V97476067320250017", "V97476067320250099")
    assert _koder("\n".join([*linjer[:3], annet])) == ["KM104"]


def test_datoer_tidspunkt_antall_og_klammer():
    linjer = skriv_tekst(lag_fil()).splitlines()
    linjer[0] = linjer[0].replace("20250822090105", "20251322090105").replace("¤2¤1¤5¤", "¤to¤1¤5¤")
    linjer[2] = linjer[2].replace("¤20250820¤", "¤20250231¤")
    lest = les("\n".join(linjer))
    assert [x.kode for x in lest.meldinger] == ["KM107", "KM106", "KM105"]
    assert lest.fil.avsendere[0].tid_fil_laget is None
    assert lest.fil.avsendere[0].oppgitt_antall is None
    assert lest.fil.avsendere[0].dokumenter[0].dato_utstedt is None
    a = skriv_tekst(lag_fil()).splitlines()[0]
    assert _koder(a.replace("¤Vigo¤", "¤{Vigo¤") + "\n¤S") == [
        "KM108",
        "KM102",
    ]  # the rest is swallowed by the field


def test_s_ma_sta_rett_etter_a_og_f_med_16_felt_godtas():
    linjer = skriv_tekst(lag_fil()).splitlines()
    assert _koder("\n".join([*linjer[:3], linjer[1]])) == ["KM109"]
    gammel_f = linjer[6].rsplit("¤", 1)[0]  # without F18, as before 2014
    lest = les("\n".join([*linjer[:3], gammel_f]))
    assert lest.meldinger == [] and lest.fil.avsendere[0].dokumenter[0].fag[0].fagkode == "NOR1211"


def test_utdata_linjer_er_ukjente_i_inndata():
    lest = les("¤R¤10.0a¤20080917\n")
    assert lest.meldinger[0].kode == "KM101" and "resultatfilen" in lest.meldinger[0].tekst


def test_vgdoknr_lopenr_med_bokstaver():
    assert m.lag_vgdoknr("V", ORGNR, 2025, 1) == "V97476067320250001"
    assert m.lag_vgdoknr("K", ORGNR, 2025, 9999).endswith("20259999")
    hale = {n: m.lag_vgdoknr("V", ORGNR, 2025, n)[-4:] for n in (10_000, 10_001, 10_036, 56_655, 56_656)}
    assert hale == {10_000: "A000", 10_001: "A001", 10_036: "A010", 56_655: "AZZZ", 56_656: "B000"}
    assert m.lag_vgdoknr("V", ORGNR, 2025, m.MAKS_LOPENR)[-4:] == "ZZZZ"
    utvalg = list(range(0, m.MAKS_LOPENR, 997))
    numre = [m.lag_vgdoknr("V", ORGNR, 2025, n) for n in utvalg]
    assert numre == sorted(numre) and len(set(numre)) == len(numre)
    assert all(m.VGDOKNR_RE.match(nr) and len(nr) == 18 for nr in numre)
    assert [m.lopenr_fra_vgdoknr(nr) for nr in numre] == utvalg
    for feil in (("X", ORGNR, 2025, 1), ("V", "12345678", 2025, 1), ("V", ORGNR, 25, 1),
                 ("V", ORGNR, 2025, m.MAKS_LOPENR + 1), ("V", ORGNR, 2025, -1)):  # fmt: skip
        with pytest.raises(ValueError):
            m.lag_vgdoknr(*feil)
