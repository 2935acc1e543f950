"""``manage.py importer_soknader FIL [--fylke NR] [--bruker BRUKERNAVN] [--tørrkjøring]``: import søknader from
CSV, XLSX or JSON (format: docs/inntak/import-soknader.md) through ``inntak.importering.soknader``.

All or nothing: a file with any bad row writes nothing; every error is printed on stderr with its row number and
the exit code is 1. ``--tørrkjøring`` checks and registers everything in a transaction that is rolled back.
Without ``--bruker`` the import runs as the system (``--fylke`` or a ``fylke`` column is then needed); with it,
the user's rights (``inntak.add_soknad``) and county apply.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from inntak.importering.soknader import Importfeil, importer_fil
from kodeverk.models import Fylke


class Command(BaseCommand):
    help = "Importerer søknader fra CSV, XLSX eller JSON: alt eller ingenting, med feil per rad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fil", help="CSV-, XLSX- eller JSON-fil")
        parser.add_argument("--fylke", help="fylkesnummer importen gjelder (f.eks. 50)")
        parser.add_argument("--bruker", help="brukernavnet importen gjøres som (rettigheter og fylke)")
        parser.add_argument(
            "--tørrkjøring", "--torrkjoring", "--dry-run", dest="torrkjoring", action="store_true",
            help="kontroller og vis resultatet uten å lagre noe",
        )  # fmt: skip

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        bruker = None
        if opsjoner["bruker"]:
            try:
                bruker = get_user_model().objects.get(username=opsjoner["bruker"], is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(
                    f"Ukjent eller deaktivert bruker «{opsjoner['bruker']}».", returncode=1
                ) from None
        fylke = None
        if opsjoner["fylke"]:
            fylke = Fylke.objects.filter(nummer=opsjoner["fylke"].zfill(2)).first()
            if fylke is None:
                raise CommandError(f"Ukjent fylke «{opsjoner['fylke']}».", returncode=1)
        try:
            resultat = importer_fil(
                opsjoner["fil"], bruker=bruker, fylke=fylke, torrkjoring=opsjoner["torrkjoring"]
            )
        except OSError as feil:
            raise CommandError(
                f"Kunne ikke lese «{opsjoner['fil']}»: {feil.strerror or feil}", returncode=1
            ) from None
        except PermissionDenied as feil:
            raise CommandError(str(feil), returncode=1) from None
        except Importfeil as feil:
            for melding in feil.meldinger:
                self.stderr.write(melding)
            raise CommandError(
                f"Ingen søknader ble importert: {len(feil.rader)} feil.", returncode=1
            ) from None
        if resultat.torrkjoring:
            self.stdout.write(f"Tørrkjøring: {resultat.antall} søknader er gyldige. Ingenting er lagret.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{resultat.antall} søknader er importert."))
