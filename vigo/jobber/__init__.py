"""One registry of job types. Apps register their jobs with ``@jobbtype("5A019", "Oppdater rett", tillatelse=...)``.

Every job type declares the permission (``tillatelse``, "app_label.codename") a user needs to start it, on top of
the general right to start jobs (``vigo.add_kjoring``). A job whose parameters can make it publish something
(e.g. 1I001 with Prøveinntak unticked) also declares ``publiserer`` (parameters -> bool) and
``publiser_tillatelse``. A registration without ``tillatelse`` fails at import: a job nobody declared rights for
must not become startable by everyone who may start jobs. The checks live in ``vigo.jobber.tilgang`` and are
made by ``start_kjoring``, so the UI, the ``kjoring`` command, årshjul schedules and any API share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured


class IngenParametere(forms.Form):
    pass


@dataclass(frozen=True)
class Jobbtype:
    kode: str
    navn: str
    funksjon: Callable[[Any], dict | None]
    # The permission needed to start the job, besides vigo.add_kjoring, e.g. "inntak.add_inntakskjoring".
    tillatelse: str
    skjema: type[forms.Form] = IngenParametere
    beskrivelse: str = ""
    omrade: str = "Felles"
    # Codes that must have run successfully in the same period first (årshjul routines); checked at start.
    forgjengere: tuple[str, ...] = field(default_factory=tuple)
    personopplysninger: bool = False
    # Given the validated parameters: does this run publish (make a decision others see)? Then
    # publiser_tillatelse is needed as well.
    publiserer: Callable[[dict[str, Any]], bool] | None = None
    publiser_tillatelse: str = ""
    # Given the fylke and validated parameters: raise ValidationError (Norwegian) when the run cannot be started
    # now (e.g. 1I002 before the svarfrist has passed), so the caseworker gets the reason at once, not a failed run.
    forhandssjekk: Callable[[Any, dict[str, Any]], None] | None = None
    # URL name of the app's own start page (e.g. 1I001: the capacity table and lottery choice); the generic form
    # redirects there, so there is one way to start the job from the UI.
    startside: str = ""
    # How the result dict reads on the run page: a label map {key: label | None | (label, form)} or a callable
    # result -> [(label, value)]; see vigo.jobber.visning. Without it the keys are shown made readable.
    resultat_tekst: Mapping[str, Any] | Callable[[dict[str, Any]], Iterable[tuple[str, Any]]] | None = None


_REGISTER: dict[str, Jobbtype] = {}
_TILLATELSE = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")


def _sjekk_erklaering(kode: str, kwargs: dict[str, Any]) -> None:
    tillatelse = kwargs.get("tillatelse")
    if not isinstance(tillatelse, str) or not _TILLATELSE.match(tillatelse):
        raise ImproperlyConfigured(
            f"Jobbtypen {kode} må erklære hvilken tillatelse som kan starte den, "
            f'f.eks. tillatelse="inntak.add_inntakskjoring" (fikk {tillatelse!r}).'
        )
    publiserer, publiser = kwargs.get("publiserer"), kwargs.get("publiser_tillatelse", "")
    if (publiserer is None) != (not publiser):
        raise ImproperlyConfigured(f"Jobbtypen {kode}: publiserer og publiser_tillatelse må oppgis sammen.")
    if publiser and not _TILLATELSE.match(publiser):
        raise ImproperlyConfigured(f"Jobbtypen {kode}: ugyldig publiser_tillatelse {publiser!r}.")
    from vigo.jobber.visning import sjekk_resultat_tekst

    sjekk_resultat_tekst(kode, kwargs.get("resultat_tekst"))


def jobbtype(kode: str, navn: str, **kwargs) -> Callable:
    _sjekk_erklaering(kode, kwargs)

    def registrer(funksjon: Callable) -> Callable:
        _REGISTER[kode] = Jobbtype(kode=kode, navn=navn, funksjon=funksjon, **kwargs)
        return funksjon

    return registrer


def hent(kode: str) -> Jobbtype:
    try:
        return _REGISTER[kode]
    except KeyError:
        raise KeyError(f"Ukjent jobbkode «{kode}».") from None


def finnes(kode: str) -> bool:
    return kode in _REGISTER


def alle() -> list[Jobbtype]:
    return sorted(_REGISTER.values(), key=lambda j: j.kode)


def avregistrer(kode: str) -> None:
    """For tests that register throw-away job types."""
    _REGISTER.pop(kode, None)
