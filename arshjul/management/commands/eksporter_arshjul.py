from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from arshjul import eksport
from arshjul.models import Hendelse
from kodeverk.models import Fylke


class Command(BaseCommand):
    help = "Eksporterer et fylkes årshjul som iCalendar (RFC 5545), JSON eller PDF."

    def add_arguments(self, parser):
        parser.add_argument("--skolear", required=True, help="Skoleår, f.eks. 2017-2018.")
        parser.add_argument("--format", choices=["ics", "json", "pdf"], default="ics")
        parser.add_argument("--ut", help="Fil å skrive til (standard: standard ut; påkrevd for pdf).")
        parser.add_argument("--fylke", help="Fylkesnummer (kan utelates når bare ett fylke har hjulet).")
        parser.add_argument("--kategori", default="", help="Bare én kategori (slug, f.eks. lanekassen).")
        parser.add_argument("--med-utkast", action="store_true", help="Ta med upubliserte utkast.")

    def handle(self, *args, **o):
        qs = Hendelse.objects.filter(skolear_id=o["skolear"])
        if not o["med_utkast"]:
            qs = qs.filter(utkast=False)
        if o["fylke"]:
            fylke = Fylke.objects.filter(nummer=o["fylke"]).first()
            if fylke is None:
                raise CommandError(f"Ukjent fylke {o['fylke']}.")
        else:
            fylker = list(Fylke.objects.filter(pk__in=qs.values("fylke_id")))
            if len(fylker) != 1:
                raise CommandError("Oppgi --fylke (flere eller ingen fylker har dette årshjulet).")
            fylke = fylker[0]
        qs = qs.filter(fylke=fylke)
        if o["kategori"]:
            qs = qs.filter(kategori=o["kategori"])
        hendelser = list(qs.order_by("start", "linje_fra", "pk"))
        if o["format"] == "ics":
            data = eksport.ical(hendelser, eksport.kalendernavn(fylke, o["skolear"], o["kategori"]))
        elif o["format"] == "json":
            data = eksport.json_bytes(hendelser)
        else:
            if not o["ut"]:
                raise CommandError("PDF krever --ut.")
            data = eksport.pdf(hendelser, fylke, o["skolear"])
        if o["ut"]:
            Path(o["ut"]).write_bytes(data)
            self.stderr.write(f"{len(hendelser)} hendelser skrevet til {o['ut']}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
