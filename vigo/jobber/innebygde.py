"""The platform's own job types."""

from __future__ import annotations

import csv
import io

from vigo.jobber import jobbtype
from vigo.models import Person
from vigo.revisjon import logg_innsyn


@jobbtype(
    "0P001",
    "Eksporter personregister",
    # Every person in the county at once: only those who keep the register, not everyone who may look one up.
    tillatelse="vigo.change_person",
    beskrivelse="CSV med alle personer fylket forvalter. Eksporten logges i innsynsloggen.",
    personopplysninger=True,
)
def eksporter_personregister(ktx) -> dict:
    qs = Person.objects.filter(fylke=ktx.fylke).order_by("pk")
    totalt = qs.count()
    ktx.fremdrift(0, totalt, "Leser personer", tving=True)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(
        ["fodselsnummer", "fornavn", "mellomnavn", "etternavn", "fodselsdato", "postnummer", "poststed"]
    )
    felt = ("fodselsnummer", "fornavn", "mellomnavn", "etternavn", "fodselsdato", "postnummer", "poststed")
    for i, rad in enumerate(qs.values_list(*felt).iterator(chunk_size=5000), start=1):
        w.writerow(rad)
        if i % 1000 == 0:
            ktx.fremdrift(i, totalt, f"{i} av {totalt} personer")
    ktx.lagre_fil(f"personregister_{ktx.fylke.nummer}.csv", buf.getvalue(), "text/csv; charset=utf-8")
    logg_innsyn("eksport", f"Kjøring 0P001 (personregister {ktx.fylke.navn})", bruker=ktx.bruker,
                antall=totalt, fylke=ktx.fylke)  # fmt: skip
    ktx.fremdrift(totalt, totalt, "Ferdig", tving=True)
    return {"personer": totalt}
