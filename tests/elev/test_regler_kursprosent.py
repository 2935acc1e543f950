"""Kursprosent fra Grep-timer og elevtimer, med advarsler og lesemåter, uten database (docs/elev.md §3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inntak.elev.regler.kursprosent import Fagtimer, Kursprosentregler, elevtimer_pakrevd, kursprosent

GREP = {"NOR1260": 112, "ENG1007": 140, "MAT1019": 140, "NAT1007": 140, "KRO1017": 56, "SAF1001": 84}
STUDIESPES = 840  # Lånekassen: heltid er normalt minst 840 årstimer på studiespesialisering


def test_grep_timer_summeres():
    fag = [Fagtimer(k) for k in GREP]
    svar = kursprosent(fag, GREP, STUDIESPES)
    assert svar.timer == Decimal(672) and svar.prosent == Decimal(80) and svar.eksakt == Decimal(80)
    assert svar.advarsler == []
    assert (
        svar.forklaring[-1]
        == "Kursprosent 80 (avrundet halvt opp, lesemåte avrunding=heltall). (docs/elev.md §3.6)"
    )


def test_registrerte_elevtimer_erstatter_grep_bare_for_merkede_fag():
    fag = [Fagtimer("NOR1260", elevtimer=50), Fagtimer("NOR1801", elevtimer=300, elevtimer_grunnlag=True)]
    svar = kursprosent(fag, {"NOR1260": 112}, 980)
    assert svar.timer == Decimal(412)  # 112 fra Grep (elevtimer ignoreres uten merket) + 300 elevtimer
    assert "NOR1801: 300 registrerte elevtimer. (docs/elev.md §3.5)" in svar.forklaring


def test_manglende_elevtimer_gir_advarsel_og_for_lav_prosent():
    fag = [Fagtimer("NOR1260"), Fagtimer("NOR1801", elevtimer_grunnlag=True)]
    svar = kursprosent(fag, {"NOR1260": 112, "NOR1801": 560}, STUDIESPES)
    assert svar.timer == Decimal(112) and svar.prosent == Decimal(13)
    assert len(svar.advarsler) == 1
    assert svar.advarsler[0].startswith(
        "NOR1801: elevtimer er grunnlag for kursprosent, men mangler; faget teller 0"
    )
    assert "manglende_elevtimer=null" in svar.advarsler[0]


def test_manglende_elevtimer_lesemate_grep():
    fag = [Fagtimer("NOR1801", elevtimer_grunnlag=True)]
    svar = kursprosent(fag, {"NOR1801": 420}, STUDIESPES, Kursprosentregler(manglende_elevtimer="grep"))
    assert svar.prosent == Decimal(50) and "manglende_elevtimer=grep" in svar.advarsler[0]


def test_b09_pakrevde_fag_uten_merke_gir_advarsel():
    svar = kursprosent([Fagtimer("TEO9000")], {"TEO9000": 84}, STUDIESPES)
    assert svar.advarsler and "Regbok B09 krever elevtimer" in svar.advarsler[0]
    assert [k for k in ["NOR3002", "ENG3004", "NOR1818", "NOR1819", "UPF1234", "IOP3000", "YFF4290", "YSL2003"]
            if elevtimer_pakrevd(k)] == ["NOR3002", "NOR1818", "UPF1234", "IOP3000", "YFF4290"]  # fmt: skip


def test_fag_uten_grep_timer_teller_null_med_advarsel():
    svar = kursprosent([Fagtimer("XYZ1234")], {}, STUDIESPES)
    assert svar.prosent == 0 and "fant ingen Grep-timer" in svar.advarsler[0]


@pytest.mark.parametrize("status", ["F", "R", "G"])
def test_fritak_og_godkjente_fag_teller_ikke(status):
    svar = kursprosent([Fagtimer("MAT1019", fagstatus=status), Fagtimer("NOR1260")], GREP, STUDIESPES)
    assert svar.timer == Decimal(112)


def test_sluttet_fag_lesemater():
    fag = [Fagtimer("MAT1019", fagstatus="S"), Fagtimer("NOR1260")]
    assert kursprosent(fag, GREP, STUDIESPES).timer == Decimal(252)
    ikke = kursprosent(fag, GREP, STUDIESPES, Kursprosentregler(sluttet_fag="teller_ikke"))
    assert ikke.timer == Decimal(112) and any("sluttet_fag=teller_ikke" in linje for linje in ikke.forklaring)


def test_avrunding_halvt_opp_og_to_desimaler():
    # 100 × 2 / 3 = 66,666… og 100 × 1 / 8 = 12,5
    assert kursprosent([Fagtimer("A")], {"A": 2}, 3).prosent == Decimal(67)
    assert kursprosent([Fagtimer("A")], {"A": 1}, 8).prosent == Decimal(13)
    to = kursprosent([Fagtimer("A")], {"A": 2}, 3, Kursprosentregler(avrunding="to_desimaler"))
    assert to.prosent == Decimal("66.67")


def test_tak_pa_100():
    svar = kursprosent([Fagtimer(k) for k in GREP], GREP, 600)
    assert svar.prosent == 100 and svar.eksakt == Decimal(112)
    uten = kursprosent([Fagtimer(k) for k in GREP], GREP, 600, Kursprosentregler(tak_100=False))
    assert uten.prosent == 112


def test_arstimer_ma_vaere_positiv():
    with pytest.raises(ValueError, match="positivt"):
        kursprosent([], {}, 0)


linjer = st.lists(
    st.builds(
        Fagtimer,
        fagkode=st.sampled_from(["NOR1260", "ENG1007", "MAT1019", "NOR1801", "TEO9000", "UKJENT1"]),
        fagstatus=st.sampled_from(list("EFSRGPV")),
        elevtimer=st.none() | st.integers(0, 9999),
        elevtimer_grunnlag=st.booleans(),
    ),
    max_size=12,
)


@given(linjer, st.integers(1, 2000), st.sampled_from(["heltall", "to_desimaler"]))
def test_kursprosent_er_mellom_0_og_100(fag, arstimer, avrunding):
    svar = kursprosent(
        fag, {**GREP, "NOR1801": 560, "TEO9000": 84}, arstimer, Kursprosentregler(avrunding=avrunding)
    )
    assert Decimal(0) <= svar.prosent <= Decimal(100)
    assert isinstance(svar.prosent, Decimal)
    assert all("(docs/elev.md §3." in linje for linje in svar.forklaring + svar.advarsler)
