"""4S001 «Vedlikehold elevkurs»: a caseworker changes or adds an elevkurs and its fag lines by hand.

Only the fields the school owns may be typed here; the computed ones (elevstatus, kursprosent, rettstype, the
1 October snapshot) are written by the jobs in ``services.beregning``, and an avbrudd or a manual elevstatus goes
through that module too. Every function checks the permission and the user's scope, validates everything before it
writes, and saves in one transaction with the caseworker's reason as the history row's change reason.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from inntak.elev.models import Elevfag, Elevforhold, Kilde
from kodeverk.models import Fag, Fagstatus, Skole, Skolear
from vigo.scoping import avgrens

logger = logging.getLogger(__name__)

# The school-owned fields of an elevkurs ($EK) that 4S001 may change. The programområde is part of the course's
# key, but a wrong or expired code must be correctable in VIGO before the SSB delivery (docs/leveranser/ssb.md):
# the fag lines follow the elevkurs, and the unique key is checked.
ELEVKURS_FELT = (
    "programomrade",
    "klasse",
    "startdato",
    "deltid",
    "bevistype",
    "malform",
    "saerskilt_sprak",
    "voksen",
    "rett_pabygging",
    "fritekst",
)
# The fields of a fag line that 4S001 may change (grades come from SAS and the REST API).
ELEVFAG_FELT = ("fagstatus", "startdato", "avbruddsdato", "elevtimer", "fagmerknad", "fagmerknad_parameter")

# simple_history's history_change_reason holds 100 characters.
GRUNN_MAKS = 100


def _krev(bruker, perm: str) -> None:
    if bruker is None or not bruker.has_perm(perm):
        raise PermissionDenied(_("Du har ikke tilgang til å endre elevdatabasen."))


def _grunn(grunn: str | None) -> str:
    tekst = (grunn or "").strip()
    if not tekst:
        raise ValidationError({"grunn": _("Oppgi en grunn for endringen.")})
    if len(tekst) > GRUNN_MAKS:
        raise ValidationError({"grunn": _("Grunnen kan være høyst %(n)s tegn.") % {"n": GRUNN_MAKS}})
    return tekst


def _last(bruker, modell, pk: int):
    """The row locked for the write, or PermissionDenied when it is outside the user's county or school."""
    rad = avgrens(modell.objects.filter(pk=pk), bruker).select_for_update(of=("self",)).first()
    if rad is None:
        raise PermissionDenied(_("Elevkurset er utenfor ditt fylke eller din skole."))
    return rad


def _ukjente(felt: dict, tillatt: tuple[str, ...]) -> None:
    ukjente = sorted(set(felt) - set(tillatt))
    if ukjente:
        raise ValidationError(
            _("Disse feltene kan ikke endres her: %(felt)s.") % {"felt": ", ".join(ukjente)}
        )


def _valider(obj, felt: list[str] | None = None) -> None:
    """The model's own validation (choices, lengths, the unique key) with Norwegian messages from the model.
    ``felt``: only these fields, so an odd value SAS delivered in another column does not block the change."""
    exclude = None
    if felt is not None:
        exclude = [f.name for f in obj._meta.concrete_fields if f.name not in felt]
    obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)


def _datoer(start: datetime.date | None, slutt: datetime.date | None, skolear: Skolear | None = None) -> None:
    if start and slutt and slutt < start:
        raise ValidationError({"avbruddsdato": _("Avbruddsdatoen kan ikke være før startdatoen.")})
    if (
        skolear is not None
        and start
        and not (skolear.startdato - datetime.timedelta(days=31) <= start <= skolear.sluttdato)
    ):
        raise ValidationError(
            {"startdato": _("Startdatoen må ligge i skoleåret %(ar)s.") % {"ar": skolear.kode}}
        )


def _gyldig_programomrade(po, skolear: Skolear) -> None:
    if (po.gyldig_til is not None and po.gyldig_til < skolear.startdato) or (
        po.gyldig_fra is not None and po.gyldig_fra > skolear.sluttdato
    ):
        raise ValidationError(
            {"programomrade": _("Programområdet %(kode)s gjelder ikke for skoleåret %(ar)s.")
             % {"kode": po.kode, "ar": skolear.kode}}
        )  # fmt: skip


def _lagre(obj, bruker, grunn: str) -> None:
    obj._change_reason = grunn
    obj._history_user = bruker
    obj.save()


def _beregn(elevkurs_id: int, bruker) -> None:
    """Elevstatus and kursprosent follow the change at once (the same rule and writer as job 5A020), so the page
    the caseworker returns to is never out of date."""
    from inntak.elev.services.beregning import beregn_elevkurs

    beregn_elevkurs(elevkurs_ids=[elevkurs_id], bruker=bruker)


@transaction.atomic
def endre_elevkurs(bruker, elevkurs: Elevforhold, *, grunn: str, **felt) -> Elevforhold:
    """Change school-owned fields of ``elevkurs``; the kilde becomes 4S001 so the next SAS import knows a
    caseworker set them (docs/sas.md). Nothing changed → nothing written."""
    _krev(bruker, "elev.change_elevforhold")
    grunn = _grunn(grunn)
    _ukjente(felt, ELEVKURS_FELT)
    ek = _last(bruker, Elevforhold, elevkurs.pk)
    endret = [navn for navn, verdi in felt.items() if getattr(ek, navn) != verdi]
    if not endret:
        return ek
    for navn in endret:
        setattr(ek, navn, felt[navn])
    ek.kilde = Kilde.MANUELL
    _datoer(ek.startdato, ek.avbruddsdato, ek.skolear)
    if "programomrade" in endret:
        _gyldig_programomrade(ek.programomrade, ek.skolear)
    _valider(ek, endret)
    _lagre(ek, bruker, grunn)
    _beregn(ek.pk, bruker)
    logger.info(
        "Elevkurs endret (4S001)", extra={"elevkurs_id": ek.pk, "person_id": ek.person_id, "felt": endret}
    )
    return ek


@transaction.atomic
def opprett_elevkurs(bruker, *, person, skole: Skole, programomrade, skolear: Skolear,
                     startdato: datetime.date, grunn: str, **felt) -> Elevforhold:  # fmt: skip
    """Register a new elevkurs by hand (4S001). The school must be in the user's scope and the person visible."""
    _krev(bruker, "elev.add_elevforhold")
    grunn = _grunn(grunn)
    _ukjente(felt, ELEVKURS_FELT)
    if not avgrens(Skole.objects.filter(pk=skole.pk), bruker).exists():
        raise PermissionDenied(_("Skolen er utenfor ditt fylke eller din skole."))
    from vigo.models import Person

    if (
        not avgrens(Person.objects.filter(pk=person.pk), bruker).exists()
        and not bruker.er_systemadministrator
    ):
        raise PermissionDenied(_("Personen er utenfor ditt fylke."))
    if Elevforhold.objects.filter(
        person=person, skole=skole, skolear=skolear, programomrade=programomrade
    ).exists():
        raise ValidationError(
            {
                "programomrade": _(
                    "Personen har allerede et elevkurs på dette programområdet ved skolen i skoleåret."
                )
            }
        )
    ek = Elevforhold(person=person, skole=skole, programomrade=programomrade, skolear=skolear, startdato=startdato,
                     kilde=Kilde.MANUELL, **felt)  # fmt: skip
    _datoer(startdato, None, skolear)
    _valider(ek)
    try:
        with transaction.atomic():
            _lagre(ek, bruker, grunn)
    except IntegrityError:  # a parallel registration won the unique key
        raise ValidationError(
            {
                "programomrade": _(
                    "Personen har allerede et elevkurs på dette programområdet ved skolen i skoleåret."
                )
            }
        ) from None
    _beregn(ek.pk, bruker)
    logger.info("Elevkurs registrert (4S001)", extra={"elevkurs_id": ek.pk, "person_id": ek.person_id})
    return ek


@transaction.atomic
def endre_elevfag(bruker, elevfag: Elevfag, *, grunn: str, **felt) -> Elevfag:
    """Change the fagstatus, dates, elevtimer or fagmerknad (FAM) of a fag line."""
    _krev(bruker, "elev.change_elevfag")
    grunn = _grunn(grunn)
    _ukjente(felt, ELEVFAG_FELT)
    linje = _last(bruker, Elevfag, elevfag.pk)
    if "fagstatus" in felt and not isinstance(felt["fagstatus"], Fagstatus):
        felt["fagstatus"] = _fagstatus(felt["fagstatus"])
    endret = [navn for navn, verdi in felt.items() if getattr(linje, navn) != verdi]
    if not endret:
        return linje
    for navn in endret:
        setattr(linje, navn, felt[navn])
    _datoer(linje.startdato, linje.avbruddsdato)
    _valider(linje, endret)
    _lagre(linje, bruker, grunn)
    if linje.elevkurs_id:
        _beregn(linje.elevkurs_id, bruker)
    logger.info("Elevfag endret (4S001)", extra={"elevfag_id": linje.pk, "person_id": linje.person_id,
                                                  "felt": endret})  # fmt: skip
    return linje


@transaction.atomic
def legg_til_elevfag(bruker, elevkurs: Elevforhold, *, fag: Fag, fagstatus, grunn: str, **felt) -> Elevfag:
    """Add a fag line to ``elevkurs`` (same person, school and skoleår)."""
    _krev(bruker, "elev.add_elevfag")
    grunn = _grunn(grunn)
    _ukjente(felt, tuple(f for f in ELEVFAG_FELT if f != "fagstatus"))
    ek = _last(bruker, Elevforhold, elevkurs.pk)
    if not isinstance(fagstatus, Fagstatus):
        fagstatus = _fagstatus(fagstatus)
    if Elevfag.objects.filter(person_id=ek.person_id, skole_id=ek.skole_id, skolear_id=ek.skolear_id,
                              fag=fag).exists():  # fmt: skip
        raise ValidationError({"fag": _("Eleven har allerede faget %(fag)s ved skolen i skoleåret.") % {
            "fag": fag.navn}})  # fmt: skip
    linje = Elevfag(person_id=ek.person_id, skole_id=ek.skole_id, skolear_id=ek.skolear_id, elevkurs=ek, fag=fag,
                    fagstatus=fagstatus, **felt)  # fmt: skip
    _datoer(linje.startdato, linje.avbruddsdato)
    _valider(linje)
    _lagre(linje, bruker, grunn)
    _beregn(ek.pk, bruker)
    logger.info("Elevfag lagt til (4S001)", extra={"elevfag_id": linje.pk, "person_id": linje.person_id})
    return linje


def _fagstatus(kode) -> Fagstatus:
    rad = Fagstatus.objects.filter(kode=str(kode)).first()
    if rad is None:
        raise ValidationError({"fagstatus": _("Ukjent fagstatus: %(kode)s.") % {"kode": kode}})
    return rad
