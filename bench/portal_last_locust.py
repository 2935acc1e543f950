"""The locust users of ``bench/portal_last.py`` (run by it: ``locust -f bench/portal_last_locust.py …``).

``Soker``: one applicant after another logs in with TestID, opens «Min side», starts a søknad, adds three wishes to
the draft and sends it. ``MinSide``: applicants with a published offer log in once and read «Min side» again and
again, with 1–3 s between page views. Every request is recorded (name, start, time, ok) and written as JSON to
``PORTAL_LAST_UT`` when locust stops; the orchestrator computes rates and percentiles from it. Request names only:
no fødselsnummer reaches a log or a stats line (they go in the POST body).
"""

from __future__ import annotations

import json
import os
import random
import re
import time

from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser

DATA = json.loads(open(os.environ["PORTAL_LAST_DATA"], encoding="utf-8").read())
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Each locust run gets its own slice of the applicants (PORTAL_LAST_UTVALG "fra:til"): one søknad per applicant.
_fra, _til = (int(x) if x else None for x in os.environ.get("PORTAL_LAST_UTVALG", ":").split(":"))
_nye = iter(DATA["sokere"][_fra:_til])  # gevent: one OS thread, so a shared iterator is safe
_rng = random.Random(int(os.environ.get("PORTAL_LAST_SEED", "1")))
MALINGER: list[tuple[str, float, float, bool]] = []


@events.request.add_listener
def _maling(request_type, name, response_time, response_length, exception, start_time=None, **kw):
    # The failure text is ours (status and the redirect's path, see _post), never a response body.
    MALINGER.append(
        (name, start_time or time.time(), response_time, exception is None, str(exception or "")[:80])
    )


@events.quitting.add_listener
def _skriv(environment, **kw):
    with open(os.environ["PORTAL_LAST_UT"], "w", encoding="utf-8") as f:
        json.dump(MALINGER, f)


def _token(html: str) -> str:
    m = CSRF.search(html)
    if not m:
        raise RuntimeError("ingen CSRF-token på siden")
    return m.group(1)


class _Portal(FastHttpUser):
    abstract = True

    def _get(self, url: str, navn: str, forvent: int = 200) -> str:
        with self.client.get(url, name=navn, allow_redirects=False, catch_response=True) as svar:
            if svar.status_code != forvent:
                svar.failure(f"{svar.status_code}")
                return ""
            return svar.text

    def _post(self, url: str, navn: str, data: dict, mal: str) -> bool:
        """POST with the session's CSRF token; ok when the answer redirects to ``mal``."""
        data = {"csrfmiddlewaretoken": self.token, **data}
        hoder = {"Referer": self.host + url}
        with self.client.post(
            url, data, name=navn, headers=hoder, allow_redirects=False, catch_response=True
        ) as s:
            sted = s.headers.get("Location", "").split("#")[0].split("?")[0]
            if s.status_code != 302 or not sted.endswith(mal):
                s.failure(f"{s.status_code} → {s.headers.get('Location', '')[:40]}")
                return False
            return True

    def logg_inn(self, fodselsnummer: str) -> bool:
        self.client.cookiejar.clear()
        self.token = _token(self._get("/innlogging/soker/testid/", "testid (skjema)") or 'value="x"')
        if not self._post("/innlogging/soker/testid/", "testid (logg inn)", {"fodselsnummer": fodselsnummer},
                          "/soker/"):  # fmt: skip
            return False
        html = self._get("/soker/", "min side")
        if not html:
            return False
        self.token = _token(html)
        return True


class Soker(_Portal):
    """The deadline day: log in, Min side, start, three wishes, send; then the next applicant."""

    wait_time = constant(0)

    @task
    def sok(self) -> None:
        fodselsnummer = next(_nye, None)
        if fodselsnummer is None:
            raise StopUser()
        if not self.logg_inn(fodselsnummer):
            return
        t = time.time()
        if not self._post("/soker/soknad/ny/", "søknad ny", {"skolear": DATA["skolear"], "niva": "VG1", "fylke": ""},
                          "/soker/soknad/kladd/"):  # fmt: skip
            return
        self._get("/soker/soknad/kladd/", "kladd (side)")  # the draft page the browser is sent to
        for tid in [_rng.choice(ids) for ids in _rng.sample(DATA["tilbud"], 3)]:  # three utdanningsprogram
            if not self._post(
                "/soker/soknad/kladd/legg-til/", "kladd legg til", {"tilbud": tid}, "/soker/soknad/kladd/"
            ):
                return
        if self._post("/soker/soknad/kladd/send/", "kladd send", {}, "/soker/"):
            # One whole submission (start → send, the applicant's own steps after login) as a pseudo-request.
            events.request.fire(request_type="FLYT", name="innsending (ny → send)", response_time=(time.time() - t) * 1000,
                                response_length=0, exception=None, context={}, start_time=t)  # fmt: skip


class MinSide(_Portal):
    """An applicant with a published offer reads «Min side» (logged in once)."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.logg_inn(_rng.choice(DATA["med_tilbud"]))

    @task
    def min_side(self) -> None:
        self._get("/soker/", "min side (les)")
