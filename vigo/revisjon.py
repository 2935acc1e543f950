"""Writing the audit log of access to personal data (one function, used by views, exports and the API)."""

from __future__ import annotations

from django.conf import settings

from vigo.models import Innsyn, Person

# Six digits or more (also split by spaces): a fødselsnummer, a D-number or most of one. The audit text («hva»)
# must not hold one; the person it leads to is linked through Innsyn.person instead.
_MAKS_SIFFER = 5


def klient_ip(request) -> str | None:
    """The client's address, for the audit log and the login lockout (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT reverse proxies (ingress, load balancer) REMOTE_ADDR is the nearest proxy; each
    proxy appends the address it saw to X-Forwarded-For, so the client is the N-th entry from the right. Entries
    further left are the client's own words and are never trusted. With 0 (the default) the header is ignored.
    """
    if request is None:
        return None
    antall = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if antall > 0:
        kjede = [d.strip() for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if d.strip()]
        if len(kjede) >= antall:
            return kjede[-antall][:45]
    return request.META.get("REMOTE_ADDR")


_ip = klient_ip


def sokebeskrivelse(q: str, person: Person | None = None) -> str:
    """The search term as it may stand in ``hva``: a fødselsnummer (or part of one) is never written out, and
    a name is not either when the search landed on one person – that person is linked in Innsyn.person."""
    q = " ".join(q.split())
    if not q:
        return "uten søketekst"
    if sum(tegn.isdigit() for tegn in q) > _MAKS_SIFFER:
        return "på fødselsnummer"
    if person is not None:
        return "med ett treff"
    return f"«{q[:50]}»"


def eneste_person(qs, sti: str = "") -> Person | None:
    """The person every row of ``qs`` is about (``sti``: lookup path from the rows to the person, "" when the
    rows are persons), or None when they are about several. A search that lands on one person is linked to it."""
    ider = list(qs.order_by().values_list(f"{sti}__pk" if sti else "pk", flat=True).distinct()[:2])
    if len(ider) != 1 or ider[0] is None:
        return None
    return Person.objects.select_related("fylke").filter(pk=ider[0]).first()


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
