"""The two tables of «Inntak av voksne»: waiting applicants in § 13-4 order (not sortable: the order is the rule)
and the places given (sortable). Both paged, 50 a page, with «Viser 1–50 av …» (``inntak.tabeller``)."""

from __future__ import annotations

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inntak.models.voksen import VOKSENPLASS_OVERGANGER, VoksenplassStatus
from inntak.motor.prioritet_voksen import GRUPPER_VOKSEN
from inntak.tabeller import Tabell


def dato(verdi) -> str:
    """«3. februar 2026 kl. 10.15» (Django's nb formats), local time: the time orders applicants (§ 13-4)."""
    if not verdi:
        return "–"
    lokal = localtime(verdi)
    return f"{date_format(lokal, 'j. F Y')} {gettext('kl.')} {lokal:%H.%M}"


def tilbudsnavn(tilbud) -> str:
    return f"{tilbud.skole.navn} – {tilbud.programomrade.navn}"


def _gruppe(gruppe: int) -> str:
    return format_html('{} <span class="dempet">– {}</span>', gruppe, gettext(GRUPPER_VOKSEN[gruppe]))


def _soker(soknad) -> str:
    return format_html('<a href="{}">{}</a>', reverse("inntak:soknad", args=[soknad.pk]), soknad.person.navn)


class VentendeTabell(Tabell):
    """Rows: ``selectors.ventende_for`` (already in § 13-4 order)."""

    bildetekst = _("Søkere som venter på plass, i rekkefølgen etter opplæringsforskrifta § 13-4")

    soker = tables.Column(verbose_name=_("Søker"), accessor="person__etternavn", orderable=False)
    gruppe = tables.Column(verbose_name=_("Gruppe (§ 13-4)"), accessor="voksengruppe", orderable=False)
    hjemmel = tables.Column(verbose_name=_("Grunnlag"), accessor="voksenrett_hjemmel", orderable=False,
                            empty_values=())  # fmt: skip
    komplett = tables.Column(verbose_name=_("Komplett søknad"), orderable=False)
    onsker = tables.Column(verbose_name=_("Ønsker"), accessor="pk", orderable=False)
    tildel = tables.Column(verbose_name=_("Tildel manuelt"), accessor="pk", orderable=False)

    class Meta(Tabell.Meta):
        prefix = "v_"
        empty_text = _("Ingen komplette søknader venter på plass.")

    def __init__(self, *args, kan_tildele: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not kan_tildele:
            self.columns.hide("tildel")

    def render_soker(self, record) -> str:
        return _soker(record)

    def render_gruppe(self, value) -> str:
        return _gruppe(value)

    def render_komplett(self, value) -> str:
        return dato(value)

    def render_onsker(self, record) -> str:
        onsker = [o for o in record.onsker.all() if o.tilbud.voksenopplaering]
        if not onsker:
            return gettext("Ingen ønsker til tilbud for voksne")
        return format_html('<ol class="onsker">{}</ol>', format_html_join(
            "", '<li value="{}">{}</li>', ((o.nr, tilbudsnavn(o.tilbud)) for o in onsker)))  # fmt: skip

    def render_tildel(self, record) -> str:
        onsker = [o for o in record.onsker.all() if o.tilbud.voksenopplaering]
        if not onsker:
            return "–"
        valg = format_html_join("", '<option value="{}">{}. {}</option>',
                                ((o.tilbud_id, o.nr, tilbudsnavn(o.tilbud)) for o in onsker))  # fmt: skip
        return format_html(
            '<form method="post" action="{}" class="linjeskjema"><input type="hidden" name="csrfmiddlewaretoken" '
            'value="{}"><label for="tildel-{}" class="skjult">{}</label><select name="tilbud" id="tildel-{}">{}'
            '</select> <button type="submit" class="knapp sekundaer">{}</button></form>',
            reverse("inntak:voksne_tildel_en", args=[record.pk]), get_token(self.request), record.pk,
            gettext("Tilbud for %(navn)s") % {"navn": record.person.navn}, record.pk, valg, gettext("Tildel"),
        )  # fmt: skip


class PlassTabell(Tabell):
    """Rows: ``selectors.plasser_for``."""

    bildetekst = _("Søkere som har fått plass i inntaket av voksne")

    soker = tables.Column(verbose_name=_("Søker"), accessor="soknad__person__etternavn",
                          order_by=("soknad__person__etternavn", "soknad__person__fornavn", "pk"))  # fmt: skip
    gruppe = tables.Column(
        verbose_name=_("Gruppe (§ 13-4)"),
        accessor="voksengruppe",
        order_by=("voksengruppe", "soknad__komplett", "pk"),
    )
    tilbud = tables.Column(
        verbose_name=_("Tilbud"), order_by=("tilbud__skole__navn", "tilbud__programomrade__navn", "pk")
    )
    onske_nr = tables.Column(verbose_name=_("Ønske"), order_by=("onske_nr", "pk"))
    tildelt = tables.Column(verbose_name=_("Tildelt"), order_by=("tildelt", "pk"))
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "pk"))
    endre = tables.Column(verbose_name=_("Endre status"), accessor="pk", orderable=False)

    class Meta(Tabell.Meta):
        prefix = "p_"
        order_by = ("-tildelt",)
        empty_text = _("Ingen har fått plass med dette utvalget.")

    def __init__(self, *args, kan_endre: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not kan_endre:
            self.columns.hide("endre")

    def render_soker(self, record) -> str:
        return _soker(record.soknad)

    def render_gruppe(self, value) -> str:
        return _gruppe(value)

    def render_tilbud(self, value) -> str:
        return tilbudsnavn(value)

    def render_onske_nr(self, value) -> str:
        return str(value)

    def render_tildelt(self, value) -> str:
        return dato(value)

    def render_status(self, record) -> str:
        return format_html(
            '<span class="status status-{}">{}</span>', record.status, record.get_status_display()
        )

    def render_endre(self, record) -> str:
        lovlige = sorted(VOKSENPLASS_OVERGANGER.get(record.status, ()))
        if not lovlige:
            return "–"
        valg = format_html_join("", '<option value="{}">{}</option>',
                                ((s, VoksenplassStatus(s).label) for s in lovlige))  # fmt: skip
        return format_html(
            '<form method="post" action="{}" class="linjeskjema"><input type="hidden" name="csrfmiddlewaretoken" '
            'value="{}"><label for="status-{}" class="skjult">{}</label><select name="status" id="status-{}">{}'
            '</select> <button type="submit" class="knapp sekundaer">{}</button></form>',
            reverse("inntak:voksne_status", args=[record.pk]), get_token(self.request), record.pk,
            gettext("Ny status for %(navn)s") % {"navn": record.soknad.person.navn}, record.pk, valg, gettext("Lagre"),
        )  # fmt: skip
