from django.core.management.base import BaseCommand

from kodeverk.importer import importer_alt


class Command(BaseCommand):
    help = "Laster de ekte, offentlige kodeverkene som følger med produktet (fylker, kommuner, skoler, programområder m.m.)."

    def handle(self, *args, **opts):
        antall = importer_alt()
        for navn, n in antall.items():
            self.stdout.write(f"{navn:>22}: {n}")
        self.stdout.write(self.style.SUCCESS("Kodeverk lastet."))
