"""Reads for «Min side»: everything starts from the applicant's own Person, so another person's data cannot be
reached from here. Only published intake runs are shown (a prøveinntak is the county's working copy)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from inntak.models import (
    Behandlingsonske,
    Inntakskjoring,
    Karakter,
    Onske,
    Saksbehandlingslogg,
    Soknad,
    SoknadDokument,
    Svar,
    Tildeling,
    Vedtak,
    Venteliste,
)
from inntak.poeng_sql import TRINN_FOR_NIVA, regelsett_med_lagret_lesemate
from inntak.regler import UkjentRegelsett, Valideringsfeil, beregn_poeng
from inntak.selectors import regel_karakterer


@dataclass
class Resultat:
    """The latest published round for one søknad: the offer (``tildeling.tilbud`` empty = no place), the
    waitlist places and the applicant's answer."""

    kjoring: Inntakskjoring
    tildeling: Tildeling
    ventelister: list[Venteliste] = field(default_factory=list)
    svar: Svar | None = None


@dataclass
class SoknadVisning:
    soknad: Soknad
    onsker: list[Onske]
    poeng: object | None  # inntak.Poeng
    forklaring: object | None  # inntak.regler.Resultat
    resultat: Resultat | None
    mulighet: Svarmulighet | None = None  # the answer state (None: nothing published)
    skjema: object | None = None  # inntak.portal.skjema.SvarSkjema while the applicant may answer
    brev: bool = False  # the round sent the applicant a tilbudsbrev (a PDF link)
    karakterer: list[Karakter] = field(default_factory=list)  # the grades the points are computed from
    onskestatus: list[Onskestatus] = field(default_factory=list)  # per wish, after a published round
    ikke_forste: bool = False  # a published round did not give wish 1: "why not wish 1?" is shown
    historikk: list[Saksbehandlingslogg] = field(default_factory=list)  # the applicant's own story
    vedtak: Vedtak | None = None
    foresporsel: Behandlingsonske | None = None  # the applicant's latest request for særskilt behandling
    antall_dokumenter: int = 0


@dataclass
class Onskestatus:
    """One wish with its state in the latest published round and the explanation line of the run (if any):
    ``status`` is tilbud / venteliste / hoyere (a higher wish got the place) / fast_plass / ikke_nadd."""

    onske: Onske
    status: str
    venteplass: int | None = None
    forklaring: dict | None = None  # inntak.motor.forklar's line with group label and Norwegian points


# The case-log rows the applicant sees: their own (written without a user: the portal, imports) and the county's
# decisions. Never the caseworker's name.
BESLUTNINGER = ("vedtak", "status")


def _poeng(soknad: Soknad):
    return getattr(soknad, "poeng", None)  # a missing reverse one-to-one is an AttributeError (None)


def _forklaring(soknad: Soknad, poeng, karakterer: list[Karakter]) -> object | None:
    """``inntak.selectors.forklar_poeng(soknad)`` from the grades already read for the page (``_karakterer``):
    the same rows in the same order (``karakterer_for``'s), so the same numbers and lines, without reading the
    grades a second time."""
    if poeng is None:
        return None
    trinn = TRINN_FOR_NIVA[soknad.niva]
    rader = sorted((k for k in karakterer if k.trinn in trinn), key=lambda k: k.regel_rekkefolge)
    try:
        regelsett = regelsett_med_lagret_lesemate(soknad.skolear.kode, poeng.avrunding)
        return beregn_poeng(regel_karakterer(soknad, rader), niva=soknad.niva, regelsett=regelsett)
    except (Valideringsfeil, UkjentRegelsett):
        return None


# The run's stored data (the whole county's snapshot and result): never needed by the portal, which reads one
# applicant's part of it in SQL (``inntak.kjoring.tidslinje.forklar_soker``).
KJORING_UTEN = ("snapshot", "resultat", "advarsler")


def siste_resultat(soknad: Soknad) -> Resultat | None:
    tildeling = (
        Tildeling.objects.filter(soknad=soknad, inntakskjoring__publisert=True)
        .select_related(
            "inntakskjoring__fylke", "inntakskjoring__skolear", "tilbud__skole", "tilbud__programomrade"
        )
        .defer(*(f"inntakskjoring__{f}" for f in KJORING_UTEN))
        .order_by("-inntakskjoring__runde", "-inntakskjoring__publisert_tidspunkt", "-inntakskjoring_id")
        .first()
    )
    if tildeling is None:
        return None
    kjoring = tildeling.inntakskjoring
    ventelister = list(
        Venteliste.objects.filter(inntakskjoring=kjoring, soknad=soknad)
        .select_related("tilbud__skole", "tilbud__programomrade")
        .order_by("onske_nr", "kvote")
    )
    # One answer per round and søknad (``ett_svar_per_runde``): no ordering (the model's joins four tables).
    svar = Svar.objects.filter(inntakskjoring=kjoring, soknad=soknad).order_by().first()
    return Resultat(kjoring=kjoring, tildeling=tildeling, ventelister=ventelister, svar=svar)


def min_side(person) -> list[SoknadVisning]:
    """The applicant's søknader, newest school year first, each with wishes, points, grades, the latest result
    with the state of every wish, the vedtak, the documentation sent and the history."""
    _antall_dokumenter = (
        SoknadDokument.objects.filter(soknad=OuterRef("pk"))
        .order_by()
        .values("soknad")
        .annotate(n=Count("pk"))
        .values("n")
    )
    soknader = (
        Soknad.objects.filter(person=person)
        .select_related(
            "skolear", "fylke", "poeng", "person", "behandlingskategori", "vedtak__fast_plass__skole",
            "vedtak__fast_plass__programomrade",
        )
        .prefetch_related(
            Prefetch(
                "onsker",
                queryset=Onske.objects.select_related("tilbud__skole", "tilbud__programomrade").order_by(
                    "nr"
                ),
            ),
            Prefetch(
                "logg",
                queryset=Saksbehandlingslogg.objects.filter(
                    Q(bruker__isnull=True) | Q(handling__in=BESLUTNINGER)
                ).only("soknad_id", "tidspunkt", "handling", "tekst").order_by("-tidspunkt", "-id"),
                to_attr="historikk",
            ),
            Prefetch(
                "behandlingsonsker",
                queryset=Behandlingsonske.objects.filter(status=Behandlingsonske.Status.MOTTATT)
                .select_related("behandlingskategori")
                .order_by("-sendt", "-id"),
                to_attr="foresporsler",
            ),
        )
        .annotate(antall_dokumenter=Coalesce(Subquery(_antall_dokumenter), 0))  # a count, not the rows
        .order_by("-skolear__kode", "niva")
    )  # fmt: skip
    soknader = list(soknader)
    karakterer = _karakterer(person) if soknader else []
    parametere: dict = {}  # (fylke id, skolear id) -> the county's «inntak» parameters, read once per page
    visninger = []
    for s in soknader:
        poeng = _poeng(s)
        resultat = siste_resultat(s)
        onsker = list(s.onsker.all())
        status = onskestatus(s, onsker, resultat)
        visninger.append(
            SoknadVisning(
                soknad=s,
                onsker=onsker,
                poeng=poeng,
                forklaring=_forklaring(s, poeng, karakterer),
                resultat=resultat,
                mulighet=_svarmulighet(s, resultat, None, parametere) if resultat else None,
                karakterer=[k for k in karakterer if k.trinn in TRINN_FOR_NIVA.get(s.niva, ())],
                onskestatus=status,
                ikke_forste=resultat is not None and resultat.tildeling.onske_nr != 1 and bool(onsker),
                historikk=s.historikk,
                vedtak=_vedtak(s),
                foresporsel=s.foresporsler[0] if s.foresporsler else None,
                antall_dokumenter=s.antall_dokumenter,
            )
        )
    return visninger


def _karakterer(person) -> list[Karakter]:
    """Every grade of the person as received (import, API, manual), in one query: in the page's order (subject
    name), each with ``regel_rekkefolge``, its place in ``inntak.selectors.karakterer_for``'s order (the input
    order of the points rules; the row is unique per person, trinn, fag, vurdering and privatist)."""
    return list(
        Karakter.objects.filter(person=person)
        .select_related("fag")
        .annotate(
            regel_rekkefolge=Window(
                RowNumber(), order_by=[F("trinn"), F("fag_id"), F("vurdering"), F("privatist")]
            )
        )
        .order_by("trinn", "fag__navn", "vurdering", "privatist")
    )


def _vedtak(soknad: Soknad) -> Vedtak | None:
    try:
        return soknad.vedtak
    except Vedtak.DoesNotExist:
        return None


def mindrearig(person, idag=None) -> bool:
    """Under 18 today: the guardians get copies of the letters (``inntak.kjoring.brev``)."""
    from inntak.kjoring.brev import er_mindrearig

    return bool(person.fodselsdato) and er_mindrearig(person, idag or timezone.localdate())


def onskestatus(soknad: Soknad, onsker: list[Onske], resultat: Resultat | None) -> list[Onskestatus]:
    """The state of each wish in the latest published round, with the run's explanation per wish (the engine's
    ``forklar`` through ``inntak.kjoring.tidslinje.forklar_soker``, the same as on the caseworker's page)."""
    if resultat is None:
        return []
    t = resultat.tildeling
    vente = {}
    for v in resultat.ventelister:
        vente.setdefault(v.tilbud_id, v.plass)
    linjer = _forklaringslinjer(resultat.kjoring, soknad) if t.onske_nr != 1 else {}
    ut = []
    for o in onsker:
        if t.tilbud_id == o.tilbud_id:
            status = "fast_plass" if t.fast_plass else "tilbud"
        elif o.tilbud_id in vente:
            status = "venteliste"
        elif t.fast_plass:
            status = "fast_plass_annet"
        elif t.tilbud_id and t.onske_nr and o.nr > t.onske_nr:
            status = "hoyere"
        else:
            status = "ikke_nadd"
        ut.append(Onskestatus(onske=o, status=status, venteplass=vente.get(o.tilbud_id),
                              forklaring=linjer.get(o.tilbud_id)))  # fmt: skip
    return ut


def _forklaringslinjer(ik: Inntakskjoring, soknad: Soknad) -> dict[int, dict]:
    """tilbud id -> the engine's explanation line for the applicant's wish (ordinary places; the § 4-6 quota's
    line when there is no ordinary one). Empty when the applicant is not in the run's stored data."""
    from inntak.kjoring.selectors import gruppenavn, komma
    from inntak.kjoring.tidslinje import forklar_soker
    from inntak.motor.kvote import tilbud_og_kvote

    try:
        linjer = forklar_soker(ik.pk, soknad.pk)
    except KeyError:
        return {}
    ut: dict[int, dict] = {}
    for r in linjer:
        if not r.get("tilbud"):
            continue
        ekte, kvote = tilbud_og_kvote(r["tilbud"])
        try:
            tid = int(ekte)
        except ValueError:
            continue
        r = dict(r, kvote=kvote, poeng=komma(r.get("poeng")))
        r["gruppe_tekst"] = gruppenavn(ik.niva, r.get("gruppe"), ik.regelsett)
        if r.get("poenggrense"):
            r["poenggrense"] = dict(r["poenggrense"], poeng=komma(r["poenggrense"].get("poeng")))
        sist = r.get("siste_inntatt")
        if sist:
            r["siste_inntatt"] = sist = dict(sist, poeng=komma(sist.get("poeng")))
        r["siste_tekst"] = (
            f"{gruppenavn(ik.niva, sist['gruppe'], ik.regelsett)}, {sist['poeng']} poeng" if sist else ""
        )
        if tid not in ut or not kvote:
            ut[tid] = r
    return ut


@dataclass
class Svarmulighet:
    """What the applicant may answer on the latest published round of one søknad (``apen`` = the service
    accepts answers; ``for_frist`` = also before the svarfrist, which the portal requires)."""

    kjoring: Inntakskjoring
    tildeling: Tildeling
    ventelister: list[Venteliste]
    svar: Svar | None
    apen: bool
    for_frist: bool
    lovlige: list[str]
    tillat_venteliste_ved_ja: bool
    soker_velger_venteliste: bool
    mindrearig: bool

    @property
    def kan_svare(self) -> bool:
        return self.apen and self.for_frist and bool(self.lovlige)

    @property
    def venter_pa(self) -> list[int]:
        """The tilbud the applicant is waiting for, once each, in wish order."""
        return list(dict.fromkeys(v.tilbud_id for v in self.ventelister))


def runde_apen_for_svar(ik: Inntakskjoring) -> bool:
    """The answer service's own rule (published, svarfrist not processed, no later published round)."""
    from inntak.kjoring.svar import apen_for_svar

    return apen_for_svar(ik)


def svarmulighet(soknad: Soknad, resultat: Resultat | None = None, idag=None) -> Svarmulighet | None:
    """The answer state for the søknad's latest published round (None when nothing is published)."""
    return _svarmulighet(soknad, resultat, idag, {})


def _svarmulighet(soknad: Soknad, resultat: Resultat | None, idag, parametere: dict) -> Svarmulighet | None:
    """``svarmulighet`` with a memo of the county's «inntak» parameters per (fylke, skoleår) for the request."""
    from inntak.kjoring.brev import er_mindrearig
    from inntak.models.inntakskjoring import SVAR_OVERGANGER, SvarType
    from vigo.parametere.selectors import parametere as les_parametere

    resultat = resultat or siste_resultat(soknad)
    if resultat is None:
        return None
    ik, tildeling = resultat.kjoring, resultat.tildeling
    idag = idag or timezone.localdate()
    apen = runde_apen_for_svar(ik)
    for_frist = ik.svarfrist is None or idag <= ik.svarfrist
    nokkel = (ik.fylke_id, ik.skolear_id)
    if nokkel not in parametere:  # ik.fylke and ik.skolear come with the tildeling (siste_resultat)
        parametere[nokkel] = les_parametere(ik.fylke, ik.skolear, "inntak")
    p = parametere[nokkel]
    tillat_vl = bool(p["inntak.tillat_venteliste_ved_ja"])
    velger_vl = bool(p["inntak.soker_velger_venteliste"])
    plassert = tildeling.tilbud_id is not None
    lovlige = ["ja", "nei"] if plassert else ["venteliste", "nei"]
    if plassert and resultat.ventelister and tillat_vl:
        lovlige.insert(1, "ja_venteliste")
    if not plassert and not resultat.ventelister:
        lovlige.remove("venteliste")
    naa = resultat.svar.svar if resultat.svar else SvarType.IKKE_BESVART
    lovlige = [s for s in lovlige if s in SVAR_OVERGANGER.get(naa, set())]
    dato = timezone.localtime(ik.publisert_tidspunkt).date() if ik.publisert_tidspunkt else idag
    person = soknad.person
    return Svarmulighet(
        kjoring=ik,
        tildeling=tildeling,
        ventelister=resultat.ventelister,
        svar=resultat.svar,
        apen=apen,
        for_frist=for_frist,
        lovlige=lovlige,
        tillat_venteliste_ved_ja=tillat_vl,
        soker_velger_venteliste=velger_vl,
        mindrearig=bool(person.fodselsdato) and er_mindrearig(person, dato),
    )


def egen_soknad(person, soknad_pk: int) -> Soknad | None:
    """One of the applicant's own søknader (None for anyone else's)."""
    return (
        Soknad.objects.select_related("person", "fylke", "skolear")
        .filter(person=person, pk=soknad_pk)
        .first()
    )


def har_tilbudsbrev(mulighet: Svarmulighet | None) -> bool:
    """The round sent the applicant a letter (a new offer, or waitlist places only): ``brev.mottakere_for``, i.e.
    ``svar.trenger_svar``, for this one søknad from its already loaded tildeling and waitlist places."""
    from inntak.kjoring.svar import trenger_svar_for

    if mulighet is None:
        return False
    return trenger_svar_for(mulighet.kjoring, mulighet.tildeling, bool(mulighet.ventelister))


def dokumentasjon(person, soknad: Soknad) -> dict:
    """The documentation page of one of the applicant's own søknader: what may be done now, the deadline, the
    request sent, the documents (name, size, date) and the vedtak."""
    from inntak.services import dokument

    dokumenter = dokument.egne_dokumenter(soknad, person)
    foresporsler = list(
        soknad.behandlingsonsker.select_related("behandlingskategori").order_by("-sendt", "-id")
    )
    vedtak = (
        Vedtak.objects.filter(soknad=soknad)
        .select_related("fast_plass__skole", "fast_plass__programomrade")
        .first()
    )
    aktiv = next((f for f in foresporsler if f.status == Behandlingsonske.Status.MOTTATT), None)
    return {
        "tillatelser": dokument.tillatelser(
            soknad, vedtak=vedtak is not None, har_foresporsel=aktiv is not None
        ),
        "frist": dokument.frist(soknad),
        "foresporsel": aktiv,
        "foresporsler": foresporsler,
        "dokumenter": dokumenter,
        "vedtak": vedtak,
        "maks_antall": dokument.MAKS_ANTALL,
    }
