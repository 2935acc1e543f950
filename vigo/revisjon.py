"""Writing the audit log of access to personal data (one function, used by views, exports and the API)."""

from __future__ import annotations

from vigo.models import Innsyn


def _ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def logg_innsyn(
    handling: str,
    hva: str,
    *,
    bruker=None,
    aktor: str = "",
    person=None,
    antall: int = 1,
    fylke=None,
    request=None,
) -> Innsyn:
    if bruker is None and request is not None and request.user.is_authenticated:
        bruker = request.user
    return Innsyn.objects.create(
        handling=handling,
        hva=hva[:300],
        bruker=bruker,
        aktor=aktor or (bruker.get_username() if bruker else "system"),
        person=person,
        antall=antall,
        fylke=fylke or (person.fylke if person is not None else getattr(bruker, "fylke", None)),
        ip=_ip(request),
    )
