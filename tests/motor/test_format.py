"""Snapshot validation, canonical JSON, replay of a stored run, the pinned lottery and forklar."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inntak.motor import (
    FormatFeil,
    forklar,
    fra_json,
    kjor,
    les_resultat,
    les_snapshot,
    lodd,
    resultat_til_json,
    til_json_bytes,
    til_json_tekst,
    velg_seed,
    verifiser,
)
from inntak.motor.modell import poeng_fra_tekst, poeng_til_tekst

FIXTURE = Path(__file__).with_name("fixture_runde.json")


def test_lodd_er_festet_til_sha256():
    # printf '%s' '42:S1' | sha256sum -> 50e731ccd6a399ea391ce946…; first 8 bytes big-endian.
    assert lodd(42, "S1") == 0x50E731CCD6A399EA == 5829682998498531818
    # UTF-8 ids: printf '%s' '7:søker-ø' | sha256sum -> 5c5bdb7eaad24695…
    assert lodd(7, "søker-ø") == 0x5C5BDB7EAAD24695
    assert 0 <= velg_seed() < 2**63


def test_avspilling_av_lagret_kjoring_gir_identisk_resultat():
    lagret = json.loads(FIXTURE.read_text(encoding="utf-8"))
    snapshot = les_snapshot(lagret["snapshot"])
    resultat = kjor(snapshot)
    assert til_json_tekst(resultat_til_json(resultat)) == til_json_tekst(lagret["resultat"])
    assert verifiser(snapshot, les_resultat(lagret["resultat"])) == []
    # Hand-checked: søker-02 and -03 tie on 45.00 for the last ELEKTRO seat; the lottery picks søker-02.
    assert lodd(snapshot.seed, "søker-02") < lodd(snapshot.seed, "søker-03")
    assert lagret["resultat"]["ventelister"]["ELEKTRO-VG1-SKIEN"][0] == "søker-03"


def test_forklar_hvorfor_ikke_forste_onske():
    lagret = json.loads(FIXTURE.read_text(encoding="utf-8"))
    snapshot = les_snapshot(lagret["snapshot"])
    linjer = forklar(snapshot, kjor(snapshot), "søker-03")
    assert [x["utfall"] for x in linjer] == ["venteliste", "venteliste"]
    forste = linjer[0]
    assert forste["siste_inntatt"] == {"gruppe": 2, "poeng": "45.00"}
    assert forste["venteplass"] == 1
    assert "loddtrekningen avgjorde" in forste["tekst"]
    assert forklar(snapshot, kjor(snapshot), "søker-08")[-1]["utfall"] == "fast_plass"
    with pytest.raises(KeyError):
        forklar(snapshot, kjor(snapshot), "finnes-ikke")


def test_poeng_som_heltall_hundredeler():
    assert poeng_fra_tekst("45.60") == 4560
    assert poeng_fra_tekst("45.6") == 4560
    assert poeng_fra_tekst("45") == poeng_fra_tekst(45) == 4500
    assert poeng_til_tekst(4330) == "43.30" and poeng_til_tekst(5) == "0.05"
    for feil in ("45,60", "45.601", "-1", "", ".5", "4e1", 45.6, True, None, "٤٥"):
        with pytest.raises(ValueError):
            poeng_fra_tekst(feil)


def _snapshot(**endring):
    data = {
        "format": "inntak-snapshot/1",
        "seed": 1,
        "tilbud": [{"id": "A", "plasser": 1}],
        "sokere": [{"id": "S1", "poeng": "40.00", "onsker": ["A"]}],
    }
    data.update(endring)
    return data


@pytest.mark.parametrize(
    ("endring", "melding"),
    [
        ({"format": "inntak-snapshot/2"}, "Ukjent format"),
        ({"seed": -1}, "«seed»"),
        ({"tilbud": [{"id": "A", "plasser": -2}]}, "Tilbud nr. 1 («A»): «plasser»"),
        (
            {"tilbud": [{"id": "A", "plasser": 1}, {"id": "A", "plasser": 1}]},
            "Tilbud nr. 2 («A»): id-en finnes fra før",
        ),
        ({"tilbud": [{"id": "A", "plasser": 1, "inntakskrav": "opptaksprøve"}]}, "ukjent «inntakskrav»"),
        ({"sokere": [{"id": "S1", "onsker": ["B"]}]}, "Søker nr. 1 («S1»), ønske nr. 1: ukjent tilbud 'B'"),
        ({"sokere": [{"id": "S1", "onsker": ["A", "A"]}]}, "ønske nr. 2: tilbud «A» er ønsket flere ganger"),
        ({"sokere": [{"id": "S1", "poeng": "45,6"}]}, "Søker nr. 1 («S1»): ugyldig poeng"),
        ({"sokere": [{"id": "S1", "gruppe": "2"}]}, "«gruppe» må være et heltall"),
        ({"sokere": [{"id": "S1", "onsker": [{"tilbud": "A", "gruppe": -1}]}]}, "ønske nr. 1: «gruppe»"),
        ({"sokere": [{"id": "S1", "fast_plas": "A"}]}, "ukjent nøkkel «fast_plas»"),
        ({"sokere": [{"id": "S1", "fast_plass": "A", "beholdt": "A"}]}, "både «fast_plass» og «beholdt»"),
        ({"sokere": [{"id": "S1", "beholdt": "X"}]}, "«beholdt» viser til ukjent tilbud"),
        ({"sokere": [{"id": "S1"}, {"id": "S1"}]}, "Søker nr. 2 («S1»): id-en finnes fra før"),
        ({"sokere": [{"poeng": "40"}]}, "Søker nr. 1: «id»"),
    ],
)
def test_ugyldig_snapshot_gir_norsk_melding_som_peker_pa_elementet(endring, melding):
    with pytest.raises(FormatFeil) as feil:
        les_snapshot(_snapshot(**endring))
    assert any(melding in linje for linje in feil.value.feil), feil.value.feil


def test_standardverdier_og_alle_feil_samlet():
    snapshot = les_snapshot(_snapshot(sokere=[{"id": "S1"}]))
    assert (
        snapshot.sokere[0].gruppe == 2 and snapshot.sokere[0].poeng == 0 and snapshot.sokere[0].onsker == ()
    )
    with pytest.raises(FormatFeil) as feil:
        les_snapshot(_snapshot(sokere=[{"id": "S1", "poeng": "x", "gruppe": None, "onsker": ["Z"]}]))
    assert len(feil.value.feil) == 3


def test_les_resultat_avviser_feil_form():
    with pytest.raises(FormatFeil):
        les_resultat(
            {"format": "inntak-resultat/1", "tildelinger": {}, "ventelister": [], "poenggrenser": {}}
        )
    with pytest.raises(FormatFeil, match="skal finnes bare ved status"):
        les_resultat(
            {
                "format": "inntak-resultat/1",
                "tildelinger": {},
                "ventelister": {},
                "poenggrenser": {"A": {"status": "alle_inntatt", "poeng": "40.00"}},
            }
        )


def _stdlib(dokument):
    """The canonical form every stored run was written in (json.dumps before orjson was used)."""
    return json.dumps(dokument, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


_NOKKEL = st.text(st.characters(exclude_categories=("Cs",)), max_size=6)  # no lone surrogates (not UTF-8)


def _json(heltall: st.SearchStrategy[int]) -> st.SearchStrategy[dict]:
    verdi = st.recursive(
        st.none()
        | st.booleans()
        | heltall
        | st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
        | st.sampled_from(["søker-ø", '\x00\x1f\x7f\b\f\n\r\t"\\/', "\u2028\u2029\ufeff", "😀", "43.30"]),
        lambda barn: st.lists(barn, max_size=4) | st.dictionaries(_NOKKEL, barn, max_size=4),
        max_leaves=20,
    )
    return st.dictionaries(_NOKKEL, verdi, max_size=5)


@settings(max_examples=300, deadline=None, database=None)
@given(_json(st.integers(-(2**70), 2**70)))  # past 64 bits orjson refuses to write and the stdlib writes
def test_kanonisk_json_er_byte_lik_stdlib(dokument):
    assert til_json_tekst(dokument) == _stdlib(dokument)
    assert til_json_bytes(dokument) == _stdlib(dokument).encode("utf-8")


@settings(max_examples=100, deadline=None, database=None)
@given(_json(st.integers(-(2**63), 2**64 - 1)))  # orjson reads larger integers as floats (see fra_json)
def test_fra_json_leser_det_som_skrives(dokument):
    assert fra_json(til_json_bytes(dokument)) == dokument == fra_json(til_json_tekst(dokument))


def test_lagret_resultat_skrives_byte_likt_med_stdlib():
    lagret = json.loads(FIXTURE.read_text(encoding="utf-8"))
    resultat = kjor(les_snapshot(lagret["snapshot"]))
    assert til_json_bytes(resultat_til_json(resultat)) == _stdlib(lagret["resultat"]).encode("utf-8")
    # The pinned file itself is in canonical form (stored without the final newline).
    assert til_json_bytes(lagret) == FIXTURE.read_bytes() + b"\n"


def test_fra_json_gir_stdlibs_feilmelding_og_godtar_det_samme():
    with pytest.raises(json.JSONDecodeError) as feil:
        fra_json(b'{"format": }')
    assert str(feil.value) == "Expecting value: line 1 column 12 (char 11)"  # json.loads' own message
    with pytest.raises(json.JSONDecodeError, match="BOM"):
        fra_json(b'\xef\xbb\xbf{"a": 1}')
    with pytest.raises(UnicodeDecodeError):
        fra_json(b'{"a": "\xff"}')
    assert math.isnan(fra_json('{"seed": NaN}')["seed"])  # as the stdlib; les_snapshot then rejects it
    assert fra_json(b'{"id": "s\xc3\xb8ker", "n": 9223372036854775807}') == {"id": "søker", "n": 2**63 - 1}


def test_les_snapshot_hurtigvei_gir_samme_som_onskeobjekter():
    """Plain-id wishes take the fast path; the same wishes as objects take the general path: same snapshot."""
    lagret = json.loads(FIXTURE.read_text(encoding="utf-8"))["snapshot"]
    som_objekter = {
        **lagret,
        "sokere": [
            {**s, "onsker": [o if isinstance(o, dict) else {"tilbud": o} for o in s.get("onsker", [])]}
            for s in lagret["sokere"]
        ],
    }
    assert les_snapshot(lagret) == les_snapshot(som_objekter)
    uten_standard = _snapshot(sokere=[{"id": "S1"}, {"id": "S2", "gruppe": 2, "poeng": "0", "onsker": []}])
    a, b = les_snapshot(uten_standard).sokere
    assert a[1:] == b[1:]


@pytest.mark.parametrize(
    ("soker", "melding"),
    [
        ({"id": "S1", "fast_plass": []}, "«fast_plass» viser til ukjent tilbud []"),
        ({"id": "S1", "beholdt": {"id": "A"}}, "«beholdt» viser til ukjent tilbud {'id': 'A'}"),
        ({"id": "S1", "onsker": [{"tilbud": ["A"]}]}, "ønske nr. 1: ukjent tilbud ['A']"),
        # All four keys of a stored søker: these reach the fast path, which must hand them on, not accept them.
        ({"id": "S1", "gruppe": 2, "poeng": "4,5", "onsker": ["A"]}, "ugyldig poeng"),
        ({"id": "S1", "gruppe": True, "poeng": "40.00", "onsker": ["A"]}, "«gruppe» må være et heltall"),
        ({"id": "S1", "gruppe": 2, "poeng": "40.00", "onsker": ["A", "B"]}, "ukjent tilbud 'B'"),
        ({"id": "S1", "gruppe": 2, "poeng": "40.00", "onsker": ["A", "A"]}, "«A» er ønsket flere ganger"),
        ({"id": "S1", "gruppe": 2, "poeng": "40.00", "onsker": ["A"], "x": 1}, "ukjent nøkkel «x»"),
        (
            {"id": "S1", "gruppe": 2, "poeng": "40.00", "onsker": [], "beholdt": "B"},
            "«beholdt» viser til ukjent",
        ),
    ],
)
def test_ugyldige_verdier_gir_melding_ikke_krasj(soker, melding):
    with pytest.raises(FormatFeil) as feil:
        les_snapshot(_snapshot(sokere=[soker]))
    assert any(melding in linje for linje in feil.value.feil), feil.value.feil


def test_ugyldige_poeng_blir_ikke_husket_som_gyldige():
    """The fast path caches parsed point strings; a bad string must fail for every søker that has it."""
    sokere = [
        {"id": f"S{i}", "gruppe": 2, "poeng": p, "onsker": ["A"]} for i, p in enumerate(["1", "4,5", "4,5"])
    ]
    with pytest.raises(FormatFeil) as feil:
        les_snapshot(_snapshot(sokere=sokere))
    assert [linje[:15] for linje in feil.value.feil] == ["Søker nr. 2 («S", "Søker nr. 3 («S"]
