"""Writes of the document templates: save a draft, publish it, restore an old version as a new draft.

The permission is checked here (model permission ``vigo.change_dokumentmal``, held by the county administrator, and
the county of the user – ``vigo.scoping.krev_fylke``), the body is validated (it must compile; an unknown variable
is fine, it prints empty), and every write leaves a ``Dokumentmalhendelse`` in the same transaction. Writes for
one county are serialised by locking its ``Fylke`` row, so two drafts never get the same version number.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kodeverk.models import Fylke
from vigo import dokumentmal as register
from vigo.dokumentmal.gjengi import Malfeil, kompiler
from vigo.models import Dokumentmal, Dokumentmalhendelse
from vigo.scoping import krev_fylke


def kan_endre(bruker, fylke) -> bool:
    if bruker is None or not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        return False
    if not bruker.has_perm("vigo.change_dokumentmal"):
        return False
    return bruker.er_systemadministrator or (bruker.fylke_id == fylke.pk and bruker.skole_id is None)


def kan_se(bruker, fylke) -> bool:
    if bruker is None or not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        return False
    if not bruker.has_perm("vigo.view_dokumentmal"):
        return False
    return bruker.er_systemadministrator or (bruker.fylke_id == fylke.pk and bruker.skole_id is None)


def _krev(bruker, fylke) -> None:
    if bruker is None or not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        raise PermissionDenied("Du må være logget inn for å endre dokumentmaler.")
    if not bruker.has_perm("vigo.change_dokumentmal"):
        raise PermissionDenied("Bare fylkesadministratoren kan endre dokumentmaler.")
    krev_fylke(bruker, fylke.pk)
    if bruker.skole_id is not None and not bruker.er_systemadministrator:
        raise PermissionDenied("Bare fylkesadministratoren kan endre dokumentmaler.")


def _rens(kode: str, innhold: str, navn: str, format_: str) -> tuple[register.Dokumenttype, str, str, str]:
    feil: dict[str, list[str]] = {}
    try:
        dt = register.hent(kode)
    except KeyError:
        raise ValidationError(f"Dokumenttypen «{kode}» finnes ikke.") from None
    innhold = (innhold or "").replace("\r\n", "\n")
    if not innhold.strip():
        feil["innhold"] = ["Malen kan ikke være tom."]
    else:
        try:
            kompiler(innhold)
        except Malfeil as e:
            feil["innhold"] = [str(e)]
    format_ = format_ or dt.format
    if format_ not in register.FORMATER:
        feil["format"] = [f"Ukjent format «{format_}». Velg A4, A4 liggende eller A3 liggende."]
    navn = (navn or "").strip() or dt.navn
    if len(navn) > 200:
        feil["navn"] = ["Navnet kan være høyst 200 tegn."]
    if feil:
        raise ValidationError(feil)
    return dt, innhold, navn, format_


def _hendelse(mal: Dokumentmal, handling: str, hva: str, bruker) -> None:
    Dokumentmalhendelse.objects.create(mal=mal, handling=handling, hva=hva[:300], bruker=bruker)


def _las(fylke) -> None:
    Fylke.objects.select_for_update().filter(pk=fylke.pk).first()


def _neste_versjon(fylke, kode: str) -> int:
    hoyeste = Dokumentmal.objects.filter(fylke=fylke, dokumenttype=kode).aggregate(m=Max("versjon"))["m"]
    return (hoyeste or 0) + 1


def lagre_utkast(
    bruker, *, fylke, kode: str, innhold: str, navn: str = "", format: str = "", merknad: str = ""
) -> Dokumentmal:
    """Save the county's draft of type ``kode``. An existing draft is overwritten (it keeps its version number);
    otherwise a new version max+1 is made. ValidationError ``{felt: [melding]}`` names what is wrong, and then
    nothing is saved."""
    _krev(bruker, fylke)
    _dt, innhold, navn, format_ = _rens(kode, innhold, navn, format)
    merknad = (merknad or "").strip()[:500]
    with transaction.atomic():
        _las(fylke)
        mal = (
            Dokumentmal.objects.select_for_update()
            .filter(fylke=fylke, dokumenttype=kode, status=Dokumentmal.Status.UTKAST)
            .first()
        )
        if mal is None:
            mal = Dokumentmal(
                fylke=fylke,
                dokumenttype=kode,
                versjon=_neste_versjon(fylke, kode),
                status=Dokumentmal.Status.UTKAST,
            )
        mal.navn, mal.innhold, mal.format, mal.merknad = navn, innhold, format_, merknad
        mal.opprettet, mal.opprettet_av = timezone.now(), bruker
        mal.save()
        _hendelse(
            mal, Dokumentmalhendelse.Handling.LAGRET, f"Utkast til versjon {mal.versjon} lagret", bruker
        )
    return mal


def publiser(bruker, mal: Dokumentmal) -> Dokumentmal:
    """Publish a draft: from now on every document of the type issued in the county uses it. The version that was
    published before is archived."""
    _krev(bruker, mal.fylke)
    with transaction.atomic():
        _las(mal.fylke)
        mal = Dokumentmal.objects.select_for_update().get(pk=mal.pk)
        if mal.status != Dokumentmal.Status.UTKAST:
            raise ValidationError(
                "Bare et utkast kan publiseres. Gjenopprett en eldre versjon for å lage et nytt utkast av den."
            )
        _rens(mal.dokumenttype, mal.innhold, mal.navn, mal.format)
        forrige = list(
            Dokumentmal.objects.select_for_update().filter(
                fylke=mal.fylke, dokumenttype=mal.dokumenttype, status=Dokumentmal.Status.PUBLISERT
            )
        )
        # Archive first: the partial unique constraint allows one published version at any moment.
        for gammel in forrige:
            gammel.status = Dokumentmal.Status.ARKIVERT
            gammel.save(update_fields=["status"])
        mal.status = Dokumentmal.Status.PUBLISERT
        mal.publisert, mal.publisert_av = timezone.now(), bruker
        mal.save(update_fields=["status", "publisert", "publisert_av"])
        hva = f"Versjon {mal.versjon} publisert"
        if forrige:
            hva += f"; versjon {', '.join(str(g.versjon) for g in forrige)} arkivert"
        _hendelse(mal, Dokumentmalhendelse.Handling.PUBLISERT, hva, bruker)
    return mal


def gjenopprett(bruker, mal: Dokumentmal) -> Dokumentmal:
    """Copy an old version (its body, name and format) into the county's draft, to be checked and published."""
    _krev(bruker, mal.fylke)
    with transaction.atomic():
        ny = lagre_utkast(
            bruker,
            fylke=mal.fylke,
            kode=mal.dokumenttype,
            innhold=mal.innhold,
            navn=mal.navn,
            format=mal.format,
            merknad=f"Gjenopprettet fra versjon {mal.versjon}",
        )
        _hendelse(
            ny,
            Dokumentmalhendelse.Handling.GJENOPPRETTET,
            f"Versjon {mal.versjon} gjenopprettet som utkast til versjon {ny.versjon}",
            bruker,
        )
    return ny
