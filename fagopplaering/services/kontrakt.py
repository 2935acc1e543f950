"""Every write to a contract (docs/fagopplaering/kontrakt.md). One function per change, one transaction each, the
permission and county checked first (``krev``), the history reason set (``historikk``) and a timeline row written
(``hendelse``). The rules themselves are in ``fagopplaering.regler.kontrakt`` and ``fagopplaering.regler.laeretid``.

* Læretid til (C06) is never typed: it is computed from læretid fra, netto læretid, godskriving and the avbrudd,
  and computed again whenever one of them changes (the timeline says old → new end).
* Approval (C14) is kept apart from the start: approving sets ``godkjent_dato`` and never moves ``laeretid_fra``
  (ol-2023 § 7-2 tredje ledd). After approval a change waits for the county's consent (§ 7-2 andre ledd).
* Ending sets C10 (date), C12 (avslutningskode) and, where the law asks, C11 (hevet av) and the oral hearing
  (§§ 7-3, 7-4).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fagopplaering.models import (
    Avbrudd,
    Avslutningskode,
    Bedrift,
    Bedriftstype,
    Formidling,
    Godkjenning,
    Hendelsestype,
    HevetAv,
    Kandidattype,
    Kontrakt,
    Kontraktendring,
    Kontraktstype,
    Medlemskap,
    Opplaeringsansvarlig,
    Opplaeringsmodell,
)
from fagopplaering.regler import kontrakt as regel
from fagopplaering.regler.laeretid import Resultat, laeretid_til
from fagopplaering.services.felles import hendelse, historikk, krev
from kodeverk.models import Fylke
from kodeverk.niva import Niva

S = Kontrakt.Status
MAKS_LAERETID_MND = 72

# Fields a change (foresla_endring) may touch, with how the JSON stores them. Person, lærefag, county and contract
# kind are not changed: another kind is a conversion (EK), another fag or person is another contract.
ENDRBARE: dict[str, Any] = {
    "laeretid_fra": "dato",
    "netto_laeretid_mnd": "int",
    "netto_opplaeringstid_mnd": "int",
    "godskriving_mnd": "int",
    "godskriving_merknad": "tekst",
    "bedrift": Bedrift,
    "medlemsbedrift": Bedrift,
    "faglig_leder": Opplaeringsansvarlig,
    "opplaeringsmodell": "tekst",
    "arbeidsavtale_ref": "tekst",
    "tilleggsvilkar": "tekst",
    "ungdomsrett": "bool",
    "tilskudd": "bool",
    "hjemfylke": Fylke,
}
EKSTRA_FELT = frozenset({"hjemfylke", "netto_opplaeringstid_mnd", "godskriving_merknad", "arbeidsavtale_ref",
                         "tilleggsvilkar", "tilskudd"})  # fmt: skip


def _d(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def _idag() -> datetime.date:
    return timezone.localdate()


def _overgang(kontrakt: Kontrakt, til: str) -> None:
    try:
        regel.krev_overgang(kontrakt.status, til)
    except regel.Overgangsfeil as feil:
        raise ValidationError(str(feil)) from None


def _laas(kontrakt: Kontrakt) -> Kontrakt:
    """The row locked for the rest of the transaction (two caseworkers cannot end or approve it twice)."""
    return Kontrakt.objects.select_for_update().get(pk=kontrakt.pk)


# --- Læretid til ----------------------------------------------------------------------------------------------------
def beregn_laeretid(kontrakt: Kontrakt, avbrudd: list[tuple] | None = None) -> Resultat:
    """The rule's result for the contract as it stands (its avbrudd read from the database unless given)."""
    if avbrudd is None:
        avbrudd = (
            list(Avbrudd.objects.filter(kontrakt_id=kontrakt.pk).values_list("fra", "til"))
            if kontrakt.pk
            else []
        )
    return laeretid_til(kontrakt.laeretid_fra, kontrakt.netto_laeretid_mnd, avbrudd, kontrakt.godskriving_mnd)


def _sett_laeretid_til(kontrakt: Kontrakt) -> Resultat:
    res = beregn_laeretid(kontrakt)
    dato = res.dato or res.forelopig
    if dato is None:
        raise ValidationError({"netto_laeretid_mnd": res.forklaring})
    kontrakt.laeretid_til = dato
    return res


def _slutt_tekst(res: Resultat) -> str:
    return (
        _d(res.dato)
        if res.dato
        else _("ukjent (avbrudd pågår, foreløpig %(dato)s)") % {"dato": _d(res.forelopig)}
    )


# --- Validation shared by create, change and approval ---------------------------------------------------------------
def godkjenning_for(
    bedrift: Bedrift, programomrade, dato: datetime.date, fylke_id: int | None
) -> Godkjenning | None:
    """A valid approval of the company for the lærefag on ``dato``; the contract county's own first, else another
    county's (the county where the company is located approves it, docs/fagopplaering/domene.md §1.2)."""
    qs = Godkjenning.objects.filter(
        bedrift=bedrift,
        programomrade=programomrade,
        status=Godkjenning.Status.GODKJENT,
        godkjent_fra__lte=dato,
    ).filter(Q(godkjent_til__isnull=True) | Q(godkjent_til__gte=dato))
    if fylke_id is not None:
        qs = qs.annotate(
            egen=Case(When(fylke_id=fylke_id, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("egen", "-godkjent_fra", "pk")
    return qs.first()


def _aktivt_medlemskap(kontor: Bedrift, medlem: Bedrift, dato: datetime.date) -> bool:
    return (
        Medlemskap.objects.filter(opplaeringskontor=kontor, medlem=medlem, fra__lte=dato)
        .filter(Q(til__isnull=True) | Q(til__gte=dato))
        .exists()
    )


def _aktive_ledere(godkjenninger: list[Godkjenning], dato: datetime.date):
    return Opplaeringsansvarlig.objects.filter(
        godkjenning__in=[g for g in godkjenninger if g is not None], rolle=Opplaeringsansvarlig.Rolle.FAGLIG_LEDER,
        fra__lte=dato,
    ).filter(Q(til__isnull=True) | Q(til__gte=dato))  # fmt: skip


def _valider_parter(
    *,
    fylke_id: int,
    kontraktstype: Kontraktstype,
    programomrade,
    bedrift: Bedrift,
    medlemsbedrift: Bedrift | None,
    faglig_leder: Opplaeringsansvarlig | None,
    laeretid_fra: datetime.date,
    netto_laeretid_mnd: int,
    godskriving_mnd: int,
    opplaeringsmodell: str,
) -> tuple[Godkjenning | None, Opplaeringsansvarlig | None, dict[str, list[str]]]:
    """The approval the contract rests on, the faglig leder (chosen when there is exactly one), and the errors."""
    feil: dict[str, list[str]] = {}

    def f(felt: str, tekst: str) -> None:
        feil.setdefault(felt, []).append(tekst)

    if not kontraktstype.aktiv:
        f("kontraktstype", _("Kontraktstypen %(kode)s er ikke i bruk.") % {"kode": kontraktstype.kode})
    if kontraktstype.kandidattype == Kandidattype.ELEV:
        f(
            "kontraktstype",
            _("Fagopplæring i skole (Vg3) registreres som elevkurs, ikke som kontrakt med bedrift."),
        )
    if programomrade.niva != Niva.LAERE:
        f(
            "programomrade",
            _("%(fag)s er ikke et lærefag (opplæring i bedrift).") % {"fag": programomrade.navn},
        )
    if netto_laeretid_mnd is None or netto_laeretid_mnd < 1 or netto_laeretid_mnd > MAKS_LAERETID_MND:
        f(
            "netto_laeretid_mnd",
            _("Netto læretid må være mellom 1 og %(maks)s måneder.") % {"maks": MAKS_LAERETID_MND},
        )
    elif godskriving_mnd < 0 or godskriving_mnd >= netto_laeretid_mnd:
        f("godskriving_mnd", _("Godskrivingen må være mindre enn netto læretid."))
    if opplaeringsmodell not in Opplaeringsmodell.values:
        f("opplaeringsmodell", _("Ukjent opplæringsmodell."))
    if bedrift.slettet_i_er or bedrift.konkurs:
        f(
            "bedrift",
            _("%(navn)s er slettet, konkurs eller under avvikling i Enhetsregisteret.")
            % {"navn": bedrift.navn},
        )

    godkjenning = godkjenning_for(bedrift, programomrade, laeretid_fra, fylke_id)
    if godkjenning is None:
        f("bedrift", _("%(navn)s er ikke godkjent som lærebedrift i %(fag)s på %(dato)s.")
          % {"navn": bedrift.navn, "fag": programomrade.navn, "dato": _d(laeretid_fra)})  # fmt: skip
    medlemsgodkjenning = None
    if medlemsbedrift is not None:
        if bedrift.type != Bedriftstype.OPPLAERINGSKONTOR:
            f("medlemsbedrift", _("Medlemsbedrift kan bare oppgis når lærebedriften er et opplæringskontor."))
        elif not _aktivt_medlemskap(bedrift, medlemsbedrift, laeretid_fra):
            f("medlemsbedrift", _("%(medlem)s er ikke medlem av %(kontor)s på %(dato)s.")
              % {"medlem": medlemsbedrift.navn, "kontor": bedrift.navn, "dato": _d(laeretid_fra)})  # fmt: skip
        medlemsgodkjenning = godkjenning_for(medlemsbedrift, programomrade, laeretid_fra, fylke_id)
        if medlemsgodkjenning is None:
            f("medlemsbedrift", _("Medlemsbedriften %(navn)s må også være godkjent i %(fag)s (docs/fagopplaering/domene.md §1.2).")
              % {"navn": medlemsbedrift.navn, "fag": programomrade.navn})  # fmt: skip
    elif bedrift.type == Bedriftstype.OPPLAERINGSKONTOR:
        pass  # the office may train in its own premises; a member is optional
    if (godkjenning is not None and godkjenning.begrenset and kontraktstype.kandidattype == Kandidattype.LAERLING
            and medlemsbedrift is None):  # fmt: skip
        f("kontraktstype", _("%(navn)s har begrenset godkjenning i faget og kan bare ta lærekandidater, eller "
                             "lærlinger gjennom et opplæringskontor.") % {"navn": bedrift.navn})  # fmt: skip

    ledere = _aktive_ledere([godkjenning, medlemsgodkjenning], laeretid_fra)
    if faglig_leder is not None:
        if not ledere.filter(pk=faglig_leder.pk).exists():
            f("faglig_leder", _("Faglig leder må være registrert som faglig leder for bedriftens godkjenning i faget "
                                "på %(dato)s.") % {"dato": _d(laeretid_fra)})  # fmt: skip
    elif godkjenning is not None:
        kandidater = list(ledere[:2])
        if len(kandidater) == 1:
            faglig_leder = kandidater[0]
    return godkjenning, faglig_leder, feil


def _ingen_annen_aktiv(person, programomrade, unntatt_pk: int | None = None) -> None:
    qs = Kontrakt.objects.filter(person=person, programomrade=programomrade, status__in=regel.AKTIVE)
    if unntatt_pk:
        qs = qs.exclude(pk=unntatt_pk)
    annen = qs.select_related("fylke").first()
    if annen is not None:
        raise ValidationError(
            {"person": _("Personen har allerede en kontrakt i %(fag)s som ikke er avsluttet (fylke %(fylke)s, "
                         "læretid fra %(fra)s).") % {"fag": programomrade.navn, "fylke": annen.fylke.navn,
                                                     "fra": _d(annen.laeretid_fra)}}
        )  # fmt: skip


def _kontraktstype(verdi) -> Kontraktstype:
    if isinstance(verdi, Kontraktstype):
        return verdi
    try:
        return Kontraktstype.objects.get(kode=verdi)
    except Kontraktstype.DoesNotExist:
        raise ValidationError(
            {"kontraktstype": _("Ukjent kontraktstype %(kode)s.") % {"kode": verdi}}
        ) from None


# --- Create -----------------------------------------------------------------------------------------------------------
def _opprett(
    bruker,
    *,
    fylke_id: int,
    person,
    kontraktstype: Kontraktstype,
    programomrade,
    bedrift: Bedrift,
    laeretid_fra: datetime.date,
    netto_laeretid_mnd: int,
    medlemsbedrift=None,
    faglig_leder=None,
    opplaeringsmodell: str = Opplaeringsmodell.TO_PLUSS_TO,
    godskriving_mnd: int = 0,
    formidling=None,
    ungdomsrett: bool = True,
    forrige=None,
    grunn: str = "",
    **felt,
) -> Kontrakt:
    ukjent = set(felt) - EKSTRA_FELT
    if ukjent:
        raise ValidationError(_("Ukjente felt: %(felt)s.") % {"felt": ", ".join(sorted(ukjent))})
    if formidling is not None:
        feil = []
        if formidling.person_id != person.pk or formidling.programomrade_id != programomrade.pk:
            feil.append(_("Formidlingen gjelder en annen person eller et annet lærefag."))
        if formidling.kandidattype != kontraktstype.kandidattype:
            feil.append(_("Kontraktstypen passer ikke med kandidattypen i formidlingen (%(type)s).")
                        % {"type": Kandidattype(formidling.kandidattype).label})  # fmt: skip
        if feil:
            raise ValidationError({"kontraktstype": feil})
    godkjenning, faglig_leder, feil = _valider_parter(
        fylke_id=fylke_id, kontraktstype=kontraktstype, programomrade=programomrade, bedrift=bedrift,
        medlemsbedrift=medlemsbedrift, faglig_leder=faglig_leder, laeretid_fra=laeretid_fra,
        netto_laeretid_mnd=netto_laeretid_mnd, godskriving_mnd=godskriving_mnd, opplaeringsmodell=opplaeringsmodell,
    )  # fmt: skip
    if feil:
        raise ValidationError(feil)
    _ingen_annen_aktiv(person, programomrade)
    k = Kontrakt(
        fylke_id=fylke_id, person=person, hjemfylke=felt.pop("hjemfylke", None) or person.fylke,
        kontraktstype=kontraktstype, programomrade=programomrade, bedrift=bedrift, medlemsbedrift=medlemsbedrift,
        godkjenning=godkjenning, faglig_leder=faglig_leder, formidling=formidling, forrige=forrige,
        opplaeringsmodell=opplaeringsmodell, laeretid_fra=laeretid_fra, netto_laeretid_mnd=netto_laeretid_mnd,
        godskriving_mnd=godskriving_mnd, ungdomsrett=ungdomsrett,
        tilskudd=felt.pop("tilskudd", kontraktstype.gir_tilskudd), **felt,
    )  # fmt: skip
    res = _sett_laeretid_til(k)
    k.full_clean(exclude=["laeretid_til"])
    historikk(k, bruker, grunn or "Kontrakt opprettet")
    k.save()
    tekst = _("%(type)s i %(fag)s med %(bedrift)s: læretid fra %(fra)s, %(mnd)s måneder, læretid til %(til)s.") % {
        "type": kontraktstype.navn, "fag": programomrade.navn, "bedrift": bedrift.navn, "fra": _d(laeretid_fra),
        "mnd": netto_laeretid_mnd, "til": _slutt_tekst(res)}  # fmt: skip
    hendelse(Hendelsestype.KONTRAKT_OPPRETTET, bruker=bruker, fylke_id=fylke_id, tekst=tekst, kontrakt=k,
             bedrift=bedrift, formidling=formidling, data={"laeretid_til": k.laeretid_til.isoformat()})  # fmt: skip
    return k


@transaction.atomic
def opprett_kontrakt(
    bruker,
    *,
    fylke_id: int,
    person,
    kontraktstype,
    programomrade,
    bedrift: Bedrift,
    laeretid_fra: datetime.date,
    netto_laeretid_mnd: int,
    medlemsbedrift=None,
    faglig_leder=None,
    opplaeringsmodell: str = Opplaeringsmodell.TO_PLUSS_TO,
    godskriving_mnd: int = 0,
    formidling=None,
    ungdomsrett: bool = True,
    **felt,
) -> Kontrakt:
    """A new contract (status «opprettet»). The company must be approved for the fag on læretid fra, directly or
    as an opplæringskontor whose medlemsbedrift is approved too; no other open contract for the person in the
    fag. With exactly one active faglig leder on the approval, that one is chosen when none is given."""
    krev(bruker, "add", Kontrakt, fylke_id)
    return _opprett(
        bruker, fylke_id=fylke_id, person=person, kontraktstype=_kontraktstype(kontraktstype),
        programomrade=programomrade, bedrift=bedrift, laeretid_fra=laeretid_fra,
        netto_laeretid_mnd=netto_laeretid_mnd, medlemsbedrift=medlemsbedrift, faglig_leder=faglig_leder,
        opplaeringsmodell=opplaeringsmodell, godskriving_mnd=godskriving_mnd, formidling=formidling,
        ungdomsrett=ungdomsrett, **felt,
    )  # fmt: skip


def kontraktstype_for(kandidattype: str) -> Kontraktstype | None:
    """The contract kind a formidling's kandidattype gives (LK for lærling, OK for lærekandidat, …)."""
    return Kontraktstype.objects.filter(kandidattype=kandidattype, aktiv=True).order_by("kode").first()


def _formidlingsstatus(bruker, formidling: Formidling, til: str, tekst: str) -> None:
    """Formidling status written inside the contract's transaction, checked against the formidling table
    (``fagopplaering.regler.formidling``) when it is there."""
    try:
        from fagopplaering.regler import formidling as fregel
    except ImportError:  # pragma: no cover - the formidling rules land with their helper
        fregel = None
    fra = formidling.status
    if fregel is not None and not fregel.kan_ga(fra, til):
        raise ValidationError(
            _("Formidlingen har status «%(fra)s» og kan ikke få status «%(til)s».")
            % {"fra": Formidling.Status(fra).label, "til": Formidling.Status(til).label}
        )
    formidling = Formidling.objects.select_for_update().get(pk=formidling.pk)
    formidling.status = til
    formidling.status_dato = _idag()
    if fregel is not None and hasattr(fregel, "UDIR_STATUSKODE"):
        formidling.statuskode = fregel.UDIR_STATUSKODE.get(til, "")
    historikk(formidling, bruker, tekst)
    formidling.save(update_fields=["status", "status_dato", "statuskode", "endret"])
    hendelse(Hendelsestype.FORMIDLING_STATUS, bruker=bruker, fylke_id=formidling.fylke_id, formidling=formidling,
             tekst=_("Status: %(fra)s → %(til)s. %(tekst)s") % {"fra": Formidling.Status(fra).label,
                                                                 "til": Formidling.Status(til).label, "tekst": tekst},
             data={"fra": fra, "til": til})  # fmt: skip


@transaction.atomic
def opprett_fra_formidling(
    bruker, formidling: Formidling, *, laeretid_fra: datetime.date, netto_laeretid_mnd: int, **felt
) -> Kontrakt:
    """One step from an accepted læreplass to a contract: person, lærefag, company, county, kandidattype and
    ungdomsrett come from the formidling, which gets status «Kontrakt opprettet»."""
    krev(bruker, "add", Kontrakt, formidling.fylke_id)
    krev(bruker, "change", Formidling, formidling.fylke_id)
    formidling = Formidling.objects.select_related("person", "programomrade", "bedrift").get(pk=formidling.pk)
    if formidling.status != Formidling.Status.AKSEPTERT:
        raise ValidationError(
            _(
                "Kontrakt kan bare opprettes når søkeren har takket ja til læreplassen (status nå: %(status)s)."
            )
            % {"status": formidling.get_status_display()}
        )
    if formidling.bedrift is None:
        raise ValidationError(_("Formidlingen har ingen bedrift med tilbud."))
    kontraktstype = felt.pop("kontraktstype", None)
    kontraktstype = (
        _kontraktstype(kontraktstype) if kontraktstype else kontraktstype_for(formidling.kandidattype)
    )
    if kontraktstype is None:
        raise ValidationError(_("Ingen kontraktstype passer kandidattypen %(type)s.")
                              % {"type": Kandidattype(formidling.kandidattype).label})  # fmt: skip
    felt.setdefault("ungdomsrett", formidling.ungdomsrett)
    k = _opprett(
        bruker, fylke_id=formidling.fylke_id, person=formidling.person, kontraktstype=kontraktstype,
        programomrade=formidling.programomrade, bedrift=felt.pop("bedrift", None) or formidling.bedrift,
        laeretid_fra=laeretid_fra, netto_laeretid_mnd=netto_laeretid_mnd, formidling=formidling,
        grunn="Kontrakt opprettet fra formidling", **felt,
    )  # fmt: skip
    _formidlingsstatus(bruker, formidling, Formidling.Status.KONTRAKT,
                       _("Kontrakt opprettet med %(bedrift)s.") % {"bedrift": k.bedrift.navn})  # fmt: skip
    return k


# --- Approval ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def send_til_godkjenning(bruker, kontrakt: Kontrakt) -> Kontrakt:
    """Signed by the parties and sent to the county (docs/fagopplaering/domene.md §3.4 «til signering» → «signert»)."""
    krev(bruker, "change", Kontrakt, kontrakt.fylke_id)
    k = _laas(kontrakt)
    _overgang(k, S.TIL_GODKJENNING)
    k.status = S.TIL_GODKJENNING
    historikk(k, bruker, "Sendt til godkjenning")
    k.save(update_fields=["status", "endret"])
    hendelse(Hendelsestype.KONTRAKT_TIL_GODKJENNING, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k,
             tekst=_("Kontrakten er signert og sendt til fylket for godkjenning."))  # fmt: skip
    return k


@transaction.atomic
def send_tilbake(bruker, kontrakt: Kontrakt, *, grunn: str) -> Kontrakt:
    """Back from «til godkjenning» to «opprettet» for correction."""
    krev(bruker, "change", Kontrakt, kontrakt.fylke_id)
    if not grunn.strip():
        raise ValidationError({"grunn": _("Oppgi hvorfor kontrakten sendes tilbake.")})
    k = _laas(kontrakt)
    _overgang(k, S.OPPRETTET)
    k.status = S.OPPRETTET
    historikk(k, bruker, grunn)
    k.save(update_fields=["status", "endret"])
    hendelse(Hendelsestype.KONTRAKT_TIL_GODKJENNING, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k,
             tekst=_("Sendt tilbake for retting: %(grunn)s") % {"grunn": grunn})  # fmt: skip
    return k


@transaction.atomic
def godkjenn_kontrakt(bruker, kontrakt: Kontrakt, *, dato: datetime.date) -> Kontrakt:
    """The county's approval (C14). Sets ``godkjent_dato`` only: the contract applies from læretid fra, even when
    the approval comes later (ol-2023 § 7-2 tredje ledd)."""
    krev(bruker, "change", Kontrakt, kontrakt.fylke_id)
    k = _laas(kontrakt)
    _overgang(k, S.GODKJENT)
    feil = regel.valider_godkjenning(dato, _idag())
    if feil:
        raise ValidationError({"dato": feil})
    godkjenning, _leder, feil = _valider_parter(
        fylke_id=k.fylke_id, kontraktstype=k.kontraktstype, programomrade=k.programomrade, bedrift=k.bedrift,
        medlemsbedrift=k.medlemsbedrift, faglig_leder=k.faglig_leder, laeretid_fra=k.laeretid_fra,
        netto_laeretid_mnd=k.netto_laeretid_mnd, godskriving_mnd=k.godskriving_mnd,
        opplaeringsmodell=k.opplaeringsmodell,
    )  # fmt: skip
    if feil:
        raise ValidationError(feil)
    fra_for = k.laeretid_fra
    k.status = S.GODKJENT
    k.godkjent_dato = dato
    k.godkjent_av = bruker
    k.godkjenning = godkjenning
    historikk(k, bruker, "Kontrakt godkjent")
    k.save(update_fields=["status", "godkjent_dato", "godkjent_av", "godkjenning", "endret"])
    assert k.laeretid_fra == fra_for  # § 7-2: approval never moves the start
    if dato > k.laeretid_fra:
        tekst = _("Godkjent %(dato)s. Kontrakten gjelder fra læretid fra %(fra)s, selv om godkjenningen kom senere "
                  "(opplæringslova § 7-2 tredje ledd).") % {"dato": _d(dato), "fra": _d(k.laeretid_fra)}  # fmt: skip
    else:
        tekst = _("Godkjent %(dato)s. Læretiden starter %(fra)s.") % {
            "dato": _d(dato),
            "fra": _d(k.laeretid_fra),
        }
    hendelse(Hendelsestype.KONTRAKT_GODKJENT, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k, bedrift=k.bedrift,
             tekst=tekst, data={"godkjent_dato": dato.isoformat()})  # fmt: skip
    return k


# --- Changes (§ 7-2 andre ledd) ---------------------------------------------------------------------------------------
def _til_json(felt: str, verdi) -> Any:
    slag = ENDRBARE[felt]
    if verdi is None or verdi == "":
        return None if slag not in ("tekst",) else ""
    if slag == "dato":
        return verdi.isoformat() if isinstance(verdi, datetime.date) else str(verdi)
    if slag == "int":
        return int(verdi)
    if slag == "bool":
        return bool(verdi)
    if slag == "tekst":
        return str(verdi)
    return verdi.pk if hasattr(verdi, "pk") else int(verdi)


def _fra_json(felt: str, verdi) -> Any:
    slag = ENDRBARE[felt]
    if verdi is None:
        return None
    if slag == "dato":
        return datetime.date.fromisoformat(verdi)
    if slag in ("int", "bool", "tekst"):
        return verdi
    return slag.objects.filter(pk=verdi).first()


def _vis(felt: str, verdi) -> str:
    if verdi is None or verdi == "":
        return "–"
    if isinstance(verdi, datetime.date):
        return _d(verdi)
    if isinstance(verdi, bool):
        return _("ja") if verdi else _("nei")
    if felt == "opplaeringsmodell":
        return str(Opplaeringsmodell(verdi).label) if verdi in Opplaeringsmodell.values else str(verdi)
    if isinstance(verdi, Bedrift):
        return verdi.navn
    if isinstance(verdi, Opplaeringsansvarlig):
        return f"{verdi.fornavn} {verdi.etternavn}"
    if isinstance(verdi, Fylke):
        return verdi.navn
    return str(verdi)


def beskriv_endring(
    kontrakt: Kontrakt, felt: dict[str, Any], *, med_fra: bool = True
) -> list[dict[str, str]]:
    """[{felt, fra, til}] with names, for the page and the timeline (``felt`` as stored in the JSON). ``fra`` is the
    contract's value now, so it is only meaningful before the change is applied (``med_fra=False``: None)."""
    ut = []
    for navn, verdi in felt.items():
        if navn not in ENDRBARE:
            continue
        ut.append({"felt": capfirst(str(Kontrakt._meta.get_field(navn).verbose_name)),
                   "fra": _vis(navn, getattr(kontrakt, navn)) if med_fra else None,
                   "til": _vis(navn, _fra_json(navn, verdi))})  # fmt: skip
    return ut


def _sett_felt(k: Kontrakt, felt: dict[str, Any]) -> None:
    """The fields (JSON form) set on ``k``. Another company drops a faglig leder not given with it (the new
    approval's leader is chosen when there is one) and a medlemsbedrift when the company is no office."""
    for navn, verdi in felt.items():
        setattr(k, navn, _fra_json(navn, verdi))
    if ("bedrift" in felt or "medlemsbedrift" in felt) and "faglig_leder" not in felt:
        k.faglig_leder = None
    if (
        k.medlemsbedrift is not None
        and k.bedrift.type != Bedriftstype.OPPLAERINGSKONTOR
        and "medlemsbedrift" not in felt
    ):
        k.medlemsbedrift = None


def _anvend(bruker, k: Kontrakt, felt: dict[str, Any], grunn: str) -> Resultat:
    """Set the fields (JSON form), validate the whole contract again and recompute læretid til."""
    _sett_felt(k, felt)
    godkjenning, leder, feil = _valider_parter(
        fylke_id=k.fylke_id, kontraktstype=k.kontraktstype, programomrade=k.programomrade, bedrift=k.bedrift,
        medlemsbedrift=k.medlemsbedrift, faglig_leder=k.faglig_leder, laeretid_fra=k.laeretid_fra,
        netto_laeretid_mnd=k.netto_laeretid_mnd, godskriving_mnd=k.godskriving_mnd,
        opplaeringsmodell=k.opplaeringsmodell,
    )  # fmt: skip
    if feil:
        raise ValidationError(feil)
    k.godkjenning = godkjenning
    k.faglig_leder = leder
    res = _sett_laeretid_til(k)
    k.full_clean(exclude=["laeretid_til"])
    historikk(k, bruker, grunn)
    k.save()
    return res


def _tekst_for(beskrivelse: list[dict[str, str]]) -> str:
    return "; ".join(f"{b['felt']}: {b['fra']} → {b['til']}" for b in beskrivelse)


@transaction.atomic
def foresla_endring(bruker, kontrakt: Kontrakt, *, felt: dict[str, Any], begrunnelse: str) -> Kontraktendring:
    """A change to the contract. Before approval it is applied at once (and recorded as approved); on an approved
    contract it waits for the county's consent (ol-2023 § 7-2 andre ledd) and nothing changes until then."""
    krev(bruker, "add", Kontraktendring, kontrakt.fylke_id)
    k = _laas(kontrakt)
    if k.status not in regel.AKTIVE:
        raise ValidationError(_("En avsluttet eller annullert kontrakt kan ikke endres."))
    if not begrunnelse.strip():
        raise ValidationError({"begrunnelse": _("Oppgi begrunnelse for endringen.")})
    ukjent = set(felt) - set(ENDRBARE)
    if ukjent:
        raise ValidationError(
            _("Disse feltene kan ikke endres: %(felt)s.") % {"felt": ", ".join(sorted(ukjent))}
        )
    lagret = {n: _til_json(n, v) for n, v in felt.items()}
    endret = {n: v for n, v in lagret.items() if _til_json(n, getattr(k, n)) != v}
    if not endret:
        raise ValidationError(_("Ingen felt er endret."))
    beskrivelse = beskriv_endring(k, endret)
    if k.status in regel.ENDRES_DIREKTE:
        krev(bruker, "change", Kontrakt, k.fylke_id)
        gammel = k.laeretid_til
        res = _anvend(bruker, k, endret, begrunnelse)
        e = Kontraktendring.objects.create(kontrakt=k, felt=endret, begrunnelse=begrunnelse,
                                           status=Kontraktendring.Status.GODKJENT, foreslatt_av=bruker,
                                           behandlet_av=bruker, behandlet=timezone.now())  # fmt: skip
        tekst = _tekst_for(beskrivelse)
        if gammel != k.laeretid_til:
            tekst += ". " + _("Læretid til: %(fra)s → %(til)s.") % {
                "fra": _d(gammel),
                "til": _slutt_tekst(res),
            }
        hendelse(Hendelsestype.KONTRAKT_ENDRING_GODKJENT, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k,
                 tekst=_("Endret før godkjenning: %(tekst)s") % {"tekst": tekst}, data={"felt": endret})  # fmt: skip
        return e
    if k.endringer.filter(status=Kontraktendring.Status.VENTER).exists():
        raise ValidationError(
            _("Det finnes allerede en endring som venter på godkjenning. Behandle den først.")
        )
    # Check now that the change could be approved (nothing is saved: the copy is thrown away).
    kopi = Kontrakt.objects.get(pk=k.pk)
    _sett_felt(kopi, endret)
    _g, _l, feil = _valider_parter(
        fylke_id=kopi.fylke_id, kontraktstype=kopi.kontraktstype, programomrade=kopi.programomrade,
        bedrift=kopi.bedrift, medlemsbedrift=kopi.medlemsbedrift, faglig_leder=kopi.faglig_leder,
        laeretid_fra=kopi.laeretid_fra, netto_laeretid_mnd=kopi.netto_laeretid_mnd,
        godskriving_mnd=kopi.godskriving_mnd, opplaeringsmodell=kopi.opplaeringsmodell,
    )  # fmt: skip
    if feil:
        raise ValidationError(feil)
    e = Kontraktendring.objects.create(kontrakt=k, felt=endret, begrunnelse=begrunnelse, foreslatt_av=bruker)
    hendelse(Hendelsestype.KONTRAKT_ENDRING_FORESLATT, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k,
             tekst=_("Venter på godkjenning: %(tekst)s") % {"tekst": _tekst_for(beskrivelse)},
             data={"felt": endret, "endring": e.pk})  # fmt: skip
    return e


@transaction.atomic
def behandle_endring(
    bruker, endring: Kontraktendring, *, godkjenn: bool, merknad: str = ""
) -> Kontraktendring:
    """The county consents to (the fields are applied and læretid til recomputed) or refuses a pending change."""
    krev(bruker, "change", Kontraktendring, endring.kontrakt.fylke_id)
    krev(bruker, "change", Kontrakt, endring.kontrakt.fylke_id)
    e = Kontraktendring.objects.select_for_update().get(pk=endring.pk)
    if e.status != Kontraktendring.Status.VENTER:
        raise ValidationError(_("Endringen er allerede behandlet."))
    k = _laas(e.kontrakt)
    if k.status not in regel.AKTIVE:
        raise ValidationError(_("Kontrakten er avsluttet eller annullert; endringen kan ikke godkjennes."))
    beskrivelse = _tekst_for(beskriv_endring(k, e.felt))
    if godkjenn:
        gammel = k.laeretid_til
        res = _anvend(bruker, k, e.felt, f"Endring godkjent: {e.begrunnelse}")
        e.status = Kontraktendring.Status.GODKJENT
        tekst = beskrivelse
        if gammel != k.laeretid_til:
            tekst += ". " + _("Læretid til: %(fra)s → %(til)s.") % {
                "fra": _d(gammel),
                "til": _slutt_tekst(res),
            }
        type_ = Hendelsestype.KONTRAKT_ENDRING_GODKJENT
    else:
        e.status = Kontraktendring.Status.AVVIST
        tekst = beskrivelse
        type_ = Hendelsestype.KONTRAKT_ENDRING_AVVIST
    if merknad:
        tekst += f" ({merknad})"
    e.behandlet_av = bruker
    e.behandlet = timezone.now()
    e.save(update_fields=["status", "behandlet_av", "behandlet"])
    hendelse(type_, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k, tekst=tekst, data={"endring": e.pk})
    return e


# --- Avbrudd ----------------------------------------------------------------------------------------------------------
def _ny_slutt_hendelse(
    type_, bruker, k: Kontrakt, gammel: datetime.date, res: Resultat, innledning: str
) -> None:
    tekst = (
        innledning
        + " "
        + _("Læretid til: %(fra)s → %(til)s.") % {"fra": _d(gammel), "til": _slutt_tekst(res)}
    )
    hendelse(type_, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k, tekst=tekst,
             data={"fra": gammel.isoformat(), "til": res.dato.isoformat() if res.dato else None})  # fmt: skip


@transaction.atomic
def registrer_avbrudd(
    bruker, kontrakt: Kontrakt, *, fra: datetime.date, til: datetime.date | None = None, arsak: str,
    merknad: str = "",
) -> Avbrudd:  # fmt: skip
    """An avbrudd (C07–C08). Læretid til is computed again: every avbrudd day inside the læretid moves the end; an
    open avbrudd (no «til») leaves the end unknown until it is ended."""
    krev(bruker, "add", Avbrudd, kontrakt.fylke_id)
    k = _laas(kontrakt)
    if k.status not in regel.AKTIVE:
        raise ValidationError(_("Avbrudd kan ikke registreres på en avsluttet eller annullert kontrakt."))
    feil: dict[str, list[str]] = {}
    if til is not None and til < fra:
        feil.setdefault("til", []).append(_("Avbrudd til kan ikke være før avbrudd fra."))
    if fra < k.laeretid_fra:
        feil.setdefault("fra", []).append(_("Avbruddet kan ikke starte før læretid fra (%(dato)s).")
                                          % {"dato": _d(k.laeretid_fra)})  # fmt: skip
    if fra > k.laeretid_til:
        feil.setdefault("fra", []).append(_("Avbruddet starter etter at læretiden er slutt (%(dato)s).")
                                          % {"dato": _d(k.laeretid_til)})  # fmt: skip
    if arsak not in Avbrudd.Arsak.values:
        feil.setdefault("arsak", []).append(_("Ukjent årsak."))
    if til is None and k.avbrudd.filter(til__isnull=True).exists():
        feil.setdefault("til", []).append(_("Kontrakten har allerede et avbrudd som ikke er avsluttet."))
    if feil:
        raise ValidationError(feil)
    gammel = k.laeretid_til
    a = Avbrudd(kontrakt=k, fra=fra, til=til, arsak=arsak, merknad=merknad, registrert_av=bruker)
    historikk(a, bruker, "Avbrudd registrert")
    a.save()
    res = _sett_laeretid_til(k)
    historikk(k, bruker, "Læretid til beregnet på nytt etter avbrudd")
    k.save(update_fields=["laeretid_til", "endret"])
    periode = f"{_d(fra)}–{_d(til)}" if til else _("fra %(dato)s (ikke avsluttet)") % {"dato": _d(fra)}
    _ny_slutt_hendelse(Hendelsestype.AVBRUDD_REGISTRERT, bruker, k, gammel, res,
                       _("Avbrudd %(periode)s (%(arsak)s).") % {"periode": periode,
                                                                 "arsak": a.get_arsak_display()})  # fmt: skip
    return a


@transaction.atomic
def avslutt_avbrudd(bruker, avbrudd: Avbrudd, *, til: datetime.date) -> Avbrudd:
    """Ends an open avbrudd; læretid til is known again and moves by its days."""
    krev(bruker, "change", Avbrudd, avbrudd.kontrakt.fylke_id)
    k = _laas(avbrudd.kontrakt)
    a = Avbrudd.objects.select_for_update().get(pk=avbrudd.pk)
    if a.til is not None:
        raise ValidationError(_("Avbruddet er allerede avsluttet."))
    if til < a.fra:
        raise ValidationError(
            {"til": _("Avbrudd til kan ikke være før avbrudd fra (%(dato)s).") % {"dato": _d(a.fra)}}
        )
    gammel = k.laeretid_til
    a.til = til
    historikk(a, bruker, "Avbrudd avsluttet")
    a.save(update_fields=["til"])
    res = _sett_laeretid_til(k)
    historikk(k, bruker, "Læretid til beregnet på nytt etter avbrudd")
    k.save(update_fields=["laeretid_til", "endret"])
    _ny_slutt_hendelse(Hendelsestype.AVBRUDD_AVSLUTTET, bruker, k, gammel, res,
                       _("Avbruddet fra %(fra)s er avsluttet %(til)s.") % {"fra": _d(a.fra), "til": _d(til)})  # fmt: skip
    return a


# --- Ending (§§ 7-3, 7-4) ---------------------------------------------------------------------------------------------
def _kodeinfo(kode: Avslutningskode | None) -> regel.Kodeinfo | None:
    if kode is None:
        return None
    return regel.Kodeinfo(kode=kode.kode, aktiv=kode.aktiv, automatisk=kode.automatisk, gyldig_fra=kode.gyldig_fra,
                          gyldig_til=kode.gyldig_til)  # fmt: skip


def _kode(verdi, modell):
    if verdi is None or isinstance(verdi, modell):
        return verdi
    return modell.objects.filter(kode=verdi).first()


def _avslutt(
    bruker, k: Kontrakt, *, dato, mate, avslutningskode, hevet_av=None, muntlig_hort=None, attest_utstedt=False,
    merknad: str = "",
) -> Kontrakt:  # fmt: skip
    _overgang(k, S.AVSLUTTET)
    kode = _kode(avslutningskode, Avslutningskode)
    hevet = _kode(hevet_av, HevetAv)
    if avslutningskode and kode is None:
        raise ValidationError({"avslutningskode": _("Ukjent avslutningskode.")})
    krav = regel.valider_avslutning(
        mate, dato, laeretid_fra=k.laeretid_fra, laeretid_til=k.laeretid_til, kode=_kodeinfo(kode),
        hevet_av=hevet.kode if hevet else None, muntlig_hort=muntlig_hort, opplaeringsmodell=k.opplaeringsmodell,
    )  # fmt: skip
    if not krav.ok:
        raise ValidationError(krav.feil)
    if krav.hevet_av and (hevet is None or hevet.kode != krav.hevet_av):
        hevet = HevetAv.objects.filter(kode=krav.hevet_av).first()
    apent = k.avbrudd.filter(til__isnull=True).first()
    if apent is not None:
        apent.til = max(dato, apent.fra)
        historikk(apent, bruker, "Avbrudd avsluttet da kontrakten ble avsluttet")
        apent.save(update_fields=["til"])
        _sett_laeretid_til(k)
    k.status = S.AVSLUTTET
    k.avsluttet_dato = dato
    k.avslutningskode = kode
    k.avslutningsmate = mate
    k.hevet_av = hevet
    k.muntlig_hort = muntlig_hort if mate == regel.HEVET else None
    k.attest_utstedt = attest_utstedt
    historikk(k, bruker, f"Kontrakt avsluttet ({kode.kode})")
    k.save()
    tekst = _("Avsluttet %(dato)s: %(mate)s, avslutningskode %(kode)s %(navn)s.") % {
        "dato": _d(dato), "mate": Kontrakt.Avslutningsmate(mate).label, "kode": kode.kode, "navn": kode.navn}  # fmt: skip
    if hevet is not None:
        tekst += " " + _("Hevet av: %(hvem)s.") % {"hvem": hevet.navn}
    if k.muntlig_hort:
        tekst += " " + _("Lærlingen hørt muntlig %(dato)s.") % {"dato": _d(k.muntlig_hort)}
    if merknad:
        tekst += f" {merknad}"
    hendelse(Hendelsestype.KONTRAKT_AVSLUTTET, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k, bedrift=k.bedrift,
             tekst=tekst, data={"kode": kode.kode, "mate": mate, "dato": dato.isoformat()})  # fmt: skip
    return k


@transaction.atomic
def avslutt_kontrakt(
    bruker, kontrakt: Kontrakt, *, dato: datetime.date, mate: str, avslutningskode, hevet_av=None,
    muntlig_hort: datetime.date | None = None, attest_utstedt: bool = False, merknad: str = "",
) -> Kontrakt:  # fmt: skip
    """Ends an approved contract: C10 (``dato``) and C12 (``avslutningskode``, a non-automatic code valid on the
    date unless the ending is a prøve); HEVET needs C11 (``hevet_av``) and, on the company's demand, the date the
    lærling was heard orally (§ 7-3 tredje ledd). An open avbrudd is ended on the same date."""
    krev(bruker, "change", Kontrakt, kontrakt.fylke_id)
    k = _laas(kontrakt)
    if k.status in (S.OPPRETTET, S.TIL_GODKJENNING):
        raise ValidationError(_("Kontrakten er ikke godkjent. Annuller den i stedet for å avslutte den."))
    return _avslutt(bruker, k, dato=dato, mate=mate, avslutningskode=avslutningskode, hevet_av=hevet_av,
                    muntlig_hort=muntlig_hort, attest_utstedt=attest_utstedt, merknad=merknad)  # fmt: skip


@transaction.atomic
def omgjor_til_laerekontrakt(
    bruker, kontrakt: Kontrakt, *, fra: datetime.date, netto_laeretid_mnd: int, godskriving_mnd: int = 0,
    kontraktstype="LK",
) -> Kontrakt:  # fmt: skip
    """An opplæringskontrakt (lærekandidat) becomes a lærekontrakt with the county's consent (docs/fagopplaering/domene.md §3.4):
    the old contract ends the day before ``fra`` with «overført» and code EK (endret kontraktstype); the new one is
    linked to it (``forrige``), has the same company, fag and faglig leder, and is approved at once — the
    conversion is the county's decision."""
    krev(bruker, "change", Kontrakt, kontrakt.fylke_id)
    krev(bruker, "add", Kontrakt, kontrakt.fylke_id)
    k = _laas(kontrakt)
    if k.status != S.GODKJENT:
        raise ValidationError(_("Bare en godkjent kontrakt kan omgjøres."))
    if k.kontraktstype.kandidattype != Kandidattype.LAEREKANDIDAT:
        raise ValidationError(_("Bare en opplæringskontrakt (lærekandidat) kan omgjøres til lærekontrakt."))
    ny_type = _kontraktstype(kontraktstype)
    if ny_type.kandidattype != Kandidattype.LAERLING:
        raise ValidationError({"kontraktstype": _("Den nye kontrakten må være en lærekontrakt.")})
    slutt = fra - datetime.timedelta(days=1)
    if slutt < k.laeretid_fra:
        raise ValidationError({"fra": _("Lærekontrakten må starte etter at opplæringskontrakten startet (%(dato)s).")
                               % {"dato": _d(k.laeretid_fra)}})  # fmt: skip
    _avslutt(bruker, k, dato=slutt, mate=regel.OVERFORT, avslutningskode="EK",
             merknad=_("Omgjort til lærekontrakt fra %(dato)s.") % {"dato": _d(fra)})  # fmt: skip
    ny = _opprett(
        bruker, fylke_id=k.fylke_id, person=k.person, kontraktstype=ny_type, programomrade=k.programomrade,
        bedrift=k.bedrift, medlemsbedrift=k.medlemsbedrift, faglig_leder=k.faglig_leder, laeretid_fra=fra,
        netto_laeretid_mnd=netto_laeretid_mnd, godskriving_mnd=godskriving_mnd,
        opplaeringsmodell=k.opplaeringsmodell, ungdomsrett=k.ungdomsrett, forrige=k, hjemfylke=k.hjemfylke,
        grunn="Omgjort fra opplæringskontrakt",
    )  # fmt: skip
    idag = _idag()
    ny.status = S.GODKJENT
    ny.godkjent_dato = idag
    ny.godkjent_av = bruker
    historikk(ny, bruker, "Godkjent ved omgjøring")
    ny.save(update_fields=["status", "godkjent_dato", "godkjent_av", "endret"])
    tekst = _("Opplæringskontrakten er omgjort til lærekontrakt fra %(fra)s (godkjent %(dato)s).") % {
        "fra": _d(fra), "dato": _d(idag)}  # fmt: skip
    for kt in (k, ny):
        hendelse(Hendelsestype.KONTRAKT_OMGJORT, bruker=bruker, fylke_id=k.fylke_id, kontrakt=kt, tekst=tekst,
                 data={"forrige": k.pk, "ny": ny.pk})  # fmt: skip
    return ny


@transaction.atomic
def annuller(bruker, kontrakt: Kontrakt, *, grunn: str) -> Kontrakt:
    """Cancels a contract that was never approved (an approved one is ended with a code instead). A contract made
    from a formidling sends the applicant back to the formidling list."""
    krev(bruker, "change", Kontrakt, kontrakt.fylke_id)
    if not grunn.strip():
        raise ValidationError({"grunn": _("Oppgi hvorfor kontrakten annulleres.")})
    k = _laas(kontrakt)
    if k.status in (S.GODKJENT, S.AVSLUTTET):
        raise ValidationError(_("En godkjent kontrakt kan ikke annulleres; avslutt den med avslutningskode."))
    _overgang(k, S.ANNULLERT)
    k.status = S.ANNULLERT
    historikk(k, bruker, grunn)
    k.save(update_fields=["status", "endret"])
    hendelse(Hendelsestype.KONTRAKT_ANNULLERT, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k,
             tekst=_("Annullert: %(grunn)s") % {"grunn": grunn})  # fmt: skip
    f = k.formidling
    if f is not None and f.status == Formidling.Status.KONTRAKT:
        andre = Kontrakt.objects.filter(formidling=f, status__in=regel.AKTIVE).exclude(pk=k.pk).exists()
        if not andre:
            _formidlingsstatus(bruker, f, Formidling.Status.SOKT, _("Kontrakten ble annullert."))
    return k


# --- PDF --------------------------------------------------------------------------------------------------------------
@transaction.atomic
def skriv_ut_pdf(bruker, kontrakt: Kontrakt, *, request=None) -> bytes:
    """The contract for signing as PDF (the Udir standard form's sections, the county's letterhead). The download
    is written to the audit log (Innsyn, with the person linked) and the contract's timeline."""
    from fagopplaering.services.kontrakt_pdf import lag_pdf
    from vigo.revisjon import logg_innsyn

    krev(bruker, "view", Kontrakt, kontrakt.fylke_id)
    pdf = lag_pdf(kontrakt)
    logg_innsyn(
        "nedlasting", "Kontrakt for signering (PDF)", bruker=bruker, person=kontrakt.person, request=request
    )
    hendelse(Hendelsestype.KONTRAKT_PDF, bruker=bruker, fylke_id=kontrakt.fylke_id, kontrakt=kontrakt,
             tekst=_("Kontrakten er skrevet ut for signering."))  # fmt: skip
    return pdf
