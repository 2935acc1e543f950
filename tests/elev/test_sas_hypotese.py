"""Leseren av SAS ↔ VIGO-filen reiser aldri et unntak, uansett tekst: den melder feil i stedet (docs/sas.md §4)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inntak.elev.sas import lag_testfil, valider_fil
from inntak.elev.sas.format import POSTTYPER, SKILLETEGN

_GOD = list(lag_testfil(2, 2, seed=1))
_FELT = st.one_of(
    st.text(max_size=15),
    st.sampled_from(["", " ", "J", "N", "GK", "IV", "20252026", "20250818", "01010750160", "42059199202", "50010",
                     "STUSP1----", "NOR1267", "٣", "²", "0" * 11, "99999999", "\ufeff"]),
)  # fmt: skip
_LINJE = st.one_of(
    st.text(),
    st.lists(_FELT, max_size=30).map(SKILLETEGN.join),
    st.tuples(st.sampled_from(list(POSTTYPER)), st.lists(_FELT, max_size=30)).map(
        lambda t: SKILLETEGN.join([t[0], *t[1]])
    ),
    st.sampled_from(_GOD),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINJE, max_size=12), st.booleans())
def test_leseren_reiser_aldri(linjer, syntetiske):
    lesing = valider_fil(linjer, tillat_syntetiske=syntetiske, behold_poster=True)
    assert lesing.linjer == len(linjer)
    assert lesing.ok == (lesing.antall_feil == 0)
    assert len(lesing.poster) == sum(lesing.antall.values())
    if linjer:
        assert lesing.ok or lesing.ugyldige_linjer > 0
    for f in lesing.feil:
        assert f.kode and f.melding and 0 <= f.linje <= len(linjer)
