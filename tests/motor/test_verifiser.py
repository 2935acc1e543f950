"""The independent verification must catch deliberately broken results."""

from __future__ import annotations

import dataclasses

import pytest

from inntak.motor import (
    Poenggrense,
    Resultat,
    Tildeling,
    VerifiseringFeil,
    kjor,
    kjor_verifisert,
    lodd,
    verifiser,
)


@pytest.fixture
def runde(lag):
    snapshot = lag(
        {"A": 2, "B": 1, "K": 1},
        [
            {"id": "S1", "poeng": "60.00", "onsker": ["A", "B"]},
            {"id": "S2", "poeng": "50.00", "onsker": ["A", "B"]},
            {"id": "S3", "poeng": "45.00", "onsker": ["A", "B"]},
            {"id": "S4", "poeng": "40.00", "onsker": ["A", "B"]},
            {"id": "F1", "onsker": ["A"], "fast_plass": "K"},
            {"id": "H1", "poeng": "10.00", "onsker": ["A", "K"], "beholdt": "K"},
        ],
    )
    resultat = kjor(snapshot)
    assert resultat.tildelinger == {
        "S1": Tildeling("A", 1),
        "S2": Tildeling("A", 1),
        "S3": Tildeling("B", 2),
        "S4": None,
        "F1": Tildeling("K", 0),
        "H1": Tildeling("K", 2),
    }
    assert verifiser(snapshot, resultat) == []
    return snapshot, resultat


def _endre(resultat: Resultat, **felt) -> Resultat:
    return dataclasses.replace(resultat, **felt)


def _tild(resultat: Resultat, **nye) -> Resultat:
    return _endre(resultat, tildelinger={**resultat.tildelinger, **nye})


def _har(brudd: list[str], tekst: str) -> bool:
    return any(tekst in b for b in brudd)


def test_kapasitet_overskredet(runde):
    snapshot, r = runde
    brudd = verifiser(snapshot, _tild(r, S3=Tildeling("A", 1)))
    assert _har(brudd, "Kapasitet overskredet for «A»")


def test_ustabil_svakere_soker_inntatt(runde):
    snapshot, r = runde
    brudd = verifiser(snapshot, _tild(r, S2=Tildeling("B", 2), S3=Tildeling("A", 1)))
    assert _har(brudd, "Ustabilt: søker «S2»") and _har(brudd, "rangeres foran «S3»")


def test_ledig_plass_som_ble_nektet(runde):
    snapshot, r = runde
    brudd = verifiser(snapshot, _tild(r, S3=None))
    assert _har(brudd, "«B» har ledig plass")


def test_plass_og_venteliste_samtidig(runde):
    snapshot, r = runde
    brudd = verifiser(snapshot, _endre(r, ventelister={**r.ventelister, "A": ("S1", *r.ventelister["A"])}))
    assert _har(brudd, "Søker «S1» har plass på «A» og står samtidig på ventelisten der")


def test_venteliste_feil_rekkefolge_og_mangler(runde):
    snapshot, r = runde
    assert r.ventelister["A"] == ("S3", "S4", "H1")
    brudd = verifiser(snapshot, _endre(r, ventelister={**r.ventelister, "A": ("S4", "S3", "H1")}))
    assert _har(brudd, "står ikke i rangeringsrekkefølge")
    brudd = verifiser(snapshot, _endre(r, ventelister={**r.ventelister, "A": ("S3",)}))
    assert _har(brudd, "Søker «S4» mangler på ventelisten til «A»")


def test_fast_plass_og_beholdt_plass_ma_respekteres(runde):
    snapshot, r = runde
    assert _har(verifiser(snapshot, _tild(r, F1=None)), "vedtak om fast plass på «K»")
    assert _har(verifiser(snapshot, _tild(r, H1=None)), "mistet beholdt plass på «K»")


def test_plass_utenfor_onskene_og_feil_onskenummer(runde):
    snapshot, r = runde
    assert _har(verifiser(snapshot, _tild(r, S4=Tildeling("K", 0))), "ikke er blant ønskene")
    assert _har(verifiser(snapshot, _tild(r, S3=Tildeling("B", 1))), "men det er ønske nr. 2")


def test_mangler_ukjent_poenggrense_og_overfylt(runde):
    snapshot, r = runde
    uten = {k: v for k, v in r.tildelinger.items() if k != "S1"}
    assert _har(verifiser(snapshot, _endre(r, tildelinger=uten)), "Søker «S1» mangler")
    assert _har(verifiser(snapshot, _tild(r, X9=None)), "ukjent søker «X9»")
    grenser = {**r.poenggrenser, "A": Poenggrense("poeng", 4000)}
    assert _har(
        verifiser(snapshot, _endre(r, poenggrenser=grenser)),
        "Poenggrensen for «A» er poeng 40.00, skulle vært poeng 50.00",
    )
    assert r.overfylt == {"K": 1}  # F1 (fixed) and H1 (kept) share the single K seat
    assert _har(verifiser(snapshot, _endre(r, overfylt={})), "«overfylt» for «K» er 0, skulle vært 1")


def test_kjor_verifisert_nekter_publisering(runde, monkeypatch):
    snapshot, r = runde
    assert kjor_verifisert(snapshot) == r
    import importlib

    motor_modul = importlib.import_module("inntak.motor.motor")
    monkeypatch.setattr(motor_modul, "kjor", lambda s: _tild(r, S3=None))
    with pytest.raises(VerifiseringFeil) as feil:
        kjor_verifisert(snapshot)
    assert feil.value.brudd


@pytest.fixture
def likt(lag):
    """Three søkere with equal group and points for two seats: only the lottery separates them."""
    snapshot = lag({"A": 2, "B": 5}, [{"id": sid, "poeng": "45.00", "onsker": ["A", "B"]} for sid in "XYZ"])
    resultat = kjor(snapshot)
    etter_lodd = sorted("XYZ", key=lambda sid: lodd(snapshot.seed, sid))
    assert [resultat.tildelinger[sid].tilbud for sid in etter_lodd] == ["A", "A", "B"]
    assert verifiser(snapshot, resultat) == []
    return snapshot, resultat, etter_lodd


def test_svakeste_inntatt_avgjores_av_loddet_blant_like(likt):
    snapshot, r, (forst, andre, taper) = likt
    bytte = _tild(r, **{andre: Tildeling("B", 2), taper: Tildeling("A", 1)})
    brudd = verifiser(snapshot, _endre(bytte, ventelister={**r.ventelister, "A": (andre,)}))
    assert _har(brudd, f"Ustabilt: søker «{andre}»") and _har(brudd, f"rangeres foran «{taper}»")
    assert not _har(brudd, "ventelisten")  # the waitlist matches the (unstable) placements


def test_venteliste_i_feil_loddrekkefolge(lag):
    snapshot = lag({"A": 1, "B": 5}, [{"id": sid, "poeng": "45.00", "onsker": ["A", "B"]} for sid in "WXYZ"])
    r = kjor(snapshot)
    venter = r.ventelister["A"]
    assert len(venter) == 3 and verifiser(snapshot, r) == []
    for feil in (venter[::-1], (venter[1], venter[0], venter[2])):
        assert _har(
            verifiser(snapshot, _endre(r, ventelister={**r.ventelister, "A": feil})), "rangeringsrekkefølge"
        )


def test_venteliste_med_samme_soker_to_ganger(runde):
    snapshot, r = runde
    brudd = verifiser(snapshot, _endre(r, ventelister={**r.ventelister, "A": ("S3", "S3", "H1")}))
    assert _har(brudd, "Ventelisten til «A» har samme søker flere ganger")
    assert _har(brudd, "Søker «S4» mangler på ventelisten til «A»")
