"""Login lockout: per user name *and* IP address, plus a per-IP limit across user names (django-axes).

Why two limits:
- Locking a user name alone (what we did first) let anybody who knows a name lock that person out from anywhere
  for 30 minutes, the admin login included. A lock on the pair (user name, IP) only stops the address that is
  guessing, so the real user elsewhere can still log in.
- The pair alone lets one address try one password across many user names. The per-IP limit stops that; it is
  higher than the pair limit because a county office sits behind one NAT address and several people mistype.

axes compares one number with one limit (AXES_FAILURE_LIMIT). ``get_failures`` therefore returns the pair's
failures, or the pair limit itself once the address has reached ``AXES_IP_FAILURE_LIMIT`` across all names.
A successful login resets only its own pair: otherwise an attacker with one valid account could clear the
per-IP count between rounds of guessing.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum

# The order matters: get_user_attempts returns one queryset per entry, in this order.
LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]


def _sum(qs) -> int:
    return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0


class VigoAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        par, per_ip = self.get_user_attempts(request, credentials)
        if _sum(per_ip) >= settings.AXES_IP_FAILURE_LIMIT:
            return get_failure_limit(request, credentials)
        return _sum(par)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        par = self.filter_user_attempts(request, credentials)[0]
        antall, _ = par.delete()
        return antall
