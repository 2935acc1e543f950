"""The NVB control engine (fagopplaering.nvb.kontroll; docs/fagopplaering/nvb.md): a good file has no messages,
and each broken variant gives the expected KM code."""

from __future__ import annotations

import copy
import datetime
import pathlib

import pytest

from fagopplaering.nvb import modell as m
from fagopplaering.nvb.kontroll import (
    KILDER,
    KODER,
    Melding,
    eksporterbare,
    gyldig_orgnr,
    har_feil,
    kontroller,
    kontroller_dokument,
)
from tests.fagopplaering.test_nvb_format import IDAG, ORGNR, ORGNR2, lag_fil, lag_orgnr, personnummer

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "fagopplaering" / "nvb.md"


def a(f: m.Fil) -> m.Avsender:
    return f.avsendere[0]


def vm(f: m.Fil) -> m.Dokument:
    return f.avsendere[0].dokumenter[0]


def kb(f: m.Fil) -> m.Dokument:
    return f.avsendere[0].dokumenter[1]


def fagnr(f: m.Fil, kode: str) -> m.Fag:
    return next(x for x in vm(f).fag if x.fagkode == kode)


def ann(f: m.Fil) -> m.Annullering:
    return f.avsendere[0].annulleringer[0]


def koder(f: m.Fil) -> set[str]:
    return {x.kode for x in kontroller(f, idag=IDAG)}


def test_god_fil_gir_ingen_meldinger():
    assert kontroller(lag_fil(), idag=IDAG) == []


def _to_doks(f):
    a(f).dokumenter.append(copy.deepcopy(vm(f)))


def _fiktivt(f):
    vm(f).foedtdato, vm(f).personnummer = "410203", "99601"


def _utenlandsk(f, orgnr):
    skole = f.avsendere[1]
    skole.orgnr = skole.dokumenter[0].orgnr = orgnr
    skole.dokumenter[0].vgdoknr = m.lag_vgdoknr("V", orgnr, 2025, 1)


def _feil_kontrollsiffer(f):
    nr = vm(f).personnummer
    vm(f).personnummer = nr[:4] + str((int(nr[4]) + 1) % 10)


BRUDD = [
    ("KM120", lambda f: setattr(a(f), "systemversjon", "")),
    ("KM120", lambda f: setattr(a(f), "tid_fil_laget", None)),
    ("KM121", lambda f: setattr(a(f), "orgnr", "974760674")),
    ("KM121", lambda f: setattr(vm(f), "orgnr", "174760673")),
    ("KM122", lambda f: setattr(a(f), "skolenr", "5001")),
    ("KM123", lambda f: setattr(a(f), "oppgitt_antall", m.Antall(2, 1, 5, 4, 2))),
    ("KM124", lambda f: setattr(a(f), "systemnavn", "IST-EXTENS")),
    ("KM130", lambda f: setattr(a(f).skole, "telefonnr", "")),
    ("KM131", lambda f: setattr(a(f).skole, "orgnr", ORGNR2)),
    ("KM132", lambda f: setattr(a(f).skole, "skoletype", "X")),
    ("KM111", lambda f: setattr(a(f).skole, "fylkesnr", "5X")),
    ("KM140", lambda f: setattr(vm(f), "personnavn", "")),
    ("KM140", lambda f: setattr(vm(f), "dato_utstedt", None)),
    ("KM159", lambda f: setattr(vm(f), "orden", "")),
    ("KM159", lambda f: setattr(vm(f), "adferd", "")),
    ("KM141", lambda f: setattr(vm(f), "vgdoknr", "V9747606732025001")),
    ("KM141", lambda f: setattr(vm(f), "vgdoknr", "T97476067320250017")),
    ("KM142", lambda f: setattr(kb(f), "vgdoknr", m.lag_vgdoknr("V", ORGNR, 2025, 18))),
    ("KM143", lambda f: setattr(vm(f), "vgdoknr", m.lag_vgdoknr("V", ORGNR2, 2025, 17))),
    ("KM144", lambda f: (setattr(vm(f), "orgnr", ORGNR2),
                         setattr(vm(f), "vgdoknr", m.lag_vgdoknr("V", ORGNR2, 2025, 1)))),
    ("KM145", _to_doks),
    ("KM146", lambda f: setattr(vm(f), "reformkode", "R97")),
    ("KM147", lambda f: setattr(vm(f), "vgdoktypekode", "XX")),
    ("KM148", lambda f: setattr(vm(f), "dato_utstedt", IDAG + datetime.timedelta(days=1))),
    ("KM150", lambda f: setattr(vm(f), "foedtdato", "310207")),
    ("KM150", lambda f: setattr(vm(f), "foedtdato", "1505O7")),
    ("KM151", lambda f: setattr(vm(f), "personnummer", "")),
    ("KM152", lambda f: setattr(vm(f), "personnummer", "1234")),
    ("KM153", _fiktivt),
    ("KM154", _feil_kontrollsiffer),
    ("KM155", lambda f: setattr(vm(f), "maalformkode", "E")),
    ("KM156", lambda f: setattr(vm(f), "orden", "X")),
    ("KM157", lambda f: setattr(vm(f), "adferd", "God")),
    ("KM158", lambda f: setattr(vm(f), "gsk_ok", "Ja")),
    ("KM160", lambda f: setattr(vm(f), "dispensasjonkode", "F")),
    ("KM161", lambda f: setattr(vm(f), "dispensasjonkode", "D")),
    ("KM111", lambda f: setattr(vm(f), "omfang", "26x")),
    ("KM113", lambda f: setattr(vm(f), "avgangsaar", "25")),
    ("KM200", lambda f: setattr(vm(f).programomrader[0], "nivaakode", "")),
    ("KM200", lambda f: setattr(vm(f).programomrader[0], "fravaer_dager", "")),
    ("KM201", lambda f: setattr(vm(f), "programomrader", [])),
    ("KM201", lambda f: kb(f).programomrader.append(copy.deepcopy(vm(f).programomrader[0]))),
    ("KM202", lambda f: setattr(vm(f).programomrader[0], "nivaakode", "VG6")),
    ("KM203", lambda f: setattr(vm(f).programomrader[0], "paastandkode", "X")),
    ("KM204", lambda f: setattr(vm(f).programomrader[0], "paastandkode", "H")),
    ("KM205", lambda f: setattr(vm(f).programomrader[1], "promrkode", "ELELE1----")),
    ("KM500", lambda f: setattr(vm(f).programomrader[2], "paastandkode", "")),
    ("KM500", lambda f: setattr(vm(f).programomrader[2], "paastandkode", "I")),
    ("KM240", lambda f: setattr(fagnr(f, "NOR1211"), "terminkode", "")),
    ("KM240", lambda f: setattr(fagnr(f, "NOR1211"), "fagtypekode", "")),
    ("KM240", lambda f: setattr(fagnr(f, "NOR1211"), "karakter_standpunkt", "")),
    ("KM241", lambda f: setattr(fagnr(f, "MAT1001"), "fagkode", "NOR1211")),
    ("KM242", lambda f: setattr(fagnr(f, "NOR1211"), "fagtypekode", "SF")),
    ("KM243", lambda f: setattr(fagnr(f, "NOR1211"), "karakter_standpunkt", "7")),
    ("KM243", lambda f: setattr(fagnr(f, "NOR1211"), "karakter_standpunkt", "IM")),
    ("KM244", lambda f: setattr(fagnr(f, "ENG1007"), "karakter_eksamen", "D")),
    ("KM244", lambda f: setattr(fagnr(f, "ENG1007"), "karakter_eksamen", "IV")),
    ("KM245", lambda f: setattr(fagnr(f, "ENG1007"), "eksamensformkode", "")),
    ("KM246", lambda f: setattr(fagnr(f, "NOR1211"), "eksamensformkode", "S")),
    ("KM247", lambda f: setattr(fagnr(f, "ENG1007"), "eksamensformkode", "SP")),
    ("KM248", lambda f: setattr(fagnr(f, "NOR1211"), "terminkode", "S")),
    ("KM249", lambda f: setattr(fagnr(f, "NOR1211"), "fagstatuskode", "X")),
    ("KM250", lambda f: setattr(fagnr(f, "NOR1211"), "fagstatuskode", "V")),
    ("KM251", lambda f: setattr(kb(f), "fag", [])),
    ("KM252", lambda f: setattr(fagnr(f, "NOR1211"), "karakter_standpunkt", "F")),
    ("KM253", lambda f: setattr(fagnr(f, "NOR1211"), "merknadkode", "VMM31")),
    ("KM254", lambda f: setattr(fagnr(f, "NOR1211"), "fagstatuskode", "P")),
    ("KM255", lambda f: setattr(fagnr(f, "NOR1211"), "karakter_standpunkt", "IV")),
    ("KM111", lambda f: setattr(fagnr(f, "NOR1211"), "linjenr", "a")),
    ("KM113", lambda f: setattr(fagnr(f, "NOR1211"), "aar", "23")),
    ("KM112", lambda f: setattr(fagnr(f, "NOR1211"), "fagkode", "NOR1211ABCD")),
    ("KM300", lambda f: setattr(vm(f).merknader[0], "merknadnr", "")),
    ("KM301", lambda f: setattr(vm(f).merknader[0], "merknadkode", "FAM11")),
    ("KM301", lambda f: setattr(vm(f).merknader[0], "merknadkode", "VMR94")),
    ("KM302", lambda f: setattr(vm(f).merknader[0], "sidekode", "B")),
    ("KM303", lambda f: vm(f).merknader.append(m.Merknad(merknadnr="1", merknadkode="VMM02"))),
    ("KM304", lambda f: setattr(vm(f).merknader[0], "kategorikode", "PRIM")),
    ("KM305", lambda f: setattr(vm(f).merknader[0], "merknadtekst", "R94-tekst")),
    ("KM306", lambda f: setattr(vm(f).merknader[0], "promrkode", "BABAT3----")),
    ("KM400", lambda f: setattr(ann(f), "saksbehandler", "")),
    ("KM400", lambda f: setattr(ann(f), "dato_annullert", None)),
    ("KM141", lambda f: setattr(ann(f), "vgdoknr", "ABC")),
    ("KM141", lambda f: setattr(ann(f), "erstattes_av", "V123")),
    ("KM402", lambda f: setattr(ann(f), "aarsakkode", "XYZ")),
    ("KM403", lambda f: setattr(ann(f), "vgdoknr", vm(f).vgdoknr)),
    ("KM404", lambda f: setattr(ann(f), "erstattes_av", ann(f).vgdoknr)),
    ("KM405", lambda f: setattr(ann(f), "dato_annullert", IDAG + datetime.timedelta(days=3))),
    ("KM406", lambda f: a(f).annulleringer.append(copy.deepcopy(ann(f)))),
    ("KM501", lambda f: setattr(vm(f), "merknader", [])),
    ("KM502", lambda f: setattr(vm(f).merknader[0], "parameter1", "12.13.2025")),
    ("KM502", lambda f: setattr(vm(f).merknader[0], "parameter1", "")),
    ("KM503", lambda f: setattr(vm(f).merknader[0], "parameter1", "Bestått fagopplæring 12.08.2025")),
    ("KM504", lambda f: setattr(fagnr(f, "ELE3102"), "karakter_eksamen", "IB")),
    ("KM505", lambda f: setattr(vm(f).merknader[0], "parameter1", "12.08.2026")),
    ("KM506", lambda f: setattr(vm(f).merknader[0], "parameter1", "25.08.2025")),
]  # fmt: skip


@pytest.mark.parametrize(("kode", "brudd"), BRUDD, ids=[f"{k}-{i}" for i, (k, _) in enumerate(BRUDD)])
def test_hvert_brudd_gir_sin_kode(kode, brudd):
    f = lag_fil()
    brudd(f)
    meldinger = kontroller(f, idag=IDAG)
    treff = [x for x in meldinger if x.kode == kode]
    assert treff, [x.tekst for x in meldinger]
    klasse, alvor, _ = KODER[kode]
    assert all((x.klasse, x.alvor) == (klasse, alvor) and x.tekst for x in treff)
    if alvor == "FEIL":
        assert har_feil(meldinger, treff[0].vgdoknr)


def test_tom_fil():
    assert [x.kode for x in kontroller(m.Fil(), idag=IDAG)] == ["KM110"]


@pytest.mark.parametrize(
    "endring",
    [
        lambda f: (setattr(vm(f), "foedtdato", "551207"), setattr(vm(f), "personnummer", personnummer("551207"))),
        lambda f: (setattr(vm(f), "foedtdato", "158507"), setattr(vm(f), "personnummer", personnummer("158507"))),
        lambda f: _utenlandsk(f, lag_orgnr("41234567")),
        lambda f: setattr(kb(f).fag[0], "karakter_eksamen", "IB"),
        lambda f: setattr(kb(f).fag[0], "karakter_standpunkt", "IV"),
        lambda f: setattr(kb(f), "programomrader", []),
        lambda f: setattr(fagnr(f, "NOR1211"), "karakter_standpunkt", "-"),
        lambda f: setattr(fagnr(f, "NOR1211"), "karakter_eksamen", "-"),
        lambda f: (setattr(fagnr(f, "MAT1001"), "karakter_standpunkt", "F"),
                   setattr(fagnr(f, "MAT1001"), "merknadkode", "FAM11")),
        lambda f: (setattr(fagnr(f, "NOR1211"), "karakter_standpunkt", ""),
                   setattr(fagnr(f, "NOR1211"), "fagstatuskode", "P")),
        lambda f: (setattr(vm(f), "dispensasjonkode", "D"), setattr(vm(f).merknader[0], "kategorikode", "DISP")),
    ],
    ids=["d-nummer", "test-norge", "utenlandsk-skole", "kb-ib", "kb-iv", "kb-uten-p", "ingen-standpunkt",
         "ingen-eksamen", "fritatt-med-fam", "privatist-uten-standpunkt", "disp-merknad"],
)  # fmt: skip
def test_gyldige_varianter_gir_ingen_feil(endring):
    f = lag_fil()
    endring(f)
    assert [x for x in kontroller(f, idag=IDAG) if x.alvor != "INFO"] == []


def test_orgnr_kontroll():
    assert gyldig_orgnr("974760673") and gyldig_orgnr("842872022") and gyldig_orgnr("874544582")
    assert not gyldig_orgnr("974760674")
    assert not gyldig_orgnr("97476067")
    assert gyldig_orgnr(lag_orgnr("41234567"))
    assert not gyldig_orgnr(lag_orgnr("11234567"))  # valid check digit, but must start with 8, 9 or 4


def test_meldingene_har_linje_og_vgdoknr():
    from fagopplaering.nvb.format import les, skriv_tekst

    f = lag_fil()
    fagnr(f, "ENG1007").karakter_eksamen = "D"
    lest = les(skriv_tekst(f)).fil
    [melding] = [x for x in kontroller(lest, idag=IDAG) if x.kode == "KM244"]
    assert melding.linje == 8 and melding.tekst.startswith("Linje 8: F6 Karakter_eksamen «D» for ENG1007")
    assert melding.vgdoknr == vm(f).vgdoknr


def test_tekstene_gjentar_ikke_fodselsnummer_eller_navn():
    f = lag_fil()
    _feil_kontrollsiffer(f)
    vm(f).foedtdato = "310207"
    for x in kontroller(f, idag=IDAG):
        assert vm(f).personnummer not in x.tekst and "310207" not in x.tekst and "Erik" not in x.tekst


def test_kontroller_dokument_alene():
    f = lag_fil()
    assert kontroller_dokument(vm(f), a(f), idag=IDAG) == []
    vm(f).merknader = []
    assert [x.kode for x in kontroller_dokument(vm(f), a(f), idag=IDAG)] == ["KM501"]


def test_eksporterbare_og_har_feil():
    f = lag_fil()
    alle = {vm(f).vgdoknr, kb(f).vgdoknr, ann(f).vgdoknr, f.avsendere[1].dokumenter[0].vgdoknr}
    assert eksporterbare(f, kontroller(f, idag=IDAG)) == alle
    vm(f).merknader = []
    kb(f).maalformkode = "E"
    meldinger = kontroller(f, idag=IDAG)
    assert har_feil(meldinger, vm(f).vgdoknr) and har_feil(meldinger, kb(f).vgdoknr)
    assert not har_feil(meldinger, ann(f).vgdoknr)
    assert eksporterbare(f, meldinger) == alle - {vm(f).vgdoknr, kb(f).vgdoknr}
    varsel = [Melding(vm(f).vgdoknr, "FIL", "VARSEL", "KM151", "x")]
    assert eksporterbare(f, varsel) == alle
    a(f).orgnr = "974760674"  # a FEIL on the ¤A line stops the whole file
    assert eksporterbare(f, kontroller(f, idag=IDAG)) == set()


def test_melding_som_dict_og_e_linje():
    x = Melding("V97476067320250017", "FAG", "FEIL", "KM501", "Mangler VMM31 ¤ her\nny linje", 3)
    assert x.som_dict() == {"vgdoknr": "V97476067320250017", "klasse": "FAG", "alvor": "FEIL", "kode": "KM501",
                            "tekst": "Mangler VMM31 ¤ her\nny linje"}  # fmt: skip
    assert x.som_e_linje(7) == "¤E¤7¤¤FAG¤FEIL¤KM501¤{Mangler VMM31 ¤ her\\nny linje}"
    assert x.som_e_linje(8, kontrollnr=2).startswith("¤E¤8¤2¤FAG¤")


def test_katalogen_folger_nvb_sine_intervaller_og_er_dokumentert():
    tekst = DOCS.read_text(encoding="utf-8")
    for kode, (klasse, alvor, kort) in KODER.items():
        nr = int(kode[2:])
        assert klasse == ("SYSTEM" if nr < 100 else "FIL" if nr < 500 else "FAG"), kode
        assert alvor in ("FEIL", "VARSEL", "INFO") and kort and KILDER[kode]
        assert f"| {kode} |" in tekst, f"{kode} mangler i docs/fagopplaering/nvb.md"
