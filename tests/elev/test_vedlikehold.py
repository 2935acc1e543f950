"""4S001 «Vedlikehold elevkurs»: the page, its forms and the services in inntak.elev.services.vedlikehold."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inntak.elev.models import Elevfag, Elevforhold, Kilde
from inntak.elev.services import vedlikehold
from kodeverk.models import Fagstatus, Programomrade
from tests.elev.test_personside import register  # noqa: F401
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


def _url(ek) -> str:
    return reverse("elev:elevkurs", args=[ek.pk])


def test_siden_viser_elevkurs_fag_og_historikk_og_logger(client, register):  # noqa: F811
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    foer = Innsyn.objects.count()
    html = client.get(_url(register["ek1"])).content.decode()
    assert "Norsk hovedmål" in html and "Historikk" in html and "Endre elevkurset" in html
    rad = Innsyn.objects.order_by("pk")[foer:].get()
    assert rad.person == register["person"] and rad.handling == "vis"


def test_endre_elevkurs_med_historikk_og_grunn(client, register):  # noqa: F811
    ek = register["ek1"]
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    resp = client.post(_url(ek), {"handling": "elevkurs", "elevkurs-klasse": "1STX", "elevkurs-startdato": "2024-08-19",
                                  "elevkurs-malform": "N", "elevkurs-grunn": "Feil klasse fra SAS"})  # fmt: skip
    assert resp.status_code == 302
    ek.refresh_from_db()
    assert (ek.klasse, ek.malform, ek.kilde) == ("1STX", "N", Kilde.MANUELL)
    # The change, then the recomputation it triggers (elevstatus and kursprosent follow at once).
    endring, beregning = ek.history.order_by("-history_id")[1], ek.history.order_by("-history_id")[0]
    assert endring.history_change_reason == "Feil klasse fra SAS" and endring.history_user == bruker
    assert beregning.history_change_reason.startswith("Beregning")
    html = client.get(_url(ek)).content.decode()
    assert "Feil klasse fra SAS" in html and "1STA → 1STX" in html


def test_ugyldig_inndata_gir_norsk_feil_og_skriver_ingenting(client, register):  # noqa: F811
    ek = register["ek1"]
    client.force_login(register["brukere"]["A"][Rolle.INNTAK])
    antall = ek.history.count()
    # No reason.
    resp = client.post(
        _url(ek), {"handling": "elevkurs", "elevkurs-klasse": "X", "elevkurs-startdato": "2024-08-19"}
    )
    assert resp.status_code == 200 and "Oppgi en grunn for endringen." in resp.content.decode()
    # A start date outside the skoleår (the service's rule).
    resp = client.post(_url(ek), {"handling": "elevkurs", "elevkurs-klasse": "X", "elevkurs-startdato": "2030-01-01",
                                  "elevkurs-grunn": "test"})  # fmt: skip
    assert "Startdatoen må ligge i skoleåret 2024-2025." in resp.content.decode()
    # An avbrudd without confirmation.
    resp = client.post(_url(ek), {"handling": "avbrudd", "avbrudd-dato": "2024-10-01", "avbrudd-arsak": "Flyttet",
                                  "avbrudd-grunn": "Melding fra skolen"})  # fmt: skip
    assert "Kryss av for å bekrefte avbruddet." in resp.content.decode()
    ek.refresh_from_db()
    assert ek.klasse == "1STA" and ek.avbruddsdato is None and ek.history.count() == antall


def test_endre_og_legge_til_fag(client, register):  # noqa: F811
    ek = register["ek1"]
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    linje = ek.fag.get(fag__kode="NOR1211")
    assert "Lagre faget" in client.get(_url(ek), {"endre_fag": linje.pk}).content.decode()
    fritatt = Fagstatus.objects.get(kode="F")
    resp = client.post(_url(ek), {"handling": "elevfag", "elevfag": linje.pk, "elevfag-fagstatus": fritatt.pk,
                                  "elevfag-elevtimer": "70", "elevfag-grunn": "Fritak innvilget"})  # fmt: skip
    assert resp.status_code == 302
    linje.refresh_from_db()
    assert linje.fagstatus == fritatt and linje.elevtimer == 70
    assert linje.history.order_by("-history_id").first().history_change_reason == "Fritak innvilget"
    resp = client.post(_url(ek), {"handling": "nytt_elevfag", "nytt_elevfag-fag": "ENG1007",
                                  "nytt_elevfag-fagstatus": fritatt.pk, "nytt_elevfag-grunn": "Manglet"})  # fmt: skip
    assert resp.status_code == 302 and ek.fag.filter(fag__kode="ENG1007").exists()
    # The same fag again: a Norwegian error, nothing written.
    resp = client.post(_url(ek), {"handling": "nytt_elevfag", "nytt_elevfag-fag": "ENG1007",
                                  "nytt_elevfag-fagstatus": fritatt.pk, "nytt_elevfag-grunn": "Igjen"})  # fmt: skip
    assert "Eleven har allerede faget Engelsk" in resp.content.decode()
    assert ek.fag.filter(fag__kode="ENG1007").count() == 1


def test_lesetilgang_ser_men_kan_ikke_endre(client, register):  # noqa: F811
    ek = register["ek1"]
    client.force_login(register["brukere"]["A"][Rolle.LESE])
    html = client.get(_url(ek)).content.decode()
    assert "Norsk hovedmål" in html and 'name="handling"' not in html
    resp = client.post(_url(ek), {"handling": "elevkurs", "elevkurs-klasse": "Z", "elevkurs-startdato": "2024-08-19",
                                  "elevkurs-grunn": "x"})  # fmt: skip
    assert resp.status_code == 403
    ek.refresh_from_db()
    assert ek.klasse == "1STA"
    with pytest.raises(PermissionDenied):
        vedlikehold.endre_elevkurs(register["brukere"]["A"][Rolle.LESE], ek, grunn="x", klasse="Z")


def test_skolebruker_og_annet_fylke_naar_ikke_andres_elevkurs(client, register):  # noqa: F811
    client.force_login(register["brukere"]["A"][Rolle.SKOLE])
    assert client.get(_url(register["ek2"])).status_code == 404  # another school's elevkurs
    assert client.get(_url(register["ek1"])).status_code == 200
    client.force_login(register["brukere"]["B"][Rolle.INNTAK])
    assert client.get(_url(register["ek1"])).status_code == 404
    with pytest.raises(PermissionDenied):
        vedlikehold.endre_elevkurs(
            register["brukere"]["B"][Rolle.INNTAK], register["ek1"], grunn="x", klasse="Z"
        )


def test_tjenestene_avviser_felt_som_ikke_er_skolens(register):  # noqa: F811
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    with pytest.raises(ValidationError, match="kan ikke endres her"):
        vedlikehold.endre_elevkurs(bruker, register["ek1"], grunn="x", kursprosent=100)
    with pytest.raises(ValidationError):
        vedlikehold.endre_elevkurs(bruker, register["ek1"], grunn="  ", klasse="Z")
    linje = Elevfag.objects.filter(elevkurs=register["ek1"]).first()
    with pytest.raises(ValidationError, match="Avbruddsdatoen kan ikke være før startdatoen"):
        vedlikehold.endre_elevfag(bruker, linje, grunn="x", startdato=datetime.date(2024, 9, 1),
                                  avbruddsdato=datetime.date(2024, 8, 20))  # fmt: skip
    linje.refresh_from_db()
    assert linje.startdato is None


def test_nytt_elevkurs(client, register):  # noqa: F811
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    url = reverse("elev:elevkurs_ny", args=[register["person"].pk])
    foer = Innsyn.objects.count()
    assert client.get(url).status_code == 200
    assert Innsyn.objects.order_by("pk")[foer:].get().person == register["person"]
    po = Programomrade.objects.create(kode="STUSP3----", navn="Studiespesialisering Vg3", niva="VG3")
    data = {"skole": register["kv"]["skole_a"].pk, "programomrade": po.pk, "skolear": register["ar2"].pk,
            "startdato": "2025-08-18", "klasse": "3STA", "grunn": "Manglet i SAS"}  # fmt: skip
    resp = client.post(url, data)
    assert resp.status_code == 302
    ek = Elevforhold.objects.get(person=register["person"], programomrade=po)
    assert (
        ek.kilde == Kilde.MANUELL
        and ek.history.get(history_type="+").history_change_reason == "Manglet i SAS"
    )
    resp = client.post(url, data)
    assert "allerede et elevkurs" in resp.content.decode()
    # A school of another county is not offered and not accepted.
    resp = client.post(url, {**data, "skole": register["kv"]["skole_b"].pk})
    assert resp.status_code == 200 and Elevforhold.objects.filter(programomrade=po).count() == 1


def test_avbrudd_manuell_elevstatus_og_rett_gaar_gjennom_tjenestene(client, register):  # noqa: F811
    ek = register["ek1"]
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    resp = client.post(_url(ek), {"handling": "avbrudd", "avbrudd-dato": "2024-10-01", "avbrudd-arsak": "Flyttet",
                                  "avbrudd-grunn": "Melding fra skolen", "avbrudd-bekreft": "on"})  # fmt: skip
    assert resp.status_code == 302, resp.content.decode()[-3000:]
    ek.refresh_from_db()
    assert ek.avbruddsdato == datetime.date(2024, 10, 1)
    resp = client.post(_url(ek), {"handling": "manuell", "manuell-kode": "V", "manuell-grunn": "Vedtak"})
    assert resp.status_code == 302
    ek.refresh_from_db()
    assert ek.elevstatus_manuell.kode == "V"
    resp = client.post(_url(ek), {"handling": "rett", "rett-type": "omval", "rett-dato": "2024-10-02",
                                  "rett-grunn": "Omvalg etter samtale"})  # fmt: skip
    assert resp.status_code == 302
    assert register["person"].rettshendelser.filter(type="omval").exists()


def test_historikken_viser_koblede_koder_med_navn(register):  # noqa: F811
    """A changed elevstatus or fagstatus is shown as «E Elev» → «V Voksne», not as database ids."""
    from inntak.elev.selectors.elevkurs import historikk
    from kodeverk.models import Elevstatus

    ek = register["ek1"]
    ek.elevstatus = Elevstatus.objects.get(kode="V")
    ek._change_reason = "Test"
    ek.save()
    endret = [e for r in historikk(ek) for e in r["endret"] if e["felt"] == "elevstatus"]
    assert endret == [{"felt": "elevstatus", "fra": "E Elev", "til": "V Voksne"}]


def test_endring_i_4S001_beregner_elevstatus_og_kursprosent_med_en_gang(register):  # noqa: F811
    """A fag line changed by hand gives the new elevstatus at once (Vedlegg 1 regel 6: one fagstatus V → V)."""
    ek = register["ek1"]
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    Fagstatus.objects.get_or_create(kode="V", defaults={"navn": "Voksne"})
    for linje in Elevfag.objects.filter(elevkurs=ek):
        vedlikehold.endre_elevfag(bruker, linje, grunn="Voksenopplæring", fagstatus="V")
    ek.refresh_from_db()
    assert ek.elevstatus.kode == "V" and ek.beregnet is not None
    assert ek.history.filter(history_change_reason__startswith="Beregning").exists()


def test_feil_programomrade_kan_rettes_i_4S001(register):  # noqa: F811
    """An expired programområde blocks the SSB delivery (docs/leveranser/ssb.md); 4S001 corrects it, and refuses a
    code that does not apply to the school year."""
    ek = register["ek1"]
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    gammel = ek.programomrade
    utgatt = Programomrade.objects.create(kode="UTGATT1---", navn="Utgått", niva=gammel.niva,
                                          utdanningsprogram=gammel.utdanningsprogram,
                                          gyldig_til=ek.skolear.startdato - datetime.timedelta(days=1))  # fmt: skip
    with pytest.raises(ValidationError, match="Programområdet UTGATT1--- gjelder ikke for skoleåret"):
        vedlikehold.endre_elevkurs(bruker, ek, grunn="Rett kode", programomrade=utgatt)
    ny = Programomrade.objects.create(kode="NYTTPO1---", navn="Nytt", niva=gammel.niva,
                                      utdanningsprogram=gammel.utdanningsprogram)  # fmt: skip
    ek = vedlikehold.endre_elevkurs(bruker, ek, grunn="Rett kode", programomrade=ny)
    ek.refresh_from_db()
    assert ek.programomrade == ny and ek.kilde == Kilde.MANUELL
    assert Elevfag.objects.filter(elevkurs=ek).exists()  # the fag lines follow the course
