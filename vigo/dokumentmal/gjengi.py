"""Rendering a document type: the county's body (a Django template) into one HTML document, then PDF.

The body is rendered by a restricted template engine: the default tags and filters plus ``i18n``/``l10n``, no
other libraries and no template loader (``{% include %}``/``{% extends %}`` find nothing), so a county's wording
cannot reach the application's own templates. The layout ``templates/dokumentmal/dokument.html`` adds the page
format, the letterhead for letters and the frame for diplomas. WeasyPrint fetches no resources except ``data:``
URIs (the logo): a body pointing at a file or a web address gets no image instead of reading it.

Errors in a body never reach the user as a traceback: ``Malfeil`` carries a Norwegian message, and only the
exception type is logged (a context holds personal data).
"""

from __future__ import annotations

import datetime
import io
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from vigo import dokumentmal as register

logger = logging.getLogger(__name__)

_MOTOR = Engine(
    debug=True,  # only so errors carry the line number (``template_debug``); nothing is shown to the user raw
    loaders=[("django.template.loaders.locmem.Loader", {})],
    libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"},
    autoescape=True,
)

# Page height in mm per format, for the diploma frame that fills the page.
_HOYDE_MM = {"A4": 297, "A4L": 210, "A3L": 297}
_MARG_MM = 15


class Malfeil(Exception):
    """A body that does not compile or cannot be filled in; ``str(feil)`` is a Norwegian message for the user."""


def _linje(feil: Exception) -> int | None:
    info = getattr(feil, "template_debug", None) or {}
    return info.get("line")


def kompiler(innhold: str) -> Template:
    """The compiled body, or ``Malfeil`` saying where the syntax error is. Unknown variables are fine (they
    print as empty text)."""
    try:
        return _MOTOR.from_string(innhold or "")
    except TemplateSyntaxError as feil:
        info = getattr(feil, "template_debug", None) or {}
        linje, under = info.get("line"), (info.get("during") or "").strip()
        hvor = f" på linje {linje}" if linje else ""
        hva = f": «{under[:80]}» kan ikke tolkes" if under else ""
        raise Malfeil(
            f"Malen har en syntaksfeil{hvor}{hva}. Sjekk at hver {{% if %}} og {{% for %}} er avsluttet "
            "({% endif %}, {% endfor %}), at taggene og filtrene er skrevet riktig, og at bare biblioteket "
            "i18n eller l10n lastes."
        ) from None


def valider_innhold(innhold: str) -> None:
    """Model and form validator: the body must compile."""
    if not (innhold or "").strip():
        raise ValidationError("Malen kan ikke være tom.", code="tom")
    try:
        kompiler(innhold)
    except Malfeil as feil:
        raise ValidationError(str(feil), code="syntaks") from None


def _fyll_ut(mal: Template, kontekst: dict[str, Any], navn: str) -> str:
    try:
        return mal.render(Context(kontekst, autoescape=True))
    except Exception as feil:  # any error in a county's body becomes a message, not a traceback
        logger.warning("Dokumentmalen %s kunne ikke fylles ut: %s", navn, type(feil).__name__)
        linje = _linje(feil)
        hvor = f" (linje {linje})" if linje else ""
        raise Malfeil(
            f"Dokumentmalen «{navn}» kunne ikke fylles ut{hvor}: en variabel, et filter eller en tag ga en feil. "
            "Rett malen under Dokumentmaler, eller kontakt fylkesadministratoren."
        ) from None


def gjengi_html(mal, kontekster: list[dict[str, Any]], *, hode: dict | None = None, logo: str = "") -> str:
    """One HTML document with one document per context (a page break between them), in the format of ``mal``
    (a ``vigo.Dokumentmal``, saved or the unsaved default from ``selectors.aktiv_mal``). ``hode`` is the
    letterhead ``{navn, adresse}`` (``brevhode``) and ``logo`` a ``data:`` URI or ""; both are used only for a
    type with ``brevhode``."""
    try:
        dt = register.hent(mal.dokumenttype)
    except KeyError:
        raise Malfeil(f"Dokumenttypen «{mal.dokumenttype}» finnes ikke lenger i systemet.") from None
    kropp = kompiler(mal.innhold)
    dokumenter = [
        {"innhold": mark_safe(_fyll_ut(kropp, k, dt.navn)), "anker": k.get("anker") or f"dokument-{n}"}
        for n, k in enumerate(kontekster, 1)
    ]
    format_ = mal.format or dt.format
    liggende = format_.endswith("L")
    return render_to_string(
        "dokumentmal/dokument.html",
        {
            "tittel": mal.navn or dt.navn,
            "dokumenter": dokumenter,
            "side": register.sidestorrelse(format_),
            "marg": _MARG_MM,
            "ramme_hoyde": _HOYDE_MM.get(format_, 297) - 2 * _MARG_MM - 12,
            "brevhode": dt.brevhode,
            "diplom": not dt.brevhode and liggende,
            "hode": (hode or {}) if dt.brevhode else {},
            "logo": logo if dt.brevhode else "",
        },
    )


def til_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # data: URIs only (the logo): a body pointing at a file or a web address gets no image instead of reading it.
    henter = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=henter).write_pdf()


def slaa_sammen(pdfer: list[bytes]) -> bytes:
    """One PDF of several (pypdf), in order."""
    from pypdf import PdfWriter

    skriver = PdfWriter()
    try:
        for pdf in pdfer:
            skriver.append(io.BytesIO(pdf))
        ut = io.BytesIO()
        skriver.write(ut)
        return ut.getvalue()
    finally:
        skriver.close()


def brevhode(fylke, dato: datetime.date | None = None) -> dict[str, str]:
    """The county's letterhead for the school year of ``dato`` (system parameters ``felles.avsender_navn`` and
    ``felles.avsender_adresse``, the same every letter uses)."""
    from kodeverk.skolear import skolear_for_dato
    from vigo.parametere.selectors import parameter

    ar = skolear_for_dato(dato or timezone.localdate()).kode
    return {
        "navn": parameter(fylke, ar, "felles.avsender_navn"),
        "adresse": parameter(fylke, ar, "felles.avsender_adresse"),
    }


def lag_pdf(
    fylke, kode: str, kontekster: list[dict[str, Any]], *, hode: dict | None = None, logo: str = ""
) -> bytes:
    """Convenience for the apps: the county's active version of type ``kode`` filled with every context, as one
    PDF. The letterhead defaults to ``brevhode(fylke)`` for letters. Raises ``Malfeil``."""
    from vigo.dokumentmal.selectors import aktiv_mal

    mal = aktiv_mal(fylke, kode)
    if hode is None and register.hent(kode).brevhode:
        hode = brevhode(fylke)
    return til_pdf(gjengi_html(mal, kontekster, hode=hode, logo=logo))
