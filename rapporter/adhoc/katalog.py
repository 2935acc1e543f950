"""The declared catalogue of ad-hoc lists: which populations a caseworker may list, the filters each offers and the
columns it can show. The list pages (``rapporter.adhoc.views``) and the configurable extracts
(``rapporter.leveranser.uttrekk``) read only this declaration, so a column added here is available to both.

A column is an ORM path (or an expression factory) for ``values_list``; ``person=True`` marks personal data
(fødselsnummer, name, address, phone, e-mail): a preview showing such a column is audited as a search. Column keys
are shared across populations (``fodselsnummer`` means the same everywhere), so an extract over several populations
can name its columns once (docs/adhoc.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import CharField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigo.scoping import avgrens


@dataclass(frozen=True)
class Kolonne:
    nokkel: str
    etikett: Any
    sti: str | Callable[[], Any]  # ORM path, or a factory of an expression (a fresh one per query)
    person: bool = False
    standard: bool = False
    valg: Callable[[], dict] | None = None  # code -> label, for columns holding a code

    def uttrykk(self):
        return self.sti() if callable(self.sti) else self.sti

    @property
    def kilde(self) -> str:
        """The source as documentation text (the extract's Felt.kilde)."""
        return self.sti if isinstance(self.sti, str) else f"utledet ({self.nokkel})"


@dataclass(frozen=True)
class Filter:
    """One filter: ``type`` is «valg» (one choice), «dato» or «ja_nei»; ``q(verdi)`` turns the cleaned value into a
    filter; ``valg(bruker)`` gives the choices (names, not codes) from the code lists, scoped to the user."""

    nokkel: str
    etikett: Any
    type: str
    q: Callable[[Any], Q]
    valg: Callable[[Any], list[tuple[str, str]]] | None = None
    hjelp: Any = ""


@dataclass(frozen=True)
class Populasjon:
    nokkel: str
    navn: Any
    beskrivelse: Any
    tillatelse: str
    modell: Callable[[], Any]  # lazy: the apps are not loaded when this module is imported
    fylke_sti: str  # the county that owns a row (the extracts run per county without a user)
    sortering: tuple[str, ...]
    filtre: tuple[Filter, ...]
    kolonner: tuple[Kolonne, ...]
    post: str = ""  # prefix of the stable internal reference ("elevkurs:123") in extracts and controls
    person_sti: str = "person__"

    def grunnlag(self, bruker) -> QuerySet:
        """The rows the user may see (county for county users, school for school users, all for sysadmin)."""
        return avgrens(self.modell()._default_manager.all(), bruker)

    def for_fylke(self, fylke) -> QuerySet:
        return self.modell()._default_manager.filter(**{self.fylke_sti: fylke})

    def kolonne(self, nokkel: str) -> Kolonne | None:
        return next((k for k in self.kolonner if k.nokkel == nokkel), None)

    @property
    def standardkolonner(self) -> list[str]:
        return [k.nokkel for k in self.kolonner if k.standard]

    def synlig_for(self, bruker) -> bool:
        return bool(bruker and bruker.is_authenticated and bruker.has_perm(self.tillatelse))


# --- helpers ---------------------------------------------------------------------------------------------------
def lik(sti: str) -> Callable[[Any], Q]:
    return lambda verdi: Q(**{sti: verdi})


def ja_nei(q: Q) -> Callable[[bool], Q]:
    return lambda verdi: q if verdi else ~q


def _skolear_valg(bruker) -> list[tuple[str, str]]:
    from kodeverk.models import Skolear

    return [(k, k) for k in Skolear.objects.order_by("-kode").values_list("kode", flat=True)]


def _skole_valg(bruker) -> list[tuple[str, str]]:
    from kodeverk.models import Skole

    qs = avgrens(Skole.objects.all(), bruker).order_by("navn")
    return [(str(pk), navn) for pk, navn in qs.values_list("pk", "navn")]


def _utdanningsprogram_valg(bruker) -> list[tuple[str, str]]:
    from kodeverk.models import Utdanningsprogram

    return [(str(pk), n) for pk, n in Utdanningsprogram.objects.order_by("navn").values_list("pk", "navn")]


def _programomrade_valg(niva: tuple[str, ...] = ()) -> Callable[[Any], list[tuple[str, str]]]:
    def valg(bruker) -> list[tuple[str, str]]:
        from kodeverk.models import Programomrade

        idag = timezone.localdate()
        qs = Programomrade.objects.filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=idag))
        if niva:
            qs = qs.filter(niva__in=niva)
        # Names, with the level to tell Vg1/Vg2 programmes of the same name apart.
        return [
            (str(pk), f"{n} ({nv})")
            for pk, n, nv in qs.order_by("navn", "niva").values_list("pk", "navn", "niva")
        ]

    return valg


def _kodeliste(modellsti: str) -> Callable[[Any], list[tuple[str, str]]]:
    def valg(bruker) -> list[tuple[str, str]]:
        from django.apps import apps

        modell = apps.get_model(modellsti)
        return [
            (str(pk), n)
            for pk, n in modell.objects.filter(aktiv=True).order_by("navn").values_list("pk", "navn")
        ]

    return valg


def _skolear_q(datofra: str, datotil: str) -> Callable[[str], Q]:
    """A period (læretid, contract) overlapping the school year."""

    def q(kode: str) -> Q:
        from kodeverk.models import Skolear

        ar = Skolear.objects.filter(kode=kode).values_list("startdato", "sluttdato").first()
        if ar is None:
            return Q(pk__in=[])
        return Q(**{f"{datofra}__lte": ar[1]}) & (
            Q(**{f"{datotil}__gte": ar[0]}) | Q(**{f"{datotil}__isnull": True})
        )

    return q


def personkolonner(p: str) -> tuple[Kolonne, ...]:
    """The person columns every population has (``p`` is the path to vigo.Person, e.g. "person__")."""

    def navn():
        # CONCAT_WS skips NULLs: an empty middle name becomes NULL, so there is no double space.
        deler = (F(f"{p}fornavn"), NullIf(F(f"{p}mellomnavn"), Value("")), F(f"{p}etternavn"))
        return Func(Value(" "), *deler, function="CONCAT_WS", output_field=CharField())

    return (
        Kolonne("fodselsnummer", _("Fødselsnummer"), f"{p}fodselsnummer", person=True, standard=True),
        Kolonne("navn", _("Navn"), navn, person=True, standard=True),
        Kolonne("fornavn", _("Fornavn"), f"{p}fornavn", person=True),
        Kolonne("etternavn", _("Etternavn"), f"{p}etternavn", person=True),
        Kolonne("fodselsdato", _("Fødselsdato"), f"{p}fodselsdato"),
        Kolonne("adresse", _("Adresse"), f"{p}adresse", person=True),
        Kolonne("postnummer", _("Postnummer"), f"{p}postnummer", person=True),
        Kolonne("poststed", _("Poststed"), f"{p}poststed", person=True),
        Kolonne("kommune", _("Bostedskommune"), f"{p}kommune__navn"),
        Kolonne("epost", _("E-post"), f"{p}epost", person=True),
        Kolonne("mobil", _("Mobil"), f"{p}mobil", person=True),
    )


def _forste_onske(sti: str):
    def uttrykk():
        from inntak.models import Onske

        return Subquery(Onske.objects.filter(soknad=OuterRef("pk")).order_by("nr").values(sti)[:1])

    return uttrykk


def _har_onske(sti: str) -> Callable[[Any], Q]:
    def q(verdi) -> Q:
        from inntak.models import Onske

        return Q(Exists(Onske.objects.filter(soknad=OuterRef("pk"), **{sti: verdi})))

    return q


def _modell(label: str) -> Callable[[], Any]:
    return lambda: apps.get_model(label)


def _feltvalg(label: str, felt: str) -> Callable[[], dict]:
    """A model field's choices as code -> name (a column's display)."""
    return lambda: {k: str(v) for k, v in apps.get_model(label)._meta.get_field(felt).choices}


def _feltchoices(label: str, felt: str) -> Callable[[Any], list[tuple[str, str]]]:
    """A model field's choices for a filter."""
    return lambda bruker: [(str(k), str(v)) for k, v in apps.get_model(label)._meta.get_field(felt).choices]


# fmt: off
FYLKE_KOLONNE = "fylke"

SOKERE = Populasjon(
    nokkel="sokere",
    navn=_("Søkere"),
    beskrivelse=_("Søknader til videregående opplæring, én rad per søknad, med første ønske."),
    tillatelse="inntak.view_soknad",
    modell=_modell("inntak.Soknad"),
    fylke_sti="fylke",
    sortering=("person__etternavn", "person__fornavn", "pk"),
    post="soknad",
    filtre=(
        Filter("skolear", _("Skoleår"), "valg", lik("skolear__kode"), _skolear_valg),
        Filter("skole", _("Skole (et av ønskene)"), "valg", _har_onske("tilbud__skole_id"), _skole_valg),
        Filter("utdanningsprogram", _("Utdanningsprogram (et av ønskene)"), "valg",
               _har_onske("tilbud__programomrade__utdanningsprogram_id"), _utdanningsprogram_valg),
        Filter("programomrade", _("Programområde (et av ønskene)"), "valg", _har_onske("tilbud__programomrade_id"),
               _programomrade_valg(("VG1", "VG2", "VG3"))),
        Filter("niva", _("Nivå"), "valg", lik("niva"), _feltchoices("inntak.Soknad", "niva")),
        Filter("status", _("Søknadsstatus"), "valg", lik("status"), _feltchoices("inntak.Soknad", "status")),
        Filter("rettstatus", _("Rettstatus"), "valg", lik("rettstatus"), _feltchoices("inntak.Soknad", "rettstatus")),
        Filter("registrert_fra", _("Registrert fra og med"), "dato", lik("registrert__date__gte")),
        Filter("registrert_til", _("Registrert til og med"), "dato", lik("registrert__date__lte")),
        Filter("voksen", _("Voksen (25 år eller mer)"), "ja_nei", ja_nei(Q(voksen=True))),
    ),
    kolonner=(
        *personkolonner("person__"),
        Kolonne(FYLKE_KOLONNE, _("Fylke"), "fylke__navn"),
        Kolonne("skolear", _("Skoleår"), "skolear__kode", standard=True),
        Kolonne("niva", _("Nivå"), "niva", standard=True, valg=_feltvalg("inntak.Soknad", "niva")),
        Kolonne("status", _("Søknadsstatus"), "status", standard=True, valg=_feltvalg("inntak.Soknad", "status")),
        Kolonne("rettstatus", _("Rettstatus"), "rettstatus", valg=_feltvalg("inntak.Soknad", "rettstatus")),
        Kolonne("sokergruppe", _("Søkergruppe"), "sokergruppe", valg=_feltvalg("inntak.Soknad", "sokergruppe")),
        Kolonne("hjemfylke", _("Hjemfylke"), "hjemfylke__navn"),
        Kolonne("skole", _("Skole (1. ønske)"), _forste_onske("tilbud__skole__navn"), standard=True),
        Kolonne("skolenummer", _("Skolenummer (1. ønske)"), _forste_onske("tilbud__skole__skolenummer")),
        Kolonne("programomrade", _("Programområde (1. ønske)"), _forste_onske("tilbud__programomrade__navn"),
                standard=True),
        Kolonne("programomradekode", _("Programområdekode (1. ønske)"), _forste_onske("tilbud__programomrade__kode")),
        Kolonne("utdanningsprogram", _("Utdanningsprogram (1. ønske)"),
                _forste_onske("tilbud__programomrade__utdanningsprogram__navn")),
        Kolonne("registrert", _("Registrert"), "registrert"),
    ),
)


def _aktiv_elev() -> Q:
    return Q(avbruddsdato__isnull=True) | Q(avbruddsdato__gt=timezone.localdate())


ELEVER = Populasjon(
    nokkel="elever",
    navn=_("Elever (elevkurs)"),
    beskrivelse=_("Elevkurs i elevregisteret: én rad per elev, skole, programområde og skoleår."),
    tillatelse="elev.view_elevforhold",
    modell=_modell("elev.Elevforhold"),
    fylke_sti="skole__fylke",
    sortering=("person__etternavn", "person__fornavn", "pk"),
    post="elevkurs",
    filtre=(
        Filter("skolear", _("Skoleår"), "valg", lik("skolear__kode"), _skolear_valg),
        Filter("skole", _("Skole"), "valg", lik("skole_id"), _skole_valg),
        Filter("utdanningsprogram", _("Utdanningsprogram"), "valg", lik("programomrade__utdanningsprogram_id"),
               _utdanningsprogram_valg),
        Filter("programomrade", _("Programområde"), "valg", lik("programomrade_id"),
               _programomrade_valg(("VG1", "VG2", "VG3", "VG4"))),
        Filter("niva", _("Nivå"), "valg", lik("programomrade__niva"), _feltchoices("kodeverk.Programomrade", "niva")),
        Filter("elevstatus", _("Elevstatus"), "valg", lik("elevstatus_id"), _kodeliste("kodeverk.Elevstatus")),
        Filter("fullfortkode", _("Fullførtkode"), "valg", lik("fullfortkode"), _feltchoices("elev.Elevforhold", "fullfortkode")),
        Filter("bevistype", _("Bevistype"), "valg", lik("bevistype"), _feltchoices("elev.Elevforhold", "bevistype")),
        Filter("startdato_fra", _("Startdato fra og med"), "dato", lik("startdato__gte")),
        Filter("startdato_til", _("Startdato til og med"), "dato", lik("startdato__lte")),
        Filter("aktiv", _("Aktiv (ikke avbrutt)"), "ja_nei", lambda v: _aktiv_elev() if v else ~_aktiv_elev()),
        Filter("privatskole", _("Privatskole"), "ja_nei", ja_nei(Q(skole__privat=True))),
    ),
    kolonner=(
        *personkolonner("person__"),
        Kolonne(FYLKE_KOLONNE, _("Fylke"), "skole__fylke__navn"),
        Kolonne("skolear", _("Skoleår"), "skolear__kode", standard=True),
        Kolonne("skole", _("Skole"), "skole__navn", standard=True),
        Kolonne("skolenummer", _("Skolenummer"), "skole__skolenummer"),
        Kolonne("privatskole", _("Privatskole"), "skole__privat"),
        Kolonne("programomrade", _("Programområde"), "programomrade__navn", standard=True),
        Kolonne("programomradekode", _("Programområdekode"), "programomrade__kode"),
        Kolonne("utdanningsprogram", _("Utdanningsprogram"), "programomrade__utdanningsprogram__navn"),
        Kolonne("niva", _("Nivå"), "programomrade__niva", valg=_feltvalg("kodeverk.Programomrade", "niva")),
        Kolonne("klasse", _("Klasse"), "klasse"),
        Kolonne("startdato", _("Startdato"), "startdato"),
        Kolonne("avbruddsdato", _("Avbruddsdato"), "avbruddsdato"),
        Kolonne("elevstatus", _("Elevstatus"), "elevstatus__navn", standard=True),
        Kolonne("fullfortkode", _("Fullførtkode"), "fullfortkode", valg=_feltvalg("elev.Elevforhold", "fullfortkode")),
        Kolonne("bevistype", _("Bevistype"), "bevistype", valg=_feltvalg("elev.Elevforhold", "bevistype")),
        Kolonne("kursprosent", _("Kursprosent"), "kursprosent"),
        Kolonne("deltid", _("Deltidselev"), "deltid"),
    ),
)


def _lopende() -> Q:
    """A contract in force today: approved, læretid not ended and not closed."""
    idag = timezone.localdate()
    return Q(status="godkjent", laeretid_til__gte=idag, avsluttet_dato__isnull=True)


KONTRAKTER = Populasjon(
    nokkel="kontrakter",
    navn=_("Lærlinger og kontrakter"),
    beskrivelse=_("Lærekontrakter og opplæringskontrakter: én rad per kontrakt."),
    tillatelse="fagopplaering.view_kontrakt",
    modell=_modell("fagopplaering.Kontrakt"),
    fylke_sti="fylke",
    sortering=("person__etternavn", "person__fornavn", "pk"),
    post="kontrakt",
    filtre=(
        Filter("skolear", _("Læretid i skoleåret"), "valg", _skolear_q("laeretid_fra", "laeretid_til"), _skolear_valg),
        Filter("utdanningsprogram", _("Utdanningsprogram"), "valg", lik("programomrade__utdanningsprogram_id"),
               _utdanningsprogram_valg),
        Filter("programomrade", _("Lærefag"), "valg", lik("programomrade_id"), _programomrade_valg(("LAER",))),
        Filter("kontraktstype", _("Kontraktstype"), "valg", lik("kontraktstype_id"),
               _kodeliste("fagopplaering.Kontraktstype")),
        Filter("status", _("Kontraktstatus"), "valg", lik("status"), _feltchoices("fagopplaering.Kontrakt", "status")),
        Filter("lopende", _("Løpende i dag"), "ja_nei", lambda v: _lopende() if v else ~_lopende()),
        Filter("laeretid_fra", _("Læretid fra og med"), "dato", lik("laeretid_fra__gte")),
        Filter("laeretid_til", _("Læretid til og med"), "dato", lik("laeretid_til__lte")),
    ),
    kolonner=(
        *personkolonner("person__"),
        Kolonne(FYLKE_KOLONNE, _("Fylke"), "fylke__navn"),
        Kolonne("programomrade", _("Lærefag"), "programomrade__navn", standard=True),
        Kolonne("programomradekode", _("Lærefagkode"), "programomrade__kode"),
        Kolonne("utdanningsprogram", _("Utdanningsprogram"), "programomrade__utdanningsprogram__navn"),
        Kolonne("bedrift", _("Lærebedrift"), "bedrift__navn", standard=True),
        Kolonne("orgnr", _("Organisasjonsnummer"), "bedrift__orgnr"),
        Kolonne("kontraktstype", _("Kontraktstype"), "kontraktstype__navn"),
        Kolonne("status", _("Kontraktstatus"), "status", standard=True, valg=_feltvalg("fagopplaering.Kontrakt", "status")),
        Kolonne("laeretid_fra", _("Læretid fra"), "laeretid_fra", standard=True),
        Kolonne("laeretid_til", _("Læretid til"), "laeretid_til", standard=True),
        Kolonne("godkjent_dato", _("Godkjent dato"), "godkjent_dato"),
        Kolonne("avsluttet_dato", _("Avsluttet dato"), "avsluttet_dato"),
    ),
)


def _kommune_valg(bruker) -> list[tuple[str, str]]:
    from kodeverk.models import Kommune

    qs = Kommune.objects.order_by("navn")
    if not bruker.er_systemadministrator:
        qs = qs.filter(fylke_id=bruker.fylke_id)
    return [(str(pk), navn) for pk, navn in qs.values_list("pk", "navn")]


def _godkjent_i(sti: str) -> Callable[[Any], Q]:
    """Companies with a valid approval (in any county the user sees the company through) for the lærefag/programme."""

    def q(verdi) -> Q:
        from fagopplaering.models import Godkjenning

        return Q(
            Exists(Godkjenning.objects.filter(bedrift=OuterRef("pk"), status="godkjent", **{sti: verdi}))
        )

    return q


BEDRIFTER = Populasjon(
    nokkel="bedrifter",
    navn=_("Lærebedrifter"),
    beskrivelse=_("Lærebedrifter og opplæringskontorer fylket ser: én rad per bedrift."),
    tillatelse="fagopplaering.view_bedrift",
    modell=_modell("fagopplaering.Bedrift"),
    fylke_sti="kommune__fylke",
    sortering=("navn", "pk"),
    post="bedrift",
    person_sti="",
    filtre=(
        Filter("kommune", _("Kommune"), "valg", lik("kommune_id"), _kommune_valg),
        Filter("type", _("Type"), "valg", lik("type"), _feltchoices("fagopplaering.Bedrift", "type")),
        Filter("programomrade", _("Godkjent i lærefag"), "valg", _godkjent_i("programomrade_id"),
               _programomrade_valg(("LAER",))),
        Filter("utdanningsprogram", _("Godkjent i utdanningsprogram"), "valg",
               _godkjent_i("programomrade__utdanningsprogram_id"), _utdanningsprogram_valg),
        Filter("aktiv", _("Aktiv"), "ja_nei", ja_nei(Q(aktiv=True))),
    ),
    kolonner=(
        Kolonne("bedrift", _("Navn"), "navn", standard=True),
        Kolonne("orgnr", _("Organisasjonsnummer"), "orgnr", standard=True),
        Kolonne("type", _("Type"), "type", standard=True, valg=_feltvalg("fagopplaering.Bedrift", "type")),
        Kolonne("organisasjonsform", _("Organisasjonsform"), "organisasjonsform"),
        Kolonne("adresse", _("Forretningsadresse"), "adresse"),
        Kolonne("postnummer", _("Postnummer"), "postnummer"),
        Kolonne("poststed", _("Poststed"), "poststed", standard=True),
        Kolonne("kommune", _("Kommune"), "kommune__navn", standard=True),
        Kolonne("bransje", _("Bransje"), "bransje"),
        Kolonne("antall_ansatte", _("Antall ansatte"), "antall_ansatte"),
        Kolonne("kontaktperson", _("Kontaktperson"), "kontaktperson", person=True),
        Kolonne("epost", _("E-post"), "epost", person=True),
        Kolonne("telefon", _("Telefon"), "telefon", person=True),
        Kolonne("aktiv", _("Aktiv"), "aktiv"),
    ),
)

# fmt: on

POPULASJONER: dict[str, Populasjon] = {p.nokkel: p for p in (SOKERE, ELEVER, KONTRAKTER, BEDRIFTER)}


def hent(nokkel: str) -> Populasjon | None:
    return POPULASJONER.get(nokkel)


def synlige(bruker) -> list[Populasjon]:
    """The populations the user holds the permission for (the others are not shown at all)."""
    return [p for p in POPULASJONER.values() if p.synlig_for(bruker)]


@dataclass
class Utvalg:
    """A cleaned list definition: population, filter values and columns (what the query string holds)."""

    populasjon: Populasjon
    filtre: dict[str, Any] = field(default_factory=dict)
    kolonner: list[Kolonne] = field(default_factory=list)

    @property
    def har_personopplysninger(self) -> bool:
        return any(k.person for k in self.kolonner)

    def beskriv(self) -> str:
        """The definition in words for the audit log (filter values are codes and ids, never a person)."""
        deler = [
            f"{k}={v.isoformat() if isinstance(v, datetime.date) else v}" for k, v in self.filtre.items()
        ]
        return f"{self.populasjon.nokkel} [{', '.join(deler) or 'uten filter'}] kolonner: " + ",".join(
            k.nokkel for k in self.kolonner
        )
