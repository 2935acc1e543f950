"""Who may manage whom: the role hierarchy in one place.

The rule: an actor manages a user (creates, changes, sets the password of, deletes) only if that user, before
and after the change, has no more rights than the actor:

- a superuser is managed only by a superuser;
- a user with a system-wide role (``vigo.alle_fylker``) only by a system administrator;
- every permission the user would hold (through roles or individually) must be one the actor holds;
- outside the system administrators, only users of the actor's own county (and school, for a school user).

A role (group) may be granted only if its permissions are a subset of the actor's own. API clients follow the
same idea: a scope may be granted only by an actor who holds the permissions the scope stands for.

The admin (``vigo.admin.BrukerAdmin``, ``vigo.api.admin``) and the services (``vigo.services_brukere``) call these
functions; nothing else decides it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from vigo.models import Scope
from vigo.scoping import avgrens

ALLE_FYLKER = "vigo.alle_fylker"


class IkkeTillatt(PermissionDenied):
    """The change would give a user more rights than the actor has (the message is shown to the actor)."""


# --- Rights as sets of "app_label.codename" --------------------------------------------------------------------


def _navn(perms: QuerySet) -> set[str]:
    return {f"{a}.{k}" for a, k in perms.values_list("content_type__app_label", "codename")}


def _aktorens_rettigheter(aktor) -> set[str]:
    """What the actor can use right now (an inactive actor has none)."""
    if not aktor.is_active:
        return set()
    if aktor.is_superuser:
        return _navn(Permission.objects.all())
    return set(aktor.get_all_permissions())


def mulige_rettigheter(
    grupper: Iterable[Group] | QuerySet, enkelt: Iterable[Permission] | QuerySet
) -> set[str]:
    """What a user with these roles and individual permissions would hold. ``is_active`` is deliberately ignored:
    a deactivated user's rights come back with one checkbox."""
    gruppe_ids = [g.pk for g in grupper]
    enkelt_ids = [p.pk for p in enkelt]
    return _navn(Permission.objects.filter(Q(group__in=gruppe_ids) | Q(pk__in=enkelt_ids)).distinct())


def brukerens_rettigheter(bruker) -> set[str]:
    if bruker.pk is None:
        return set()
    return mulige_rettigheter(bruker.groups.all(), bruker.user_permissions.all())


# --- Users -------------------------------------------------------------------------------------------------------


def _innenfor_omfang(aktor, fylke_id, skole_id) -> bool:
    if aktor.er_systemadministrator:
        return True
    if aktor.fylke_id is None or fylke_id != aktor.fylke_id:
        return False
    return aktor.skole_id is None or skole_id == aktor.skole_id


def hvorfor_ikke(aktor, *, is_superuser: bool, fylke_id, skole_id, rettigheter: set[str]) -> str | None:
    """Why ``aktor`` may not manage a user in this state, or None if it may. Used for the state before and
    after a change, so nobody can create, change or lift a user above themselves."""
    if aktor is None or not aktor.is_authenticated or not aktor.is_active:
        return "Du er ikke innlogget."
    if is_superuser and not aktor.is_superuser:
        return "Bare en superbruker kan forvalte en superbruker."
    if ALLE_FYLKER in rettigheter and not aktor.er_systemadministrator:
        return "Bare en systemadministrator kan forvalte brukere med tilgang til alle fylker."
    if not _innenfor_omfang(aktor, fylke_id, skole_id):
        return "Du kan bare forvalte brukere i ditt eget fylke."
    if not aktor.is_superuser:
        mangler = rettigheter - _aktorens_rettigheter(aktor)
        if mangler:
            return (
                "Brukeren ville fått rettigheter du ikke har selv: "
                + ", ".join(sorted(mangler)[:5])
                + (" …" if len(mangler) > 5 else "")
            )
    return None


def kan_forvalte_bruker(aktor, mal) -> bool:
    """May ``aktor`` change, set the password of or delete the existing user ``mal``?"""
    return (
        hvorfor_ikke(
            aktor,
            is_superuser=mal.is_superuser,
            fylke_id=mal.fylke_id,
            skole_id=mal.skole_id,
            rettigheter=brukerens_rettigheter(mal),
        )
        is None
    )


def forvaltbare_brukere(aktor, qs: QuerySet) -> QuerySet:
    """The users of ``qs`` that ``aktor`` may manage, as SQL; the same rule as ``kan_forvalte_bruker``.
    The admin shows only these, so users above the actor are not even listed."""
    qs = avgrens(qs, aktor)
    if aktor.is_superuser:
        return qs
    qs = qs.exclude(is_superuser=True)
    if not aktor.is_active:
        return qs.none()
    egne = Permission.objects.filter(Q(group__user=aktor) | Q(user=aktor)).values("pk")
    fremmede = Permission.objects.exclude(pk__in=egne)
    return qs.exclude(groups__permissions__in=fremmede).exclude(user_permissions__in=fremmede)


def grupper_aktor_kan_gi(aktor) -> QuerySet:
    """The roles whose permissions are all the actor's own (a system role only from a system administrator)."""
    if aktor.is_superuser:
        return Group.objects.all()
    if not aktor.is_active:
        return Group.objects.none()
    egne = Permission.objects.filter(Q(group__user=aktor) | Q(user=aktor)).values("pk")
    grupper = Group.objects.exclude(permissions__in=Permission.objects.exclude(pk__in=egne))
    if not aktor.er_systemadministrator:
        grupper = grupper.exclude(
            permissions__content_type__app_label="vigo", permissions__codename="alle_fylker"
        )
    return grupper


# --- API clients -------------------------------------------------------------------------------------------------

# What a scope lets the client do, said as the permissions a person needs to do the same in the product. An
# actor may grant a scope only if it holds these: a key is as strong as its client.
SCOPE_KREVER: dict[str, tuple[str, ...]] = {
    Scope.KODEVERK_LES: ("kodeverk.view_skole",),
    Scope.INNTAK_LES: ("inntak.view_tilbud",),
    Scope.ELEVER_LES: ("vigo.view_person",),
    Scope.ELEVER_SKRIV: ("vigo.view_person", "vigo.change_person"),
    Scope.KARAKTERER_LES: ("vigo.view_person",),
    Scope.KARAKTERER_SKRIV: ("vigo.view_person", "vigo.change_person", "inntak.change_karakter"),
    Scope.SOKNADER_SKRIV: ("vigo.view_person", "inntak.add_soknad", "inntak.change_soknad"),
    Scope.KONTRAKTER_LES: ("vigo.view_person", "fagopplaering.view_kontrakt"),
}


def scopes_aktor_kan_gi(aktor) -> list[str]:
    # A scope missing from SCOPE_KREVER is for system administrators until someone says what it stands for.
    egne = _aktorens_rettigheter(aktor)
    return [s for s in Scope.values if set(SCOPE_KREVER.get(s, (ALLE_FYLKER,))) <= egne]


def kan_forvalte_klient(aktor, klient) -> bool:
    """May ``aktor`` change the API client (or give it a new key)? Its county and every scope must be the actor's."""
    if aktor is None or not aktor.is_authenticated or not aktor.is_active:
        return False
    if not _innenfor_omfang(aktor, klient.fylke_id, klient.skole_id):
        return False
    return set(klient.scopes or []) <= set(scopes_aktor_kan_gi(aktor))
