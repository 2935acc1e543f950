import time

from django.core.management.base import BaseCommand, CommandError

from kodeverk.models import Fylke
from vigo import jobber
from vigo.jobber import tjenester
from vigo.models import Kjoring


class Command(BaseCommand):
    help = "Starter en jobb: kjoring <kode> [--param nøkkel=verdi ...] [--fylke 50] [--vent | --direkte]"

    def add_arguments(self, parser):
        parser.add_argument("kode", nargs="?", help="Jobbkode, f.eks. 0P001. Uten kode: list jobbtypene.")
        parser.add_argument("--param", action="append", default=[], metavar="NØKKEL=VERDI")
        parser.add_argument("--fylke", default="50")
        parser.add_argument("--vent", action="store_true", help="Vent til en Celery-arbeider er ferdig.")
        parser.add_argument("--direkte", action="store_true", help="Kjør i denne prosessen (uten arbeider).")
        parser.add_argument("--overstyr", default="", help="Begrunnelse for å overstyre rekkefølgeregler.")

    def handle(self, *args, **o):
        if not o["kode"]:
            for j in jobber.alle():
                self.stdout.write(f"{j.kode}  {j.navn}  ({j.omrade})")
            return
        params = {}
        for p in o["param"]:
            if "=" not in p:
                raise CommandError(f"Parameter «{p}» må ha formen nøkkel=verdi.")
            k, v = p.split("=", 1)
            params[k] = v
        try:
            fylke = Fylke.objects.get(nummer=o["fylke"])
            if o["direkte"]:
                from django.test.utils import override_settings

                with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
                    kj = tjenester.start_kjoring(
                        o["kode"], fylke, None, params, o["overstyr"], "kommandolinje"
                    )
            else:
                kj = tjenester.start_kjoring(o["kode"], fylke, None, params, o["overstyr"], "kommandolinje")
        except (tjenester.KjoringFeil, KeyError, Fylke.DoesNotExist) as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"Kjøring #{kj.pk} {kj.kode} {kj.navn} startet.")
        if o["vent"] or o["direkte"]:
            while True:
                kj = Kjoring.objects.get(pk=kj.pk)
                if not kj.aktiv:
                    break
                self.stdout.write(f"  {kj.prosent:3d} %  {kj.melding}")
                time.sleep(1)
            for linje in kj.logg.all():
                self.stdout.write(f"  [{linje.niva}] {linje.tekst}")
            self.stdout.write(f"Status: {kj.get_status_display()}  Resultat: {kj.resultat}")
            if kj.status != "ferdig":
                raise CommandError(f"Kjøringen endte med status {kj.status}.")
