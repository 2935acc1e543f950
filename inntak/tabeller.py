"""django-tables2 tables for the intake lists that can grow: always paged (50 a page), sortable by header links and
shown with "Viser 1–50 av 7 996" above them. All of them render through ``templates/inntak/_tabell.html``.

The data is always a scoped queryset (``vigo.scoping.avgrens`` through the selectors) already narrowed by the
list's filterset (``inntak/filtre.py``); ``konfigurer`` reads only the sort and page parameters from the request,
never a page size, so a list can never be asked for all its rows at once.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import reverse
from django.utils.formats import date_format, localize, number_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inntak.kjoring import livslop
from inntak.models.inntakskjoring import GrenseStatus, SvarType

PER_SIDE = 50
TALL = {"th": {"class": "tall"}, "td": {"class": "tall"}}


def tall(n: int) -> str:
    """Norwegian number format: a (no-break) space between thousands, "7 996" (Django's nb formats)."""
    return number_format(n, force_grouping=True)


class Tabell(tables.Table):
    """Base of the intake tables: Norwegian parameter names, 50 a page, the shared template.

    Subclasses declare ``class Meta(Tabell.Meta)`` (django-tables2 does not inherit Meta by itself) and a
    ``bildetekst`` (the table's caption, read by screen readers).
    """

    bildetekst: Any = ""

    class Meta:
        template_name = "inntak/_tabell.html"
        attrs = {"class": "tabell"}
        per_page = PER_SIDE
        order_by_field = "sorter"
        page_field = "side"
        per_page_field = "per_side"  # never read: konfigurer pins the page size
        default = "–"

    def __init__(self, *args, filtersett=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filtersett = filtersett  # the list's django-filter FilterSet: its form is drawn above the table

    @property
    def telling(self) -> str:
        """ "Viser 1–50 av 7 996", or that nothing matched."""
        page = getattr(self, "page", None)
        if page is None or not self.paginator.count:
            return gettext("Ingen treff")
        return gettext("Viser %(fra)s–%(til)s av %(av)s") % {
            "fra": tall(page.start_index()), "til": tall(page.end_index()), "av": tall(self.paginator.count)
        }  # fmt: skip


def konfigurer(tabell: Tabell, request) -> Tabell:
    """Sort and page from the request (``?sorter=navn&side=3``). A page past the end shows the last page."""
    tabell.request = request
    sortering = [s for s in request.GET.getlist(tabell.prefixed_order_by_field) if s]
    if sortering:
        tabell.order_by = sortering
    try:
        side = int(request.GET.get(tabell.prefixed_page_field) or 1)
    except ValueError:
        side = 1
    try:
        tabell.paginate(per_page=PER_SIDE, page=max(side, 1))
    except (EmptyPage, PageNotAnInteger):
        tabell.page = tabell.paginator.page(tabell.paginator.num_pages)
    return tabell


def _tilbudsnavn(tilbud) -> str:
    return format_html(
        '{} – <span title="{}">{}</span>',
        tilbud.skole.navn,
        tilbud.programomrade.kode,
        tilbud.programomrade.navn,
    )


# --- Answers to a published round (inntak:ik_svar) ------------------------------------------------------------
class SvarTabell(Tabell):
    """Rows: ``Tildeling`` annotated by ``inntak.kjoring.lister.svarliste``."""

    bildetekst = _("Søkere som må svare i runden, med svaret deres")

    soker = tables.Column(
        verbose_name=_("Søker"), accessor="soknad__person__etternavn",
        order_by=("soknad__person__etternavn", "soknad__person__fornavn", "soknad_id"),
    )  # fmt: skip
    fodselsdato = tables.DateColumn(
        verbose_name=_("Fødselsdato"), accessor="soknad__person__fodselsdato", format="d.m.Y", orderable=False
    )
    tilbud = tables.Column(
        verbose_name=_("Tilbudt plass"), default=_("Ingen plass (bare venteliste)"),
        order_by=("tilbud__skole__navn", "tilbud__programomrade__navn", "soknad_id"),
    )  # fmt: skip
    svar = tables.Column(
        verbose_name=_("Svar"), accessor="svar_verdi", default=SvarType.IKKE_BESVART.label,
        order_by=("svar_verdi", "soknad__person__etternavn", "soknad_id"),
    )  # fmt: skip
    unntak = tables.Column(verbose_name=_("Unntak fra svarfristen"), accessor="svar_unntak", orderable=False)

    class Meta(Tabell.Meta):
        order_by = ("soker",)
        empty_text = _("Ingen søkere med dette utvalget.")

    def render_soker(self, record) -> str:
        p = record.soknad.person
        navn = f"{p.etternavn}, {' '.join(n for n in (p.fornavn, p.mellomnavn) if n)}"
        url = reverse("inntak:soknad", args=[record.soknad_id])
        return format_html('<a href="{}#plassering-tittel">{}</a>', url, navn)

    def render_tilbud(self, value) -> str:
        return _tilbudsnavn(value)

    def render_svar(self, value) -> str:
        return SvarType(value).label

    def render_unntak(self, value, record) -> str:
        if not value:
            return "–"
        return format_html("{}: {}", gettext("Ja"), record.svar_unntak_begrunnelse or "")


# --- Intake runs (inntak:ik_liste) ----------------------------------------------------------------------------
class KjoringTabell(Tabell):
    """Rows: ``Inntakskjoring`` from ``selectors.kjoringer_for`` (snapshot and result deferred)."""

    bildetekst = _("Inntakskjøringer i fylket")

    kjoring = tables.Column(verbose_name=_("Kjøring"), accessor="pk", order_by=("pk",))
    skolear = tables.Column(
        verbose_name=_("Skoleår"), accessor="skolear__kode", order_by=("skolear__kode", "pk")
    )
    niva = tables.Column(verbose_name=_("Nivå"), order_by=("niva", "pk"))
    runde = tables.Column(verbose_name=_("Runde"), attrs=TALL, order_by=("runde", "pk"))
    type = tables.Column(verbose_name=_("Status"), accessor="simulering", orderable=False)
    antall_sokere = tables.Column(verbose_name=_("Søkere"), attrs=TALL)
    antall_tildelt = tables.Column(verbose_name=_("Tildelt"), attrs=TALL)
    verifisering = tables.Column(verbose_name=_("Verifisering"), orderable=False)
    opprettet = tables.Column(verbose_name=_("Kjørt"), order_by=("opprettet", "pk"))

    class Meta(Tabell.Meta):
        order_by = ("-opprettet",)
        empty_text = _("Ingen inntakskjøringer med dette utvalget.")

    def render_kjoring(self, record) -> str:
        url = reverse("inntak:ik_detalj", args=[record.pk])
        return format_html('<a href="{}">#{}{}</a>', url, record.pk, f" {record.navn}" if record.navn else "")

    def render_niva(self, record) -> str:
        return record.get_niva_display()

    def render_type(self, record) -> str:
        tilstand = livslop.tilstand(record)  # the lifecycle's one rule, as on the run page
        return format_html('<span class="status status-{}">{}</span>', tilstand.value, tilstand.label)

    def render_verifisering(self, value) -> str:
        if not value:
            return gettext("OK")
        return format_html('<span class="status status-feilet">{} {}</span>', len(value), gettext("brudd"))

    def render_opprettet(self, value) -> str:
        return date_format(localtime(value), "d.m.Y H:i")


# --- Per tilbud in a run (inntak:ik_detalj) ------------------------------------------------------------------
class PoenggrenseTabell(Tabell):
    """Rows: ``Poenggrense`` from ``selectors.per_tilbud``; ``ik`` gives the links to the tilbud lists."""

    bildetekst = _("Kapasitet, tildelte, venteliste og poenggrense per tilbud")

    skole = tables.Column(
        verbose_name=_("Skole"), accessor="tilbud__skole__navn",
        order_by=("tilbud__skole__navn", "tilbud__programomrade__navn", "tilbud_id"),
    )  # fmt: skip
    programomrade = tables.Column(
        verbose_name=_("Programområde"), accessor="tilbud__programomrade__navn",
        order_by=("tilbud__programomrade__navn", "tilbud__skole__navn", "tilbud_id"),
    )  # fmt: skip
    plasser = tables.Column(verbose_name=_("Plasser"), attrs=TALL, order_by=("plasser", "tilbud_id"))
    tildelt = tables.Column(
        verbose_name=_("Tildelt"),
        accessor="antall_tildelt",
        attrs=TALL,
        order_by=("antall_tildelt", "tilbud_id"),
    )
    venteliste = tables.Column(
        verbose_name=_("Venteliste"), accessor="antall_venteliste", attrs=TALL,
        order_by=("antall_venteliste", "tilbud_id"),
    )  # fmt: skip
    poeng = tables.Column(verbose_name=_("Poenggrense"), accessor="status", order_by=("poeng", "tilbud_id"))
    tilbud_id = tables.Column(
        verbose_name=_("Tilbud-id"), attrs={"th": {"class": "tall"}, "td": {"class": "tall dempet"}},
        orderable=False,
    )  # fmt: skip

    class Meta(Tabell.Meta):
        attrs = {"class": "tabell", "id": "tilbudstabell"}
        order_by = ("skole",)
        empty_text = _("Ingen tilbud med dette utvalget.")

    def __init__(self, *args, ik=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ik = ik

    def render_programomrade(self, record) -> str:
        po = record.tilbud.programomrade
        url = reverse("inntak:ik_tilbud", args=[self.ik.pk, record.tilbud_id])
        if record.kvote:  # § 4-6: the tilbud's inntaksprøve quota has a row of its own
            return format_html('<a href="{}" title="{}">{}</a> <span class="dempet">({})</span>', url, po.kode,
                               po.navn, gettext("kvote for inntaksprøve"))  # fmt: skip
        return format_html('<a href="{}" title="{}">{}</a>', url, po.kode, po.navn)

    def render_tildelt(self, record) -> str:
        if record.overfylt:
            return format_html(
                '{} <span class="status status-feilet">+{}</span>',
                localize(record.antall_tildelt),
                record.overfylt,
            )
        return localize(record.antall_tildelt)

    def render_tilbud_id(self, value) -> str:
        return str(value)  # an id: never "1 234"

    def render_poeng(self, record):
        if record.status == GrenseStatus.POENG:
            return record.poeng  # a Decimal, localized by the template ("50,00")
        return record.get_status_display()


# --- Klasseordning (inntak:tilbud_liste) ---------------------------------------------------------------------
class TilbudTabell(Tabell):
    """Rows: ``Tilbud`` from ``inntak.selectors.tilbud_med_antall`` (applicant counts annotated)."""

    bildetekst = _("Klasseordning med antall søkere")

    skole = tables.Column(
        verbose_name=_("Skole"), accessor="skole__navn",
        order_by=("skole__navn", "programomrade__navn", "pk"),
    )  # fmt: skip
    programomrade = tables.Column(
        verbose_name=_("Programområde"), accessor="programomrade__navn",
        order_by=("programomrade__navn", "skole__navn", "pk"),
    )  # fmt: skip
    kode = tables.Column(
        verbose_name=_("Kode"), accessor="programomrade__kode", attrs={"td": {"class": "dempet"}},
        order_by=("programomrade__kode", "skole__navn", "pk"),
    )  # fmt: skip
    niva = tables.Column(
        verbose_name=_("Nivå"), accessor="programomrade__niva", order_by=("programomrade__niva", "pk")
    )
    plasser = tables.Column(verbose_name=_("Plasser"), attrs=TALL, order_by=("plasser", "pk"))
    antall_sokere = tables.Column(verbose_name=_("Søkere"), attrs=TALL, order_by=("antall_sokere", "pk"))
    antall_forstevalg = tables.Column(
        verbose_name=_("Førstevalg"), attrs=TALL, order_by=("antall_forstevalg", "pk")
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "pk"))

    class Meta(Tabell.Meta):
        order_by = ("skole",)
        empty_text = _("Ingen tilbud med dette utvalget.")

    def render_programomrade(self, record) -> str:
        url = reverse("inntak:tilbud", args=[record.pk])
        landslinje = (
            format_html(' <span class="dempet">({})</span>', gettext("landslinje"))
            if record.landslinje
            else ""
        )
        return format_html(
            '<a href="{}" title="{}">{}</a>{}',
            url,
            record.programomrade.kode,
            record.programomrade.navn,
            landslinje,
        )

    def render_niva(self, record) -> str:
        return record.programomrade.get_niva_display()

    def render_status(self, record) -> str:
        return record.get_status_display()


def tilbudstabell(request, ik) -> PoenggrenseTabell:
    """The run page's per-tilbud table: ``selectors.per_tilbud`` (scoped), filtered, sorted and paged."""
    from inntak.filtre import PoenggrenseFilter
    from inntak.kjoring import selectors

    filtersett = PoenggrenseFilter(request.GET, selectors.per_tilbud(ik, request.user), bruker=request.user)
    return konfigurer(PoenggrenseTabell(filtersett.qs, filtersett=filtersett, ik=ik), request)
