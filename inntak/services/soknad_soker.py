"""The applicant's own writes from the portal (/soker/soknad/): send a søknad, replace its wishes.

Each function checks what the portal may not leave to the caller – the søknad is the applicant's own, the
søknadsfrist (opplæringsforskrifta § 4-9, ``inntak.frister``) has not passed, the status still allows changes –
validates in the applicant's language (so the page can show the rules broken), then calls the caseworkers' services
(``inntak.services.soknad``) and writes the case log row as the applicant (no user) in bokmål, in the same
transaction. After the deadline only a caseworker can change a søknad.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from inntak.frister import Frist, etter_frist, frist_for, soknadsfrist
from inntak.models import Rettstatus, Sokergruppe, Soknad, SoknadStatus, Tilbud
from inntak.models.soknad import er_voksen
from inntak.services.soknad import REDIGERBAR, endre_status, logg, registrer_soknad, sett_onsker
from inntak.validering import valider_onsker

logger = logging.getLogger(__name__)

MAKS_ONSKER_I_KLADD = 30
"""A hard cap on a draft's length, whatever the county allows (at most 20 as a parameter)."""


class FristenErUte(ValidationError):
    """The søknadsfrist has passed: the applicant can only read."""


def rettstatus_for(person, skolear) -> str:
    """Ungdomsrett (opplæringslova § 5-1) until the school year starting the year the applicant turns 24, i.e. not
    adult (``inntak.models.soknad.er_voksen``: turns 25 or more in the application year); otherwise the adult right
    (§ 18-3). Whether the applicant already has studie- or yrkeskompetanse is the caseworker's to correct."""
    if er_voksen(person.fodselsdato.year, skolear.startar):
        return Rettstatus.VOKSENRETT
    return Rettstatus.UNGDOMSRETT


def sokergruppe_for(person, skolear) -> str:
    return Sokergruppe.VOKSEN if er_voksen(person.fodselsdato.year, skolear.startar) else Sokergruppe.ORDINAER


def dato_tekst(dato) -> str:
    """«1. mars 2027» in the active language."""
    return formats.date_format(dato, "j. F Y")


def frist_melding(frist: Frist) -> str:
    return _(
        "Søknadsfristen var %(dato)s. Du kan se søknaden, men ikke sende eller endre den i søkerportalen. Ta "
        "kontakt med fylkeskommunen hvis noe må endres."
    ) % {"dato": dato_tekst(frist.dato)}


def ny_frist(person, *, fylke, skolear) -> Frist:
    """The deadline of a new ordinary søknad (no fortrinn or individuell behandling from the portal)."""
    return soknadsfrist(fylke, skolear, sokergruppe=sokergruppe_for(person, skolear))


def sperre(soknad: Soknad) -> str:
    """Why the applicant may not change the wishes whatever the deadline ("" when nothing stops it): a status
    past registration, or a published round (the wishes are binding then, ``inntak.selectors.onsker_last_av_runde``;
    only a caseworker can make an exception)."""
    from inntak.selectors import onsker_last_av_runde

    if soknad.status not in REDIGERBAR:
        return _("Søknaden har status «%(status)s» og kan ikke endres i søkerportalen.") % {
            "status": SoknadStatus(soknad.status).label
        }
    runde = onsker_last_av_runde(soknad)
    if runde is not None:
        return _(
            "Ønskene kan ikke endres fordi runde %(r)d av inntaket er publisert. Ta kontakt med fylkeskommunen hvis "
            "noe må endres."
        ) % {"r": runde}
    return ""


def kan_endre(soknad: Soknad, dag=None) -> bool:
    """The applicant may still change the wishes: the deadline has not passed and nothing else stops it."""
    return not etter_frist(frist_for(soknad), dag) and not sperre(soknad)


def _sjekk_frist(frist: Frist) -> None:
    if etter_frist(frist):
        raise FristenErUte(frist_melding(frist))


def _tilbud(tilbud_ids: Sequence[int]) -> list[Tilbud]:
    ids = [int(i) for i in tilbud_ids]
    funnet = Tilbud.objects.select_related("skole", "programomrade__utdanningsprogram", "skolear").in_bulk(
        ids
    )
    if len(funnet) != len(set(ids)):
        raise ValidationError(_("Et av ønskene finnes ikke lenger. Fjern det og velg et annet tilbud."))
    return [funnet[i] for i in ids]


def valider(*, fylke, skolear, niva: str, rettstatus: str, tilbud: Sequence[Tilbud]) -> list[str]:
    """The rules the wish list breaks (``inntak.validering.valider_onsker``), for the live validation."""
    return valider_onsker(fylke=fylke, skolear=skolear, niva=niva, rettstatus=rettstatus, tilbud=tilbud)


def send_soknad(person, *, skolear, fylke, niva: str, tilbud_ids: Sequence[int]) -> Soknad:
    """Register the applicant's søknad to ``fylke`` with the wishes in this order. ``fylke`` other than the
    applicant's county of folkeregistrering makes a gjesteelev søknad (§ 4-8: school in another county → that
    county; ``hjemfylke`` = the applicant's county). Raises ``FristenErUte`` after the deadline and
    ``ValidationError`` with every broken rule."""
    if person.fylke_id is None:
        raise ValidationError(
            _("Vi finner ikke hvilket fylke du er folkeregistrert i. Ta kontakt med fylkeskommunen.")
        )
    _sjekk_frist(ny_frist(person, fylke=fylke, skolear=skolear))
    tilbud = _tilbud(tilbud_ids)
    rett = rettstatus_for(person, skolear)
    feil = valider(fylke=fylke, skolear=skolear, niva=niva, rettstatus=rett, tilbud=tilbud)
    if Soknad.objects.filter(person=person, skolear=skolear, fylke=fylke).exists():
        feil.append(
            _("Du har allerede en søknad i %(fylke)s for skoleåret %(ar)s. Endre ønskene i den i stedet.")
            % {"fylke": fylke.navn, "ar": skolear.kode}
        )
    if feil:
        raise ValidationError(feil)
    try:
        with transaction.atomic(), translation.override("nb"):  # the case log is in bokmål
            soknad = registrer_soknad(
                person=person,
                skolear=skolear,
                fylke=fylke,
                hjemfylke=person.fylke,
                niva=niva,
                rettstatus=rett,
                sokergruppe=sokergruppe_for(person, skolear),
                onsker=tilbud,
                behandlingskategori="ORD",
                bruker=None,
            )
            tekst = "Søknaden er sendt av søkeren i søkerportalen"
            if soknad.gjesteelev:
                tekst += f" som gjesteelev fra {person.fylke.navn} (opplæringsforskrifta § 4-8)"
            logg(soknad, "registrert", tekst + f", {len(tilbud)} ønsker.", None)
    except IntegrityError:  # a second submission at the same moment
        raise ValidationError(_("Søknaden er allerede sendt.")) from None
    logger.info(
        "Søker sendte søknad i søkerportalen", extra={"soknad_id": soknad.pk, "antall_onsker": len(tilbud)}
    )
    return soknad


def lagre_onsker(person, soknad: Soknad, tilbud_ids: Sequence[int]) -> Soknad:
    """Replace the wishes of the applicant's own søknad (``inntak.services.soknad.sett_onsker``) before the
    deadline. Raises ``PermissionDenied`` for anyone else's søknad, ``FristenErUte`` after the deadline and
    ``ValidationError`` with every broken rule."""
    if soknad.person_id != person.pk:
        raise PermissionDenied
    soknad = Soknad.objects.select_related("fylke", "skolear", "behandlingskategori", "person").get(
        pk=soknad.pk
    )
    _sjekk_frist(frist_for(soknad))
    hindring = sperre(soknad)
    if hindring:
        raise ValidationError(hindring)
    tilbud = _tilbud(tilbud_ids)
    feil = valider_onsker(
        fylke=soknad.fylke,
        skolear=soknad.skolear,
        niva=soknad.niva,
        rettstatus=soknad.rettstatus,
        tilbud=tilbud,
        behandlingskategori=soknad.behandlingskategori.kode,
        inntakstype=soknad.inntakstype,
    )
    if feil:
        raise ValidationError(feil)
    with transaction.atomic(), translation.override("nb"):
        sett_onsker(soknad, tilbud, bruker=None)
        logg(soknad, "onske", f"Ønskene er endret av søkeren i søkerportalen ({len(tilbud)} ønsker).", None)
        if (
            soknad.status == SoknadStatus.PREUTFYLT
        ):  # the applicant has seen the prefilled søknad and sends it
            endre_status(soknad, SoknadStatus.REGISTRERT)
    logger.info(
        "Søker endret ønskene i søkerportalen", extra={"soknad_id": soknad.pk, "antall_onsker": len(tilbud)}
    )
    return soknad


def merk_handlinger(soknader) -> None:
    """For «Min side» (``templates/portal/_soknad_handlinger.html``): sets ``frist``, ``frist_ute``, ``sperre_grunn``
    (why the wishes are locked before the deadline, e.g. a published round) and ``kan_endre`` on each søknad (one
    parameter read per søknad; an applicant has one or two)."""
    for s in soknader:
        s.frist = frist_for(s)
        s.frist_ute = etter_frist(s.frist)
        s.sperre_grunn = "" if s.frist_ute else sperre(s)
        s.kan_endre = not s.frist_ute and not s.sperre_grunn
