"""``manage.py opprett_apiklient (--skole NR | --fylke NR) --scope S [--scope S …] [--navn N] [--utloper DATO]``

Creates an API client and one key; the key is printed once, alone on the last line (for scripts).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kodeverk.models import Fylke, Skole
from vigo.api.services import lag_nokkel, opprett_klient
from vigo.models import Scope


class Command(BaseCommand):
    help = "Opprett en API-klient for en skole eller et fylke og skriv ut nøkkelen (vises bare én gang)."

    def add_arguments(self, parser: CommandParser) -> None:
        hvem = parser.add_mutually_exclusive_group(required=True)
        hvem.add_argument("--skole", help="VIGO skolenummer (5 siffer).")
        hvem.add_argument("--fylke", help="Fylkesnummer (2 siffer): klienten gjelder hele fylket.")
        parser.add_argument(
            "--scope", action="append", required=True, choices=Scope.values, help="Kan gjentas."
        )
        parser.add_argument(
            "--navn", default="", help="Klientens navn (standard: skolens/fylkets navn + API)."
        )
        parser.add_argument(
            "--orgnr",
            default="",
            help="Organisasjonsnummer: klienten ser bare kontraktene til denne lærebedriften "
            "eller dette opplæringskontoret (scope kontrakter:les).",
        )
        parser.add_argument("--utloper", help="Nøkkelen utløper ved starten av denne datoen (ÅÅÅÅ-MM-DD).")

    def handle(self, *args, **opts) -> None:
        skole = fylke = None
        if opts["skole"]:
            skole = Skole.objects.select_related("fylke").filter(skolenummer=opts["skole"]).first()
            if skole is None:
                raise CommandError(f"Fant ingen skole med skolenummer {opts['skole']}.")
            fylke = skole.fylke
        else:
            fylke = Fylke.objects.filter(nummer=opts["fylke"]).first()
            if fylke is None:
                raise CommandError(f"Fant ikke fylke {opts['fylke']}.")
        utloper = None
        if opts["utloper"]:
            try:
                dato = datetime.date.fromisoformat(opts["utloper"])
            except ValueError:
                raise CommandError("--utloper må være en dato på formen ÅÅÅÅ-MM-DD.")
            utloper = timezone.make_aware(datetime.datetime.combine(dato, datetime.time.min))
            if utloper <= timezone.now():
                raise CommandError("--utloper må være fram i tid.")
        navn = opts["navn"] or f"{(skole or fylke).navn} API"
        try:
            klient = opprett_klient(
                navn=navn[:100], fylke=fylke, skole=skole, scopes=opts["scope"], orgnr=opts["orgnr"]
            )
        except ValidationError as feil:
            raise CommandError("; ".join(feil.messages))
        _nokkel, hemmelig = lag_nokkel(klient, utloper=utloper)
        self.stdout.write(f"API-klient «{klient.navn}» opprettet for {skole or fylke}.")
        self.stdout.write(f"Scopes: {', '.join(klient.scopes)}")
        self.stdout.write(f"Utløper: {utloper:%Y-%m-%d}" if utloper else "Utløper: aldri")
        self.stdout.write("Nøkkelen vises bare nå. Send den som «Authorization: Api-Key <nøkkel>»:")
        self.stdout.write(hemmelig)
