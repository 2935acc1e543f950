from django.core.management.base import BaseCommand

from vigo.demodata import DEMO_PASSORD, lag_demodata


class Command(BaseCommand):
    help = "Lager syntetiske demodata: én bruker per rolle og syntetiske personer (Test Norge-fødselsnumre)."

    def add_arguments(self, parser):
        parser.add_argument("--fylke", default="50", help="Fylkesnummer (standard 50 Trøndelag).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--personer", type=int, default=2000, help="Antall søkere (hver får to foresatte)."
        )

    def handle(self, *args, **o):
        lag_demodata(o["fylke"], o["seed"], o["personer"], self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Demodata klare. Passord for alle demobrukere: {DEMO_PASSORD}"))
