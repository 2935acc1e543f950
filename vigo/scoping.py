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

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
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


class AvgrensetAdminMixin:
    """For ModelAdmin: the change list, change form and lookups see only the user's county/school."""

    def get_queryset(self, request):
        return avgrens(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        rel = db_field.related_model
        if getattr(rel, "scoping", None) is not None:
            kwargs["queryset"] = avgrens(rel._default_manager.all(), request.user)
        elif rel.__name__ == "Fylke" and not request.user.er_systemadministrator:
            kwargs["queryset"] = rel._default_manager.filter(pk=request.user.fylke_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AvgrensetViewSetMixin:
    """For DRF viewsets: objects outside the scope answer 404, exactly like non-existing ones."""

    def get_queryset(self):
        return avgrens(super().get_queryset(), self.request.user)


class IFylkePermission(BasePermission):
    """DRF object permission: the object must be inside the user's scope (defence in depth)."""

    def has_object_permission(self, request, view, obj) -> bool:
        return kan_se(request.user, obj)
