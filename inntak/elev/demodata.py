"""The student register in the demo county (``make run``, step 90 after the intake run and the adults).

What a new user finds: Grep hours for kursprosent (illustrative, docs/elev.md §9.8), one school's SAS file imported
by the inntak caseworker, elevstatus, kursprosent and rett computed, OT youth with notes, and a few privatister. Two
more files are written for trying the import by hand: a valid file for a second school and a file with errors
(under MEDIA_ROOT/demo_sas/, printed below). Runs once: a county that already has elevkurs is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from kodeverk.models import Fag, Fylke, Skole, Skolear
from vigo.models import Bruker, Person


def lag_elev_demodata(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    from inntak.elev.demodata_ot import lag_demo_ot
    from inntak.elev.demodata_sas import lag_demo_sas_fil
    from inntak.elev.demodata_timer import fyll_demotimer
    from inntak.elev.models import Elevforhold, Privatistmelding
    from inntak.elev.services import privatist
    from inntak.elev.services.beregning import beregn_elevkurs
    from inntak.elev.services.rett import oppdater_rett
    from inntak.elev.services.sas_import import importer_sas_fil

    if Elevforhold.objects.filter(skole__fylke=fylke).exists():
        ut(f"{fylke.navn} har allerede elevkurs; hopper over elevdatabasen.")
        return
    bruker = Bruker.objects.filter(username="inntak", fylke=fylke).first()
    skoler = list(Skole.objects.filter(fylke=fylke, aktiv=True, privat=False).order_by("skolenummer")[:2])
    if bruker is None or not skoler:
        ut("Elevdatabasen: mangler demobrukeren «inntak» eller en skole; hopper over.")
        return
    timer = fyll_demotimer()
    ut(f"Elevdatabasen: timetall for kursprosent fylt inn ({timer}).")
    sti = lag_demo_sas_fil(fylke, skole=skoler[0])
    resultat = importer_sas_fil(bruker, sti, fylke=fylke, filnavn=sti.name)
    if not resultat.ok:
        ut(f"Elevdatabasen: demofilen ble avvist ({len(resultat.feil)} feil); hopper over resten.")
        return
    skolear = Skolear.objects.filter(elevforhold__skole__fylke=fylke).order_by("-kode").first()
    beregning = beregn_elevkurs(fylke=fylke, skolear=skolear, bruker=bruker)
    rett = oppdater_rett(fylke=fylke, skolear=skolear)
    ut(
        f"Elevdatabasen: {skoler[0].navn} importert fra SAS, {beregning.get('beregnet', 0)} elevkurs beregnet, "
        f"rett oppdatert ({', '.join(f'{k} {v}' for k, v in rett.items() if isinstance(v, int))})."
    )
    if len(skoler) > 1:
        ut(f"Elevdatabasen: SAS-fil å prøve importen med: {lag_demo_sas_fil(fylke, skole=skoler[1])}")
        ut(f"Elevdatabasen: SAS-fil med feil: {lag_demo_sas_fil(fylke, feil=True, skole=skoler[1])}")
    lag_demo_ot(fylke, rng, ut)
    if not Privatistmelding.objects.filter(fylke=fylke).exists():
        fag = list(Fag.objects.filter(grunnskole=False).order_by("kode")[:3])
        personer = list(Person.objects.filter(fylke=fylke).order_by("pk")[5:9])
        periode = privatist.innevaerende_periode()
        for i, person in enumerate(personer):
            melding = privatist.meld_opp(
                bruker, person=person, fag=fag[i % len(fag)], eksamensperiode=periode,
                eksamensform="skriftlig" if i % 2 else "muntlig", eksamensskole=skoler[0], grunn="Demodata",
            )  # fmt: skip
            if i == 0:
                privatist.registrer_resultat(bruker, melding, karakter="4", grunn="Demodata")
        ut(f"Elevdatabasen: {len(personer)} privatistoppmeldinger for {periode}.")
