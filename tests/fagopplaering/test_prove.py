"""The whole prøve workflow through the services (issue «Done when»): oppmelding by the company, approval with the
teori check, a conflicted nemnd member flagged, Ikke bestått with tilleggsprotokoll → S1, result letter and
kompetansebevis, NVB export, a klage changing the result to Bestått → AB, new documents, the first kompetansebevis
annulled (¤D KLA) in the next NVB file, and a document with FEIL refused while the rest is exported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fagopplaering.models import Fagdokument, Hendelse, Klage, Prove
from fagopplaering.nvb import format as nvbformat
from fagopplaering.services import klage as klagetj
from fagopplaering.services import nvb as nvbtj
from fagopplaering.services import prove as tj
from tests.fagopplaering.fabrikker_prove import lag_karakterer, lag_prove_oppsett
from vigo.models import Rolle

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def o(fag, brukere, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return lag_prove_oppsett(fag, brukere)


def _oppmeld(o, **kw):
    args = dict(person=o["person"], kandidattype="laerling", programomrade=o["fag"]["elektriker"], fylke=o["A"],
                oppmeldt_av="bedrift", kontrakt=o["kontrakt"], dato=D(2026, 12, 1))  # fmt: skip
    args.update(kw)
    return tj.meld_opp(o["bruker"], **args)


def _planlagt(o):
    p = _oppmeld(o)
    p = tj.godkjenn_oppmelding(o["bruker"], p, dato=D(2026, 12, 1))
    p = tj.tildel_nemnd(o["bruker"], p, nemnd=o["nemnd"], dato=D(2026, 12, 1))
    return tj.planlegg(o["bruker"], p, fra=D(2026, 12, 14), til=D(2026, 12, 15))


def test_oppmelding_godkjenning_og_teori(o):
    p = _oppmeld(o)
    assert p.status == Prove.Status.OPPMELDT and p.teori_ok and p.provetype == "fag"
    assert Hendelse.objects.filter(prove=p, type="prove_oppmeldt").exists()
    p = tj.godkjenn_oppmelding(o["bruker"], p, dato=D(2026, 12, 2))
    assert p.status == Prove.Status.GODKJENT


def test_teorikrav_ikke_oppfylt_gir_grunn_ved_godkjenning(o):
    lag_karakterer(o["person"], o["fag"]["skole_a"], [("ELE2002", "Elektriske installasjoner", "programfag", "1")],
                   ar="2025-2026")  # fmt: skip
    p = _oppmeld(o)
    assert p.teori_ok is False
    with pytest.raises(ValidationError) as feil:
        tj.godkjenn_oppmelding(o["bruker"], p)
    assert "Elektriske installasjoner" in " ".join(feil.value.messages)
    assert Prove.objects.get(pk=p.pk).status == Prove.Status.OPPMELDT


def test_bedriften_melder_opp_til_fylket_som_godkjente_kontrakten(o):
    # Even the system administrator (who may act in every county) cannot send it to another county.
    sysadmin = o["brukere"]["A"][Rolle.SYSADMIN]
    with pytest.raises(ValidationError) as feil:
        tj.meld_opp(sysadmin, person=o["person"], kandidattype="laerling", programomrade=o["fag"]["elektriker"],
                    fylke=o["B"], oppmeldt_av="bedrift", kontrakt=o["kontrakt"])  # fmt: skip
    assert "fylke" in feil.value.message_dict


def test_habilitet_flagges_og_stopper_planlegging(o):
    o["medlem"].arbeidsgiver = o["bedrift"]
    o["medlem"].save()
    p = tj.godkjenn_oppmelding(o["bruker"], _oppmeld(o))
    p = tj.tildel_nemnd(o["bruker"], p, nemnd=o["nemnd"], dato=D(2026, 12, 1))
    assert [h["navn"] for h in p.habilitet] == ["Mats Medlem"]
    with pytest.raises(ValidationError):
        tj.planlegg(o["bruker"], p, fra=D(2026, 12, 14), til=D(2026, 12, 15))
    o["medlem"].til = D(2026, 11, 30)
    o["medlem"].save()
    p = tj.tildel_nemnd(o["bruker"], p, nemnd=o["nemnd"], dato=D(2026, 12, 1))
    assert p.habilitet == []
    assert (
        tj.planlegg(o["bruker"], p, fra=D(2026, 12, 14), til=D(2026, 12, 15)).status == Prove.Status.PLANLAGT
    )


def test_provedato_tidligst_tre_maneder_for_laeretiden_slutter(o):
    p = tj.tildel_nemnd(o["bruker"], tj.godkjenn_oppmelding(o["bruker"], _oppmeld(o)), nemnd=o["nemnd"],
                        dato=D(2026, 12, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        tj.planlegg(o["bruker"], p, fra=D(2026, 11, 1), til=D(2026, 11, 2))


def test_ikke_bestatt_krever_tilleggsprotokoll(o):
    p = _planlagt(o)
    with pytest.raises(ValidationError):
        tj.registrer_resultat(o["bruker"], p, resultat="IB", dato=D(2026, 12, 15), protokoll="ARK-1")
    assert Prove.objects.get(pk=p.pk).status == Prove.Status.PLANLAGT


def test_hele_lopet_med_klage_og_nvb(o):
    p = _planlagt(o)
    p = tj.registrer_resultat(o["bruker"], p, resultat="IB", dato=D(2026, 12, 15), protokoll="ARK-1",
                              tilleggsprotokoll="Dokumentasjonen manglet.")  # fmt: skip
    o["kontrakt"].refresh_from_db()
    assert o["kontrakt"].avslutningskode.kode == "S1" and o["kontrakt"].status == "avsluttet"
    dok = {d.dokumenttype: d for d in Fagdokument.objects.filter(prove=p)}
    assert set(dok) == {"resultatbrev", "kompetansebevis"}
    kb = dok["kompetansebevis"]
    assert kb.status == "utstedt" and kb.vgdoknr.startswith("K817920632") and kb.fil
    # The first export sends the kompetansebevis.
    forste = nvbtj.eksporter(o["A"], bruker=o["bruker"])
    assert forste.dokumenter == 1 and kb.vgdoknr in forste.innhold.decode()
    # A klage on the grade within three weeks, decided «endret» to Bestått.
    k = klagetj.registrer_klage(o["bruker"], p, mottatt=D(2026, 12, 20), type="karakter")
    assert k.instans == Klage.Instans.KLAGENEMND
    klagetj.avgjor_klage(o["bruker"], k, utfall="endret", nytt_resultat="B", vedtak_dato=D(2027, 1, 10))
    o["kontrakt"].refresh_from_db()
    assert o["kontrakt"].avslutningskode.kode == "AB"
    kb.refresh_from_db()
    assert kb.status == "annullert" and kb.annulleringsarsak == "KLA"
    nye = {d.dokumenttype: d for d in Fagdokument.objects.filter(prove=p, status="utstedt")}
    assert {"vitnemal", "fagbrev", "resultatbrev"} <= set(nye)
    vm = nye["vitnemal"]
    assert vm.vgdoknr.startswith("V817920632")
    assert any(m["merknadkode"] == "VMM31" for m in vm.nvb["merknader"])
    andre = nvbtj.eksporter(o["A"], bruker=o["bruker"])
    lest = nvbformat.les(andre.innhold.decode())
    avsender = lest.fil.avsendere[0]
    assert [a.vgdoknr for a in avsender.annulleringer] == [kb.vgdoknr]
    assert avsender.annulleringer[0].aarsakkode == "KLA"
    assert avsender.annulleringer[0].erstattes_av == vm.vgdoknr
    assert [d.vgdoknr for d in avsender.dokumenter] == [vm.vgdoknr]
    # Nothing more to send.
    assert nvbtj.eksporter(o["A"], bruker=o["bruker"]).innhold == b""


def test_dokument_med_feil_stoppes_og_resten_eksporteres(o, fag):
    from tests.fabrikker import PersonFactory
    from tests.fagopplaering.fabrikker import lag_kontrakt

    p = _planlagt(o)
    tj.registrer_resultat(o["bruker"], p, resultat="B", dato=D(2026, 12, 15), protokoll="ARK-1")
    # A candidate with a VIGO fiktivt fødselsnummer (day + 40, løpenummer 99, county 50): never to NVB.
    fiktiv = PersonFactory(fylke=o["A"], fodselsnummer="55030899250", fornavn="Fia", etternavn="Fiktiv")
    k2 = lag_kontrakt(fiktiv, o["A"], o["bedrift"], fag["elektriker"], fra=D(2025, 2, 15), mnd=24)
    lag_karakterer(fiktiv, fag["skole_a"], [("NOR1206", "Norsk", "fellesfag", "4")])
    p2 = _oppmeld(o, person=fiktiv, kontrakt=k2)
    p2 = tj.tildel_nemnd(
        o["bruker"], tj.godkjenn_oppmelding(o["bruker"], p2), nemnd=o["nemnd"], dato=D(2026, 12, 1)
    )
    p2 = tj.planlegg(o["bruker"], p2, fra=D(2026, 12, 14), til=D(2026, 12, 15))
    tj.registrer_resultat(o["bruker"], p2, resultat="B", dato=D(2026, 12, 15), protokoll="ARK-2")
    stoppet = Fagdokument.objects.filter(prove=p2, status="stoppet")
    assert {d.dokumenttype for d in stoppet} >= {"vitnemal", "fagbrev"}
    vm = stoppet.get(dokumenttype="vitnemal")
    assert vm.vgdoknr is None and any(m["alvor"] == "FEIL" for m in vm.kontroll)
    res = nvbtj.eksporter(o["A"], bruker=o["bruker"])
    assert res.dokumenter == 1 and "Fiktiv" not in res.innhold.decode()


def test_skolebruker_og_annet_fylke_avvises(o):
    with pytest.raises(PermissionDenied):
        tj.meld_opp(o["brukere"]["B"][Rolle.FAGOPPLAERING], person=o["person"], kandidattype="laerling",
                    programomrade=o["fag"]["elektriker"], fylke=o["A"], oppmeldt_av="bedrift",
                    kontrakt=o["kontrakt"])  # fmt: skip
    with pytest.raises(PermissionDenied):
        tj.meld_opp(o["brukere"]["A"][Rolle.SKOLE], person=o["person"], kandidattype="laerling",
                    programomrade=o["fag"]["elektriker"], fylke=o["A"], oppmeldt_av="bedrift",
                    kontrakt=o["kontrakt"])  # fmt: skip
    assert not Prove.objects.exists()


def test_utsatt_prove_fortsetter_uten_avgift(o):
    p = _planlagt(o)
    ny = tj.utsett(o["bruker"], p, grunn="Syk")
    assert (
        ny.forrige_id == p.pk and ny.utsatt_prove and ny.forsok_nr == 1 and ny.status == Prove.Status.TILDELT
    )
    assert Prove.objects.get(pk=p.pk).status == Prove.Status.UTSATT


def test_andre_gang_ikke_bestatt_gir_s2(o):
    p = _planlagt(o)
    tj.registrer_resultat(o["bruker"], p, resultat="IB", dato=D(2026, 12, 15), protokoll="A",
                          tilleggsprotokoll="Begrunnelse")  # fmt: skip
    ny = tj.meld_opp_ny(o["bruker"], Prove.objects.get(pk=p.pk), dato=D(2027, 1, 5))
    assert ny.forsok_nr == 2
    ny = tj.tildel_nemnd(
        o["bruker"], tj.godkjenn_oppmelding(o["bruker"], ny), nemnd=o["nemnd"], dato=D(2027, 1, 5)
    )
    ny = tj.planlegg(o["bruker"], ny, fra=D(2027, 1, 20), til=D(2027, 1, 21))
    tj.registrer_resultat(o["bruker"], ny, resultat="IB", dato=D(2027, 1, 21), protokoll="B",
                          tilleggsprotokoll="Begrunnelse")  # fmt: skip
    o["kontrakt"].refresh_from_db()
    assert o["kontrakt"].avslutningskode.kode == "S2"


def test_resultat_etter_at_kontrakten_er_avsluttet_paa_annen_maate(o):
    """A contract ended otherwise keeps its code; the prøve's result is still registered and documented."""
    p = _planlagt(o)
    from fagopplaering.services import kontrakt as ktj

    ktj.avslutt_kontrakt(
        o["bruker"], o["kontrakt"], dato=D(2026, 12, 10), mate="oppsagt", avslutningskode="AR"
    )
    p = tj.registrer_resultat(o["bruker"], p, resultat="B", dato=D(2026, 12, 15), protokoll="ARK-1")
    o["kontrakt"].refresh_from_db()
    assert p.status == Prove.Status.VURDERT and o["kontrakt"].avslutningskode.kode == "AR"
    assert Hendelse.objects.filter(kontrakt=o["kontrakt"], tekst__contains="beholder").exists()


def test_odelagt_dokumentmal_gir_norsk_feil_og_ingenting_lagres(o):
    from unittest import mock

    from vigo.dokumentmal.gjengi import Malfeil

    p = _planlagt(o)
    with mock.patch("vigo.dokumentmal.gjengi.til_pdf", side_effect=Malfeil("Malen kan ikke fylles ut.")):
        with pytest.raises(ValidationError) as feil:
            tj.registrer_resultat(o["bruker"], p, resultat="B", dato=D(2026, 12, 15), protokoll="ARK-1")
    assert "Dokumentmalen" in " ".join(feil.value.messages)
    assert Prove.objects.get(pk=p.pk).status == Prove.Status.PLANLAGT and not Fagdokument.objects.exists()


def test_naerstaende_flagges_og_skjemaet_tar_fodselsnumre(o, client):
    from fagopplaering.forms_nemnd import MedlemSkjema

    skjema = MedlemSkjema({"fodselsnummer": o["medlem"].person.fodselsnummer, "rolle": "vara",
                           "representerer": "annet", "oppnevnt_dato": "2024-01-01", "fra": "2024-01-01",
                           "naerstaende": f"{o['person'].fodselsnummer}\n"}, bruker=o["bruker"])  # fmt: skip
    assert skjema.is_valid(), skjema.errors
    assert skjema.cleaned_data["naerstaende"] == [o["person"]]
    feil = MedlemSkjema({"fodselsnummer": o["medlem"].person.fodselsnummer, "rolle": "vara", "representerer": "annet",
                         "oppnevnt_dato": "2024-01-01", "fra": "2024-01-01", "naerstaende": "12345678901"},
                        bruker=o["bruker"])  # fmt: skip
    assert not feil.is_valid() and "linje 1" in str(feil.errors["naerstaende"])
    o["leiar"].naerstaende.set([o["person"]])
    p = tj.godkjenn_oppmelding(o["bruker"], _oppmeld(o))
    p = tj.tildel_nemnd(o["bruker"], p, nemnd=o["nemnd"], dato=D(2026, 12, 1))
    assert [h["navn"] for h in p.habilitet] == ["Lise Leder"]
