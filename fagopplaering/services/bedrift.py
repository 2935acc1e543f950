"""Writes of the company register (docs/fagopplaering/bedrift.md): companies from Enhetsregisteret, the county's
approvals per lærefag, faglige ledere and instruktører, and opplæringskontor membership.

Every function checks the permission and the county (``krev``), runs in one transaction, sets the history user and
reason (``historikk``) and writes one ``Hendelse`` that the company page's timeline shows. Errors are
``ValidationError`` in Norwegian; nothing is half-written. Names are fine in ``Hendelse.tekst`` (a timeline), never
in a log line.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.no import orgnr as stdnum_orgnr

from fagopplaering.enhetsregisteret import Enhet, Oppslagsfeil, backend
from fagopplaering.models import (
    Bedrift,
    Bedriftstype,
    Godkjenning,
    Hendelsestype,
    Kontrakt,
    Medlemskap,
    Opplaeringsansvarlig,
)
from fagopplaering.regler import bedrift as regler
from fagopplaering.services.felles import hendelse, historikk, krev
from kodeverk.models import Fylke, Kommune, Programomrade

# What Enhetsregisteret owns (overwritten on every refresh) and what the county keeps itself.
ER_FELT = (
    "navn", "organisasjonsform", "adresse", "postnummer", "poststed", "postadresse", "kommune", "naeringskode",
    "naeringsnavn", "antall_ansatte",
)  # fmt: skip
EGNE_FELT = ("bransje", "epost", "telefon", "kontaktperson")
ENDRE_FELT = ("type", "bransje", "epost", "telefon", "kontaktperson", "aktiv")
# Without a unit in Enhetsregisteret (a lookup that failed) the caseworker may type these too.
MANUELLE_FELT = ("navn", "organisasjonsform", "adresse", "postnummer", "poststed", "postadresse", "kommune",
                 "naeringskode", "naeringsnavn")  # fmt: skip
ANSVARLIG_FELT = ("fodselsdato", "epost", "mobil", "kompetanse", "kurs_fullfort", "til")
LAEREFAG_NIVA = "LAER"


def _dato(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def vis_orgnr(orgnr: str) -> str:
    """999 999 999 – how an organisasjonsnummer is written for people."""
    return stdnum_orgnr.format(orgnr) if orgnr and len(orgnr) == 9 and orgnr.isdigit() else orgnr


def normaliser_orgnr(orgnr: str) -> str:
    """The 9 digits of an organisasjonsnummer typed with spaces or dots; ValidationError when it is not valid."""
    verdi = stdnum_orgnr.compact(str(orgnr or "").replace(".", "").replace("-", ""))
    if not stdnum_orgnr.is_valid(verdi):
        raise ValidationError(
            _("«%(verdi)s» er ikke et gyldig organisasjonsnummer (9 siffer med riktig kontrollsiffer)."),
            params={"verdi": str(orgnr or "").strip()},
            code="ugyldig_orgnr",
        )
    return verdi


def slaa_opp(orgnr: str) -> Enhet | None:
    """Ask Enhetsregisteret (the configured backend). ``Oppslagsfeil`` when it cannot answer."""
    return backend().hent(normaliser_orgnr(orgnr))


def _krev_ukjent(felt: dict, tillatt: tuple[str, ...]) -> None:
    ukjent = sorted(set(felt) - set(tillatt))
    if ukjent:
        raise TypeError(f"Ukjente felt: {', '.join(ukjent)}")


def _kommune(nummer: str) -> Kommune | None:
    return Kommune.objects.filter(nummer=nummer).first() if nummer else None


def _epost(verdi: str) -> str:
    """Enhetsregisteret's e-mail address when it is a valid one (the register has some that are not)."""
    try:
        validate_email(verdi)
    except ValidationError:
        return ""
    return verdi[:254]


def _fra_er(enhet: Enhet) -> dict[str, Any]:
    return {
        "navn": enhet.navn[:300],
        "organisasjonsform": enhet.organisasjonsform[:10],
        "adresse": enhet.adresse[:300],
        "postnummer": enhet.postnummer[:4],
        "poststed": enhet.poststed[:100],
        "postadresse": enhet.postadresse[:300],
        "kommune": _kommune(enhet.kommunenummer),
        "naeringskode": enhet.naeringskode[:10],
        "naeringsnavn": enhet.naeringsnavn[:300],
        "antall_ansatte": enhet.antall_ansatte,
    }


def _sjekk_finnes_ikke(orgnr: str) -> None:
    finnes = Bedrift.objects.filter(orgnr=orgnr).only("pk", "navn", "orgnr").first()
    if finnes is not None:
        raise ValidationError(
            _("Organisasjonsnummer %(orgnr)s er allerede registrert: %(navn)s."),
            params={"orgnr": vis_orgnr(orgnr), "navn": finnes.navn, "pk": finnes.pk},
            code="finnes",
        )


def _valider(obj) -> None:
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as feil:
        raise feil from None


@transaction.atomic
def registrer_bedrift(
    bruker, *, orgnr: str, fylke_id: int, type: str = Bedriftstype.SELVSTENDIG, **felt
) -> Bedrift:
    """Register a company (or opplæringskontor) by organisasjonsnummer.

    Enhetsregisteret fills the name, addresses, kommune and NACE code when it knows the unit; a deleted unit is
    refused. When Enhetsregisteret does not know the number or cannot answer, the caseworker's own ``navn`` (and
    address fields) are used, and the company can be refreshed from Enhetsregisteret later. A number that is
    already registered is refused with the company's name."""
    krev(bruker, "add", Bedrift, fylke_id)
    _krev_ukjent(felt, EGNE_FELT + MANUELLE_FELT)
    orgnr = normaliser_orgnr(orgnr)
    if type not in Bedriftstype.values:
        raise ValidationError(_("Ukjent bedriftstype."), code="type")
    _sjekk_finnes_ikke(orgnr)
    try:
        enhet = backend().hent(orgnr)
        er_feil = ""
    except Oppslagsfeil as feil:
        enhet, er_feil = None, str(feil)
    verdier: dict[str, Any] = {k: v for k, v in felt.items() if k in EGNE_FELT and v not in (None, "")}
    if enhet is not None:
        if enhet.slettet:
            raise ValidationError(
                _("%(navn)s (%(orgnr)s) er slettet i Enhetsregisteret %(dato)s og kan ikke registreres."),
                params={"navn": enhet.navn, "orgnr": vis_orgnr(orgnr), "dato": _dato(enhet.slettedato)},
                code="slettet",
            )
        verdier.update(_fra_er(enhet))
        verdier.setdefault("epost", _epost(enhet.epost))
        verdier.setdefault("telefon", enhet.telefon[:20])
        verdier["konkurs"] = enhet.konkurs or enhet.under_avvikling
        verdier["oppdatert_fra_er"] = timezone.now()
    else:
        for k in MANUELLE_FELT:
            if felt.get(k) not in (None, ""):
                verdier[k] = felt[k]
        if not str(verdier.get("navn", "")).strip():
            if er_feil:
                raise ValidationError(
                    _("%(feil)s Fyll inn navnet selv for å registrere bedriften uten oppslag."),
                    params={"feil": er_feil}, code="er_feil",
                )  # fmt: skip
            raise ValidationError(
                _("Organisasjonsnummer %(orgnr)s finnes ikke i Enhetsregisteret. Fyll inn navnet selv for å "
                  "registrere bedriften likevel."),
                params={"orgnr": vis_orgnr(orgnr)}, code="finnes_ikke_i_er",
            )  # fmt: skip
    b = Bedrift(orgnr=orgnr, type=type, **verdier)
    _valider(b)
    historikk(b, bruker, "Registrert" + (" fra Enhetsregisteret" if enhet else " uten Enhetsregisteret"))
    b.save()
    kilde = _("fra Enhetsregisteret") if enhet else _("uten oppslag i Enhetsregisteret")
    hendelse(Hendelsestype.BEDRIFT_OPPRETTET, bruker=bruker, fylke_id=fylke_id, bedrift=b,
             tekst=_("%(navn)s registrert som %(type)s %(kilde)s.") % {
                 "navn": b.navn, "type": b.get_type_display().lower(), "kilde": kilde},
             data={"orgnr": orgnr, "er": enhet is not None})  # fmt: skip
    return b


def _endringer(b: Bedrift, nye: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    ut = []
    for k, v in nye.items():
        gammel = getattr(b, k)
        if gammel != v:
            ut.append((k, gammel, v))
    return ut


def _beskriv(endringer: list[tuple[str, Any, Any]]) -> str:
    deler = []
    for k, fra, til in endringer:
        navn = Bedrift._meta.get_field(k).verbose_name
        deler.append(
            f"{navn}: {fra if fra not in (None, '') else '–'} → {til if til not in (None, '') else '–'}"
        )
    return "; ".join(deler)


@transaction.atomic
def oppdater_fra_enhetsregisteret(bruker, bedrift: Bedrift, fylke_id: int) -> Bedrift:
    """Refresh name, addresses, kommune, NACE and the deleted/bankrupt flags from Enhetsregisteret. The timeline row
    says what changed (or that nothing did)."""
    krev(bruker, "change", Bedrift, fylke_id)
    b = Bedrift.objects.select_for_update().get(pk=bedrift.pk)
    try:
        enhet = backend().hent(b.orgnr)
    except Oppslagsfeil as feil:
        raise ValidationError(str(feil), code="er_feil") from feil
    if enhet is None:
        raise ValidationError(
            _("Organisasjonsnummer %(orgnr)s finnes ikke i Enhetsregisteret."),
            params={"orgnr": vis_orgnr(b.orgnr)}, code="finnes_ikke_i_er",
        )  # fmt: skip
    nye = _fra_er(enhet)
    nye["konkurs"] = enhet.konkurs or enhet.under_avvikling
    nye["slettet_i_er"] = enhet.slettedato
    if not b.epost and _epost(enhet.epost):
        nye["epost"] = _epost(enhet.epost)
    if not b.telefon and enhet.telefon:
        nye["telefon"] = enhet.telefon[:20]
    endringer = _endringer(b, nye)
    for k, v in nye.items():
        setattr(b, k, v)
    b.oppdatert_fra_er = timezone.now()
    _valider(b)
    historikk(b, bruker, "Oppdatert fra Enhetsregisteret")
    b.save()
    tekst = (_("Oppdatert fra Enhetsregisteret: %(endringer)s.") % {"endringer": _beskriv(endringer)}
             if endringer else _("Oppdatert fra Enhetsregisteret: ingen endringer."))  # fmt: skip
    if enhet.slettet:
        tekst += " " + _("Enheten er slettet i Enhetsregisteret %(dato)s.") % {
            "dato": _dato(enhet.slettedato)
        }
    elif nye["konkurs"]:
        tekst += " " + _("Enheten er konkurs eller under avvikling.")
    hendelse(Hendelsestype.BEDRIFT_OPPDATERT_ER, bruker=bruker, fylke_id=fylke_id, bedrift=b, tekst=tekst,
             data={"endret": [e[0] for e in endringer]})  # fmt: skip
    return b


@transaction.atomic
def endre_bedrift(bruker, bedrift: Bedrift, fylke_id: int, **felt) -> Bedrift:
    """Change what the county keeps itself: type, bransje, contact details, active. (Name and addresses come from
    Enhetsregisteret: refresh instead.) An opplæringskontor with members cannot stop being one."""
    krev(bruker, "change", Bedrift, fylke_id)
    _krev_ukjent(felt, ENDRE_FELT)
    b = Bedrift.objects.select_for_update().get(pk=bedrift.pk)
    ny_type = felt.get("type", b.type)
    if ny_type not in Bedriftstype.values:
        raise ValidationError(_("Ukjent bedriftstype."), code="type")
    if (
        b.type == Bedriftstype.OPPLAERINGSKONTOR
        and ny_type != Bedriftstype.OPPLAERINGSKONTOR
        and b.medlemmer.filter(til__isnull=True).exists()
    ):
        raise ValidationError(
            _("%(navn)s har medlemsbedrifter og må være opplæringskontor til alle er meldt ut."),
            params={"navn": b.navn}, code="har_medlemmer",
        )  # fmt: skip
    endringer = _endringer(b, felt)
    if not endringer:
        return b
    for k, v in felt.items():
        setattr(b, k, v)
    _valider(b)
    historikk(b, bruker, "Endret av saksbehandler")
    b.save()
    hendelse(Hendelsestype.BEDRIFT_ENDRET, bruker=bruker, fylke_id=fylke_id, bedrift=b,
             tekst=_("Endret: %(endringer)s.") % {"endringer": _beskriv(endringer)},
             data={"endret": [e[0] for e in endringer]})  # fmt: skip
    return b


def _krev_kan_godkjennes(bedrift: Bedrift) -> None:
    """Refuse a company deleted, bankrupt or inactive – as stored, and as Enhetsregisteret says now (when it can
    answer; if it cannot, the stored flags decide)."""
    if bedrift.slettet_i_er:
        raise ValidationError(
            _("%(navn)s er slettet i Enhetsregisteret %(dato)s og kan ikke godkjennes."),
            params={"navn": bedrift.navn, "dato": _dato(bedrift.slettet_i_er)}, code="slettet",
        )  # fmt: skip
    if bedrift.konkurs:
        raise ValidationError(
            _("%(navn)s er konkurs eller under avvikling og kan ikke godkjennes."),
            params={"navn": bedrift.navn}, code="konkurs",
        )  # fmt: skip
    if not bedrift.aktiv:
        raise ValidationError(_("%(navn)s er ikke aktiv."), params={"navn": bedrift.navn}, code="inaktiv")
    try:
        enhet = backend().hent(bedrift.orgnr)
    except Oppslagsfeil:
        return
    if enhet is not None and not enhet.kan_godkjennes:
        raise ValidationError(
            _("Enhetsregisteret sier at %(navn)s er slettet, konkurs eller under avvikling. Oppdater bedriften fra "
              "Enhetsregisteret."),
            params={"navn": bedrift.navn}, code="konkurs",
        )  # fmt: skip


def _krev_laerefag(programomrade: Programomrade) -> None:
    if programomrade.niva != LAEREFAG_NIVA:
        raise ValidationError(
            _("%(navn)s er ikke et lærefag (programområde på nivå lære)."),
            params={"navn": programomrade.navn}, code="ikke_laerefag",
        )  # fmt: skip


@transaction.atomic
def godkjenn(
    bruker,
    *,
    bedrift: Bedrift,
    fylke_id: int,
    programomrade: Programomrade,
    godkjent_fra: datetime.date,
    godkjent_til: datetime.date | None = None,
    begrenset: bool = False,
    vilkar: str = "",
    vedtak_ref: str = "",
    faglig_leder: dict | None = None,
) -> Godkjenning:
    """Approve the company as a lærebedrift for one lærefag in the county (bedriftskurs). With ``faglig_leder``
    (fornavn, etternavn and the optional fields of ``registrer_ansvarlig``) the faglig leder is registered in the
    same transaction."""
    krev(bruker, "add", Godkjenning, fylke_id)
    _krev_laerefag(programomrade)
    periode = regler.kontroller_periode(godkjent_fra, godkjent_til)
    if not periode.ok:
        raise ValidationError(periode.forklaring[0], code="periode")
    b = Bedrift.objects.select_for_update().get(pk=bedrift.pk)
    _krev_kan_godkjennes(b)
    finnes = Godkjenning.objects.filter(
        bedrift=b, fylke_id=fylke_id, programomrade=programomrade, status=Godkjenning.Status.GODKJENT
    ).first()
    if finnes is not None:
        raise ValidationError(
            _("%(navn)s er allerede godkjent for %(fag)s fra %(fra)s."),
            params={"navn": b.navn, "fag": programomrade.navn, "fra": _dato(finnes.godkjent_fra)}, code="finnes",
        )  # fmt: skip
    g = Godkjenning(bedrift=b, fylke_id=fylke_id, programomrade=programomrade, godkjent_fra=godkjent_fra,
                    godkjent_til=godkjent_til, begrenset=begrenset, vilkar=vilkar or "", vedtak_ref=vedtak_ref or "",
                    godkjent_av=bruker if bruker is not None and bruker.is_authenticated else None)  # fmt: skip
    _valider(g)
    historikk(g, bruker, "Godkjent")
    g.save()
    tekst = _("Godkjent for %(fag)s fra %(fra)s") % {"fag": programomrade.navn, "fra": _dato(godkjent_fra)}
    if godkjent_til:
        tekst += _(" til %(til)s") % {"til": _dato(godkjent_til)}
    if begrenset:
        tekst += _(" (begrenset godkjenning)")
    hendelse(Hendelsestype.GODKJENT, bruker=bruker, fylke_id=fylke_id, bedrift=b, godkjenning=g, tekst=tekst + ".",
             data={"programomrade": programomrade.kode, "vedtak": vedtak_ref or ""})  # fmt: skip
    if faglig_leder:
        fl = dict(faglig_leder)
        fl.setdefault("fra", godkjent_fra)
        registrer_ansvarlig(bruker, g, rolle=Opplaeringsansvarlig.Rolle.FAGLIG_LEDER, **fl)
    return g


@transaction.atomic
def trekk_godkjenning(bruker, godkjenning: Godkjenning, *, dato: datetime.date, grunn: str) -> Godkjenning:
    """Withdraw an approval from ``dato`` (the approval covered the days before). The row stays with the reason.
    Running contracts in the fag are not ended here: the caseworker follows them up (the page says how many)."""
    krev(bruker, "change", Godkjenning, godkjenning.fylke_id)
    g = (
        Godkjenning.objects.select_for_update()
        .select_related("bedrift", "programomrade")
        .get(pk=godkjenning.pk)
    )
    try:
        regler.krev_overgang(g.status, Godkjenning.Status.TRUKKET)
    except regler.UlovligOvergang as feil:
        raise ValidationError(str(feil), code="overgang") from None
    if not (grunn or "").strip():
        raise ValidationError(_("Skriv grunnen til at godkjenningen trekkes tilbake."), code="grunn")
    if dato < g.godkjent_fra:
        raise ValidationError(
            _("Godkjenningen kan ikke trekkes tilbake før den gjaldt fra (%(fra)s)."),
            params={"fra": _dato(g.godkjent_fra)}, code="dato",
        )  # fmt: skip
    g.status = Godkjenning.Status.TRUKKET
    g.trukket_dato = dato
    g.trukket_grunn = grunn.strip()
    historikk(g, bruker, "Trukket tilbake")
    g.save()
    hendelse(Hendelsestype.GODKJENNING_TRUKKET, bruker=bruker, fylke_id=g.fylke_id, bedrift=g.bedrift, godkjenning=g,
             tekst=_("Godkjenningen for %(fag)s trukket tilbake fra %(dato)s: %(grunn)s") % {
                 "fag": g.programomrade.navn, "dato": _dato(dato), "grunn": g.trukket_grunn})  # fmt: skip
    return g


def lopende_kontrakter_i_fag(godkjenning: Godkjenning, dato: datetime.date) -> int:
    """Running contracts of the county with the company (as lærebedrift or medlemsbedrift) in the approval's fag."""
    from fagopplaering.selectors.bedrift import lopende_kontrakter_q

    return (
        Kontrakt.objects.filter(lopende_kontrakter_q(dato), fylke_id=godkjenning.fylke_id,
                                programomrade_id=godkjenning.programomrade_id)
        .filter(Q(bedrift_id=godkjenning.bedrift_id) | Q(medlemsbedrift_id=godkjenning.bedrift_id))
        .count()
    )  # fmt: skip


@transaction.atomic
def registrer_ansvarlig(
    bruker, godkjenning: Godkjenning, *, rolle: str, fornavn: str, etternavn: str, fra: datetime.date, **felt
) -> Opplaeringsansvarlig:
    """Register a faglig leder or instruktør for an approval (docs/fagopplaering/domene.md §1.2)."""
    krev(bruker, "add", Opplaeringsansvarlig, godkjenning.fylke_id)
    _krev_ukjent(felt, ANSVARLIG_FELT)
    g = Godkjenning.objects.select_related("bedrift", "programomrade").get(pk=godkjenning.pk)
    if g.status != Godkjenning.Status.GODKJENT:
        raise ValidationError(_("Godkjenningen er trukket tilbake; registrer en ny godkjenning først."),
                              code="trukket")  # fmt: skip
    if rolle not in Opplaeringsansvarlig.Rolle.values:
        raise ValidationError(_("Ukjent rolle."), code="rolle")
    fornavn, etternavn = (fornavn or "").strip(), (etternavn or "").strip()
    if not fornavn or not etternavn:
        raise ValidationError(_("Fyll inn fornavn og etternavn."), code="navn")
    til = felt.get("til")
    if til is not None and til < fra:
        raise ValidationError(_("«Til» kan ikke være før «fra»."), code="periode")
    a = Opplaeringsansvarlig(godkjenning=g, rolle=rolle, fornavn=fornavn, etternavn=etternavn, fra=fra,
                             **{k: (v if v is not None else "") if k in ("epost", "mobil", "kompetanse") else v
                                for k, v in felt.items()})  # fmt: skip
    _valider(a)
    historikk(a, bruker, "Registrert")
    a.save()
    hendelse(Hendelsestype.ANSVARLIG_REGISTRERT, bruker=bruker, fylke_id=g.fylke_id, bedrift=g.bedrift,
             godkjenning=g, tekst=_("%(rolle)s %(navn)s registrert for %(fag)s fra %(fra)s.") % {
                 "rolle": a.get_rolle_display(), "navn": f"{fornavn} {etternavn}", "fag": g.programomrade.navn,
                 "fra": _dato(fra)}, data={"ansvarlig": a.pk})  # fmt: skip
    return a


@transaction.atomic
def avslutt_ansvarlig(bruker, ansvarlig: Opplaeringsansvarlig, *, til: datetime.date) -> Opplaeringsansvarlig:
    a = Opplaeringsansvarlig.objects.select_for_update().select_related(
        "godkjenning__bedrift", "godkjenning__programomrade").get(pk=ansvarlig.pk)  # fmt: skip
    krev(bruker, "change", Opplaeringsansvarlig, a.godkjenning.fylke_id)
    if a.til is not None:
        raise ValidationError(_("%(navn)s er allerede avsluttet %(til)s."),
                              params={"navn": f"{a.fornavn} {a.etternavn}", "til": _dato(a.til)}, code="avsluttet")  # fmt: skip
    if til < a.fra:
        raise ValidationError(_("«Til» kan ikke være før «fra» (%(fra)s)."), params={"fra": _dato(a.fra)},
                              code="periode")  # fmt: skip
    a.til = til
    historikk(a, bruker, "Avsluttet")
    a.save()
    g = a.godkjenning
    hendelse(Hendelsestype.ANSVARLIG_AVSLUTTET, bruker=bruker, fylke_id=g.fylke_id, bedrift=g.bedrift, godkjenning=g,
             tekst=_("%(rolle)s %(navn)s for %(fag)s avsluttet %(til)s.") % {
                 "rolle": a.get_rolle_display(), "navn": f"{a.fornavn} {a.etternavn}", "fag": g.programomrade.navn,
                 "til": _dato(til)}, data={"ansvarlig": a.pk})  # fmt: skip
    return a


def gyldige_godkjenninger(bedrift_id: int, fylke_id: int, dato: datetime.date):
    from fagopplaering.selectors.bedrift import gyldig_q

    return Godkjenning.objects.filter(gyldig_q(dato), bedrift_id=bedrift_id, fylke_id=fylke_id)


@transaction.atomic
def meld_inn(
    bruker,
    *,
    kontor: Bedrift,
    medlem: Bedrift,
    fylke_id: int,
    fra: datetime.date,
    samarbeidsavtale: bool = False,
) -> Medlemskap:
    """Register ``medlem`` as a medlemsbedrift of the opplæringskontor ``kontor`` in the county. The member must be
    approved in the county in at least one lærefag on ``fra`` (docs/fagopplaering/domene.md §1.2)."""
    krev(bruker, "add", Medlemskap, fylke_id)
    k = Bedrift.objects.select_for_update().get(pk=kontor.pk)
    m = Bedrift.objects.get(pk=medlem.pk)
    if k.type != Bedriftstype.OPPLAERINGSKONTOR:
        raise ValidationError(_("%(navn)s er ikke registrert som opplæringskontor."), params={"navn": k.navn},
                              code="ikke_kontor")  # fmt: skip
    if k.pk == m.pk:
        raise ValidationError(_("Et opplæringskontor kan ikke være medlem av seg selv."), code="seg_selv")
    if m.slettet_i_er or m.konkurs or not m.aktiv:
        raise ValidationError(_("%(navn)s er slettet, konkurs eller ikke aktiv og kan ikke meldes inn."),
                              params={"navn": m.navn}, code="konkurs")  # fmt: skip
    if Medlemskap.objects.filter(opplaeringskontor=k, medlem=m, til__isnull=True).exists():
        raise ValidationError(_("%(medlem)s er allerede medlem av %(kontor)s."),
                              params={"medlem": m.navn, "kontor": k.navn}, code="finnes")  # fmt: skip
    fylke = Fylke.objects.get(pk=fylke_id)
    sjekk = regler.kan_bli_medlem(antall_gyldige_godkjenninger=gyldige_godkjenninger(m.pk, fylke_id, fra).count(),
                                  fylkesnavn=fylke.navn, dato=fra)  # fmt: skip
    if not sjekk.ok:
        raise ValidationError(" ".join(sjekk.forklaring), code="ikke_godkjent")
    ms = Medlemskap(
        opplaeringskontor=k, medlem=m, fylke_id=fylke_id, fra=fra, samarbeidsavtale=samarbeidsavtale
    )
    historikk(ms, bruker, "Meldt inn")
    ms.save()
    hendelse(Hendelsestype.MEDLEM_INN, bruker=bruker, fylke_id=fylke_id, bedrift=k,
             tekst=_("%(medlem)s meldt inn som medlemsbedrift i %(kontor)s fra %(fra)s.") % {
                 "medlem": m.navn, "kontor": k.navn, "fra": _dato(fra)},
             data={"medlem": m.pk, "kontor": k.pk, "medlemskap": ms.pk})  # fmt: skip
    return ms


@transaction.atomic
def meld_ut(bruker, medlemskap: Medlemskap, *, til: datetime.date) -> Medlemskap:
    ms = (
        Medlemskap.objects.select_for_update()
        .select_related("opplaeringskontor", "medlem")
        .get(pk=medlemskap.pk)
    )
    krev(bruker, "change", Medlemskap, ms.fylke_id)
    if ms.til is not None:
        raise ValidationError(_("%(medlem)s er allerede meldt ut %(til)s."),
                              params={"medlem": ms.medlem.navn, "til": _dato(ms.til)}, code="avsluttet")  # fmt: skip
    if til < ms.fra:
        raise ValidationError(_("Utmeldingen kan ikke være før innmeldingen (%(fra)s)."),
                              params={"fra": _dato(ms.fra)}, code="periode")  # fmt: skip
    ms.til = til
    historikk(ms, bruker, "Meldt ut")
    ms.save()
    hendelse(Hendelsestype.MEDLEM_UT, bruker=bruker, fylke_id=ms.fylke_id, bedrift=ms.opplaeringskontor,
             tekst=_("%(medlem)s meldt ut av %(kontor)s fra %(til)s.") % {
                 "medlem": ms.medlem.navn, "kontor": ms.opplaeringskontor.navn, "til": _dato(til)},
             data={"medlem": ms.medlem_id, "kontor": ms.opplaeringskontor_id, "medlemskap": ms.pk})  # fmt: skip
    return ms
