"""Reading the JSON file of a checking command (``poengberegning --fil``, ``prioritet --fil``): a path or «-» for
standard input. An unreadable file is a Norwegian ``CommandError``; invalid JSON is left to the command, which
reports it in its own form."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError


def les_json(fil: str) -> Any:
    try:
        if fil == "-":
            return json.load(sys.stdin)
        with open(fil, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as feil:
        raise CommandError(f"Kunne ikke lese «{fil}»: {feil.strerror or feil}") from feil
