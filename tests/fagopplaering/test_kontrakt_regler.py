"""The contract's rules (fagopplaering.regler.kontrakt): transition table, løpende på dato (§0.4), ending (§§ 7-3,
7-4), prøve deadlines."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fagopplaering.models import Kontrakt
from fagopplaering.regler import kontrakt as r

D = dt.date


def test_tabellen_dekker_alle_statuser():
    assert set(r.OVERGANGER) == set(Kontrakt.Status.values)
    for til in r.OVERGANGER.values():
        assert til <= set(Kontrakt.Status.values)


@pytest.mark.parametrize(
    "fra,til",
    [("opprettet", "til_godkjenning"), ("til_godkjenning", "godkjent"), ("til_godkjenning", "opprettet"),
     ("godkjent", "avsluttet"), ("opprettet", "annullert"), ("til_godkjenning", "annullert")],
)  # fmt: skip
def test_lovlige_overganger(fra, til):
    assert r.kan_ga(fra, til)
    r.krev_overgang(fra, til)


@pytest.mark.parametrize(
    "fra,til",
    [("opprettet", "godkjent"), ("godkjent", "annullert"), ("avsluttet", "godkjent"), ("annullert", "opprettet"),
     ("godkjent", "opprettet"), ("avsluttet", "avsluttet"), ("opprettet", "avsluttet")],
)  # fmt: skip
def test_ulovlige_overganger(fra, til):
    assert not r.kan_ga(fra, til)
    with pytest.raises(r.Overgangsfeil, match="kan ikke bli"):
        r.krev_overgang(fra, til)


def _k(**kw):
    data = dict(godkjent_dato=D(2025, 9, 1), laeretid_fra=D(2025, 8, 15), laeretid_til=D(2027, 8, 14),
                avslutningskode_id=None)  # fmt: skip
    data.update(kw)
    return SimpleNamespace(**data)


def test_lopende_pa_grenser():
    k = _k()
    assert r.lopende_pa(k, D(2025, 8, 15))
    assert r.lopende_pa(k, D(2027, 8, 14))
    assert not r.lopende_pa(k, D(2025, 8, 14))
    assert not r.lopende_pa(k, D(2027, 8, 15))


def test_lopende_krever_godkjenning_men_godkjenning_flytter_ikke_start():
    assert not r.lopende_pa(_k(godkjent_dato=None), D(2026, 1, 1))
    # approved 1 Oct, training started 15 Aug: løpende on 1 Sept (§ 7-2 tredje ledd) …
    k = _k(godkjent_dato=D(2025, 10, 1))
    assert r.lopende_pa(k, D(2025, 9, 1))
    # … but an extract made before the approval does not count it
    assert not r.lopende_pa(k, D(2025, 9, 1), uttrekksdato=D(2025, 9, 30))
    assert r.lopende_pa(k, D(2025, 9, 1), uttrekksdato=D(2025, 10, 1))


def test_lopende_avbrudd_og_avslutningskode():
    k = _k()
    a = [(D(2026, 1, 1), D(2026, 1, 31))]
    assert not r.lopende_pa(k, D(2026, 1, 15), avbrudd=a)
    assert r.lopende_pa(k, D(2026, 2, 1), avbrudd=a)
    apent = [(D(2026, 3, 1), None)]
    assert not r.lopende_pa(k, D(2027, 1, 1), avbrudd=apent)
    assert r.lopende_pa(k, D(2026, 2, 28), avbrudd=apent)
    assert not r.lopende_pa(_k(avslutningskode_id=7), D(2026, 1, 1))


KODE_AR = r.Kodeinfo("AR")
KODE_AB = r.Kodeinfo("AB", automatisk=True)


def _avslutt(mate, dato=None, **kw):
    dato = dato or D(2026, 1, 10)
    args = dict(laeretid_fra=D(2025, 8, 15), laeretid_til=D(2027, 8, 14), kode=KODE_AR)
    args.update(kw)
    return r.valider_avslutning(mate, dato, **args)


def test_kode_kreves_og_automatiske_bare_ved_prove():
    assert "avslutningskode" in _avslutt(r.OPPSAGT, kode=None).feil
    assert "avslutningskode" in _avslutt(r.OPPSAGT, kode=KODE_AB).feil
    assert "avslutningskode" in _avslutt(r.PROVE, kode=KODE_AR).feil
    assert _avslutt(r.PROVE, kode=KODE_AB).ok
    gammel = r.Kodeinfo("XX", gyldig_til=D(2020, 1, 1))
    assert "avslutningskode" in _avslutt(r.OPPSAGT, kode=gammel).feil
    assert "avslutningskode" in _avslutt(r.OPPSAGT, kode=r.Kodeinfo("AR", aktiv=False)).feil


def test_oppsagt_gir_begge_parter():
    k = _avslutt(r.OPPSAGT)
    assert k.ok and k.hevet_av == "LB"
    assert "hevet_av" in _avslutt(r.OPPSAGT, hevet_av="B").feil


def test_heving_krever_hevet_av_og_muntlig_horing_ved_bedriftens_krav():
    assert "hevet_av" in _avslutt(r.HEVET).feil
    assert "hevet_av" in _avslutt(r.HEVET, hevet_av="LB").feil
    assert _avslutt(r.HEVET, hevet_av="L").ok
    k = _avslutt(r.HEVET, hevet_av="B")
    assert "muntlig_hort" in k.feil and "§ 7-3 tredje ledd" in k.feil["muntlig_hort"][0]
    assert "muntlig_hort" in _avslutt(r.HEVET, hevet_av="B", muntlig_hort=D(2026, 2, 1)).feil
    assert _avslutt(r.HEVET, hevet_av="B", muntlig_hort=D(2026, 1, 5)).ok


def test_arbeidsavtale_bare_forste_seks_maneder_og_hele_opplaeringen_i_bedrift():
    ok = _avslutt(r.ARBEIDSAVTALE, D(2026, 2, 14), hevet_av="B", opplaeringsmodell="bedrift")
    assert ok.ok
    sent = _avslutt(r.ARBEIDSAVTALE, D(2026, 2, 15), hevet_av="B", opplaeringsmodell="bedrift")
    assert "dato" in sent.feil
    assert "mate" in _avslutt(r.ARBEIDSAVTALE, hevet_av="B", opplaeringsmodell="2+2").feil
    assert "hevet_av" in _avslutt(r.ARBEIDSAVTALE, opplaeringsmodell="bedrift").feil


def test_utlopt_og_overfort_og_dato():
    assert "dato" in _avslutt(r.UTLOPT, kode=r.Kodeinfo("UP")).feil
    assert _avslutt(r.UTLOPT, D(2027, 9, 1), kode=r.Kodeinfo("UP")).ok
    assert "avslutningskode" in _avslutt(r.OVERFORT).feil
    assert _avslutt(r.OVERFORT, kode=r.Kodeinfo("EK")).ok
    assert "dato" in _avslutt(r.OPPSAGT, D(2025, 8, 1)).feil
    assert "mate" in _avslutt("tull").feil


def test_provefrister():
    p = r.provefrister(D(2027, 8, 14))
    assert p.tidligst_prove == D(2027, 5, 14) and p.oppmeldingsfrist == D(2027, 6, 14)
    assert "§ 9-56" in p.forklaring[0]


def test_godkjent_dato_ikke_fram_i_tid():
    assert r.valider_godkjenning(D(2026, 1, 2), D(2026, 1, 1))
    assert not r.valider_godkjenning(D(2026, 1, 1), D(2026, 1, 1))
