"""Intake runs built from the database use the stored § 4-14 / § 4-8 flags and § 4-15 statlig skole under rule set
``forskrift-2024``, and the county's two readings (system parameters); old school years' runs ignore them."""

from __future__ import annotations

import datetime

import pytest

from inntak.kjoring import services
from inntak.kjoring.snapshot import bygg_snapshot
from inntak.models import Soknad, Tildeling, Vedtak, Venteliste
from kodeverk import models as km
from tests.inntak_kjoring.conftest import kjor, sett_poeng, soker  # noqa: F401  (fixtures)
from vigo.models import Rolle
from vigo.parametere.services import sett_parametere

pytestmark = pytest.mark.django_db


def _grupper(ik) -> dict[str, int]:
    return {r["id"]: r["gruppe"] for r in ik.snapshot["sokere"]}


def _inne(ik, tilbud) -> list[int]:
    return list(Tildeling.objects.filter(inntakskjoring=ik, tilbud=tilbud).values_list("soknad", flat=True))


def _ett_plass(tilbud) -> None:
    tilbud.plasser = 1
    tilbud.save()


def _sett(inntak, brukere, skolear=None, **verdier) -> None:
    sett_parametere(inntak.A, skolear or inntak.ar, {f"inntak.{k}": v for k, v in verdier.items()},
                    brukere["A"][Rolle.FYLKESADMIN])  # fmt: skip


def test_gjesteelev_med_saerlige_grunner_foran_gjesteelev_med_flere_poeng(inntak, soker, kjor):  # noqa: F811
    _ett_plass(inntak.t["hs"])
    mange = soker("Gro Gjest", "59.00", onsker=["hs", "el", "st"], hjemfylke=inntak.B)
    saerlig = soker(
        "Sara Saerlig", "31.00", onsker=["hs", "el", "st"], hjemfylke=inntak.B, saerlige_grunner=True
    )
    ik = kjor(simulering=True)
    assert ik.regelsett == "forskrift-2024"
    assert _grupper(ik)[str(saerlig.pk)] == 4 and _grupper(ik)[str(mange.pk)] == 6
    assert _inne(ik, inntak.t["hs"]) == [saerlig.pk]
    venter = Venteliste.objects.filter(inntakskjoring=ik, tilbud=inntak.t["hs"]).values_list(
        "soknad", flat=True
    )
    assert list(venter) == [mange.pk]


def test_samisk_gir_samme_forrang_som_saerlige_grunner(inntak, soker, kjor):  # noqa: F811
    samisk = soker("Sunna Samisk", "20.00", hjemfylke=inntak.B, samisk=True, deltid=True)
    assert _grupper(kjor(simulering=True))[str(samisk.pk)] == 5  # annet fylke, samisk, deltid


def test_dokumentert_flytting_rangeres_som_eget_fylke(inntak, soker, kjor):  # noqa: F811
    _ett_plass(inntak.t["hs"])
    flytter = soker("Frode Flytter", "45.00", onsker=["hs", "el", "st"], hjemfylke=inntak.B,
                    flytting_dokumentert=True)  # fmt: skip
    egen = soker("Eva Egen", "40.00", onsker=["hs", "el", "st"])
    ik = kjor(simulering=True)
    assert _grupper(ik)[str(flytter.pk)] == 2 == _grupper(ik)[str(egen.pk)]
    assert _inne(ik, inntak.t["hs"]) == [flytter.pk]  # same group, more points


def test_statlig_tilbud_ser_bort_fra_bosted(inntak, soker, kjor):  # noqa: F811
    hs = inntak.t["hs"]
    hs.statlig = True
    _ett_plass(hs)
    gjest = soker("Gro Gjest", "59.00", onsker=["hs", "el", "st"], hjemfylke=inntak.B)
    egen = soker("Eva Egen", "30.00", onsker=["hs", "el", "st"])
    ik = kjor(simulering=True)
    rad = next(r for r in ik.snapshot["sokere"] if r["id"] == str(gjest.pk))
    assert rad["gruppe"] == 6  # at the county's other tilbud residence still counts
    assert (rad["onsker"][0]["tilbud"], rad["onsker"][0]["gruppe"]) == (str(hs.pk), 2)
    assert rad["onsker"][1:] == [str(inntak.t["el"].pk), str(inntak.t["st"].pk)]
    assert _inne(ik, hs) == [gjest.pk]
    assert egen.pk not in _inne(ik, hs)


def test_parameter_voksenrett_som_rett_nei_gir_gruppe_8(inntak, soker, kjor, brukere):  # noqa: F811
    voksen = soker("Vera Voksen", "45.00", rettstatus="voksenrett")
    ik = kjor(simulering=True)
    assert _grupper(ik)[str(voksen.pk)] == 2
    assert (
        "Lesemåter (forskrift-2024): voksenrett_som_rett=ja, individuell behandling=fast plass."
        in ik.advarsler
    )
    _sett(inntak, brukere, voksenrett_som_rett=False)
    ik = kjor(simulering=True)
    assert _grupper(ik)[str(voksen.pk)] == 8
    assert (
        "Lesemåter (forskrift-2024): voksenrett_som_rett=nei, individuell behandling=fast plass."
        in ik.advarsler
    )


def test_parameter_individuell_behandling_i_poengsteget(inntak, soker, kjor, brukere):  # noqa: F811
    t = inntak.t
    _ett_plass(t["hs"])
    individuell = soker("Ivar Individuell", None, onsker=["hs", "el", "st"], behandlingskategori="IND622")
    sett_poeng(individuell, None, individuell=True)
    Vedtak.objects.create(soknad=individuell, fast_plass=t["hs"], begrunnelse="Vurdert individuelt.")
    fortrinn = soker("Frida Fortrinn", None, onsker=["el", "hs", "st"], behandlingskategori="FOR615")
    Vedtak.objects.create(soknad=fortrinn, fast_plass=t["el"], begrunnelse="Sakkyndig vurdering.")
    poeng = soker("Per Poeng", "35.00", onsker=["hs", "el", "st"])

    ik = kjor(simulering=True)  # default: fast plass
    sokere = {r["id"]: r for r in ik.snapshot["sokere"]}
    assert sokere[str(individuell.pk)]["fast_plass"] == str(t["hs"].pk)
    assert _inne(ik, t["hs"]) == [individuell.pk]

    _sett(inntak, brukere, individuell_behandling="i_poengsteget")
    ik = kjor(simulering=True)
    sokere = {r["id"]: r for r in ik.snapshot["sokere"]}
    assert "fast_plass" not in sokere[str(individuell.pk)]
    assert sokere[str(individuell.pk)]["poeng"] == "0.00"
    assert sokere[str(fortrinn.pk)]["fast_plass"] == str(t["el"].pk)  # fortrinn vedtak still fixed
    assert _inne(ik, t["hs"]) == [poeng.pk]  # after the applicants with points in the same group
    assert (
        "Lesemåter (forskrift-2024): voksenrett_som_rett=ja, individuell behandling=i poengsteget."
        in ik.advarsler
    )


def test_gamle_regler_ser_bort_fra_flaggene(inntak, soker, brukere):  # noqa: F811
    gammelt = km.Skolear.objects.create(
        kode="2024-2025", startdato=datetime.date(2024, 8, 1), sluttdato=datetime.date(2025, 7, 31)
    )
    tilbud = {}
    for navn in ("st", "hs", "el"):
        t = inntak.t[navn]
        tilbud[navn] = type(t).objects.create(fylke=t.fylke, skole=t.skole, programomrade=t.programomrade,
                                              skolear=gammelt, plasser=1, statlig=(navn == "hs"))  # fmt: skip
    onsker = [tilbud["hs"], tilbud["el"], tilbud["st"]]
    gjest = soker("Gro Gjest", "59.00", onsker=onsker, hjemfylke=inntak.B, skolear=gammelt,
                  saerlige_grunner=True, samisk=True, flytting_dokumentert=True)  # fmt: skip
    vanlig = soker("Gunn Gjest", "59.00", onsker=onsker, hjemfylke=inntak.B, skolear=gammelt)
    _sett(inntak, brukere, skolear=gammelt, voksenrett_som_rett=False)
    ik = services.kjor_inntak(fylke=inntak.A, skolear=gammelt, niva="VG1", runde=1, simulering=True)
    assert ik.regelsett == "udir-2-2021"
    rader = {r["id"]: r for r in ik.snapshot["sokere"]}
    # Byte for byte as before the flags existed: the same group and plain wishes for both gjesteelever.
    for s in (gjest, vanlig):
        assert rader[str(s.pk)]["gruppe"] == 4
        assert rader[str(s.pk)]["onsker"] == [str(t.pk) for t in onsker]
    assert not any(a.startswith("Lesemåter") for a in ik.advarsler)


def test_voksne_soknader_og_tilbud_er_utenfor_ordinaert_inntak(inntak, soker):  # noqa: F811
    t = inntak.t
    voksen = soker("Vera Voksen", "45.00")
    Soknad.objects.filter(pk=voksen.pk).update(inntakstype="voksen")
    ordinaer = soker("Ola Ordinaer", "40.00")
    t["el"].voksenopplaering = True
    t["el"].save()
    g = bygg_snapshot(fylke_id=inntak.A.pk, skolear_id=inntak.ar.pk, niva="VG1", runde=1, seed=1,
                      regelsett="forskrift-2024")  # fmt: skip
    ids = {r["id"] for r in g.snapshot["sokere"]}
    assert ids == {str(ordinaer.pk)}
    assert str(t["el"].pk) not in {r["id"] for r in g.snapshot["tilbud"]}
    assert str(t["el"].pk) not in g.snapshot["sokere"][0]["onsker"]
