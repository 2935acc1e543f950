"""django-filter filtersets for the intake lists (``inntak/tabeller.py`` draws the tables).

Each filterset narrows a queryset that is already scoped to the user; the choices of its dropdowns (schools,
tilbud, skoleår, utdanningsprogram) come from the same scoped rows, so a school user is offered only their own
school and a value outside the scope is refused by the form (and then ignored, as django-filter does).
"""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from inntak.kjoring import livslop
from inntak.models import Poenggrense, Tilbud, Venteliste
from inntak.models.inntakskjoring import GrenseStatus, Inntakskjoring, SvarType
from inntak.models.soknad import Niva
from inntak.models.tilbud import TilbudStatus
from kodeverk.models import Skole, Skolear, Utdanningsprogram
from kodeverk.niva import Niva as ProgramNiva
from vigo.scoping import avgrens

IKKE_BESVART = "ikke_besvart"
UNNTAK = "unntak"
SVARSTATUSER = [
    (IKKE_BESVART, SvarType.IKKE_BESVART.label),
    *[(v, label) for v, label in SvarType.choices if v],
    (UNNTAK, _("Unntak fra svarfristen")),
]


def sok_person(qs: QuerySet, tekst: str, person: str = "person") -> QuerySet:
    """Every word in the name (fornavn, mellomnavn or etternavn), or a fødselsnummer prefix (digits, spaces allowed);
    the same rule as ``inntak.selectors.sok_soknader``."""
    tekst = (tekst or "").strip()
    siffer = tekst.replace(" ", "")
    if siffer.isdigit():
        return qs.filter(**{f"{person}__fodselsnummer__startswith": siffer})
    for ord_ in tekst.split():
        qs = qs.filter(
            Q(**{f"{person}__fornavn__icontains": ord_})
            | Q(**{f"{person}__etternavn__icontains": ord_})
            | Q(**{f"{person}__mellomnavn__icontains": ord_})
        )
    return qs


def _skoler(skole_ids: QuerySet, bruker) -> QuerySet[Skole]:
    return avgrens(Skole.objects.filter(pk__in=skole_ids), bruker).order_by("navn")


class Filtersett(df.FilterSet):
    """A plain form (GET); the select boxes get the project's labels."""

    def __init__(self, data=None, queryset=None, *, bruker=None, **kwargs):
        self.bruker = bruker
        super().__init__(data, queryset=queryset, **kwargs)

    @property
    def form(self):
        """Names, not codes, in the dropdowns: «Byåsen vgs», «Byåsen vgs – Studiespesialisering»."""
        skjema = super().form
        for felt in skjema.fields.values():
            modell = getattr(getattr(felt, "queryset", None), "model", None)
            if modell is Skole:
                felt.label_from_instance = lambda s: s.navn
            elif modell is Tilbud:
                felt.label_from_instance = lambda t: f"{t.skole.navn} – {t.programomrade.navn}"
        return skjema


# --- Answers to a published round ------------------------------------------------------------------------------
class SvarFilter(Filtersett):
    """Rows from ``inntak.kjoring.lister.svarliste``. ``status`` absent = "ikke besvart" (the view's default)."""

    status = df.ChoiceFilter(
        label=_("Svar"), choices=SVARSTATUSER, empty_label=_("Alle"), method="filtrer_status"
    )
    skole = df.ModelChoiceFilter(
        label=_("Skole (plass eller venteliste)"), queryset=Skole.objects.none(), method="filtrer_skole",
        empty_label=_("Alle"),
    )  # fmt: skip
    tilbud = df.ModelChoiceFilter(
        label=_("Tilbud (plass eller venteliste)"), queryset=Tilbud.objects.none(), method="filtrer_tilbud",
        empty_label=_("Alle"),
    )  # fmt: skip
    q = df.CharFilter(label=_("Navn eller fødselsnummer"), method="filtrer_sok")

    def __init__(self, data=None, queryset=None, *, ik: Inntakskjoring, bruker=None, **kwargs):
        self.ik = ik
        super().__init__(data, queryset, bruker=bruker, **kwargs)
        i_runden = Poenggrense.objects.filter(inntakskjoring=ik).values("tilbud_id")
        tilbud = avgrens(
            Tilbud.objects.filter(pk__in=i_runden).select_related("skole", "programomrade", "skolear"), bruker
        )
        self.filters["tilbud"].queryset = tilbud.order_by("skole__navn", "programomrade__navn")
        self.filters["skole"].queryset = _skoler(tilbud.values("skole_id"), bruker)

    def filtrer_status(self, qs, name, value):
        if value == IKKE_BESVART:
            return qs.filter(svar_verdi="")
        if value == UNNTAK:
            return qs.filter(svar_unntak=True)
        return qs.filter(svar_verdi=value)

    def _plass_eller_venteliste(self, qs, **tilbud):
        venter = Venteliste.objects.filter(
            inntakskjoring=self.ik,
            soknad_id=OuterRef("soknad_id"),
            **{f"tilbud__{k}": v for k, v in tilbud.items()},
        )
        return qs.filter(Q(**{f"tilbud__{k}": v for k, v in tilbud.items()}) | Exists(venter))

    def filtrer_skole(self, qs, name, value):
        return self._plass_eller_venteliste(qs, skole=value)

    def filtrer_tilbud(self, qs, name, value):
        return self._plass_eller_venteliste(qs, pk=value.pk)

    def filtrer_sok(self, qs, name, value):
        return sok_person(qs, value, "soknad__person")


# --- Intake runs ---------------------------------------------------------------------------------------------
class KjoringFilter(Filtersett):
    skolear = df.ModelChoiceFilter(
        label=_("Skoleår"), queryset=Skolear.objects.none(), to_field_name="kode", empty_label=_("Alle")
    )
    niva = df.ChoiceFilter(label=_("Nivå"), choices=Niva.choices, empty_label=_("Alle"))
    runde = df.NumberFilter(label=_("Runde"), min_value=1, max_value=99)
    type = df.ChoiceFilter(
        label=_("Type"), choices=[("provinntak", _("Prøveinntak")), ("inntak", _("Inntak"))], empty_label=_("Alle"),
        method="filtrer_type",
    )  # fmt: skip
    publisert = df.ChoiceFilter(
        label=_("Publisert"), choices=[("ja", _("Ja")), ("nei", _("Nei"))], empty_label=_("Alle"),
        method="filtrer_publisert",
    )  # fmt: skip
    status = df.ChoiceFilter(
        label=_("Status"), choices=livslop.Tilstand.choices, empty_label=_("Alle"), method="filtrer_status"
    )

    def __init__(self, data=None, queryset=None, *, bruker=None, **kwargs):
        super().__init__(data, queryset, bruker=bruker, **kwargs)
        self.filters["skolear"].queryset = Skolear.objects.filter(
            pk__in=queryset.order_by().values("skolear_id")
        ).order_by("-kode")

    def filtrer_type(self, qs, name, value):
        return qs.filter(simulering=value == "provinntak")

    def filtrer_publisert(self, qs, name, value):
        return qs.filter(publisert=value == "ja")

    def filtrer_status(self, qs, name, value):
        return qs.filter(livslop.tilstand_q(value))


# --- Per tilbud in a run -------------------------------------------------------------------------------------
class PoenggrenseFilter(Filtersett):
    skole = df.ModelChoiceFilter(
        label=_("Skole"), queryset=Skole.objects.none(), field_name="tilbud__skole", empty_label=_("Alle")
    )
    q = df.CharFilter(label=_("Utdanningsprogram eller programområde"), method="filtrer_sok")
    status = df.ChoiceFilter(label=_("Poenggrense"), choices=GrenseStatus.choices, empty_label=_("Alle"))
    fulle = df.BooleanFilter(label=_("Bare fulle tilbud"), widget=forms.CheckboxInput, method="filtrer_fulle")
    venteliste = df.BooleanFilter(
        label=_("Bare med venteliste"), widget=forms.CheckboxInput, method="filtrer_venteliste"
    )

    def __init__(self, data=None, queryset=None, *, bruker=None, **kwargs):
        super().__init__(data, queryset, bruker=bruker, **kwargs)
        self.filters["skole"].queryset = _skoler(queryset.order_by().values("tilbud__skole_id"), bruker)

    def filtrer_sok(self, qs, name, value):
        for ord_ in value.split():
            qs = qs.filter(
                Q(tilbud__programomrade__navn__icontains=ord_)
                | Q(tilbud__programomrade__kode__istartswith=ord_)
                | Q(tilbud__programomrade__utdanningsprogram__navn__icontains=ord_)
            )
        return qs

    def filtrer_fulle(self, qs, name, value):
        return qs.filter(antall_tildelt__gte=F("plasser")) if value else qs

    def filtrer_venteliste(self, qs, name, value):
        return qs.filter(antall_venteliste__gt=0) if value else qs


# --- Klasseordning -------------------------------------------------------------------------------------------
class TilbudFilter(Filtersett):
    skole = df.ModelChoiceFilter(label=_("Skole"), queryset=Skole.objects.none(), empty_label=_("Alle"))
    utdanningsprogram = df.ModelChoiceFilter(
        label=_("Utdanningsprogram"), queryset=Utdanningsprogram.objects.none(),
        field_name="programomrade__utdanningsprogram", empty_label=_("Alle"),
    )  # fmt: skip
    niva = df.ChoiceFilter(
        label=_("Nivå"), choices=ProgramNiva.choices, field_name="programomrade__niva", empty_label=_("Alle")
    )
    status = df.ChoiceFilter(label=_("Status"), choices=TilbudStatus.choices, empty_label=_("Alle"))
    q = df.CharFilter(label=_("Skole eller programområde"), method="filtrer_sok")

    def __init__(self, data=None, queryset=None, *, bruker=None, **kwargs):
        super().__init__(data, queryset, bruker=bruker, **kwargs)
        alle = queryset.order_by().values("pk")
        self.filters["skole"].queryset = _skoler(
            Tilbud.objects.filter(pk__in=alle).values("skole_id"), bruker
        )
        self.filters["utdanningsprogram"].queryset = Utdanningsprogram.objects.filter(
            pk__in=Tilbud.objects.filter(pk__in=alle).values("programomrade__utdanningsprogram_id")
        ).order_by("navn")

    def filtrer_sok(self, qs, name, value):
        for ord_ in value.split():
            qs = qs.filter(
                Q(skole__navn__icontains=ord_)
                | Q(programomrade__navn__icontains=ord_)
                | Q(programomrade__kode__istartswith=ord_)
            )
        return qs
