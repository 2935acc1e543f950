"""The snapshot built from the database: groups, fixed places, wish order, points and warnings."""

import pytest

from inntak.kjoring.snapshot import bygg_snapshot
from inntak.models import Vedtak

pytestmark = pytest.mark.django_db


def test_snapshot_fra_databasen(inntak, soker, kjor):
    t = inntak.t
    ordinaer = soker("Ola Nordmann", "45.60", onsker=["hs", "st", "el"])
    deltid = soker("Dina Deltid", "40.00", deltid=True)
    gjest = soker("Gro Gjest", "50.00", hjemfylke=inntak.B)
    uten_rett = soker("Ulf Utenrett", "30.00", rettstatus="uten_rett")
    mangler = soker("Mona Mangler", None)
    fortrinn = soker("Frida Fortrinn", None, behandlingskategori="FOR615")
    Vedtak.objects.create(soknad=fortrinn, fast_plass=t["el"], begrunnelse="Sakkyndig vurdering.")
    t["tp"].status = "stengt"
    t["tp"].save()
    soker("Annen Fylke", "55.00", fylke=inntak.B)
    soker("Vg2 Søker", "41.00", niva="VG2", onsker=["rea"])

    g = bygg_snapshot(fylke_id=inntak.A.pk, skolear_id=inntak.ar.pk, niva="VG1", runde=1, seed=7)
    snap = g.snapshot
    assert snap["format"] == "inntak-snapshot/1" and snap["seed"] == 7
    tilbud = {r["id"]: r for r in snap["tilbud"]}
    assert str(t["tp"].pk) not in tilbud  # closed
    assert str(t["rea"].pk) not in tilbud and str(t["b_st"].pk) not in tilbud  # other level / county
    assert tilbud[str(t["hs"].pk)]["plasser"] == 15
    sokere = {r["id"]: r for r in snap["sokere"]}
    assert len(sokere) == 6
    o = sokere[str(ordinaer.pk)]
    assert o["onsker"] == [str(t["hs"].pk), str(t["st"].pk), str(t["el"].pk)]
    assert (o["gruppe"], o["poeng"]) == (2, "45.60")
    assert sokere[str(deltid.pk)]["gruppe"] == 3
    assert sokere[str(gjest.pk)]["gruppe"] == 4
    assert sokere[str(uten_rett.pk)]["gruppe"] == 5
    assert sokere[str(mangler.pk)]["poeng"] == "0.00"
    assert sokere[str(fortrinn.pk)]["fast_plass"] == str(t["el"].pk)
    assert any("mangler beregnede poeng" in a and str(mangler.pk) in a for a in g.advarsler)
    assert g.onske_nr(ordinaer.pk, t["st"].pk) == 2


def test_individuell_uten_vedtak_gir_advarsel(inntak, soker):
    s = soker("Ivar Individuell", None, behandlingskategori="IND622")
    from tests.inntak_kjoring.conftest import sett_poeng

    sett_poeng(s, None, individuell=True)
    g = bygg_snapshot(fylke_id=inntak.A.pk, skolear_id=inntak.ar.pk, niva="VG1", runde=1, seed=1)
    assert g.snapshot["sokere"][0]["poeng"] == "0.00"
    assert any("mangler vedtak" in a for a in g.advarsler)
