"""The prøve demo step on top of the fagopplæring demo: nemnder, the issue's scenario (ikke bestått → klage →
bestått with the first kompetansebevis annulled for NVB; a passed lærling with vitnemål and VMM31; a vitnemål stopped
by the control), oppmeldinger in several states; idempotent."""

from __future__ import annotations

import datetime
import random

import pytest

from fagopplaering import demodata, demodata_prove
from fagopplaering.models import Fagdokument, Klage, Provenemnd
from kodeverk.models import Programomrade
from tests.fabrikker import PersonFactory, lag_bruker, syntetisk_fnr
from tests.fagopplaering.test_demodata_fag import liten  # noqa: F401
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def test_scenario_i_demofylket(fag, liten, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    a = fag["A"]
    lag_bruker("sysadmin_demo", Rolle.SYSADMIN, a)
    for fagkode, up in (("EL", fag["elektriker"].utdanningsprogram), ("HS", fag["barne"].utdanningsprogram)):
        for niva in ("VG1", "VG2"):
            Programomrade.objects.create(kode=f"{fagkode}{niva}-----"[:10], navn=f"{up.navn} {niva}", niva=niva,
                                         utdanningsprogram=up)  # fmt: skip
    for i in range(60):
        PersonFactory(
            fylke=a, fodselsnummer=syntetisk_fnr(datetime.date(2006, 1, 1) + datetime.timedelta(days=9 * i))
        )
    meldinger: list[str] = []
    demodata.lag_fagopplaering_demodata(a, random.Random(1), meldinger.append)
    demodata_prove.lag_prove_demodata(a, random.Random(1), meldinger.append)
    tekst = "\n".join(meldinger)
    assert "scenarioet stoppet" not in tekst and "hopper over" not in tekst, tekst
    assert Provenemnd.objects.filter(fylke=a).exists()
    klage = Klage.objects.get()
    assert klage.utfall == "endret" and klage.prove.resultat == "B"
    assert klage.prove.kontrakt.avslutningskode.kode == "AB"
    kb = Fagdokument.objects.get(dokumenttype="kompetansebevis", prove=klage.prove)
    assert (
        kb.status == "annullert"
        and kb.annulleringsarsak == "KLA"
        and kb.nvb_sendt
        and kb.erstattet_av.vgdoknr
    )
    vm = Fagdokument.objects.filter(dokumenttype="vitnemal", status="utstedt")
    assert vm.count() >= 2 and all(any(m["merknadkode"] == "VMM31" for m in d.nvb["merknader"]) for d in vm)
    stoppet = Fagdokument.objects.get(dokumenttype="vitnemal", status="stoppet")
    assert any(m["kode"] == "KM252" for m in stoppet.kontroll)
    # Idempotent.
    antall = Fagdokument.objects.count()
    demodata_prove.lag_prove_demodata(a, random.Random(1), meldinger.append)
    assert "hopper over" in meldinger[-1] and Fagdokument.objects.count() == antall
