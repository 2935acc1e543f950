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
        .select_related("skolear", "fylke", "poeng")
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
        visninger.append(
            SoknadVisning(
                soknad=s,
                onsker=list(s.onsker.all()),
                poeng=poeng,
                forklaring=_forklaring(s, poeng),
                resultat=siste_resultat(s),
            )
        )
    return visninger
