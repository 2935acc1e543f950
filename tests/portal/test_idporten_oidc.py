"""The whole OpenID Connect flow against a local provider started by the test (oidc_leverandor.py): the real
client code (Authlib, vigo.idporten) runs start → authorize → token → id_token check → applicant session."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.fabrikker import syntetisk_fnr
from tests.portal.conftest import ny_klient
from vigo.idporten import okt
from vigo.models import Innsyn

pytestmark = pytest.mark.django_db


def _til_leverandor(klient, lev) -> str:
    """Start the login; returns the callback path and query the provider redirects the browser back to."""
    svar = klient.get("/innlogging/soker/start/")
    assert svar.status_code == 302, svar.status_code
    assert svar["Location"].startswith(f"{lev.issuer}/authorize?")
    hos_leverandor = requests.get(svar["Location"], allow_redirects=False, timeout=10)
    assert hos_leverandor.status_code == 302, hos_leverandor.text
    tilbake = urlsplit(hos_leverandor.headers["Location"])
    assert tilbake.path == "/innlogging/soker/tilbake/"
    return f"{tilbake.path}?{tilbake.query}"


def logg_inn(klient, lev):
    return klient.get(_til_leverandor(klient, lev))


def test_innlogging_med_id_porten_gir_sokerokt_og_innsynsrad(klient, leverandor, soker):
    leverandor.pid = soker.fodselsnummer
    for_nokkel = None
    klient.get("/innlogging/soker/")
    for_nokkel = klient.session.session_key
    svar = logg_inn(klient, leverandor)
    assert svar.status_code == 302 and svar["Location"] == "/soker/"

    # What the client sent: PKCE S256, state, nonce, acr_values and the language; client_secret_basic at /token.
    a = leverandor.autorisasjoner[-1]
    assert a["acr_values"] == "idporten-loa-substantial" and a["code_challenge_method"] == "S256"
    assert a["redirect_uri"] == "http://testserver/innlogging/soker/tilbake/" and a["ui_locales"] == "nb"
    assert "code_verifier" in leverandor.tokenkall[-1]

    okt_data = klient.session[okt.NOKKEL]
    assert okt_data["person"] == soker.pk and okt_data["metode"] == "idporten"
    assert okt_data["niva"] == "idporten-loa-substantial"
    assert klient.session.session_key != for_nokkel  # a new session key at login
    assert "_auth_user_id" not in klient.session  # no Django user for an applicant

    rad = Innsyn.objects.filter(person=soker).latest("tidspunkt")
    assert rad.aktor == "søker (ID-porten)" and "Innlogging" in rad.hva and rad.bruker is None
    assert soker.fodselsnummer not in rad.hva

    side = klient.get("/soker/")
    assert side.status_code == 200 and soker.fornavn in side.content.decode()
    assert side["Cache-Control"].count("no-store")


def test_hoyere_niva_enn_bedt_om_godtas(klient, leverandor, soker):
    leverandor.pid = soker.fodselsnummer
    leverandor.neste = {"acr": "idporten-loa-high"}
    assert logg_inn(klient, leverandor)["Location"] == "/soker/"
    assert klient.session[okt.NOKKEL]["niva"] == "idporten-loa-high"


@pytest.mark.parametrize(
    "endring",
    [
        {"nonce": "en-annen-nonce"},
        {"nonce": None},
        {"iss": "https://falsk.example"},
        {"aud": "en-annen-klient"},
        {"acr": "idporten-loa-low"},
        {"acr": None},
        {"exp": int(time.time()) - 600, "iat": int(time.time()) - 900},
        {"pid": None},
    ],
    ids=["feil-nonce", "uten-nonce", "feil-iss", "feil-aud", "lavt-niva", "uten-acr", "utlopt", "uten-pid"],
)
def test_ugyldig_id_token_avvises(klient, leverandor, soker, endring):
    leverandor.pid = soker.fodselsnummer
    leverandor.neste = endring
    svar = logg_inn(klient, leverandor)
    assert svar.status_code == 400
    assert "Innloggingen kunne ikke fullføres" in svar.content.decode()
    assert okt.NOKKEL not in klient.session
    assert not Innsyn.objects.filter(person=soker).exists()
    assert klient.get("/soker/")["Location"] == "/innlogging/soker/"


def test_feil_signatur_og_manglende_id_token_avvises(klient, leverandor, soker):
    leverandor.pid = soker.fodselsnummer
    leverandor.feil_nokkel = True
    assert logg_inn(klient, leverandor).status_code == 400
    leverandor.feil_nokkel, leverandor.uten_id_token = False, True
    assert logg_inn(klient, leverandor).status_code == 400
    assert okt.NOKKEL not in klient.session


def test_ugyldig_pid_avvises_med_norsk_melding(klient, leverandor):
    leverandor.pid = "12345678901"
    svar = logg_inn(klient, leverandor)
    assert svar.status_code == 400
    assert "ikke et gyldig fødselsnummer eller D-nummer" in svar.content.decode()
    assert okt.NOKKEL not in klient.session


def test_syntetisk_pid_avvises_naar_syntetiske_ikke_er_tillatt(klient, leverandor, soker, settings):
    settings.TILLAT_SYNTETISKE_FNR = False
    leverandor.pid = soker.fodselsnummer
    assert logg_inn(klient, leverandor).status_code == 400


def test_gyldig_pid_uten_person_oppretter_ingenting(klient, leverandor):
    from vigo.models import Person

    leverandor.pid = syntetisk_fnr()
    antall = Person.objects.count()
    svar = logg_inn(klient, leverandor)
    assert svar.status_code == 200
    assert "Vi finner ingen søknad for deg ennå" in svar.content.decode()
    assert Person.objects.count() == antall and okt.NOKKEL not in klient.session
    rad = Innsyn.objects.latest("tidspunkt")
    assert rad.person is None and "ingen person" in rad.hva and leverandor.pid not in rad.hva


def test_state_fra_en_annen_nettleser_avvises(leverandor, soker):
    leverandor.pid = soker.fodselsnummer
    angriper, offer = ny_klient(), ny_klient()
    tilbake = _til_leverandor(angriper, leverandor)  # the attacker's own code and state …
    offer.get("/innlogging/soker/")
    svar = offer.get(tilbake)  # … slipped to the victim (login CSRF): refused, the state is not the victim's
    assert svar.status_code == 400 and okt.NOKKEL not in offer.session


def test_koden_kan_bare_brukes_en_gang(klient, leverandor, soker):
    leverandor.pid = soker.fodselsnummer
    tilbake = _til_leverandor(klient, leverandor)
    assert klient.get(tilbake).status_code == 302
    klient.post("/innlogging/soker/logg-ut/")
    assert klient.get(tilbake).status_code == 400


def test_avbrutt_innlogging_sender_tilbake_til_innloggingssiden(klient, leverandor):
    svar = klient.get("/innlogging/soker/tilbake/?error=access_denied&state=x")
    assert svar.status_code == 302 and svar["Location"] == "/innlogging/soker/"


def test_private_key_jwt(klient, settings, soker):
    from joserfc.jwk import RSAKey

    from tests.portal.oidc_leverandor import Leverandor

    klientnokkel = RSAKey.generate_key(2048)
    offentlig = RSAKey.import_key(klientnokkel.as_dict(private=False))
    with Leverandor(client_secret="", klientnokkel=offentlig) as lev:
        settings.IDPORTEN_ISSUER, settings.IDPORTEN_CLIENT_ID = lev.issuer, lev.client_id
        settings.IDPORTEN_CLIENT_SECRET = ""
        settings.IDPORTEN_PRIVATE_KEY = klientnokkel.as_pem(private=True).decode()
        settings.IDPORTEN_PRIVATE_KEY_ID = "vigo-nokkel-1"
        lev.pid = soker.fodselsnummer
        assert logg_inn(klient, lev)["Location"] == "/soker/"
        assert lev.tokenkall[-1]["client_assertion_type"].endswith("jwt-bearer")


def test_utlogging_gaar_via_id_porten(klient, leverandor, soker):
    leverandor.pid = soker.fodselsnummer
    logg_inn(klient, leverandor)
    svar = klient.post("/innlogging/soker/logg-ut/")
    assert svar.status_code == 302
    url = urlsplit(svar["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{leverandor.issuer}/endsession"
    p = parse_qs(url.query)
    assert p["post_logout_redirect_uri"] == ["http://testserver/innlogging/soker/utlogget/"]
    assert p["id_token_hint"]
    assert okt.NOKKEL not in klient.session
    assert Innsyn.objects.filter(person=soker, hva="Utlogging fra søkerportalen").exists()


def test_id_porten_nede_gir_norsk_feilside(klient, settings):
    settings.IDPORTEN_ISSUER, settings.IDPORTEN_CLIENT_ID = "http://127.0.0.1:9", "vigo-test"
    settings.IDPORTEN_CLIENT_SECRET = "x"
    svar = klient.get("/innlogging/soker/start/")
    assert svar.status_code == 503 and "ID-porten svarer ikke" in svar.content.decode()


def test_uten_konfigurasjon_finnes_ikke_id_porten(klient, settings):
    settings.IDPORTEN_ISSUER = ""
    assert klient.get("/innlogging/soker/start/").status_code == 404
    assert klient.get("/innlogging/soker/tilbake/?code=x&state=y").status_code == 404
    side = klient.get("/innlogging/soker/").content.decode()
    assert "Logg inn med ID-porten" not in side and "TestID" in side


def test_mislykkede_tilbakekall_sperrer_adressen_vellykkede_teller_ikke(klient, leverandor, soker, settings):
    settings.SOKER_INNLOGGING_MAKS_FORSOK = 2
    leverandor.pid = soker.fodselsnummer
    for _ in range(3):  # a class logging in from one school address is not held back
        assert logg_inn(klient, leverandor).status_code == 302
        klient.post("/innlogging/soker/logg-ut/")
    for _ in range(2):
        assert klient.get("/innlogging/soker/tilbake/?code=falsk&state=falsk").status_code == 400
    svar = logg_inn(klient, leverandor)
    assert svar.status_code == 429 and okt.NOKKEL not in klient.session
