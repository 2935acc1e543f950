"""County and school scoping in one place, used by views, admin and API alike.

Every model that holds county data declares how it reaches a fylke (and optionally a school) with a
``Scoping`` on the class attribute ``scoping``. ``avgrens(queryset, bruker)`` is the only function that
filters by user; views (``AvgrensetMixin``), the admin (``AvgrensetAdminMixin``) and DRF
(``AvgrensetViewSetMixin`` + ``IFylkePermission``) all call it. A model without ``scoping`` is refused, so
forgetting to scope a new model fails loudly instead of leaking data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldError, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from rest_framework.permissions import BasePermission


@dataclass
class Scoping:
    """How a model reaches its county and school.

    fylke: lookup path to the Fylke (e.g. "fylke" or "soknad__person__fylke").
    skole: lookup path to a Skole, or None. Further school links can be registered by other apps with
        ``legg_til_skolekobling`` (e.g. inntak registers "persons who applied to a tilbud at the school").
    """

    fylke: str
    skole: str | None = None
    ekstra_skolekoblinger: list[Callable[[int], Q]] = field(default_factory=list)
    ekstra_fylkekoblinger: list[Callable[[int], Q]] = field(default_factory=list)

    def fylke_q(self, fylke_id: int) -> Q:
        q = Q(**{self.fylke: fylke_id})
        for kobling in self.ekstra_fylkekoblinger:
            q |= kobling(fylke_id)
        return q

    def skole_q(self, skole_id: int) -> Q:
        q = Q(pk__in=[])
        if self.skole:
            q |= Q(**{self.skole: skole_id})
        for kobling in self.ekstra_skolekoblinger:
            q |= kobling(skole_id)
        return q


def scoping_for(model: type[Model]) -> Scoping:
    s = getattr(model, "scoping", None)
    if not isinstance(s, Scoping):
        raise ImproperlyConfigured(f"{model.__name__} har ingen scoping; legg til `scoping = Scoping(...)`.")
    return s


def legg_til_skolekobling(model: type[Model], kobling: Callable[[int], Q]) -> None:
    """Let another app say how a school reaches rows of ``model`` (called from AppConfig.ready)."""
    s = scoping_for(model)
    if kobling not in s.ekstra_skolekoblinger:
        s.ekstra_skolekoblinger.append(kobling)


def legg_til_fylkekobling(model: type[Model], kobling: Callable[[int], Q]) -> None:
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
    if s.ekstra_fylkekoblinger:
        qs = qs.filter(pk__in=qs.model._default_manager.filter(s.fylke_q(bruker.fylke_id)).values("pk"))
    else:
        qs = qs.filter(**{s.fylke: bruker.fylke_id})
    if bruker.skole_id is not None:
        qs = qs.filter(pk__in=qs.model._default_manager.filter(s.skole_q(bruker.skole_id)).values("pk"))
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


class AvgrensetAdminMixin(AvgrensetFremmednokkelMixin):
    """For ModelAdmin: the change list, change form and lookups see only the user's county/school."""

    def get_queryset(self, request):
        return avgrens(super().get_queryset(request), request.user)

    # simple-history's history pages read the historical table directly, not get_queryset: check the scope.
    def _krev_historikk_i_omfang(self, request, object_id) -> None:
        bruker = request.user
        if bruker.er_systemadministrator or self.get_object(request, unquote(object_id)) is not None:
            return
        modell = self.model
        pk = {modell._meta.pk.attname: unquote(object_id)}
        historikk = getattr(modell, modell._meta.simple_history_manager_attribute)
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
        self._krev_historikk_i_omfang(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._krev_historikk_i_omfang(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

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
