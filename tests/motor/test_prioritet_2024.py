"""Priority under opplæringsforskrifta 2024 § 4-14–§ 4-16 (rule set ``forskrift-2024``) and the admission order.

Framework-free: no database, no pytest-django. Sources: docs/regler/regler-2024.md §2.1, §2.5 and the section
«Prioritet etter opplæringsforskrifta 2024 – slik er det implementert».
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inntak.motor.prioritet import FORTRINN, REGELSETT, prioritetsgruppe
from inntak.motor.prioritet_2024 import (
    FORSKRIFT_2024,
    RETTER,
    Regelsett2024,
    Soker2024,
    gruppenavn_2024,
    prioritet_2024,
)
from inntak.motor.rekkefolge import UgyldigForesporsel, regelsett_for_skolear, rekkefolge

INNSTILLINGER = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def _soker(sid: str, bosted: str = "50", poeng: str | None = "40.00", **felt: Any) -> dict[str, Any]:
    return {"id": sid, "bostedsfylke": bosted, "poeng": poeng, **felt}


def _rekkefolge(sokere: list[dict[str, Any]], skolear: str = "2026-2027", niva: str = "VG1", **tilbud: bool):
    svar = rekkefolge(
        {"skolear": skolear, "niva": niva, "behandlende_fylke": "50", "tilbud": tilbud, "sokere": sokere}
    )
    return svar["rekkefolge"]


def _ider(sokere, **kw) -> list[str]:
    return [r["id"] for r in _rekkefolge(sokere, **kw)]


# --- the rule set ------------------------------------------------------------------------------------------


def test_gruppene_i_paragraf_4_14_rekkefolge():
    def g(**kw) -> int:
        return prioritet_2024(Soker2024(**{"rett": "ungdomsrett", "eget_fylke": True, **kw})).gruppe

    eget, eget_deltid = g(), g(deltid=True)
    saerlig, saerlig_deltid = (
        g(eget_fylke=False, saerlige_grunner=True),
        g(eget_fylke=False, saerlige_grunner=True, deltid=True),
    )
    annet, annet_deltid = g(eget_fylke=False), g(eget_fylke=False, deltid=True)
    uten, uten_deltid = g(rett="ingen"), g(rett="ingen", deltid=True)
    assert [eget, eget_deltid, saerlig, saerlig_deltid, annet, annet_deltid, uten, uten_deltid] == [
        2, 3, 4, 5, 6, 7, 10, 11,
    ]  # fmt: skip
    assert g(eget_fylke=False, samisk=True) == saerlig
    assert g(eget_fylke=False, flytting_dokumentert=True) == eget  # § 4-8 andre ledd
    assert g(rett="voksenrett") == eget  # § 18-3 tredje ledd, default reading
    assert g(rett="ingen", eget_fylke=False) == uten  # no county split without rett (DERIVED)


def test_hver_gruppe_har_navn_og_fortrinn_er_reservert():
    for regler in (Regelsett2024(), Regelsett2024(voksenrett_som_rett=False)):
        brukt = {
            prioritet_2024(
                Soker2024(rett, eget, flytt, deltid, saerlig, samisk),
                landslinje=landslinje, statlig=statlig, regelsett=regler,
            ).gruppe
            for rett, eget, flytt, deltid, saerlig, samisk, landslinje, statlig in itertools.product(
                RETTER, *[(False, True)] * 7
            )
        } | {FORTRINN}  # fmt: skip
        assert set(regler.grupper()) == brukt
        assert all(gruppenavn_2024(g, regler) for g in brukt)


def test_voksenrett_som_rett_er_et_navngitt_valg():
    soker = Soker2024("voksenrett", eget_fylke=True)
    standard = prioritet_2024(soker)
    assert standard.gruppe == 2
    assert any(
        "§ 18-3 tredje ledd" in linje and "voksenrett_som_rett=ja" in linje for linje in standard.forklaring
    )
    annen = prioritet_2024(soker, regelsett=Regelsett2024(voksenrett_som_rett=False))
    assert 7 < annen.gruppe < 10  # after every § 5-1 applicant, before those without rett
    assert any("voksenrett_som_rett=nei" in linje for linje in annen.forklaring)


@pytest.mark.parametrize("tilbud", [{"landslinje": True}, {"statlig": True}])
def test_landslinje_og_statlig_skole_ser_bort_fra_bosted(tilbud):
    hjemmel = "§ 4-16" if "landslinje" in tilbud else "§ 4-15"
    p = prioritet_2024(Soker2024("ungdomsrett", eget_fylke=False), **tilbud)
    assert p.gruppe == 2
    assert any(hjemmel in linje for linje in p.forklaring)


def test_ukjent_regelsett_rett_og_niva_avvises():
    with pytest.raises(ValueError, match="Ukjent regelsett"):
        prioritet_2024(Soker2024("ungdomsrett", True), regelsett="udir-2-2021")
    with pytest.raises(ValueError, match="Ukjent rett"):
        prioritet_2024(Soker2024("rett", True))
    with pytest.raises(ValueError, match="Ukjent nivå"):
        prioritet_2024(Soker2024("ungdomsrett", True), niva="vg4")


def test_gamle_regelsett_er_uendret():
    """The old rule sets are not touched: same names, same groups as before (tests/motor/test_prioritet.py)."""
    assert set(REGELSETT) == {"udir-2-2021", "udir-2-2021-gjesteavtale"}
    assert FORSKRIFT_2024 not in REGELSETT
    assert prioritetsgruppe("vg1", "rett", False, True, True) == 4
    assert prioritetsgruppe("vg1", "rett", True, True, False) == 6


# --- the admission order (§ 4-14–§ 4-16 cases) ------------------------------------------------------------


def test_eget_fylke_foran_annet_fylke_ved_ordinaert_tilbud():
    assert _ider([_soker("gjest", "03", "59.00"), _soker("egen", "50", "30.00")]) == ["egen", "gjest"]


def test_dokumentert_flytting_regnes_som_eget_fylke():
    sokere = [_soker("gjest", "03", "45.00"), _soker("flytter", "03", "44.00", flytting_dokumentert=True)]
    rekke = _rekkefolge(sokere)
    assert [r["id"] for r in rekke] == ["flytter", "gjest"]
    assert any("§ 4-8 andre ledd" in linje for linje in rekke[0]["forklaring"])


def test_saerlige_grunner_og_samisk_forst_blant_andre_fylker():
    sokere = [
        _soker("gjest", "03", "60.00"),
        _soker("samisk", "54", "30.00", samisk=True),
        _soker("saerlig", "03", "35.00", saerlige_grunner=True),
        _soker("egen", "50", "20.00"),
    ]
    assert _ider(sokere) == ["egen", "saerlig", "samisk", "gjest"]


def test_fullstendig_foran_deltid_i_hvert_steg():
    sokere = [
        _soker("egen_deltid", "50", "60.00", deltid=True),
        _soker("egen", "50", "30.00"),
        _soker("gjest_deltid", "03", "60.00", deltid=True),
        _soker("gjest", "03", "30.00"),
        _soker("saerlig_deltid", "03", "60.00", deltid=True, saerlige_grunner=True),
        _soker("saerlig", "03", "30.00", saerlige_grunner=True),
    ]
    assert _ider(sokere) == ["egen", "egen_deltid", "saerlig", "saerlig_deltid", "gjest", "gjest_deltid"]


def test_uten_rett_sist_og_forklart_som_utledet():
    sokere = [_soker("uten", "50", "60.00", rett="ingen"), _soker("gjest_deltid", "03", "20.00", deltid=True)]
    rekke = _rekkefolge(sokere)
    assert [r["id"] for r in rekke] == ["gjest_deltid", "uten"]
    assert any("UTLEDET" in linje for linje in rekke[1]["forklaring"])


def test_voksne_med_rett_konkurrerer_med_ungdom():
    sokere = [_soker("ung", "50", "40.00", fodselsar=2011), _soker("voksen", "50", "41.00", fodselsar=1980)]
    assert _ider(sokere) == ["voksen", "ung"]
    rekke = _rekkefolge([_soker("voksen", "50", "41.00", fodselsar=1980)])
    assert any("voksenrett" in linje and "§ 5-1" in linje for linje in rekke[0]["forklaring"])


@pytest.mark.parametrize("tilbud", [{"landslinje": True}, {"statlig": True}])
def test_landslinje_og_statlig_rangerer_etter_poeng_uansett_bosted(tilbud):
    sokere = [_soker("egen", "50", "30.00"), _soker("gjest", "03", "59.00")]
    assert _ider(sokere, **tilbud) == ["gjest", "egen"]


def test_individuelt_behandlet_i_samme_steg_etter_poengsokerne():
    sokere = [_soker("ind", "50", None), _soker("egen", "50", "10.00"), _soker("gjest", "03", "60.00")]
    rekke = _rekkefolge(sokere)
    assert [r["id"] for r in rekke] == ["egen", "ind", "gjest"]
    assert rekke[0]["gruppe"] == rekke[1]["gruppe"] == 2
    assert any("§ 4-20" in linje and "etter_poeng" in linje for linje in rekke[1]["forklaring"])
    foran = rekkefolge(
        {"skolear": "2026-2027", "niva": "VG2", "behandlende_fylke": "50", "sokere": sokere},
        Regelsett2024(individuell_plassering="foran_poeng"),
    )["rekkefolge"]
    assert [r["id"] for r in foran] == ["ind", "egen", "gjest"]
    assert any("§ 4-26" in linje for linje in foran[0]["forklaring"])


def test_likt_avgjores_av_motorens_loddtrekning():
    from inntak.motor.lodd import lodd

    sokere = [_soker(sid, "50", "40.00") for sid in ("a", "b", "c", "d")]
    for seed in (0, 7):
        svar = rekkefolge({"skolear": "2026-2027", "niva": "VG1", "behandlende_fylke": "50", "sokere": sokere,
                           "seed": seed})  # fmt: skip
        assert [r["id"] for r in svar["rekkefolge"]] == sorted("abcd", key=lambda s: lodd(seed, s))
        assert all("loddtrekning (§ 4-18)" in " ".join(r["forklaring"]) for r in svar["rekkefolge"])


def test_regelsett_etter_skolear():
    assert regelsett_for_skolear("2024-2025") == "udir-2-2021"
    assert regelsett_for_skolear("2021-2022") == "udir-2-2021"
    assert regelsett_for_skolear("2025-2026") == FORSKRIFT_2024
    assert regelsett_for_skolear("2026-2027") == FORSKRIFT_2024


def test_gamle_skolear_bruker_udir_2_2021():
    sokere = [
        _soker("gjest", "03", "59.00"),
        _soker("egen", "50", "30.00"),
        _soker("uten", "50", "60.00", rett="ingen"),
        _soker("voksen", "50", "60.00", rett="voksenrett"),
    ]
    rekke = _rekkefolge(sokere, skolear="2024-2025")
    assert [(r["id"], r["gruppe"]) for r in rekke] == [("egen", 2), ("gjest", 4), ("uten", 5), ("voksen", 6)]
    assert all("udir-2-2021" in r["forklaring"][1] for r in rekke)


# --- validation ---------------------------------------------------------------------------------------------


def test_ugyldig_foresporsel_gir_norsk_feil_per_felt():
    with pytest.raises(UgyldigForesporsel) as feil:
        rekkefolge(
            {
                "skolear": "2026/27", "niva": "VG4", "behandlende_fylke": 50, "tilbud": {"landslinje": "ja"},
                "sokere": [
                    _soker("a"), _soker("a", "3", "4x"), {"id": "c", "bostedsfylke": "50"},
                    _soker("d", rett="rett", deltid=1, fodselsar="2011"), _soker("e", poeng="45.678"),
                ],
                "seed": -1,
            }
        )  # fmt: skip
    felt = feil.value.feil
    assert set(felt) == {
        "skolear", "niva", "behandlende_fylke", "tilbud.landslinje", "seed", "sokere[1].id",
        "sokere[1].bostedsfylke", "sokere[1].poeng", "sokere[2].poeng", "sokere[3].rett", "sokere[3].deltid",
        "sokere[3].fodselsar", "sokere[4].poeng",
    }  # fmt: skip
    assert felt["sokere[4].poeng"] == ["Kan ha høyst to desimaler."]
    assert "null for individuell behandling" in felt["sokere[2].poeng"][0]


def test_ungdomsrett_etter_fylte_24_avvises_etter_ny_lov():
    for_gammel = [_soker("a", fodselsar=2000, rett="ungdomsrett")]
    with pytest.raises(UgyldigForesporsel, match=r"sokere\[0\]\.rett: .*§ 5-1"):
        _rekkefolge(for_gammel)
    assert _ider(for_gammel, skolear="2024-2025") == ["a"]  # the old law counted the right differently


def test_ukjente_felt_avvises():
    with pytest.raises(UgyldigForesporsel) as feil:
        rekkefolge({"skolear": "2026-2027", "niva": "VG1", "behandlende_fylke": "50", "ekstra": 1,
                    "sokere": [_soker("a", alder=16)]})  # fmt: skip
    assert set(feil.value.feil) == {"ekstra", "sokere[0].alder"}


# --- properties ---------------------------------------------------------------------------------------------


@st.composite
def sokere_data(draw: st.DrawFn) -> list[dict[str, Any]]:
    antall = draw(st.integers(1, 8))
    rader = []
    for i in range(antall):
        poeng = draw(st.one_of(st.none(), st.sampled_from(["30.00", "40.00", "45.60", "59.90"])))
        rad = _soker(f"S{i}", draw(st.sampled_from(["50", "03", "54"])), poeng)
        rad["rett"] = draw(st.sampled_from(["ungdomsrett", "voksenrett"]))
        for flagg in ("deltid", "saerlige_grunner", "samisk", "flytting_dokumentert"):
            rad[flagg] = draw(st.booleans())
        rader.append(rad)
    return rader


def _eget(rad: dict[str, Any]) -> bool:
    return rad["bostedsfylke"] == "50" or rad["flytting_dokumentert"]


@INNSTILLINGER
@given(sokere=sokere_data(), seed=st.integers(0, 10**6))
def test_annet_fylke_aldri_foran_eget_fylke_ved_ordinaert_tilbud(sokere, seed):
    data = {"skolear": "2026-2027", "niva": "VG1", "behandlende_fylke": "50", "sokere": sokere, "seed": seed}
    eget = {r["id"]: _eget(r) for r in sokere}
    rekke = [r["id"] for r in rekkefolge(data)["rekkefolge"]]
    sett_annet = False
    for sid in rekke:
        if not eget[sid]:
            sett_annet = True
        assert not (sett_annet and eget[sid]), rekke


@INNSTILLINGER
@given(sokere=sokere_data(), seed=st.integers(0, 10**6), bytte=st.data(), statlig=st.booleans())
def test_bostedsfylke_betyr_ingenting_ved_landslinje(sokere, seed, bytte, statlig):
    tilbud = {"statlig": True} if statlig else {"landslinje": True}
    data = {"skolear": "2026-2027", "niva": "VG2", "behandlende_fylke": "50", "tilbud": tilbud, "seed": seed}
    for_bytte = rekkefolge({**data, "sokere": sokere})["rekkefolge"]
    byttet = [
        {**r, "bostedsfylke": bytte.draw(st.sampled_from(["50", "03", "18"])),
         "flytting_dokumentert": bytte.draw(st.booleans())}
        for r in sokere
    ]  # fmt: skip
    etter = rekkefolge({**data, "sokere": byttet})["rekkefolge"]
    assert [(r["id"], r["gruppe"]) for r in etter] == [(r["id"], r["gruppe"]) for r in for_bytte]
