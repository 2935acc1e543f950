"""Services for job runs: start, the state machine, cancel, and clean-up of runs whose worker died."""

from __future__ import annotations

import datetime
import logging
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from vigo import jobber
from vigo.jobber import tilgang
from vigo.jobber.kontekst import KjoringAvbrutt, Kontekst
from vigo.models import Kjoring, KjoringLogg, KjoringStatus
from vigo.scoping import krev_fylke

log = logging.getLogger(__name__)

S = KjoringStatus
# django-oscar style: the allowed transitions, as a table.
OVERGANGER: dict[str, set[str]] = {
    S.VENTER: {S.KJORER, S.AVBRUTT, S.FEILET},
    S.KJORER: {S.FERDIG, S.FEILET, S.AVBRUTT},
    S.FERDIG: set(),
    S.FEILET: set(),
    S.AVBRUTT: set(),
}


class KjoringFeil(Exception):
    """A job could not be started; the message is shown to the user."""


class KjoringPagar(KjoringFeil):
    pass


KOEN_SVARER_IKKE = (
    "Køen (Redis) svarer ikke, så kjøringen kunne ikke legges i kø. Prøv igjen om litt; "
    "vedvarer feilen, kontakt driften."
)


class KoenSvarerIkke(KjoringFeil):
    """The broker did not take the run. The run is already marked failed, so it does not hold the
    one-active-run lock and the job can be started again once the queue answers."""

    def __init__(self, melding: str, kjoring: Kjoring | None = None):
        super().__init__(melding)
        self.kjoring = kjoring


def _overgang(kjoring_id: int, fra: set[str], til: str, **felt: Any) -> bool:
    """Move a run to ``til`` only if it is in one of ``fra`` (atomic compare-and-set). Returns True if moved."""
    gyldige = {f for f in fra if til in OVERGANGER[f]}
    return bool(Kjoring.objects.filter(pk=kjoring_id, status__in=gyldige).update(status=til, **felt))


def serialiser(verdi: Any) -> Any:
    """Form cleaned_data -> JSON: model instances as pk, dates as ISO, decimals as strings."""
    from decimal import Decimal

    from django.db.models import Model

    if isinstance(verdi, Model):
        return verdi.pk
    if isinstance(verdi, datetime.date | datetime.datetime):
        return verdi.isoformat()
    if isinstance(verdi, Decimal):
        return str(verdi)
    if isinstance(verdi, list | tuple):
        return [serialiser(v) for v in verdi]
    return verdi


def valider_parametere(kode: str, data: dict[str, Any]) -> dict[str, Any]:
    jt = jobber.hent(kode)
    skjema = jt.skjema(data=data)
    if not skjema.is_valid():
        feil = "; ".join(f"{k}: {' '.join(v)}" for k, v in skjema.errors.items())
        raise KjoringFeil(f"Ugyldige parametere for {kode}: {feil}")
    return {k: serialiser(v) for k, v in skjema.cleaned_data.items()}


def start_kjoring(
    kode: str,
    fylke,
    bruker=None,
    parametere: dict[str, Any] | None = None,
    overstyring: str = "",
    startet_av_tekst: str = "",
    send: bool = True,
) -> Kjoring:
    """Create the run row and queue its Celery task after commit. One active run per job and county.

    A user must hold the job type's permissions (``vigo.jobber.tilgang``), and the publish permission when the
    parameters make the run publish; ``bruker=None`` is the system (``manage.py kjoring``), not checked.
    When the queue does not answer, the run is marked failed and ``KoenSvarerIkke`` raised (outside a
    transaction; inside one the run is only marked failed, as the caller has nobody to show it to yet).
    ``send=False`` only creates the row (the caller runs it in-process with ``utfor``).
    """
    jt = jobber.hent(kode)
    if bruker is not None:
        tilgang.krev_start(bruker, jt)
        krev_fylke(bruker, fylke.pk)
    params = valider_parametere(kode, parametere or {})
    if bruker is not None:
        tilgang.krev_publisering(bruker, jt, params)
    from vigo.jobber.rekkefolge import sjekk_forgjengere

    if jt.forhandssjekk is not None:
        try:
            jt.forhandssjekk(fylke, params)
        except ValidationError as feil:
            raise KjoringFeil(" ".join(feil.messages)) from None
    mangler = sjekk_forgjengere(jt, fylke, params)
    if mangler and not overstyring.strip():
        raise KjoringFeil(
            "Forgjenger-jobb har ikke kjørt i perioden: "
            + ", ".join(mangler)
            + ". Oppgi en begrunnelse for å overstyre rekkefølgen."
        )
    try:
        with transaction.atomic():
            kj = Kjoring.objects.create(
                kode=kode,
                navn=jt.navn,
                fylke=fylke,
                parametere=params,
                startet_av=bruker,
                startet_av_tekst=startet_av_tekst or (bruker.get_username() if bruker else "system"),
                overstyrt=overstyring.strip() if mangler else "",
            )
            if mangler:
                KjoringLogg.objects.create(
                    kjoring=kj,
                    niva="advarsel",
                    tekst=f"Rekkefølge overstyrt (mangler {', '.join(mangler)}): {overstyring.strip()}",
                )
    except IntegrityError:
        raise KjoringPagar(f"En kjøring av {kode} {jt.navn} pågår allerede for {fylke.navn}.") from None
    if send:
        if transaction.get_connection().in_atomic_block:
            # The worker must not look for the row before it is committed.
            transaction.on_commit(lambda: _send(kj.pk))
        elif not _send(kj.pk):
            kj.refresh_from_db()
            raise KoenSvarerIkke(KOEN_SVARER_IKKE, kj)
    return kj


# A few quick retries only: the user is waiting for the page, and a down queue will not be back in a second.
_SENDE_FORSOK = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3, "interval_max": 0.5}


def _send(kjoring_id: int) -> bool:
    """Hand the run to the queue. If the queue does not answer, mark the run failed (a 'venter' run nobody
    will ever pick up would block the job for the county) and return False."""
    from vigo.tasks import utfor_kjoring

    try:
        res = utfor_kjoring.apply_async(args=[kjoring_id], retry_policy=_SENDE_FORSOK)
    except (KombuError, RedisError, OSError) as exc:
        log.warning("Kjøring %s kunne ikke legges i køen: %s: %s", kjoring_id, type(exc).__name__, exc)
        feil = f"{KOEN_SVARER_IKKE} ({type(exc).__name__})"
        melding = f"Feilet: {KOEN_SVARER_IKKE}"[:500]
        if _overgang(kjoring_id, {S.VENTER}, S.FEILET, avsluttet=timezone.now(), feil=feil, melding=melding):
            KjoringLogg.objects.create(kjoring_id=kjoring_id, niva="feil", tekst=KOEN_SVARER_IKKE)
        return False
    Kjoring.objects.filter(pk=kjoring_id, celery_id="").update(celery_id=res.id or "")
    return True


def avbryt(kjoring: Kjoring, bruker) -> bool:
    """Cancel: a waiting run stops at once; a running one stops at its next progress report.

    Only someone who may start the job type may stop it (a job type no longer registered: the general right)."""
    if jobber.finnes(kjoring.kode):
        tilgang.krev_start(bruker, kjoring.kode)
    elif not bruker.has_perm(tilgang.GENERELL):
        raise PermissionDenied("Du har ikke tilgang til å avbryte kjøringer.")
    moved = _overgang(kjoring.pk, {S.VENTER, S.KJORER}, S.AVBRUTT, avsluttet=timezone.now())
    if moved:
        KjoringLogg.objects.create(
            kjoring=kjoring, niva="advarsel", tekst=f"Avbrutt av {bruker.get_username()}."
        )
    return moved


def _hjerteslag(kjoring_id: int, stopp: threading.Event) -> None:
    """Keeps the heartbeat fresh while a job does a long step without reporting progress."""
    try:
        while not stopp.wait(settings.KJORING_HJERTESLAG_SEKUNDER):
            Kjoring.objects.filter(pk=kjoring_id, status=S.KJORER).update(hjerteslag=timezone.now())
    finally:
        close_old_connections()
        from django.db import connection

        connection.close()


def utfor(kjoring_id: int, arbeider: str | None = None) -> str:
    """Run the job. Idempotent: only a run still 'venter' is executed, so a redelivered message is a no-op."""
    arbeider = arbeider or socket.gethostname()
    naa = timezone.now()
    if not _overgang(kjoring_id, {S.VENTER}, S.KJORER, startet=naa, hjerteslag=naa, arbeider=arbeider):
        return "hoppet over"
    kj = Kjoring.objects.select_related("fylke", "startet_av").get(pk=kjoring_id)
    jt = jobber.hent(kj.kode)
    ktx = Kontekst(kj)
    stopp = threading.Event()
    slag = threading.Thread(target=_hjerteslag, args=(kj.pk, stopp), daemon=True)
    slag.start()
    try:
        ktx.logg(f"Startet på {arbeider}.")
        resultat = jt.funksjon(ktx) or {}
    except KjoringAvbrutt:
        ktx.logg("Kjøringen ble avbrutt.", "advarsel")
        return S.AVBRUTT
    except ValidationError as exc:  # an expected refusal: the caseworker gets the reason, not a traceback
        tekst = " ".join(exc.messages)
        KjoringLogg.objects.create(kjoring=kj, niva="feil", tekst=tekst[:4000])
        _overgang(
            kj.pk, {S.KJORER}, S.FEILET, avsluttet=timezone.now(), feil="", melding=f"Feilet: {tekst}"[:500]
        )
        return S.FEILET
    except Exception as exc:  # the run must end as failed whatever went wrong
        import traceback

        KjoringLogg.objects.create(kjoring=kj, niva="feil", tekst=f"{type(exc).__name__}: {exc}")
        _overgang(kj.pk, {S.KJORER}, S.FEILET, avsluttet=timezone.now(), feil=traceback.format_exc()[-5000:],
                  melding=f"Feilet: {exc}"[:500])  # fmt: skip
        return S.FEILET
    finally:
        stopp.set()
    kj.refresh_from_db(fields=["antall_totalt"])
    _overgang(
        kj.pk,
        {S.KJORER},
        S.FERDIG,
        avsluttet=timezone.now(),
        resultat=resultat,
        antall_ferdig=kj.antall_totalt,
        melding="Ferdig",
    )
    ktx.logg("Ferdig.")
    return S.FERDIG


def marker_dode(arbeider: str | None = None) -> int:
    """Mark runs whose worker died, or that no worker will ever take, as failed, so nothing stays active forever
    (an active run also holds the one-run-per-job-and-county lock).

    With ``arbeider`` (called when a worker starts): every run that worker had is dead. Without it (the beat
    task, every KJORING_RYDD_SEKUNDER): runs 'kjører' whose heartbeat is older than KJORING_DOD_ETTER_SEKUNDER,
    runs 'venter' that never reached the queue (no Celery id) after KJORING_DOD_ETTER_SEKUNDER, and runs
    'venter' that no worker took within KJORING_VENTER_MAKS_SEKUNDER. A worker dying is thus noticed at most
    KJORING_DOD_ETTER_SEKUNDER + KJORING_RYDD_SEKUNDER after its last heartbeat (README, «Feil og helse»).
    """
    naa = timezone.now()
    if arbeider:
        grupper = [
            (
                Kjoring.objects.filter(status=S.KJORER, arbeider=arbeider),
                f"Arbeideren {arbeider} ble startet på nytt mens kjøringen pågikk.",
            )
        ]
    else:
        dod = naa - datetime.timedelta(seconds=settings.KJORING_DOD_ETTER_SEKUNDER)
        venter = naa - datetime.timedelta(seconds=settings.KJORING_VENTER_MAKS_SEKUNDER)
        minutter = max(1, round(settings.KJORING_VENTER_MAKS_SEKUNDER / 60))
        grupper = [
            (
                Kjoring.objects.filter(status=S.KJORER, hjerteslag__lt=dod),
                "Arbeideren sluttet å svare (ingen livstegn).",
            ),
            (
                Kjoring.objects.filter(status=S.VENTER, celery_id="", opprettet__lt=dod),
                "Kjøringen kom aldri i køen (køen svarte ikke, eller prosessen stoppet før den ble sendt).",
            ),
            (
                Kjoring.objects.filter(status=S.VENTER, opprettet__lt=venter),
                f"Ingen arbeider tok kjøringen på {minutter} minutter. Sjekk at arbeiderne (Celery) kjører, "
                "og start jobben på nytt.",
            ),
        ]
    antall = 0
    for qs, grunn in grupper:
        for pk, status in qs.values_list("pk", "status"):
            if _overgang(pk, {status}, S.FEILET, avsluttet=naa, feil=grunn, melding=f"Feilet: {grunn}"[:500]):
                KjoringLogg.objects.create(kjoring_id=pk, niva="feil", tekst=grunn)
                antall += 1
    return antall
