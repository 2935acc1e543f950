"""SAS ↔ VIGO-filen: gyldig fil, rundtur byte for byte, feltfeil, strukturfeil og fiktive fødselsnumre
(docs/sas.md). Ingen database."""

from __future__ import annotations

import datetime
import io

import pytest

from inntak.elev.sas import (
    POSTTYPER,
    Elev,
    Elevkurs,
    Kompetansebevislinje,
    Leser,
    Tof,
    lag_testfil,
    les_fil,
    skriv_fil,
    skriv_post,
    valider_fil,
)
from inntak.elev.sas.format import SKILLETEGN

FNR = "01010750160"  # gyldig fødselsnummer (kontrollsifre i orden), brukt i testene fra før
FIKTIVT = "42059199202"  # publisert eksempel på VIGO-fiktivt nummer: jente født 02.05.1991, fylke 02
NOKKEL = (FNR, "20252026", "50010", "STUSP1----")


def _linjer() -> list[str]:
    """En liten, gyldig fil: TOF, én elev, ett elevkurs, to fag og en vitnemålsmerknad."""
    return [
        "TOF;3;20260630;Testskole;50;;avgiver-1\n",
        f"$EL;{FNR};Nordmann Kari;Testveien 1;7010;5001;;NOR;\n",
        f"$EK;{';'.join(NOKKEL)};1STA;20250818;;;N;VM;B;2;5;G;G;;N;B;;3;N;8;\n",
        f"$KL;{';'.join(NOKKEL)};NOR1267;4;;5;4;;;S;;;E;20250818;;;V;;;;;\n",
        f"$KL;{';'.join(NOKKEL)};MAT1021;3;;IV;;;;;;;E;20250818;;;V;FAM29;;;;\n",
        f"$VM;{';'.join(NOKKEL)};VMM01;Fransk;\n",
    ]


def _sett(linjer: list[str], linje: int, felt: int, verdi: str) -> list[str]:
    """Sett felt nr. ``felt`` (1 = linjeidentifikatoren) på linje nr. ``linje`` (1 = første)."""
    ny = list(linjer)
    deler = ny[linje - 1].rstrip("\n").split(SKILLETEGN)
    deler += [""] * (felt - len(deler))
    deler[felt - 1] = verdi
    ny[linje - 1] = SKILLETEGN.join(deler) + "\n"
    return ny


def _feil(linjer, **opsjoner) -> list[tuple[int, str, str, str]]:
    lesing = valider_fil(linjer, **opsjoner)
    return [(f.linje, f.post, f.felt, f.kode) for f in lesing.feil]


# -- gyldige filer ---------------------------------------------------------------------------------------------


def test_liten_fil_leses_til_typede_poster():
    lesing = valider_fil(_linjer(), behold_poster=True)
    assert lesing.ok and lesing.feil == [] and lesing.antall_feil == 0
    assert lesing.antall == {"TOF": 1, "$EL": 1, "$EK": 1, "$KL": 2, "$VM": 1}
    tof, elev, kurs, norsk, matte, vm = lesing.poster
    assert isinstance(tof, Tof) and tof.fylkesnr == "50" and tof.skolenr is None
    assert tof.fildato == datetime.date(2026, 6, 30) and lesing.tof == tof
    assert isinstance(elev, Elev) and (elev.linje, elev.navn, elev.morsmal) == (2, "Nordmann Kari", "NOR")
    assert isinstance(kurs, Elevkurs)
    assert (kurs.startdato, kurs.avbruddsdato, kurs.deltid, kurs.fravaer_timer) == (
        datetime.date(2025, 8, 18), None, False, 5)  # fmt: skip
    assert isinstance(norsk, Kompetansebevislinje)
    assert (norsk.fagkode, norsk.karakter_standpunkt, norsk.eksamensform, norsk.termin) == (
        "NOR1267",
        "5",
        "S",
        "V",
    )
    assert matte.karakter_standpunkt == "IV" and matte.fagmerknad == "FAM29"
    assert (vm.merknad, vm.parameter1, vm.parameter2) == ("VMM01", "Fransk", None)


def test_generert_fil_har_null_feil_og_rundtur_byte_for_byte():
    tekst = "".join(lag_testfil(60, 15, seed=11))
    linjer = io.StringIO(tekst, newline="")
    leser = Leser(tillat_syntetiske=True)
    poster = list(les_fil(linjer, leser=leser))
    lesing = leser.resultat()
    assert lesing.ok, [f.tekst() for f in lesing.feil]
    assert lesing.antall == {"TOF": 1, "$EL": 60, "$EK": 60, "$KL": 900, "$VM": 6}
    assert "".join(skriv_fil(poster)) == tekst
    assert "".join(lag_testfil(60, 15, seed=11)) == tekst  # samme seed, samme fil


def test_crlf_og_bom_og_blanke_rundt_verdiene_leses_likt():
    linjer = ["\ufeff" + _linjer()[0].replace("\n", "\r\n")] + [
        linje.replace(";", " ; ").replace("\n", "\r\n") for linje in _linjer()[1:]
    ]
    lesing = valider_fil(linjer)
    assert lesing.ok, [f.tekst() for f in lesing.feil]


def test_manglende_felt_til_slutt_er_blanke():
    linjer = _linjer()
    linjer[5] = f"$VM;{';'.join(NOKKEL)};VMM01\n"
    assert valider_fil(linjer).ok


def test_syntetiske_numre_bare_nar_tillatt():
    tekst = list(lag_testfil(3, 2, seed=5, andel_fiktive=0))
    assert valider_fil(tekst, tillat_syntetiske=True).ok
    feil = _feil(tekst)
    assert feil and {f[3] for f in feil} == {"ugyldig_fnr"}


# -- fiktive fødselsnumre --------------------------------------------------------------------------------------


def test_fiktivt_fodselsnummer_godtas_med_advarsel():
    linjer = [linje.replace(FNR, FIKTIVT) for linje in _linjer()]
    lesing = valider_fil(linjer)
    assert lesing.ok, [f.tekst() for f in lesing.feil]
    assert [(a.linje, a.post, a.felt, a.kode) for a in lesing.advarsler] == [
        (2, "$EL", "fodselsnr", "fiktivt_fnr")
    ]
    assert "vitnemål sendes ikke til NVB" in lesing.advarsler[0].melding


def test_generert_fil_med_fiktive_numre():
    lesing = valider_fil(lag_testfil(200, 2, seed=3, andel_fiktive=0.5), tillat_syntetiske=True)
    assert lesing.ok and 50 < lesing.antall_advarsler < 150
    assert {a.kode for a in lesing.advarsler} == {"fiktivt_fnr"}


# -- feil i feltene --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("linje", "felt", "verdi", "navn", "kode"),
    [
        (2, 5, "701", "postnr", "ugyldig_tall"),
        (2, 3, "X" * 101, "navn", "for_lang"),
        (1, 5, "99", "fylkesnr", "ugyldig_kode"),
        (1, 2, "", "versjon", "mangler"),
        (1, 3, "20261301", "fildato", "ugyldig_dato"),
        (3, 7, "2025-08-18", "startdato", "ugyldig_dato"),
        (3, 7, "20250231", "startdato", "ugyldig_dato"),
        (3, 10, "Ja", "deltid", "ugyldig_kode"),
        (3, 11, "XX", "bevistype", "ugyldig_kode"),
        (3, 12, "X", "fullfortkode", "ugyldig_kode"),
        (3, 13, "1000", "fravaer_dager", "ugyldig_tall"),
        (3, 14, "-1", "fravaer_timer", "ugyldig_tall"),
        (3, 15, "OK", "ordenskarakter", "ugyldig_kode"),
        (3, 19, "E", "malform", "ugyldig_kode"),
        (4, 6, "NOR12678", "fagkode", "for_lang"),
        (4, 6, "1NOR267", "fagkode", "ugyldig_format"),
        (4, 6, "", "fagkode", "mangler"),
        (4, 9, "0", "karakter_standpunkt", "ugyldig_kode"),
        (4, 10, "8", "karakter_skriftlig", "ugyldig_kode"),
        (4, 15, "2025", "skolear2", "ugyldig_skolear"),
        (4, 16, "Q", "fagstatus", "ugyldig_kode"),
        (4, 19, "12345", "elevtimer", "ugyldig_tall"),
        (4, 20, "S", "termin", "ugyldig_kode"),
        (4, 23, "X", "karakterstatus", "ugyldig_kode"),
        (4, 25, "1.1.2026", "realkompetanse_dato", "ugyldig_dato"),
        (4, 13, "", "eksamensform", "mangler_eksamensform"),
        (4, 18, "20250801", "avbruddsdato", "avbrudd_for_start"),
        (3, 8, "20250817", "avbruddsdato", "avbrudd_for_start"),
        (6, 6, "", "merknad", "mangler"),
        (6, 7, "x" * 256, "parameter1", "for_lang"),
    ],
)
def test_hver_feltfeil_er_navngitt_med_linje_og_felt(linje, felt, verdi, navn, kode):
    linjer = _sett(_linjer(), linje, felt, verdi)
    post = linjer[linje - 1][:3]
    lesing = valider_fil(linjer, behold_poster=True)
    assert [(f.linje, f.post, f.felt, f.kode) for f in lesing.feil] == [(linje, post, navn, kode)]
    assert not lesing.ok and lesing.ugyldige_linjer == 1
    assert lesing.feil[0].melding and lesing.feil[0].melding[0].isupper()
    assert all(p.linje != linje for p in lesing.poster)  # ingenting halvt godtatt
    assert lesing.antall[post] == sum(1 for rad in _linjer() if rad.startswith(post)) - 1


@pytest.mark.parametrize(
    ("verdi", "kode"),
    [
        ("01010750161", "ugyldig_fnr"),
        ("0101075016", "ugyldig_fnr"),
        ("0101O750160", "ugyldig_fnr"),
        ("", "mangler"),
    ],
)
def test_ugyldig_fodselsnummer_navngis_pa_hver_linje(verdi, kode):
    linjer = [linje.replace(FNR, verdi) for linje in _linjer()]
    assert _feil(linjer) == [(n, linjer[n - 1][:3], "fodselsnr", kode) for n in range(2, 7)]


@pytest.mark.parametrize(
    ("felt", "verdi", "navn", "kode"),
    [(3, "20252027", "skolear", "ugyldig_skolear"), (3, "2025/26", "skolear", "ugyldig_skolear"),
     (4, "5001", "skolenr", "ugyldig_tall"), (5, "stusp1----", "programomrade", "ugyldig_format"),
     (5, "STUSP1", "programomrade", "ugyldig_format")],
)  # fmt: skip
def test_ugyldig_nokkel_til_elevkurset_navngis_pa_hver_linje(felt, verdi, navn, kode):
    linjer = _linjer()
    for n in range(3, 7):
        linjer = _sett(linjer, n, felt, verdi)
    assert _feil(linjer) == [(n, linjer[n - 1][:3], navn, kode) for n in range(3, 7)]


def test_meldingene_er_norske_og_uten_fodselsnummer():
    linjer = [linje.replace(FNR, "01010750161") for linje in _sett(_linjer(), 4, 9, "0")][:4]
    lesing = valider_fil(linjer)
    meldinger = [f.melding for f in lesing.feil]
    assert meldinger == 3 * ["Fødselsnr (felt 2): Fødselsnummeret har feil kontrollsiffer."] + [
        "Karakter standpunkt (felt 9): «0» er ikke en gyldig kode; gyldige: 1, 2, 3, 4, 5, 6, 7, A, B, C, D, E, F, "
        "GK, IB, ID, IG, IM, IV.",
    ]
    assert not any("01010750161" in f.tekst() for f in lesing.feil)


def test_gk_pa_eksamen_krever_ikke_eksamensform():
    linjer = _sett(_sett(_linjer(), 4, 10, "GK"), 4, 13, "")
    assert valider_fil(linjer).ok


def test_rett_uten_voksen_gir_advarsel():
    lesing = valider_fil(_sett(_linjer(), 3, 17, "U"))
    assert lesing.ok and [(a.felt, a.kode) for a in lesing.advarsler] == [("rettstype", "ignoreres")]
    assert valider_fil(_sett(_sett(_linjer(), 3, 17, "U"), 3, 18, "J")).advarsler == []


def test_blank_startdato_pa_elevkurs_er_advarsel():
    lesing = valider_fil(_sett(_linjer(), 3, 7, ""))
    assert lesing.ok and [(a.linje, a.felt, a.kode) for a in lesing.advarsler] == [
        (3, "startdato", "blankt_felt")
    ]


# -- struktur --------------------------------------------------------------------------------------------------


def test_forste_linje_ma_vaere_tof():
    assert _feil(_linjer()[1:]) == [(1, "$EL", "", "tof_mangler")]


def test_tof_bare_forst_og_en_gang():
    linjer = _linjer()
    linjer.insert(3, linjer[0])
    assert _feil(linjer) == [(4, "TOF", "", "tof_ikke_forst")]


def test_tom_fil_og_tom_linje():
    assert _feil([]) == [(0, "", "", "tom_fil")]
    linjer = _linjer()
    linjer.insert(2, "\n")
    assert _feil(linjer) == [(3, "", "", "tom_linje")]


def test_ukjent_posttype_og_for_mange_felt():
    linjer = _linjer()
    linjer.insert(2, "$XX;1;2\n")
    linjer[5] = linjer[5].rstrip("\n") + ";ekstra\n"
    assert _feil(linjer) == [
        (3, "", "linjeidentifikator", "ukjent_posttype"),
        (6, "$KL", "", "for_mange_felt"),
    ]


def test_for_mange_felt_gir_ikke_folgefeil():
    linjer = _linjer()
    linjer[2] = linjer[2].rstrip("\n") + ";ekstra\n"  # $EK med et felt for mye
    assert _feil(linjer) == [(3, "$EK", "", "for_mange_felt")]


def test_elevkurs_etter_sin_elev():
    linjer = _linjer()
    assert _feil([linjer[0], linjer[2]]) == [(2, "$EK", "fodselsnr", "el_mangler")]
    annen = _sett(linjer, 2, 2, "15108695088")  # $EL for en annen elev over elevkurset
    assert _feil(annen) == [(3, "$EK", "fodselsnr", "el_mangler")]


def test_fag_og_merknad_etter_sitt_elevkurs():
    linjer = _linjer()
    assert _feil(linjer[:2] + linjer[3:4]) == [(3, "$KL", "fodselsnr", "ek_mangler")]
    feil_skole = _sett(linjer, 4, 4, "50011")
    assert _feil(feil_skole) == [(4, "$KL", "skolenr", "ek_mangler")]
    feil_ar = _sett(linjer, 6, 3, "20242025")
    assert _feil(feil_ar) == [(6, "$VM", "skolear", "ek_mangler")]
    ny_elev = linjer[:4] + [linjer[1].replace(FNR, "15108695088"), linjer[4]]
    assert _feil(ny_elev) == [(6, "$KL", "fodselsnr", "ek_mangler")]


def test_doble_poster():
    linjer = _linjer()
    assert _feil(linjer + [linjer[1]]) == [(7, "$EL", "fodselsnr", "dobbel_el")]
    assert _feil(linjer[:4] + [linjer[3]]) == [(5, "$KL", "fagkode", "dobbel_kl")]
    assert _feil(linjer + [linjer[5]]) == [(7, "$VM", "merknad", "dobbel_vm")]
    assert _feil(linjer[:3] + [linjer[2]]) == [(4, "$EK", "programomrade", "dobbel_ek")]
    # samme fag tatt ved en annen skole (skolenr 2) er ikke dobbelt
    assert _feil(linjer[:4] + _sett(linjer, 4, 14, "50020")[3:4]) == []


def test_tof_skole_og_fylke():
    linjer = _sett(_linjer(), 1, 6, "50011")
    assert _feil(linjer) == [(3, "$EK", "skolenr", "annen_skole"), (4, "$KL", "skolenr", "annen_skole"),
                             (5, "$KL", "skolenr", "annen_skole"), (6, "$VM", "skolenr", "annen_skole")]  # fmt: skip
    assert _feil(_linjer(), fylke="03") == [(1, "TOF", "fylkesnr", "feil_fylke")]
    assert _feil(_linjer(), fylke="50") == []


def test_alle_feil_tas_med_og_listen_har_tak():
    linjer = _linjer()[:4] + [
        _sett(_linjer(), 4, 9, "0")[3].replace("NOR1267", f"NOR{n:04d}") for n in range(30)
    ]
    lesing = valider_fil(linjer, maks_feil=10)
    assert lesing.antall_feil == 30 and len(lesing.feil) == 10 and lesing.utelatte_feil == 20
    assert [f.linje for f in lesing.feil] == list(range(5, 15))
    assert valider_fil(linjer).antall_feil == 30


def test_flere_feil_pa_samme_linje_alle_navngitt():
    linjer = _sett(_sett(_sett(_linjer(), 4, 6, "nor"), 4, 16, "Q"), 4, 17, "2025")
    assert _feil(linjer) == [(4, "$KL", "fagkode", "ugyldig_format"), (4, "$KL", "fagstatus", "ugyldig_kode"),
                             (4, "$KL", "startdato", "ugyldig_dato")]  # fmt: skip


# -- skriveren -------------------------------------------------------------------------------------------------


def test_skriver_alle_felt_og_nekter_skilletegn():
    linje = skriv_post(Tof(0, "3", None, None, "50", None, None))
    assert linje == "TOF;3;;;50;;" and linje.count(";") == len(POSTTYPER["TOF"].felter)
    with pytest.raises(ValueError):
        skriv_post(Tof(0, "3", None, "a;b", "50", None, None))


def test_lest_fil_skrives_tilbake_likt():
    poster = list(les_fil(_linjer()))
    assert "".join(skriv_fil(poster)) == "".join(_linjer())


# -- uten rammeverk og strømmende ------------------------------------------------------------------------------


def test_pakken_importerer_ikke_django():
    import os
    import subprocess
    import sys
    from pathlib import Path

    miljo = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    kode = "import sys, inntak.elev.sas; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    svar = subprocess.run([sys.executable, "-c", kode], cwd=Path(__file__).resolve().parents[2], env=miljo,
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert svar.stdout.strip() == "[]"


def test_leseren_strommer():
    """Første post kommer ut før resten av filen er lest (filen blir aldri en liste i leseren)."""
    lest = []

    def kilde():
        for linje in lag_testfil(50, 3, seed=2):
            lest.append(linje)
            yield linje

    poster = les_fil(kilde(), tillat_syntetiske=True)
    assert isinstance(next(poster), Tof) and len(lest) == 1
    assert isinstance(next(poster), Elev) and len(lest) == 2
