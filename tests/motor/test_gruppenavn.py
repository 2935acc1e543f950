"""Priority-group labels come from the rule set (inntak.motor.prioritet), so they are right for every rule set."""

from __future__ import annotations

import itertools

import pytest

from inntak.motor.prioritet import FORTRINN, NIVAER, REGELSETT, RETTSTATUSER, gruppenavn, prioritetsgruppe


@pytest.mark.parametrize("regelsett", sorted(REGELSETT))
@pytest.mark.parametrize("niva", NIVAER)
def test_hver_gruppe_regelsettet_gir_har_navn(regelsett, niva):
    brukt = {
        prioritetsgruppe(niva, rett, voksen, heltid, gjest, regelsett)
        for rett, voksen, heltid, gjest in itertools.product(RETTSTATUSER, *[(False, True)] * 3)
    } | {FORTRINN}
    assert set(REGELSETT[regelsett].grupper(niva)) == brukt
    assert all(gruppenavn(niva, g, regelsett) for g in brukt)


def test_gjesteavtalen_har_ingen_gjesteelevgruppe():
    assert gruppenavn("vg1", 4, "udir-2-2021") == "gjesteelev"
    assert gruppenavn("vg1", 4, "udir-2-2021-gjesteavtale") == ""


def test_vg2_og_vg3_setter_voksne_med_rett_foran_ungdom_uten_rett():
    assert gruppenavn("vg1", 5) == gruppenavn("vg2", 6) == "ungdom uten rett"
    assert gruppenavn("vg3", 5) == gruppenavn("vg1", 6) == "voksen med rett"


def test_kjoringssidene_viser_regelsettet_til_kjoringen():
    """The run pages label groups with the run's own rule set (not a copy of the standard one)."""
    from inntak.kjoring.selectors import gruppenavn as side

    assert side("VG1", 4, "udir-2-2021") == "4 (gjesteelev)"
    assert side("VG1", 4, "udir-2-2021-gjesteavtale") == "4"
    assert side("VG2", 5, "udir-2-2021") == "5 (voksen med rett)"
    assert side("VG1", None, "udir-2-2021") == "–"
