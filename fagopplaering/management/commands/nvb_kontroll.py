"""``manage.py nvb_kontroll --fil F [--idag ÅÅÅÅ-MM-DD]``: run VIGO's NVB control engine on a file, no database.

Reads the file as UTF-8 (falling back to ISO-8859-1, which NVB accepts on request, with a SYSTEM VARSEL), then
the reader's FIL messages and the control engine's messages (docs/fagopplaering/nvb.md; docs/fagopplaering/
domene.md §7) are printed as one JSON object per line on stdout: ``{"vgdoknr", "klasse", "alvor", "kode",
"tekst"}``. A Norwegian summary goes to stderr. Exit code: 0 no FEIL, 1 at least one FEIL (those documents must
be neither printed nor exported), 2 the file cannot be read.
"""

from __future__ import annotations

import argparse
import datetime
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fagopplaering.nvb.format import les
from fagopplaering.nvb.kontroll import eksporterbare, kontroller, lag_melding


def _dato(tekst: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{tekst}» er ikke en dato på formen ÅÅÅÅ-MM-DD.")


def _flertall(antall: int, en: str, flere: str) -> str:
    return f"{antall} {en if antall == 1 else flere}"


class Command(BaseCommand):
    help = (
        "Kontrollerer en NVB-fil (¤-format) og skriver én JSON-melding per linje. Avslutningskode 0 uten feil, "
        "1 når minst én melding er FEIL, 2 når filen ikke kan leses."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fil", required=True, help="NVB-filen som skal kontrolleres")
        parser.add_argument("--idag", type=_dato, default=None,
                            help="dato som regnes som i dag (ÅÅÅÅ-MM-DD), for «fram i tid»-kontrollene")  # fmt: skip

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        sti = Path(opsjoner["fil"])
        try:
            data = sti.read_bytes()
        except OSError as feil:
            raise CommandError(f"Kan ikke lese «{sti}»: {feil.strerror or feil}.", returncode=2) from feil
        meldinger = []
        try:
            tekst = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            tekst = data.decode("iso-8859-1")
            meldinger.append(
                lag_melding("KM002", "", "Filen er ikke gyldig UTF-8 og er lest som ISO-8859-1.")
            )
        lesing = les(tekst)
        meldinger += lesing.meldinger
        meldinger += kontroller(lesing.fil, idag=opsjoner["idag"])
        for melding in meldinger:
            self.stdout.write(json.dumps(melding.som_dict(), ensure_ascii=False))

        alvor = Counter(m.alvor for m in meldinger)
        dokumenter = sum(len(a.dokumenter) for a in lesing.fil.avsendere)
        annulleringer = sum(len(a.annulleringer) for a in lesing.fil.avsendere)
        ok = eksporterbare(lesing.fil, meldinger)
        self.stderr.write(
            f"NVB-kontroll av {sti.name}: {_flertall(dokumenter, 'dokument', 'dokumenter')} og "
            f"{_flertall(annulleringer, 'annullering', 'annulleringer')}; "
            f"{_flertall(alvor['FEIL'], 'feil', 'feil')}, {_flertall(alvor['VARSEL'], 'varsel', 'varsler')}, "
            f"{alvor['INFO']} info. {len(ok)} av {dokumenter + annulleringer} kan sendes til NVB."
        )
        if alvor["FEIL"]:
            raise CommandError(
                f"Kontrollen fant {_flertall(alvor['FEIL'], 'feil', 'feil')}; dokumenter med feil skal verken "
                "skrives ut eller sendes til NVB.",
                returncode=1,
            )
