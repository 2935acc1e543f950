from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from arshjul import services
from arshjul.kjerne.kilder import INNEBYGDE, innebygd_sti
from kodeverk.models import Fylke


class Command(BaseCommand):
    help = (
        "Importerer et årshjul-dokument (tabulatorseparert eller tekst fra PDF). Hver daterte rad blir én "
        "hendelse i fylkets årshjul; en ny import av samme fil endrer ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("fil", help=f"Sti til fila, eller et innebygd skoleår ({', '.join(INNEBYGDE)}).")
        parser.add_argument("--skolear", help="Skoleår, f.eks. 2017-2018 (standard: fra dokumentets tittel).")
        parser.add_argument("--fylke", help="Fylkesnummer (standard: alle aktive fylker får hver sin kopi).")

    def handle(self, *args, **o):
        sti = innebygd_sti(o["fil"]) if o["fil"] in INNEBYGDE else Path(o["fil"])
        if not sti.is_file():
            raise CommandError(f"Fant ikke fila {sti}.")
        if o["fylke"]:
            fylker = list(Fylke.objects.filter(nummer=o["fylke"]))
            if not fylker:
                raise CommandError(f"Ukjent fylke {o['fylke']}.")
        else:
            fylker = list(Fylke.objects.filter(aktiv=True))
        try:
            resultater = services.importer_tekst(sti.read_text(encoding="utf-8"), fylker, o["skolear"])
        except services.ArshjulFeil as e:
            raise CommandError(str(e)) from None
        if not resultater:
            raise CommandError("Ingen fylker å importere til.")
        forste = resultater[0]
        self.stdout.write(f"Årshjul {forste.skolear} ({forste.format}) fra {sti.name}")
        self.stdout.write("Hendelser per måned:")
        for maned, antall in forste.per_maned.items():
            self.stdout.write(f"  {maned}: {antall}")
        self.stdout.write(f"  Totalt: {sum(forste.per_maned.values())}")
        if forste.ikke_plassert:
            self.stdout.write(self.style.WARNING(f"Kunne ikke plassere {len(forste.ikke_plassert)} rader:"))
            for i in forste.ikke_plassert:
                self.stdout.write(f"  linje {i.linje}: {i.tekst} ({i.grunn})")
        else:
            self.stdout.write("Kunne ikke plassere: ingen")
        for a in forste.advarsler:
            self.stdout.write(self.style.WARNING(f"Advarsel linje {a.linje}: {a.tekst} ({a.grunn})"))
        for r in resultater:
            tekst = f"{r.fylke}: {r.opprettet} nye, {r.endret} endret, {r.uendret} uendret"
            if r.beholdt_kategori:
                tekst += f", {r.beholdt_kategori} med manuell kategori beholdt"
            if r.ikke_i_fila:
                tekst += f", {r.ikke_i_fila} i databasen men ikke i fila (urørt)"
            self.stdout.write(self.style.SUCCESS(tekst))
