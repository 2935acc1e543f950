"""Writes of the system parameters: set a county's values for a school year, copy them to the next year.

``sett_parametere`` is the only writer behind the page: the permission is checked here (the county's
fylkesadministrator or a system administrator), every value is validated by its registered field and the rules
across parameters before anything is written, and the changed values are written in one transaction, each with
a simple-history row (who, when, the new value). A value equal to the default that the county has never set is
not stored, so the default (which may follow the school year or a field in the code register) keeps applying.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from kodeverk.models import Fylke, Skolear
from vigo import parametere as register
from vigo.models import Systemparameter
from vigo.parametere.selectors import glem_leste, parametere, skolearkode


def _aktiv(bruker) -> bool:
    return bruker is not None and getattr(bruker, "is_authenticated", False) and bruker.is_active


def kan_se(bruker, fylke: Fylke) -> bool:
    """The county's own users with a role that reads parameters (caseworkers, read access, the administrator),
    and system administrators for every county. School users do not."""
    if not _aktiv(bruker):
        return False
    if bruker.er_systemadministrator:
        return True
    return (
        bruker.has_perm("vigo.view_systemparameter")
        and bruker.fylke_id == fylke.pk
        and bruker.skole_id is None
    )


def kan_endre(bruker, fylke: Fylke) -> bool:
    """The county's fylkesadministrator (the role holds ``vigo.change_systemparameter``) or a system
    administrator."""
    if not _aktiv(bruker):
        return False
    if bruker.er_systemadministrator:
        return True
    return (
        bruker.has_perm("vigo.change_systemparameter")
        and bruker.fylke_id == fylke.pk
        and bruker.skole_id is None
    )


def sett_parametere(fylke: Fylke, skolear, verdier: Mapping[str, Any], bruker) -> list[str]:
    """Set the county's values for a school year. ``verdier`` maps keys to values, as text from a form or typed.

    All or nothing: a ValidationError ``{nokkel: [melding]}`` names every value that is wrong, and then nothing is
    written. Returns the keys whose value changed.
    """
    if not kan_endre(bruker, fylke):
        raise PermissionDenied(
            f"Bare fylkesadministratoren i {fylke.navn} eller en systemadministrator kan endre systemparametere."
        )
    kode = skolearkode(skolear)
    if not Skolear.objects.filter(kode=kode).exists():
        raise ValidationError(f"Skoleåret {kode} finnes ikke i kodeverket.")
    feil: dict[str, list[str]] = {}
    rene: dict[str, Any] = {}
    for nokkel, raa in verdier.items():
        try:
            p = register.hent(nokkel)
        except KeyError:
            feil[nokkel] = ["Ukjent parameter."]
            continue
        try:
            rene[nokkel] = p.rens(raa)
        except ValidationError as e:
            feil[nokkel] = list(e.messages)
    if not feil:
        effektive = {**parametere(fylke, kode), **rene}
        for kontroll in register.kontroller():
            for nokkel, melding in (kontroll(effektive, kode) or {}).items():
                feil.setdefault(nokkel, []).append(str(melding))
    if feil:
        raise ValidationError(feil)

    endret: list[str] = []
    with transaction.atomic():
        lagret = {
            r.nokkel: r
            for r in Systemparameter.objects.select_for_update().filter(
                fylke=fylke, skolear_id=kode, nokkel__in=list(rene)
            )
        }
        for nokkel, ny in rene.items():
            p = register.hent(nokkel)
            data = p.til_json(ny)
            rad = lagret.get(nokkel)
            if rad is None:
                if ny == p.standardverdi(fylke, kode):
                    continue
                rad = Systemparameter(fylke=fylke, skolear_id=kode, nokkel=nokkel, verdi=data)
            elif rad.verdi == data:
                continue
            rad.verdi = data
            rad.endret_av = bruker
            rad._history_user = bruker
            rad.save()
            endret.append(nokkel)
    glem_leste()
    return endret


def _flytt_ar(dato: datetime.date, ar: int) -> datetime.date:
    """The same day ``ar`` years later; 29 February becomes 28 February in a year without it."""
    nytt = dato.year + ar
    dag = min(dato.day, calendar.monthrange(nytt, dato.month)[1])
    return dato.replace(year=nytt, day=dag)


def kopier_til_neste_skolear(fylke: Fylke, fra, til, bruker=None) -> int:
    """Copy the county's stored values of school year ``fra`` to ``til`` (called when the årshjul is copied to the
    next year, inside its transaction). Dates move by the number of years between the two school years; values
    the county has already set in ``til`` are kept, so copying twice is harmless. The caller checks the right to
    copy (``arshjul.services.kopier_til_neste_ar`` is behind ``arshjul.add_hendelse``). Returns the number copied.
    """
    fra_kode, til_kode = skolearkode(fra), skolearkode(til)
    ar = int(til_kode[:4]) - int(fra_kode[:4])
    finnes = set(
        Systemparameter.objects.filter(fylke=fylke, skolear_id=til_kode).values_list("nokkel", flat=True)
    )
    nye = []
    for rad in Systemparameter.objects.filter(fylke=fylke, skolear_id=fra_kode).order_by("nokkel"):
        if rad.nokkel in finnes:
            continue
        verdi = rad.verdi
        try:
            p = register.hent(rad.nokkel)
        except KeyError:
            p = None  # a parameter no app declares any more: copied as it is
        if p is not None and p.type == register.Type.DATO and verdi:
            verdi = p.til_json(_flytt_ar(p.fra_json(verdi), ar))
        nye.append(Systemparameter(fylke=fylke, skolear_id=til_kode, nokkel=rad.nokkel, verdi=verdi,
                                   endret_av=bruker if _aktiv(bruker) else None))  # fmt: skip
    if nye:
        glem_leste()
        with transaction.atomic():
            bulk_create_with_history(nye, Systemparameter, default_user=bruker if _aktiv(bruker) else None,
                                     default_change_reason=f"Kopiert fra {fra_kode}")  # fmt: skip
    return len(nye)
