"""Inntak's system parameters (area «Inntak»), registered from ``InntakConfig.ready``.

Read them with ``vigo.parametere.selectors.parameter(fylke, skolear, "inntak.…")``. Two defaults still come from
``kodeverk.Fylke`` (``maks_onsker``, ``tillat_venteliste_ved_ja``): the county's value there applies until the
county sets the parameter for a school year, so nothing had to be migrated.
"""

from __future__ import annotations

import datetime
from typing import Any

from kodeverk.skolear import skolear_for_kode
from vigo.parametere import Parameter, Type, registrer, registrer_kontroll

VOKSENRETT_SOM_RETT = "inntak.voksenrett_som_rett"
INDIVIDUELL_BEHANDLING = "inntak.individuell_behandling"
FAST_PLASS = "fast_plass"
I_POENGSTEGET = "i_poengsteget"
INDIVIDUELL_VALG = (
    (FAST_PLASS, "Fast plass etter vedtak (før poengkonkurransen)"),
    (I_POENGSTEGET, "I poengsteget (etter søkerne med poeng, loddtrekning seg imellom)"),
)


def _startar(skolear_kode: str) -> int:
    return skolear_for_kode(skolear_kode).start.year


def _dato(maned: int, dag: int):
    """A date in the calendar year the school year starts (applications are made in the spring before)."""

    def standard(fylke, skolear_kode: str) -> datetime.date:
        return datetime.date(_startar(skolear_kode), maned, dag)

    return standard


def _fra_fylke(felt: str):
    def standard(fylke, skolear_kode: str):
        return getattr(fylke, felt)

    return standard


def _svarfrist_dager(fylke, skolear_kode: str) -> int:
    from inntak.kjoring.services import STANDARD_SVARFRIST_DAGER

    return STANDARD_SVARFRIST_DAGER


INNTAK = (
    Parameter("inntak.maks_onsker", "Maks antall ønsker per søker", Type.HELTALL,
              standard=_fra_fylke("maks_onsker"), omrade="inntak", min=1, maks=20,
              hjelp="Hvor mange ønsker en søknad kan ha."),
    Parameter("inntak.maks_onsker_per_utdanningsprogram", "Maks antall ønsker per utdanningsprogram",
              Type.HELTALL, standard=0, omrade="inntak", min=0, maks=20,
              hjelp="Hvor mange av ønskene som kan gjelde samme utdanningsprogram. 0 betyr ingen egen grense."),
    Parameter("inntak.maks_skoler_per_programomrade", "Maks antall skoler per programområde", Type.HELTALL,
              standard=0, omrade="inntak", min=0, maks=20,
              hjelp="Hvor mange skoler søkeren kan ønske for samme programområde. 0 betyr ingen egen grense."),
    Parameter("inntak.maks_utdanningsprogram", "Maks antall utdanningsprogram (Vg1) / programområder (Vg2/Vg3)",
              Type.HELTALL, standard=0, omrade="inntak", min=0, maks=20,
              hjelp="Hvor mange ulike utdanningsprogram (Vg1) eller programområder (Vg2/Vg3) en søknad kan ha, "
              "etter fylkets lokale forskrift (f.eks. Oslo og Rogaland: 3). 0 betyr ingen egen grense."),
    Parameter("inntak.tre_utdanningsprogram_for_alle_vg1", "Alle Vg1-søkere må søke tre utdanningsprogram",
              Type.JA_NEI, standard=True, omrade="inntak",
              hjelp="Gjelder fra skoleåret 2025-2026 (opplæringsforskrifta § 4-7 andre ledd). Ja: kravet om tre "
              "ulike utdanningsprogram gjelder alle søkere til Vg1. Nei: bare søkere med ungdomsrett, som før. "
              "Eldre skoleår følger alltid den gamle regelen."),
    Parameter("inntak.soknadsfrist", "Søknadsfrist", Type.DATO, standard=_dato(3, 1), omrade="inntak",
              hjelp="Fristen for ordinære søkere. Standard er 1. mars."),
    Parameter("inntak.fortrinnsfrist", "Søknadsfrist for fortrinn og individuell behandling", Type.DATO,
              standard=_dato(2, 1), omrade="inntak",
              hjelp="Fristen for søkere med fortrinnsrett eller individuell behandling. Standard er 1. februar."),
    Parameter("inntak.svarfrist_dager", "Svarfrist (dager)", Type.HELTALL, standard=_svarfrist_dager,
              omrade="inntak", min=1, maks=60, enhet="dager",
              hjelp="Forslaget til svarfrist når en runde publiseres: antall dager fra publiseringsdagen."),
    Parameter("inntak.tillat_venteliste_ved_ja", "Tillat «ja og stå på venteliste»", Type.JA_NEI,
              standard=_fra_fylke("tillat_venteliste_ved_ja"), omrade="inntak",
              hjelp="Om søkeren kan takke ja til tilbudet og samtidig stå på venteliste til høyere ønsker."),
    Parameter("inntak.soker_velger_venteliste", "Søkeren velger selv hvilke høyere ønsker ventelisten gjelder", Type.JA_NEI,
              standard=True, omrade="inntak",
              hjelp="Ja: søkeren velger blant de høyere ønskene. Nei: søkeren står på venteliste til alle "
              "høyere ønsker."),
    Parameter("inntak.telledato_rett", "Telledato for bruk av rett", Type.DATO, standard=_dato(11, 1),
              omrade="inntak",
              hjelp="Elever som avbryter opplæringen etter denne datoen, har brukt ett år av retten. "
              "Standard er 1. november."),
    # The window of 5A001 «Oppdater elev fra søker» (after ajourhold and 8A011; docs/elev.md, «Rett: jobbene»).
    Parameter("inntak.elev_fra_soker_fra", "Overføring fra søker til elev (5A001) fra", Type.DATO,
              standard=_dato(9, 11), omrade="inntak",
              hjelp="Første dag 5A001 «Oppdater elev fra søker» kan kjøres uten begrunnelse. Standard er 11. september."),
    Parameter("inntak.elev_fra_soker_til", "Overføring fra søker til elev (5A001) til", Type.DATO,
              standard=_dato(9, 22), omrade="inntak",
              hjelp="Siste dag 5A001 kan kjøres uten begrunnelse. Etterpå vedlikeholdes elevene i 4S001. "
              "Standard er 22. september."),
    # Two readings of opplæringsforskrifta 2024 § 4-14 (docs/regler.md §6); only runs under forskrift-2024.
    Parameter(VOKSENRETT_SOM_RETT, "Voksenrett rangeres som rett etter § 5-1", Type.JA_NEI, standard=True,
              omrade="inntak",
              hjelp="Gjelder inntak fra skoleåret 2025-2026 (opplæringsforskrifta § 4-14). Ja: søkere med rett "
              "etter opplæringslova § 18-3 som velger ordinært inntak, rangeres sammen med søkerne med rett "
              "etter § 5-1 (§ 18-3 tredje ledd). Nei: de tas inn etter alle søkere med rett etter § 5-1 og før "
              "søkere uten rett (gruppe 8 og 9)."),
    Parameter(INDIVIDUELL_BEHANDLING, "Individuell behandling i inntaket", Type.VALG, standard=FAST_PLASS,
              omrade="inntak", valg=INDIVIDUELL_VALG,
              hjelp="Gjelder inntak fra skoleåret 2025-2026. Fast plass: et innvilget vedtak om individuell "
              "behandling gir fast plass før poengkonkurransen, som før. I poengsteget: søkere med individuell "
              "behandling konkurrerer i samme steg som søkerne med poeng (opplæringsforskrifta § 4-14 første "
              "ledd bokstav b); vedtaket gir ikke fast plass, og de rangeres i gruppen sin etter søkerne med "
              "poeng, med loddtrekning seg imellom. Vedtak om fortrinn gir alltid fast plass."),
)  # fmt: skip


def lesemater_2024(fylke_id: int, skolear_id: int) -> dict[str, Any]:
    """The county's two § 4-14 readings for a school year in one query: ``{"voksenrett_som_rett": bool,
    "individuell_behandling": "fast_plass" | "i_poengsteget"}`` (a stored value the declaration no longer
    accepts falls back to the default, as in ``vigo.parametere.selectors``)."""
    from vigo.models import Systemparameter

    lagret = dict(
        Systemparameter.objects.filter(
            fylke_id=fylke_id,
            skolear__pk=skolear_id,
            nokkel__in=(VOKSENRETT_SOM_RETT, INDIVIDUELL_BEHANDLING),
        ).values_list("nokkel", "verdi")
    )
    ut: dict[str, Any] = {}
    for p in INNTAK:
        if p.nokkel not in (VOKSENRETT_SOM_RETT, INDIVIDUELL_BEHANDLING):
            continue
        verdi = p.standard
        if p.nokkel in lagret:
            try:
                verdi = p.fra_json(lagret[p.nokkel])
            except (TypeError, ValueError):
                pass
        if p.type == Type.VALG and verdi not in dict(p.valg):
            verdi = p.standard
        ut[p.nokkel.removeprefix("inntak.")] = verdi
    return ut


def _kontroll(verdier: dict, skolear_kode: str) -> dict[str, str]:
    feil = {}
    maks = verdier["inntak.maks_onsker"]
    for nokkel in ("inntak.maks_onsker_per_utdanningsprogram", "inntak.maks_skoler_per_programomrade",
                   "inntak.maks_utdanningsprogram"):  # fmt: skip
        if verdier[nokkel] > maks:
            feil[nokkel] = f"Kan ikke være større enn maks antall ønsker per søker ({maks})."
    antall_program = verdier["inntak.maks_utdanningsprogram"]
    if 0 < antall_program < 3 and "inntak.maks_utdanningsprogram" not in feil:
        feil["inntak.maks_utdanningsprogram"] = (
            "Må være minst 3 (eller 0 for ingen grense): søkere til Vg1 skal søke tre ulike utdanningsprogram "
            "(opplæringsforskrifta § 4-7 andre ledd, tidligere § 6-14)."
        )
    if verdier["inntak.fortrinnsfrist"] > verdier["inntak.soknadsfrist"]:
        feil["inntak.fortrinnsfrist"] = (
            "Fristen for fortrinn kan ikke være etter den ordinære søknadsfristen."
        )
    periode = skolear_for_kode(skolear_kode)
    if verdier["inntak.soknadsfrist"] >= periode.start:
        feil["inntak.soknadsfrist"] = f"Søknadsfristen må være før skoleåret {skolear_kode} starter."
    telledato = verdier["inntak.telledato_rett"]
    if not periode.start <= telledato <= periode.slutt:
        feil["inntak.telledato_rett"] = f"Telledatoen må være i skoleåret {skolear_kode}."
    return feil


def registrer_inntak() -> None:
    registrer(*INNTAK)
    registrer_kontroll(_kontroll)
