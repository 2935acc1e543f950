"""Prøvenemnd rules (fagopplaering.regler.provenemnd, domene §1.3): periods, appointment, habilitet, composition,
fees. Pure unit tests, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fagopplaering.regler import provenemnd as n

D = dt.date


@pytest.mark.parametrize(
    "ar,periode",
    [(2016, (2016, 2019)), (2019, (2016, 2019)), (2020, (2020, 2023)), (2026, (2024, 2027)), (2028, (2028, 2031)),
     (2015, (2012, 2015))],
)  # fmt: skip
def test_periode_for(ar, periode):
    assert n.periode_for(ar) == periode


def _opp(**kw):
    data = dict(fodselsdato=D(1970, 5, 1), oppnevnt_dato=D(2024, 1, 10), periode=(2024, 2027),
                tidligere_perioder=[], maks_perioder_pa_rad=3, maks_alder=64, har_fagbrev=True, ar_praksis=None)  # fmt: skip
    data.update(kw)
    return n.valider_oppnevning(**data)


def test_oppnevning_i_orden():
    v = _opp()
    assert v.ok and not v.varsler and v.forklaring


def test_oppnevning_for_gammel():
    assert _opp(fodselsdato=D(1959, 1, 11)).ok  # 64 years old the day after
    v = _opp(fodselsdato=D(1959, 1, 10))  # turns 65 on the day of appointment
    assert "65 år" in v.feil["fodselsdato"]


def test_oppnevning_for_mange_perioder_pa_rad():
    assert _opp(tidligere_perioder=[(2016, 2019), (2020, 2023)]).ok
    v = _opp(tidligere_perioder=[(2012, 2015), (2016, 2019), (2020, 2023)])
    assert "4 perioder på rad (2012–2015, 2016–2019, 2020–2023, 2024–2027)" in v.feil["periode"]


def test_oppnevning_brudd_i_rekken_nullstiller():
    assert _opp(tidligere_perioder=[(2008, 2011), (2012, 2015), (2020, 2023)]).ok


def test_oppnevning_skjev_periode():
    assert "periode" in _opp(periode=(2025, 2028)).feil


def test_oppnevning_uten_fagbrev_og_praksis_er_varsel():
    v = _opp(har_fagbrev=False, ar_praksis=4)
    assert v.ok and "5 års praksis" in v.varsler[0]
    assert not _opp(har_fagbrev=False, ar_praksis=5).varsler
    assert _opp(har_fagbrev=False, ar_praksis=None).varsler


def _hab(**kw):
    data = dict(medlem_arbeidsgivere={"974760673"}, medlem_naerstaende={7}, medlem_person_id=1,
                kandidat_person_id=2, kandidat_bedrifter={"912345678", "987654321"})  # fmt: skip
    data.update(kw)
    return n.habilitet(**data)


def test_habil():
    assert _hab() == []


def test_inhabil_ansatt_i_bedriften():
    grunner = _hab(medlem_arbeidsgivere={"912345678"})
    assert len(grunner) == 1 and "912345678" in grunner[0] and "forvaltningsloven § 6" in grunner[0]


def test_inhabil_naerstaende_og_selv_kandidat():
    assert "nær familie" in _hab(medlem_naerstaende={2})[0]
    assert "selv kandidaten" in _hab(medlem_person_id=2)[0]


def test_sammensetning():
    assert n.sammensetning(["leiar", "medlem", "koordinator"]) == []
    varsler = n.sammensetning(["medlem", "vara"])
    assert any("ingen leiar" in v for v in varsler)
    assert any("UNVERIFIED" in v for v in varsler)
    assert any("2 leiarer" in v for v in n.sammensetning(["leiar", "leiar"]))


def test_honorar():
    satser = {"leiar": Decimal("2000"), "medlem": Decimal("1500"), "koordinator": Decimal("100")}
    assert n.honorar("leiar", satser, 3) == Decimal("6000.00")
    assert n.honorar("koordinator", satser, 0) == Decimal("0")
    with pytest.raises(ValueError, match="honorarsats"):
        n.honorar("vara", satser, 1)
    with pytest.raises(ValueError):
        n.honorar("leiar", satser, -1)
