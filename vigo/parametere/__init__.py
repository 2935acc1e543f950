"""System parameters per county and school year: the registry.

The core owns the mechanism (model ``vigo.Systemparameter``, this registry, ``selectors``, ``services``, the page);
the domain apps declare their parameters in ``AppConfig.ready``::

    from vigo.parametere import Parameter, Type, registrer

    registrer(Parameter("inntak.svarfrist_dager", "Svarfrist (dager)", Type.HELTALL, standard=7,
                        omrade="inntak", min=1, maks=60, hjelp="…"))

``standard`` is a value or a callable ``standard(fylke, skolear_kode) -> value`` (e.g. a date in the school year,
or a value that still lives on ``kodeverk.Fylke``). Read a value with ``selectors.parameter(fylke, skolear,
nokkel)``; the registered default applies until the county stores its own. ``registrer_kontroll(fn)`` adds a rule
across parameters: ``fn(verdier, skolear_kode) -> {nokkel: melding}`` with every effective value of the county
and year.

Validation is the Django form field of the parameter (``Parameter.skjemafelt``), so the page and the service use
one rule and one set of Norwegian messages.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class Type(StrEnum):
    HELTALL = "heltall"
    JA_NEI = "ja_nei"
    DATO = "dato"
    DESIMAL = "desimal"
    TEKST = "tekst"
    LANGTEKST = "langtekst"  # several lines, e.g. an address
    VALG = "valg"


# The areas in the order the page shows them. An app may use another area; it is shown last, under its code.
OMRADER: dict[str, Any] = {
    "felles": _("Felles"),
    "inntak": _("Inntak"),
    "fagopplaering": _("Fagopplæring"),
}

JA_NEI_VALG = (("ja", _("Ja")), ("nei", _("Nei")))


@dataclass(frozen=True)
class Parameter:
    nokkel: str
    navn: str
    type: Type
    standard: Any
    omrade: str
    hjelp: str = ""
    min: int | Decimal | None = None
    maks: int | Decimal | None = None
    valg: tuple[tuple[str, str], ...] = ()
    maks_lengde: int = 200
    enhet: str = ""
    valider: Callable[[Any], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if "__" in self.nokkel or not self.nokkel.replace(".", "").replace("_", "").isalnum():
            raise ValueError(
                f"Ugyldig parameternøkkel «{self.nokkel}»: bruk små bokstaver, tall, _ og punktum."
            )
        if self.type == Type.VALG and not self.valg:
            raise ValueError(f"Parameteren {self.nokkel} er et valg uten alternativer.")

    # --- values ------------------------------------------------------------------------------------------------

    @property
    def feltnavn(self) -> str:
        """The form field's name (a dot in an HTML id is awkward in CSS and scripts)."""
        return self.nokkel.replace(".", "__")

    @property
    def omradenavn(self) -> str:
        return str(OMRADER.get(self.omrade, self.omrade))

    def standardverdi(self, fylke, skolear_kode: str) -> Any:
        return self.standard(fylke, skolear_kode) if callable(self.standard) else self.standard

    def skjemafelt(self, **kw) -> forms.Field:
        """The form field that parses and validates one value (the page's input and the service's check)."""
        felles = {"label": self.navn, "help_text": self.hjelp, **kw}
        validators = [self.valider] if self.valider else []
        if self.type == Type.HELTALL:
            return forms.IntegerField(
                min_value=self.min, max_value=self.maks, validators=validators, **felles
            )
        if self.type == Type.DESIMAL:
            return forms.DecimalField(min_value=self.min, max_value=self.maks, max_digits=14, decimal_places=2,
                                      localize=True, validators=validators, **felles)  # fmt: skip
        if self.type == Type.DATO:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                   input_formats=["%Y-%m-%d", "%d.%m.%Y"], validators=validators, **felles)  # fmt: skip
        if self.type == Type.JA_NEI:
            return forms.TypedChoiceField(choices=JA_NEI_VALG, coerce=lambda v: v == "ja", widget=forms.RadioSelect,
                                          validators=validators, **felles)  # fmt: skip
        if self.type == Type.VALG:
            return forms.ChoiceField(choices=self.valg, validators=validators, **felles)
        widget = forms.Textarea(attrs={"rows": 3}) if self.type == Type.LANGTEKST else None
        return forms.CharField(max_length=self.maks_lengde, required=True, widget=widget, validators=validators,
                               **felles)  # fmt: skip

    def skjemaverdi(self, verdi: Any) -> Any:
        """A typed value as the form field expects it as initial/bound data."""
        if self.type == Type.JA_NEI:
            return "ja" if verdi else "nei"
        if self.type == Type.DATO and isinstance(verdi, datetime.date):
            return verdi.isoformat()
        return verdi

    def rens(self, verdi: Any) -> Any:
        """The typed value of ``verdi`` (text from a form, or a typed value from code); ValidationError with the
        Norwegian message otherwise."""
        if self.type == Type.JA_NEI and isinstance(verdi, bool):
            verdi = "ja" if verdi else "nei"
        elif self.type == Type.DESIMAL and isinstance(verdi, int | float):
            verdi = str(verdi)
        elif self.type == Type.DATO and isinstance(verdi, datetime.datetime):
            verdi = verdi.date()
        return self.skjemafelt().clean(verdi)

    def til_json(self, verdi: Any) -> Any:
        if self.type == Type.DATO:
            return verdi.isoformat()
        if self.type == Type.DESIMAL:
            return str(verdi)
        return verdi

    def fra_json(self, data: Any) -> Any:
        if self.type == Type.DATO:
            return datetime.date.fromisoformat(data)
        if self.type == Type.DESIMAL:
            return Decimal(data)
        if self.type == Type.HELTALL:
            return int(data)
        if self.type == Type.JA_NEI:
            return bool(data)
        return str(data)

    def vis(self, verdi: Any) -> str:
        """The value as a caseworker reads it: «Ja», «1. mars 2027», «17 318 kr»."""
        if verdi is None or verdi == "":
            return str(_("(tom)"))
        if self.type == Type.JA_NEI:
            tekst = str(_("Ja") if verdi else _("Nei"))
        elif self.type == Type.DATO:
            tekst = formats.date_format(verdi, "j. F Y")
        elif self.type in (Type.HELTALL, Type.DESIMAL):
            tekst = formats.number_format(verdi, decimal_pos=2 if self.type == Type.DESIMAL else None,
                                          use_l10n=True, force_grouping=True)  # fmt: skip
        elif self.type == Type.VALG:
            tekst = str(dict(self.valg).get(verdi, verdi))
        else:
            tekst = str(verdi)
        return f"{tekst} {self.enhet}" if self.enhet else tekst


_REGISTER: dict[str, Parameter] = {}
Kontroll = Callable[[dict[str, Any], str], dict[str, str]]
_KONTROLLER: list[Kontroll] = []


def registrer(*parametere: Parameter) -> None:
    """Declare parameters (from an AppConfig.ready). Registering a key again replaces the declaration."""
    for p in parametere:
        _REGISTER[p.nokkel] = p


def registrer_kontroll(fn: Kontroll) -> None:
    """A rule across parameters: ``fn(verdier, skolear_kode)`` gets every effective value (typed) of one county
    and school year and returns ``{nokkel: melding}`` for the values that break it."""
    if fn not in _KONTROLLER:
        _KONTROLLER.append(fn)


def kontroller() -> list[Kontroll]:
    return list(_KONTROLLER)


def hent(nokkel: str) -> Parameter:
    try:
        return _REGISTER[nokkel]
    except KeyError:
        raise KeyError(f"Parameteren «{nokkel}» er ikke registrert.") from None


def alle(omrade: str | None = None) -> list[Parameter]:
    """The registered parameters in the page's order: area, then the order they were registered in."""
    rekkefolge = {kode: i for i, kode in enumerate(OMRADER)}
    ut = [p for p in _REGISTER.values() if omrade is None or p.omrade == omrade]
    return sorted(ut, key=lambda p: rekkefolge.get(p.omrade, len(rekkefolge)))
