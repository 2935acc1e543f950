"""The intake run's lifecycle as a declared transition table (django-oscar style).

    prøveinntak ──slett──▶ (slettet, with an audit row)
    beregnet med brudd ──forkast──▶ (slettet)
    klar til publisering ──publiser (confirmed)──▶ publisert ──behandle svarfrist──▶ svarfrist behandlet
    klar til publisering ──forkast──▶ (slettet)
    svarfrist behandlet ──▶ the next round may be run

The state is derived from the run's columns (``simulering``, ``verifisering``, ``publisert``,
``svarfrist_behandlet``), so it can never disagree with them; ``tilstand_q`` gives the same rule as a query filter
for lists. Services (``inntak.kjoring.services`` / ``svar``) call :func:`krev` before every change; views, forms
and templates call :func:`kan` / :func:`handlinger` so a button is shown exactly when the service would accept it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _


class Tilstand(TextChoices):
    PROVEINNTAK = "proveinntak", _("Prøveinntak")
    BRUDD = "brudd", _("Beregnet med brudd – kan ikke publiseres")
    KLAR = "klar", _("Klar til publisering")
    PUBLISERT = "publisert", _("Publisert – venter på svar")
    SVARFRIST_BEHANDLET = "svarfrist_behandlet", _("Svarfrist behandlet")


class Handling(TextChoices):
    PUBLISER = "publiser", _("Publiser runden")
    SVAR = "svar", _("Registrer svar")
    BEHANDLE_SVARFRIST = "behandle_svarfrist", _("Behandle svarfrist")
    SLETT = "slett", _("Slett prøveinntaket")
    FORKAST = "forkast", _("Forkast kjøringen")
    NESTE_RUNDE = "neste_runde", _("Kjør neste runde")


T, H = Tilstand, Handling

# state -> {action: next state (None = the run is deleted or the action leaves the state as it is)}
OVERGANGER: dict[str, dict[str, str | None]] = {
    T.PROVEINNTAK: {H.SLETT: None},
    T.BRUDD: {H.FORKAST: None},
    T.KLAR: {H.PUBLISER: T.PUBLISERT, H.FORKAST: None},
    T.PUBLISERT: {H.SVAR: T.PUBLISERT, H.BEHANDLE_SVARFRIST: T.SVARFRIST_BEHANDLET},
    T.SVARFRIST_BEHANDLET: {H.NESTE_RUNDE: None},
}

# Why an action is refused, per state (shown to the caseworker as is).
HVORFOR_IKKE: dict[str, str] = {
    T.PROVEINNTAK: _("Et prøveinntak publiseres aldri; kjør runden uten prøveinntak for å publisere."),
    T.BRUDD: _("Verifiseringen fant brudd; kjøringen kan ikke publiseres."),
    T.KLAR: _("Runden er ikke publisert ennå."),
    T.PUBLISERT: _("Runden er publisert; svarfristen er ikke behandlet ennå."),
    T.SVARFRIST_BEHANDLET: _("Svarfristen for runden er behandlet; runden er avsluttet."),
}


def tilstand(ik) -> Tilstand:
    if ik.simulering:
        return T.PROVEINNTAK
    if ik.publisert:
        return T.SVARFRIST_BEHANDLET if ik.svarfrist_behandlet is not None else T.PUBLISERT
    return T.BRUDD if ik.verifisering else T.KLAR


def tilstand_q(t: str) -> Q:
    """The same rule as :func:`tilstand`, as a filter on ``Inntakskjoring``."""
    return {
        T.PROVEINNTAK: Q(simulering=True),
        T.BRUDD: Q(simulering=False, publisert=False) & ~Q(verifisering=[]),
        T.KLAR: Q(simulering=False, publisert=False, verifisering=[]),
        T.PUBLISERT: Q(publisert=True, svarfrist_behandlet__isnull=True),
        T.SVARFRIST_BEHANDLET: Q(publisert=True, svarfrist_behandlet__isnull=False),
    }[t]


def kan(ik, handling: str) -> bool:
    return handling in OVERGANGER[tilstand(ik)]


def handlinger(ik) -> list[Handling]:
    return [Handling(h) for h in OVERGANGER[tilstand(ik)]]


def krev(ik, handling: str) -> str | None:
    """Raise a Norwegian ``ValidationError`` unless ``handling`` is allowed; returns the next state."""
    t = tilstand(ik)
    if handling not in OVERGANGER[t]:
        raise ValidationError(
            _("«%(h)s» er ikke mulig når kjøringen er «%(t)s». %(hvorfor)s")
            % {"h": Handling(handling).label, "t": t.label, "hvorfor": HVORFOR_IKKE[t]}
        )
    return OVERGANGER[t][handling]
