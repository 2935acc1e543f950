"""Søknad and ønsker: register, change, status transitions, add/remove/move wishes."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import bulk_create_with_history

from inntak.models import Onske, Saksbehandlingslogg, Soknad, SoknadStatus, Tilbud
from inntak.models.soknad import OVERGANGER
from inntak.poeng_sql import beregn_poeng_for_soknader
from inntak.validering import valider_behandlingskategori, valider_onsker
from kodeverk.models import Behandlingskategori, Fylke, Skolear
from vigo.models import Person
from vigo.scoping import kan_se

REDIGERBAR = (SoknadStatus.PREUTFYLT, SoknadStatus.REGISTRERT, SoknadStatus.KLAR)


def logg(soknad: Soknad, handling: str, tekst: str, bruker=None) -> Saksbehandlingslogg:
    """Write one saksbehandlingslogg row (call inside the service's transaction)."""
    return Saksbehandlingslogg.objects.create(
        soknad=soknad, handling=handling, tekst=tekst[:2000], bruker=bruker if _ekte(bruker) else None
    )


def _ekte(bruker) -> bool:
    return bruker is not None and getattr(bruker, "is_authenticated", False)


def _kategori(verdi: Behandlingskategori | str | None) -> Behandlingskategori:
    if isinstance(verdi, Behandlingskategori):
        return verdi
    try:
        return Behandlingskategori.objects.get(kode=verdi or "ORD")
    except Behandlingskategori.DoesNotExist:
        raise ValidationError(_("Ukjent behandlingskategori «%(kode)s».") % {"kode": verdi}) from None


_TILBUD_RELASJONER = ("skole", "programomrade", "skolear")


def _hent_tilbud(tilbud: Sequence[Tilbud | int]) -> list[Tilbud]:
    if all(isinstance(t, Tilbud) and all(Tilbud._meta.get_field(r).is_cached(t) for r in _TILBUD_RELASJONER)
           for t in tilbud):  # fmt: skip
        return list(tilbud)  # the caller read them with what the rules need (the portal's send_soknad does)
    ids = [t.pk if isinstance(t, Tilbud) else int(t) for t in tilbud]
    funnet = Tilbud.objects.select_related("skole", "programomrade", "skolear").in_bulk(ids)
    mangler = [str(i) for i in ids if i not in funnet]
    if mangler:
        raise ValidationError(_("Ukjent tilbud: %(ids)s.") % {"ids": ", ".join(mangler)})
    return [funnet[i] for i in ids]


def _sjekk_onsker(soknad: Soknad, tilbud: Sequence[Tilbud]) -> None:
    feil = valider_onsker(
        fylke=soknad.fylke,
        skolear=soknad.skolear,
        niva=soknad.niva,
        rettstatus=soknad.rettstatus,
        tilbud=tilbud,
        behandlingskategori=soknad.behandlingskategori.kode if soknad.behandlingskategori_id else "",
        inntakstype=soknad.inntakstype,
    )
    if feil:
        raise ValidationError(feil)


def _sjekk_redigerbar(soknad: Soknad) -> None:
    if soknad.status not in REDIGERBAR:
        raise ValidationError(
            _("Søknaden kan ikke endres når den har status «%(status)s».")
            % {"status": soknad.get_status_display()}
        )


def _sjekk_onsker_apne(soknad: Soknad, unntak: str, bruker) -> None:
    """Wishes are binding once a round is published (docs/regler/regler-2006.md §3.6: «rekkefølgen … er bindende hele tiden»).
    A caseworker may still change them as a logged exception with a reason (e.g. a registration error)."""
    from inntak.selectors import onsker_last_av_runde

    runde = onsker_last_av_runde(soknad)
    if runde is None:
        return
    if not unntak.strip():
        raise ValidationError(
            _(
                "Ønskene er låst fordi runde %(r)d er publisert. De kan bare endres som et unntak med begrunnelse."
            )
            % {"r": runde}
        )
    logg(soknad, "unntak", _("Ønsker endret etter publisering av runde %(r)d. Begrunnelse: %(b)s")
         % {"r": runde, "b": unntak.strip()}, bruker)  # fmt: skip


@transaction.atomic
def registrer_soknad(
    *,
    person: Person,
    skolear: Skolear,
    fylke: Fylke,
    niva: str,
    rettstatus: str,
    onsker: Sequence[Tilbud | int],
    behandlingskategori: Behandlingskategori | str | None = None,
    sokergruppe: str = "ordinaer",
    hjemfylke: Fylke | None = None,
    deltid: bool = False,
    saerlige_grunner: bool = False,
    samisk: bool = False,
    flytting_dokumentert: bool = False,
    bruker=None,
    status: str = SoknadStatus.REGISTRERT,
) -> Soknad:
    """Register a søknad with its ordered wishes; raises ValidationError with every broken rule. The priority
    flags (``PRIORITETSFLAGG``) are set as given and named in the case log row."""
    kategori = _kategori(behandlingskategori)
    soknad = Soknad(
        person=person,
        skolear=skolear,
        fylke=fylke,
        hjemfylke=hjemfylke or person.fylke,
        niva=niva,
        rettstatus=rettstatus,
        sokergruppe=sokergruppe,
        behandlingskategori=kategori,
        deltid=deltid,
        saerlige_grunner=saerlige_grunner,
        samisk=samisk,
        flytting_dokumentert=flytting_dokumentert,
        status=status,
    )
    tilbud = _hent_tilbud(onsker)
    feil = valider_behandlingskategori(kategori, niva) + valider_onsker(
        fylke=fylke,
        skolear=skolear,
        niva=niva,
        rettstatus=rettstatus,
        tilbud=tilbud,
        behandlingskategori=kategori.kode if kategori else "",
    )
    if Soknad.objects.filter(person=person, skolear=skolear, fylke=fylke).exists():
        feil.append(
            _("%(navn)s har allerede en søknad i %(fylke)s for %(ar)s.")
            % {"navn": person.navn, "fylke": fylke.navn, "ar": skolear.kode}
        )
    if feil:
        raise ValidationError(feil)
    soknad.full_clean(exclude=["person", "skolear", "fylke", "hjemfylke", "behandlingskategori"])
    soknad.save()
    bulk_create_with_history(  # two statements for the wishes and their history, whatever their number
        [Onske(soknad=soknad, tilbud=t, nr=nr) for nr, t in enumerate(tilbud, 1)],
        Onske,  # history user from the request, as for a single save (simple_history's middleware)
    )
    # The points of job 1P001 for this søknad at once (the same statement): the applicant sees them on «Min side»,
    # and the next run has them, without waiting for the next batch.
    beregn_poeng_for_soknader([soknad.pk])
    tekst = _("Søknad registrert (%(niva)s, %(kat)s) med %(n)d ønsker.") % {
        "niva": soknad.get_niva_display(),
        "kat": kategori.kode,
        "n": len(tilbud),
    }
    satt = [str(merke) for navn, merke in PRIORITETSFLAGG.items() if getattr(soknad, navn)]
    if satt:
        tekst += " " + _("Prioritet: %(felt)s.") % {"felt": "; ".join(satt)}
    logg(soknad, "registrert", tekst, bruker)
    return soknad


FELT_SOM_KAN_ENDRES = ("rettstatus", "sokergruppe", "behandlingskategori", "deltid", "hjemfylke")


@transaction.atomic
def endre_soknad(soknad: Soknad, *, bruker=None, **felt) -> Soknad:
    """Change the søknad's classification fields (not its wishes); re-validates the wishes under the new values."""
    ukjente = set(felt) - set(FELT_SOM_KAN_ENDRES)
    if ukjente:
        raise ValueError(f"Kan ikke endre {', '.join(sorted(ukjente))} med endre_soknad.")
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    _sjekk_redigerbar(soknad)
    if "behandlingskategori" in felt:
        felt["behandlingskategori"] = _kategori(felt["behandlingskategori"])
    endret = []
    for navn, verdi in felt.items():
        if getattr(soknad, navn) != verdi:
            setattr(soknad, navn, verdi)
            endret.append(navn)
    if not endret:
        return soknad
    feil = valider_behandlingskategori(soknad.behandlingskategori, soknad.niva)
    if feil:
        raise ValidationError(feil)
    _sjekk_onsker(soknad, [o.tilbud for o in soknad.onsker.select_related("tilbud__programomrade")])
    soknad.save()
    logg(soknad, "endret", _("Endret: %(felt)s.") % {"felt": ", ".join(endret)}, bruker)
    return soknad


# The § 4-14 / § 4-8 flags (opplæringsforskrifta 2024): field -> label in the case log and on the søknad page.
PRIORITETSFLAGG = {
    "saerlige_grunner": _lazy("Særlige grunner (§ 4-14 tredje ledd)"),
    "samisk": _lazy("Samisk (§ 4-14 tredje ledd)"),
    "flytting_dokumentert": _lazy("Dokumentert flytting (§ 4-8)"),
}


def kan_endre_prioritetsflagg(bruker, soknad: Soknad) -> bool:
    """Caseworkers with ``inntak.change_soknad`` who see the søknad (county/school scoping)."""
    return (
        _ekte(bruker)
        and bruker.is_active
        and bruker.has_perm("inntak.change_soknad")
        and kan_se(bruker, soknad)
    )


@transaction.atomic
def sett_prioritetsflagg(soknad: Soknad, *, bruker=None, **flagg: bool) -> Soknad:
    """Set the søknad's priority flags (særlige grunner, samisk, documented moving); only the rule set
    ``forskrift-2024`` uses them. ``bruker`` None: a system import; a user needs ``inntak.change_soknad`` and
    the søknad in scope. Writes the case log row (and the history row) in the same transaction; a withdrawn
    søknad is refused. Returns the søknad unchanged when nothing changes."""
    ukjente = set(flagg) - set(PRIORITETSFLAGG)
    if ukjente:
        raise ValueError(f"Ukjente prioritetsflagg: {', '.join(sorted(ukjente))}.")
    if bruker is not None and not kan_endre_prioritetsflagg(bruker, soknad):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne søknaden."))
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if soknad.status == SoknadStatus.TRUKKET:
        raise ValidationError(_("Søknaden er trukket og kan ikke endres."))
    endret = []
    for navn, verdi in flagg.items():
        verdi = bool(verdi)
        if getattr(soknad, navn) != verdi:
            setattr(soknad, navn, verdi)
            endret.append(f"{PRIORITETSFLAGG[navn]}: {_('ja') if verdi else _('nei')}")
    if not endret:
        return soknad
    soknad.save(update_fields=[*flagg, "endret"])
    logg(soknad, "endret", _("Prioritet endret: %(felt)s.") % {"felt": "; ".join(endret)}, bruker)
    return soknad


@transaction.atomic
def endre_status(soknad: Soknad, til: str, *, bruker=None) -> Soknad:
    """Move the søknad to status ``til`` if the transition table allows it (compare-and-set under a row lock)."""
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    fra = soknad.status
    if til not in OVERGANGER.get(fra, set()):
        raise ValidationError(
            _("Søknaden kan ikke gå fra «%(fra)s» til «%(til)s».")
            % {"fra": SoknadStatus(fra).label, "til": SoknadStatus(til).label}
        )
    soknad.status = til
    soknad.save(update_fields=["status", "endret", "voksen"])
    tekst = _("Status endret fra «%(fra)s» til «%(til)s».") % {
        "fra": SoknadStatus(fra).label,
        "til": SoknadStatus(til).label,
    }
    logg(soknad, "status", tekst, bruker)
    return soknad


def _onsker_last(soknad: Soknad) -> list[Onske]:
    return list(
        Onske.objects.select_for_update()
        .filter(soknad=soknad)
        .select_related("tilbud__programomrade", "tilbud__skole", "tilbud__skolear")
        .order_by("nr")
    )


@transaction.atomic
def legg_til_onske(soknad: Soknad, tilbud: Tilbud | int, *, bruker=None, unntak: str = "") -> Onske:
    """Add a wish last in the list."""
    soknad = Soknad.objects.select_for_update().select_related("fylke", "skolear").get(pk=soknad.pk)
    _sjekk_redigerbar(soknad)
    _sjekk_onsker_apne(soknad, unntak, bruker)
    onsker = _onsker_last(soknad)
    (ny,) = _hent_tilbud([tilbud])
    _sjekk_onsker(soknad, [o.tilbud for o in onsker] + [ny])
    onske = Onske.objects.create(soknad=soknad, tilbud=ny, nr=len(onsker) + 1)
    logg(soknad, "onske", _("Ønske %(nr)d lagt til: %(t)s.") % {"nr": onske.nr, "t": ny}, bruker)
    return onske


@transaction.atomic
def fjern_onske(onske: Onske, *, bruker=None, unntak: str = "") -> None:
    """Remove a wish; the wishes below move up one place."""
    soknad = Soknad.objects.select_for_update().select_related("fylke", "skolear").get(pk=onske.soknad_id)
    _sjekk_redigerbar(soknad)
    _sjekk_onsker_apne(soknad, unntak, bruker)
    onsker = _onsker_last(soknad)
    igjen = [o for o in onsker if o.pk != onske.pk]
    if len(igjen) == len(onsker):
        raise ValidationError(_("Ønsket hører ikke til søknaden."))
    _sjekk_onsker(soknad, [o.tilbud for o in igjen])
    fjernet = next(o for o in onsker if o.pk == onske.pk)
    fjernet.delete()
    for nr, o in enumerate(igjen, 1):
        if o.nr != nr:
            o.nr = nr
            o.save(update_fields=["nr"])
    logg(soknad, "onske", _("Ønske %(nr)d fjernet: %(t)s.") % {"nr": fjernet.nr, "t": fjernet.tilbud}, bruker)


@transaction.atomic
def flytt_onske(onske: Onske, retning: int, *, bruker=None, unntak: str = "") -> list[Onske]:
    """Move a wish one place up (``retning=-1``) or down (``+1``) by swapping with its neighbour.

    Returns the wishes in their new order. The unique (soknad, nr) constraint is deferred, so the swap is two
    plain saves (each with its history row).
    """
    if retning not in (-1, 1):
        raise ValueError("retning må være -1 (opp) eller 1 (ned).")
    soknad = Soknad.objects.select_for_update().get(pk=onske.soknad_id)
    _sjekk_redigerbar(soknad)
    _sjekk_onsker_apne(soknad, unntak, bruker)
    onsker = _onsker_last(soknad)
    i = next((i for i, o in enumerate(onsker) if o.pk == onske.pk), None)
    if i is None:
        raise ValidationError(_("Ønsket hører ikke til søknaden."))
    j = i + retning
    if not 0 <= j < len(onsker):
        melding = (
            _("Ønske %(nr)d står allerede øverst.")
            if retning < 0
            else _("Ønske %(nr)d står allerede nederst.")
        )
        raise ValidationError(melding % {"nr": onsker[i].nr})
    a, b = onsker[i], onsker[j]
    a.nr, b.nr = b.nr, a.nr
    a.save(update_fields=["nr"])
    b.save(update_fields=["nr"])
    onsker[i], onsker[j] = b, a
    tekst = _("Ønske flyttet %(retning)s: %(t)s er nå ønske %(nr)d.") % {
        "retning": _("opp") if retning < 0 else _("ned"),
        "t": a.tilbud,
        "nr": a.nr,
    }
    logg(soknad, "onske", tekst, bruker)
    return onsker


@transaction.atomic
def sett_onsker(
    soknad: Soknad, tilbud: Sequence[Tilbud | int], *, bruker=None, unntak: str = ""
) -> list[Onske]:
    """Replace the whole ordered wish list (used by the REST API); wishes kept keep their rows."""
    soknad = Soknad.objects.select_for_update().select_related("fylke", "skolear").get(pk=soknad.pk)
    _sjekk_redigerbar(soknad)
    _sjekk_onsker_apne(soknad, unntak, bruker)
    nye = _hent_tilbud(tilbud)
    _sjekk_onsker(soknad, nye)
    gamle = {o.tilbud_id: o for o in _onsker_last(soknad)}
    onskede = {t.pk for t in nye}
    for tid, o in gamle.items():
        if tid not in onskede:
            o.delete()
    resultat = []
    for nr, t in enumerate(nye, 1):
        o = gamle.get(t.pk)
        if o is None:
            o = Onske.objects.create(soknad=soknad, tilbud=t, nr=nr)
        elif o.nr != nr:
            o.nr = nr
            o.save(update_fields=["nr"])
        resultat.append(o)
    logg(soknad, "onske", _("Ønskelisten er erstattet (%(n)d ønsker).") % {"n": len(nye)}, bruker)
    return resultat
