"""The årshjul names the formidling file only in words («Fagopplæringsfil (formidling) pr 11. november»); the
fagopplæring app links it to its report 5A111 (``FagopplaeringConfig.ready`` → ``registrer_tekstkobling``), so the
event can plan and track the job like the events that name their code."""

from __future__ import annotations

import pytest

from arshjul.kjerne import les_innebygd
from arshjul.kjerne.jobbkoder import finn_jobbkoder, registrer_tekstkobling
from vigo import jobber


@pytest.fixture(autouse=True)
def _media():
    """Framework-free core: override the Django autouse fixture in tests/conftest.py."""


def test_formidlingsfila_i_arshjulet_kobles_til_5a111():
    (h,) = [h for h in les_innebygd("2022-2023").hendelser if "Fagopplæringsfil (formidling)" in h.hva]
    # The formidling report 5A111 and the file itself (the delivery 1L020, linked by rapporter) both answer it.
    assert h.jobbkoder == {"5A111": "Formidlingsstatus", "1L020": "Fagopplæringsfil"}
    assert jobber.finnes("5A111") and jobber.finnes("1L020")


def test_en_kode_i_teksten_beholder_sitt_navn_og_andre_tekster_kobles_ikke():
    assert "5A111" not in finn_jobbkoder("Fagopplæringsfil (kontrakter og prøver) pr 01. januar")
    assert finn_jobbkoder("5A111 - Egen tekst. Fagopplæringsfil (formidling)")["5A111"] == "Egen tekst"
    with pytest.raises(ValueError):
        registrer_tekstkobling("noe", "5A11", "Feil kode")
