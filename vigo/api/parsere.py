"""JSON bodies under /api/: a depth limit before parsing, and Norwegian messages when the body is not JSON.

Why a depth limit: ``json.loads`` recurses once per nesting level, so ``'[' * 100000`` ends in a
``RecursionError`` (a 500) instead of a 400, and no request to this API needs more than a few levels (a list of
records with a list of grades). ``for_dyp`` counts brackets outside strings without recursion, in C-speed
steps (split or one possessive regular expression, translate, accumulate): about as long as ``json.loads`` takes
for the same body, and nothing at all for a body with at most ``MAKS_DYBDE`` opening brackets, which cannot be
deeper.

Why own messages: DRF's parse errors are English Python text (``JSON parse error - Expecting value: line 1
column 1 (char 0)``); the API's users read Norwegian, and the error should name the line and column, not the
parser's internals.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAKS_DYBDE = 50

# A JSON string: possessive, so it never backtracks, and an unterminated one runs to the end of the text.
_TEKST = re.compile(r'"(?:[^"\\]++|\\[\s\S])*+(?:"|\\?\Z)')
_PARENTES = bytes.maketrans(b"[{]}", b"(())")
_IKKE_PARENTES = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEG = {ord("("): 1, ord(")"): -1}.__getitem__
# A lone UTF-16 surrogate written as an escape (\ud800): valid JSON text, but not storable in PostgreSQL.
_SURROGAT_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")

_JSONFEIL = {
    "Expecting value": "forventet en verdi",
    "Expecting property name enclosed in double quotes": "forventet et feltnavn i doble anførselstegn",
    "Expecting ',' delimiter": "forventet komma",
    "Expecting ':' delimiter": "forventet kolon",
    "Extra data": "ekstra tegn etter JSON-verdien",
    "Unterminated string starting at": "teksten er ikke avsluttet",
    "Invalid control character at": "ugyldig kontrolltegn i tekst",
    "Invalid \\escape": "ugyldig escape-sekvens",
    "Invalid \\uXXXX escape": "ugyldig \\u-escape",
    "Illegal trailing comma before end of array": "komma før slutten av listen",
    "Illegal trailing comma before end of object": "komma før slutten av objektet",
}


class UgyldigJson(ParseError):
    """A parse error with a Norwegian message (the exception handler leaves these as they are)."""


def for_dyp(tekst: str, maks: int = MAKS_DYBDE) -> bool:
    """True when ``tekst`` nests arrays/objects deeper than ``maks`` (brackets inside strings do not count).

    The strings are cut out (without an escaped quote every second piece between quotes is outside a string),
    the brackets left become a byte string of "(" and ")", and the deepest running sum is the depth. Closing
    brackets too many only occur in invalid JSON, which ``json.loads`` then refuses.
    """
    if tekst.count("[") + tekst.count("{") <= maks:
        return False
    utenfor = "".join(tekst.split('"')[::2]) if '\\"' not in tekst else _TEKST.sub("", tekst)
    parenteser = utenfor.encode("utf-8", "surrogatepass").translate(_PARENTES, _IKKE_PARENTES)
    return max(accumulate(map(_STEG, parenteser)), default=0) > maks


def dekod(innhold: bytes, tegnsett: str | None = None) -> str:
    """The body as text. Only text encodings: a codec such as ``bz2_codec`` would decompress the body after
    the size limit was checked against the compressed size."""
    tegnsett = tegnsett or settings.DEFAULT_CHARSET
    try:
        "".encode(tegnsett)
    except (LookupError, UnicodeError):
        raise UgyldigJson(
            _("Ukjent eller ugyldig tegnsett «%(t)s» i Content-Type.") % {"t": tegnsett[:40]}
        ) from None
    try:
        return innhold.decode(tegnsett)
    except UnicodeDecodeError:
        raise UgyldigJson(_("Innholdet er ikke gyldig %(t)s-tekst.") % {"t": tegnsett[:40]}) from None


def dybdemelding() -> str:
    return _("JSON-innholdet er nøstet for dypt (høyst %(n)d nivåer).") % {"n": MAKS_DYBDE}


def _norsk(feil: json.JSONDecodeError) -> str:
    hva = next(
        (tekst for engelsk, tekst in _JSONFEIL.items() if feil.msg.startswith(engelsk)), "ugyldig JSON"
    )
    return _("Ugyldig JSON på linje %(linje)d, kolonne %(kolonne)d: %(hva)s.") % {
        "linje": feil.lineno,
        "kolonne": feil.colno,
        "hva": hva,
    }


def _har_enslig_surrogat(verdi: Any) -> bool:
    """Walks the parsed value with an explicit stack (no recursion). Called only when the text has a
    surrogate escape, which ordinary requests never have."""
    stabel = [verdi]
    while stabel:
        v = stabel.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(v, dict):
            stabel.extend(v.keys())
            stabel.extend(v.values())
        elif isinstance(v, list):
            stabel.extend(v)
    return False


def les_json(tekst: str, *, sjekk_dybde: bool = True) -> Any:
    """Parse ``tekst`` or raise ``UgyldigJson`` with a Norwegian message."""
    if sjekk_dybde and for_dyp(tekst):
        raise UgyldigJson(dybdemelding())
    try:
        verdi = json.loads(tekst, parse_constant=_ikke_tall)
    except json.JSONDecodeError as feil:
        raise UgyldigJson(_norsk(feil)) from None
    except ValueError:  # NaN/Infinity (_ikke_tall), or a number too long to convert
        raise UgyldigJson(_("Ugyldig tall i JSON (NaN, Infinity eller for mange sifre).")) from None
    except RecursionError:  # only reachable with sjekk_dybde=False; never a 500
        raise UgyldigJson(dybdemelding()) from None
    if _SURROGAT_ESCAPE.search(tekst) and _har_enslig_surrogat(verdi):
        raise UgyldigJson(_("Ugyldig tegn i JSON-tekst (enslig UTF-16-surrogat)."))
    return verdi


def _ikke_tall(verdi: str) -> Any:
    raise ValueError(verdi)


class JsonParser(JSONParser):
    """DRF's JSON parser with the depth limit and Norwegian messages (``DEFAULT_PARSER_CLASSES``).

    A subclass of ``JSONParser`` on purpose: DRF then reads the body through ``request.body``, so Django's
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` applies (an over-size body is answered 413 by ``vigo.api.feil``).
    """

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        parser_context = parser_context or {}
        tekst = dekod(stream.read(), parser_context.get("encoding"))
        request = parser_context.get("request")
        # The middleware has already scanned this body (it guards views with their own parsers too).
        sjekket = getattr(getattr(request, "_request", None), "vigo_dybde_sjekket", False)
        return les_json(tekst, sjekk_dybde=not sjekket)
