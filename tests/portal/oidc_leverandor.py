"""A small OpenID provider for the tests, started by the test itself on 127.0.0.1 (a WSGI server in a thread):
discovery, JWKS, authorize, token and end_session, as ID-porten answers them. Its RSA key is made at start.

It checks what ID-porten checks of the client: client id, redirect URI, response type, PKCE (S256), state and
nonce passed through, client authentication (client_secret_basic or private_key_jwt with the issuer as audience),
and a code used once. ``neste`` changes the claims of the next id_token (None removes one), ``pid`` is the
fødselsnummer it logs in, ``feil_nokkel`` signs with a key that is not in the JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

from joserfc import jwt
from joserfc.jwk import RSAKey


class _StilleHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # the test log stays clean (tests/loggvakt.py)
        pass


class Leverandor:
    def __init__(self, client_id: str = "vigo-test", client_secret: str = "hemmelig-test", klientnokkel=None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.klientnokkel = klientnokkel  # public key of a private_key_jwt client
        self.nokkel = RSAKey.generate_key(2048, parameters={"kid": "nokkel-1", "use": "sig", "alg": "RS256"})
        self.pid = ""
        self.neste: dict = {}
        self.feil_nokkel = False
        self.uten_id_token = False
        self.koder: dict[str, dict] = {}
        self.autorisasjoner: list[dict] = []
        self.tokenkall: list[dict] = []
        self._server = make_server("127.0.0.1", 0, self._app, handler_class=_StilleHandler)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._trad = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._trad.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- HTTP ---------------------------------------------------------------------------------------------------
    def _app(self, environ, start_response):
        sti = environ["PATH_INFO"]
        try:
            if sti == "/.well-known/openid-configuration":
                return self._json(start_response, self.metadata())
            if sti == "/jwks":
                return self._json(start_response, {"keys": [self.nokkel.as_dict(private=False)]})
            if sti == "/authorize":
                return self._authorize(environ, start_response)
            if sti == "/token" and environ["REQUEST_METHOD"] == "POST":
                return self._token(environ, start_response)
            if sti == "/endsession":
                return self._tekst(start_response, "200 OK", "logget ut")
            return self._tekst(start_response, "404 Not Found", "ukjent")
        except AssertionError as feil:
            return self._json(
                start_response,
                {"error": "invalid_request", "error_description": str(feil)},
                "400 Bad Request",
            )

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/endsession",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
        }

    def _authorize(self, environ, start_response):
        p = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.autorisasjoner.append(p)
        assert p.get("client_id") == self.client_id, "client_id"
        assert p.get("response_type") == "code", "response_type"
        assert p.get("code_challenge_method") == "S256" and p.get("code_challenge"), "PKCE"
        assert p.get("state") and p.get("nonce"), "state og nonce"
        assert "openid" in p.get("scope", "").split(), "scope"
        kode = secrets.token_urlsafe(24)
        self.koder[kode] = p
        svar = f"{p['redirect_uri']}?{urlencode({'code': kode, 'state': p['state']})}"
        start_response("302 Found", [("Location", svar)])
        return [b""]

    def _klientautentisering(self, environ, skjema: dict) -> None:
        if self.klientnokkel is not None:
            assert (
                skjema.get("client_assertion_type")
                == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            )
            token = jwt.decode(skjema["client_assertion"], self.klientnokkel)
            assert token.claims["iss"] == self.client_id and token.claims["sub"] == self.client_id, "iss/sub"
            assert token.claims["aud"] == self.issuer, "aud er issuer"
            assert token.claims["exp"] > time.time(), "exp"
            return
        hode = environ.get("HTTP_AUTHORIZATION", "")
        assert hode.startswith("Basic "), "client_secret_basic"
        bruker, _, passord = base64.b64decode(hode[6:]).decode().partition(":")
        assert (bruker, passord) == (self.client_id, self.client_secret), "klienthemmelighet"

    def _token(self, environ, start_response):
        lengde = int(environ.get("CONTENT_LENGTH") or 0)
        skjema = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(lengde).decode()).items()}
        self.tokenkall.append(skjema)
        self._klientautentisering(environ, skjema)
        assert skjema.get("grant_type") == "authorization_code", "grant_type"
        p = self.koder.pop(skjema.get("code", ""), None)
        assert p is not None, "ukjent eller brukt kode"
        assert skjema.get("redirect_uri") == p["redirect_uri"], "redirect_uri"
        utfordring = base64.urlsafe_b64encode(hashlib.sha256(skjema["code_verifier"].encode()).digest())
        assert utfordring.rstrip(b"=").decode() == p["code_challenge"], "PKCE code_verifier"
        naa = int(time.time())
        krav = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": "pseudonym-" + hashlib.sha256(self.pid.encode()).hexdigest()[:16],
            "pid": self.pid,
            "acr": p.get("acr_values", "idporten-loa-substantial").split()[0],
            "amr": ["TestID"],
            "nonce": p["nonce"],
            "iat": naa,
            "exp": naa + 120,
            "locale": p.get("ui_locales", "nb"),
        }
        for k, v in self.neste.items():
            if v is None:
                krav.pop(k, None)
            else:
                krav[k] = v
        nokkel = (
            RSAKey.generate_key(2048, parameters={"kid": "nokkel-1"}) if self.feil_nokkel else self.nokkel
        )
        svar = {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 120,
                "scope": p.get("scope", "")}  # fmt: skip
        if not self.uten_id_token:
            svar["id_token"] = jwt.encode({"alg": "RS256", "kid": "nokkel-1"}, krav, nokkel)
        return self._json(start_response, svar)

    @staticmethod
    def _json(start_response, data: dict, status: str = "200 OK"):
        start_response(status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")])
        return [json.dumps(data).encode()]

    @staticmethod
    def _tekst(start_response, status: str, tekst: str):
        start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
        return [tekst.encode()]
