"""Priority-group derivation (§ 6-14, § 6-29, § 6-49; table in inntak/motor/prioritet.py)."""

from __future__ import annotations

import pytest

from inntak.motor import prioritetsgruppe
from inntak.motor.modell import STANDARD_GRUPPE


def test_ordinaer_ungdom_med_rett_er_standardgruppen():
    assert prioritetsgruppe("Vg1", "rett", False, True, False) == STANDARD_GRUPPE == 2


@pytest.mark.parametrize("niva", ["vg1", "vg2", "vg3"])
def test_rekkefolge_innen_ungdom(niva):
    heltid = prioritetsgruppe(niva, "rett", False, True, False)
    deltid = prioritetsgruppe(niva, "rett", False, False, False)
    gjest = prioritetsgruppe(niva, "rett", False, True, True)
    uten = prioritetsgruppe(niva, "uten_rett", False, True, False)
    assert heltid < deltid < gjest < uten


def test_voksne_etter_all_ungdom_pa_vg1_men_foran_ungdom_uten_rett_pa_vg2():
    assert prioritetsgruppe("vg1", "rett", True, True, False) > prioritetsgruppe(
        "vg1", "uten_rett", False, True, False
    )
    for niva in ("vg2", "vg3"):
        voksen = prioritetsgruppe(niva, "rett", True, True, False)
        assert prioritetsgruppe(niva, "rett", False, False, True) < voksen
        assert voksen < prioritetsgruppe(niva, "uten_rett", False, True, False)


def test_voksne_etter_paragraf_6_49():
    med = prioritetsgruppe("vg1", "rett", True, True, False)
    ikke_bestatt = prioritetsgruppe("vg1", "uten_rett_ikke_bestatt", True, True, False)
    kompetanse = prioritetsgruppe("vg1", "uten_rett_kompetanse", True, True, False)
    assert med < ikke_bestatt < kompetanse
    assert prioritetsgruppe("vg1", "uten_rett", True, True, False) == kompetanse


def test_regelsett_med_gjesteelevavtale():
    assert prioritetsgruppe("vg1", "rett", False, True, True, "udir-2-2021-gjesteavtale") == 2
    with pytest.raises(ValueError, match="Ukjent regelsett"):
        prioritetsgruppe("vg1", "rett", False, True, False, "ol-2023")
    with pytest.raises(ValueError, match="Ukjent nivå"):
        prioritetsgruppe("vg4", "rett", False, True, False)
    with pytest.raises(ValueError, match="Ukjent rettstatus"):
        prioritetsgruppe("vg1", "ungdomsrett", False, True, False)
