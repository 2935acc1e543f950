"""5A006 «Preutfylling» (next year's søknader for current pupils) and 8A011 «Ajourholdskontroll» (B01 codes)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied

from inntak.elev.models import Elevforhold
from inntak.elev.selectors.ajourhold import ajourholdsrapport
from inntak.elev.services.preutfylling import preutfyll
from inntak.kjoring import svar
from inntak.models import Saksbehandlingslogg, Soknad, Tilbud
from tests.fabrikker import PersonFactory, publiser
from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401
from tests.inntak_kjoring.conftest import kjor, sett_poeng  # noqa: F401
from vigo.jobber import tjenester
from vigo.models import KjoringStatus, Rolle

AUG = datetime.date(2026, 8, 18)


def _elevkurs(person, skole, po, ar, start=AUG, **kw):
    return Elevforhold.objects.create(
        person=person, skole=skole, programomrade=po, skolear=ar, startdato=start, **kw
    )


# --- 5A006 ----------------------------------------------------------------------------------------------------
@pytest.fixture
def elever(inntak):  # noqa: F811
    a = inntak.kv["skole_a"]
    for po in ("STREA2", "STREA3"):
        Tilbud.objects.create(
            fylke=inntak.A, skole=a, programomrade=inntak.po[po], skolear=inntak.neste, plasser=30
        )
    p = {
        n: PersonFactory(fylke=inntak.A, fornavn=n) for n in ("Vg1", "Vg2", "Avbrutt", "Helse", "Annetfylke")
    }
    _elevkurs(p["Vg1"], a, inntak.po["ST"], inntak.ar)
    _elevkurs(p["Vg2"], a, inntak.po["STREA2"], inntak.ar)
    _elevkurs(p["Avbrutt"], a, inntak.po["ST"], inntak.ar, avbruddsdato=datetime.date(2026, 10, 1))
    _elevkurs(p["Helse"], a, inntak.po["HS"], inntak.ar)  # no Vg2 tilbud next year at the school
    _elevkurs(p["Annetfylke"], inntak.kv["skole_b"], inntak.po["ST"], inntak.ar)
    return p


def _kjor_5a006(inntak, bruker):  # noqa: F811
    kj = tjenester.start_kjoring("5A006", inntak.A, bruker, send=False,
                                 parametere={"fra_skolear": inntak.ar.kode, "til_skolear": inntak.neste.kode})  # fmt: skip
    tjenester.utfor(kj.pk)
    kj.refresh_from_db()
    return kj


def test_preutfylling_lager_neste_nivaa_og_er_idempotent(elever, inntak, brukere):  # noqa: F811
    bruker = brukere["A"][Rolle.INNTAK]
    kj = _kjor_5a006(inntak, bruker)
    assert kj.status == KjoringStatus.FERDIG, kj.melding
    r = kj.resultat
    assert r["elever"] == 3 and r["opprettet"] == 2 and r["hoppet_over"] == 1 and r["avbrutt_ikke_med"] == 1
    assert r["grunner"] == {"ingen åpne tilbud på neste nivå ved skolen": 1}
    vg2 = Soknad.objects.get(person=elever["Vg1"], skolear=inntak.neste)
    assert vg2.niva == "VG2" and vg2.status == "preutfylt" and vg2.fylke == inntak.A
    assert [o.tilbud.programomrade.kode for o in vg2.onsker.all()] == ["STREA2----"]
    assert Soknad.objects.get(person=elever["Vg2"], skolear=inntak.neste).niva == "VG3"
    assert Saksbehandlingslogg.objects.filter(soknad=vg2, handling="preutfylt").exists()
    assert not Soknad.objects.filter(person__in=[elever["Avbrutt"], elever["Annetfylke"]]).exists()
    assert kj.filer.filter(navn__startswith="preutfylling_hoppet_over").exists()

    kj2 = _kjor_5a006(inntak, bruker)
    assert kj2.resultat["opprettet"] == 0 and kj2.resultat["grunner"]["har allerede søknad"] == 2
    assert Soknad.objects.filter(skolear=inntak.neste).count() == 2


def test_preutfylt_soknad_er_ikke_med_i_inntaket_for_soker_sender_den(elever, inntak, brukere):  # noqa: F811
    """A prefilled søknad is a suggestion: no intake run reads it until the applicant saves the wishes."""
    from inntak.kjoring.snapshot import bygg_snapshot
    from inntak.services.soknad_soker import lagre_onsker

    _kjor_5a006(inntak, brukere["A"][Rolle.INNTAK])
    vg2 = Soknad.objects.get(person=elever["Vg1"], skolear=inntak.neste)

    def i_snapshot() -> bool:
        g = bygg_snapshot(fylke_id=inntak.A.pk, skolear_id=inntak.neste.pk, niva="VG2", runde=1, seed=1)
        return str(vg2.pk) in {r["id"] for r in g.snapshot["sokere"]}

    assert not i_snapshot()
    lagre_onsker(elever["Vg1"], vg2, [o.tilbud_id for o in vg2.onsker.all()])
    vg2.refresh_from_db()
    assert vg2.status == "registrert" and i_snapshot()
    assert Saksbehandlingslogg.objects.filter(soknad=vg2, handling="status").exists()


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE])
def test_preutfylling_og_ajourhold_nektes_lese_og_skole(elever, inntak, brukere, rolle):  # noqa: F811
    bruker = brukere["A"][rolle]
    with pytest.raises(PermissionDenied):
        preutfyll(bruker, fylke=inntak.A, fra_skolear=inntak.ar, til_skolear=inntak.neste)
    for kode, parametere in (("5A006", {"fra_skolear": inntak.ar.kode, "til_skolear": inntak.neste.kode}),
                             ("8A011", {"skolear": inntak.ar.kode})):  # fmt: skip
        with pytest.raises(PermissionDenied):
            tjenester.start_kjoring(kode, inntak.A, bruker, parametere=parametere, send=False)


# --- 8A011 ----------------------------------------------------------------------------------------------------
@pytest.fixture
def ajourhold(inntak, lag_soknad, kjor):  # noqa: F811
    navn = ("Anne", "Bjørn", "Cecilie", "David", "Frida")
    sok = {n: lag_soknad(person=PersonFactory(fylke=inntak.A, fornavn=n, etternavn="Testesen")) for n in navn}
    for s in sok.values():
        sett_poeng(s, "40.00")
    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    for n in ("Anne", "Bjørn", "Cecilie", "David"):
        svar.registrer_svar(ik, sok[n], "ja")
    svar.registrer_svar(ik, sok["Frida"], "nei")
    a, a2, po = inntak.kv["skole_a"], inntak.kv["skole_a2"], inntak.po
    _elevkurs(sok["Anne"].person, a, po["ST"], inntak.ar)  # as admitted: no row
    _elevkurs(sok["Cecilie"].person, a, po["HS"], inntak.ar)  # E: another programme at the same school
    _elevkurs(sok["David"].person, a, po["ST"], inntak.ar, avbruddsdato=datetime.date(2026, 8, 25))  # S
    erik = PersonFactory(fylke=inntak.A, fornavn="Erik", etternavn="Testesen")
    _elevkurs(erik, a2, po["ST"], inntak.ar, start=datetime.date(2026, 8, 20))  # I: no offer
    sent = PersonFactory(fylke=inntak.A, fornavn="Sen", etternavn="Testesen")
    _elevkurs(sent, a2, po["ST"], inntak.ar, start=datetime.date(2026, 9, 10))  # after 31 August: not counted
    return sok


def test_ajourhold_finner_hvert_b01_tilfelle(ajourhold, inntak):  # noqa: F811
    rader = ajourholdsrapport(fylke=inntak.A, skolear=inntak.ar)
    funnet = {(r["kode"], r["navn"].split()[0]) for r in rader}
    assert funnet == {("N", "Bjørn"), ("E", "Cecilie"), ("S", "David"), ("I", "Erik")}
    e = next(r for r in rader if r["kode"] == "E")
    assert (e["tilbud_programomrade"], e["elevkurs_programomrade"]) == ("STUSP1----", "HSHSF1----")
    s = next(r for r in rader if r["kode"] == "S")
    assert s["dato"] == datetime.date(2026, 8, 25) and s["skolenummer"] == "50001"
    # Up to an earlier date the avbrudd in late August and the late start are not yet there.
    tidlig = ajourholdsrapport(fylke=inntak.A, skolear=inntak.ar, til_dato=datetime.date(2026, 8, 19))
    assert {(r["kode"], r["navn"].split()[0]) for r in tidlig} == {("N", "Bjørn"), ("E", "Cecilie")}


def test_ajourhold_jobb_skriver_csv_og_antall_per_skole(ajourhold, inntak, brukere):  # noqa: F811
    kj = tjenester.start_kjoring("8A011", inntak.A, brukere["A"][Rolle.INNTAK], send=False,
                                 parametere={"skolear": inntak.ar.kode})  # fmt: skip
    tjenester.utfor(kj.pk)
    kj.refresh_from_db()
    assert kj.status == KjoringStatus.FERDIG, kj.melding
    assert kj.resultat["antall"] == 4 and kj.resultat["per_kode"] == {"N": 1, "E": 1, "S": 1, "I": 1}
    assert kj.resultat["per_skole"] == {
        "50001 Charlottenlund vgs": "E: 1, N: 1, S: 1",
        "50002 Byåsen vgs": "I: 1",
    }
    fil = kj.filer.get()
    assert fil.inneholder_personopplysninger
    rader = list(csv.DictReader(io.StringIO(fil.fil.read().decode()), delimiter=";"))
    assert {r["kode"] for r in rader} == {"N", "E", "S", "I"} and rader[0]["skolenummer"] == "50001"
