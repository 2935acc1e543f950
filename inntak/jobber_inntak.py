"""Job types of the intake run (registered in InntakConfig.ready): 1I001 Kjør inntak, 1I002 Behandle svarfrist,
1I003 Lag tilbudsbrev. Thin: parameters in, one service call, files and log lines out."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError

from inntak.kjoring import brev, services, svar
from inntak.kjoring.skjema import KjorInntakSkjema, SvarfristSkjema, TilbudsbrevSkjema, les_kapasitet
from inntak.models import Inntakskjoring, Soknad
from kodeverk.models import Skolear
from vigo.jobber import jobbtype


def _finn_publisert(fylke, p) -> Inntakskjoring:
    ik = (
        Inntakskjoring.objects.filter(
            fylke=fylke, skolear_id=p["skolear"], niva=p["niva"], runde=p["runde"], publisert=True
        )  # fmt: skip
        .select_related("fylke", "skolear")
        .defer("snapshot", "resultat")
        .first()
    )
    if ik is None:
        raise ValidationError(f"Runde {p['runde']} for {p['niva']} er ikke publisert.")
    return ik


def _publisert(ktx) -> Inntakskjoring:
    return _finn_publisert(ktx.fylke, ktx.parametere)


@jobbtype(
    "1I001",
    "Kjør inntak",
    tillatelse="inntak.add_inntakskjoring",
    # Prøveinntak unticked computes the real round (ready to publish): the same right as publishing.
    publiserer=lambda p: not p.get("simulering"),
    publiser_tillatelse="inntak.change_inntakskjoring",
    skjema=KjorInntakSkjema,
    startside="inntak:ik_ny",
    resultat_tekst={
        "inntakskjoring": ("Inntakskjøring", "url:inntak:ik_detalj"),
        "sokere": "Søkere",
        "tildelt": "Fikk plass",
        "onske1": "Fikk førsteønsket",
        "uten_plass": "Uten plass",
        "brudd": "Brudd i verifiseringen",
        "klar_til_publisering": ("Klar til publisering", "ja_nei"),
        "publisert": ("Publisert", "ja_nei"),
        "seed": "Loddtrekningsnummer",
    },
    forhandssjekk=lambda fylke, p: services.sjekk_runde(
        fylke,
        Skolear.objects.get(pk=p["skolear"]),
        p["niva"],
        int(p["runde"]),
        bool(p.get("simulering")),
        p.get("overstyring") or "",
    ),
    omrade="Inntak",
    personopplysninger=True,
    beskrivelse="Kjører inntaket for fylket, skoleåret, nivået og runden: leser grunnlaget fra databasen, "
    "tildeler plasser (ønskerekkefølge, prioritetsgruppe, poeng, loddtrekning), lager ventelister og "
    "poenggrenser og verifiserer resultatet uavhengig. Prøveinntak publiseres aldri; en ordinær kjøring blir "
    "klar til publisering, og publiseres i et eget, bekreftet steg på kjøringssiden.",
)
def kjor_inntak_jobb(ktx) -> dict:
    p = ktx.parametere
    skolear = Skolear.objects.get(pk=p["skolear"])
    simulering = bool(p.get("simulering"))
    seed_fra = None
    if p.get("loddtrekning") == "kjoring" and p.get("seed_fra"):
        seed_fra = Inntakskjoring.objects.defer("snapshot", "resultat").filter(
            pk=p["seed_fra"], fylke=ktx.fylke).first()  # fmt: skip
        if seed_fra is None:
            raise ValidationError(f"Fant ikke kjøring nr. {p['seed_fra']} i {ktx.fylke.navn}.")
    ik = services.kjor_inntak(
        fylke=ktx.fylke, skolear=skolear, niva=p["niva"], runde=int(p["runde"]), simulering=simulering,
        kapasitet=les_kapasitet(p.get("kapasitet") or ""), navn=p.get("navn") or "", kjoring=ktx.kjoring,
        bruker=ktx.bruker, fremdrift=ktx.fremdrift, seed_fra=seed_fra, ny_loddtrekning=p.get("loddtrekning") == "ny",
        overstyring=p.get("overstyring") or "",
    )  # fmt: skip
    for advarsel in ik.advarsler:
        ktx.logg(advarsel, "advarsel")
    for brudd in ik.verifisering[:50]:
        ktx.logg(f"Verifisering: {brudd}", "feil")
    lodd = f"samme loddtrekning som kjøring nr. {ik.seed_fra_id}" if ik.seed_fra_id else "ny loddtrekning"
    ktx.logg(f"{ik.antall_sokere} søkere, {ik.antall_tildelt} tildelt, {ik.antall_uten_plass} uten plass, "
             f"{lodd}.")  # fmt: skip
    if not simulering:
        ktx.logg(f"Runde {ik.runde} er klar til publisering: publiser den fra kjøringssiden." if ik.verifisert
                 else "Kjøringen har brudd og kan ikke publiseres.")  # fmt: skip
    return {
        "inntakskjoring": ik.pk, "sokere": ik.antall_sokere, "tildelt": ik.antall_tildelt,
        "onske1": ik.antall_onske1, "uten_plass": ik.antall_uten_plass, "brudd": len(ik.verifisering),
        "klar_til_publisering": ik.kan_publiseres,
    }  # fmt: skip


def _sjekk_svarfrist(fylke, p) -> None:
    ik = _finn_publisert(fylke, p)
    svar.sjekk_fristen_passert(ik)
    if ik.svarfrist_behandlet is not None:
        raise ValidationError(f"Svarfristen i runde {ik.runde} er allerede behandlet.")


@jobbtype(
    "1I002",
    "Behandle svarfrist",
    tillatelse="inntak.change_inntakskjoring",  # acts on a published round: applicants lose their place
    skjema=SvarfristSkjema,
    resultat_tekst={
        "inntakskjoring": ("Inntakskjøring", "url:inntak:ik_detalj"),
        "ma_svare": "Skulle svare",
        "besvart": "Svarte innen fristen",
        "mistet_plass": "Mistet plassen",
        "unntak": "Fikk unntak fra svarfristen",
        "personer": None,
    },
    forhandssjekk=_sjekk_svarfrist,
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
    resultat_tekst={
        "inntakskjoring": ("Inntakskjøring", "url:inntak:ik_detalj"),
        "sokere": "Søkere",
        "brev": "Tilbudsbrev (med kopi til foresatte)",
        "deler": None,
        "personer": None,
    },
    omrade="Inntak",
    personopplysninger=True,
    beskrivelse="Lager tilbudsbrev (PDF) fra fylkets dokumentmal «Tilbudsbrev» for alle som skal svare på runden, med kopi til "
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
