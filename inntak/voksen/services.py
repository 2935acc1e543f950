"""Writes of the intake of adults (opplæringsforskrifta kapittel 13, docs/regler.md §9).

One function per state change, each in one transaction with its audit rows (``Saksbehandlingslogg`` per søknad,
the same log the søknad services write) and history (``Voksenplass.history``):

* ``plasser_voksne``: every complete, waiting adult applicant of a county and school year, in § 13-4 order, gets
  the highest wish that still has a free place. Nobody is put on a waitlist (§ 13-3): who gets nothing now is
  simply still waiting, and is reached by the next call (the job 1V001 runs every night).
* ``tildel_voksenplass``: a caseworker gives one applicant a place at one tilbud for adults.
* ``endre_voksenplass_status``: accepted, declined or withdrawn, by the table ``VOKSENPLASS_OVERGANGER``.

Permissions: the user needs the model permission and must belong to the county (``vigo.scoping.krev_fylke``);
``bruker=None`` is the system (the nightly job), as for the other jobs.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from inntak.models import Saksbehandlingslogg, Soknad, SoknadStatus, Tilbud, Voksenplass
from inntak.models.soknad import Inntakstype
from inntak.models.voksen import OPPTAR_PLASS, VOKSENPLASS_OVERGANGER, VoksenplassStatus
from inntak.services.soknad import logg
from inntak.voksen import selectors
from vigo.scoping import krev_fylke

log = logging.getLogger(__name__)

TILDEL = "inntak.add_voksenplass"
ENDRE = "inntak.change_voksenplass"


def _ekte(bruker) -> bool:
    return bruker is not None and getattr(bruker, "is_authenticated", False)


def krev_tilgang(bruker, fylke_id: int, tillatelse: str = TILDEL) -> None:
    """The user may place adults in the county: the permission (intake caseworkers, system administrators), the
    county, and not a school user (placing is the county's task, § 13-4). ``None`` = the system."""
    if bruker is None:
        return
    if not bruker.has_perm(tillatelse) or (bruker.skole_id is not None and not bruker.er_systemadministrator):
        raise PermissionDenied(_("Du har ikke tilgang til å tildele plasser i inntaket av voksne."))
    krev_fylke(bruker, fylke_id)


def kan(bruker, fylke_id: int, tillatelse: str = TILDEL) -> bool:
    """``krev_tilgang`` as a yes/no, for pages that show or hide the buttons."""
    try:
        krev_tilgang(bruker, fylke_id, tillatelse)
    except PermissionDenied:
        return False
    return bruker is not None


def _laas_tilbud(fylke, skolear) -> None:
    """Serialise placement in a county and year: the adult tilbud rows, in id order (no deadlocks)."""
    list(
        Tilbud.objects.select_for_update()
        .filter(fylke=fylke, skolear=skolear, voksenopplaering=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def plasser_voksne(fylke, skolear, bruker, *, naa: datetime.datetime | None = None) -> dict[str, int]:
    """Place the waiting adults of ``fylke`` and ``skolear`` (see the module docstring). Idempotent: a second call
    places only applicants who can be reached since (new or freed places, newly complete søknader).

    Returns the counts: ``sokere`` (complete and waiting before the call), ``tildelt``, ``venter`` (still waiting:
    ``venter_fulle`` every wished tilbud is full, ``venter_uten_onsker`` no wish to a tilbud for adults) and
    ``ikke_komplett`` (not in the intake until complete)."""
    krev_tilgang(bruker, fylke.pk)
    _laas_tilbud(fylke, skolear)
    plan = selectors.planlegg(fylke, skolear)
    naa = naa or timezone.now()
    av = bruker if _ekte(bruker) else None
    tilbud = Tilbud.objects.select_related("skole", "programomrade", "skolear").in_bulk(
        {tid for _, tid, _ in plan.tildelt}
    )
    plasser = [
        Voksenplass(soknad_id=sid, tilbud_id=tid, onske_nr=nr, tildelt=naa, tildelt_av=av)
        for sid, tid, nr in plan.tildelt
    ]
    if plasser:
        bulk_create_with_history(plasser, Voksenplass, batch_size=2000, default_user=av)
        Saksbehandlingslogg.objects.bulk_create(
            [
                Saksbehandlingslogg(
                    soknad_id=sid,
                    bruker=av,
                    handling="voksenplass",
                    tekst=_(
                        "Plass tilbudt i inntaket av voksne: ønske %(nr)d, %(tilbud)s (opplæringsforskrifta "
                        "§ 13-4, første ledige plass i prioritert rekkefølge)."
                    )
                    % {"nr": nr, "tilbud": tilbud[tid]},
                )  # fmt: skip
                for sid, tid, nr in plan.tildelt
            ],
            batch_size=2000,
        )
    telling = plan.telling()
    log.info(
        # key=value only: «5 søker» reads like a name to the log guard (and to a log search)
        "Inntak av voksne fylke=%s skolear=%s: sokere=%d tildelt=%d venter=%d fulle=%d uten_onsker=%d",
        fylke.nummer, skolear.kode, telling["sokere"], telling["tildelt"], telling["venter"],
        telling["venter_fulle"], telling["venter_uten_onsker"],
    )  # fmt: skip
    return telling


@transaction.atomic
def tildel_voksenplass(soknad: Soknad, tilbud: Tilbud, bruker) -> Voksenplass:
    """A caseworker gives one adult applicant a place at one tilbud for adults (it must have a free place)."""
    soknad = Soknad.objects.select_for_update().select_related("fylke", "skolear").get(pk=soknad.pk)
    krev_tilgang(bruker, soknad.fylke_id)
    tilbud = (
        Tilbud.objects.select_for_update()
        .select_related("skole", "programomrade", "skolear")
        .get(pk=tilbud.pk)
    )
    feil = []
    if soknad.inntakstype != Inntakstype.VOKSEN:
        feil.append(_("Søknaden hører til det ordinære inntaket, ikke inntaket av voksne (opplæringsforskrifta "
                      "kapittel 13)."))  # fmt: skip
    if soknad.status == SoknadStatus.TRUKKET:
        feil.append(_("Søknaden er trukket."))
    if soknad.komplett is None:
        feil.append(_("Søknaden er ikke komplett. Voksne tas inn i rekkefølgen etter § 13-4 først når søknaden "
                      "er komplett."))  # fmt: skip
    if Voksenplass.objects.filter(soknad=soknad).exists():
        feil.append(_("Søkeren har allerede fått en plass i inntaket av voksne."))
    if not tilbud.voksenopplaering:
        feil.append(_("%(tilbud)s er ikke et tilbud for voksne.") % {"tilbud": tilbud})
    if tilbud.fylke_id != soknad.fylke_id or tilbud.skolear_id != soknad.skolear_id:
        feil.append(_("%(tilbud)s hører ikke til fylket og skoleåret søknaden gjelder.") % {"tilbud": tilbud})
    opptatt = Voksenplass.objects.filter(tilbud=tilbud, status__in=OPPTAR_PLASS).count()
    if opptatt >= tilbud.plasser:
        feil.append(_("%(tilbud)s har ingen ledige plasser (%(n)d av %(n)d er tatt).")
                    % {"tilbud": tilbud, "n": tilbud.plasser})  # fmt: skip
    if feil:
        raise ValidationError(feil)
    nr = soknad.onsker.filter(tilbud=tilbud).values_list("nr", flat=True).first()
    plass = Voksenplass.objects.create(
        soknad=soknad,
        tilbud=tilbud,
        onske_nr=nr,
        tildelt=timezone.now(),
        tildelt_av=bruker if _ekte(bruker) else None,
    )
    onske = _("ønske %(nr)d") % {"nr": nr} if nr else _("ikke blant ønskene")
    logg(soknad, "voksenplass", _("Plass tilbudt av saksbehandler i inntaket av voksne: %(tilbud)s (%(onske)s).")
         % {"tilbud": tilbud, "onske": onske}, bruker)  # fmt: skip
    return plass


@transaction.atomic
def endre_voksenplass_status(plass: Voksenplass, ny_status: str, bruker) -> Voksenplass:
    """Move a place to ``ny_status`` if ``VOKSENPLASS_OVERGANGER`` allows it (compare-and-set under a row lock).
    A declined or withdrawn place is free for the next applicant in § 13-4 order."""
    plass = Voksenplass.objects.select_for_update().select_related("tilbud", "soknad").get(pk=plass.pk)
    krev_tilgang(bruker, plass.tilbud.fylke_id, ENDRE)
    fra = plass.status
    if ny_status not in VoksenplassStatus.values or ny_status not in VOKSENPLASS_OVERGANGER.get(fra, set()):
        til = VoksenplassStatus(ny_status).label if ny_status in VoksenplassStatus.values else ny_status
        raise ValidationError(
            _("Plassen kan ikke gå fra «%(fra)s» til «%(til)s».")
            % {"fra": VoksenplassStatus(fra).label, "til": til}
        )
    plass.status = ny_status
    plass.save(update_fields=["status", "endret"])
    logg(plass.soknad, "voksenplass", _("Plassen i inntaket av voksne endret fra «%(fra)s» til «%(til)s».")
         % {"fra": VoksenplassStatus(fra).label, "til": VoksenplassStatus(ny_status).label}, bruker)  # fmt: skip
    return plass
