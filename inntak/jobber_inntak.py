"""Job types of the intake run (registered in InntakConfig.ready): 1I001 Kjør inntak, 1I002 Behandle svarfrist,
1I003 Lag tilbudsbrev. Thin: parameters in, one service call, files and log lines out."""

from __future__ import annotations

import csv
import datetime
import io

from django.core.exceptions import ValidationError

from inntak.kjoring import brev, services, svar
from inntak.kjoring.skjema import KjorInntakSkjema, SvarfristSkjema, TilbudsbrevSkjema, les_kapasitet
from inntak.models import Inntakskjoring, Soknad
from kodeverk.models import Skolear
from vigo.jobber import jobbtype


def _publisert(ktx) -> Inntakskjoring:
    p = ktx.parametere
    ik = (
        Inntakskjoring.objects.filter(
            fylke=ktx.fylke, skolear_id=p["skolear"], niva=p["niva"], runde=p["runde"], publisert=True
        )  # fmt: skip
        .select_related("fylke", "skolear")
        .defer("snapshot", "resultat")
        .first()
    )
    if ik is None:
        raise ValidationError(f"Runde {p['runde']} for {p['niva']} er ikke publisert.")
    return ik


@jobbtype(
    "1I001",
    "Kjør inntak",
    tillatelse="inntak.add_inntakskjoring",
    # Prøveinntak unticked publishes the round: the same right as the Publiser button on a run.
    publiserer=lambda p: not p.get("simulering"),
    publiser_tillatelse="inntak.change_inntakskjoring",
    skjema=KjorInntakSkjema,
    omrade="Inntak",
    personopplysninger=True,
    beskrivelse="Kjører inntaket for fylket, skoleåret, nivået og runden: leser grunnlaget fra databasen, "
    "tildeler plasser (ønskerekkefølge, prioritetsgruppe, poeng, loddtrekning), lager ventelister og "
    "poenggrenser og verifiserer resultatet uavhengig. Prøveinntak publiseres aldri; ellers publiseres runden "
    "når verifiseringen er uten brudd.",
)
def kjor_inntak_jobb(ktx) -> dict:
    p = ktx.parametere
    skolear = Skolear.objects.get(pk=p["skolear"])
    simulering = bool(p.get("simulering"))
    ik = services.kjor_inntak(
        fylke=ktx.fylke, skolear=skolear, niva=p["niva"], runde=int(p["runde"]), simulering=simulering,
        kapasitet=les_kapasitet(p.get("kapasitet") or ""), navn=p.get("navn") or "", kjoring=ktx.kjoring,
        bruker=ktx.bruker, fremdrift=ktx.fremdrift,
    )  # fmt: skip
    for advarsel in ik.advarsler:
        ktx.logg(advarsel, "advarsel")
    for brudd in ik.verifisering[:50]:
        ktx.logg(f"Verifisering: {brudd}", "feil")
    ktx.logg(f"{ik.antall_sokere} søkere, {ik.antall_tildelt} tildelt, {ik.antall_uten_plass} uten plass, "
             f"seed {ik.seed}, {ik.sekunder} s.")  # fmt: skip
    if not simulering:
        frist = datetime.date.fromisoformat(p["svarfrist"]) if p.get("svarfrist") else None
        services.publiser_runde(ik, bruker=ktx.bruker, svarfrist=frist)
        ktx.logg(f"Runde {ik.runde} er publisert.")
    return {
        "inntakskjoring": ik.pk, "sokere": ik.antall_sokere, "tildelt": ik.antall_tildelt,
        "onske1": ik.antall_onske1, "uten_plass": ik.antall_uten_plass, "brudd": len(ik.verifisering),
        "publisert": not simulering, "seed": str(ik.seed),
    }  # fmt: skip


@jobbtype(
    "1I002",
    "Behandle svarfrist",
    tillatelse="inntak.change_inntakskjoring",  # acts on a published round: applicants lose their place
    skjema=SvarfristSkjema,
    omrade="Inntak",
    personopplysninger=True,
    beskrivelse="Søkere som skulle svare på runden og ikke har svart innen svarfristen, mister plassen og "
    "ventelisteplassene og går ut av inntaket. Søkere saksbehandler har gitt unntak, beholdes og listes opp.",
)
def behandle_svarfrist_jobb(ktx) -> dict:
    ik = _publisert(ktx)
    ut = svar.behandle_svarfrist(ik, bruker=ktx.bruker)
    ktx.logg(f"{len(ut['mistet_plass'])} søkere mistet plassen; {len(ut['unntak'])} unntak; "
             f"{ut['besvart']} av {ut['ma_svare']} hadde svart.")  # fmt: skip
    for navn, ids in (("mistet_plass", ut["mistet_plass"]), ("unntak", ut["unntak"])):
        if ids:
            ktx.lagre_fil(
                f"svarfrist_{navn}_runde{ik.runde}.csv", _soknad_csv(ik, ids), "text/csv; charset=utf-8"
            )
    return {"inntakskjoring": ik.pk, "ma_svare": ut["ma_svare"], "besvart": ut["besvart"],
            "mistet_plass": len(ut["mistet_plass"]), "unntak": len(ut["unntak"]), "personer": len(ut["unntak"])}  # fmt: skip


def _soknad_csv(ik: Inntakskjoring, ids: list[int]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["soknad_id", "fodselsnummer", "navn", "unntak_begrunnelse"])
    begrunnelse = dict(ik.svar.filter(soknad_id__in=ids).values_list("soknad_id", "unntak_begrunnelse"))
    for s in Soknad.objects.filter(pk__in=ids).select_related("person").order_by("person__etternavn", "pk"):
        w.writerow([s.pk, s.person.fodselsnummer, s.person.navn, begrunnelse.get(s.pk, "")])
    return buf.getvalue()


@jobbtype(
    "1I003",
    "Lag tilbudsbrev",
    tillatelse="inntak.change_inntakskjoring",  # letters and notices about a published round
    skjema=TilbudsbrevSkjema,
    omrade="Inntak",
    personopplysninger=True,
    beskrivelse="Lager tilbudsbrev (PDF) fra fylkets brevmal for alle som skal svare på runden, med kopi til "
    "foresatte for mindreårige: samlet PDF og én PDF per søker (ZIP). Varsler på e-post og SMS etter lagring.",
)
def lag_tilbudsbrev_jobb(ktx) -> dict:
    ik = _publisert(ktx)
    ut = brev.lag_tilbudsbrev(ik, lagre_fil=ktx.lagre_fil, fremdrift=ktx.fremdrift)
    services.hendelse(ik, "tilbudsbrev", f"{ut['brev']} tilbudsbrev til {ut['sokere']} søkere laget "
                      f"(kjøring {ktx.kjoring.pk}).", ktx.bruker)  # fmt: skip
    if ktx.parametere.get("varsle"):
        brev.send_varsler(ik, ut["soknad_ids"])
        ktx.logg(f"Varsel sendes til {ut['sokere']} søkere (og foresatte) etter lagring.")
    return {"inntakskjoring": ik.pk, "sokere": ut["sokere"], "brev": ut["brev"], "deler": ut["deler"],
            "personer": ut["sokere"]}  # fmt: skip
