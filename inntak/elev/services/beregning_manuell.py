"""Changes a caseworker makes to one elevkurs's computed columns from the UI (docs/elev.md §9.4, §9.7):
avbrudd and its reversal, and the manual elevstatus (Vedlegg 1, rule 1).

Each service checks ``elev.change_elevforhold`` and the user's scope, writes history with the user and the reason
in the same transaction, and recomputes the elevkurs right after, so the page never shows a stale status.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inntak.elev.models import Elevfag, Elevforhold
from inntak.elev.regler import avbrudd as avbruddsregler
from inntak.elev.services.beregning import (
    GRUNN_KASKADE,
    _med_historikk,
    beregn_elevkurs,
    kaskade_avbrudd,
    sikre_elevstatuskoder,
)
from vigo.scoping import avgrens

__all__ = ["avbryt_elevkurs", "fjern_manuell_elevstatus", "opphev_avbrudd", "sett_manuell_elevstatus"]

TILLATELSE = "elev.change_elevforhold"


def _krev(bruker, elevkurs: Elevforhold) -> None:
    if bruker is None or not bruker.has_perm(TILLATELSE):
        raise PermissionDenied(_("Du har ikke tilgang til å endre elevkurs."))
    if not avgrens(Elevforhold.objects.filter(pk=elevkurs.pk), bruker).exists():
        raise PermissionDenied(_("Elevkurset er utenfor tilgangen din og kan ikke endres herfra."))


def _krev_grunn(grunn: str, maks: int = 200) -> str:
    grunn = (grunn or "").strip()
    if not grunn:
        raise ValidationError({"grunn": _("Oppgi en grunn.")})
    if len(grunn) > maks:
        raise ValidationError({"grunn": _("Grunnen kan ha høyst %(maks)s tegn.") % {"maks": maks}})
    return grunn


def _lagre(ek: Elevforhold, bruker, grunn: str, felt: list[str]) -> None:
    ek._history_user = bruker
    ek._change_reason = grunn
    ek.save(update_fields=[*felt, "endret"])


def _regelfag(ek: Elevforhold) -> list[avbruddsregler.Elevfag]:
    return [
        avbruddsregler.Elevfag(
            fagkode=kode, fagstatus=status, startdato=start, avbruddsdato=slutt, h1=t1, h2=t2, standpunkt=sp,
            skriftlig=skr, muntlig=mun, annen=ann,
        )
        for kode, status, start, slutt, t1, t2, sp, skr, mun, ann in Elevfag.objects.filter(elevkurs=ek)
        .order_by("fag__kode")
        .values_list("fag__kode", "fagstatus__kode", "startdato", "avbruddsdato", "karakter_t1", "karakter_t2",
                     "standpunkt", "skriftlig", "muntlig", "annen")
    ]  # fmt: skip


# --- Avbrudd -----------------------------------------------------------------------------------------------------
def avbryt_elevkurs(
    bruker, elevkurs: Elevforhold, *, dato: datetime.date, arsak: str, grunn: str
) -> avbruddsregler.Avbrudd:
    """Avbruddsdato on the programområde (B04): the cascade of ``regler.avbrudd.avbryt``, written set-based
    (:func:`kaskade_avbrudd`), and the elevkurs recomputed. Returns the rule's result with its explanation.

    A date before the pupil's startdato is refused (no fag can end before the first school day)."""
    _krev(bruker, elevkurs)
    grunn = _krev_grunn(grunn)
    arsak = (arsak or "").strip()
    if len(arsak) > 100:
        raise ValidationError({"arsak": _("Avbruddsårsaken kan ha høyst 100 tegn.")})
    with transaction.atomic():
        ek = Elevforhold.objects.select_for_update().get(pk=elevkurs.pk)
        try:
            resultat = avbruddsregler.avbryt(dato, _regelfag(ek), forste_skoledag=ek.startdato)
        except avbruddsregler.Ugyldig as feil:
            raise ValidationError({"dato": str(feil)}) from None
        ek.avbruddsdato = dato
        ek.avbruddsarsak = arsak
        _lagre(ek, bruker, f"Avbrudd registrert: {grunn}", ["avbruddsdato", "avbruddsarsak"])
        kaskade_avbrudd([ek.pk], bruker=bruker, grunn=grunn)
        beregn_elevkurs(elevkurs_ids=[ek.pk], bruker=bruker)
    return resultat


_GJENOPPRETT_FAG = _med_historikk(
    Elevfag,
    """UPDATE elev_elevfag ef SET fagstatus_id = f.fagstatus_id, avbruddsdato = f.avbruddsdato, endret = %(na)s
    FROM (
        SELECT s.id, p.fagstatus_id, p.avbruddsdato
        FROM (
            SELECT DISTINCT ON (h.id) h.id, h.history_id, h.history_date, h.history_change_reason
            FROM elev_historicalelevfag h JOIN elev_elevfag e ON e.id = h.id
            WHERE e.elevkurs_id = %(ek)s
            ORDER BY h.id, h.history_date DESC, h.history_id DESC
        ) s
        JOIN LATERAL (
            SELECT hh.fagstatus_id, hh.avbruddsdato FROM elev_historicalelevfag hh
            WHERE hh.id = s.id AND (hh.history_date, hh.history_id) < (s.history_date, s.history_id)
            ORDER BY hh.history_date DESC, hh.history_id DESC LIMIT 1
        ) p ON true
        WHERE s.history_change_reason LIKE %(kaskade)s
    ) f
    WHERE ef.id = f.id""",
    tabell_alias="ef",
)


def opphev_avbrudd(bruker, elevkurs: Elevforhold, *, grunn: str) -> dict[str, Any]:
    """Undo an avbrudd (docs/elev.md §9.4): the avbruddsdato and -årsak are cleared; every fag line whose latest
    change was the cascade gets its fagstatus and avbruddsdato from just before the cascade (from history); a
    line changed after the cascade (e.g. graded, or set to S by the school) is left as it is. The fullførtkode S
    the cascade set goes back to the value before it. Elevstatus is then recomputed."""
    _krev(bruker, elevkurs)
    grunn = _krev_grunn(grunn)
    with transaction.atomic():
        ek = Elevforhold.objects.select_for_update().get(pk=elevkurs.pk)
        if ek.avbruddsdato is None:
            raise ValidationError(_("Elevkurset er ikke avbrutt."))
        with connection.cursor() as c:
            c.execute(
                _GJENOPPRETT_FAG,
                {"ek": ek.pk, "kaskade": f"{GRUNN_KASKADE}%", "na": timezone.now(),
                 "grunn": f"Avbrudd opphevet: {grunn}", "bruker": bruker.pk},
            )  # fmt: skip
            fag = c.rowcount
        felt = ["avbruddsdato", "avbruddsarsak"]
        if ek.fullfortkode == avbruddsregler.SLUTTET:
            ek.fullfortkode = _fullfortkode_for_kaskaden(ek)
            felt.append("fullfortkode")
        ek.avbruddsdato = None
        ek.avbruddsarsak = ""
        _lagre(ek, bruker, f"Avbrudd opphevet: {grunn}", felt)
        beregn_elevkurs(elevkurs_ids=[ek.pk], bruker=bruker)
    return {"gjenopprettede_fag": fag, "fullfortkode": ek.fullfortkode}


def _fullfortkode_for_kaskaden(ek: Elevforhold) -> str:
    historikk = Elevforhold.history.filter(id=ek.pk).order_by("-history_date", "-history_id")
    kaskade = historikk.filter(history_change_reason__startswith=GRUNN_KASKADE).first()
    if kaskade is None:
        return avbruddsregler.SLUTTET  # S came from the school, not the cascade: keep it
    forrige = historikk.filter(
        Q(history_date__lt=kaskade.history_date)
        | Q(history_date=kaskade.history_date, history_id__lt=kaskade.history_id)
    ).first()
    return forrige.fullfortkode if forrige is not None else ""


# --- Manual elevstatus (rule 1) ----------------------------------------------------------------------------------
def sett_manuell_elevstatus(bruker, elevkurs: Elevforhold, *, kode: str, grunn: str) -> Elevforhold:
    """Set a manual elevstatus that overrides the computation (Vedlegg 1, rule 1) until removed; the elevkurs is
    recomputed at once, so its elevstatus is the manual one."""
    _krev(bruker, elevkurs)
    grunn = _krev_grunn(grunn)
    koder = sikre_elevstatuskoder()
    kode = (kode or "").strip().upper()
    if kode not in koder:
        raise ValidationError({"kode": _("Ukjent elevstatus «%(kode)s».") % {"kode": kode}})
    with transaction.atomic():
        ek = Elevforhold.objects.select_for_update().get(pk=elevkurs.pk)
        ek.elevstatus_manuell_id = koder[kode]
        ek.elevstatus_manuell_grunn = grunn
        _lagre(ek, bruker, f"Manuell elevstatus {kode}: {grunn}",
               ["elevstatus_manuell", "elevstatus_manuell_grunn"])  # fmt: skip
        beregn_elevkurs(elevkurs_ids=[ek.pk], bruker=bruker)
    ek.refresh_from_db()
    return ek


def fjern_manuell_elevstatus(bruker, elevkurs: Elevforhold, *, grunn: str) -> Elevforhold:
    """Remove the manual elevstatus; the computed one applies again at once."""
    _krev(bruker, elevkurs)
    grunn = _krev_grunn(grunn)
    with transaction.atomic():
        ek = Elevforhold.objects.select_for_update().get(pk=elevkurs.pk)
        if ek.elevstatus_manuell_id is None:
            raise ValidationError(_("Elevkurset har ingen manuell elevstatus."))
        ek.elevstatus_manuell = None
        ek.elevstatus_manuell_grunn = ""
        _lagre(ek, bruker, f"Manuell elevstatus fjernet: {grunn}",
               ["elevstatus_manuell", "elevstatus_manuell_grunn"])  # fmt: skip
        beregn_elevkurs(elevkurs_ids=[ek.pk], bruker=bruker)
    ek.refresh_from_db()
    return ek
