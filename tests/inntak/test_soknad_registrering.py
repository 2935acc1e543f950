"""A caseworker registers a paper application on the applicant's behalf and changes a søknad: the reason is
mandatory and logged, access is checked in the service (county, role), and a change after the applicant's
deadline is logged as such (inntak.services.soknad_saksbehandler, inntak.views.soknad_registrering)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inntak.models import Saksbehandlingslogg, Soknad
from inntak.services import soknad_saksbehandler as tjeneste
from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
FOR_FRISTEN = datetime.date(
    2026, 1, 15
)  # the søknadsfrist of 2026-2027 is 2 March 2026 (1 March is a Sunday)
ETTER_FRISTEN = datetime.date(2026, 4, 1)


@pytest.fixture
def dag(monkeypatch):
    def _sett(d):
        monkeypatch.setattr("inntak.frister.i_dag", lambda: d)

    return _sett


def _registrer(inntak, person, bruker, begrunnelse="Papirsøknad mottatt 3. februar", **kw):
    return tjeneste.registrer_for_soker(
        bruker=bruker, begrunnelse=begrunnelse, person=person, skolear=inntak.ar, fylke=kw.pop("fylke", inntak.A),
        niva="VG1", rettstatus="ungdomsrett", onsker=kw.pop("onsker", [inntak.t["st"], inntak.t["hs"], inntak.t["el"]]),
        **kw,
    )  # fmt: skip


# --- Service -----------------------------------------------------------------------------------------------------
def test_registrering_krever_begrunnelse_og_logger_den(inntak, brukere, dag):
    dag(FOR_FRISTEN)
    person = PersonFactory(fylke=inntak.A)
    bruker = brukere["A"][Rolle.INNTAK]
    with pytest.raises(ValidationError, match="begrunnelse"):
        _registrer(inntak, person, bruker, begrunnelse="  ")
    assert not Soknad.objects.exists()
    s = _registrer(inntak, person, bruker, samisk=True)
    rad = s.logg.get(handling="saksbehandler")
    assert rad.bruker == bruker and "Papirsøknad mottatt 3. februar" in rad.tekst and "etter" not in rad.tekst
    assert s.samisk and s.logg.filter(handling="registrert").exists()


def test_registrering_er_avgrenset_til_eget_fylke_og_rolle(inntak, brukere):
    person = PersonFactory(fylke=inntak.A)
    with pytest.raises(PermissionDenied):
        _registrer(inntak, person, brukere["B"][Rolle.INNTAK])  # another county
    with pytest.raises(PermissionDenied):
        _registrer(inntak, person, brukere["A"][Rolle.LESE])  # read-only role
    with pytest.raises(PermissionDenied):
        _registrer(inntak, person, brukere["A"][Rolle.SKOLE])
    assert not Soknad.objects.exists()


def test_registrering_validerer_onskene(inntak, brukere):
    with pytest.raises(ValidationError) as feil:
        _registrer(inntak, PersonFactory(fylke=inntak.A), brukere["A"][Rolle.INNTAK], onsker=[inntak.t["st"]])
    assert any("tre ulike utdanningsprogram" in m for m in feil.value.messages)


def test_endring_etter_fristen_logges_som_det(inntak, brukere, dag, lag_soknad):
    s = lag_soknad()
    bruker = brukere["A"][Rolle.INNTAK]
    dag(ETTER_FRISTEN)
    tjeneste.endre_for_soker(s, bruker=bruker, begrunnelse="Søkeren ringte", rettstatus="uten_rett",
                             onsker=[inntak.t["hs"].pk, inntak.t["st"].pk, inntak.t["el"].pk])  # fmt: skip
    s.refresh_from_db()
    assert s.rettstatus == "uten_rett"
    assert [o.tilbud_id for o in s.onsker.order_by("nr")] == [
        inntak.t["hs"].pk,
        inntak.t["st"].pk,
        inntak.t["el"].pk,
    ]
    rad = s.logg.get(handling="saksbehandler")
    assert "etter søknadsfristen" in rad.tekst and "Søkeren ringte" in rad.tekst and rad.bruker == bruker
    with pytest.raises(tjeneste.IngenEndring):
        tjeneste.endre_for_soker(s, bruker=bruker, begrunnelse="igjen", rettstatus="uten_rett")


def test_endring_for_fristen_og_tilgang(inntak, brukere, dag, lag_soknad):
    s = lag_soknad()
    dag(FOR_FRISTEN)
    with pytest.raises(PermissionDenied):
        tjeneste.endre_for_soker(s, bruker=brukere["B"][Rolle.INNTAK], begrunnelse="x", deltid=True)
    with pytest.raises(PermissionDenied):
        tjeneste.endre_for_soker(s, bruker=brukere["A"][Rolle.LESE], begrunnelse="x", deltid=True)
    with pytest.raises(ValidationError):
        tjeneste.endre_for_soker(s, bruker=brukere["A"][Rolle.INNTAK], begrunnelse="", deltid=True)
    tjeneste.endre_for_soker(s, bruker=brukere["A"][Rolle.INNTAK], begrunnelse="Brev 2. februar", deltid=True,
                             saerlige_grunner=True)  # fmt: skip
    s.refresh_from_db()
    assert s.deltid and s.saerlige_grunner
    rad = s.logg.get(handling="saksbehandler")
    assert "etter" not in rad.tekst and "Brev 2. februar" in rad.tekst


def test_endring_der_ny_kategori_trenger_nye_onsker(inntak, brukere, lag_soknad):
    """FOR615 (fortrinn to one programme) lets the applicant drop to one programme: the new category and the
    shorter wish list are valid together, though neither is alone against the stored other."""
    s = lag_soknad()
    tjeneste.endre_for_soker(s, bruker=brukere["A"][Rolle.INNTAK], begrunnelse="Vedtak om fortrinn",
                             behandlingskategori="FOR615", onsker=[inntak.t["st"]])  # fmt: skip
    s.refresh_from_db()
    assert s.behandlingskategori.kode == "FOR615" and s.onsker.count() == 1


# --- Pages -------------------------------------------------------------------------------------------------------
def _post_ny(client, person, inntak, **kw):
    data = {
        "handling": "lagre", "fodselsnummer": person.fodselsnummer, "fylke": inntak.A.pk, "skolear": inntak.ar.kode,
        "niva": "VG1", "rettstatus": "ungdomsrett", "sokergruppe": "ordinaer", "behandlingskategori": "ORD",
        "onske_1": inntak.t["st"].pk, "onske_2": inntak.t["hs"].pk, "onske_3": inntak.t["el"].pk,
        "begrunnelse": "Papirsøknad mottatt 3. februar",
    }  # fmt: skip
    data.update(kw)
    return client.post(reverse("inntak:soknad_ny"), data)


def test_side_finn_person_og_registrer(client, inntak, brukere):
    person = PersonFactory(fylke=inntak.A)
    bruker = brukere["A"][Rolle.INNTAK]
    client.force_login(bruker)
    assert client.get(reverse("inntak:soknad_ny")).status_code == 200
    svar = client.post(reverse("inntak:soknad_ny"), {"handling": "finn", "fodselsnummer": "12345678901"})
    assert "kontrollsiffer" in svar.content.decode() and "feiloppsummering" in svar.content.decode()
    svar = client.post(
        reverse("inntak:soknad_ny"), {"handling": "finn", "fodselsnummer": person.fodselsnummer}
    )
    html = svar.content.decode()
    assert (
        person.navn in html
        and 'name="onske_1"' in html
        and "Charlottenlund vgs – Studiespesialisering" in html
    )
    assert Innsyn.objects.filter(person=person).exists()
    svar = _post_ny(client, person, inntak, begrunnelse="")
    assert (
        svar.status_code == 200
        and "feiloppsummering" in svar.content.decode()
        and not Soknad.objects.exists()
    )
    svar = _post_ny(client, person, inntak, onske_2="", onske_3="")
    assert "tre ulike utdanningsprogram" in svar.content.decode() and not Soknad.objects.exists()
    svar = _post_ny(
        client, person, inntak, onsker_tekst=f"50001:STUSP1----, {inntak.t['hs'].pk}\n{inntak.t['tp'].pk}"
    )
    s = Soknad.objects.get()
    assert svar.status_code == 302 and svar["Location"] == reverse("inntak:soknad", args=[s.pk])
    assert [o.tilbud_id for o in s.onsker.order_by("nr")] == [
        inntak.t["st"].pk,
        inntak.t["hs"].pk,
        inntak.t["tp"].pk,
    ]
    assert Saksbehandlingslogg.objects.filter(soknad=s, handling="saksbehandler", bruker=bruker).exists()
    # looked up again: the existing søknad is linked, and a second one for the same year is refused
    svar = client.post(
        reverse("inntak:soknad_ny"), {"handling": "finn", "fodselsnummer": person.fodselsnummer}
    )
    assert reverse("inntak:soknad", args=[s.pk]) in svar.content.decode()
    svar = _post_ny(client, person, inntak)
    assert svar.status_code == 200 and "allerede en søknad" in svar.content.decode()
    assert Soknad.objects.count() == 1


def test_side_ny_tilgang(client, inntak, brukere):
    person = PersonFactory(fylke=inntak.A)
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.get(reverse("inntak:soknad_ny")).status_code == 403
    client.force_login(brukere["B"][Rolle.INNTAK])
    svar = _post_ny(client, person, inntak)  # county A is not among B's choices
    assert svar.status_code == 200 and not Soknad.objects.exists()


def test_side_endre(client, inntak, brukere, lag_soknad, dag):
    s = lag_soknad()
    dag(ETTER_FRISTEN)
    url = reverse("inntak:soknad_endre", args=[s.pk])
    client.force_login(brukere["B"][Rolle.INNTAK])
    assert client.get(url).status_code == 404
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.get(url).status_code == 403
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(url)
    assert svar.status_code == 200 and 'id="etter-frist"' in svar.content.decode()
    data = {"rettstatus": "ungdomsrett", "sokergruppe": "ordinaer", "behandlingskategori": "ORD",
            "onske_1": inntak.t["el"].pk, "onske_2": inntak.t["hs"].pk, "onske_3": inntak.t["st"].pk,
            "begrunnelse": ""}  # fmt: skip
    assert "feiloppsummering" in client.post(url, data).content.decode()
    data["begrunnelse"] = "Søkeren sendte brev 2. april"
    svar = client.post(url, data)
    assert svar.status_code == 302
    assert s.onsker.get(nr=1).tilbud == inntak.t["el"]
    assert "etter søknadsfristen" in s.logg.get(handling="saksbehandler").tekst


def test_lenker_fra_startsiden_og_sokesiden(client, inntak, brukere):
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert reverse("inntak:soknad_ny") in client.get(reverse("inntak:sok")).content.decode()
    assert reverse("inntak:soknad_ny") in client.get(reverse("inntak:index")).content.decode()
    client.force_login(brukere["A"][Rolle.LESE])
    assert reverse("inntak:soknad_ny") not in client.get(reverse("inntak:sok")).content.decode()


def test_lenke_fra_soknadssiden(client, inntak, brukere, lag_soknad):
    s = lag_soknad()
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:soknad", args=[s.pk])).content.decode()
    assert reverse("inntak:soknad_endre", args=[s.pk]) in html
    client.force_login(brukere["A"][Rolle.LESE])
    html = client.get(reverse("inntak:soknad", args=[s.pk])).content.decode()
    assert reverse("inntak:soknad_endre", args=[s.pk]) not in html
