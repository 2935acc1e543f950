"""API keys, scopes, rate limit, the public calculator and ``manage.py opprett_apiklient``."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tests.api.conftest import Api
from vigo.models import ApiKall, ApiKlient, ApiNokkel, Scope

pytestmark = pytest.mark.django_db
URL = "/api/v1/kodeverk/fag"


def test_uten_nokkel_gir_401_med_www_authenticate(client):
    svar = client.get(URL)
    assert svar.status_code == 401 and svar["WWW-Authenticate"] == "Api-Key"
    assert ApiKall.objects.get().klient is None


def test_ukjent_tilbakekalt_og_utlopt_nokkel_gir_401(lag_klient):
    assert Api("tull.nokkel").get(URL).status_code == 401
    klient, nokkel = lag_klient()
    api = Api(nokkel)
    assert api.get(URL).status_code == 200
    ApiNokkel.objects.filter(klient=klient).update(revoked=True)
    svar = api.get(URL)
    assert svar.status_code == 401 and "tilbakekalt" in svar.json()["detail"]
    _klient, utlopt = lag_klient(utloper=timezone.now() - datetime.timedelta(seconds=1))
    svar = Api(utlopt).get(URL)
    assert svar.status_code == 401 and "utløpt" in svar.json()["detail"]
    klient, nokkel = lag_klient()
    ApiKlient.objects.filter(pk=klient.pk).update(aktiv=False)
    assert Api(nokkel).get(URL).status_code == 401


def test_manglende_scope_gir_403(lag_klient):
    _klient, nokkel = lag_klient(scopes=[Scope.ELEVER_LES])
    api = Api(nokkel)
    svar = api.get(URL)
    assert svar.status_code == 403 and "kodeverk:les" in svar.json()["detail"]
    assert api.get("/api/v1/elevforhold").status_code == 200
    assert api.post("/api/v1/elevforhold", []).status_code == 403
    assert api.post("/api/v1/grunnskolekarakterer", []).status_code == 403


def test_fylkesklient_ser_hele_fylket(lag_klient, sas_kodeverk):
    _klient, nokkel = lag_klient("A")
    skoler = Api(nokkel).get("/api/v1/kodeverk/skoler").json()
    assert [s["skolenummer"] for s in skoler] == ["50001", "50002"]


def test_rate_limit_per_klient(lag_klient, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                          "apiklient": "3/min"}}  # fmt: skip
    klient, nokkel = lag_klient()
    _annen, annen_nokkel = lag_klient()
    try:
        api = Api(nokkel)
        assert [api.get(URL).status_code for _ in range(3)] == [200, 200, 200]
        svar = api.get(URL)
        assert svar.status_code == 429 and "Retry-After" in svar and "For mange" in svar.json()["detail"]
        assert Api(annen_nokkel).get(URL).status_code == 200  # per client, not global
    finally:
        cache.delete(f"throttle_apiklient_{klient.uuid}")
        cache.delete(f"throttle_apiklient_{_annen.uuid}")


def test_poengkalkulatoren_er_apen_uten_nokkel(sas_kodeverk):
    data = {"niva": "VG1", "karakterer": [{"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "4"}]}
    svar = Client().post("/api/v1/poengkalkulator", data, content_type="application/json")
    assert svar.status_code == 200 and svar.json()["poeng"] == "40.00"


def test_opprett_apiklient_skriver_fungerende_nokkel_sist(sas_kodeverk):
    ut = StringIO()
    call_command("opprett_apiklient", "--skole", "50001", "--scope", "kodeverk:les", "--scope", "elever:les",
                 "--utloper", "2099-08-01", stdout=ut)  # fmt: skip
    nokkel = ut.getvalue().strip().splitlines()[-1]
    assert " " not in nokkel and "." in nokkel
    klient = ApiKlient.objects.get()
    assert klient.skole.skolenummer == "50001" and klient.scopes == ["elever:les", "kodeverk:les"]
    assert timezone.localtime(klient.nokler.get().expiry_date).date() == datetime.date(2099, 8, 1)
    assert Api(nokkel).get(URL).status_code == 200
    assert Api(nokkel).get("/api/v1/tilbud").status_code == 403


def test_opprett_apiklient_for_fylke_og_feil(sas_kodeverk):
    ut = StringIO()
    call_command(
        "opprett_apiklient", "--fylke", "03", "--scope", "inntak:les", "--navn", "Oslo SAS", stdout=ut
    )
    klient = ApiKlient.objects.get(navn="Oslo SAS")
    assert klient.skole is None and klient.fylke.nummer == "03"
    with pytest.raises(CommandError, match="skolenummer 99999"):
        call_command("opprett_apiklient", "--skole", "99999", "--scope", "inntak:les", stdout=StringIO())
    with pytest.raises(CommandError, match="fram i tid"):
        call_command("opprett_apiklient", "--fylke", "03", "--scope", "inntak:les", "--utloper", "2001-01-01",
                     stdout=StringIO())  # fmt: skip


def test_admin_for_fylkesadministrator_er_avgrenset(client, brukere, lag_klient):
    from django.contrib.auth.models import Permission

    from vigo.models import Rolle

    lag_klient("skole_a")
    lag_klient("skole_b")
    admin = brukere["A"][Rolle.FYLKESADMIN]
    admin.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_apiklient", "change_apiklient"])
    )
    client.force_login(admin)
    svar = client.get("/admin/vigo/apiklient/")
    assert svar.status_code == 200
    innhold = svar.content.decode()
    assert "SAS Charlottenlund vgs" in innhold and "Oslo katedralskole" not in innhold


def test_admin_lager_nokkel_som_vises_en_gang(client, brukere, lag_klient):
    from django.contrib.messages import get_messages

    from vigo.models import Rolle

    klient, _nokkel = lag_klient("skole_a")
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    svar = client.post("/admin/vigo/apinokkel/add/", {"klient": klient.pk, "name": "Ny nøkkel"})
    assert svar.status_code == 302, svar.content.decode()[:2000]
    melding = " ".join(str(m) for m in get_messages(svar.wsgi_request))
    ny = ApiNokkel.objects.get(name="Ny nøkkel")
    assert ny.prefix in melding and ny.hashed_key not in melding
    nokkel = melding.split(" is: ")[1].split(". ")[0]
    assert Api(nokkel).get(URL).status_code == 200
    svar = client.post("/admin/vigo/apiklient/add/", {
        "navn": "Ny klient", "fylke": klient.fylke_id, "skole": klient.skole_id,
        "scopes": ["kodeverk:les", "inntak:les"], "aktiv": "on", "beskrivelse": "",
        "nokler-TOTAL_FORMS": "0", "nokler-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert svar.status_code == 302, svar.content.decode()[:3000]
    assert ApiKlient.objects.get(navn="Ny klient").scopes == ["kodeverk:les", "inntak:les"]
