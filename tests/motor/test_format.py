"""Snapshot validation, canonical JSON, replay of a stored run, the pinned lottery and forklar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inntak.motor import (
    FormatFeil,
    forklar,
    kjor,
    les_resultat,
    les_snapshot,
    lodd,
    resultat_til_json,
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
