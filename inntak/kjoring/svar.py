"""Answers to a published round (docs/regler/regler-2006.md §3.6) and the svarfrist.

* **ja** – accept the offered place; no waitlists.
* **ja og stå på venteliste** – accept and keep waitlist places on *chosen* higher wishes (only where the county
  allows it, ``Fylke.tillat_venteliste_ved_ja``). A later offer on one of them replaces the place automatically.
* **stå på venteliste** – no place offered; keep the waitlist places.
* **nei** – leaves the intake (the søknad is withdrawn).
* **svarfrist oversittet** – set by job 1I002 for søkere who had to answer and did not, unless a caseworker marked
  an exception; the place and the waitlist places are lost and the søker leaves the intake.

Answers are taken for the latest published round only, until its svarfrist has been processed; allowed changes
are the table ``SVAR_OVERGANGER``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from inntak.kjoring import livslop
from inntak.kjoring.services import hendelse
from inntak.models import (
    Inntakskjoring,
    Saksbehandlingslogg,
    Soknad,
    SoknadStatus,
    Svar,
    Tildeling,
    Venteliste,
)
from inntak.models.inntakskjoring import SVAR_OVERGANGER, SvarType
from inntak.models.soknad import OVERGANGER
from inntak.services import endre_status, logg
from vigo.parametere.selectors import parameter

S = SvarType


def apen_for_svar(ik: Inntakskjoring) -> bool:
    """Whether answers to ``ik`` are taken now (what the caseworker page and the applicant portal show)."""
    try:
        _sjekk_apen(ik)
    except ValidationError:
        return False
    return True


def _sjekk_apen(ik: Inntakskjoring, handling: str = livslop.Handling.SVAR) -> None:
    if not ik.publisert:
        raise ValidationError("Svar kan bare registreres på en publisert runde.")
    if ik.svarfrist_behandlet is not None:
        raise ValidationError("Svarfristen for runden er behandlet; svar kan ikke lenger endres.")
    livslop.krev(ik, handling)
    senere = Inntakskjoring.objects.filter(
        fylke_id=ik.fylke_id, skolear_id=ik.skolear_id, niva=ik.niva, publisert=True, runde__gt=ik.runde
    )
    if senere.exists():
        raise ValidationError("En senere runde er publisert; svar registreres på den.")


def trenger_svar_filter(ik: Inntakskjoring) -> Q:
    """The rule of ``trenger_svar`` as a filter on ``ik``'s ``Tildeling`` rows (set-based, for the lists): a new
    offer (not ``beholdt``, and not a fixed place already accepted in an earlier round), or no offer but waitlist
    places in ``ik`` without an earlier «venteliste» answer."""
    tidligere = _tidligere_svar(ik).filter(soknad_id=OuterRef("soknad_id"))
    pa_venteliste = Venteliste.objects.filter(inntakskjoring=ik, soknad_id=OuterRef("soknad_id"))
    akseptert = Exists(tidligere.filter(svar__in=[S.JA, S.JA_VENTELISTE]))
    return (
        Q(tilbud__isnull=True) & Q(Exists(pa_venteliste)) & ~Q(Exists(tidligere.filter(svar=S.VENTELISTE)))
    ) | (Q(tilbud__isnull=False) & Q(beholdt=False) & ~(Q(fast_plass=True) & Q(akseptert)))


def trenger_svar(ik: Inntakskjoring) -> set[int]:
    """Søknader that must answer this round: a new offer, or only waitlist places without an earlier answer.

    A place kept from an earlier round (``beholdt``), or a fixed place already accepted, needs no new answer.
    """
    return set(
        Tildeling.objects.filter(inntakskjoring=ik)
        .filter(trenger_svar_filter(ik))
        .values_list("soknad_id", flat=True)
    )


def _tidligere_svar(ik: Inntakskjoring):
    """The answers given to the earlier published rounds of ``ik``'s county, school year and level."""
    return Svar.objects.filter(
        inntakskjoring__fylke_id=ik.fylke_id, inntakskjoring__skolear_id=ik.skolear_id,
        inntakskjoring__niva=ik.niva, inntakskjoring__publisert=True, inntakskjoring__runde__lt=ik.runde,
    ).exclude(svar=S.IKKE_BESVART)  # fmt: skip


def trenger_svar_for(ik: Inntakskjoring, tildeling: Tildeling, pa_venteliste: bool) -> bool:
    """``tildeling.soknad_id in trenger_svar(ik)`` for one søknad whose tildeling in ``ik`` is already loaded
    (``pa_venteliste``: it has waitlist places in ``ik``): the same rule, with at most one small query instead of
    reading the whole round."""
    sid = tildeling.soknad_id
    if tildeling.tilbud_id is None:
        return pa_venteliste and not _tidligere_svar(ik).filter(soknad_id=sid, svar=S.VENTELISTE).exists()
    if tildeling.beholdt:
        return False
    if not tildeling.fast_plass:
        return True
    return not _tidligere_svar(ik).filter(soknad_id=sid, svar__in=[S.JA, S.JA_VENTELISTE]).exists()


@transaction.atomic
def registrer_svar(
    ik: Inntakskjoring,
    soknad: Soknad,
    svar: str,
    *,
    venteliste_tilbud: Sequence[int] = (),
    bruker=None,
) -> Svar:
    """Record the søker's answer to the round (by the caseworker, or from the applicant portal)."""
    ik = Inntakskjoring.objects.select_related("fylke").defer("snapshot", "resultat").get(pk=ik.pk)
    _sjekk_apen(ik)
    if svar not in (S.JA, S.JA_VENTELISTE, S.VENTELISTE, S.NEI):
        raise ValidationError(f"Ukjent svar «{svar}».")
    tildeling = Tildeling.objects.filter(inntakskjoring=ik, soknad=soknad).first()
    if tildeling is None:
        raise ValidationError("Søknaden var ikke med i denne runden.")
    rad, _ = Svar.objects.select_for_update().get_or_create(inntakskjoring=ik, soknad=soknad)
    if svar not in SVAR_OVERGANGER[rad.svar]:
        raise ValidationError(f"Svaret kan ikke endres fra «{S(rad.svar).label}» til «{S(svar).label}».")
    venter_pa = list(
        Venteliste.objects.filter(inntakskjoring=ik, soknad=soknad)
        .order_by("onske_nr")
        .values_list("tilbud_id", flat=True)
    )
    valgt = [int(t) for t in venteliste_tilbud]
    if svar in (S.JA, S.JA_VENTELISTE) and tildeling.tilbud_id is None:
        raise ValidationError(
            "Søkeren har ikke fått tilbud om plass i denne runden; svar «stå på venteliste» eller «nei»."
        )
    if svar == S.JA_VENTELISTE:
        if not parameter(ik.fylke, ik.skolear_id, "inntak.tillat_venteliste_ved_ja"):
            raise ValidationError(f"{ik.fylke.navn} tillater ikke «ja og stå på venteliste».")
        if not venter_pa:
            raise ValidationError(
                "Søkeren står ikke på venteliste til noe høyere ønske (tilbud på 1. ønske)."
            )
        if not valgt or not set(valgt) <= set(venter_pa):
            raise ValidationError("Velg minst ett høyere ønske som søkeren står på venteliste til.")
    if svar == S.VENTELISTE:
        if tildeling.tilbud_id is not None:
            raise ValidationError(
                "Søkeren har fått tilbud om plass; svar «ja», «ja og stå på venteliste» eller «nei»."
            )
        if not venter_pa:
            raise ValidationError("Søkeren står ikke på noen venteliste.")
        valgt = venter_pa
    rad.svar = svar
    rad.tilbud_id = tildeling.tilbud_id
    rad.venteliste_tilbud = valgt if svar in (S.JA_VENTELISTE, S.VENTELISTE) else []
    rad.besvart = timezone.now()
    rad.registrert_av = bruker if bruker is not None and bruker.is_authenticated else None
    rad.save()
    tekst = f"Svar på runde {ik.runde}: {S(svar).label}."
    if rad.venteliste_tilbud:
        tekst += f" Venteliste på {len(rad.venteliste_tilbud)} ønske(r)."
    logg(soknad, "svar", tekst, bruker)
    if svar == S.NEI:
        soknad.refresh_from_db(fields=["status"])
        if SoknadStatus.TRUKKET in OVERGANGER.get(soknad.status, set()):
            endre_status(soknad, SoknadStatus.TRUKKET, bruker=bruker)
    return rad


@transaction.atomic
def marker_unntak(
    ik: Inntakskjoring, soknad: Soknad, *, begrunnelse: str, unntak: bool = True, bruker=None
) -> Svar:
    """Exempt (or un-exempt) a søker from the svarfrist job; the job lists them instead."""
    _sjekk_apen(ik)
    if unntak and not begrunnelse.strip():
        raise ValidationError("Oppgi en begrunnelse for unntaket.")
    if not Tildeling.objects.filter(inntakskjoring=ik, soknad=soknad).exists():
        raise ValidationError("Søknaden var ikke med i denne runden.")
    rad, _ = Svar.objects.select_for_update().get_or_create(inntakskjoring=ik, soknad=soknad)
    rad.unntak = unntak
    rad.unntak_begrunnelse = begrunnelse.strip() if unntak else ""
    rad.save(update_fields=["unntak", "unntak_begrunnelse", "endret"])
    tekst = (f"Unntak fra svarfristen i runde {ik.runde}: {rad.unntak_begrunnelse}" if unntak
             else f"Unntak fra svarfristen i runde {ik.runde} er fjernet.")  # fmt: skip
    logg(soknad, "svarfrist", tekst, bruker)
    return rad


def sjekk_fristen_passert(ik: Inntakskjoring, idag: datetime.date | None = None) -> None:
    idag = idag or timezone.localdate()
    if ik.svarfrist is None or idag <= ik.svarfrist:
        frist = f"{ik.svarfrist:%d.%m.%Y}" if ik.svarfrist else "–"
        raise ValidationError(
            f"Svarfristen i runde {ik.runde} ({frist}) er ikke passert ennå. Svarfristen kan behandles fra dagen "
            f"etter fristen."
        )


def behandle_svarfrist(ik: Inntakskjoring, *, bruker=None, idag: datetime.date | None = None) -> dict:
    """Søkere who had to answer and did not lose their place and waitlist places and leave the intake.

    Søkere with an exception are kept and returned in ``unntak`` for the caseworkers' list. Set-based.
    """
    idag = idag or timezone.localdate()
    with transaction.atomic():
        ik = Inntakskjoring.objects.select_for_update().defer("snapshot", "resultat").get(pk=ik.pk)
        _sjekk_apen(ik, livslop.Handling.BEHANDLE_SVARFRIST)
        sjekk_fristen_passert(ik, idag)
        ma_svare = trenger_svar(ik)
        rader = {r.soknad_id: r for r in Svar.objects.filter(inntakskjoring=ik)}
        besvart = {sid for sid, r in rader.items() if r.svar != S.IKKE_BESVART}
        unntak = sorted(sid for sid in ma_svare - besvart if rader.get(sid) and rader[sid].unntak)
        mister = sorted(ma_svare - besvart - set(unntak))
        plass = dict(
            Tildeling.objects.filter(inntakskjoring=ik, soknad_id__in=mister).values_list(
                "soknad_id", "tilbud_id"
            )
        )
        naa = timezone.now()
        nye, endrede = [], []
        for sid in mister:
            r = rader.get(sid) or Svar(inntakskjoring=ik, soknad_id=sid)
            r.svar, r.tilbud_id, r.besvart, r.venteliste_tilbud = S.FRIST_OVERSITTET, plass.get(sid), naa, []
            (endrede if r.pk else nye).append(r)
        Svar.objects.bulk_create(nye, batch_size=5000)
        Svar.objects.bulk_update(endrede, ["svar", "tilbud", "besvart", "venteliste_tilbud"], batch_size=5000)
        trekkes = [s for s in Soknad.objects.filter(pk__in=mister)
                   if SoknadStatus.TRUKKET in OVERGANGER.get(s.status, set())]  # fmt: skip
        for s in trekkes:
            s.status = SoknadStatus.TRUKKET
        bulk_update_with_history(trekkes, Soknad, ["status"], batch_size=2000)
        tekst = f"Svarfristen i runde {ik.runde} ({ik.svarfrist:%d.%m.%Y}) er oversittet: plass og venteliste er tapt."
        Saksbehandlingslogg.objects.bulk_create(
            [Saksbehandlingslogg(soknad_id=sid, handling="svarfrist", tekst=tekst) for sid in mister],
            batch_size=5000,
        )
        ik.svarfrist_behandlet = naa
        ik.save(update_fields=["svarfrist_behandlet"])
        hendelse(ik, "svarfrist", f"Svarfrist behandlet: {len(mister)} mistet plassen, {len(unntak)} unntak, "
                 f"{len(besvart & ma_svare)} hadde svart.", bruker)  # fmt: skip
    return {
        "ma_svare": len(ma_svare),
        "besvart": len(besvart & ma_svare),
        "mistet_plass": mister,
        "unntak": unntak,
    }
