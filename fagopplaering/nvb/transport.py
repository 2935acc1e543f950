"""How an NVB file leaves VIGO (docs/fagopplaering/nvb.md «Transport»; docs/fagopplaering/domene.md §7).

Two ways, chosen by a settings dictionary (``transport_fra_innstillinger``):

* ``FilTransport`` writes the file into a directory (atomically: a temporary file in the same directory, then
  ``os.replace``), from where it is uploaded by hand or by a file-transfer job. This is the default until there is
  an agreement.
* ``HttpTransport`` POSTs the file to NVB's control API (``…/nvb/kontroll/v1/``) with the run options in the header
  ``X-NVB-KM`` (e.g. ``-T`` for test numbers, ``-l 3``). **The real endpoint requires an agreement with Sikt**
  (URL, access, and how the key is presented are given there); until then it is only tested against a local stub.
  It sends the key as ``Authorization: Bearer <nøkkel>`` – change ``_hoder`` if the agreement says otherwise. The
  answer is NVB's result file (¤R, ¤K, ¤E, ¤L, ¤O lines), returned as text in ``Kvittering.svar``.

To plug in the real endpoint: set ``NVB_TRANSPORT = {"BACKEND": "http", "URL": "https://…/nvb/kontroll/v1/",
"API_NOKKEL": env("NVB_API_NOKKEL"), "TIDSAVBRUDD": 60, "OPSJONER": ""}`` in the settings and pass it to
``transport_fra_innstillinger``. Nothing else changes for the callers: they get a ``Kvittering`` either way and no
transport raises for a failed delivery. Nothing here logs the file's content (it holds personal data).
"""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

__all__ = ["FilTransport", "HttpTransport", "Kvittering", "Transport", "transport_fra_innstillinger"]


@dataclass(frozen=True)
class Kvittering:
    """The result of one delivery: ``referanse`` is the path (file) or NVB's reference/URL (http)."""

    ok: bool
    referanse: str
    melding: str
    svar: str = ""  # NVB's result file (http only)


class Transport(Protocol):
    def send(self, filnavn: str, innhold: bytes) -> Kvittering: ...


def _trygt_filnavn(filnavn: str) -> str | None:
    navn = filnavn.strip()
    if not navn or navn in (".", "..") or "/" in navn or "\\" in navn or "\x00" in navn:
        return None
    return navn


class FilTransport:
    """Writes each file into ``katalog`` (created if missing); an existing file with the same name is replaced."""

    def __init__(self, katalog: Path | str) -> None:
        self.katalog = Path(katalog)

    def send(self, filnavn: str, innhold: bytes) -> Kvittering:
        navn = _trygt_filnavn(filnavn)
        if navn is None:
            return Kvittering(False, "", f"Ugyldig filnavn «{filnavn}»: bare et navn, ingen mapper.")
        try:
            self.katalog.mkdir(parents=True, exist_ok=True)
            maal = self.katalog / navn
            fd, midlertidig = tempfile.mkstemp(prefix=f".{navn}.", suffix=".tmp", dir=self.katalog)
            try:
                with os.fdopen(fd, "wb") as ut:
                    ut.write(innhold)
                    ut.flush()
                    os.fsync(ut.fileno())
                os.replace(midlertidig, maal)
            except BaseException:
                Path(midlertidig).unlink(missing_ok=True)
                raise
        except OSError as feil:
            return Kvittering(
                False, "", f"Kunne ikke skrive NVB-filen til {self.katalog}: {feil.strerror or feil}."
            )
        return Kvittering(True, str(maal), f"NVB-filen er lagret som {maal} ({len(innhold)} byte).")


class HttpTransport:
    """POSTs the file to NVB's control API (needs an agreement with Sikt; see the module docstring)."""

    def __init__(self, url: str, api_nokkel: str, tidsavbrudd: float, opsjoner: str = "") -> None:
        skjema = urllib.parse.urlsplit(url).scheme
        if skjema not in ("https", "http"):
            raise ValueError(
                f"NVB-adressen må starte med https:// (eller http:// for en lokal stubb), ikke «{url}»."
            )
        self.url = url
        self.api_nokkel = api_nokkel
        self.tidsavbrudd = tidsavbrudd
        self.opsjoner = opsjoner.strip()

    def _hoder(self, filnavn: str) -> dict[str, str]:
        hoder = {"Content-Type": "text/plain; charset=utf-8", "X-NVB-Filnavn": filnavn}
        if self.opsjoner:
            hoder["X-NVB-KM"] = self.opsjoner  # NVB: at most one such header per call
        if self.api_nokkel:
            hoder["Authorization"] = f"Bearer {self.api_nokkel}"
        return hoder

    def send(self, filnavn: str, innhold: bytes) -> Kvittering:
        foresporsel = urllib.request.Request(
            self.url, data=innhold, headers=self._hoder(filnavn), method="POST"
        )
        try:
            with urllib.request.urlopen(
                foresporsel, timeout=self.tidsavbrudd
            ) as svar:  # scheme checked above
                tekst = svar.read().decode("utf-8", errors="replace")
                referanse = svar.headers.get("Location") or self.url
                status = svar.status
        except urllib.error.HTTPError as feil:
            return Kvittering(False, "", f"NVB svarte {feil.code} {feil.reason} for {filnavn}.")
        except (urllib.error.URLError, TimeoutError, OSError) as feil:
            grunn = getattr(feil, "reason", feil)
            return Kvittering(False, "", f"Fikk ikke kontakt med NVB ({grunn}); {filnavn} er ikke sendt.")
        return Kvittering(True, referanse, f"{filnavn} er sendt til NVB (HTTP {status}).", tekst)


def transport_fra_innstillinger(innstillinger: Mapping[str, Any]) -> Transport:
    """``{"BACKEND": "fil", "KATALOG": …}`` or ``{"BACKEND": "http", "URL": …, "API_NOKKEL": …,
    "TIDSAVBRUDD": 30, "OPSJONER": ""}`` → a transport. ValueError with a Norwegian text when something is missing."""
    backend = str(innstillinger.get("BACKEND", "fil")).lower()
    if backend == "fil":
        katalog = innstillinger.get("KATALOG")
        if not katalog:
            raise ValueError("NVB-transport «fil» trenger KATALOG.")
        return FilTransport(Path(katalog))
    if backend == "http":
        url = innstillinger.get("URL")
        if not url:
            raise ValueError("NVB-transport «http» trenger URL (avtales med Sikt).")
        return HttpTransport(
            str(url),
            str(innstillinger.get("API_NOKKEL") or ""),
            float(innstillinger.get("TIDSAVBRUDD", 30)),
            str(innstillinger.get("OPSJONER") or ""),
        )
    raise ValueError(f"Ukjent NVB-transport «{backend}»; bruk «fil» eller «http».")
