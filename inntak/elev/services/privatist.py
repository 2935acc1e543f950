"""Privatister (docs/elev.md, «Privatister»): exam registrations per fag and exam period, and their results.

A registration moves through ``Privatistmelding.OVERGANGER`` only. A result writes the fag line in the same register
as the pupils' (``Elevfag`` with fagstatus P, the grade in the column of the exam form, termin H or V from the period)
in the same transaction, and both rows keep their history with the caseworker's reason.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inntak.elev.models import Elevfag, Privatistmelding
from inntak.elev.sas.format import KARAKTERER
from kodeverk.models import Fag, Fagstatus, Skole, Skolear
from vigo.scoping import avgrens

PERIODE = re.compile(r"^[HV]\d{4}$")


def skolear_for_periode(periode: str) -> str:
    """H2026 is the autumn of 2026-2027; V2027 the spring of the same school year."""
    ar = int(periode[1:])
    return f"{ar}-{ar + 1}" if periode[0] == "H" else f"{ar - 1}-{ar}"


def _krev(bruker, perm: str) -> None:
    if bruker is None or not bruker.has_perm(perm):
        raise PermissionDenied(_("Du har ikke tilgang til å registrere privatister."))


def _i_omfang(bruker, melding: Privatistmelding) -> Privatistmelding:
    rad = avgrens(Privatistmelding.objects.filter(pk=melding.pk), bruker).select_for_update().first()
    if rad is None:
        raise PermissionDenied(_("Oppmeldingen er utenfor ditt fylke eller din skole."))
    return rad


@transaction.atomic
def meld_opp(bruker, *, person, fag: Fag, eksamensperiode: str, eksamensform: str, eksamensskole: Skole | None,
             grunn: str = "") -> Privatistmelding:  # fmt: skip
    """Register ``person`` as privatist in ``fag`` for the period. One registration per fag, period and form."""
    _krev(bruker, "elev.add_privatistmelding")
    feil: dict[str, str] = {}
    periode = (eksamensperiode or "").strip().upper()
    if not PERIODE.match(periode):
        feil["eksamensperiode"] = _("Eksamensperioden skrives H eller V og året, for eksempel V2027.")
    if eksamensform not in Privatistmelding.Eksamensform.values:
        feil["eksamensform"] = _("Velg skriftlig, muntlig eller praktisk eksamen.")
    if fag.grunnskole:
        feil["fag"] = _("%(fag)s er et grunnskolefag; privatister meldes opp i fag i videregående.") % {
            "fag": fag.navn
        }
    if (
        eksamensskole is not None
        and eksamensskole.fylke_id != bruker.fylke_id
        and not bruker.er_systemadministrator
    ):
        feil["eksamensskole"] = _("Eksamensskolen må ligge i ditt fylke.")
    if not feil and not Skolear.objects.filter(kode=skolear_for_periode(periode)).exists():
        feil["eksamensperiode"] = _("Skoleåret %(ar)s finnes ikke i kodeverket.") % {
            "ar": skolear_for_periode(periode)
        }
    if (
        not feil
        and Privatistmelding.objects.filter(
            person=person, fag=fag, eksamensperiode=periode, eksamensform=eksamensform
        ).exists()
    ):
        feil["fag"] = _("Personen er allerede meldt opp i dette faget med denne eksamensformen i %(p)s.") % {
            "p": periode
        }
    if feil:
        raise ValidationError(feil)
    melding = Privatistmelding(
        person=person,
        fylke_id=bruker.fylke_id or (eksamensskole.fylke_id if eksamensskole else person.fylke_id),
        fag=fag,
        eksamensperiode=periode,
        eksamensform=eksamensform,
        eksamensskole=eksamensskole,
        registrert_av=bruker,
    )
    melding._change_reason = (grunn or _("Oppmeldt som privatist"))[:100]
    melding.save()
    return melding


def _overgang(melding: Privatistmelding, til: str) -> None:
    if til not in Privatistmelding.OVERGANGER[melding.status]:
        raise ValidationError(
            _("En oppmelding med status «%(fra)s» kan ikke bli «%(til)s».")
            % {"fra": melding.get_status_display(), "til": Privatistmelding.Status(til).label}
        )


@transaction.atomic
def endre_status(bruker, melding: Privatistmelding, *, status: str, grunn: str) -> Privatistmelding:
    """Trekk, ikke møtt or meld opp again (a result goes through ``registrer_resultat``)."""
    _krev(bruker, "elev.change_privatistmelding")
    melding = _i_omfang(bruker, melding)
    if status == Privatistmelding.Status.AVLAGT:
        raise ValidationError(_("Et resultat registreres med karakter, ikke som en statusendring."))
    if not (grunn or "").strip():
        raise ValidationError({"grunn": _("Skriv en grunn til endringen.")})
    _overgang(melding, status)
    melding.status = status
    melding._change_reason = grunn.strip()[:100]
    melding.save(update_fields=["status", "endret"])
    return melding


@transaction.atomic
def registrer_resultat(
    bruker, melding: Privatistmelding, *, karakter: str, grunn: str = ""
) -> Privatistmelding:
    """The exam result: the registration becomes «avlagt» and the fag line (fagstatus P) gets the grade."""
    _krev(bruker, "elev.change_privatistmelding")
    melding = _i_omfang(bruker, melding)
    karakter = (karakter or "").strip().upper()
    if karakter not in KARAKTERER:
        raise ValidationError({"karakter": _("«%(k)s» er ikke en gyldig karakter.") % {"k": karakter}})
    _overgang(melding, Privatistmelding.Status.AVLAGT)
    if melding.eksamensskole_id is None:
        raise ValidationError({"eksamensskole": _("Registrer eksamensskolen før resultatet.")})
    skolear = Skolear.objects.get(kode=skolear_for_periode(melding.eksamensperiode))
    kolonne = {"skriftlig": "skriftlig", "muntlig": "muntlig"}.get(melding.eksamensform, "annen")
    linje, ny = Elevfag.objects.select_for_update().get_or_create(
        person_id=melding.person_id,
        skole_id=melding.eksamensskole_id,
        skolear=skolear,
        fag_id=melding.fag_id,
        defaults={"fagstatus": Fagstatus.objects.get(kode="P"), "termin": melding.eksamensperiode[0]},
    )
    setattr(linje, kolonne, karakter)
    if ny or not linje.termin:
        linje.termin = melding.eksamensperiode[0]
    linje._change_reason = (grunn or _("Privatisteksamen %(p)s") % {"p": melding.eksamensperiode})[:100]
    linje.save()
    melding.status = Privatistmelding.Status.AVLAGT
    melding.karakter = karakter
    melding.elevfag = linje
    melding._change_reason = linje._change_reason
    melding.save(update_fields=["status", "karakter", "elevfag", "endret"])
    return melding


def innevaerende_periode(dato: datetime.date | None = None) -> str:
    """The exam period a registration made today is most likely for: spring until June, else autumn."""
    dato = dato or datetime.date.today()
    return f"V{dato.year}" if dato.month <= 6 else f"H{dato.year}"
