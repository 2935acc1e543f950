"""Fagopplæring in the admin: code tables editable by whoever holds the model permission, the registers read-only
and scoped to the county, person pages audited, bad addresses never a 500."""

from __future__ import annotations

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from fagopplaering import models as m
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import lag_bedrift, lag_godkjenning, lag_gyldig_orgnr, lag_kontrakt
from vigo.models import Innsyn, Rolle

KODETABELLER = (m.Kontraktstype, m.Avslutningskode, m.HevetAv)
REGISTRE = (m.Bedrift, m.Godkjenning, m.Medlemskap, m.Opplaeringsansvarlig, m.Formidling, m.Formidlingstilbud,
            m.Intensjonsavtale, m.Kontrakt, m.Avbrudd, m.Kontraktendring, m.Hendelse, m.Tilskuddsberegning,
            m.Tilskuddslinje, m.Tilskuddsutbetaling, m.Provenemnd, m.Nemndmedlem, m.Nemndlan, m.Prove, m.Klage,
            m.Fagdokument)  # fmt: skip


def _url(modell, side="changelist", *args):
    return reverse(f"admin:fagopplaering_{modell._meta.model_name}_{side}", args=args)


def test_alle_modeller_er_registrert():
    for modell in KODETABELLER + REGISTRE:
        assert django_admin.site.is_registered(modell), modell.__name__


def test_sysadmin_ser_alle_sider(client, fag, brukere):
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    b = lag_bedrift("ELEKTRO AS", orgnr=lag_gyldig_orgnr())
    lag_godkjenning(b, fag["A"], fag["elektriker"])
    lag_kontrakt(PersonFactory(fylke=fag["A"]), fag["A"], b, fag["elektriker"])
    for modell in KODETABELLER + REGISTRE:
        assert client.get(_url(modell)).status_code == 200, modell.__name__
    assert client.get(_url(m.Bedrift, "change", b.pk)).status_code == 200
    assert client.get(_url(m.Bedrift, "history", b.pk)).status_code == 200
    # Bad ids answer 404, not 500.
    assert client.get(_url(m.Bedrift, "history", "abc")).status_code == 404


def test_kodetabeller_kan_endres_av_sysadmin_ikke_av_fylkesadmin(client, fag, brukere):
    lk = m.Kontraktstype.objects.get(kode="LK")
    data = {"kode": "LK", "navn": "Lærekontrakt (endret)", "beskrivelse": "", "aktiv": "on",
            "kandidattype": lk.kandidattype, "ssb_ftype": "L", "gir_tilskudd": "on"}  # fmt: skip
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    assert client.get(_url(m.Kontraktstype)).status_code == 200
    client.post(_url(m.Kontraktstype, "change", lk.pk), data)
    lk.refresh_from_db()
    assert lk.navn != "Lærekontrakt (endret)"
    assert client.get(_url(m.Kontraktstype, "add")).status_code == 403
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    svar = client.post(_url(m.Kontraktstype, "change", lk.pk), data)
    assert svar.status_code == 302
    lk.refresh_from_db()
    assert lk.navn == "Lærekontrakt (endret)"
    assert client.get(_url(m.Avslutningskode, "add")).status_code == 200


def test_registre_er_skrivebeskyttet(client, fag, brukere):
    b = lag_bedrift("ELEKTRO AS", orgnr=lag_gyldig_orgnr())
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    assert client.get(_url(m.Bedrift, "add")).status_code == 403
    svar = client.post(
        _url(m.Bedrift, "change", b.pk), {"navn": "Endret", "orgnr": b.orgnr, "type": "selvstendig"}
    )
    assert svar.status_code == 403
    b.refresh_from_db()
    assert b.navn == "ELEKTRO AS"
    assert client.post(_url(m.Bedrift, "delete", b.pk), {"post": "yes"}).status_code == 403
    assert m.Bedrift.objects.filter(pk=b.pk).exists()


def test_fylkesadmin_ser_bare_eget_fylke(client, fag, brukere):
    a = lag_bedrift("TRONDHEIM AS", kommune=Kommune.objects.get(nummer="5001"), orgnr=lag_gyldig_orgnr())
    o = lag_bedrift("OSLO AS", kommune=Kommune.objects.get(nummer="0301"), orgnr=lag_gyldig_orgnr())
    kontrakt_b = lag_kontrakt(PersonFactory(fylke=fag["B"]), fag["B"], o, fag["elektriker"])
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    tekst = client.get(_url(m.Bedrift)).content.decode()
    assert "TRONDHEIM AS" in tekst and "OSLO AS" not in tekst
    assert client.get(_url(m.Bedrift, "change", o.pk)).status_code in (302, 404)
    assert client.get(_url(m.Kontrakt, "change", kontrakt_b.pk)).status_code in (302, 404)
    assert client.get(_url(m.Bedrift, "change", a.pk)).status_code == 200


def test_kontraktsside_i_admin_logger_innsyn(client, fag, brukere):
    b = lag_bedrift("ELEKTRO AS", kommune=Kommune.objects.get(nummer="5001"), orgnr=lag_gyldig_orgnr())
    person = PersonFactory(fylke=fag["A"])
    k = lag_kontrakt(person, fag["A"], b, fag["elektriker"])
    fa = brukere["A"][Rolle.FYLKESADMIN]
    client.force_login(fa)
    assert client.get(_url(m.Kontrakt, "change", k.pk)).status_code == 200
    assert Innsyn.objects.filter(bruker=fa, person=person, handling="vis").exists()


@pytest.mark.parametrize("rolle", [Rolle.INNTAK, Rolle.SKOLE])
def test_andre_roller_ser_ikke_fagopplaering(client, fag, brukere, rolle):
    client.force_login(brukere["A"][rolle])
    assert client.get(_url(m.Bedrift)).status_code in (302, 403)


def test_hver_modell_har_rader_i_begge_fylker_og_fylket_ser_bare_sine(client, fag, brukere):
    """The rows tests/sikkerhet's admin walk needs (``lag_fagopplaering_rader``), and the walk itself for the
    county administrator: own rows open, the other county's never."""
    from tests.fagopplaering.fabrikker import lag_fagopplaering_rader
    from tests.fagopplaering.fabrikker_prove import lag_prove_rader
    from vigo.scoping import avgrens

    rader = {}
    for n in ("A", "B"):
        grunn = lag_fagopplaering_rader(fag[n], PersonFactory(fylke=fag[n]))
        rader[n] = (*grunn, *lag_prove_rader(fag[n], grunn[7], annet_fylke=fag["B" if n == "A" else "A"]))
    assert {type(o) for o in rader["A"]} == set(REGISTRE)
    fa = brukere["A"][Rolle.FYLKESADMIN]
    client.force_login(fa)
    for egen, annen in zip(rader["A"], rader["B"], strict=True):
        modell = type(egen)
        synlige = set(avgrens(modell.objects.all(), fa))
        assert egen in synlige and annen not in synlige, modell.__name__
        assert client.get(_url(modell, "change", egen.pk)).status_code == 200, modell.__name__
        assert client.get(_url(modell, "change", annen.pk)).status_code in (302, 404), modell.__name__
