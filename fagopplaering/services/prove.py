"""Every write to a prøve (docs/fagopplaering/prove.md): oppmelding, the county's approval, the nemnd, place and
dates, the result, utsatt/ny prøve, trekking and annullering. One function per change, one transaction each; the
permission and county are checked first (``krev``), the history reason set and a timeline row written. The rules
are in ``fagopplaering.regler.prove`` (state machine, deadlines, teori) and ``regler.provenemnd`` (habilitet).

A result ends the contract with the automatic avslutningskode (AB, S1 or S2, docs/fagopplaering/domene.md §0.3) and
issues the documents the candidate is entitled to (``services.dokument.utsted_for_prove``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fagopplaering.models import Hendelsestype, Kontrakt, Laerefag, Nemndlan, Prove, Provenemnd
from fagopplaering.regler import prove as regel
from fagopplaering.regler import provenemnd as nemndregel
from fagopplaering.services.felles import hendelse, historikk, krev
from vigo.parametere.selectors import parameter

S = Prove.Status
AKTIVE = (S.OPPMELDT, S.GODKJENT, S.TILDELT, S.PLANLAGT)


def _d(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def _idag() -> datetime.date:
    return timezone.localdate()


def _overgang(prove: Prove, til: str) -> None:
    try:
        regel.krev_overgang(prove.status, til)
    except regel.Overgangsfeil as feil:
        raise ValidationError(str(feil)) from None


def _laas(prove: Prove) -> Prove:
    return Prove.objects.select_for_update().get(pk=prove.pk)


def _skolear(dato: datetime.date) -> str:
    from kodeverk.skolear import skolear_for_dato

    return skolear_for_dato(dato).kode


def svennebrev(programomrade) -> bool:
    return Laerefag.objects.filter(programomrade=programomrade, brevtype="S").exists()


def fagresultater(person) -> list[regel.Fagresultat]:
    """The person's subjects in the student register, the weakest grade of each (standpunkt and exams): «all fag
    and exams passed» (docs/fagopplaering/domene.md §4.1). Orden and oppførsel are not subjects."""
    from inntak.elev.models import Elevfag

    rang = {"IV": 0, "1": 1}
    per_fag: dict[str, regel.Fagresultat] = {}
    rader = (Elevfag.objects.filter(person=person).select_related("fag__fagtype")
             .order_by("fag__kode", "skolear_id"))  # fmt: skip
    for ef in rader:
        fagtype = ef.fag.fagtype.kode if ef.fag.fagtype_id else ""
        if fagtype in ("orden", "oppforsel"):
            continue
        karakterer = [k for k in (ef.standpunkt, ef.skriftlig, ef.muntlig, ef.annen) if k]
        svakest = min(karakterer, key=lambda k: rang.get(k, 9)) if karakterer else ""
        per_fag[ef.fag.kode] = regel.Fagresultat(kode=ef.fag.kode, navn=ef.fag.navn,
                                                 fellesfag=fagtype in ("fellesfag", "fremmedspraak"),
                                                 karakter=svakest)  # fmt: skip
    return list(per_fag.values())


def _sjekk_teori(p: Prove) -> regel.Teori:
    teori = regel.sjekk_teori(p.kandidattype, p.provetype, fagresultater(p.person))
    p.teori_ok = teori.ok
    p.teori_forklaring = "\n".join([teori.forklaring, *teori.grunner]).strip()
    p.teori_betinget = "\n".join(teori.betinget)
    return teori


@transaction.atomic
def meld_opp(
    bruker, *, person, kandidattype: str, programomrade, fylke, oppmeldt_av: str, kontrakt: Kontrakt | None = None,
    oppmelder_bedrift=None, oppmelder_skole=None, dato: datetime.date | None = None, forrige: Prove | None = None,
    utsatt: bool = False, aktor: str | None = None,
) -> Prove:  # fmt: skip
    """Registers an oppmelding (ofo § 9-56). The company for those with læretid in bedrift (to the county that
    approved the contract), the school for Vg3 i skole, the praksiskandidat for themself with prøveavgift. The teori
    requirement is checked against the student register now and again when the county approves."""
    krev(bruker, "add", Prove, fylke.pk)
    dato = dato or _idag()
    if kontrakt is not None:
        person = kontrakt.person
        programomrade = kontrakt.programomrade
        oppmelder_bedrift = oppmelder_bedrift or kontrakt.bedrift
    vurdering = regel.valider_oppmelding(
        kandidattype=kandidattype, oppmeldt_av=oppmeldt_av, oppmeldt_dato=dato,
        laeretid_til=kontrakt.laeretid_til if kontrakt else None,
        kontrakt_fylke=kontrakt.fylke_id if kontrakt else None, prove_fylke=fylke.pk,
        skole_fylke=oppmelder_skole.fylke_id if oppmelder_skole is not None else None,
    )  # fmt: skip
    if not vurdering.ok:
        raise ValidationError(vurdering.feil)
    if (Prove.objects.select_for_update().filter(person=person, programomrade=programomrade, status__in=AKTIVE)
            .exists()):  # fmt: skip
        raise ValidationError(_("Kandidaten er allerede meldt opp til prøve i dette lærefaget."))
    provetype = regel.provetype_for(kandidattype, svennebrev(programomrade))
    forsok = 1
    if forrige is not None:
        forsok = forrige.forsok_nr if utsatt else forrige.forsok_nr + 1
    avgift = None
    if regel.krever_proveavgift(kandidattype, utsatt=utsatt, etter_klage_bortvisning=False):
        avgift = parameter(fylke, _skolear(dato), "fagopplaering.proveavgift")
    p = Prove(fylke=fylke, person=person, kontrakt=kontrakt, kandidattype=kandidattype, provetype=provetype,
              programomrade=programomrade, oppmeldt_av=oppmeldt_av, oppmelder_bedrift=oppmelder_bedrift,
              oppmelder_skole=oppmelder_skole, oppmeldt_dato=dato, forsok_nr=forsok, forrige=forrige,
              utsatt_prove=utsatt, proveavgift=avgift or None)  # fmt: skip
    _sjekk_teori(p)
    historikk(p, bruker, "Oppmeldt til prøve")
    p.save()
    tekst = _("Oppmeldt til %(type)s i %(fag)s av %(hvem)s %(dato)s (forsøk %(nr)s).") % {
        "type": p.get_provetype_display().lower(), "fag": programomrade.navn,
        "hvem": p.get_oppmeldt_av_display().lower(), "dato": _d(dato), "nr": forsok}  # fmt: skip
    for varsel in vurdering.varsler:
        tekst += f" {varsel}"
    if not p.teori_ok:
        tekst += " " + _("Teorikravet er ikke oppfylt ennå.")
    hendelse(Hendelsestype.PROVE_OPPMELDT, bruker=bruker, fylke_id=fylke.pk, prove=p, kontrakt=kontrakt,
             bedrift=oppmelder_bedrift, tekst=tekst, data={"varsler": vurdering.varsler}, aktor=aktor)  # fmt: skip
    return p


@transaction.atomic
def godkjenn_oppmelding(bruker, prove: Prove, *, dato: datetime.date | None = None) -> Prove:
    """The county approves the oppmelding: the teori requirement is checked again against the register (a grade may
    have come in since), and a praksiskandidat's prøveavgift must be paid."""
    krev(bruker, "change", Prove, prove.fylke_id)
    p = _laas(prove)
    _overgang(p, S.GODKJENT)
    teori = _sjekk_teori(p)
    if not teori.ok:
        p.save(update_fields=["teori_ok", "teori_forklaring", "teori_betinget"])
        raise ValidationError(
            _("Teorikravet er ikke oppfylt: %(grunner)s") % {"grunner": " ".join(teori.grunner)}
        )
    if p.proveavgift and p.proveavgift_betalt is None:
        raise ValidationError(_("Prøveavgiften er ikke registrert som betalt."))
    p.status = S.GODKJENT
    p.godkjent_dato = dato or _idag()
    historikk(p, bruker, "Oppmelding godkjent")
    p.save()
    tekst = _("Oppmeldingen er godkjent %(dato)s.") % {"dato": _d(p.godkjent_dato)}
    if teori.betinget:
        tekst += " " + _("Fellesfag som må bestås innen to år: %(fag)s.") % {"fag": ", ".join(teori.betinget)}
    hendelse(Hendelsestype.PROVE_GODKJENT, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
             tekst=tekst)  # fmt: skip
    return p


@transaction.atomic
def registrer_betalt_avgift(bruker, prove: Prove, *, dato: datetime.date) -> Prove:
    krev(bruker, "change", Prove, prove.fylke_id)
    p = _laas(prove)
    p.proveavgift_betalt = dato
    historikk(p, bruker, "Prøveavgift betalt")
    p.save(update_fields=["proveavgift_betalt", "endret"])
    hendelse(Hendelsestype.PROVE_GODKJENT, bruker=bruker, fylke_id=p.fylke_id, prove=p,
             tekst=_("Prøveavgiften er betalt %(dato)s.") % {"dato": _d(dato)})  # fmt: skip
    return p


@transaction.atomic
def avvis_oppmelding(bruker, prove: Prove, *, grunn: str) -> Prove:
    krev(bruker, "change", Prove, prove.fylke_id)
    if not grunn.strip():
        raise ValidationError(
            {"grunn": _("Skriv hvorfor oppmeldingen avvises; kandidaten og bedriften får vite det.")}
        )
    p = _laas(prove)
    _overgang(p, S.AVVIST)
    p.status = S.AVVIST
    p.avvist_grunn = grunn.strip()
    historikk(p, bruker, "Oppmelding avvist")
    p.save()
    hendelse(Hendelsestype.PROVE_AVVIST, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
             tekst=_("Oppmeldingen er avvist: %(grunn)s") % {"grunn": p.avvist_grunn})  # fmt: skip
    return p


def nemnd_tilgjengelig(nemnd: Provenemnd, fylke_id: int, dato: datetime.date) -> bool:
    """The county's own nemnd, or one lent to it on ``dato`` (docs/fagopplaering/domene.md §1.3)."""
    if nemnd.fylke_id == fylke_id:
        return True
    return (
        Nemndlan.objects.filter(nemnd=nemnd, lanefylke_id=fylke_id, fra__lte=dato)
        .exclude(til__lt=dato)
        .exists()
    )


def habilitet(nemnd: Provenemnd, p: Prove, dato: datetime.date) -> list[dict[str, str]]:
    """One entry per member with a reason to doubt their impartiality (forvaltningsloven § 6)."""
    bedrifter = set()
    if p.kontrakt_id:
        k = p.kontrakt
        bedrifter = {b.orgnr for b in (k.bedrift, k.medlemsbedrift) if b is not None}
    elif p.oppmelder_bedrift_id:
        bedrifter = {p.oppmelder_bedrift.orgnr}
    ut = []
    medlemmer = (nemnd.medlemmer.filter(fra__lte=dato).exclude(til__lt=dato)
                 .select_related("person", "arbeidsgiver").prefetch_related("naerstaende"))  # fmt: skip
    for m in medlemmer:
        grunner = nemndregel.habilitet(
            medlem_arbeidsgivere={m.arbeidsgiver.orgnr} if m.arbeidsgiver_id else set(),
            medlem_naerstaende={n.pk for n in m.naerstaende.all()}, medlem_person_id=m.person_id,
            kandidat_person_id=p.person_id, kandidat_bedrifter=bedrifter,
        )  # fmt: skip
        if grunner:
            ut.append({"medlem_id": m.pk, "navn": f"{m.person.fornavn} {m.person.etternavn}",
                       "rolle": m.get_rolle_display(), "grunner": grunner})  # fmt: skip
    return ut


@transaction.atomic
def tildel_nemnd(bruker, prove: Prove, *, nemnd: Provenemnd, dato: datetime.date | None = None) -> Prove:
    """Assigns a nemnd that covers the lærefag and is the county's own or lent to it. A member with a habilitet
    problem is flagged on the prøve and the timeline (the caseworker must replace the member or choose another
    nemnd before the prøve is planned)."""
    krev(bruker, "change", Prove, prove.fylke_id)
    dato = dato or _idag()
    p = _laas(prove)
    _overgang(p, S.TILDELT)
    if not nemnd.aktiv:
        raise ValidationError({"nemnd": _("Nemnda er ikke aktiv.")})
    if not nemnd_tilgjengelig(nemnd, p.fylke_id, dato):
        raise ValidationError(
            {"nemnd": _("Nemnda tilhører et annet fylke og er ikke lånt ut til dette fylket.")}
        )
    if not nemnd.laerefag.filter(pk=p.programomrade_id).exists():
        raise ValidationError({"nemnd": _("Nemnda er ikke oppnevnt for lærefaget %(fag)s.") % {
            "fag": p.programomrade.navn}})  # fmt: skip
    if not nemnd.periode_fra <= dato.year <= nemnd.periode_til:
        raise ValidationError({"nemnd": _("Nemndas periode (%(fra)s–%(til)s) gjelder ikke i dag.") % {
            "fra": nemnd.periode_fra, "til": nemnd.periode_til}})  # fmt: skip
    p.nemnd = nemnd
    p.habilitet = habilitet(nemnd, p, dato)
    p.status = S.TILDELT
    historikk(p, bruker, "Nemnd tildelt")
    p.save()
    tekst = _("Tildelt %(nemnd)s.") % {"nemnd": nemnd.navn}
    for h in p.habilitet:
        tekst += " " + _("Mulig inhabil: %(navn)s (%(rolle)s): %(grunner)s") % {
            "navn": h["navn"], "rolle": h["rolle"], "grunner": "; ".join(h["grunner"])}  # fmt: skip
    hendelse(Hendelsestype.PROVE_NEMND, bruker=bruker, fylke_id=p.fylke_id, prove=p, nemnd=nemnd,
             kontrakt=p.kontrakt, tekst=tekst, data={"habilitet": p.habilitet})  # fmt: skip
    return p


@transaction.atomic
def planlegg(
    bruker,
    prove: Prove,
    *,
    fra: datetime.date,
    til: datetime.date,
    provested: str = "",
    provested_bedrift=None,
) -> Prove:
    """Sets prøvested and dates (not earlier than three months before læretid ends, ofo § 9-56; place normally the
    company where most of the training took place)."""
    krev(bruker, "change", Prove, prove.fylke_id)
    p = _laas(prove)
    _overgang(p, S.PLANLAGT)
    if p.habilitet:
        raise ValidationError(_("Nemnda har medlemmer som kan være inhabile. Bytt nemnd eller medlem først."))
    vurdering = regel.valider_provedatoer(
        fra=fra, til=til, laeretid_til=p.kontrakt.laeretid_til if p.kontrakt else None
    )
    if not vurdering.ok:
        raise ValidationError(vurdering.feil)
    if not provested.strip() and provested_bedrift is None:
        provested_bedrift = p.kontrakt.medlemsbedrift or p.kontrakt.bedrift if p.kontrakt else None
        if provested_bedrift is None:
            raise ValidationError({"provested": _("Oppgi prøvested.")})
    p.fra_dato, p.til_dato = fra, til
    p.provested = provested.strip() or (provested_bedrift.navn if provested_bedrift else "")
    p.provested_bedrift = provested_bedrift
    p.status = S.PLANLAGT
    historikk(p, bruker, "Prøvested og datoer satt")
    p.save()
    tekst = _("Prøven er satt til %(fra)s–%(til)s, %(sted)s.") % {
        "fra": _d(fra),
        "til": _d(til),
        "sted": p.provested,
    }
    for varsel in vurdering.varsler:
        tekst += f" {varsel}"
    hendelse(Hendelsestype.PROVE_PLANLAGT, bruker=bruker, fylke_id=p.fylke_id, prove=p, nemnd=p.nemnd,
             kontrakt=p.kontrakt, tekst=tekst)  # fmt: skip
    return p


def _avslutt_kontrakt(bruker, p: Prove, kode: str, dato: datetime.date) -> None:
    """The contract ends with the automatic code (AB, S1, S2) on the result date; a contract already ended by an
    earlier result (S1 → AB after a klage) gets the new code."""
    from fagopplaering.services.kontrakt_prove import sett_provekode

    if p.kontrakt_id:
        sett_provekode(bruker, p.kontrakt, kode=kode, dato=dato)


@transaction.atomic
def registrer_resultat(
    bruker, prove: Prove, *, resultat: str, dato: datetime.date, protokoll: str, tilleggsprotokoll: str = "",
    utsted: bool = True,
) -> Prove:  # fmt: skip
    """The leiar's result from the protocol. *Ikke bestått* needs the tilleggsprotokoll with the justification. The
    contract gets AB/S1/S2 and the documents are issued (result letter always; what else per
    ``regler.dokument.dokumenter_for``)."""
    krev(bruker, "change", Prove, prove.fylke_id)
    p = _laas(prove)
    _overgang(p, S.VURDERT)
    vurdering = regel.valider_resultat(resultat=resultat, tilleggsprotokoll=tilleggsprotokoll,
                                       protokoll=bool(protokoll.strip()), dato=dato, fra_dato=p.fra_dato)  # fmt: skip
    if not vurdering.ok:
        raise ValidationError(vurdering.feil)
    p.resultat, p.resultat_dato = resultat, dato
    p.protokoll, p.tilleggsprotokoll = protokoll.strip(), tilleggsprotokoll.strip()
    p.status = S.VURDERT
    historikk(p, bruker, f"Resultat {resultat}")
    p.save()
    kode = regel.avslutningskode_for(resultat, p.forsok_nr)
    _avslutt_kontrakt(bruker, p, kode, dato)
    hendelse(Hendelsestype.PROVE_RESULTAT, bruker=bruker, fylke_id=p.fylke_id, prove=p, nemnd=p.nemnd,
             kontrakt=p.kontrakt, tekst=_("Resultat %(dato)s: %(res)s. Kontrakten får avslutningskode %(kode)s.") % {
                 "dato": _d(dato), "res": p.get_resultat_display(), "kode": kode},
             data={"resultat": resultat, "kode": kode})  # fmt: skip
    if utsted:
        from fagopplaering.services.dokument import utsted_for_prove

        utsted_for_prove(bruker, p)
    return p


@transaction.atomic
def utsett(bruker, prove: Prove, *, grunn: str) -> Prove:
    """Utsatt prøve (ofo § 9-67, e.g. illness): this row ends as «utsatt» and a new one continues it with the same
    nemnd and attempt number, without a new prøveavgift."""
    krev(bruker, "change", Prove, prove.fylke_id)
    if not grunn.strip():
        raise ValidationError({"grunn": _("Skriv hvorfor prøven utsettes.")})
    p = _laas(prove)
    _overgang(p, S.UTSATT)
    p.status = S.UTSATT
    p.annullert_grunn = grunn.strip()
    historikk(p, bruker, "Prøven utsatt")
    p.save()
    ny = Prove.objects.create(
        fylke_id=p.fylke_id, person_id=p.person_id, kontrakt=p.kontrakt, kandidattype=p.kandidattype,
        provetype=p.provetype, programomrade_id=p.programomrade_id, oppmeldt_av=p.oppmeldt_av,
        oppmelder_bedrift=p.oppmelder_bedrift, oppmelder_skole=p.oppmelder_skole, oppmeldt_dato=_idag(),
        forsok_nr=p.forsok_nr, forrige=p, utsatt_prove=True, teori_ok=p.teori_ok,
        teori_forklaring=p.teori_forklaring, teori_betinget=p.teori_betinget, godkjent_dato=p.godkjent_dato,
        nemnd=p.nemnd, status=S.TILDELT if p.nemnd_id else S.GODKJENT,
    )  # fmt: skip
    hendelse(Hendelsestype.PROVE_UTSATT, bruker=bruker, fylke_id=p.fylke_id, prove=ny, kontrakt=p.kontrakt,
             tekst=_("Prøven er utsatt: %(grunn)s Ny prøve må planlegges.") % {"grunn": p.annullert_grunn})  # fmt: skip
    return ny


@transaction.atomic
def trekk(bruker, prove: Prove, *, grunn: str) -> Prove:
    krev(bruker, "change", Prove, prove.fylke_id)
    p = _laas(prove)
    _overgang(p, S.TRUKKET)
    p.status = S.TRUKKET
    p.annullert_grunn = grunn.strip()
    historikk(p, bruker, "Oppmelding trukket")
    p.save()
    hendelse(Hendelsestype.PROVE_TRUKKET, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
             tekst=_("Oppmeldingen er trukket. %(grunn)s") % {"grunn": p.annullert_grunn})  # fmt: skip
    return p


@transaction.atomic
def annuller(bruker, prove: Prove, *, grunn: str, arsak: str = "ANN") -> Prove:
    """Bortvisning or annullering (ofo §§ 9-68, 9-69), or a klage decided as «annullert»: the prøve no longer
    counts and its documents are annulled (and their NVB documents with ¤D)."""
    from fagopplaering.services.dokument import annuller_for_prove

    krev(bruker, "change", Prove, prove.fylke_id)
    if not grunn.strip():
        raise ValidationError({"grunn": _("Skriv grunnen til annulleringen.")})
    p = _laas(prove)
    _overgang(p, S.ANNULLERT)
    p.status = S.ANNULLERT
    p.annullert_grunn = grunn.strip()
    historikk(p, bruker, "Prøven annullert")
    p.save()
    annuller_for_prove(bruker, p, arsak=arsak)
    hendelse(Hendelsestype.PROVE_ANNULLERT, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
             tekst=_("Prøven er annullert: %(grunn)s") % {"grunn": p.annullert_grunn})  # fmt: skip
    return p


def meld_opp_ny(bruker, prove: Prove, *, dato: datetime.date | None = None) -> Prove:
    """Ny prøve after *ikke bestått* (ofo § 9-66): the same candidate, lærefag and contract, attempt + 1."""
    if not regel.kan_ta_ny_prove(prove.forsok_nr, prove.resultat):
        raise ValidationError(_("Kandidaten kan ikke meldes opp til ny prøve etter dette resultatet."))
    if prove.klager.filter(utfall="").exists():
        raise ValidationError(_("Oppmelding til ny prøve venter til klagen er avgjort."))
    return meld_opp(bruker, person=prove.person, kandidattype=prove.kandidattype, programomrade=prove.programomrade,
                    fylke=prove.fylke, oppmeldt_av=prove.oppmeldt_av, kontrakt=prove.kontrakt, dato=dato, forrige=prove,
                    oppmelder_bedrift=prove.oppmelder_bedrift, oppmelder_skole=prove.oppmelder_skole)  # fmt: skip
