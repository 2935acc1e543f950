"""Reads for «Min side»: everything starts from the applicant's own Person, so another person's data cannot be
reached from here. Only published intake runs are shown (a prøveinntak is the county's working copy)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from inntak.models import Inntakskjoring, Onske, Soknad, Svar, Tildeling, Venteliste
from inntak.regler import UkjentRegelsett, Valideringsfeil
from inntak.selectors import forklar_poeng


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


def _poeng(soknad: Soknad):
    return getattr(soknad, "poeng", None)  # a missing reverse one-to-one is an AttributeError (None)


def _forklaring(soknad: Soknad, poeng) -> object | None:
    if poeng is None:
        return None
    try:
        return forklar_poeng(soknad)
    except (Valideringsfeil, UkjentRegelsett):
        return None


def siste_resultat(soknad: Soknad) -> Resultat | None:
    tildeling = (
        Tildeling.objects.filter(soknad=soknad, inntakskjoring__publisert=True)
        .select_related("inntakskjoring", "tilbud__skole", "tilbud__programomrade")
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
    svar = Svar.objects.filter(inntakskjoring=kjoring, soknad=soknad).first()
    return Resultat(kjoring=kjoring, tildeling=tildeling, ventelister=ventelister, svar=svar)


def min_side(person) -> list[SoknadVisning]:
    """The applicant's søknader, newest school year first, each with wishes, points and the latest result."""
    soknader = (
        Soknad.objects.filter(person=person)
        .select_related("skolear", "fylke", "poeng", "person")
        .prefetch_related(
            Prefetch(
                "onsker",
                queryset=Onske.objects.select_related("tilbud__skole", "tilbud__programomrade").order_by(
                    "nr"
                ),
            )
        )
        .order_by("-skolear__kode", "niva")
    )
    visninger = []
    for s in soknader:
        poeng = _poeng(s)
        resultat = siste_resultat(s)
        visninger.append(
            SoknadVisning(
                soknad=s,
                onsker=list(s.onsker.all()),
                poeng=poeng,
                forklaring=_forklaring(s, poeng),
                resultat=resultat,
                mulighet=svarmulighet(s, resultat) if resultat else None,
            )
        )
    return visninger


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
    from django.utils import timezone

    from inntak.kjoring.brev import er_mindrearig
    from inntak.models.inntakskjoring import SVAR_OVERGANGER, SvarType
    from vigo.parametere.selectors import parameter

    resultat = resultat or siste_resultat(soknad)
    if resultat is None:
        return None
    ik, tildeling = resultat.kjoring, resultat.tildeling
    idag = idag or timezone.localdate()
    apen = runde_apen_for_svar(ik)
    for_frist = ik.svarfrist is None or idag <= ik.svarfrist
    tillat_vl = bool(parameter(ik.fylke, ik.skolear_id, "inntak.tillat_venteliste_ved_ja"))
    velger_vl = bool(parameter(ik.fylke, ik.skolear_id, "inntak.soker_velger_venteliste"))
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
    """The round sent the applicant a letter (a new offer, or waitlist places only): ``brev.mottakere_for``."""
    from inntak.kjoring.brev import mottakere_for

    if mulighet is None:
        return False
    return bool(mottakere_for(mulighet.kjoring, [mulighet.tildeling.soknad_id]))
