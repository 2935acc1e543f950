"""Søknad services: every validation rule with its Norwegian message, status transitions and wish moves."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from inntak import services
from inntak.models import Onske, Saksbehandlingslogg, TilbudStatus
from tests.fabrikker import PersonFactory, bare_ungdomsrett_krever_tre_utdanningsprogram, syntetisk_fnr

pytestmark = pytest.mark.django_db


def _feil(fn, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as e:
        fn(*args, **kwargs)
    return " | ".join(e.value.messages)


def test_registrer_soknad_lagrer_onsker_i_rekkefolge_og_logger(lag_soknad, inntak):
    s = lag_soknad(onsker=["hs", "st", "el", "st2"])
    assert [o.tilbud for o in s.onsker.order_by("nr")] == [inntak.t[k] for k in ("hs", "st", "el", "st2")]
    assert [o.nr for o in s.onsker.order_by("nr")] == [1, 2, 3, 4]
    assert s.status == "registrert" and s.behandlingskategori.kode == "ORD"
    assert not s.gjesteelev and not s.voksen and s.heltid
    assert Saksbehandlingslogg.objects.filter(soknad=s, handling="registrert").exists()
    assert s.history.count() == 1 and Onske.history.filter(soknad_id=s.pk).count() == 4


def test_for_mange_onsker(lag_soknad, inntak):
    inntak.A.maks_onsker = 3
    inntak.A.save()
    melding = _feil(lag_soknad, onsker=["st", "hs", "el", "tp"])
    assert "Søknaden har 4 ønsker, men Trøndelag tillater høyst 3 ønsker per søker i 2026-2027." in melding


def test_samme_tilbud_to_ganger(lag_soknad):
    melding = _feil(lag_soknad, onsker=["st", "hs", "el", "st"])
    assert "Ønske 4 er det samme tilbudet som ønske 1" in melding and "bare ønskes én gang" in melding


def test_ungdomsrett_vg1_krever_tre_utdanningsprogram(lag_soknad, inntak):
    melding = _feil(lag_soknad, onsker=["st", "st2", "hs"])
    assert "må søke minst tre ulike utdanningsprogram" in melding and "Søknaden har 2." in melding
    # Where the county keeps the old scope (2026-2027 asks it of all, § 4-7), the rule needs ungdomsrett.
    bare_ungdomsrett_krever_tre_utdanningsprogram(inntak.A, inntak.ar)
    assert lag_soknad(onsker=["st", "st2"], rettstatus="uten_rett").onsker.count() == 2


def test_bare_apne_tilbud_i_soknadens_skolear_niva_og_fylke(lag_soknad, inntak):
    inntak.t["tp"].status = TilbudStatus.STENGT
    inntak.t["tp"].save()
    assert (
        "Ønske 4 (" in (m := _feil(lag_soknad, onsker=["st", "hs", "el", "tp"]))
        and "er stengt for søking" in m
    )
    melding = _feil(lag_soknad, onsker=["st", "hs", "el"], skolear=inntak.neste)
    assert "gjelder skoleåret 2026-2027, men søknaden gjelder 2027-2028" in melding
    melding = _feil(lag_soknad, onsker=["st", "hs", "el", "rea"])
    assert "er et tilbud på Vg2, men søknaden gjelder Vg1" in melding
    melding = _feil(lag_soknad, onsker=["st", "hs", "el", "b_st"])
    assert "er ikke et tilbud i Trøndelag" in melding


def test_ingen_onsker_og_feil_kategori_og_dobbel_soknad(lag_soknad, inntak):
    assert "minst ett ønske" in _feil(lag_soknad, onsker=[])
    assert "gjelder bare Vg1" in _feil(lag_soknad, onsker=["rea"], niva="VG2", behandlingskategori="FOR615")
    s = lag_soknad()
    assert "har allerede en søknad i Trøndelag for 2026-2027" in _feil(lag_soknad, person=s.person)


def test_alle_brudd_rapporteres_samtidig(lag_soknad, inntak):
    inntak.A.maks_onsker = 2
    inntak.A.save()
    with pytest.raises(ValidationError) as e:
        lag_soknad(onsker=["st", "st", "hs"])
    assert len(e.value.messages) == 3  # too many, duplicate, fewer than three programmes


def test_voksen_gjesteelev_og_deltid(lag_soknad, inntak):
    voksen = PersonFactory(fylke=inntak.B, fodselsnummer=syntetisk_fnr(datetime.date(2001, 3, 3)))
    s = lag_soknad(person=voksen, rettstatus="voksenrett", deltid=True)
    assert s.voksen and s.gjesteelev and s.deltid and s.hjemfylke == inntak.B and s.fylke == inntak.A
    ung = PersonFactory(fylke=inntak.A, fodselsnummer=syntetisk_fnr(datetime.date(2002, 12, 31)))
    assert not lag_soknad(person=ung, skolear=inntak.ar, onsker=["st", "hs", "el"]).voksen  # turns 24 in 2026


def test_statusoverganger_fra_tabellen(lag_soknad):
    s = lag_soknad()
    s = services.endre_status(s, "klar")
    assert s.status == "klar"
    s = services.endre_status(s, "tildelt")
    assert "kan ikke gå fra «Tildelt plass» til «Registrert»" in _feil(services.endre_status, s, "registrert")
    assert "kan ikke endres" in _feil(services.legg_til_onske, s, s.onsker.first().tilbud)


def test_flytt_onske_opp_og_ned_med_historikk(lag_soknad, inntak, brukere):
    s = lag_soknad(onsker=["st", "hs", "el", "tp"])
    el = s.onsker.get(tilbud=inntak.t["el"])
    ny = services.flytt_onske(el, -1, bruker=brukere["A"]["Inntakssaksbehandler"])
    assert [o.tilbud_id for o in ny] == [inntak.t[k].pk for k in ("st", "el", "hs", "tp")]
    assert list(s.onsker.order_by("nr").values_list("tilbud_id", flat=True)) == [o.tilbud_id for o in ny]
    services.flytt_onske(s.onsker.get(nr=1), 1)
    assert list(s.onsker.order_by("nr").values_list("tilbud__programomrade__kode", flat=True))[:2] == [
        "ELELE1----",
        "STUSP1----",
    ]
    assert "står allerede øverst" in _feil(services.flytt_onske, s.onsker.get(nr=1), -1)
    assert "står allerede nederst" in _feil(services.flytt_onske, s.onsker.get(nr=4), 1)
    assert Onske.history.filter(soknad_id=s.pk, history_type="~").count() == 4
    logg = s.logg.filter(handling="onske").first()
    assert logg.bruker is None and "flyttet ned" in logg.tekst  # newest first; the second move had no user


def test_legg_til_fjern_og_sett_onsker(lag_soknad, inntak):
    s = lag_soknad()
    services.legg_til_onske(s, inntak.t["tp"])
    assert s.onsker.count() == 4
    assert "samme tilbudet" in _feil(services.legg_til_onske, s, inntak.t["st"])
    services.fjern_onske(s.onsker.get(nr=1))
    assert list(s.onsker.order_by("nr").values_list("nr", flat=True)) == [1, 2, 3]
    assert "minst tre ulike utdanningsprogram" in _feil(services.fjern_onske, s.onsker.get(nr=1))
    services.sett_onsker(s, [inntak.t["tp"], inntak.t["st2"], inntak.t["hs"]])
    assert list(s.onsker.order_by("nr").values_list("tilbud_id", flat=True)) == [
        inntak.t[k].pk for k in ("tp", "st2", "hs")
    ]


def test_endre_soknad_validerer_onskene_pa_nytt(lag_soknad, inntak):
    bare_ungdomsrett_krever_tre_utdanningsprogram(inntak.A, inntak.ar)
    s = lag_soknad(onsker=["st", "st2"], rettstatus="uten_rett")
    assert "minst tre ulike" in _feil(services.endre_soknad, s, rettstatus="ungdomsrett")
    s = services.endre_soknad(s, deltid=True, behandlingskategori="IND622")
    assert s.deltid and s.behandlingskategori.kode == "IND622" and s.trenger_vedtak


def test_utgatt_programomrade_kan_ikke_onskes(lag_soknad):
    melding = _feil(lag_soknad, onsker=["st", "hs", "el", "dh"])
    assert "DHDHV1----" in melding and "utgått" in melding


def test_fortrinn_615_trenger_ikke_tre_utdanningsprogram(lag_soknad):
    """§ 6-15 gives fortrinn to one particular programme, so the three-programme rule does not apply."""
    assert "minst tre ulike utdanningsprogram" in _feil(lag_soknad, onsker=["st", "st2"])
    s = lag_soknad(onsker=["st", "st2"], behandlingskategori="FOR615")
    assert s.onsker.count() == 2


def test_fylkets_onskestruktur_fra_systemparameterne(lag_soknad, inntak, brukere):
    """Wishes per utdanningsprogram and schools per programområde are the county's rules (local forskrift), set as
    system parameters; 0 (the default) means no limit of its own."""
    from vigo.models import Rolle
    from vigo.parametere.services import sett_parametere

    assert (
        lag_soknad(onsker=["st", "st2", "hs", "el"]).onsker.count() == 4
    )  # no limits set: two ST schools are fine
    fa = brukere["A"][Rolle.FYLKESADMIN]
    sett_parametere(inntak.A, inntak.ar, {"inntak.maks_skoler_per_programomrade": 1}, fa)
    melding = _feil(lag_soknad, onsker=["st", "st2", "hs", "el"])
    assert (
        "Søknaden har 2 skoler for programområdet" in melding
        and "høyst 1 skoler per programområde" in melding
    )
    sett_parametere(inntak.A, inntak.ar, {"inntak.maks_skoler_per_programomrade": 0,
                                          "inntak.maks_onsker_per_utdanningsprogram": 1}, fa)  # fmt: skip
    melding = _feil(lag_soknad, onsker=["st", "st2", "hs", "el"])
    assert (
        "Søknaden har 2 ønsker i utdanningsprogrammet" in melding
        and "høyst 1 ønsker per utdanningsprogram" in melding
    )
    assert "skoler per programområde" not in melding
    sett_parametere(inntak.A, inntak.ar, {"inntak.maks_onsker_per_utdanningsprogram": 2}, fa)
    assert lag_soknad(onsker=["st", "st2", "hs", "el"]).onsker.count() == 4
