"""The only writers of deliveries: run a declared delivery (stream, control, store in one transaction), approve
it, mark it sent. Each state change writes a ``Leveransehendelse`` in the same transaction."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from rapporter.leveranser import definisjon as register
from rapporter.leveranser import kopi
from rapporter.leveranser.definisjon import Leveransedefinisjon
from rapporter.leveranser.skriving import Filskriver
from rapporter.models import (
    OVERGANGER,
    Alvorlighet,
    Kontrollfunn,
    Leveranse,
    Leveransefil,
    Leveransehendelse,
    LeveranseStatus,
)
from vigo.jobber import tilgang
from vigo.jobber.rekkefolge import periode_start
from vigo.models import Kjoring, KjoringStatus
from vigo.revisjon import logg_innsyn
from vigo.scoping import krev_fylke

log = logging.getLogger(__name__)

FUNN_PER_BULK = 1000


class LeveranseNektet(ValidationError):
    """A delivery cannot be run or changed now; the message (Norwegian) is shown to the user."""


def manglende_forutsetninger(d: Leveransedefinisjon, fylke, skolear) -> list[str]:
    """The precondition jobs (årshjul routine order) with no finished run for the county and school year."""
    mangler = []
    for f in d.forutsetninger:
        qs = Kjoring.objects.filter(kode=f.kode, fylke=fylke, status=KjoringStatus.FERDIG)
        if f.parameter:
            qs = qs.filter(**{f"parametere__{f.parameter}": skolear.pk})
        else:
            qs = qs.filter(avsluttet__date__gte=periode_start())
        if not qs.exists():
            mangler.append(f.kode)
    return mangler


def sjekk_forutsetninger(d: Leveransedefinisjon, fylke, skolear) -> None:
    mangler = manglende_forutsetninger(d, fylke, skolear)
    if mangler:
        from vigo import jobber

        navn = [f"{k} {jobber.hent(k).navn}" if jobber.finnes(k) else k for k in mangler]
        raise LeveranseNektet(
            f"{d.kode} {d.navn} kan ikke kjøres for {fylke.navn} {skolear.kode} før "
            + ", ".join(navn)
            + " er kjørt ferdig (rekkefølgen i årshjulet)."
        )


def _filnavn(monster: str, d: Leveransedefinisjon, fylke, skolear, dato, skole: str = "") -> str:
    return monster.format(
        kode=d.kode, fylke=fylke.nummer, skolear=skolear.kode, dato=dato.strftime("%Y%m%d"), skole=skole
    )


def _skriv_python(d: Leveransedefinisjon, lev: Leveranse, fylke, skolear, oppsummering) -> dict:
    """Stream the Python rows into their file(s) and through the per-record controls. Returns the writers keyed by
    (delfil nokkel or "", school id or None), each with its file-name pattern and school number."""
    felt = d.felt_i_kjoring(fylke, skolear)
    delfiler = {df.nokkel: df for df in d.delfiler}
    skrivere: dict[tuple[str, object], tuple[Filskriver, str, str]] = {}
    funn: list[Kontrollfunn] = []
    for rad in d.kilde(fylke, skolear):
        del_ = rad.get("_fil") or ""
        nokkel = (del_, rad.get("_skole_id") if d.per_skole else None)
        if nokkel not in skrivere:
            df = delfiler[del_] if del_ else None
            skrivere[nokkel] = (
                Filskriver(d, df.felt_i_kjoring(fylke, skolear) if df else felt),
                df.filnavn if df else d.filnavn,
                str(rad.get("_skolenummer") or ""),
            )
        skrivere[nokkel][0].skriv(rad)
        for kontroll in d.kontroller:
            for klasse, alvorlighet, melding in kontroll(rad) or ():
                oppsummering[klasse][alvorlighet] += 1
                funn.append(Kontrollfunn(leveranse=lev, post=str(rad["_post"])[:60], klasse=klasse,
                                         alvorlighet=alvorlighet, melding=melding[:500]))  # fmt: skip
        if len(funn) >= FUNN_PER_BULK:
            Kontrollfunn.objects.bulk_create(funn)
            funn = []
    Kontrollfunn.objects.bulk_create(funn)
    if not d.per_skole:  # an empty population still gives (header-only) files
        if ("", None) not in skrivere:
            skrivere[("", None)] = (Filskriver(d, felt), d.filnavn, "")
        for df in d.delfiler:
            skrivere.setdefault(
                (df.nokkel, None), (Filskriver(d, df.felt_i_kjoring(fylke, skolear)), df.filnavn, "")
            )
    return skrivere


def _skriv_sql(d: Leveransedefinisjon, fylke, skolear) -> dict:
    """Each file with PostgreSQL's COPY (rapporter.leveranser.kopi): the rows never become Python objects."""
    skrivere = {}
    for nokkel, sql, felt, monster in (
        ("", d.sql, d.felt, d.filnavn),
        *((df.nokkel, df.sql, df.felt, df.filnavn) for df in d.delfiler),
    ):
        skriver = Filskriver(d, felt)
        kopi.skriv_med_copy(skriver, felt, kopi.bundet_sql(sql, fylke, skolear))
        skrivere[(nokkel, None)] = (skriver, monster, "")
    return skrivere


def _sql_kontroller(d: Leveransedefinisjon, lev: Leveranse, fylke, skolear, oppsummering) -> None:
    """Set-based controls: each finding inserted by the database (INSERT … SELECT), then counted per class."""
    if not d.sql_kontroller:
        return
    with connection.cursor() as c:
        for k in d.sql_kontroller:
            # The bound SELECT is nested literally; its % signs must not be read as placeholders.
            indre = kopi.bundet_sql(k.sql, fylke, skolear).replace("%", "%%")
            c.execute(
                "INSERT INTO rapporter_kontrollfunn (leveranse_id, post, klasse, alvorlighet, melding) "
                f"SELECT %s, left(q.post::text, 60), %s, %s, left(q.melding::text, 500) FROM ({indre}) AS q(post, melding)",
                [lev.pk, k.klasse[:60], k.alvorlighet],
            )
            if c.rowcount:
                oppsummering[k.klasse][k.alvorlighet] += c.rowcount


def kjor_leveranse(kode: str, fylke, skolear, *, bruker=None, kjoring=None) -> Leveranse:
    """Run the delivery ``kode`` for the county and school year.

    The rows stream from the definition's source (a server-side cursor, or COPY for an SQL source), go straight into
    the file(s) and through the controls; file(s), findings, summary and the audit row are stored in one
    transaction. A run with FEIL findings is stored as ``stoppet``: the file is kept for inspection but can never be
    marked sent.
    """
    d = register.hent(kode)
    sjekk_forutsetninger(d, fylke, skolear)
    dato = timezone.localdate()
    with transaction.atomic():
        lev = Leveranse.objects.create(
            kode=d.kode, navn=d.navn, fylke=fylke, skolear=skolear, status=LeveranseStatus.KONTROLLERT,
            kjoring=kjoring, opprettet_av=bruker if getattr(bruker, "pk", None) else None,
        )  # fmt: skip
        oppsummering: dict[str, dict[str, int]] = defaultdict(lambda: {"FEIL": 0, "ADVARSEL": 0})
        if d.sql is not None:
            skrivere = _skriv_sql(d, fylke, skolear)
        else:
            skrivere = _skriv_python(d, lev, fylke, skolear, oppsummering)
        _sql_kontroller(d, lev, fylke, skolear, oppsummering)
        antall = 0
        for (_del, skole_id), (skriver, monster, skolenummer) in skrivere.items():
            navn = _filnavn(monster, d, fylke, skolear, dato, skolenummer)
            lf = Leveransefil(
                leveranse=lev, skole_id=skole_id, navn=navn, sha256=skriver.sha.hexdigest(),
                storrelse=skriver.storrelse, tegnsett=d.tegnsett, innholdstype=skriver.innholdstype,
                antall_poster=skriver.antall,
            )  # fmt: skip
            antall += skriver.antall
            with skriver.lukk() as tmp:
                lf.fil.save(navn, File(tmp, name=navn), save=False)
            lf.save()
        lev.antall_poster = antall
        lev.antall_feil = sum(v["FEIL"] for v in oppsummering.values())
        lev.antall_advarsler = sum(v["ADVARSEL"] for v in oppsummering.values())
        lev.oppsummering = dict(sorted(oppsummering.items()))
        lev.status = LeveranseStatus.STOPPET if lev.antall_feil else LeveranseStatus.KONTROLLERT
        lev.save(update_fields=["antall_poster", "antall_feil", "antall_advarsler", "oppsummering", "status"])
        Leveransehendelse.objects.create(
            leveranse=lev, bruker=lev.opprettet_av, handling="laget", til_status=lev.status,
            tekst=f"{antall} poster i {len(skrivere)} fil(er); {lev.antall_feil} feil, "
            f"{lev.antall_advarsler} advarsler.",
        )  # fmt: skip
        if d.personopplysninger:
            logg_innsyn("eksport", f"Leveranse {d.kode} {d.navn} {skolear.kode} laget (nr. {lev.pk})",
                        bruker=lev.opprettet_av, antall=antall, fylke=fylke)  # fmt: skip
    log.info("Leveranse %s nr. %s for fylke %s: %s poster, %s feil", d.kode, lev.pk, fylke.nummer, antall,
             lev.antall_feil)  # fmt: skip
    return lev


def krev_behandling(bruker, leveranse: Leveranse) -> None:
    """Who may approve or mark a delivery sent: who may run it, in its county."""
    if not register.finnes(leveranse.kode):
        raise PermissionDenied("Leveransen er ikke lenger registrert.")
    d = register.hent(leveranse.kode)
    if bruker is None or not (bruker.has_perm(tilgang.GENERELL) and bruker.has_perm(d.tillatelse)):
        raise PermissionDenied(f"Du har ikke tilgang til å behandle {d.kode} {d.navn}.")
    krev_fylke(bruker, leveranse.fylke_id)


def kan_behandle(bruker, leveranse: Leveranse) -> bool:
    try:
        krev_behandling(bruker, leveranse)
    except PermissionDenied:
        return False
    return True


def _endre_status(
    leveranse: Leveranse, til: str, bruker, handling: str, tekst: str = "", **felt
) -> Leveranse:
    with transaction.atomic():
        lev = Leveranse.objects.select_for_update().get(pk=leveranse.pk)
        if til not in OVERGANGER[lev.status]:
            raise LeveranseNektet(
                f"Leveransen har status «{lev.get_status_display()}» og kan ikke bli "
                f"«{LeveranseStatus(til).label}»."
            )
        fra = lev.status
        lev.status = til
        for k, v in felt.items():
            setattr(lev, k, v)
        lev.save(update_fields=["status", *felt])
        Leveransehendelse.objects.create(
            leveranse=lev, bruker=bruker, handling=handling, fra_status=fra, til_status=til, tekst=tekst[:500]
        )
    return lev


def godkjenn(leveranse: Leveranse, bruker) -> Leveranse:
    krev_behandling(bruker, leveranse)
    return _endre_status(leveranse, LeveranseStatus.GODKJENT, bruker, "godkjent")


def marker_sendt(leveranse: Leveranse, bruker) -> Leveranse:
    """Record that the file was sent to the recipient. Refused while the delivery has FEIL findings."""
    krev_behandling(bruker, leveranse)
    feil = leveranse.funn.filter(alvorlighet=Alvorlighet.FEIL).count()
    if feil:
        raise LeveranseNektet(
            f"Leveransen har {feil} feil og kan ikke markeres som sendt. Rett dataene og kjør leveransen på nytt."
        )
    return _endre_status(
        leveranse, LeveranseStatus.SENDT, bruker, "sendt", sendt=timezone.now(), sendt_av=bruker
    )
