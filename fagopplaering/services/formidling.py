"""Formidling til læreplass (docs/fagopplaering/formidling.md): the only writers of Formidling and
Formidlingstilbud.

Every function is one transaction: it checks the permission and county (``krev``), checks the change against the
transition table in ``fagopplaering.regler.formidling``, sets the history user and reason, and writes a Hendelse
row for the timeline. The county offers applicants to approved companies; the company decides whom it takes
(Udir-2-2021 § 6A-6, docs/fagopplaering/domene.md §2.1).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from fagopplaering.models import Bedrift, Formidling, Formidlingstilbud, Godkjenning, Hendelse, Hendelsestype
from fagopplaering.models.koder import Kandidattype
from fagopplaering.regler import formidling as regel
from fagopplaering.services.felles import hendelse, historikk, krev
from kodeverk.models import Programomrade
from kodeverk.niva import Niva
from vigo.parametere.selectors import parameter

S = Formidling.Status
SV = Formidlingstilbud.Svar
BATCH = 2000


def _idag() -> datetime.date:
    return timezone.localdate()


def _overgang(fra: str, til: str) -> None:
    try:
        regel.krev_overgang(fra, til)
    except regel.UlovligOvergang as feil:
        raise ValidationError(feil.melding) from None


def _last(formidling: Formidling) -> Formidling:
    """The row locked for the rest of the transaction, with what the texts need."""
    return (
        Formidling.objects.select_for_update(of=("self",))
        .select_related("programomrade", "fylke", "skolear", "bedrift")
        .get(pk=formidling.pk)
    )


def _sett_status(f: Formidling, til: str, dato: datetime.date) -> None:
    f.status = til
    f.statuskode = regel.statuskode(til)
    f.status_dato = dato


def _aktor(bruker):
    return bruker if bruker is not None and bruker.is_authenticated else None


def gyldig_godkjenning(
    bedrift: Bedrift, programomrade, dato: datetime.date, fylke_id: int | None = None
) -> bool:
    """A valid approval of ``bedrift`` for the lærefag on ``dato`` (in ``fylke_id`` when given, else any county:
    an applicant may be formidlet to an approved company in another county, docs/fagopplaering/domene.md §2.1)."""
    qs = Godkjenning.objects.filter(
        bedrift=bedrift,
        programomrade=programomrade,
        status=Godkjenning.Status.GODKJENT,
        godkjent_fra__lte=dato,
    ).filter(Q(godkjent_til__isnull=True) | Q(godkjent_til__gte=dato))
    if fylke_id is not None:
        qs = qs.filter(fylke_id=fylke_id)
    return qs.exists()


def _sjekk_laerefag(programomrade) -> None:
    if programomrade.niva != Niva.LAERE:
        raise ValidationError(
            _("%(po)s er ikke et lærefag (opplæring i bedrift); formidling gjelder bare lærefag.")
            % {"po": programomrade.navn}
        )


@transaction.atomic
def opprett_formidling(
    bruker,
    *,
    person,
    fylke_id: int,
    skolear,
    programomrade,
    kandidattype: str = Kandidattype.LAERLING,
    ungdomsrett: bool = False,
    soknad=None,
    onske=None,
    merknad: str = "",
) -> Formidling:
    """Register one applicant for a læreplass in one lærefag (also one who found a place without applying: rett
    applicants with a læreplass must be registered as søkere, docs/fagopplaering/domene.md §2.1)."""
    krev(bruker, "add", Formidling, fylke_id)
    _sjekk_laerefag(programomrade)
    if kandidattype not in Kandidattype.values:
        raise ValidationError(_("Ukjent kandidattype."))
    if Formidling.objects.filter(
        person=person, fylke_id=fylke_id, skolear=skolear, programomrade=programomrade
    ).exists():
        raise ValidationError(
            _("Søkeren står allerede på formidlingslisten for %(fag)s i %(ar)s.")
            % {"fag": programomrade.navn, "ar": skolear.kode}
        )
    f = Formidling(
        person=person,
        fylke_id=fylke_id,
        skolear=skolear,
        programomrade=programomrade,
        soknad=soknad,
        onske=onske,
        onskenr=onske.nr if onske is not None else None,
        kandidattype=kandidattype,
        ungdomsrett=ungdomsrett,
        merknad=merknad,
    )
    _sett_status(f, S.SOKT, _idag())
    historikk(f, _aktor(bruker), "Registrert som søker til læreplass")
    f.save()
    hendelse(
        Hendelsestype.FORMIDLING_OPPRETTET,
        bruker=_aktor(bruker),
        fylke_id=fylke_id,
        formidling=f,
        tekst=_("Søker til læreplass i %(fag)s registrert (%(type)s).")
        % {"fag": programomrade.navn, "type": f.get_kandidattype_display()},
    )
    return f


def kandidater_fra_inntaket(fylke_id: int, skolear):
    """One row per (person, lærefag) with the applicant's highest-ranked wish on a lærefag (Programomrade niva
    LAER) in the county's søknader of the school year that are sent and not withdrawn."""
    from inntak.models import Onske

    return (
        Onske.objects.filter(
            soknad__fylke_id=fylke_id,
            soknad__skolear=skolear,
            tilbud__programomrade__niva=Niva.LAERE,
        )
        .exclude(soknad__status__in=("trukket", "preutfylt"))
        .order_by("soknad__person_id", "tilbud__programomrade_id", "nr", "pk")
        .distinct("soknad__person_id", "tilbud__programomrade_id")
    )


def _finnes_fra_for(fylke_id: int, skolear):
    return Formidling.objects.filter(
        fylke_id=fylke_id,
        skolear=skolear,
        person_id=OuterRef("soknad__person_id"),
        programomrade_id=OuterRef("tilbud__programomrade_id"),
    )


def forhandsvis_henting(fylke_id: int, skolear) -> dict:
    """What 5A110 would do now: {kandidater, fantes} (for the confirmation page)."""
    alle = kandidater_fra_inntaket(fylke_id, skolear)
    return {
        "kandidater": alle.count(),
        "fantes": alle.filter(Exists(_finnes_fra_for(fylke_id, skolear))).count(),
    }


@transaction.atomic
def hent_fra_inntaket(bruker, *, fylke_id: int, skolear) -> dict:
    """Job 5A110: every applicant in the county's intake with a wish on a lærefag gets a Formidling (status
    «Søker til læreplass», Udir code 4). Set-based and idempotent: who is already on the list is left as is.

    Kandidattype is «lærling»; ungdomsrett from the søknad's rettstatus. Applicants whose søknad has been withdrawn
    since, and who are not formidlet yet, get status «Trukket». Returns {opprettet, fantes, trukket}."""
    krev(bruker, "add", Formidling, fylke_id)
    finnes = _finnes_fra_for(fylke_id, skolear)
    alle = kandidater_fra_inntaket(fylke_id, skolear)
    totalt = alle.count()
    nye = list(
        alle.annotate(finnes=Exists(finnes))
        .values_list(
            "pk",
            "nr",
            "soknad_id",
            "soknad__person_id",
            "tilbud__programomrade_id",
            "soknad__rettstatus",
            "finnes",
        )
        .iterator(chunk_size=BATCH)
    )
    nye = [r for r in nye if not r[-1]]
    idag = _idag()
    aktor = _aktor(bruker)
    rader = [
        Formidling(
            person_id=person_id, fylke_id=fylke_id, skolear=skolear, programomrade_id=po_id, soknad_id=soknad_id,
            onske_id=onske_id, onskenr=nr, kandidattype=Kandidattype.LAERLING,
            ungdomsrett=rett == "ungdomsrett", status=S.SOKT, statuskode=regel.statuskode(S.SOKT), status_dato=idag,
        )
        for onske_id, nr, soknad_id, person_id, po_id, rett, _finnes in nye
    ]  # fmt: skip
    if rader:
        rader = bulk_create_with_history(
            rader, Formidling, batch_size=BATCH, default_user=aktor,
            default_change_reason="Hentet fra inntaket (5A110)",
        )  # fmt: skip
        navn = dict(
            Programomrade.objects.filter(pk__in={r.programomrade_id for r in rader}).values_list("pk", "navn")
        )
        tekst = _("Søker til læreplass i %(fag)s hentet fra søknaden (ønske %(nr)s).")
        Hendelse.objects.bulk_create(
            [
                Hendelse(
                    type=Hendelsestype.FORMIDLING_OPPRETTET, bruker=aktor,
                    aktor=aktor.get_username() if aktor else "system", fylke_id=fylke_id, formidling=r,
                    tekst=(tekst % {"fag": navn.get(r.programomrade_id, ""), "nr": r.onskenr})[:500],
                    data={"kilde": "5A110", "soknad": r.soknad_id},
                )
                for r in rader
            ],
            batch_size=BATCH,
        )  # fmt: skip
    trukket = _trekk_fra_trukne_soknader(aktor, fylke_id, skolear, idag)
    return {"opprettet": len(rader), "fantes": totalt - len(rader), "trukket": trukket}


def _trekk_fra_trukne_soknader(aktor, fylke_id: int, skolear, idag: datetime.date) -> int:
    """Applicants fetched from a søknad that has since been withdrawn, and not yet formidlet: status «Trukket»
    (the søknad's withdrawal covers the læreplass wishes too). Who has been formidlet is left to the caseworker."""
    rader = list(
        Formidling.objects.select_for_update(of=("self",))
        .filter(fylke_id=fylke_id, skolear=skolear, status=S.SOKT, soknad__status="trukket")
        .select_related("programomrade")
    )
    if not rader:
        return 0
    hendelser = []
    for f in rader:
        _sett_status(f, S.TRUKKET, idag)
        hendelser.append(
            Hendelse(
                type=Hendelsestype.FORMIDLING_STATUS, bruker=aktor, aktor=aktor.get_username() if aktor else "system",
                fylke_id=fylke_id, formidling=f, data={"fra": S.SOKT, "til": S.TRUKKET, "kilde": "5A110"},
                tekst=(_("%(fag)s: %(fra)s → %(til)s (søknaden er trukket).")
                       % {"fag": f.programomrade.navn, "fra": S.SOKT.label, "til": S.TRUKKET.label})[:500],
            )
        )  # fmt: skip
    bulk_update_with_history(
        rader, Formidling, ["status", "statuskode", "status_dato"], batch_size=BATCH, default_user=aktor,
        default_change_reason="Søknaden er trukket (5A110)",
    )  # fmt: skip
    Hendelse.objects.bulk_create(hendelser, batch_size=BATCH)
    return len(rader)


@transaction.atomic
def endre_status(bruker, formidling: Formidling, til: str, *, merknad: str = "") -> Formidling:
    """A change of status the table allows (docs/fagopplaering/domene.md §2.3). «Svarte ikke» only after the svarfrist."""
    f = _last(formidling)
    krev(bruker, "change", Formidling, f.fylke_id)
    if til not in S.values:
        raise ValidationError(_("Ukjent status."))
    fra = f.status
    _overgang(fra, til)
    idag = _idag()
    if til == S.IKKE_SVART and f.svarfrist and idag <= f.svarfrist:
        raise ValidationError(
            _(
                "Svarfristen går ut %(frist)s; søkeren kan ikke registreres som «svarte ikke» før den har gått ut."
            )
            % {"frist": f.svarfrist.strftime("%d.%m.%Y")}
        )
    bedrift = f.bedrift
    if til in (S.SOKT, S.FORMIDLET, S.TRUKKET) and fra in (S.TILBUD, S.AKSEPTERT, S.KONTRAKT):
        f.bedrift = None  # the offer is gone
        f.svarfrist = None
    _sett_status(f, til, idag)
    historikk(f, _aktor(bruker), merknad or f"Status {regel.NAVN[fra]} → {regel.NAVN[til]}")
    f.save()
    hendelse(
        Hendelsestype.FORMIDLING_STATUS,
        bruker=_aktor(bruker),
        fylke_id=f.fylke_id,
        formidling=f,
        bedrift=bedrift,
        tekst=_("%(fag)s: %(fra)s → %(til)s.")
        % {"fag": f.programomrade.navn, "fra": S(fra).label, "til": S(til).label}
        + (f" {merknad}" if merknad else ""),
        data={"fra": fra, "til": til},
    )
    formidling.refresh_from_db()
    return f


@transaction.atomic
def formidle_til_bedrift(
    bruker, formidling: Formidling, bedrift: Bedrift, *, merknad: str = ""
) -> Formidlingstilbud:
    """Send the applicant to an approved company (which decides). The company must have a valid approval for the
    lærefag today, and must not be deleted or bankrupt in Enhetsregisteret."""
    f = _last(formidling)
    krev(bruker, "change", Formidling, f.fylke_id)
    if f.status not in (S.FORMIDLET, S.INTERVJU):
        _overgang(f.status, S.FORMIDLET)
    idag = _idag()
    if bedrift.slettet_i_er or bedrift.konkurs or not bedrift.aktiv:
        raise ValidationError(
            _("%(bedrift)s er slettet, konkurs eller ikke aktiv og kan ikke få formidlet lærlinger.")
            % {"bedrift": bedrift.navn}
        )
    if not gyldig_godkjenning(bedrift, f.programomrade, idag):
        raise ValidationError(
            _("%(bedrift)s er ikke godkjent som lærebedrift i %(fag)s per %(dato)s.")
            % {"bedrift": bedrift.navn, "fag": f.programomrade.navn, "dato": idag.strftime("%d.%m.%Y")}
        )
    if Formidlingstilbud.objects.filter(formidling=f, bedrift=bedrift).exists():
        raise ValidationError(
            _("Søkeren er allerede formidlet til %(bedrift)s i %(fag)s.")
            % {"bedrift": bedrift.navn, "fag": f.programomrade.navn}
        )
    tilbud = Formidlingstilbud.objects.create(
        formidling=f, bedrift=bedrift, sendt=idag, merknad=merknad[:500], registrert_av=_aktor(bruker)
    )
    if f.status != S.INTERVJU and f.status != S.FORMIDLET:
        fra = f.status
        _sett_status(f, S.FORMIDLET, idag)
        historikk(f, _aktor(bruker), f"Formidlet til bedrift ({regel.NAVN[fra]} → Formidlet)")
        f.save()
    hendelse(
        Hendelsestype.FORMIDLET_TIL_BEDRIFT,
        bruker=_aktor(bruker),
        fylke_id=f.fylke_id,
        formidling=f,
        bedrift=bedrift,
        tekst=_("Formidlet til %(bedrift)s i %(fag)s.")
        % {"bedrift": bedrift.navn, "fag": f.programomrade.navn},
        data={"tilbud": tilbud.pk},
    )
    return tilbud


def _apne_henvisninger(f: Formidling, unntatt: int | None = None):
    qs = Formidlingstilbud.objects.filter(formidling=f, svar__in=(SV.VENTER, SV.INTERVJU, SV.TILBUD))
    return qs.exclude(pk=unntatt) if unntatt else qs


@transaction.atomic
def registrer_svar_fra_bedrift(
    bruker, tilbud: Formidlingstilbud, svar: str, *, merknad: str = ""
) -> Formidlingstilbud:
    """The company's answer to a referral. «Tilbyr læreplass» puts the applicant in status «Tilbud» with the
    county's svarfrist (``fagopplaering.svarfrist_dager``); «Tar ikke søkeren» sends the applicant back to the list
    when no other company is still considering him or her."""
    t = Formidlingstilbud.objects.select_for_update().select_related("bedrift").get(pk=tilbud.pk)
    f = _last(t.formidling)
    krev(bruker, "change", Formidling, f.fylke_id)
    if svar not in SV.values:
        raise ValidationError(_("Ukjent svar fra bedriften."))
    try:
        regel.krev_svar(t.svar, svar)
    except regel.UlovligOvergang as feil:
        raise ValidationError(feil.melding) from None
    idag = _idag()
    fra = f.status
    til = fra
    if svar == SV.TILBUD:
        if fra != S.TILBUD:
            _overgang(fra, S.TILBUD)
        til = S.TILBUD
        dager = parameter(f.fylke, f.skolear, "fagopplaering.svarfrist_dager")
        f.svarfrist = regel.svarfrist(idag, int(dager)).verdi
        f.bedrift = t.bedrift
    elif svar == SV.INTERVJU:
        if fra == S.FORMIDLET:
            til = S.INTERVJU
    else:  # NEI or TRUKKET
        andre = _apne_henvisninger(f, unntatt=t.pk)
        if fra == S.TILBUD and f.bedrift_id == t.bedrift_id:
            andre_tilbud = (
                andre.filter(svar=SV.TILBUD).select_related("bedrift").order_by("-svar_dato").first()
            )
            if andre_tilbud is not None:
                f.bedrift = andre_tilbud.bedrift  # still an offer from another company
            else:
                til = S.FORMIDLET if andre.exists() else S.SOKT
                f.bedrift = None
                f.svarfrist = None
        elif fra in (S.FORMIDLET, S.INTERVJU) and not andre.exists():
            til = S.SOKT
    t.svar = svar
    t.svar_dato = idag
    if merknad:
        t.merknad = merknad[:500]
    t.registrert_av = _aktor(bruker)
    t.save()
    if til != fra:
        _overgang(fra, til)
        _sett_status(f, til, idag)
    historikk(f, _aktor(bruker), f"Svar fra {t.bedrift.navn}: {SV(svar).label}")
    f.save()
    tekst = _("%(bedrift)s: %(svar)s (%(fag)s).") % {
        "bedrift": t.bedrift.navn, "svar": SV(svar).label, "fag": f.programomrade.navn
    }  # fmt: skip
    if svar == SV.TILBUD:
        tekst += " " + _("Svarfrist %(frist)s.") % {"frist": f.svarfrist.strftime("%d.%m.%Y")}
    hendelse(
        Hendelsestype.BEDRIFT_SVAR, bruker=_aktor(bruker), fylke_id=f.fylke_id, formidling=f, bedrift=t.bedrift,
        tekst=tekst + (f" {merknad}" if merknad else ""), data={"svar": svar, "fra": fra, "til": til},
    )  # fmt: skip
    return t


@transaction.atomic
def registrer_sokersvar(
    bruker, formidling: Formidling, *, aksepterer: bool, bedrift: Bedrift | None = None
) -> Formidling:
    """The applicant's answer to an offer. Yes: «Takket ja» (the contract can be made); the other open referrals
    are withdrawn. No: «Takket nei», which ends the formidling for the year (docs/fagopplaering/domene.md §2.1)."""
    f = _last(formidling)
    krev(bruker, "change", Formidling, f.fylke_id)
    til = S.AKSEPTERT if aksepterer else S.AVSLATT
    _overgang(f.status, til)
    if bedrift is not None and bedrift.pk != f.bedrift_id:
        if not Formidlingstilbud.objects.filter(formidling=f, bedrift=bedrift, svar=SV.TILBUD).exists():
            raise ValidationError(
                _("%(bedrift)s har ikke tilbudt søkeren læreplass.") % {"bedrift": bedrift.navn}
            )
        f.bedrift = bedrift
    if f.bedrift is None:
        raise ValidationError(_("Ingen bedrift har tilbudt søkeren læreplass."))
    idag = _idag()
    fra = f.status
    _sett_status(f, til, idag)
    if aksepterer:
        _apne_henvisninger(f).exclude(bedrift=f.bedrift).update(svar=SV.TRUKKET, svar_dato=idag)
    historikk(f, _aktor(bruker), f"Søkeren svarte {'ja' if aksepterer else 'nei'} til {f.bedrift.navn}")
    f.save()
    if aksepterer:
        tekst = _("Søkeren takket ja til læreplass hos %(bedrift)s i %(fag)s.")
    else:
        tekst = _("Søkeren takket nei til læreplass hos %(bedrift)s i %(fag)s; ingen ny læreplass samme år.")
    hendelse(
        Hendelsestype.FORMIDLING_STATUS, bruker=_aktor(bruker), fylke_id=f.fylke_id, formidling=f, bedrift=f.bedrift,
        tekst=tekst % {"bedrift": f.bedrift.navn, "fag": f.programomrade.navn}, data={"fra": fra, "til": til},
    )  # fmt: skip
    return f


@transaction.atomic
def tilby_vg3_i_skole(bruker, formidlinger: Iterable[Formidling]) -> int:
    """The alternative (ol-2023 § 5-6; forskrift 2006 § 6A-9): applicants with ungdomsrett not formidlet get an
    offer of Vg3 i skole. All or nothing: every applicant that cannot get it is named."""
    ider = sorted({f.pk for f in formidlinger})
    if not ider:
        raise ValidationError(_("Velg minst én søker."))
    rader = list(
        Formidling.objects.select_for_update(of=("self",))
        .filter(pk__in=ider)
        .select_related("person", "programomrade")
        .order_by("pk")
    )
    if len(rader) != len(ider):
        raise ValidationError(_("Noen av søkerne finnes ikke lenger; last siden på nytt."))
    for fylke_id in {f.fylke_id for f in rader}:
        krev(bruker, "change", Formidling, fylke_id)
    feil = []
    for f in rader:
        if not f.ungdomsrett:
            feil.append(
                _("%(navn)s (%(fag)s) har ikke ungdomsrett.")
                % {"navn": f.person.navn, "fag": f.programomrade.navn}
            )
        elif f.status not in regel.IKKE_PLASSERT:
            feil.append(
                _("%(navn)s (%(fag)s) har status «%(status)s» og kan ikke få tilbud om Vg3 i skole.")
                % {"navn": f.person.navn, "fag": f.programomrade.navn, "status": f.get_status_display()}
            )
    if feil:
        raise ValidationError(feil)
    idag = _idag()
    aktor = _aktor(bruker)
    hendelser = []
    for f in rader:
        fra = f.status
        _overgang(fra, S.VG3_SKOLE)
        _sett_status(f, S.VG3_SKOLE, idag)
        hendelser.append(
            Hendelse(
                type=Hendelsestype.FORMIDLING_STATUS, bruker=aktor, aktor=aktor.get_username() if aktor else "system",
                fylke_id=f.fylke_id, formidling=f,
                tekst=(_("%(fag)s: %(fra)s → %(til)s (ikke formidlet innen fristen, opplæringslova § 5-6).")
                       % {"fag": f.programomrade.navn, "fra": S(fra).label, "til": S.VG3_SKOLE.label})[:500],
                data={"fra": fra, "til": S.VG3_SKOLE},
            )
        )  # fmt: skip
    bulk_update_with_history(
        rader, Formidling, ["status", "statuskode", "status_dato"], batch_size=BATCH, default_user=aktor,
        default_change_reason="Tilbud om Vg3 i skole",
    )  # fmt: skip
    Hendelse.objects.bulk_create(hendelser, batch_size=BATCH)
    return len(rader)


def frakoble_fra_soknader(fylke, skolear) -> int:
    """5A014 deletes the county's søknader for the school year: the formidlinger that came from them keep going
    without the link to the søknad and the wish (``arsavslutning.registrer_frakobling``, in 5A014's transaction).
    One set-based UPDATE; the history keeps the old link."""
    qs = Formidling.objects.filter(
        Q(soknad__fylke=fylke, soknad__skolear=skolear)
        | Q(onske__soknad__fylke=fylke, onske__soknad__skolear=skolear)
    )
    n = qs.update(soknad=None, onske=None)
    if n:
        hendelse(
            Hendelsestype.FORMIDLING_STATUS, bruker=None, fylke_id=fylke.pk,
            tekst=f"Søkerdata for {skolear.kode} er slettet (5A014): {n} formidlinger er ikke lenger koblet til "
                  "søknaden, og fortsetter uten den.",
        )  # fmt: skip
    return n
