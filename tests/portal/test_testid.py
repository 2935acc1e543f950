"""TestID (the demo login), the applicant session (rotation, inactivity, logout), the rate limit, CSRF, and the
wall between applicant sessions and caseworker accounts."""

from __future__ import annotations

import time

import pytest

from tests.drift.test_innstillinger import PROD_MILJO, _kjor, _miljo
from tests.fabrikker import PersonFactory, syntetisk_fnr
from tests.portal.conftest import ny_klient
from vigo.idporten import okt
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
TESTID = "/innlogging/soker/testid/"


def send_testid(klient, fnr: str):
    return klient.post(TESTID, {"fodselsnummer": fnr})


def test_testid_logger_inn_med_syntetisk_nummer(klient, soker):
    assert klient.get(TESTID).status_code == 200
    klient.get("/innlogging/soker/")
    for_nokkel = klient.session.session_key
    svar = send_testid(klient, soker.fodselsnummer)
    assert svar.status_code == 302 and svar["Location"] == "/soker/"
    assert klient.session[okt.NOKKEL]["person"] == soker.pk
    assert klient.session[okt.NOKKEL]["metode"] == "testid"
    assert klient.session.session_key != for_nokkel
    rad = Innsyn.objects.filter(person=soker).latest("tidspunkt")
    assert rad.aktor == "søker (TestID)" and soker.fodselsnummer not in rad.hva


@pytest.mark.parametrize("tillat,testid_pa", [(False, True), (True, False), (False, False)])
def test_testid_finnes_bare_naar_innstillingene_tillater_det(klient, settings, soker, tillat, testid_pa):
    settings.TILLAT_SYNTETISKE_FNR, settings.IDPORTEN_TESTID = tillat, testid_pa
    assert klient.get(TESTID).status_code == 404
    assert send_testid(klient, soker.fodselsnummer).status_code == 404
    assert "TestID" not in klient.get("/innlogging/soker/").content.decode()


def test_prod_har_aldri_testid():
    kode = "import vigo.settings.prod as p; print(p.IDPORTEN_TESTID, p.TILLAT_SYNTETISKE_FNR)"
    ut = _kjor(kode, _miljo(**PROD_MILJO, IDPORTEN_TESTID="1", TILLAT_SYNTETISKE_FNR="1"))
    assert ut.returncode == 0, ut.stderr
    assert ut.stdout.split() == ["False", "True"]


def test_prod_nekter_halv_id_porten_konfigurasjon():
    ut = _kjor("import vigo.settings.prod", _miljo(**PROD_MILJO, IDPORTEN_ISSUER="https://idporten.no"))
    assert ut.returncode != 0 and "IDPORTEN_CLIENT_ID" in ut.stderr
    ok = _miljo(**PROD_MILJO, IDPORTEN_ISSUER="https://idporten.no", IDPORTEN_CLIENT_ID="k",
                IDPORTEN_CLIENT_SECRET="h")  # fmt: skip
    assert _kjor("import vigo.settings.prod", ok).returncode == 0


@pytest.mark.parametrize(
    "fnr,melding",
    [
        ("01010012356", "bare syntetiske"),  # a well-formed ordinary number: never through TestID
        ("123", "11 siffer"),
        ("abcdefghijk", "bare inneholde siffer"),
    ],
)
def test_testid_avviser_ugyldige_og_ekte_numre(klient, fnr, melding):
    svar = send_testid(klient, fnr)
    assert svar.status_code == 200
    html = svar.content.decode()
    assert melding in html and 'aria-invalid="true"' in html and "Rett opp dette" in html
    assert okt.NOKKEL not in klient.session


def test_testid_uten_person(klient):
    svar = send_testid(klient, syntetisk_fnr())
    assert "Vi finner ingen søknad for deg ennå" in svar.content.decode()
    assert okt.NOKKEL not in klient.session


def test_testid_krever_csrf(soker):
    klient = ny_klient(enforce_csrf_checks=True)
    assert send_testid(klient, soker.fodselsnummer).status_code == 403
    side = klient.get(TESTID).content.decode()
    token = side.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    svar = klient.post(TESTID, {"fodselsnummer": soker.fodselsnummer, "csrfmiddlewaretoken": token})
    assert svar.status_code == 302


def test_for_mange_forsok_gir_429(klient, settings):
    settings.SOKER_INNLOGGING_MAKS_FORSOK = 3
    for _ in range(3):
        assert send_testid(klient, syntetisk_fnr()).status_code == 200
    svar = send_testid(klient, syntetisk_fnr())
    assert svar.status_code == 429 and "For mange innloggingsforsøk" in svar.content.decode()
    assert send_testid(ny_klient(), syntetisk_fnr()).status_code == 200  # another address is not held back


def _sett_aktiv(klient, sekunder_siden: float) -> None:
    s = klient.session
    d = s[okt.NOKKEL]
    d["aktiv"] = time.time() - sekunder_siden
    s[okt.NOKKEL] = d
    s.save()


def test_okten_utloper_etter_inaktivitet(klient, soker, settings):
    settings.SOKER_INAKTIV_SEKUNDER = 600
    send_testid(klient, soker.fodselsnummer)
    _sett_aktiv(klient, 599)
    assert klient.get("/soker/").status_code == 200
    assert time.time() - klient.session[okt.NOKKEL]["aktiv"] < 5  # the activity refreshed the clock
    _sett_aktiv(klient, 601)
    svar = klient.get("/soker/")
    assert svar.status_code == 302 and svar["Location"] == "/innlogging/soker/?utlopt=1"
    assert okt.NOKKEL not in klient.session
    assert "Du ble logget ut fordi du ikke har gjort noe" in klient.get(svar["Location"]).content.decode()
    assert klient.get("/soker/").status_code == 302


def test_utlogging(klient, soker):
    send_testid(klient, soker.fodselsnummer)
    assert klient.get("/innlogging/soker/logg-ut/").status_code == 405  # POST only (CSRF-protected)
    svar = klient.post("/innlogging/soker/logg-ut/")
    assert svar.status_code == 302 and svar["Location"] == "/innlogging/soker/utlogget/"
    assert okt.NOKKEL not in klient.session
    assert Innsyn.objects.filter(person=soker, hva="Utlogging fra søkerportalen").exists()
    assert klient.get("/soker/").status_code == 302
    assert "Du er logget ut" in klient.get(svar["Location"]).content.decode()


def test_sokerokt_gir_ingen_tilgang_til_saksbehandlersider(klient, soknad):
    send_testid(klient, soknad.person.fodselsnummer)
    for url in (f"/inntak/soknad/{soknad.pk}/", "/inntak/", f"/personer/{soknad.person.pk}/", "/"):
        svar = klient.get(url)
        assert svar.status_code == 302 and svar["Location"].startswith("/logg-inn/"), url
    assert klient.get("/admin/").status_code == 302
    assert klient.get("/api/v1/personer/").status_code in (401, 403)


def test_saksbehandler_logges_ut_naar_en_soker_logger_inn_i_samme_nettleser(klient, brukere, soker):
    klient.force_login(brukere["A"][Rolle.INNTAK])
    assert klient.get("/").status_code == 200
    send_testid(klient, soker.fodselsnummer)
    assert "_auth_user_id" not in klient.session
    assert klient.get("/")["Location"].startswith("/logg-inn/")


def test_slettet_person_gir_ingen_okt(klient, inntak):
    person = PersonFactory(fylke=inntak.A)
    send_testid(klient, person.fodselsnummer)
    person.delete()
    assert klient.get("/soker/")["Location"] == "/innlogging/soker/"


def test_make_run_skriver_en_demosoker_for_testid(soker, settings):
    from vigo.idporten.demo import testid_linje

    linje = testid_linje("8000")
    assert "/innlogging/soker/testid/" in linje and soker.fodselsnummer in linje
    settings.IDPORTEN_TESTID = False
    assert testid_linje("8000") == ""


def test_sokerokten_slutter_naar_en_saksbehandler_logger_inn_i_samme_nettleser(klient, brukere, soker):
    send_testid(klient, soker.fodselsnummer)
    klient.force_login(brukere["A"][Rolle.INNTAK])
    assert klient.get("/soker/")["Location"] == "/innlogging/soker/"
    assert okt.NOKKEL not in klient.session
