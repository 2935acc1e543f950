"""Every write to the prøvenemnder (docs/fagopplaering/prove.md «Prøvenemnder»; docs/fagopplaering/domene.md §1.3):
creating a nemnd for a four-year period, appointing and releasing members (the county's rules on consecutive periods
and age are system parameters), lending a nemnd to another county, and the fee list per candidate and role."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fagopplaering.models import Hendelsestype, Nemndlan, Nemndmedlem, Nemndrolle, Prove, Provenemnd
from fagopplaering.regler import provenemnd as regel
from fagopplaering.services.felles import hendelse, historikk, krev
from kodeverk.skolear import skolear_for_dato
from vigo.parametere.selectors import parameter


def _d(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


@transaction.atomic
def opprett_nemnd(bruker, *, fylke, navn: str, laerefag, periode_fra: int, merknad: str = "") -> Provenemnd:
    """A nemnd for one or more lærefag for the four-year period that contains ``periode_fra``."""
    krev(bruker, "add", Provenemnd, fylke.pk)
    if not navn.strip():
        raise ValidationError({"navn": _("Gi nemnda et navn.")})
    laerefag = list(laerefag)
    if not laerefag:
        raise ValidationError({"laerefag": _("Velg minst ett lærefag.")})
    fra, til = regel.periode_for(periode_fra)
    n = Provenemnd(fylke=fylke, navn=navn.strip(), periode_fra=fra, periode_til=til, merknad=merknad)
    historikk(n, bruker, "Prøvenemnd opprettet")
    n.save()
    n.laerefag.set(laerefag)
    hendelse(Hendelsestype.NEMND_OPPRETTET, bruker=bruker, fylke_id=fylke.pk, nemnd=n,
             tekst=_("%(navn)s opprettet for %(fra)s–%(til)s: %(fag)s.") % {
                 "navn": n.navn, "fra": fra, "til": til, "fag": ", ".join(p.navn for p in laerefag)})  # fmt: skip
    return n


@transaction.atomic
def endre_nemnd(
    bruker, nemnd: Provenemnd, *, navn: str, laerefag, aktiv: bool, merknad: str = ""
) -> Provenemnd:
    krev(bruker, "change", Provenemnd, nemnd.fylke_id)
    n = Provenemnd.objects.select_for_update().get(pk=nemnd.pk)
    laerefag = list(laerefag)
    if not laerefag:
        raise ValidationError({"laerefag": _("Velg minst ett lærefag.")})
    n.navn, n.aktiv, n.merknad = navn.strip() or n.navn, aktiv, merknad
    historikk(n, bruker, "Prøvenemnd endret")
    n.save()
    n.laerefag.set(laerefag)
    hendelse(Hendelsestype.NEMND_ENDRET, bruker=bruker, fylke_id=n.fylke_id, nemnd=n,
             tekst=_("Nemnda er endret (%(status)s).") % {"status": _("aktiv") if aktiv else _("ikke aktiv")})  # fmt: skip
    return n


def _tidligere_perioder(person, fylke_id: int, unntatt: int) -> list[tuple[int, int]]:
    rader = (Nemndmedlem.objects.filter(person=person, nemnd__fylke_id=fylke_id).exclude(nemnd_id=unntatt)
             .values_list("nemnd__periode_fra", "nemnd__periode_til").distinct())  # fmt: skip
    return sorted(set(rader))


@transaction.atomic
def oppnevn_medlem(
    bruker, nemnd: Provenemnd, *, person, rolle: str, oppnevnt_dato: datetime.date, fra: datetime.date,
    til: datetime.date | None = None, representerer: str = "annet", fagbrev: str = "", ar_praksis: int | None = None,
    arbeidsgiver=None, naerstaende=(), kontonummer: str = "",
) -> Nemndmedlem:  # fmt: skip
    """Appoints a member. The county's rules (max consecutive periods, age at appointment) are checked; a member
    without fagbrev and less than five years of practice gives a warning on the timeline."""
    krev(bruker, "change", Provenemnd, nemnd.fylke_id)
    if rolle not in Nemndrolle.values:
        raise ValidationError({"rolle": _("Ukjent rolle.")})
    if til is not None and til < fra:
        raise ValidationError({"til": _("Sluttdatoen kan ikke være før startdatoen.")})
    ar = skolear_for_dato(oppnevnt_dato).kode
    vurdering = regel.valider_oppnevning(
        fodselsdato=person.fodselsdato, oppnevnt_dato=oppnevnt_dato, periode=(nemnd.periode_fra, nemnd.periode_til),
        tidligere_perioder=_tidligere_perioder(person, nemnd.fylke_id, nemnd.pk),
        maks_perioder_pa_rad=parameter(nemnd.fylke, ar, "fagopplaering.nemnd_maks_perioder"),
        maks_alder=parameter(nemnd.fylke, ar, "fagopplaering.nemnd_maks_alder"),
        har_fagbrev=bool(fagbrev.strip()), ar_praksis=ar_praksis,
    )  # fmt: skip
    if not vurdering.ok:
        raise ValidationError(vurdering.feil)
    if Nemndmedlem.objects.filter(nemnd=nemnd, person=person, rolle=rolle).exists():
        raise ValidationError(_("Personen har allerede denne rollen i nemnda."))
    m = Nemndmedlem(nemnd=nemnd, person=person, rolle=rolle, representerer=representerer, fagbrev=fagbrev.strip(),
                    ar_praksis=ar_praksis, arbeidsgiver=arbeidsgiver, oppnevnt_dato=oppnevnt_dato, fra=fra, til=til,
                    kontonummer=kontonummer.strip())  # fmt: skip
    historikk(m, bruker, "Oppnevnt")
    m.save()
    if naerstaende:
        m.naerstaende.set(naerstaende)
    tekst = _("%(navn)s oppnevnt som %(rolle)s fra %(fra)s.") % {
        "navn": f"{person.fornavn} {person.etternavn}", "rolle": m.get_rolle_display().lower(), "fra": _d(fra)}  # fmt: skip
    for varsel in vurdering.varsler:
        tekst += f" {varsel}"
    hendelse(Hendelsestype.NEMNDMEDLEM, bruker=bruker, fylke_id=nemnd.fylke_id, nemnd=nemnd, tekst=tekst)
    return m


@transaction.atomic
def avslutt_verv(bruker, medlem: Nemndmedlem, *, til: datetime.date) -> Nemndmedlem:
    krev(bruker, "change", Provenemnd, medlem.nemnd.fylke_id)
    m = Nemndmedlem.objects.select_for_update().select_related("nemnd", "person").get(pk=medlem.pk)
    if til < m.fra:
        raise ValidationError({"til": _("Sluttdatoen kan ikke være før startdatoen.")})
    m.til = til
    historikk(m, bruker, "Fratrådt")
    m.save(update_fields=["til"])
    hendelse(Hendelsestype.NEMNDMEDLEM_UT, bruker=bruker, fylke_id=m.nemnd.fylke_id, nemnd=m.nemnd,
             tekst=_("%(navn)s fratrer som %(rolle)s %(til)s.") % {
                 "navn": f"{m.person.fornavn} {m.person.etternavn}", "rolle": m.get_rolle_display().lower(),
                 "til": _d(til)})  # fmt: skip
    return m


@transaction.atomic
def lan_ut(bruker, nemnd: Provenemnd, *, lanefylke, fra: datetime.date, til: datetime.date | None = None,
           garantibrev: str = "") -> Nemndlan:  # fmt: skip
    """The owning county lends its nemnd to another county (which then may assign it, with a guarantee letter)."""
    krev(bruker, "change", Provenemnd, nemnd.fylke_id)
    if lanefylke.pk == nemnd.fylke_id:
        raise ValidationError({"lanefylke": _("Nemnda tilhører allerede dette fylket.")})
    if til is not None and til < fra:
        raise ValidationError({"til": _("Sluttdatoen kan ikke være før startdatoen.")})
    lan = Nemndlan.objects.create(nemnd=nemnd, lanefylke=lanefylke, fra=fra, til=til, garantibrev=garantibrev)
    hendelse(Hendelsestype.NEMND_LANT, bruker=bruker, fylke_id=nemnd.fylke_id, nemnd=nemnd,
             tekst=_("Lånt ut til %(fylke)s fra %(fra)s.") % {"fylke": lanefylke.navn, "fra": _d(fra)})  # fmt: skip
    return lan


ROLLEPARAMETER = {
    Nemndrolle.LEIAR: "fagopplaering.honorar_leiar",
    Nemndrolle.MEDLEM: "fagopplaering.honorar_medlem",
    Nemndrolle.KOORDINATOR: "fagopplaering.honorar_koordinator",
}


def honorarlinjer(fylke, fra: datetime.date, til: datetime.date):
    """One line per member and role: the candidates whose prøve result in [fra, til] the member's nemnd assessed
    while the member served, times the county's rate for the role. Varamedlemmer are paid when they step in, which
    the protocol shows, not VIGO, so they are not on the list. Yields dicts (the job writes them as CSV)."""
    satser = {rolle: Decimal(parameter(fylke, skolear_for_dato(til).kode, navn))
              for rolle, navn in ROLLEPARAMETER.items()}  # fmt: skip
    pr = "nemnd__prover__"
    vurdert = (Q(**{f"{pr}status": Prove.Status.VURDERT, f"{pr}resultat_dato__gte": fra, f"{pr}resultat_dato__lte": til})
               & Q(**{f"{pr}resultat_dato__gte": F("fra")})
               & (Q(til__isnull=True) | Q(**{f"{pr}resultat_dato__lte": F("til")})))  # fmt: skip
    medlemmer = (
        Nemndmedlem.objects.filter(nemnd__fylke=fylke, rolle__in=list(ROLLEPARAMETER))
        .annotate(antall=Count("nemnd__prover", filter=vurdert)).filter(antall__gt=0)
        .select_related("person", "nemnd").order_by("nemnd__navn", "rolle", "person__etternavn", "pk")
    )  # fmt: skip
    for m in medlemmer.iterator(chunk_size=500):
        sats = satser[m.rolle]
        yield {"nemnd": m.nemnd.navn, "rolle": m.get_rolle_display(), "etternavn": m.person.etternavn,
               "fornavn": m.person.fornavn, "kontonummer": m.kontonummer, "kandidater": m.antall, "sats": sats,
               "belop": regel.honorar(m.rolle, {m.rolle: sats}, m.antall)}  # fmt: skip


def oppnevningsbrev(bruker, medlem: Nemndmedlem, *, request=None) -> bytes:
    """The appointment letter from the county's published template (``oppnevningsbrev``, vigo.dokumentmal) as PDF.
    The download is audited with the member linked, and the nemnd's timeline says it was printed."""
    from fagopplaering.services.kontrakt_pdf import logo
    from fagopplaering.services.nvb_innhold import parametere
    from vigo.dokumentmal.gjengi import brevhode, lag_pdf
    from vigo.revisjon import logg_innsyn

    m = Nemndmedlem.objects.select_related("nemnd__fylke", "person").get(pk=medlem.pk)
    n = m.nemnd
    krev(bruker, "view", Provenemnd, n.fylke_id)
    idag = timezone.localdate()
    par = parametere(n.fylke, idag)
    navn = " ".join(x for x in (m.person.fornavn, m.person.mellomnavn, m.person.etternavn) if x)
    kontekst = {
        "fylke": {"navn": n.fylke.navn, "nummer": n.fylke.nummer}, "dato": idag, "sted": par["utstedersted"],
        "underskriver": {"navn": par["underskriver_navn"], "tittel": par["underskriver_tittel"]},
        "nemnd": {"navn": n.navn, "laerefag": [p.navn for p in n.laerefag.order_by("navn")],
                  "periode_fra": max(m.fra, datetime.date(n.periode_fra, 1, 1)),
                  "periode_til": m.til or datetime.date(n.periode_til, 12, 31)},
        "medlem": {"navn": navn, "rolle_navn": m.get_rolle_display(),
                   "representerer_navn": m.get_representerer_display().lower() if m.representerer != "annet" else ""},
        "kandidat": {"navn": navn, "adresse": m.person.adresse, "postnummer": m.person.postnummer,
                     "poststed": m.person.poststed, "fodselsdato": m.person.fodselsdato},
    }  # fmt: skip
    pdf = lag_pdf(n.fylke, "oppnevningsbrev", [kontekst], hode=brevhode(n.fylke, idag), logo=logo(n.fylke))
    logg_innsyn(
        "nedlasting", "Oppnevningsbrev til prøvenemnd", bruker=bruker, person=m.person, request=request
    )
    hendelse(Hendelsestype.NEMNDMEDLEM, bruker=bruker, fylke_id=n.fylke_id, nemnd=n,
             tekst=_("Oppnevningsbrev skrevet ut for %(rolle)s %(navn)s.") % {
                 "rolle": m.get_rolle_display().lower(), "navn": navn})  # fmt: skip
    return pdf
