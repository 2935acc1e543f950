"""``manage.py sas_sjekk --fil F``: kontroller en SAS ↔ VIGO-fil uten database (docs/sas.md §7).

Filen leses strømmende med :mod:`inntak.elev.sas.les` (uten rammeverk). Gyldig fil: en norsk oppsummering med
antall poster per type på stdout og avslutningskode 0. Ugyldig fil: hver feil (linje, post, felt, kode, melding)
på stderr og avslutningskode 1; ingenting i filen regnes som godtatt. ``--fil -`` leser standard inn.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from inntak.elev.sas.format import POSTTYPER
from inntak.elev.sas.les import MAKS_FEIL, Leser, Lesing


def _tall(n: int) -> str:
    return f"{n:,}".replace(",", " ")


class Command(BaseCommand):
    help = (
        "Kontrollerer en SAS ↔ VIGO-fil (TOF, $EL, $EK, $KL, $VM) uten database. Gyldig fil: antall poster per "
        "type. Ugyldig fil: hver feil med linje, post, felt, kode og melding på stderr, avslutningskode 1."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fil", required=True, help="SAS-filen («-» = standard inn)")
        parser.add_argument("--fylke", help="fylkesnummeret importen kjøres for; TOF-linjen må ha det samme")
        parser.add_argument("--tegnsett", default="utf-8-sig", help="tegnsettet i filen (standard utf-8)")
        parser.add_argument(
            "--maks-feil",
            type=int,
            default=MAKS_FEIL,
            help=f"høyst så mange feil vises (standard {MAKS_FEIL}; 0 = alle)",
        )
        parser.add_argument("--advarsler", action="store_true", help="skriv også hver advarsel")

    def _les(self, fil: str, tegnsett: str, leser: Leser) -> Lesing:
        try:
            if fil == "-":
                for _ in leser.poster(sys.stdin):
                    pass
            else:
                with open(fil, encoding=tegnsett, newline="") as fh:
                    for _ in leser.poster(fh):
                        pass
        except OSError as feil:
            raise CommandError(f"Kunne ikke lese «{fil}»: {feil.strerror or feil}", returncode=1) from feil
        except UnicodeDecodeError as feil:
            raise CommandError(
                f"«{fil}» er ikke gyldig {tegnsett} (etter linje {leser.linjer}); prøv for eksempel --tegnsett latin-1.",
                returncode=1,
            ) from feil
        except LookupError as feil:
            raise CommandError(f"Ukjent tegnsett «{tegnsett}».", returncode=1) from feil
        return leser.resultat()

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        maks = opsjoner["maks_feil"] if opsjoner["maks_feil"] > 0 else sys.maxsize
        leser = Leser(
            fylke=opsjoner["fylke"],
            tillat_syntetiske=getattr(settings, "TILLAT_SYNTETISKE_FNR", False),
            maks_feil=maks,
        )
        lesing = self._les(opsjoner["fil"], opsjoner["tegnsett"], leser)
        if opsjoner["advarsler"]:
            for advarsel in lesing.advarsler:
                self.stdout.write(f"Advarsel: {advarsel.tekst()}")
        if not lesing.ok:
            for feil in lesing.feil:
                self.stderr.write(feil.tekst())
            if lesing.utelatte_feil:
                self.stderr.write(
                    f"… og {_tall(lesing.utelatte_feil)} feil til som ikke er vist (bruk --maks-feil 0)."
                )
            raise CommandError(
                f"Ugyldig fil: {_tall(lesing.antall_feil)} feil på {_tall(lesing.ugyldige_linjer)} av "
                f"{_tall(lesing.linjer)} linjer (se over). Ingenting i filen er godtatt.",
                returncode=1,
            )
        self.stdout.write(f"Filen er gyldig: {_tall(lesing.linjer)} linjer.")
        for kode, posttype in POSTTYPER.items():
            self.stdout.write(f"  {kode}  {posttype.navn:<22}{_tall(lesing.antall[kode]):>10}")
        if lesing.tof is not None:
            skole = f", skole {lesing.tof.skolenr}" if lesing.tof.skolenr else ""
            self.stdout.write(f"Fylke {lesing.tof.fylkesnr}{skole}, versjon {lesing.tof.versjon}.")
        if lesing.antall_advarsler:
            hint = "" if opsjoner["advarsler"] else " (bruk --advarsler for å se dem)"
            self.stdout.write(f"Advarsler: {_tall(lesing.antall_advarsler)}{hint}.")
