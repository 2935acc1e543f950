"""Third-party admin pages, closed to everyone but system administrators.

Their models hold no county, so they cannot be scoped: beat tasks carry other counties' planned runs (kwargs
name a PlanlagtKjoring and run as the user who planned it), axes logs list every county's user names and
addresses, and roles decide what everyone may do. County administrators manage their planned runs through the
årshjul (``arshjul.admin.PlanlagtKjoringAdmin``, which calls ``arshjul.planlegging``).

Even the system administrator's beat admin is read-only: scheduled tasks are created by the product's services
(``arshjul.planlegging.planlegg_kjoring``) and by ``CELERY_BEAT_SCHEDULE``, never from free-form task names and
kwargs in a form.

The third-party modules are imported here, before they are replaced, so the order of INSTALLED_APPS does not
matter: autodiscover finds them already imported and does not register them again.
"""

from __future__ import annotations

import axes.admin as axes_admin
import django_celery_beat.admin as beat_admin
import rest_framework_api_key.admin  # noqa: F401  (registers APIKey, unregistered below)
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from rest_framework_api_key.models import APIKey

from vigo.scoping import TrygtInndataAdminMixin


def _sysadmin(request) -> bool:
    bruker = request.user
    return bruker.is_active and bruker.is_authenticated and bruker.er_systemadministrator


class BareSystemadministrator(TrygtInndataAdminMixin):
    """Every permission also requires a system administrator (a model permission alone is not enough).
    The packages' change lists also answer absurd filter values with "?e=1", not a 500 (TrygtInndataAdminMixin)."""

    def has_module_permission(self, request):
        return _sysadmin(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _sysadmin(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return _sysadmin(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _sysadmin(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _sysadmin(request) and super().has_delete_permission(request, obj)


class BareLesing:
    """Shown, never written from the admin."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OppgaveAdmin(BareSystemadministrator, BareLesing, beat_admin.PeriodicTaskAdmin):
    # The enable/disable/run actions write without a form (run would start a planned job early).
    actions = None
    form = forms.ModelForm  # the package's form only serves its task picker
    change_form_template = None  # the package's template is for its editable form

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": [f.name for f in PeriodicTask._meta.fields if f.name != "id"]})]


class TidsplanAdmin(BareSystemadministrator, BareLesing, admin.ModelAdmin):
    pass


class SperringAdmin(BareSystemadministrator, axes_admin.AccessAttemptAdmin):
    """A system administrator still deletes an attempt to lift a lockout."""


class InnloggingsloggAdmin(BareSystemadministrator, axes_admin.AccessLogAdmin):
    """The login log is evidence: shown, never edited (the package leaves ``session_hash`` editable)."""

    def has_change_permission(self, request, obj=None):
        return False


class FeilloggAdmin(BareSystemadministrator, axes_admin.AccessFailureLogAdmin):
    pass


class RolleAdmin(BareSystemadministrator, GroupAdmin):
    """Roles are set by vigo.roller after every migrate; changing one here changes everyone who holds it."""


def _erstatt(modell, admin_klasse) -> None:
    """Replace the package's registration (none if the package's settings turned its admin off)."""
    if admin.site.is_registered(modell):
        admin.site.unregister(modell)
        admin.site.register(modell, admin_klasse)


_erstatt(PeriodicTask, OppgaveAdmin)
for _modell in (ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule):
    _erstatt(_modell, TidsplanAdmin)
_erstatt(AccessAttempt, SperringAdmin)
_erstatt(AccessLog, InnloggingsloggAdmin)
_erstatt(AccessFailureLog, FeilloggAdmin)
_erstatt(Group, RolleAdmin)
# The package's own key model is not used (keys are vigo.ApiNokkel, with a client and a county).
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)
