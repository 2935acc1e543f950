"""Søknader registered and changed by someone other than the applicant: a caseworker (paper application), a file
import, or a county's own front-end through the REST API.

Every write goes through the søknad services (``inntak.services.soknad``), which validate the wish rules
(``inntak.validering``); this module adds what a write on the applicant's behalf needs:

- access, checked here: a caseworker needs ``inntak.add_soknad`` (register) or ``inntak.change_soknad`` (change)
  and the søknad's county (a system administrator any county); an API client needs the scope
  ``soknader:skriv``, must be a county client (not a school) and the søknad in its county; ``bruker=None`` is a
  system import (``manage.py importer_soknader`` without ``--bruker``);
- a mandatory reason or source («papirsøknad mottatt 3. februar»), written to the case log in the same
  transaction;
- the applicant's deadline (``inntak.frister``): after it only a caseworker can change the søknad, and the case
  log says that the change came after the deadline. An API client (the applicant's front-end) is refused then.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inntak.frister import etter_frist, frist_for, soknadsfrist
from inntak.models import Soknad, Tilbud
from inntak.services import soknad as tjenester
from inntak.services.soknad import FELT_SOM_KAN_ENDRES, PRIORITETSFLAGG, logg
from kodeverk.models import Behandlingskategori, Fylke, Skolear
from vigo.models import Person, Scope

API_SCOPE = Scope.SOKNADER_SKRIV

MAKS_BEGRUNNELSE = 1000


class IngenEndring(ValidationError):
    """The change holds nothing new: nothing is written (the API answers with the søknad as it is)."""


def er_apiklient(bruker) -> bool:
    return bruker is not None and getattr(bruker, "klient", None) is not None and hasattr(bruker, "scopes")


def _loggbruker(bruker):
    """The user for the case log's FK: a real Bruker, never an API client (named in the text instead)."""
    return None if bruker is None or er_apiklient(bruker) else bruker


def _i_fylket(bruker, fylke_id: int) -> bool:
    if getattr(bruker, "er_systemadministrator", False):
        return True
    return bruker.fylke_id is not None and bruker.fylke_id == fylke_id and bruker.skole_id is None


def kan_registrere(bruker, fylke: Fylke | int) -> bool:
    """May ``bruker`` register a søknad on an applicant's behalf in ``fylke``?"""
    fylke_id = fylke if isinstance(fylke, int) else fylke.pk
    if bruker is None:
        return True
    if not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        return False
    if er_apiklient(bruker):
        return API_SCOPE in bruker.scopes and bruker.skole_id is None and bruker.fylke_id == fylke_id
    return bruker.has_perm("inntak.add_soknad") and _i_fylket(bruker, fylke_id)


def kan_endre(bruker, soknad: Soknad) -> bool:
    """May ``bruker`` change ``soknad`` on the applicant's behalf?"""
    if bruker is None:
        return True
    if not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        return False
    if er_apiklient(bruker):
        return API_SCOPE in bruker.scopes and bruker.skole_id is None and bruker.fylke_id == soknad.fylke_id
    return bruker.has_perm("inntak.change_soknad") and _i_fylket(bruker, soknad.fylke_id)


def _krev_begrunnelse(begrunnelse: str) -> str:
    tekst = " ".join((begrunnelse or "").split())
    if not tekst:
        raise ValidationError(
            _("Skriv en begrunnelse eller kilde, for eksempel «papirsøknad mottatt 3. februar».")
        )
    if len(tekst) > MAKS_BEGRUNNELSE:
        raise ValidationError(_("Begrunnelsen kan ha høyst %(n)d tegn.") % {"n": MAKS_BEGRUNNELSE})
    return tekst


def _hvem(bruker) -> str:
    if bruker is None:
        return _("systemimport")
    if er_apiklient(bruker):
        return _("API-klienten «%(navn)s»") % {"navn": bruker.klient.navn}
    return _("saksbehandler")


def _dato(d) -> str:
    return date_format(d, "j. F Y")


@transaction.atomic
def registrer_for_soker(
    *,
    bruker,
    begrunnelse: str,
    person: Person,
    skolear: Skolear,
    fylke: Fylke,
    niva: str,
    rettstatus: str,
    onsker: Sequence[Tilbud | int],
    behandlingskategori: Behandlingskategori | str | None = None,
    sokergruppe: str = "ordinaer",
    deltid: bool = False,
    saerlige_grunner: bool = False,
    samisk: bool = False,
    flytting_dokumentert: bool = False,
    handling: str = "saksbehandler",
) -> Soknad:
    """Register a søknad on the applicant's behalf; raises PermissionDenied or ValidationError (every broken
    rule). Writes the service's own case-log row and one naming who registered it, the reason or source, and
    whether it came after the applicant's deadline."""
    if not kan_registrere(bruker, fylke):
        raise PermissionDenied(
            _("Du har ikke tilgang til å registrere søknader i %(fylke)s.") % {"fylke": fylke.navn}
        )
    tekst = _krev_begrunnelse(begrunnelse)
    try:
        soknad = tjenester.registrer_soknad(
            person=person, skolear=skolear, fylke=fylke, niva=niva, rettstatus=rettstatus, onsker=onsker,
            behandlingskategori=behandlingskategori, sokergruppe=sokergruppe, deltid=deltid,
            saerlige_grunner=saerlige_grunner, samisk=samisk, flytting_dokumentert=flytting_dokumentert,
            bruker=_loggbruker(bruker),
        )  # fmt: skip
    except IntegrityError:  # the same søknad registered at the same moment (en_soknad_per_ar_og_fylke)
        raise ValidationError(
            _("Personen har allerede en søknad i dette fylket for dette skoleåret.")
        ) from None
    frist = soknadsfrist(
        fylke, skolear, behandlingskategori=soknad.behandlingskategori, sokergruppe=sokergruppe
    )
    if etter_frist(frist):
        linje = _(
            "Registrert av %(hvem)s på vegne av søkeren, etter søknadsfristen (%(frist)s). Kilde: %(b)s"
        )
    else:
        linje = _("Registrert av %(hvem)s på vegne av søkeren. Kilde: %(b)s")
    logg(soknad, handling, linje % {"hvem": _hvem(bruker), "frist": _dato(frist.dato), "b": tekst},
         _loggbruker(bruker))  # fmt: skip
    return soknad


def _endre_klassifisering_og_onsker(soknad, felt: dict, onsker, bruker, unntak: str) -> None:
    """Change the classification fields and the wish list. Each service validates its own part against the
    stored rest, so the order matters when both change (a new category can need the new wishes, or the reverse):
    one order is tried, then the other, each in a savepoint."""
    klassifisering = {k: v for k, v in felt.items() if k in FELT_SOM_KAN_ENDRES}

    def klass():
        if klassifisering:
            tjenester.endre_soknad(soknad, bruker=bruker, **klassifisering)

    def onske():
        if onsker is not None:
            tjenester.sett_onsker(soknad, onsker, bruker=bruker, unntak=unntak)

    rekkefolger = (
        [(klass, onske), (onske, klass)] if klassifisering and onsker is not None else [(klass, onske)]
    )
    forste_feil = None
    for forst, sist in rekkefolger:
        try:
            with transaction.atomic():
                forst()
                sist()
            break
        except ValidationError as feil:
            forste_feil = forste_feil or feil
    else:
        raise forste_feil


@transaction.atomic
def endre_for_soker(
    soknad: Soknad,
    *,
    bruker,
    begrunnelse: str,
    onsker: Sequence[Tilbud | int] | None = None,
    **felt,
) -> Soknad:
    """Change a søknad on the applicant's behalf: the classification fields (``FELT_SOM_KAN_ENDRES``), the
    priority flags and/or the whole ordered wish list (``onsker``; None = unchanged). After the applicant's
    deadline only a caseworker may change it, and the case log says so; the reason is mandatory."""
    ukjente = set(felt) - set(FELT_SOM_KAN_ENDRES) - set(PRIORITETSFLAGG)
    if ukjente:
        raise ValueError(f"Kan ikke endre {', '.join(sorted(ukjente))} med endre_for_soker.")
    if not kan_endre(bruker, soknad):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne søknaden."))
    tekst = _krev_begrunnelse(begrunnelse)
    soknad = (
        Soknad.objects.select_for_update()
        .select_related("fylke", "skolear", "behandlingskategori")
        .get(pk=soknad.pk)
    )
    frist = frist_for(soknad)
    etter = etter_frist(frist)
    if etter and er_apiklient(bruker):
        raise ValidationError(
            _("Søknadsfristen (%(frist)s) er ute. Etter fristen kan bare en saksbehandler endre søknaden.")
            % {"frist": _dato(frist.dato)}
        )
    logbruker = _loggbruker(bruker)
    # A caseworker's reason also serves as the logged exception when the wishes are locked by a published round;
    # an API client (the applicant's front-end) gets no such exception.
    unntak = "" if er_apiklient(bruker) or bruker is None else tekst
    for navn in ("deltid", *PRIORITETSFLAGG):
        if navn in felt:
            felt[navn] = bool(felt[navn])
    endret_felt = {k: v for k, v in felt.items() if _verdi(soknad, k) != _ny(k, v)}
    gamle_onsker = list(soknad.onsker.order_by("nr").values_list("tilbud_id", flat=True))
    nye_onsker = None
    if onsker is not None:
        ids = [t.pk if isinstance(t, Tilbud) else int(t) for t in onsker]
        nye_onsker = ids if ids != gamle_onsker else None
    if not endret_felt and nye_onsker is None:
        raise IngenEndring(_("Ingenting er endret."))
    # Flags go through sett_prioritetsflagg, which checks inntak.change_soknad for a user; the access for this
    # change is checked above, so a system/API change passes it as the system.
    flaggbruker = logbruker if logbruker is not None and logbruker.has_perm("inntak.change_soknad") else None
    _endre_klassifisering_og_onsker(soknad, {k: v for k, v in endret_felt.items() if k not in PRIORITETSFLAGG},
                                    nye_onsker, logbruker, unntak)  # fmt: skip
    flagg = {k: v for k, v in endret_felt.items() if k in PRIORITETSFLAGG}
    if flagg:
        tjenester.sett_prioritetsflagg(soknad, bruker=flaggbruker, **flagg)
    soknad.refresh_from_db()
    hva = []
    if endret_felt:
        hva.append(", ".join(str(Soknad._meta.get_field(k).verbose_name) for k in endret_felt))
    if nye_onsker is not None:
        hva.append(_("ønskelisten (%(n)d ønsker)") % {"n": len(nye_onsker)})
    if etter:
        linje = _(
            "Endret av %(hvem)s på vegne av søkeren etter søknadsfristen (%(frist)s): %(hva)s. Begrunnelse: %(b)s"
        )
    else:
        linje = _("Endret av %(hvem)s på vegne av søkeren: %(hva)s. Begrunnelse: %(b)s")
    logg(soknad, "api" if er_apiklient(bruker) else "saksbehandler",
         linje % {"hvem": _hvem(bruker), "frist": _dato(frist.dato), "hva": "; ".join(hva), "b": tekst},
         logbruker)  # fmt: skip
    return soknad


def _ny(navn: str, verdi):
    if navn == "behandlingskategori":
        return getattr(verdi, "kode", verdi)
    if navn == "hjemfylke":
        return getattr(verdi, "pk", verdi)
    return verdi


def _verdi(soknad: Soknad, navn: str):
    if navn == "behandlingskategori":
        return soknad.behandlingskategori.kode
    if navn == "hjemfylke":
        return soknad.hjemfylke_id
    return getattr(soknad, navn)


def sett_onsker_for_soker(
    soknad: Soknad, onsker: Sequence[Tilbud | int], *, bruker, begrunnelse: str
) -> Soknad:
    """Replace the whole wish list on the applicant's behalf (the REST API's PUT)."""
    return endre_for_soker(soknad, bruker=bruker, begrunnelse=begrunnelse, onsker=onsker)
