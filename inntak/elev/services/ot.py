"""Writes of oppfølgingstjenesten (OT, ol-2023 § 9-4; docs/elev.md «Oppfølgingstjenesten»).

* ``meld_til_ot`` reports a population (6A015, 5A001) set-based: new youth get ``OTUK`` (the first status for those
  who did not apply, declined, did not start or left, Udir's code list), an inactive row is reactivated, and an
  active row keeps the status OT set. Only persons in the target group on ``dato`` are reported
  (``inntak.elev.regler.ot``). History rows are written in the same statement batch, in one transaction.
* The caseworker's writes (status, unit, notes, manual report) check the permission and the county here, and write
  their history (simple_history, with the user and the reason) or the note in the same transaction.
* ``importer_otstatus`` takes the status file from VIGO OT (6I015) all-or-nothing: every bad row is named.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inntak.elev.models import Otenhet, OtNotat, Otstatus, OtUngdom
from inntak.elev.regler.ot import fodselsdato_grenser
from vigo.models import Person
from vigo.scoping import avgrens, krev_fylke

logger = logging.getLogger(__name__)

FORSTE_STATUS = "OTUK"
SAERTILGANG = "vigo.saertilgang"
MAKS_NOTAT = 4000


# --- Who may do what -----------------------------------------------------------------------------------------
def har_saertilgang(bruker) -> bool:
    """OT notes are sensitive (health, family, NAV): særtilgang, like the documents of a fortrinn case."""
    return bool(bruker and bruker.is_authenticated and bruker.has_perm(SAERTILGANG))


def _krev(bruker, tillatelse: str, ot_ungdom: OtUngdom | None = None, fylke_id: int | None = None) -> None:
    if bruker is None or not bruker.is_authenticated or not bruker.has_perm(tillatelse):
        raise PermissionDenied(_("Du har ikke tilgang til å endre OT-saker."))
    if bruker.er_skolebruker:
        raise PermissionDenied(_("Skolebrukere har ikke tilgang til oppfølgingstjenesten."))
    krev_fylke(bruker, ot_ungdom.fylke_id if ot_ungdom is not None else fylke_id)


def _historikk(obj: OtUngdom, bruker, grunn: str) -> None:
    obj._history_user = bruker
    obj._change_reason = grunn[:100]


# --- Reporting a population (jobs) -----------------------------------------------------------------------------
def _elevkurs_per_person(person_ids: Sequence[int], elevkurs_ids) -> list[int | None]:
    """``elevkurs_ids`` is a mapping person id -> elevkurs id, or a sequence parallel to ``person_ids``."""
    if elevkurs_ids is None:
        return [None] * len(person_ids)
    if isinstance(elevkurs_ids, Mapping):
        return [elevkurs_ids.get(pid) for pid in person_ids]
    ek = list(elevkurs_ids)
    if len(ek) != len(person_ids):
        raise ValueError("elevkurs_ids må ha like mange elementer som person_ids.")
    return ek


_MELD_SQL = """
WITH inn AS (
    SELECT DISTINCT ON (t.person_id) t.person_id, t.elevkurs_id
    FROM unnest(%(personer)s::bigint[], %(elevkurs)s::bigint[]) AS t(person_id, elevkurs_id)
    JOIN vigo_person p ON p.id = t.person_id
    WHERE p.fodselsdato BETWEEN %(eldste)s AND %(yngste)s
    ORDER BY t.person_id, t.elevkurs_id DESC NULLS LAST
)
INSERT INTO elev_otungdom AS o
    (person_id, fylke_id, otenhet_id, status_id, status_dato, arsak, elevkurs_id, aktiv, opprettet, endret)
SELECT inn.person_id, %(fylke)s, NULL, %(status)s, %(dato)s, %(arsak)s, inn.elevkurs_id, TRUE, now(), now()
FROM inn
ON CONFLICT (person_id, fylke_id) DO UPDATE
    SET status_id = EXCLUDED.status_id, status_dato = EXCLUDED.status_dato, arsak = EXCLUDED.arsak,
        elevkurs_id = COALESCE(EXCLUDED.elevkurs_id, o.elevkurs_id), aktiv = TRUE, endret = now()
    WHERE NOT o.aktiv
RETURNING o.id, (xmax = 0) AS ny
"""

_HISTORIKK_SQL = """
INSERT INTO elev_historicalotungdom
    (id, person_id, fylke_id, otenhet_id, status_id, status_dato, arsak, elevkurs_id, aktiv, opprettet, endret,
     history_date, history_change_reason, history_type, history_user_id)
SELECT o.id, o.person_id, o.fylke_id, o.otenhet_id, o.status_id, o.status_dato, o.arsak, o.elevkurs_id, o.aktiv,
       o.opprettet, o.endret, now(), %(grunn)s, CASE WHEN t.ny THEN '+' ELSE '~' END, %(bruker)s
FROM unnest(%(ider)s::bigint[], %(nye)s::boolean[]) AS t(id, ny)
JOIN elev_otungdom o ON o.id = t.id
"""


def meld_til_ot(*, fylke, person_ids, arsak, dato, kjoring=None, elevkurs_ids=None) -> int:
    """Report ``person_ids`` to the county's OT because of ``arsak`` (``OtUngdom.Arsak``) as of ``dato``.

    Set-based (two statements, one transaction): persons outside the target group on ``dato`` are skipped; a new
    row gets ``OTUK``; an inactive row is reactivated with ``OTUK``; an active row is left as OT keeps it.
    ``elevkurs_ids``: person id -> the elevkurs that caused the report (or a list parallel to ``person_ids``).
    Returns the number of persons reported (new + reactivated). Idempotent: a second call reports nobody.
    """
    arsak = OtUngdom.Arsak(arsak).value
    person_ids = [int(p) for p in person_ids]
    if not person_ids:
        return 0
    elevkurs = _elevkurs_per_person(person_ids, elevkurs_ids)
    status_id = Otstatus.objects.values_list("pk", flat=True).get(kode=FORSTE_STATUS)
    eldste, yngste = fodselsdato_grenser(dato)
    fylke_id = getattr(fylke, "pk", fylke)
    bruker_id = getattr(kjoring, "startet_av_id", None)
    grunn = f"{kjoring.kode} (kjøring {kjoring.pk})" if kjoring is not None else "meldt til OT"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(_MELD_SQL, {"personer": person_ids, "elevkurs": elevkurs, "eldste": eldste, "yngste": yngste,
                                "fylke": fylke_id, "status": status_id, "dato": dato, "arsak": arsak})  # fmt: skip
        rader = cur.fetchall()
        if rader:
            cur.execute(_HISTORIKK_SQL, {"ider": [r[0] for r in rader], "nye": [r[1] for r in rader],
                                         "grunn": grunn[:100], "bruker": bruker_id})  # fmt: skip
    logger.info("Meldt til OT", extra={"fylke_id": fylke_id, "antall": len(rader), "arsak": arsak})
    return len(rader)


# --- The caseworker's writes ------------------------------------------------------------------------------------
def _dato_ikke_i_fremtiden(dato: datetime.date) -> None:
    if dato > timezone.localdate():
        raise ValidationError({"dato": _("Statusdatoen kan ikke være fram i tid.")})


@transaction.atomic
def endre_otstatus(bruker, ot_ungdom: OtUngdom, *, status, dato: datetime.date, grunn: str) -> OtUngdom:
    """Set OT's status on a youth (history row with user and reason). ``status``: an Otstatus or its code."""
    _krev(bruker, "elev.change_otungdom", ot_ungdom)
    if not isinstance(status, Otstatus):
        status = Otstatus.objects.filter(kode=status).first()
    if status is None or not status.aktiv:
        raise ValidationError({"status": _("Velg en gyldig OT-status.")})
    _dato_ikke_i_fremtiden(dato)
    grunn = (grunn or "").strip()
    if not grunn:
        raise ValidationError({"grunn": _("Skriv hvorfor statusen endres.")})
    obj = OtUngdom.objects.select_for_update().get(pk=ot_ungdom.pk)
    if obj.status_id == status.pk and obj.status_dato == dato:
        return obj
    obj.status, obj.status_dato = status, dato
    # Group 5 «Tilmeldt, men ikke i målgruppen» ends the follow-up; any other status keeps (or makes) it active.
    obj.aktiv = status.gruppe != Otstatus.Gruppe.IKKE_MALGRUPPE
    _historikk(obj, bruker, grunn)
    obj.save()
    logger.info("OT-status endret", extra={"ot_ungdom_id": obj.pk, "person_id": obj.person_id})
    return obj


@transaction.atomic
def sett_otenhet(bruker, ot_ungdom: OtUngdom, *, otenhet: Otenhet | None, grunn: str = "") -> OtUngdom:
    """Give the youth to an OT unit of the same county (or none)."""
    _krev(bruker, "elev.change_otungdom", ot_ungdom)
    if otenhet is not None and (otenhet.fylke_id != ot_ungdom.fylke_id or not otenhet.aktiv):
        raise ValidationError({"otenhet": _("Velg en aktiv OT-enhet i fylket.")})
    obj = OtUngdom.objects.select_for_update().get(pk=ot_ungdom.pk)
    obj.otenhet = otenhet
    _historikk(obj, bruker, grunn or "OT-enhet endret")
    obj.save()
    return obj


@transaction.atomic
def skriv_otnotat(bruker, ot_ungdom: OtUngdom, *, tekst: str) -> OtNotat:
    """A follow-up note: særtilgang and the right to add notes, in the youth's county."""
    _krev(bruker, "elev.add_otnotat", ot_ungdom)
    if not har_saertilgang(bruker):
        raise PermissionDenied(_("OT-notater krever særtilgang."))
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": _("Notatet er tomt.")})
    if len(tekst) > MAKS_NOTAT:
        raise ValidationError({"tekst": _("Notatet kan ha høyst %(n)s tegn.") % {"n": MAKS_NOTAT}})
    notat = OtNotat.objects.create(ot_ungdom=ot_ungdom, tekst=tekst, skrevet_av=bruker)
    logger.info("OT-notat skrevet", extra={"ot_ungdom_id": ot_ungdom.pk, "person_id": ot_ungdom.person_id})
    return notat


@transaction.atomic
def meld_manuelt(bruker, person: Person, *, grunn: str) -> OtUngdom:
    """OT registers a youth it learned of outside the extracts (in the user's county), with status ``OTUK``.

    A person outside the target group may still be registered: OT then sets a group 5 status («Tilmeldt, men ikke i
    målgruppen»), which is how Udir counts them."""
    _krev(bruker, "elev.add_otungdom", fylke_id=bruker.fylke_id)
    if not avgrens(Person.objects.filter(pk=person.pk), bruker).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))
    grunn = (grunn or "").strip()
    if not grunn:
        raise ValidationError({"grunn": _("Skriv hvorfor personen meldes til OT.")})
    status = Otstatus.objects.get(kode=FORSTE_STATUS)
    obj = OtUngdom.objects.select_for_update().filter(person=person, fylke_id=bruker.fylke_id).first()
    if obj is not None and obj.aktiv:
        raise ValidationError(_("Personen følges allerede opp av OT i fylket."))
    if obj is None:
        obj = OtUngdom(person=person, fylke_id=bruker.fylke_id)
    obj.status, obj.status_dato, obj.arsak, obj.aktiv = (
        status,
        timezone.localdate(),
        OtUngdom.Arsak.MANUELL,
        True,
    )
    _historikk(obj, bruker, grunn)
    obj.save()
    return obj


# --- Import of status from VIGO OT (6I015) ------------------------------------------------------------------------
KOLONNER = ("fnr", "status", "dato", "enhet")
DATOFORMATER = ("%Y-%m-%d", "%d.%m.%Y", "%Y%m%d")


@dataclass(frozen=True)
class Radfeil:
    linje: int
    felt: str
    melding: str

    def __str__(self) -> str:
        return _("Linje %(l)s, felt «%(f)s»: %(m)s") % {"l": self.linje, "f": self.felt, "m": self.melding}


class Importfeil(ValidationError):
    """The file was not imported; ``rader`` names every bad row."""

    def __init__(self, rader: list[Radfeil]):
        self.rader = rader
        super().__init__([str(r) for r in rader])


def _les_dato(tekst: str) -> datetime.date | None:
    for fmt in DATOFORMATER:
        try:
            return datetime.datetime.strptime(tekst, fmt).date()
        except ValueError:
            continue
    return None


def _tekst(innhold: bytes) -> str:
    try:
        return innhold.decode("utf-8-sig")
    except UnicodeDecodeError:
        return innhold.decode("cp1252", errors="replace")  # files saved from Excel on Windows


def les_otstatusfil(fylke, innhold: bytes) -> list[dict]:
    """Parse and check the whole file; raise ``Importfeil`` naming every bad row, else the checked rows."""
    fylke_id = getattr(fylke, "pk", fylke)
    leser = csv.reader(io.StringIO(_tekst(innhold)), delimiter=";")
    rader = [
        (nr, [c.strip() for c in rad]) for nr, rad in enumerate(leser, start=1) if any(c.strip() for c in rad)
    ]
    if rader and [c.lower() for c in rader[0][1][:4]] == list(KOLONNER):
        rader = rader[1:]  # the header line
    if not rader:
        raise Importfeil([Radfeil(1, "fnr", _("Filen har ingen rader."))])
    statuser = {k: (pk, aktiv) for pk, k, aktiv in Otstatus.objects.values_list("pk", "kode", "aktiv")}
    enheter = dict(Otenhet.objects.filter(fylke_id=fylke_id, aktiv=True).values_list("kode", "pk"))
    fnr_i_fil = {rad[0] for _, rad in rader if rad}
    personer = dict(Person.objects.filter(fodselsnummer__in=fnr_i_fil).values_list("fodselsnummer", "pk"))
    feil: list[Radfeil] = []
    ut: list[dict] = []
    sett: dict[str, int] = {}
    idag = timezone.localdate()
    for nr, rad in rader:
        if len(rad) < 3 or len(rad) > 4:
            feil.append(
                Radfeil(
                    nr, "fnr", _("Raden må ha 3 eller 4 felt skilt med semikolon (fnr;status;dato;enhet).")
                )
            )
            continue
        fnr, kode, datotekst = rad[0], rad[1], rad[2]
        enhet = rad[3] if len(rad) == 4 else ""
        radfeil = len(feil)
        if not (len(fnr) == 11 and fnr.isdigit()):
            feil.append(Radfeil(nr, "fnr", _("Fødselsnummeret må ha 11 sifre.")))
        elif fnr not in personer:
            feil.append(Radfeil(nr, "fnr", _("Fødselsnummeret finnes ikke i VIGO.")))
        elif fnr in sett:
            feil.append(Radfeil(nr, "fnr", _("Personen står også på linje %(l)s.") % {"l": sett[fnr]}))
        if kode not in statuser:
            feil.append(Radfeil(nr, "status", _("Ukjent OT-status «%(k)s».") % {"k": kode[:20]}))
        elif not statuser[kode][1]:
            feil.append(Radfeil(nr, "status", _("OT-statusen «%(k)s» er ikke lenger i bruk.") % {"k": kode}))
        dato = _les_dato(datotekst)
        if dato is None:
            feil.append(Radfeil(nr, "dato", _("Ugyldig dato; bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.")))
        elif dato > idag:
            feil.append(Radfeil(nr, "dato", _("Datoen kan ikke være fram i tid.")))
        if enhet and enhet not in enheter:
            feil.append(Radfeil(nr, "enhet", _("Ukjent OT-enhet «%(e)s» i fylket.") % {"e": enhet[:20]}))
        if len(feil) == radfeil:
            sett[fnr] = nr
            ut.append({"person_id": personer[fnr], "status_id": statuser[kode][0], "dato": dato,
                       "otenhet_id": enheter.get(enhet)})  # fmt: skip
    if feil:
        raise Importfeil(feil)
    return ut


_IMPORT_SQL = """
WITH inn AS (
    SELECT * FROM unnest(%(personer)s::bigint[], %(statuser)s::bigint[], %(datoer)s::date[], %(enheter)s::bigint[])
        AS t(person_id, status_id, dato, otenhet_id)
)
INSERT INTO elev_otungdom AS o
    (person_id, fylke_id, otenhet_id, status_id, status_dato, arsak, elevkurs_id, aktiv, opprettet, endret)
SELECT inn.person_id, %(fylke)s, inn.otenhet_id, inn.status_id, inn.dato, 'manuell', NULL,
       s.gruppe <> 5, now(), now()
FROM inn JOIN elev_otstatus s ON s.id = inn.status_id
ON CONFLICT (person_id, fylke_id) DO UPDATE
    SET status_id = EXCLUDED.status_id, status_dato = EXCLUDED.status_dato,
        otenhet_id = COALESCE(EXCLUDED.otenhet_id, o.otenhet_id), aktiv = EXCLUDED.aktiv, endret = now()
    WHERE (o.status_id, o.status_dato, o.aktiv) IS DISTINCT FROM
          (EXCLUDED.status_id, EXCLUDED.status_dato, EXCLUDED.aktiv)
       OR COALESCE(EXCLUDED.otenhet_id, o.otenhet_id) IS DISTINCT FROM o.otenhet_id
RETURNING o.id, (xmax = 0) AS ny
"""


def importer_otstatus(fylke, innhold: bytes, *, kjoring=None) -> dict:
    """6I015: OT status from VIGO OT onto the county's youth, all or nothing. A person not yet known to OT in the
    county gets a row (reported manually by OT). Returns counts; raises ``Importfeil`` naming every bad row."""
    fylke_id = getattr(fylke, "pk", fylke)
    rader = les_otstatusfil(fylke_id, innhold)
    grunn = f"6I015 (kjøring {kjoring.pk})" if kjoring is not None else "6I015"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(_IMPORT_SQL, {
            "personer": [r["person_id"] for r in rader], "statuser": [r["status_id"] for r in rader],
            "datoer": [r["dato"] for r in rader], "enheter": [r["otenhet_id"] for r in rader], "fylke": fylke_id,
        })  # fmt: skip
        endret = cur.fetchall()
        if endret:
            cur.execute(_HISTORIKK_SQL, {"ider": [r[0] for r in endret], "nye": [r[1] for r in endret],
                                         "grunn": grunn, "bruker": getattr(kjoring, "startet_av_id", None)})  # fmt: skip
    nye = sum(1 for r in endret if r[1])
    return {"rader": len(rader), "nye": nye, "endret": len(endret) - nye, "uendret": len(rader) - len(endret)}
