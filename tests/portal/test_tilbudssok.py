"""The tilbud search behind the applicant's wish list (inntak/portal/tilbudssok.py): only open ordinary tilbud of
the school year, level and county plus landslinjer; filters by name-bearing ids; set-based (a fixed number of
queries whatever the number of tilbud)."""

from __future__ import annotations

import datetime

import pytest

from inntak.models import Tilbud
from inntak.portal import tilbudssok
from tests.fabrikker import SkoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tilbud(inntak):
    a, b = inntak.kv["skole_a"], inntak.kv["skole_b"]

    def t(skole, p, **kw):
        return Tilbud.objects.create(fylke=skole.fylke, skole=skole, programomrade=inntak.po[p],
                                     skolear=inntak.neste, plasser=30, **kw)  # fmt: skip

    return {
        "st": t(a, "ST"), "hs": t(a, "HS"), "voksen": t(a, "EL", voksenopplaering=True),
        "stengt": t(a, "TP", status="stengt"), "vg2": t(a, "STREA2"), "b_st": t(b, "ST"),
        "b_lands": t(b, "HS", landslinje=True),
    }  # fmt: skip


def test_bare_apne_ordinaere_tilbud_i_fylket_og_landslinjer(inntak, tilbud):
    treff = set(tilbudssok.sok(fylke=inntak.A, skolear=inntak.neste, niva="VG1").values_list("pk", flat=True))
    assert treff == {tilbud["st"].pk, tilbud["hs"].pk, tilbud["b_lands"].pk}
    assert (
        not tilbudssok.sok(fylke=inntak.A, skolear=inntak.ar, niva="VG2")
        .filter(skolear=inntak.neste)
        .exists()
    )


def test_filtervalg_med_navn(inntak, tilbud):
    valg = tilbudssok.filtervalg(fylke=inntak.A, skolear=inntak.neste, niva="VG1")
    assert [n for _, n in valg["programomrade"]] == ["Helse- og oppvekstfag", "Studiespesialisering"]
    assert {n for _, n in valg["skole"]} == {"Charlottenlund vgs", "Oslo katedralskole"}


def test_filtervalg_leses_en_gang_og_folger_endringer(inntak, tilbud, django_assert_num_queries):
    """Every applicant of a county sees the same filter lists: after the first read one cheap query (the
    fingerprint of the searchable set), and a tilbud opened or closed shows at once."""
    tilbudssok.filtervalg(fylke=inntak.A, skolear=inntak.neste, niva="VG1")
    with django_assert_num_queries(1):
        valg = tilbudssok.filtervalg(fylke=inntak.A, skolear=inntak.neste, niva="VG1")
    assert {n for _, n in valg["skole"]} == {"Charlottenlund vgs", "Oslo katedralskole"}
    ny = SkoleFactory(fylke=inntak.A, navn="Nyåpnet vgs")
    Tilbud.objects.create(
        fylke=inntak.A, skole=ny, programomrade=inntak.po["ST"], skolear=inntak.neste, plasser=30
    )
    valg = tilbudssok.filtervalg(fylke=inntak.A, skolear=inntak.neste, niva="VG1")
    assert "Nyåpnet vgs" in {n for _, n in valg["skole"]}
    Tilbud.objects.filter(pk=tilbud["hs"].pk).update(status="stengt")
    valg = tilbudssok.filtervalg(fylke=inntak.A, skolear=inntak.neste, niva="VG1")
    assert [n for _, n in valg["programomrade"]] == [
        "Helse- og oppvekstfag",
        "Studiespesialisering",
    ]  # landslinje
    Tilbud.objects.filter(pk=tilbud["b_lands"].pk).update(status="stengt")
    valg = tilbudssok.filtervalg(fylke=inntak.A, skolear=inntak.neste, niva="VG1")
    assert [n for _, n in valg["programomrade"]] == ["Studiespesialisering"]


def test_sok_er_mengdebasert(inntak, tilbud, django_assert_num_queries):
    for i in range(30):
        s = SkoleFactory(fylke=inntak.A, navn=f"Ekstra {i:02d} vgs")
        Tilbud.objects.create(fylke=inntak.A, skole=s, programomrade=inntak.po["ST"], skolear=inntak.neste,
                              plasser=30)  # fmt: skip
    with django_assert_num_queries(2):  # count + one page
        side = tilbudssok.side(tilbudssok.sok(fylke=inntak.A, skolear=inntak.neste, niva="VG1"), 2)
        navn = [f"{t.programomrade.navn} {t.skole.navn} {t.skole.kommune}" for t in side.object_list]
    assert side.paginator.count == 33 and len(navn) == 13


def test_apne_skolear_etter_frist(inntak, tilbud):
    apne = tilbudssok.apne_skolear(inntak.A, dag=datetime.date(2026, 11, 30))
    assert [a.skolear.kode for a in apne] == ["2027-2028"] and apne[0].frist.dato == datetime.date(2027, 3, 1)
    assert tilbudssok.apne_skolear(inntak.A, dag=datetime.date(2027, 3, 2)) == []
