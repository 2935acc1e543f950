"""Demo step: the demo county gets both bundled årshjul documents, and the 2022-2023 wheel carried forward to
the current school year (published), so `make run` shows a living wheel with something in the next 30 days."""

from __future__ import annotations

from arshjul import kjerne, services
from arshjul.kjerne.datoer import neste_skolear
from arshjul.kjerne.kilder import INNEBYGDE, les_innebygd
from arshjul.selectors import gjeldende_skolear


def importer_demo(fylke, rng, ut) -> None:
    for skolear in INNEBYGDE:
        res = services.importer(les_innebygd(skolear), fylke)
        ut(f"Årshjul {skolear} for {fylke.navn}: {res.opprettet} nye, {res.uendret + res.endret} fantes")
    siste = max(INNEBYGDE)
    maal = gjeldende_skolear()
    if maal > siste:
        hendelser, skolear = les_innebygd(siste).hendelser, siste
        while skolear < maal:
            hendelser = [h for h, _ in kjerne.flytt_alle(hendelser)]
            skolear = neste_skolear(skolear)
        res = services.importer(kjerne.ParseResultat(skolear=maal, format="demo", hendelser=hendelser), fylke)
        ut(f"Årshjul {maal} (demo, videreført fra {siste}) for {fylke.navn}: {res.opprettet} nye")
    services.feed_for(fylke)
