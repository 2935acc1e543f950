"""5A001 «Oppdater elev fra søker»: søker → elev in the order of the routine (docs/elev.md, «Rett: jobbene 5A018,
5A019 og 5A001»; elev-og-eksport §0.2 and §2.2):

1. private-school pupils (elevkurs at schools with ``Skole.privat``) are already in the register: counted, and taken
   into the rett step;
2. each admitted søker who answered «ja» or «ja og stå på venteliste» gets the elevkurs of the accepted place
   (kilde 5A001, startdato = the school year's first day unless the elevkurs exists, rettstype from the søker's
   rett); idempotent;
3. søkere who said no, lost the place at the svarfrist or never answered an offer are reported to OT
   (``services.ot.meld_til_ot``, årsak «takket_nei»);
4. the right is computed (5A019's computation) for the moved and private-school persons, and those still without
   rett are logged.
"""

from __future__ import annotations

import csv
import datetime
import logging
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from inntak.elev.models import Elevforhold
from inntak.elev.models.register import Kilde
from inntak.elev.services.rett import _t, oppdater_rett, skolear_objekt
from inntak.models import Inntakskjoring, Soknad, SoknadStatus, Svar, Tilbud, Tildeling
from inntak.models.inntakskjoring import SvarType
from vigo.scoping import krev_fylke

log = logging.getLogger(__name__)

FRA = "inntak.elev_fra_soker_fra"
TIL = "inntak.elev_fra_soker_til"
TILLATELSE = "elev.add_elevforhold"
# The søker's rett (Soknad.rettstatus) as the elevkurs's rettstype (docs/elev.md §5.4).
RETTSTYPE = {"ungdomsrett": "U", "voksenrett": "V", "uten_rett": ""}


def vindu(fylke, skolear) -> tuple[datetime.date, datetime.date]:
    """The county's window for 5A001 in the school year (system parameters, default 11–22 September)."""
    from vigo.parametere.selectors import parameter

    return parameter(fylke, skolear, FRA), parameter(fylke, skolear, TIL)


def sjekk_vindu(fylke, skolear, overstyr_grunn: str | None = None, idag: datetime.date | None = None) -> str:
    """ValidationError outside the window unless a reason is given; returns the reason used («» inside)."""
    fra, til = vindu(fylke, skolear)
    idag = idag or timezone.localdate()
    if fra <= idag <= til:
        return ""
    grunn = (overstyr_grunn or "").strip()
    if not grunn:
        raise ValidationError(
            f"5A001 kan kjøres fra {fra:%d.%m.%Y} til {til:%d.%m.%Y} (i dag er {idag:%d.%m.%Y}). "
            "Oppgi en begrunnelse for å kjøre utenfor vinduet."
        )
    return grunn


# The søknader of the county and year with their place in the latest published round of their level and their
# latest answer over the published rounds (a kept place carries the earlier «ja»).
_SOKERE_SQL = """
WITH siste AS (
    SELECT DISTINCT ON (niva) id, niva, svarfrist, svarfrist_behandlet FROM {ik}
    WHERE fylke_id = %(fylke)s AND skolear_id = %(skolear)s AND publisert
    ORDER BY niva, runde DESC
), svar AS (
    SELECT DISTINCT ON (sv.soknad_id) sv.soknad_id, sv.svar FROM {svar} sv
    JOIN {ik} ik ON ik.id = sv.inntakskjoring_id
    WHERE ik.fylke_id = %(fylke)s AND ik.skolear_id = %(skolear)s AND ik.publisert AND sv.svar <> ''
    ORDER BY sv.soknad_id, ik.runde DESC
)
SELECT so.id AS soknad_id, so.person_id, so.rettstatus, so.status, t.tilbud_id, tb.skole_id, tb.programomrade_id,
       svar.svar, siste.svarfrist, siste.svarfrist_behandlet IS NOT NULL
FROM siste JOIN {tildeling} t ON t.inntakskjoring_id = siste.id
JOIN {soknad} so ON so.id = t.soknad_id
LEFT JOIN {tilbud} tb ON tb.id = t.tilbud_id
LEFT JOIN svar ON svar.soknad_id = so.id
"""


def _sokere_sql() -> str:
    return _SOKERE_SQL.format(ik=_t(Inntakskjoring), svar=_t(Svar), tildeling=_t(Tildeling), soknad=_t(Soknad),
                              tilbud=_t(Tilbud))  # fmt: skip


def _historikk(c, ider: list[int], type_: str, bruker_id: int | None, grunn: str) -> None:
    """simple-history rows for elevkurs written in SQL, in the same transaction."""
    if not ider:
        return
    hist = Elevforhold.history.model
    kolonner = [f.column for f in hist._meta.concrete_fields if not f.column.startswith("history_")]
    liste = ", ".join(kolonner)
    c.execute(
        f"""INSERT INTO {_t(hist)} ({liste}, history_date, history_type, history_user_id, history_change_reason)
            SELECT {liste}, %(naa)s, %(type)s, %(bruker)s, %(grunn)s FROM {_t(Elevforhold)}
            WHERE id = ANY(%(ider)s)""",
        {"naa": timezone.now(), "type": type_, "bruker": bruker_id, "grunn": grunn[:100], "ider": ider},
    )


def overfor_sokere(
    bruker,
    *,
    fylke,
    skolear,
    kjoring=None,
    overstyr_grunn: str | None = None,
    idag: datetime.date | None = None,
    uten_rett_fil: IO[str] | None = None,
    rett_rapport: IO[str] | None = None,
) -> dict:
    """5A001 «Oppdater elev fra søker» for ``fylke`` and ``skolear`` (see the module text for the four steps).

    ``bruker`` needs ``elev.add_elevforhold`` in the county (None = the system). Outside the window (``vindu``)
    the job is refused unless ``overstyr_grunn`` is given; the reason is logged on the run and returned. A second
    run creates nothing. ``uten_rett_fil`` gets a CSV of the persons still without rett (person id, søknad id,
    the søker's rettstatus); ``rett_rapport`` the rett computation's changed-persons CSV.
    """
    if bruker is not None:
        if not bruker.has_perm(TILLATELSE) or bruker.skole_id is not None:
            raise PermissionDenied("Du har ikke tilgang til å overføre søkere til elev.")
        krev_fylke(bruker, getattr(fylke, "pk", fylke))
    ar = skolear_objekt(skolear)
    fylke_id = getattr(fylke, "pk", fylke)
    grunn = sjekk_vindu(fylke, ar, overstyr_grunn, idag)
    if grunn:
        tekst = f"5A001 kjørt utenfor vinduet. Begrunnelse: {grunn}"
        log.warning("5A001 utenfor vinduet", extra={"fylke_id": fylke_id, "skolear": ar.kode})
        if kjoring is not None:
            from vigo.models import KjoringLogg

            KjoringLogg.objects.create(kjoring=kjoring, niva="advarsel", tekst=tekst[:4000])
    bruker_id = getattr(bruker, "pk", None) or getattr(kjoring, "startet_av_id", None)
    startdato = ar.startdato

    # (1) Private-school pupils: already in the register (Udir/WIS via sentralbasen).
    privat = set(
        Elevforhold.objects.filter(skolear=ar, skole__fylke_id=fylke_id, skole__privat=True).values_list(
            "person_id", flat=True
        )
    )
    with connection.cursor() as c:
        c.execute(_sokere_sql(), {"fylke": fylke_id, "skolear": ar.pk})
        rader = c.fetchall()
    ja = (SvarType.JA, SvarType.JA_VENTELISTE)
    nei = (SvarType.NEI, SvarType.FRIST_OVERSITTET)
    akseptert = [r for r in rader if r[4] is not None and r[7] in ja and r[3] != SoknadStatus.TRUKKET]
    flyttet = {r[1] for r in akseptert}

    # (2) Søker → elev.
    nye, oppdaterte = [], []
    with transaction.atomic(), connection.cursor() as c:
        for start in range(0, len(akseptert), 5000):
            del_ = akseptert[start : start + 5000]
            c.execute(
                f"""INSERT INTO {_t(Elevforhold)} AS ef (person_id, skole_id, programomrade_id, skolear_id, startdato,
                        avbruddsarsak, kilde, rettstype, opprettet, endret)
                    SELECT p, s, po, %(skolear)s, %(start)s, '', %(kilde)s, r, %(naa)s, %(naa)s
                    FROM unnest(%(p)s::bigint[], %(s)s::bigint[], %(po)s::bigint[], %(r)s::text[]) AS x(p, s, po, r)
                    ON CONFLICT ON CONSTRAINT unikt_elevforhold DO UPDATE SET rettstype = EXCLUDED.rettstype,
                        endret = EXCLUDED.endret
                    WHERE ef.rettstype = '' AND EXCLUDED.rettstype <> ''
                    RETURNING ef.id, (xmax = 0)""",
                {"skolear": ar.pk, "start": startdato, "kilde": Kilde.SOKER, "naa": timezone.now(),
                 "p": [r[1] for r in del_], "s": [r[5] for r in del_], "po": [r[6] for r in del_],
                 "r": [RETTSTYPE.get(r[2], "") for r in del_]},
            )  # fmt: skip
            for pk, ny in c.fetchall():
                (nye if ny else oppdaterte).append(pk)
        _historikk(c, nye, "+", bruker_id, "5A001 overført fra søker")
        _historikk(c, oppdaterte, "~", bruker_id, "5A001 rettstype fra søker")

    # (3) OT lines: declined, lost the place at the svarfrist, or never answered an offer; not those in school.
    i_skole = set(
        Elevforhold.objects.filter(skolear=ar, skole__fylke_id=fylke_id).values_list("person_id", flat=True)
    )
    # Silence counts only once the round's svarfrist has passed (or been processed): before it, «no answer yet».
    dag = idag or timezone.localdate()

    def fristen_er_ute(r) -> bool:
        return bool(r[9]) or (r[8] is not None and r[8] < dag)

    til_ot = sorted(
        {r[1] for r in rader if r[7] in nei or (r[7] is None and r[4] is not None and fristen_er_ute(r))}
        - flyttet
        - i_skole
    )
    meldt = 0
    if til_ot:
        from inntak.elev.services.ot import meld_til_ot

        meldt = meld_til_ot(fylke=fylke_id, person_ids=til_ot, arsak="takket_nei",
                            dato=idag or timezone.localdate(), kjoring=kjoring)  # fmt: skip

    # (4) Rett for the moved and private-school persons; log those still without.
    personer = flyttet | privat
    rett = oppdater_rett(fylke=fylke, skolear=ar, kjoring=kjoring, person_ids=personer, rapport=rett_rapport)
    uten = list(
        Elevforhold.objects.filter(skolear=ar, skole__fylke_id=fylke_id, person_id__in=personer, rettstype="")
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    if uten_rett_fil is not None:
        sokere = {r[1]: (r[0], r[2]) for r in akseptert}
        w = csv.writer(uten_rett_fil, delimiter=";")
        w.writerow(["person_id", "soknad_id", "rettstatus_soker", "privatskole"])
        for pid in uten:
            soknad_id, rettstatus = sokere.get(pid, ("", ""))
            w.writerow([pid, soknad_id, rettstatus, "ja" if pid in privat else "nei"])
    log.info(
        "5A001 overført",
        extra={"fylke_id": fylke_id, "skolear": ar.kode, "nye": len(nye), "til_ot": len(til_ot)},
    )
    return {
        "skolear": ar.kode,
        "privatskoleelever": len(privat),
        "akseptert": len(akseptert),
        "elevkurs_opprettet": len(nye),
        "elevkurs_oppdatert": len(oppdaterte),
        "til_ot": len(til_ot),
        "meldt_til_ot": meldt,
        "rett_beregnet": rett["personer"],
        "uten_rett": len(uten),
        "overstyrt": grunn,
    }
