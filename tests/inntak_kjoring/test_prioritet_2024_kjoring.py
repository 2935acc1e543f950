"""Intake runs pick the priority rule set from the school year: ``forskrift-2024`` from 2025-2026 (§ 4-14),
``udir-2-2021`` before; the old rule set stays available by name."""

import datetime

import pytest

from inntak.kjoring import selectors, services
from inntak.models import Soknad, Tildeling, Venteliste
from kodeverk import models as km

pytestmark = pytest.mark.django_db


@pytest.fixture
def gjest_mot_egen(inntak, soker):
    """hs has one place; a gjesteelev with more points and an own-county applicant both wish it first (el and st
    are the other two programmes § 4-7 asks for)."""
    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    return {
        "gjest": soker("Gro Gjest", "59.00", onsker=["hs", "el", "st"], hjemfylke=inntak.B),
        "egen": soker("Eva Egen", "30.00", onsker=["hs", "el", "st"]),
    }


def test_kjoring_2026_2027_tar_eget_fylke_foran_gjesteelev_med_flere_poeng(inntak, gjest_mot_egen, kjor):
    ik = kjor(simulering=True)
    assert ik.regelsett == "forskrift-2024"
    hs = inntak.t["hs"]
    inne = list(Tildeling.objects.filter(inntakskjoring=ik, tilbud=hs).values_list("soknad", flat=True))
    assert inne == [gjest_mot_egen["egen"].pk]
    venter = list(Venteliste.objects.filter(inntakskjoring=ik, tilbud=hs).values_list("soknad", flat=True))
    assert venter == [gjest_mot_egen["gjest"].pk]
    grupper = {r["id"]: r["gruppe"] for r in ik.snapshot["sokere"]}
    assert grupper[str(gjest_mot_egen["egen"].pk)] == 2
    assert grupper[str(gjest_mot_egen["gjest"].pk)] == 6
    assert selectors.gruppenavn("VG1", 6, ik.regelsett) == "6 (annet fylke med rett, fullstendig)"


def test_voksne_med_rett_konkurrerer_med_ungdom_fra_2025_2026(inntak, soker, kjor):
    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    voksen = soker("Vera Voksen", "45.00", onsker=["hs", "el", "st"], rettstatus="voksenrett")
    Soknad.objects.filter(pk=voksen.pk).update(voksen=True)
    soker("Ulrik Ung", "40.00", onsker=["hs", "el", "st"])
    ik = kjor(simulering=True)
    inne = list(
        Tildeling.objects.filter(inntakskjoring=ik, tilbud=inntak.t["hs"]).values_list("soknad", flat=True)
    )
    assert inne == [voksen.pk]


def test_gammelt_regelsett_kan_fortsatt_navngis(inntak, gjest_mot_egen, kjor):
    ik = kjor(simulering=True, regelsett="udir-2-2021")
    assert ik.regelsett == "udir-2-2021"
    grupper = {r["id"]: r["gruppe"] for r in ik.snapshot["sokere"]}
    assert grupper[str(gjest_mot_egen["gjest"].pk)] == 4


def test_skolear_til_og_med_2024_2025_bruker_udir_2_2021(inntak):
    gammelt = km.Skolear.objects.create(
        kode="2024-2025", startdato=datetime.date(2024, 8, 1), sluttdato=datetime.date(2025, 7, 31)
    )
    ik = services.kjor_inntak(fylke=inntak.A, skolear=gammelt, niva="VG1", runde=1, simulering=True)
    assert ik.regelsett == "udir-2-2021"


def test_ved_landslinje_teller_ikke_bosted(inntak, gjest_mot_egen, kjor):
    """§ 4-16: at a landslinje the gjesteelev ranks as an own-county applicant, so points decide; at the county's
    other tilbud the gjesteelev stays in group 6."""
    hs = inntak.t["hs"]
    hs.landslinje = True
    hs.save()
    ik = kjor(simulering=True)
    gjest = next(r for r in ik.snapshot["sokere"] if r["id"] == str(gjest_mot_egen["gjest"].pk))
    assert gjest["gruppe"] == 6
    assert (gjest["onsker"][0]["tilbud"], gjest["onsker"][0]["gruppe"]) == (str(hs.pk), 2)
    assert gjest["onsker"][1:] == [str(inntak.t["el"].pk), str(inntak.t["st"].pk)]
    inne = list(Tildeling.objects.filter(inntakskjoring=ik, tilbud=hs).values_list("soknad", flat=True))
    assert inne == [gjest_mot_egen["gjest"].pk]  # 59 points against 30, now in the same group
