"""Reads of the system parameters: the one way services read a county's value for a school year.

``parameter(fylke, skolear, nokkel)`` is the county's stored value, or the registered default when it has none.
``fylke`` is a ``kodeverk.Fylke`` or its id; ``skolear`` a ``kodeverk.Skolear``, its code («2026-2027») or its id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from kodeverk.models import Fylke, Skolear
from vigo import parametere as register
from vigo.models import Systemparameter

# One read per request: a page or a service often asks for the same county's parameters several times (the deadline,
# the wish rules, the limits shown). Inside ``per_foresporsel`` (``vigo.middleware.ParameterMiddleware`` wraps every
# request) the first read of (fylke, school year, area) is kept until the request ends; ``glem_leste`` empties it
# after a write (``vigo.parametere.services``). Outside a request (jobs, shell, tests) nothing is kept.
_LEST: ContextVar[dict | None] = ContextVar("vigo_parametere_lest", default=None)


@contextmanager
def per_foresporsel() -> Iterator[None]:
    token = _LEST.set({})
    try:
        yield
    finally:
        _LEST.reset(token)


def glem_leste() -> None:
    lest = _LEST.get()
    if lest is not None:
        lest.clear()


def skolearkode(skolear) -> str:
    if isinstance(skolear, Skolear):
        return skolear.kode
    if isinstance(skolear, int):
        return Skolear.objects.values_list("kode", flat=True).get(pk=skolear)
    return str(skolear)


def _fylke_id(fylke) -> int:
    return fylke.pk if isinstance(fylke, Fylke) else int(fylke)


class _Fylke:
    """The Fylke object for a default, fetched only when a default needs it."""

    def __init__(self, fylke) -> None:
        self._fylke = fylke if isinstance(fylke, Fylke) else None
        self._id = _fylke_id(fylke)

    def __call__(self) -> Fylke:
        if self._fylke is None:
            self._fylke = Fylke.objects.get(pk=self._id)
        return self._fylke


def _verdi(p: register.Parameter, lagret: dict[str, Any], fylke: _Fylke, kode: str) -> Any:
    if p.nokkel in lagret:
        try:
            return p.fra_json(lagret[p.nokkel])
        except (TypeError, ValueError, ArithmeticError):
            pass  # a value stored under an older declaration of the type: the default applies
    return p.standardverdi(fylke() if callable(p.standard) else None, kode)


def parameter(fylke, skolear, nokkel: str) -> Any:
    """The county's value of ``nokkel`` in the school year, or the registered default."""
    p = register.hent(nokkel)
    kode = skolearkode(skolear)
    rad = (
        Systemparameter.objects.filter(fylke_id=_fylke_id(fylke), skolear_id=kode, nokkel=nokkel)
        .values_list("verdi", flat=True)
        .first()
    )
    lagret = {} if rad is None else {nokkel: rad}
    return _verdi(p, lagret, _Fylke(fylke), kode)


def parametere(fylke, skolear, omrade: str | None = None) -> dict[str, Any]:
    """Every registered parameter (of one area, if given) with the county's value or the default, in one query
    (none when the request has read them already)."""
    kode = skolearkode(skolear)
    lest = _LEST.get()
    nokkel = (_fylke_id(fylke), kode, omrade)
    if lest is not None and nokkel in lest:
        return dict(lest[nokkel])
    definisjoner = register.alle(omrade)
    lagret = dict(
        Systemparameter.objects.filter(
            fylke_id=_fylke_id(fylke), skolear_id=kode, nokkel__in=[p.nokkel for p in definisjoner]
        ).values_list("nokkel", "verdi")
    )
    f = _Fylke(fylke)
    verdier = {p.nokkel: _verdi(p, lagret, f, kode) for p in definisjoner}
    if lest is not None:
        lest[nokkel] = verdier
        return dict(verdier)
    return verdier


@dataclass
class Rad:
    """One parameter as the page shows it."""

    parameter: register.Parameter
    verdi: Any
    standard: Any
    lagret: Systemparameter | None
    antall_endringer: int

    @property
    def er_standard(self) -> bool:
        return self.lagret is None or self.verdi == self.standard

    @property
    def vist_verdi(self) -> str:
        return self.parameter.vis(self.verdi)

    @property
    def vist_standard(self) -> str:
        return self.parameter.vis(self.standard)


def parameterrader(fylke: Fylke, skolear) -> list[Rad]:
    """Every registered parameter with value, default, last change and number of changes (three queries)."""
    kode = skolearkode(skolear)
    rader = {
        r.nokkel: r
        for r in Systemparameter.objects.filter(fylke=fylke, skolear_id=kode).select_related("endret_av")
    }
    antall = dict(
        Systemparameter.history.filter(fylke_id=fylke.pk, skolear_id=kode)
        .values_list("nokkel")
        .annotate(n=Count("history_id"))
        .values_list("nokkel", "n")
    )
    lagret = {n: r.verdi for n, r in rader.items()}
    f = _Fylke(fylke)
    ut = []
    for p in register.alle():
        ut.append(
            Rad(
                parameter=p,
                verdi=_verdi(p, lagret, f, kode),
                standard=p.standardverdi(fylke, kode),
                lagret=rader.get(p.nokkel),
                antall_endringer=antall.get(p.nokkel, 0),
            )
        )
    return ut


def historikk(fylke: Fylke, skolear, nokkel: str) -> QuerySet:
    """The history rows of one parameter, newest first (simple-history: who, when, the value after)."""
    return (
        Systemparameter.history.filter(fylke_id=fylke.pk, skolear_id=skolearkode(skolear), nokkel=nokkel)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


@dataclass
class Endring:
    tidspunkt: Any
    bruker: Any
    fra: str
    til: str
    grunn: str


def endringer(historiske: list, eldre: Any | None, p: register.Parameter) -> list[Endring]:
    """«From → to» for a page of history rows (newest first); ``eldre`` is the row just before the page's last."""
    ut = []
    for i, h in enumerate(historiske):
        forrige = historiske[i + 1] if i + 1 < len(historiske) else eldre
        fra = _vis_json(p, forrige.verdi) if forrige is not None and forrige.history_type != "-" else None
        til = _vis_json(p, h.verdi) if h.history_type != "-" else None
        ut.append(Endring(h.history_date, h.history_user, fra or "Standardverdien", til or "Standardverdien",
                          h.history_change_reason or ""))  # fmt: skip
    return ut


def _vis_json(p: register.Parameter, data: Any) -> str:
    try:
        return p.vis(p.fra_json(data))
    except (TypeError, ValueError, ArithmeticError):
        return str(data)
