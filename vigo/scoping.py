"""County and school scoping in one place, used by views, admin and API alike.

Every model that holds county data declares how it reaches a fylke (and optionally a school) with a
``Scoping`` on the class attribute ``scoping``. ``avgrens(queryset, bruker)`` is the only function that
filters by user; views (``AvgrensetMixin``), the admin (``AvgrensetAdminMixin``) and DRF
(``AvgrensetViewSetMixin`` + ``IFylkePermission``) all call it. A model without ``scoping`` is refused, so
forgetting to scope a new model fails loudly instead of leaking data.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, reduce

from django.contrib.admin.utils import unquote
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldError, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import DataError, transaction
from django.db.models import BooleanField, Exists, F, Func, Model, OuterRef, Q, QuerySet
from django.http import Http404
from rest_framework.permissions import BasePermission

# A link: given a county (or school) id, either a Q on the scoped model (joined through relations; answered as a
# ``pk IN (subquery)``), or – at national scale the better choice – a QuerySet of the scoped model's primary
# keys from the linking table, e.g. ``Soknad.objects.filter(fylke_id=x).values("person_id")``. The latter becomes
# ``pk = ANY(ARRAY(subquery))``: an index condition PostgreSQL combines with the other branches (BitmapOr for
# counts) or checks per row while it walks an index in the page's order (no LEFT JOIN … OR over tables).
Kobling = Callable[[int], "Q | QuerySet"]


class _ErIListe(Func):
    """``<pk> = ANY(ARRAY(<subquery>))`` – the array is an InitPlan, computed once per query and only if needed."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        felt, liste = self.get_source_expressions()
        felt_sql, felt_params = compiler.compile(felt)
        liste_sql, liste_params = compiler.compile(liste)
        return f"{felt_sql} = ANY({liste_sql})", (*felt_params, *liste_params)


@dataclass
class Scoping:
    """How a model reaches its county and school.

    fylke: lookup path to the Fylke (e.g. "fylke" or "soknad__person__fylke").
    skole: lookup path to a Skole, or None. Further school links can be registered by other apps with
        ``legg_til_skolekobling`` (e.g. inntak registers "persons who applied to a tilbud at the school"), and
        further county links with ``legg_til_fylkekobling``; see ``Kobling`` for what a link returns.
    """

    fylke: str
    skole: str | None = None
    ekstra_skolekoblinger: list[Kobling] = field(default_factory=list)
    ekstra_fylkekoblinger: list[Kobling] = field(default_factory=list)

    def fylke_q(self, fylke_id: int, modell: type[Model] | None = None, *, per_rad: bool = False) -> Q:
        """The rows of ``modell`` county ``fylke_id`` sees, as one filter: its own rows by the ``fylke`` path,
        OR each link as its own indexable branch.

        ``per_rad``: another filter (a school's) already narrows the rows to a few thousand, so each link is
        checked per row with a correlated EXISTS (one index probe, only for rows the county does not own) instead
        of computing the county's whole link list first (10 ms at national scale, for every query of the page)."""
        eget = Q(**{self.fylke: fylke_id})
        grener = [k(fylke_id) for k in self.ekstra_fylkekoblinger]
        return _foren(modell, eget, grener, direkte=True, utenom=eget, per_rad=per_rad)

    def skole_q(self, skole_id: int, modell: type[Model] | None = None) -> Q:
        eget = Q(**{self.skole: skole_id}) if self.skole else None
        grener = [k(skole_id) for k in self.ekstra_skolekoblinger]
        # A school path may cross a multi-valued relation (onsker__tilbud__skole): always through a subquery.
        return _foren(modell, eget, grener, direkte=False, utenom=None)


def _foren(
    modell, eget: Q | None, grener: list, *, direkte: bool, utenom: Q | None, per_rad: bool = False
) -> Q:
    """One OR of independent branches, each answerable from an index on its own table.

    Q branches (and a multi-valued ``eget``) go into one ``pk IN (SELECT pk … WHERE …)`` as before; an empty Q()
    adds nothing. Each QuerySet branch becomes ``pk = ANY(ARRAY(…))``. For county links, keys the county already
    owns (``utenom``) are left out of the array, so it holds only the few rows the link adds (gjesteelever, not
    the county's own applicants) and checking a row against it stays cheap.
    """
    q_grener = [g for g in grener if isinstance(g, Q) and g]
    id_grener = [g for g in grener if isinstance(g, QuerySet)]
    if any(not isinstance(g, (Q, QuerySet)) for g in grener):
        raise ImproperlyConfigured("En kobling i scoping må gi en Q eller et QuerySet av primærnøkler.")
    deler: list[Q] = []
    if eget is not None and direkte and not q_grener:
        deler.append(eget)
    elif eget is not None or q_grener:
        q = reduce(operator.or_, ([eget] if eget is not None else []) + q_grener)
        deler.append(Q(pk__in=modell._default_manager.filter(q).values("pk")) if modell is not None else q)
    for ider in id_grener:
        ider = ider.order_by()
        kolonne = ider.query.values_select
        if per_rad and modell is not None and len(kolonne) == 1:
            deler.append(Q(Exists(ider.filter(**{kolonne[0]: OuterRef("pk")}))))
            continue
        if utenom is not None and modell is not None and len(kolonne) == 1:
            ider = ider.exclude(Exists(modell._default_manager.filter(utenom, pk=OuterRef(kolonne[0]))))
        deler.append(Q(_ErIListe(F("pk"), ArraySubquery(ider))))
    return reduce(operator.or_, deler) if deler else Q(pk__in=[])


def scoping_for(model: type[Model]) -> Scoping:
    s = getattr(model, "scoping", None)
    if not isinstance(s, Scoping):
        raise ImproperlyConfigured(f"{model.__name__} har ingen scoping; legg til `scoping = Scoping(...)`.")
    return s


def legg_til_skolekobling(model: type[Model], kobling: Kobling) -> None:
    """Let another app say how a school reaches rows of ``model`` (called from AppConfig.ready)."""
    s = scoping_for(model)
    if kobling not in s.ekstra_skolekoblinger:
        s.ekstra_skolekoblinger.append(kobling)


def legg_til_fylkekobling(model: type[Model], kobling: Kobling) -> None:
    """Let another app say how a county reaches rows it does not own (e.g. a gjesteelev applying there)."""
    s = scoping_for(model)
    if kobling not in s.ekstra_fylkekoblinger:
        s.ekstra_fylkekoblinger.append(kobling)


def avgrens(qs: QuerySet, bruker) -> QuerySet:
    """The rows of ``qs`` that ``bruker`` may see."""
    if bruker is None or not bruker.is_authenticated or not bruker.is_active:
        return qs.none()
    if bruker.er_systemadministrator:
        return qs
    if bruker.fylke_id is None:
        return qs.none()
    s = scoping_for(qs.model)
    skole = bruker.skole_id is not None and (s.skole or s.ekstra_skolekoblinger)
    qs = qs.filter(s.fylke_q(bruker.fylke_id, qs.model, per_rad=bool(skole)))
    if bruker.skole_id is not None:
        qs = qs.filter(s.skole_q(bruker.skole_id, qs.model))
    return qs


def kan_se(bruker, obj: Model) -> bool:
    return avgrens(type(obj)._default_manager.filter(pk=obj.pk), bruker).exists()


def krev_fylke(bruker, fylke_id: int) -> None:
    """For writes that name a county (e.g. starting a job): the user must belong to it."""
    if bruker.er_systemadministrator:
        return
    if bruker.fylke_id != fylke_id:
        raise PermissionDenied("Du har ikke tilgang til dette fylket.")


class AvgrensetMixin:
    """For class-based views: get_queryset() is scoped to the user."""

    def get_queryset(self):
        return avgrens(super().get_queryset(), self.request.user)


class AvgrensetFremmednokkelMixin:
    """FK dropdowns and raw-id fields accept only objects inside the user's scope. Used by
    ``AvgrensetAdminMixin`` and on its own by inlines: an inline is a separate admin whose FK fields the
    parent's mixin does not touch."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        rel = db_field.related_model
        if getattr(rel, "scoping", None) is not None:
            kwargs["queryset"] = avgrens(rel._default_manager.all(), request.user)
        elif rel.__name__ == "Fylke" and not request.user.er_systemadministrator:
            kwargs["queryset"] = rel._default_manager.filter(pk=request.user.fylke_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TrygtInndataAdminMixin:
    """Bad addresses in the admin answer Django's own error page ("?e=1"), 404 or 400 – never 500.

    Django turns most bad filter values into its "?e=1" page, but not all: a date part out of range on a field
    outside the date hierarchy (``?opprettet__year=0``) fails only when the count query is compiled, the
    hierarchy's own upper bound overflows at year 9999, and simple-history's pages pass the ids in the address
    straight to the database. Used by ``AvgrensetAdminMixin`` and on its own by admins without county data.
    """

    def get_changelist_instance(self, request):
        # Imported here: this module is imported by the models, before the admin may be loaded.
        from django.contrib.admin.options import IncorrectLookupParameters

        try:
            # A savepoint: a value PostgreSQL refuses must not poison the rest of the request's transaction.
            with transaction.atomic():
                return super().get_changelist_instance(request)
        except (ValueError, OverflowError, ValidationError, DataError) as feil:
            raise IncorrectLookupParameters(feil) from feil

    @staticmethod
    def _krev_gyldig_id(verdi: str, felt) -> None:
        """404 for an id its field cannot hold (text for a number, a NUL byte from the admin's "_00" quoting)."""
        verdi = unquote(verdi)
        try:
            felt.to_python(verdi)
        except (ValidationError, ValueError, TypeError):
            raise Http404 from None
        if "\x00" in verdi:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._krev_gyldig_id(object_id, self.model._meta.pk)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._krev_gyldig_id(object_id, self.model._meta.pk)
        historikk = _historikk(self.model)
        if historikk is None:
            raise Http404
        self._krev_gyldig_id(version_id, historikk.model._meta.pk)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _historikk(modell: type[Model]):
    """simple-history's manager of ``modell``, or None for a model without simple-history."""
    attributt = getattr(modell._meta, "simple_history_manager_attribute", None)
    return getattr(modell, attributt, None) if attributt else None


PERSONMODELL = "vigo.person"


@cache
def person_sti(modell: type[Model]) -> str | None:
    """Lookup path from ``modell`` to the person its rows are about: "" for Person itself, e.g.
    "soknad__person" for Vedtak, None when no foreign key leads to a person (then the rows are not personal
    data in the register's sense). Shortest path through forward foreign keys, at most three steps."""
    ko = deque([(modell, "")])
    sett = {modell}
    while ko:
        m, sti = ko.popleft()
        if m._meta.label_lower == PERSONMODELL:
            return sti
        if sti.count("__") >= 2:
            continue
        for felt in m._meta.get_fields():
            if not (felt.is_relation and felt.concrete and (felt.many_to_one or felt.one_to_one)):
                continue
            mal = felt.related_model
            if mal is not None and mal not in sett:
                sett.add(mal)
                ko.append((mal, f"{sti}__{felt.name}" if sti else felt.name))
    return None


class AvgrensetAdminMixin(AvgrensetFremmednokkelMixin, TrygtInndataAdminMixin):
    """For ModelAdmin: the change list, change form and lookups see only the user's county/school, and every
    page that shows personal data writes an ``Innsyn`` row.

    Personal data: a model whose rows are about a person. By default that is a model from which a foreign-key
    path leads to ``vigo.Person`` (``person_sti``), so a new model about persons is audited without anyone
    remembering to. A ModelAdmin may say it outright: ``personopplysninger = True/False`` and
    ``innsyn_person = "soknad__person"`` (the lookup path to the person, "" for Person itself).
    """

    personopplysninger: bool | None = None
    innsyn_person: str | None = None

    def get_queryset(self, request):
        return avgrens(super().get_queryset(request), request.user)

    # --- the audit log -------------------------------------------------------------------------------------
    def _person_sti(self) -> str | None:
        return self.innsyn_person if self.innsyn_person is not None else person_sti(self.model)

    def _har_personopplysninger(self) -> bool:
        if self.personopplysninger is not None:
            return self.personopplysninger
        return self._person_sti() is not None

    @staticmethod
    def _folg(obj, sti: str | None):
        """The object at the end of a lookup path ("soknad__person"), or None where the path breaks."""
        if obj is None or sti is None:
            return None
        for ledd in filter(None, sti.split("__")):
            obj = getattr(obj, ledd, None)
            if obj is None:
                return None
        return obj

    def _person_for(self, obj):
        return self._folg(obj, self._person_sti())

    @staticmethod
    def _vist(request, svar) -> bool:
        # Only a page actually shown is an access: not a 404, a redirect or the POST that saves a form.
        return request.method in ("GET", "HEAD") and svar.status_code == 200

    def _logg_objekt(self, request, object_id, svar, hva: str) -> None:
        """``hva`` with "{}" for the model's name, e.g. "historikk for {}"."""
        if not (self._vist(request, svar) and self._har_personopplysninger()):
            return
        from vigo.revisjon import logg_innsyn

        obj = self.get_object(request, unquote(object_id))
        # The row belongs to the county whose data was shown (a gjesteelev's søknad: the county handling it).
        fylke = self._folg(obj, getattr(getattr(self.model, "scoping", None), "fylke", None))
        logg_innsyn("vis", "Admin: " + hva.format(self.model._meta.verbose_name), request=request,
                    person=self._person_for(obj), fylke=fylke)  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        svar = super().changelist_view(request, extra_context)
        cl = (getattr(svar, "context_data", None) or {}).get("cl")
        if cl is None or not (self._vist(request, svar) and self._har_personopplysninger()):
            return svar
        q = (cl.query or "").strip()
        antall = cl.result_count
        if q or antall:
            from vigo.revisjon import eneste_person, logg_innsyn, sokebeskrivelse

            navn = self.model._meta.verbose_name_plural
            sti = self._person_sti()
            person = eneste_person(cl.queryset, sti) if antall and sti is not None else None
            hva = f"Admin: søk i {navn} {sokebeskrivelse(q, person)}" if q else f"Admin: liste over {navn}"
            logg_innsyn("sok" if q else "vis", hva, request=request, antall=antall, person=person)
        return svar

    def change_view(self, request, object_id, form_url="", extra_context=None):
        svar = super().change_view(request, object_id, form_url, extra_context)
        self._logg_objekt(request, object_id, svar, "{}")
        return svar

    def delete_view(self, request, object_id, extra_context=None):
        svar = super().delete_view(request, object_id, extra_context)
        self._logg_objekt(request, object_id, svar, "sletting av {}")
        return svar

    # --- history ---------------------------------------------------------------------------------------------
    # simple-history's history pages read the historical table directly, not get_queryset: check the scope.
    def _krev_historikk_i_omfang(self, request, object_id) -> None:
        bruker = request.user
        if bruker.er_systemadministrator or self.get_object(request, unquote(object_id)) is not None:
            return
        modell = self.model
        historikk = _historikk(modell)
        if historikk is None:
            # Django's own history page shows only live objects, and this one is outside the scope (or gone).
            raise Http404
        pk = {modell._meta.pk.attname: unquote(object_id)}
        try:
            if modell._default_manager.filter(**pk).exists() or bruker.skole_id is not None:
                raise Http404
            # A deleted object: its history is the county's if its last version belonged to the county.
            siste = historikk.filter(**pk).order_by("-history_date").first()
            eget = (
                siste is not None
                and historikk.filter(
                    history_id=siste.history_id, **{scoping_for(modell).fylke: bruker.fylke_id}
                ).exists()
            )
        except (FieldError, ValueError, ValidationError):
            eget = False
        if not eget:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._krev_gyldig_id(object_id, self.model._meta.pk)
        self._krev_historikk_i_omfang(request, object_id)
        svar = super().history_view(request, object_id, extra_context)
        self._logg_objekt(request, object_id, svar, "historikk for {}")
        return svar

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._krev_gyldig_id(object_id, self.model._meta.pk)
        self._krev_historikk_i_omfang(request, object_id)
        svar = super().history_form_view(request, object_id, version_id, extra_context)
        self._logg_objekt(request, object_id, svar, "historikk for {}, tidligere versjon")
        return svar

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """django-import-export: an export of county data is audited like every other export."""
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        from vigo.revisjon import logg_innsyn

        logg_innsyn("eksport", f"Admin: eksport av {self.model._meta.verbose_name_plural}", request=request,
                    antall=queryset.count())  # fmt: skip
        return data


class AvgrensetViewSetMixin:
    """For DRF viewsets: objects outside the scope answer 404, exactly like non-existing ones."""

    def get_queryset(self):
        return avgrens(super().get_queryset(), self.request.user)


class IFylkePermission(BasePermission):
    """DRF object permission: the object must be inside the user's scope (defence in depth)."""

    def has_object_permission(self, request, view, obj) -> bool:
        return kan_se(request.user, obj)
