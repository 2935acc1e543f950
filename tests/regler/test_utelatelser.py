"""Hver regel for hva som teller og ikke teller (docs/regler/regler-2006.md §1.1–§1.3), og verditabellen for SQL-batchen."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import pytest

from inntak.regler import Karakter, Valideringsfeil, karakter_tallverdi
from inntak.regler import beregn_poeng as _beregn_poeng
from inntak.regler.poeng import VALGFAG_KODE

# These tests describe the rules of forskrift 2006 (docs/regler/regler-2006.md), so they name a 2006 rule set;
# the standard rule set follows opplæringsforskrifta 2024 from 2025-2026 (tests/regler/test_forskrift_2024.py).
beregn_poeng = partial(_beregn_poeng, regelsett="2024-2025")

D = Decimal
GRUNNLAG = ["4", "4", "4", "4"]  # fire firere: 16 / 4 = 4,00 → 40,00


def _med(lag, *ekstra: Karakter):
    return beregn_poeng([*lag.enkle(*GRUNNLAG), *ekstra], "VG1")


@pytest.mark.parametrize(
    ("karakter", "fravaer", "forventet"),
    [
        *[(str(n), False, D(n)) for n in range(1, 7)],
        (6, False, D(6)),
        ("IV", False, D(0)),
        ("iv", False, D(0)),
        ("IM", False, D(0)),
        ("IM", True, None),
        ("F", False, None),
        ("D", False, None),
        ("B", False, None),
        ("IB", False, None),
        ("GK", False, None),
        ("G", False, None),
        ("NG", False, None),
        ("LG", False, None),
    ],
)
def test_karakter_tallverdi_er_hele_verditabellen(karakter, fravaer, forventet):
    assert karakter_tallverdi(karakter, fravaer) == forventet


@pytest.mark.parametrize("ugyldig", ["7", "0", "A", "", "4.5", 7, True, None, 4.0])
def test_ukjent_karakter_gir_tydelig_feil(ugyldig):
    with pytest.raises(Valideringsfeil) as feil:
        karakter_tallverdi(ugyldig)
    assert feil.value.felt == "karakter"
    assert isinstance(feil.value, ValueError)


def test_feilmeldingen_lister_gyldige_verdier():
    with pytest.raises(
        Valideringsfeil, match=r"Ugyldig karakter «7»\. Gyldige verdier: 1, 2, 3, 4, 5, 6, IV, IM, F"
    ):
        Karakter("MAT0010", "standpunkt", "7")


@pytest.mark.parametrize(
    "rad",
    [
        Karakter("ORDEN", "standpunkt", "G"),
        Karakter("OPPFORSEL", "standpunkt", "LG"),
        Karakter("X0001", "standpunkt", "NG"),  # skalaen G/NG/LG avslører orden/oppførsel
        Karakter("X0002", "standpunkt", "2", fagtype="orden"),  # regnes aldri om, selv med tall
        Karakter("X0003", "standpunkt", "G", fagtype="oppførsel"),
    ],
)
def test_orden_og_oppforsel_teller_aldri(lag, rad):
    r = _med(lag, rad)
    assert r.poeng == D("40.00") and r.antall_karakterer == 4
    assert [u.grunn for u in r.utelatt] == ["Orden og oppførsel teller ikke"]
    assert "§ 6-21 første ledd" in r.utelatt[0].hjemmel
    assert r.antall_fag == 4  # orden/oppførsel er ikke fag i halvparttesten


def test_orden_fra_fag_registeret(lag):
    r = beregn_poeng(
        [*lag.enkle(*GRUNNLAG), Karakter("ORD9999", "standpunkt", "6")],
        "VG1",
        fagtype_oppslag={"ORD9999": "orden"},
    )
    assert r.poeng == D("40.00")
    assert r.utelatt[0].fag == "ORD9999"


def test_ordenskala_i_kjent_vanlig_fag_er_feil(lag):
    with pytest.raises(Valideringsfeil, match="orden og oppførsel") as feil:
        _med(lag, Karakter("MAT0010", "standpunkt", "G"))
    assert feil.value.felt == "karakterer[4].karakter"


def test_ugyldig_svar_fra_fagtype_oppslag_er_en_programfeil(lag):
    with pytest.raises(ValueError, match="fagtype_oppslag ga ugyldig svar for FAG0000"):
        beregn_poeng(lag.enkle("4"), "VG1", fagtype_oppslag=lambda fag: "kjernefag")


@pytest.mark.parametrize(
    ("kode", "navn"), [("D", "deltatt"), ("B", "bestått"), ("IB", "ikke bestått"), ("GK", "godkjent")]
)
def test_deltatt_og_bestatt_teller_ikke(lag, kode, navn):
    r = _med(lag, Karakter("X0001", "standpunkt", kode))
    assert r.poeng == D("40.00") and r.antall_karakterer == 4
    assert r.utelatt[0].grunn == f"Fag vurdert med «{navn}» teller ikke"
    assert r.antall_fag == 4  # fag uten tallkarakter i læreplanen mangler ikke karakter


def test_fritak_fjernes_fra_teller_og_nevner(lag):
    r = _med(lag, Karakter("X0001", "standpunkt", "F"))
    assert r.poeng == D("40.00") and r.antall_karakterer == 4 and r.sum_karakterer == D(16)
    assert r.utelatt[0].grunn.startswith("Fritak teller ikke")


def test_iv_teller_som_null(lag):
    r = _med(lag, Karakter("X0001", "standpunkt", "IV"))
    assert r.antall_karakterer == 5 and r.sum_karakterer == D(16)
    assert r.poeng == D("32.00")  # 16 / 5 = 3,20
    assert r.telte[-1].merknad == "IV (ikke vurderingsgrunnlag) teller som 0"


def test_im_uten_dokumentert_fravaer_teller_som_null(lag):
    r = _med(lag, Karakter("MAT0010", "eksamen_skriftlig", "IM"))
    assert r.antall_karakterer == 5 and r.poeng == D("32.00")
    assert not r.utelatt


def test_im_med_dokumentert_fravaer_utelates(lag):
    r = _med(lag, Karakter("MAT0010", "eksamen_skriftlig", "IM", dokumentert_fravaer=True))
    assert r.antall_karakterer == 4 and r.poeng == D("40.00")
    assert r.utelatt[0].grunn == "IM (ikke møtt) med dokumentert fravær teller ikke"


def test_im_er_bare_lov_pa_eksamen():
    with pytest.raises(Valideringsfeil, match="bare gis til eksamen") as feil:
        Karakter("MAT0010", "standpunkt", "IM")
    assert feil.value.felt == "karakter"


def test_dokumentert_fravaer_gjelder_bare_im():
    with pytest.raises(Valideringsfeil) as feil:
        Karakter("MAT0010", "eksamen_skriftlig", "3", dokumentert_fravaer=True)
    assert feil.value.felt == "dokumentert_fravaer"


def test_standpunkt_og_eksamen_i_samme_fag_teller_hver_for_seg(lag):
    r = beregn_poeng([lag.st("MAT0010", "4"), Karakter("MAT0010", "eksamen_skriftlig", "6")], "VG1")
    assert r.antall_karakterer == 2 and r.poeng == D("50.00")


def test_halvarsvurdering_teller_ikke_til_vg1(lag):
    r = _med(lag, Karakter("X0001", "halvar", "6"))
    assert r.poeng == D("40.00")
    assert r.utelatt[0].grunn == "Halvårsvurdering teller ikke ved inntak til Vg1"


class TestValgfag:
    def test_flere_ulike_valgfag_gir_ett_snitt_med_to_desimaler(self, lag):
        valgfag = [lag.st(f"VAL000{i}", k, fagtype="valgfag") for i, k in enumerate(["5", "4", "4"])]
        r = _med(lag, *valgfag)
        post = next(t for t in r.telte if t.fag == VALGFAG_KODE)
        assert post.verdi == D("4.33")  # 13 / 3 = 4,333…
        assert [d.fag for d in post.deler] == ["VAL0000", "VAL0001", "VAL0002"]
        assert r.antall_karakterer == 5  # fire vanlige + én valgfagpost
        assert r.sum_karakterer == D("20.33")
        assert r.poeng == D("40.70")  # 20,33 / 5 = 4,066 → 4,07

    def test_valgfagsnittet_runder_halvt_opp(self, lag):
        # 33 / 8 = 4,125 → 4,13 (ikke 4,12)
        karakterer = ["4", "4", "4", "5", "4", "4", "4", "4"]
        valgfag = [lag.st(f"VAL{i:04d}", k, fagtype="valgfag") for i, k in enumerate(karakterer)]
        r = beregn_poeng(valgfag, "VG1")
        assert r.telte[0].verdi == D("4.13")
        assert r.antall_karakterer == 1

    def test_ett_valgfag_teller_som_vanlig_karakter(self, lag):
        r = _med(lag, lag.st("VAL0001", "6", fagtype="valgfag"))
        assert r.antall_karakterer == 5 and r.sum_karakterer == D(22)
        assert all(t.fag != VALGFAG_KODE for t in r.telte)

    def test_iv_i_valgfag_teller_null_i_snittet_og_fritak_utelates(self, lag):
        valgfag = [
            lag.st("VAL0001", "5", fagtype="valgfag"),
            lag.st("VAL0002", "IV", fagtype="valgfag"),
            lag.st("VAL0003", "F", fagtype="valgfag"),
        ]
        r = _med(lag, *valgfag)
        post = next(t for t in r.telte if t.fag == VALGFAG_KODE)
        assert post.verdi == D("2.50")
        assert [d.fag for d in post.deler] == ["VAL0001", "VAL0002"]

    @pytest.mark.parametrize(
        "oppslag",
        [
            {"VAL0001": "valgfag", "VAL0002": "valgfag"},
            lambda fag: "valgfag" if fag.startswith("VAL") else None,
        ],
    )
    def test_fagtype_fra_oppslag(self, lag, oppslag):
        rader = [*lag.enkle(*GRUNNLAG), lag.st("VAL0001", "6"), lag.st("VAL0002", "5")]
        r = beregn_poeng(rader, "VG1", fagtype_oppslag=oppslag)
        assert r.antall_karakterer == 5
        assert r.sum_karakterer == D("21.50")

    def test_uten_fagtype_teller_valgfag_hver_for_seg(self, lag):
        rader = [*lag.enkle(*GRUNNLAG), lag.st("VAL0001", "6"), lag.st("VAL0002", "5")]
        assert beregn_poeng(rader, "VG1").antall_karakterer == 6


def test_samme_fag_og_vurdering_to_ganger_avvises(lag):
    with pytest.raises(Valideringsfeil, match="flere ganger") as feil:
        beregn_poeng([lag.st("MAT0010", "4"), lag.st("MAT0010", "5")], "VG1")
    assert feil.value.felt == "karakterer[1].fag"
