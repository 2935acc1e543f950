"""The intake deliveries (årshjul: søkerfil 1 March, inntaksfil after 1st intake, vilbli.no klasseordning,
intake data to the schools). All four formats are closed: the layouts here are our documented model on the
intake module's søker/ønske/tilbud entities, with Registreringshåndboka (Rhb) and SSB numbers where the public
SAS interface gives them (docs/leveranser.md).

Job codes: the årshjul names no VIGO job for these deliveries (IST ran them from the central base), so they get
new codes in the intake module's style: 1L001–1L004 («L» for leveranse).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

from django.db.models import Q

from rapporter.leveranser.definisjon import Felt, Filformat, Forutsetning, Leveransedefinisjon, registrer

CHUNK = 2000
F, A = "FEIL", "ADVARSEL"


def kjonn(fnr: str | None) -> str:
    """M/K from the individual number's last digit (ninth digit of the fødselsnummer): odd = M."""
    if not fnr or len(fnr) != 11 or not fnr.isdigit():
        return ""
    return "M" if int(fnr[8]) % 2 else "K"


def _utgatt(gyldig_til, gyldig_fra, start) -> bool:
    return (gyldig_til is not None and gyldig_til < start) or (gyldig_fra is not None and gyldig_fra > start)


def _siste_publiserte(fylke, skolear) -> list[int]:
    """The latest published round per nivå for the county and school year (ids)."""
    from inntak.models import Inntakskjoring
    from rapporter.leveranser.tjenester import LeveranseNektet

    siste: dict[str, int] = {}
    rader = (
        Inntakskjoring.objects.filter(fylke=fylke, skolear=skolear, publisert=True, simulering=False)
        .order_by("niva", "-runde", "-publisert_tidspunkt", "-pk")
        .values_list("pk", "niva")
    )
    for pk, niva in rader:
        siste.setdefault(niva, pk)
    if not siste:
        raise LeveranseNektet(f"{fylke.navn} har ingen publisert inntaksrunde for {skolear.kode}.")
    return sorted(siste.values())


# --- Søkerfil --------------------------------------------------------------------------------------------------
def _sokere(fylke, skolear) -> Iterator[dict[str, Any]]:
    from inntak.models import Soknad, SoknadStatus

    felt = (
        "pk", "person__fodselsnummer", "person__fodselsdato", "niva", "rettstatus", "sokergruppe",
        "hjemfylke__nummer", "onsker__nr", "onsker__tilbud__skole__skolenummer",
        "onsker__tilbud__programomrade__kode", "onsker__tilbud__programomrade__utdanningsprogram__kode",
        "onsker__tilbud__programomrade__gyldig_til", "onsker__tilbud__programomrade__gyldig_fra",
    )  # fmt: skip
    qs = (
        Soknad.objects.filter(fylke=fylke, skolear=skolear)
        .exclude(status=SoknadStatus.TRUKKET)
        .order_by("pk", "onsker__nr")
        .values_list(*felt)
    )
    for pk, fnr, fdato, niva, rett, gruppe, hjem, nr, skole, po, up, til, fra in qs.iterator(
        chunk_size=CHUNK
    ):
        yield {
            "_post": f"soknad:{pk}", "_start": skolear.startdato, "_gyldig": (til, fra),
            "fylkesnummer": fylke.nummer, "skolear": skolear.kode.replace("-", ""), "soknad_id": pk,
            "fodselsnummer": fnr, "fodselsdato": fdato, "kjonn": kjonn(fnr), "niva": niva, "rettstatus": rett,
            "sokergruppe": gruppe, "hjemfylke": hjem or "", "onske_nr": nr, "skolenummer": skole,
            "programomradekode": po, "utdanningsprogram": up,
        }  # fmt: skip


def kontroll_onsker(rad):
    if rad["onske_nr"] is None:
        yield ("Søknad uten ønsker", F, "Søknaden har ingen ønsker.")
    elif _utgatt(*rad["_gyldig"], rad["_start"]):
        yield ("Utgått programområde", A, f"Ønske {rad['onske_nr']} gjelder programområdet "
               f"{rad['programomradekode']}, som ikke gjelder for skoleåret.")  # fmt: skip


def kontroll_fodselsnummer(rad):
    fnr = rad.get("fodselsnummer") or ""
    if len(fnr) != 11 or not fnr.isdigit():
        yield ("Fødselsnummer mangler", F, "Personen mangler gyldig fødselsnummer (11 siffer).")


FNR = Felt("fodselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer", "A01; R.1 E.1 V.1", 11, "9(11)")
SKOLEAR = Felt("skolear", "kodeverk.Skolear.kode", "Skoleåret søknaden gjelder", "R.2 E.2", 8, "9(8)")
SKOLENR = Felt("skolenummer", "kodeverk.Skole.skolenummer", "Skolenummer", "A06; R.3 E.3", 5, "9(5)")
PO = Felt(
    "programomradekode", "kodeverk.Programomrade.kode", "Programområdekode", "A03; R.4 E.4", 10, "x(10)"
)
FYLKE = Felt("fylkesnummer", "kodeverk.Fylke.nummer", "Fylkesnummer", "", 2, "9(2)")

SOKERFIL = registrer(
    Leveransedefinisjon(
        kode="1L001",
        navn="Søkerfil",
        mottaker="Utdanningsdirektoratet (med SSB)",
        populasjon="Alle søknader i fylket for skoleåret som ikke er trukket, én post per ønske (en søknad uten "
        "ønsker gir én post uten ønskefelt). Kjøres etter registreringsfristen 5. mars og gjelder "
        "søknadene slik de står da («per 1. mars»).",
        felt=(
            FYLKE,
            SKOLEAR,
            Felt("soknad_id", "inntak.Soknad.id", "Intern søknads-id (stabil nøkkel)", "", 10, "9(10)"),
            FNR,
            Felt("fodselsdato", "vigo.Person.fodselsdato", "Fødselsdato", "", 8, "ÅÅÅÅMMDD"),
            Felt("kjonn", "utledet av fødselsnummeret", "Kjønn (M/K)", "", 1, "x(1)"),
            Felt("niva", "inntak.Soknad.niva", "Nivå (VG1, VG2, VG3)", "", 3, "x(3)"),
            Felt("rettstatus", "inntak.Soknad.rettstatus", "Rett", "", 12, "x(12)"),
            Felt("sokergruppe", "inntak.Soknad.sokergruppe", "Søkergruppe", "", 12, "x(12)"),
            Felt("hjemfylke", "inntak.Soknad.hjemfylke", "Hjemfylke for gjestesøkere", "", 2, "9(2)"),
            Felt("onske_nr", "inntak.Onske.nr", "Ønskenummer", "", 2, "9(2)"),
            SKOLENR,
            PO,
            Felt("utdanningsprogram", "kodeverk.Utdanningsprogram.kode", "Utdanningsprogram", "", 2, "x(2)"),
        ),  # fmt: skip
        kilde=_sokere,
        format=Filformat.CSV,
        tegnsett="utf-8",
        filnavn="sokerfil_{fylke}_{skolear}_{dato}.csv",
        kontroller=(kontroll_onsker, kontroll_fodselsnummer),
        arshjul="6. mars: Søkerfil (skole og fagopplæring) per 1. mars til Udir",
        beskrivelse="Søkere og ønskene deres per 1. mars, grunnlag for Udirs søkertall.",
    )
)


# --- Inntaksfil ------------------------------------------------------------------------------------------------
def _inntak(fylke, skolear) -> Iterator[dict[str, Any]]:
    from inntak.models import Tildeling

    ider = _siste_publiserte(fylke, skolear)
    felt = (
        "pk", "soknad_id", "soknad__person__fodselsnummer", "inntakskjoring__niva", "inntakskjoring__runde",
        "tilbud_id", "tilbud__skole__skolenummer", "tilbud__programomrade__kode", "tilbud__programomrade__gyldig_til",
        "tilbud__programomrade__gyldig_fra", "tilbud__status", "onske_nr", "fast_plass", "kvote", "soknad__rettstatus",
    )  # fmt: skip
    qs = Tildeling.objects.filter(inntakskjoring_id__in=ider).order_by("inntakskjoring__niva", "soknad_id")
    for pk, sid, fnr, niva, runde, tid, skole, po, til, fra, status, nr, fast, kvote, rett in qs.values_list(
        *felt
    ).iterator(chunk_size=CHUNK):
        yield {
            "_post": f"tildeling:{pk}", "_start": skolear.startdato, "_gyldig": (til, fra), "_tilbud": tid,
            "_tilbudstatus": status,
            "fylkesnummer": fylke.nummer, "skolear": skolear.kode.replace("-", ""), "soknad_id": sid,
            "fodselsnummer": fnr, "niva": niva, "runde": runde, "resultat": "T" if tid else "U",
            "skolenummer": skole, "programomradekode": po, "onske_nr": nr or None, "fast_plass": fast,
            "kvote": kvote, "rettstatus": rett,
        }  # fmt: skip


def kontroll_tildeling(rad):
    if rad["_tilbud"] is None:
        return
    if _utgatt(*rad["_gyldig"], rad["_start"]):
        yield ("Utgått programområde", F, f"Tildelt plass på programområdet {rad['programomradekode']}, som "
               "ikke gjelder for skoleåret.")  # fmt: skip
    if rad["_tilbudstatus"] == "stengt":
        yield ("Stengt tilbud", A, "Tildelt plass på et tilbud som nå er stengt.")
    if not rad["onske_nr"] and not rad["fast_plass"]:
        yield ("Plass utenfor ønskene", A, "Plassen er verken et av søkerens ønsker eller fast plass.")


INNTAKSFIL = registrer(
    Leveransedefinisjon(
        kode="1L002",
        navn="Inntaksfil",
        mottaker="Utdanningsdirektoratet (med SSB)",
        populasjon="Resultatet av siste publiserte inntaksrunde per nivå for fylket og skoleåret: én post per "
        "søknad i runden, med tildelt tilbud eller «uten plass».",
        felt=(
            FYLKE,
            SKOLEAR,
            Felt("soknad_id", "inntak.Soknad.id", "Intern søknads-id (stabil nøkkel)", "", 10, "9(10)"),
            FNR,
            Felt("niva", "inntak.Inntakskjoring.niva", "Nivå", "", 3, "x(3)"),
            Felt("runde", "inntak.Inntakskjoring.runde", "Inntaksrunde", "", 1, "9(1)"),
            Felt("resultat", "inntak.Tildeling.tilbud", "T = tildelt plass, U = uten plass", "", 1, "x(1)"),
            SKOLENR,
            PO,
            Felt("onske_nr", "inntak.Tildeling.onske_nr", "Ønsket som ble oppfylt", "", 2, "9(2)"),
            Felt("fast_plass", "inntak.Tildeling.fast_plass", "Fast plass etter vedtak (J/N)", "", 1, "x(1)"),
            Felt("kvote", "inntak.Tildeling.kvote", "Kvote (tom = poeng)", "", 12, "x(12)"),
            Felt("rettstatus", "inntak.Soknad.rettstatus", "Rett", "", 12, "x(12)"),
        ),  # fmt: skip
        kilde=_inntak,
        format=Filformat.FAST,
        tegnsett="iso-8859-1",
        filnavn="inntaksfil_{fylke}_{skolear}_{dato}.txt",
        forutsetninger=(Forutsetning("1I001", "skolear"),),
        kontroller=(kontroll_tildeling, kontroll_fodselsnummer),
        arshjul="17./18. juli: Inntaksfil skole og fagopplæring (etter 1. inntak) til Udir; 15. september etter "
        "ajourhold",
        beskrivelse="Plasseringene i siste publiserte inntaksrunde, grunnlag for Udirs inntakstall.",
    )
)


# --- vilbli.no klasseordning -----------------------------------------------------------------------------------
def _klasseordning(fylke, skolear) -> Iterator[dict[str, Any]]:
    from inntak.models import Tilbud

    felt = (
        "pk", "skole__skolenummer", "skole__navn", "programomrade__kode", "programomrade__navn",
        "programomrade__niva", "programomrade__utdanningsprogram__kode", "programomrade__gyldig_til",
        "programomrade__gyldig_fra", "programomrade__landslinje", "plasser", "antall_klasser", "landslinje",
        "inntakskrav", "status",
    )  # fmt: skip
    qs = Tilbud.objects.filter(fylke=fylke, skolear=skolear).order_by(
        "skole__skolenummer", "programomrade__kode", "pk"
    )
    for (
        pk,
        snr,
        snavn,
        po,
        ponavn,
        niva,
        up,
        til,
        fra,
        kan_ll,
        plasser,
        klasser,
        ll,
        krav,
        status,
    ) in qs.values_list(*felt).iterator(chunk_size=CHUNK):
        yield {
            "_post": f"tilbud:{pk}", "_start": skolear.startdato, "_gyldig": (til, fra), "_kan_landslinje": kan_ll,
            "skolear": skolear.kode, "fylkesnummer": fylke.nummer, "tilbud_id": pk, "skolenummer": snr,
            "skolenavn": snavn, "programomradekode": po, "programomradenavn": ponavn, "niva": niva,
            "utdanningsprogram": up, "plasser": plasser, "antall_klasser": klasser, "landslinje": ll,
            "inntakskrav": krav, "apen_for_soking": status == "apen",
        }  # fmt: skip


def kontroll_tilbud(rad):
    if not rad["programomradekode"]:
        yield ("Mangler programområdekode", F, "Tilbudet har ingen programområdekode.")
    elif _utgatt(*rad["_gyldig"], rad["_start"]):
        yield ("Utgått programområde", F, f"Programområdet {rad['programomradekode']} gjelder ikke for "
               f"skoleåret {rad['skolear']}.")  # fmt: skip
    if rad["landslinje"] and not rad["_kan_landslinje"]:
        yield ("Landslinje", A, f"Tilbudet er merket landslinje, men {rad['programomradekode']} er ikke "
               "merket som mulig landslinje i kodeverket.")  # fmt: skip
    if rad["apen_for_soking"] and not rad["plasser"]:
        yield ("Ingen plasser", A, "Tilbudet er åpent for søking, men har 0 plasser.")


VILBLI = registrer(
    Leveransedefinisjon(
        kode="1L003",
        navn="Klasseordning til vilbli.no",
        mottaker="vilbli.no",
        populasjon="Alle tilbud (skole × programområde) i fylkets klasseordning for skoleåret, også "
        "landslinjer og stengte tilbud (merket).",
        felt=(
            Felt("skolear", "kodeverk.Skolear.kode", "Skoleår", "", 9),
            Felt("fylkesnummer", "kodeverk.Fylke.nummer", "Fylkesnummer", "", 2),
            Felt("tilbud_id", "inntak.Tilbud.id", "Intern tilbuds-id (stabil nøkkel)", "", 10),
            Felt("skolenummer", "kodeverk.Skole.skolenummer", "Skolenummer", "A06", 5),
            Felt("skolenavn", "kodeverk.Skole.navn", "Skolens navn", "", 100),
            Felt("programomradekode", "kodeverk.Programomrade.kode", "Programområdekode", "A03", 10),
            Felt("programomradenavn", "kodeverk.Programomrade.navn", "Programområdets navn", "", 300),
            Felt("niva", "kodeverk.Programomrade.niva", "Nivå", "", 4),
            Felt("utdanningsprogram", "kodeverk.Utdanningsprogram.kode", "Utdanningsprogram", "", 2),
            Felt("plasser", "inntak.Tilbud.plasser", "Plasser", "", 4),
            Felt("antall_klasser", "inntak.Tilbud.antall_klasser", "Antall klasser", "", 2),
            Felt("landslinje", "inntak.Tilbud.landslinje", "Landslinje / landsdekkende tilbud", "", 1),
            Felt("inntakskrav", "inntak.Tilbud.inntakskrav", "Inntakskrav", "", 20),
            Felt("apen_for_soking", "inntak.Tilbud.status", "Åpent for søking", "", 1),
        ),
        kilde=_klasseordning,
        format=Filformat.JSON,
        tegnsett="utf-8",
        filnavn="vilbli_klasseordning_{fylke}_{skolear}_{dato}.json",
        forutsetninger=(Forutsetning("1A001", "til_skolear"),),
        kontroller=(kontroll_tilbud,),
        personopplysninger=False,
        tillatelse="inntak.change_tilbud",
        arshjul="4. januar: frist for å legge ut klasseordningen til vilbli.no (KLASSEORDNING_KLAR); landslinjer "
        "kontrolleres innen 2. januar",
        beskrivelse="Klasseordningen for neste skoleår med landslinjer, modellert på FINT Skole/Programomrade.",
    )
)


# --- Inntaksdata til skolene -----------------------------------------------------------------------------------
def _til_skolene(fylke, skolear) -> Iterator[dict[str, Any]]:
    from inntak.models import Tildeling, Venteliste

    ider = _siste_publiserte(fylke, skolear)
    felles = (
        "pk", "tilbud__skole_id", "tilbud__skole__skolenummer", "tilbud__programomrade__kode",
        "tilbud__programomrade__gyldig_til", "tilbud__programomrade__gyldig_fra", "inntakskjoring__niva",
        "inntakskjoring__runde", "onske_nr", "kvote", "soknad_id", "soknad__person__fodselsnummer",
        "soknad__person__etternavn", "soknad__person__fornavn", "soknad__person__mellomnavn",
    )  # fmt: skip
    # Only the county's own schools get a file (a guest applicant's place in another county is that county's).
    egne = Q(inntakskjoring_id__in=ider, tilbud__skole__fylke=fylke)
    tildelt = (
        Tildeling.objects.filter(egne, tilbud__isnull=False)
        .order_by("tilbud__skole__skolenummer", "tilbud__programomrade__kode", "soknad_id")
        .values_list(*felles)
    )
    venter = (
        Venteliste.objects.filter(egne)
        .order_by("tilbud__skole__skolenummer", "tilbud__programomrade__kode", "kvote", "plass")
        .values_list(*felles, "plass")
    )

    def rader(qs, status):
        for r in qs.iterator(chunk_size=CHUNK):
            pk, skole_id, snr, po, til, fra, niva, runde, nr, kvote, sid, fnr, etternavn, fornavn, mellom = r[
                :15
            ]
            yield {
                "_post": f"{'tildeling' if status == 'tildelt' else 'venteliste'}:{pk}", "_skole_id": skole_id,
                "_skolenummer": snr, "_start": skolear.startdato, "_gyldig": (til, fra),
                "skolenummer": snr, "programomradekode": po, "niva": niva, "runde": runde, "status": status,
                "ventelisteplass": r[15] if len(r) > 15 else None, "onske_nr": nr or None, "kvote": kvote,
                "soknad_id": sid, "fodselsnummer": fnr, "etternavn": etternavn, "fornavn": fornavn,
                "mellomnavn": mellom,
            }  # fmt: skip

    return chain(rader(tildelt, "tildelt"), rader(venter, "venteliste"))


def kontroll_skoleplass(rad):
    if rad["status"] == "tildelt" and _utgatt(*rad["_gyldig"], rad["_start"]):
        yield ("Utgått programområde", F, f"Elev tatt inn på programområdet {rad['programomradekode']}, som "
               "ikke gjelder for skoleåret.")  # fmt: skip


SKOLENE = registrer(
    Leveransedefinisjon(
        kode="1L004",
        navn="Inntaksdata til skolene",
        mottaker="Fylkets videregående skoler",
        populasjon="Siste publiserte inntaksrunde per nivå: elever tatt inn og søkere på venteliste til tilbud "
        "ved fylkets egne skoler, én fil per skole.",
        felt=(
            Felt("skolenummer", "kodeverk.Skole.skolenummer", "Skolenummer", "A06", 5),
            Felt("programomradekode", "kodeverk.Programomrade.kode", "Programområdekode", "A03", 10),
            Felt("niva", "inntak.Inntakskjoring.niva", "Nivå", "", 3),
            Felt("runde", "inntak.Inntakskjoring.runde", "Inntaksrunde", "", 1),
            Felt("status", "inntak.Tildeling / inntak.Venteliste", "tildelt eller venteliste", "", 10),
            Felt("ventelisteplass", "inntak.Venteliste.plass", "Plass på ventelisten", "", 4),
            Felt("onske_nr", "inntak.Tildeling.onske_nr / inntak.Venteliste.onske_nr", "Ønskenummer", "", 2),
            Felt("kvote", "inntak.Tildeling.kvote", "Kvote (tom = poeng)", "", 12),
            Felt("soknad_id", "inntak.Soknad.id", "Intern søknads-id", "", 10),
            Felt("fodselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer", "A01", 11),
            Felt("etternavn", "vigo.Person.etternavn", "Etternavn", "", 100),
            Felt("fornavn", "vigo.Person.fornavn", "Fornavn", "", 100),
            Felt("mellomnavn", "vigo.Person.mellomnavn", "Mellomnavn", "", 100),
        ),
        kilde=_til_skolene,
        format=Filformat.CSV,
        tegnsett="utf-8",
        filnavn="inntak_skole_{skole}_{skolear}_{dato}.csv",
        forutsetninger=(Forutsetning("1I001", "skolear"),),
        kontroller=(kontroll_skoleplass, kontroll_fodselsnummer),
        per_skole=True,
        arshjul="Etter hvert publiserte inntak (1. inntak i juli, deretter hver runde)",
        beskrivelse="Elevene skolen har tatt inn og ventelistene, til skolens administrative system.",
    )
)
