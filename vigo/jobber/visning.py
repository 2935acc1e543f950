"""How a job run reads for a caseworker: parameters by their form labels with values as names, the duration in
words, and the result by the labels the job type declares.

A job type declares its result text with ``resultat_tekst`` on ``@jobbtype``, either

* a label map ``{"sokere": "Søkere", "seed": None, "sekunder": ("Beregningstid", "sekunder")}``: a key maps to
  a label, to ``None`` (not shown) or to ``(label, form)`` where form is a callable ``value -> text`` or one of
  the names in ``FORMER`` (``"sekunder"``, ``"ja_nei"``, ``"liste"``, ``"url:<url name>"`` for a link to the
  object with that id); keys the map does not name are shown with the key made readable; or
* a callable ``resultat -> [(label, value), ...]`` that replaces the map altogether.

Numbers are left as numbers so the template writes them the Norwegian way («17 318»). The core imports no
domain app: links are by URL name, values of model fields are looked up through the job's own form.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigo import jobber

TOM = "–"


@dataclass(frozen=True)
class Linje:
    etikett: str
    verdi: Any


# --- Values ----------------------------------------------------------------------------------------------------
def ja_nei(verdi: Any) -> str:
    return _("Ja") if verdi else _("Nei")


def varighet_tekst(verdi: datetime.timedelta | float | int | str | None) -> str:
    """23.6 s → «24 sekunder»; 125 s → «2 min 5 s»; 3 h 4 min → «3 t 4 min». ``None`` → «–»."""
    if verdi is None or verdi == "":
        return TOM
    if isinstance(verdi, datetime.timedelta):
        sekunder = verdi.total_seconds()
    else:
        try:
            sekunder = float(verdi)
        except (TypeError, ValueError):
            return str(verdi)
    if sekunder < 1:
        return _("under 1 sekund")
    hele = int(sekunder)  # elapsed time: 23.57 s reads «23 sekunder»
    if hele < 60:
        return ngettext("%(n)d sekund", "%(n)d sekunder", hele) % {"n": hele}
    if hele < 3600:
        minutter, rest = divmod(hele, 60)
        return (
            _("%(m)d min %(s)d s") % {"m": minutter, "s": rest} if rest else _("%(m)d min") % {"m": minutter}
        )
    timer, rest = divmod(hele, 3600)
    minutter = rest // 60
    return _("%(t)d t %(m)d min") % {"t": timer, "m": minutter} if minutter else _("%(t)d t") % {"t": timer}


def _liste(verdi: Any) -> Any:
    if isinstance(verdi, list | tuple | set):
        return ", ".join(str(v) for v in verdi) if verdi else TOM
    return verdi


def _lenke(url_navn: str) -> Callable[[Any], Any]:
    def vis(verdi: Any) -> Any:
        if verdi in (None, ""):
            return TOM
        try:
            url = reverse(url_navn, args=[verdi])
        except NoReverseMatch:
            return verdi
        return format_html('<a href="{}">{} {}</a>', url, _("nr."), verdi)

    return vis


FORMER: dict[str, Callable[[Any], Any]] = {"sekunder": varighet_tekst, "ja_nei": ja_nei, "liste": _liste}


def _form(navn: str | Callable[[Any], Any]) -> Callable[[Any], Any]:
    if callable(navn):
        return navn
    if navn.startswith("url:"):
        return _lenke(navn[4:])
    return FORMER[navn]


def lesbar_verdi(verdi: Any) -> Any:
    """Booleans as Ja/Nei, lists joined, empty as «–»; numbers and dates stay as they are (localised later)."""
    if verdi is None or verdi == "":
        return TOM
    if isinstance(verdi, bool):
        return ja_nei(verdi)
    if isinstance(verdi, list | tuple | set):
        return _liste(verdi)
    if isinstance(verdi, dict):
        return ", ".join(f"{lesbar_nokkel(k)}: {lesbar_verdi(v)}" for k, v in verdi.items()) or TOM
    return verdi


def lesbar_nokkel(nokkel: str) -> str:
    """A key nobody labelled: «uten_plass» → «Uten plass»."""
    tekst = str(nokkel).replace("_", " ").strip()
    return tekst[:1].upper() + tekst[1:]


# --- Job type lookup -------------------------------------------------------------------------------------------
def _jobbtype(kode: str) -> jobber.Jobbtype | None:
    try:
        return jobber.hent(kode)
    except KeyError:
        return None


def _felter(jt: jobber.Jobbtype | None) -> dict[str, forms.Field]:
    if jt is None:
        return {}
    try:
        return dict(jt.skjema().fields)  # instance: choices set in __init__ are included
    except Exception:  # a form that needs arguments: the class-level fields still give the labels
        return dict(getattr(jt.skjema, "base_fields", {}))


# --- Parameters ------------------------------------------------------------------------------------------------
def _valgtekst(felt: forms.ChoiceField, verdi: Any) -> Any:
    valg: dict[str, Any] = {}
    for k, v in felt.choices:
        if isinstance(v, list | tuple):  # option groups
            valg.update({str(k2): v2 for k2, v2 in v})
        else:
            valg[str(k)] = v
    if isinstance(verdi, list | tuple):
        return ", ".join(str(valg.get(str(v), v)) for v in verdi) or TOM
    return valg.get(str(verdi), verdi)


def _modell(felt: forms.ModelChoiceField, verdi: Any) -> Any:
    verdier = verdi if isinstance(verdi, list | tuple) else [verdi]
    navn = []
    for v in verdier:
        objekt = None
        if isinstance(v, int) or (isinstance(v, str) and v.isdigit()):
            objekt = felt.queryset.filter(pk=v).first()
        if objekt is None and felt.to_field_name:
            objekt = felt.queryset.filter(**{felt.to_field_name: v}).first()
        navn.append(felt.label_from_instance(objekt) if objekt is not None else str(v))
    return ", ".join(navn)


def _dato(verdi: Any, klasse: type) -> Any:
    if isinstance(verdi, str):
        try:
            return klasse.fromisoformat(verdi)
        except ValueError:
            return verdi
    return verdi


def parameter_verdi(felt: forms.Field | None, verdi: Any) -> Any:
    if felt is None:
        return lesbar_verdi(verdi)
    if callable(
        getattr(felt, "lesbar", None)
    ):  # a field that knows how its stored value reads (e.g. ids → names)
        return felt.lesbar(verdi)
    if isinstance(felt, forms.BooleanField):
        return ja_nei(verdi)
    if isinstance(felt, forms.ModelChoiceField):
        return _modell(felt, verdi) if verdi not in (None, "", []) else TOM
    if isinstance(felt, forms.ChoiceField):
        tekst = _valgtekst(felt, verdi)
        return TOM if tekst in (None, "") else tekst
    if isinstance(felt, forms.DateTimeField):
        return _dato(verdi, datetime.datetime)
    if isinstance(felt, forms.DateField):
        return _dato(verdi, datetime.date)
    return lesbar_verdi(verdi)


def _har_tom_valgtekst(felt: forms.Field | None) -> bool:
    return isinstance(felt, forms.ChoiceField) and any(k in ("", None) and v for k, v in felt.choices)


def parameter_linjer(kode: str, parametere: Mapping[str, Any] | None) -> list[Linje]:
    """The run's parameters in the order of the job's form, by the form's labels and with values as names.

    Empty optional values are left out (unless the form has a text for empty, such as «Alle nivåer»), and so
    are hidden fields without a label (technical, e.g. the storage path of an upload).
    """
    parametere = parametere or {}
    felter = _felter(_jobbtype(kode))
    rekkefolge = [n for n in felter if n in parametere] + [n for n in parametere if n not in felter]
    linjer = []
    for navn in rekkefolge:
        felt, verdi = felter.get(navn), parametere[navn]
        if felt is not None and isinstance(felt.widget, forms.HiddenInput) and not felt.label:
            continue
        if verdi in (None, "", [], {}) and not _har_tom_valgtekst(felt):
            continue
        etikett = str(felt.label) if felt is not None and felt.label else lesbar_nokkel(navn)
        linjer.append(Linje(etikett, parameter_verdi(felt, verdi)))
    return linjer


# --- Result ----------------------------------------------------------------------------------------------------
def resultat_linjer(kode: str, resultat: Mapping[str, Any] | None) -> list[Linje]:
    """The result dict by the job type's ``resultat_tekst`` (label map or callable), see the module docstring."""
    if not resultat:
        return []
    jt = _jobbtype(kode)
    tekst = getattr(jt, "resultat_tekst", None)
    if callable(tekst):
        return [Linje(str(e), lesbar_verdi(v)) for e, v in tekst(dict(resultat))]
    etiketter: Mapping[str, Any] = tekst or {}
    # In the order the job type declares its labels: the result is stored as jsonb, which keeps keys by length.
    rekkefolge = {nokkel: i for i, nokkel in enumerate(etiketter)}
    linjer = []
    for nokkel, verdi in sorted(resultat.items(), key=lambda kv: rekkefolge.get(kv[0], len(rekkefolge))):
        if nokkel in etiketter and etiketter[nokkel] is None:
            continue
        spes = etiketter.get(nokkel)
        if isinstance(spes, tuple):
            etikett, form = spes
            linjer.append(Linje(str(etikett), _form(form)(verdi)))
        else:
            linjer.append(Linje(str(spes) if spes else lesbar_nokkel(nokkel), lesbar_verdi(verdi)))
    return linjer


def sjekk_resultat_tekst(kode: str, tekst: Any) -> None:
    """Called at registration: a label map must name known forms, so a typo fails at start-up, not on a page."""
    from django.core.exceptions import ImproperlyConfigured

    if tekst is None or callable(tekst):
        return
    if not isinstance(tekst, Mapping):
        raise ImproperlyConfigured(f"Jobbtypen {kode}: resultat_tekst må være en ordbok eller en funksjon.")
    for nokkel, spes in tekst.items():
        if isinstance(spes, tuple):
            if len(spes) != 2:
                raise ImproperlyConfigured(
                    f"Jobbtypen {kode}: resultat_tekst[{nokkel!r}] må være (etikett, form)."
                )
            form = spes[1]
            if not callable(form) and not (
                isinstance(form, str) and (form in FORMER or form.startswith("url:"))
            ):
                raise ImproperlyConfigured(f"Jobbtypen {kode}: ukjent form {form!r} for {nokkel!r}.")
