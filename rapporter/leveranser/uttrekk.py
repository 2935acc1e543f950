"""The configurable plain extracts of the årshjul: FPVS, Rambøll, Conexus, Evry and Digdir (1L030–1L034).

All five formats are closed (elev-og-eksport.md §8, §10: «plain extracts of person + elevkurs + contract»): the
layouts here are our documented model (docs/leveranser/uttrekk.md). One engine serves them: each extract names its
populations from the ad-hoc catalogue (``rapporter.adhoc.katalog``) and the rows that belong; the county chooses the
columns per extract with the system parameter ``rapporter.uttrekk.<kode>.kolonner`` (column keys of the catalogue,
comma-separated; a key a population lacks is skipped for that population's file). The run reads the parameter through
``Leveransedefinisjon.felt_for``, so the file header follows the county's choice.

Rows are Python rows read with ``values_list(...).iterator()``: a county's søkere, elevkurs or contracts are tens of
thousands, and the per-record controls (fødselsnummer, address) need them anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from rapporter.adhoc import katalog
from rapporter.adhoc.katalog import Populasjon
from rapporter.leveranser.definisjon import Delfil, Felt, Leveransedefinisjon, registrer
from vigo.fodselsnummer import feilmelding
from vigo.parametere import Parameter, Type
from vigo.parametere import registrer as registrer_parameter

CHUNK = 2000
F, A = "FEIL", "ADVARSEL"
LAYOUT = "Dokumentert modell (formatet er lukket): felt fra VIGOs katalog, valgt av fylket"


def parameternokkel(kode: str) -> str:
    return f"rapporter.uttrekk.{kode}.kolonner"


@dataclass(frozen=True)
class Del:
    """One population of an extract: which rows (``utvalg(fylke, skolear)`` on the population's county rows) and
    which file («» the main file, otherwise a ``Delfil`` key). ``gruppe`` fills the file's «gruppe» field, if any."""

    fil: str
    populasjon: Populasjon
    utvalg: Callable[[QuerySet, Any], QuerySet]
    gruppe: str = ""


@dataclass(frozen=True)
class Uttrekksdelfil(Delfil):
    """A Delfil whose fields follow the county's column choice too (engine support: see docs/leveranser/uttrekk.md)."""

    felt_for: Callable[[Any, Any], tuple[Felt, ...]] | None = None

    def felt_i_kjoring(self, fylke, skolear) -> tuple[Felt, ...]:
        return self.felt_for(fylke, skolear) if self.felt_for is not None else self.felt


GRUPPE = Felt("gruppe", "utledet", "Hvilken populasjon raden kommer fra (privatskoleelev, søker, lærling)")


# --- the column choice -----------------------------------------------------------------------------------------
def kolonner_fra_tekst(tekst: str) -> list[str]:
    return [n.strip() for n in (tekst or "").replace(";", ",").replace("\n", ",").split(",") if n.strip()]


def _validator(populasjoner: tuple[Populasjon, ...]) -> Callable[[Any], None]:
    kjente = {k.nokkel for p in populasjoner for k in p.kolonner}

    def valider(verdi) -> None:
        nokler = kolonner_fra_tekst(verdi)
        ukjente = [n for n in nokler if n not in kjente]
        if ukjente:
            raise ValidationError(
                f"Ukjente kolonner: {', '.join(ukjente)}. Gyldige kolonner: {', '.join(sorted(kjente))}."
            )
        if not nokler:
            raise ValidationError("Velg minst én kolonne.")

    return valider


def valgte_kolonner(kode: str, fylke, skolear) -> list[str]:
    from vigo.parametere.selectors import parameter

    return kolonner_fra_tekst(parameter(fylke, skolear, parameternokkel(kode)))


def _felt(populasjoner: tuple[Populasjon, ...], nokler: list[str], gruppe: bool = False) -> tuple[Felt, ...]:
    """The file's fields in the chosen order; a key comes from the first of the file's populations that has it."""
    felt = [GRUPPE] if gruppe else []
    for n in nokler:
        for p in populasjoner:
            if (k := p.kolonne(n)) is not None:
                felt.append(Felt(k.nokkel, f"{p.modell()._meta.label}.{k.kilde}", str(k.etikett)))
                break
    return tuple(felt)


def _felt_for(kode: str, populasjoner: tuple[Populasjon, ...], gruppe: bool = False):
    return lambda fylke, skolear: _felt(populasjoner, valgte_kolonner(kode, fylke, skolear), gruppe)


# --- rows ------------------------------------------------------------------------------------------------------
def _kilde(kode: str, deler: tuple[Del, ...]) -> Callable[[Any, Any], Iterator[dict[str, Any]]]:
    def kilde(fylke, skolear) -> Iterator[dict[str, Any]]:
        valgte = valgte_kolonner(kode, fylke, skolear)
        for d in deler:
            p = d.populasjon
            kolonner = [k for n in valgte if (k := p.kolonne(n)) is not None]
            qs = d.utvalg(p.for_fylke(fylke), skolear).order_by("pk")
            ps = p.person_sti
            ekstra = ("pk", f"{ps}fodselsnummer", f"{ps}adresse", f"{ps}postnummer")
            for rad in qs.values_list(*ekstra, *[k.uttrykk() for k in kolonner]).iterator(chunk_size=CHUNK):
                pk, fnr, adresse, postnummer, *verdier = rad
                ut = {k.nokkel: v for k, v in zip(kolonner, verdier, strict=True)}
                ut.update(_post=f"{p.post}:{pk}", _fil=d.fil, _fnr=fnr, _adresse=(adresse, postnummer),
                          gruppe=d.gruppe)  # fmt: skip
                yield ut

    return kilde


# --- controls --------------------------------------------------------------------------------------------------
def kontroll_fodselsnummer(rad):
    melding = feilmelding(rad.get("_fnr") or "")
    if melding:
        yield ("Ugyldig fødselsnummer", F, str(melding))


def kontroll_adresse(rad):
    adresse, postnummer = rad.get("_adresse") or ("", "")
    if not adresse or not postnummer:
        yield (
            "Mangler adresse",
            A,
            "Personen mangler adresse eller postnummer; brev og adressevask kan ikke nå frem.",
        )


# --- the populations' rows -------------------------------------------------------------------------------------
def _sokere(qs, skolear):
    return qs.filter(skolear=skolear).exclude(status="trukket")


def _elever(qs, skolear):
    return qs.filter(skolear=skolear)


def _kontrakter_i_aret(qs, skolear):
    """Contracts whose læretid overlaps the school year (not cancelled)."""
    return qs.filter(laeretid_fra__lte=skolear.sluttdato, laeretid_til__gte=skolear.startdato).exclude(
        status="annullert"
    )


def _fullfort_vgs(qs, skolear):
    """FPVS: completed upper secondary in the year: fullførtkode B on Vg3, or a vitnemål."""
    return qs.filter(skolear=skolear, fullfortkode="B").filter(
        Q(programomrade__niva="VG3") | Q(bevistype="VM")
    )


def _privatskoleelever(qs, skolear):
    return qs.filter(skolear=skolear, skole__privat=True)


def _lopende_kontrakter(qs, skolear):
    idag = timezone.localdate()
    return qs.filter(status="godkjent", laeretid_til__gte=idag, avsluttet_dato__isnull=True)


def _avgangselever(qs, skolear):
    """Digdir: next year's Vg1 applicants who finish lower secondary school (born the year the school year starts,
    minus 16; the preutfylte søknader of 5A006 included)."""
    fodt = skolear.startdato.year - 16
    return _sokere(qs, skolear).filter(niva="VG1", person__fodselsdato__year=fodt)


# --- the extracts ----------------------------------------------------------------------------------------------
PERSON = ["fodselsnummer", "navn"]
ADRESSE = ["adresse", "postnummer", "poststed"]
STANDARD = {
    "1L030": [*PERSON, "fodselsdato", "skolear", "skolenummer", "skole", "programomradekode", "programomrade",
              "bevistype", "fullfortkode"],
    "1L031": [*PERSON, "fodselsdato", "kommune", "skolear", "skolenummer", "programomradekode", "utdanningsprogram",
              "niva", "status", "elevstatus", "fullfortkode", "orgnr", "laeretid_fra", "laeretid_til"],
    "1L033": [*PERSON, *ADRESSE],
    "1L034": [*PERSON, *ADRESSE, "kommune"],
}  # fmt: skip
STANDARD["1L032"] = STANDARD["1L031"]

S, E, K = katalog.SOKERE, katalog.ELEVER, katalog.KONTRAKTER


def _registrer(kode: str, navn: str, mottaker: str, populasjon: str, deler: tuple[Del, ...], filnavn: str,
               kontroller, arshjul: str, beskrivelse: str, delfilnavn: dict[str, str] | None = None,
               gruppe: bool = False) -> Leveransedefinisjon:  # fmt: skip
    pops = tuple(dict.fromkeys(d.populasjon for d in deler))
    registrer_parameter(
        Parameter(
            parameternokkel(kode), f"Kolonner i {navn} ({kode})", Type.TEKST, standard=", ".join(STANDARD[kode]),
            omrade="inntak", maks_lengde=1000, valider=_validator(pops),
            hjelp="Kolonnenøkler fra listekatalogen, skilt med komma, i filens rekkefølge. En kolonne en populasjon "
            "ikke har, utelates i den populasjonens fil. Gyldige kolonner: "
            + ", ".join(sorted({k.nokkel for p in pops for k in p.kolonner})) + ".",
        )
    )  # fmt: skip
    hoved = tuple(dict.fromkeys(d.populasjon for d in deler if d.fil == ""))
    delfiler = tuple(
        Uttrekksdelfil(d.fil, (delfilnavn or {}).get(d.fil, d.fil), _felt((d.populasjon,), STANDARD[kode]),
                       filnavn.replace("{kode}", f"{{kode}}_{d.fil}"), felt_for=_felt_for(kode, (d.populasjon,)))
        for d in deler if d.fil
    )  # fmt: skip
    return registrer(
        Leveransedefinisjon(
            kode=kode, navn=navn, mottaker=mottaker, populasjon=populasjon,
            felt=_felt(hoved, STANDARD[kode], gruppe), felt_for=_felt_for(kode, hoved, gruppe), kilde=_kilde(kode, deler), filnavn=filnavn,
            delfiler=delfiler, kontroller=kontroller, layout=LAYOUT, arshjul=arshjul, beskrivelse=beskrivelse,
            ekstra={"parameter": parameternokkel(kode)},
        )
    )  # fmt: skip


FPVS = _registrer(
    "1L030", "FPVS: fullført videregående", "Forsvarets personell- og vernepliktssenter (FPVS)",
    "Elevkurs i skoleåret med fullførtkode B på Vg3 eller med vitnemål (bevistype VM).",
    (Del("", E, _fullfort_vgs),), "{kode}_fpvs_{fylke}_{skolear}_{dato}.csv", (kontroll_fodselsnummer,),
    "5. juli, 5. oktober, 5. desember, 1. mars: fullført videregående til FPVS",
    "Hvem som har fullført videregående opplæring, til vernepliktsverket.",
)  # fmt: skip

_ANALYSE = (Del("", S, _sokere), Del("elever", E, _elever), Del("kontrakter", K, _kontrakter_i_aret))
_ANALYSE_FILER = {"elever": "Elevdata", "kontrakter": "Fagopplæringsdata"}
_ANALYSE_POP = ("Søkerdata (søknader i skoleåret som ikke er trukket), elevdata (elevkurs i skoleåret) og "
                "fagopplæringsdata (kontrakter med læretid i skoleåret), én fil per populasjon.")  # fmt: skip

RAMBOLL = _registrer(
    "1L031", "Rambøll: søker-, elev- og fagopplæringsdata", "Rambøll (Hjernen & Hjertet)", _ANALYSE_POP, _ANALYSE,
    "{kode}_ramboll_{fylke}_{skolear}_{dato}.csv", (kontroll_fodselsnummer,),
    "Flere ganger i året (august, september, oktober, november …): data til fylkenes analyseverktøy",
    "Grunnlag for analyseverktøyet Hjernen & Hjertet.", _ANALYSE_FILER,
)  # fmt: skip

CONEXUS = _registrer(
    "1L032", "Conexus: søker-, elev- og fagopplæringsdata", "Conexus (PULS)", _ANALYSE_POP, _ANALYSE,
    "{kode}_conexus_{fylke}_{skolear}_{dato}.csv", (kontroll_fodselsnummer,),
    "Flere ganger i året (juli, august, september, oktober, november, februar): data til PULS",
    "Grunnlag for analyseverktøyet PULS.", _ANALYSE_FILER,
)  # fmt: skip

EVRY = _registrer(
    "1L033", "Evry: adressevask", "Evry (adressevask mot Folkeregisteret)",
    "Privatskoleelever i skoleåret, søkere i skoleåret som ikke har trukket søknaden, og løpende lærekontrakter: "
    "én fil, feltet «gruppe» sier hvilken populasjon raden kommer fra.",
    (Del("", E, _privatskoleelever, "privatskoleelev"), Del("", S, _sokere, "soker"),
     Del("", K, _lopende_kontrakter, "laerling")),
    "{kode}_evry_{fylke}_{skolear}_{dato}.csv", (kontroll_fodselsnummer, kontroll_adresse),
    "Oktober og april (privatskoleelever), 5. desember og 2. mars (søkerdata og løpende kontrakter)",
    "Adressene vaskes mot Folkeregisteret; fylket oppdaterer deretter adresser og rett.", gruppe=True,
)  # fmt: skip

DIGDIR = _registrer(
    "1L034", "Digdir: avgangselever for MinID-brev", "Digitaliseringsdirektoratet (Digdir)",
    "Søkere til Vg1 i skoleåret som går ut av grunnskolen (født skoleårets startår minus 16), også de "
    "preutfylte søknadene fra 5A006, så lenge søknaden ikke er trukket.",
    (Del("", S, _avgangselever),), "{kode}_digdir_{fylke}_{skolear}_{dato}.csv",
    (kontroll_fodselsnummer, kontroll_adresse),
    "5. desember (etter preutfylling 5A006): avgangselever til Digdir for utsending av MinID-koder",
    "Avgangselevene får brev med MinID-kode før søknadsfristen.",
)  # fmt: skip

UTTREKK = (FPVS, RAMBOLL, CONEXUS, EVRY, DIGDIR)
