"""The two Enhetsregisteret backends and the mapping from the open API's JSON to ``Enhet``.

The JSON of one unit (``GET /enheter/{orgnr}``, API documentation at
https://data.brreg.no/enhetsregisteret/api/dokumentasjon/no/index.html) looks like::

    {"organisasjonsnummer": "912345678", "navn": "ELEKTRO TRØNDELAG AS",
     "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
     "forretningsadresse": {"adresse": ["Kjøpmannsgata 12"], "postnummer": "7013", "poststed": "TRONDHEIM",
                            "kommunenummer": "5001", "kommune": "TRONDHEIM", "landkode": "NO", "land": "Norge"},
     "postadresse": {...same shape...},
     "naeringskode1": {"kode": "43.210", "beskrivelse": "Elektrisk installasjonsarbeid"},
     "antallAnsatte": 14, "epostadresse": "post@…", "telefon": "…", "mobil": "…", "hjemmeside": "…",
     "konkurs": false, "konkursdato": null, "underAvvikling": false,
     "underTvangsavviklingEllerTvangsopplosning": false, "slettedato": null}

Only the fields above are read; everything else is ignored, so a newer API version with more fields still maps.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from pathlib import Path
from threading import Lock
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import gettext as _
from stdnum.no import orgnr as stdnum_orgnr

from fagopplaering.enhetsregisteret.enhet import Enhet

logger = logging.getLogger(__name__)

STANDARD_URL = "https://data.brreg.no/enhetsregisteret/api"
STANDARD = {"BACKEND": "fil", "FIL": "", "URL": STANDARD_URL, "TIMEOUT": 5}


class Oppslagsfeil(Exception):
    """Enhetsregisteret could not be asked (network, timeout, an unexpected answer, a broken file). The message is
    Norwegian and safe to show to the caseworker."""


class Backend(Protocol):
    def hent(self, orgnr: str) -> Enhet | None:
        """The unit with this organisasjonsnummer, None when Enhetsregisteret has no such unit."""
        ...


def _tekst(verdi: Any) -> str:
    return str(verdi).strip() if verdi is not None else ""


def _dato(verdi: Any) -> datetime.date | None:
    if not verdi:
        return None
    try:
        return datetime.date.fromisoformat(str(verdi)[:10])
    except ValueError:
        return None


def _adresse(a: dict | None) -> tuple[str, str, str, str, str]:
    """(gate, postnummer, poststed, kommunenummer, kommunenavn) of an API address object."""
    if not isinstance(a, dict):
        return "", "", "", "", ""
    linjer = a.get("adresse") or []
    if isinstance(linjer, str):
        linjer = [linjer]
    gate = ", ".join(_tekst(x) for x in linjer if _tekst(x))
    return (gate, _tekst(a.get("postnummer")), _tekst(a.get("poststed")), _tekst(a.get("kommunenummer")),
            _tekst(a.get("kommune")))  # fmt: skip


def _kode(o: Any) -> tuple[str, str]:
    if isinstance(o, dict):
        return _tekst(o.get("kode")), _tekst(o.get("beskrivelse"))
    return _tekst(o), ""


def enhet_fra_json(data: dict, *, slettet: bool = False) -> Enhet:
    """Map one unit of the open API (or a line of the demo file, same shape) to ``Enhet``.

    ``slettet``: the API answered 410 Gone (a deleted unit); then a missing ``slettedato`` becomes today."""
    orgnr = stdnum_orgnr.compact(_tekst(data.get("organisasjonsnummer")))
    forr = _adresse(data.get("forretningsadresse"))
    post = _adresse(data.get("postadresse"))
    form, formnavn = _kode(data.get("organisasjonsform"))
    nace, nacenavn = _kode(data.get("naeringskode1"))
    ansatte = data.get("antallAnsatte")
    postadresse = ""
    if post[0] or post[1]:
        postadresse = ", ".join(x for x in (post[0], f"{post[1]} {post[2]}".strip()) if x)
    slettedato = _dato(data.get("slettedato"))
    if slettet and slettedato is None:
        slettedato = datetime.date.today()
    return Enhet(
        orgnr=orgnr,
        navn=_tekst(data.get("navn")),
        organisasjonsform=form,
        organisasjonsform_navn=formnavn,
        adresse=forr[0] or post[0],
        postnummer=forr[1] or post[1],
        poststed=forr[2] or post[2],
        postadresse=postadresse,
        kommunenummer=forr[3] or post[3],
        kommunenavn=forr[4] or post[4],
        naeringskode=nace,
        naeringsnavn=nacenavn,
        antall_ansatte=ansatte if isinstance(ansatte, int) and ansatte >= 0 else None,
        epost=_tekst(data.get("epostadresse")),
        telefon=_tekst(data.get("telefon")) or _tekst(data.get("mobil")),
        hjemmeside=_tekst(data.get("hjemmeside")),
        konkurs=bool(data.get("konkurs")),
        under_avvikling=bool(
            data.get("underAvvikling") or data.get("underTvangsavviklingEllerTvangsopplosning")
        ),
        slettedato=slettedato,
    )


def _gyldig(orgnr: str) -> str | None:
    orgnr = stdnum_orgnr.compact(orgnr or "")
    return orgnr if stdnum_orgnr.is_valid(orgnr) else None


class FilBackend:
    """A JSON Lines file, one API-shaped unit per line (blank lines and lines starting with # are skipped).

    The file is read once and kept until it changes on disk (size and modification time), so a page that looks up
    one company does not parse 400 lines each time."""

    _cache: dict[str, tuple[tuple[float, int], dict[str, dict]]] = {}
    _las = Lock()

    def __init__(self, sti: str | os.PathLike | None = None):
        self.sti = Path(sti or _innstillinger()["FIL"] or _standard_fil())

    def _data(self) -> dict[str, dict]:
        try:
            st = self.sti.stat()
        except OSError as feil:
            raise Oppslagsfeil(
                _("Filen med Enhetsregisteret (%(fil)s) finnes ikke.") % {"fil": self.sti.name}
            ) from feil
        nokkel = str(self.sti)
        stempel = (st.st_mtime, st.st_size)
        with self._las:
            lagret = self._cache.get(nokkel)
            if lagret is not None and lagret[0] == stempel:
                return lagret[1]
            enheter: dict[str, dict] = {}
            with self.sti.open(encoding="utf-8") as f:
                for nr, linje in enumerate(f, start=1):
                    linje = linje.strip()
                    if not linje or linje.startswith("#"):
                        continue
                    try:
                        rad = json.loads(linje)
                    except json.JSONDecodeError as feil:
                        raise Oppslagsfeil(
                            _("Linje %(nr)s i %(fil)s er ikke gyldig JSON.")
                            % {"nr": nr, "fil": self.sti.name}
                        ) from feil
                    orgnr = stdnum_orgnr.compact(_tekst(rad.get("organisasjonsnummer")))
                    if orgnr:
                        enheter[orgnr] = rad
            self._cache[nokkel] = (stempel, enheter)
            return enheter

    def hent(self, orgnr: str) -> Enhet | None:
        orgnr = _gyldig(orgnr)
        if orgnr is None:
            return None
        rad = self._data().get(orgnr)
        return enhet_fra_json(rad) if rad is not None else None

    def alle(self) -> list[Enhet]:
        """Every unit in the file (the demo data loads companies from it)."""
        return [enhet_fra_json(r) for r in self._data().values()]


class HttpBackend:
    """The open API of Brønnøysundregistrene. No key or login; ``requests`` with a timeout, JSON only."""

    def __init__(self, url: str | None = None, timeout: float | None = None, session=None):
        inn = _innstillinger()
        self.url = (url or inn["URL"] or STANDARD_URL).rstrip("/")
        self.timeout = float(timeout if timeout is not None else inn["TIMEOUT"])
        self._session = session

    def _get(self, adresse: str):
        import requests

        klient = self._session or requests
        try:
            return klient.get(adresse, timeout=self.timeout, headers={"Accept": "application/json"})
        except requests.Timeout as feil:
            raise Oppslagsfeil(_("Enhetsregisteret svarte ikke i tide. Prøv igjen om litt.")) from feil
        except requests.RequestException as feil:
            raise Oppslagsfeil(_("Fikk ikke kontakt med Enhetsregisteret. Prøv igjen om litt.")) from feil

    def hent(self, orgnr: str) -> Enhet | None:
        orgnr = _gyldig(orgnr)
        if orgnr is None:
            return None
        svar = self._get(f"{self.url}/enheter/{orgnr}")
        if svar.status_code == 404:
            return None
        if svar.status_code not in (200, 410):
            logger.warning("Enhetsregisteret svarte HTTP %s", svar.status_code)
            raise Oppslagsfeil(
                _("Enhetsregisteret svarte med feil (HTTP %(status)s). Prøv igjen om litt.")
                % {"status": svar.status_code}
            )
        try:
            data = svar.json()
        except ValueError as feil:
            raise Oppslagsfeil(_("Enhetsregisteret ga et svar som ikke kunne leses.")) from feil
        if not isinstance(data, dict):
            raise Oppslagsfeil(_("Enhetsregisteret ga et svar som ikke kunne leses."))
        data.setdefault("organisasjonsnummer", orgnr)
        return enhet_fra_json(data, slettet=svar.status_code == 410)


def _standard_fil() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "enhetsregisteret_demo.jsonl"


def _innstillinger() -> dict:
    return {**STANDARD, **(getattr(settings, "ENHETSREGISTERET", None) or {})}


def backend() -> Backend:
    """The backend the setting ``ENHETSREGISTERET["BACKEND"]`` names ("fil" or "http")."""
    navn = str(_innstillinger()["BACKEND"]).strip().lower()
    if navn == "http":
        return HttpBackend()
    if navn == "fil":
        return FilBackend()
    raise Oppslagsfeil(
        _("Ukjent backend for Enhetsregisteret: «%(navn)s» (bruk «fil» eller «http»).") % {"navn": navn}
    )
