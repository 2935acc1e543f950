"""The year's end of the intake: 5A014 «Slette søkerdata» (this module), 5A006 «Preutfylling»
(``inntak.elev.services.preutfylling``) and 8A011 «Ajourholdskontroll» (``inntak.elev.selectors.ajourhold``).

5A014 deletes the closing intake's working data for one county and school year, never the pupils: persons,
elevkurs, rett, OT and the register's history stay (docs/elev.md «Årsavslutning av inntaket»). Before it deletes
anything it checks its preconditions (the window, 5A001, the last 6A015 «ikke startet») and writes an archive of
what must be kept (forvaltningsloven, arkivlova) and a deletion log with counts, as job files. The deletion is one
transaction of set-based DELETE statements (``QuerySet._raw_delete``: one statement per table whatever the county's
size, no rows loaded); the uploaded files go after the commit, so a rollback keeps rows and files.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone

from inntak.models import (
    Behandlingsonske,
    Inntakshendelse,
    Inntakskjoring,
    Onske,
    Poeng,
    Poenggrense,
    Proveresultat,
    Saksbehandlingslogg,
    Soknad,
    SoknadDokument,
    Svar,
    Tildeling,
    Vedtak,
    VedtakDokument,
    Venteliste,
    Voksenplass,
)
from kodeverk.models import Fylke, Skolear
from vigo import jobber
from vigo.models import Kjoring, KjoringStatus

logger = logging.getLogger(__name__)

SLETTE_TILLATELSE = "inntak.delete_soknad"
PARAMETER_FRA = "inntak.sletting_fra"
PARAMETER_TIL = "inntak.sletting_til"
# Årshjul 2022-2023 (docs/elev.md): first 14 Nov, last 30 Nov of the year the school year starts.
STANDARD_FRA = (11, 14)
STANDARD_TIL = (11, 30)

KODE_OVERFORING = "5A001"
KODE_OT = "6A015"
OT_IKKE_STARTET = "ikke_startet"

# Predecessors whose job types are not part of the product yet (fagopplæring contracts, issue 15; the Udir
# formidling file, issue 17). The app that builds one registers its code with ``registrer_forutsetning``; until
# then the precondition is reported as not checked instead of blocking the deletion.
_SENERE: dict[str, dict] = {
    "kontrakt_fra_onske": {"navn": "Siste kontrakt opprettet fra ønske", "kode": "", "filter": {}},
    "formidlingsfil": {"navn": "Siste formidlingsfil til Udir", "kode": "", "filter": {}},
}


def registrer_forutsetning(nokkel: str, kode: str, **parameterfilter) -> None:
    """Let a later app name the job that must have run before 5A014 (e.g. ``registrer_forutsetning(
    "formidlingsfil", "7A001")``); ``parameterfilter`` narrows the run by its parameters."""
    _SENERE[nokkel] = {**_SENERE.get(nokkel, {"navn": nokkel}), "kode": kode, "filter": parameterfilter}


# Rows of later apps that point at a søknad or a wish but outlive them: a formidling goes on after the intake's data
# are deleted («Etter at inntaket er slettet må kontrakter opprettes direkte fra Kontrakt», årshjul 2022-2023). The
# app registers how to unlink its rows (``fn(fylke, skolear) -> rows changed``); 5A014 runs it in its transaction
# before the set-based deletes, which would otherwise break the foreign keys.
_FRAKOBLINGER: dict[type, Callable[[Fylke, Skolear], int]] = {}


def registrer_frakobling(modell: type, fn: Callable[[Fylke, Skolear], int]) -> None:
    _FRAKOBLINGER[modell] = fn


def frakoblede_modeller() -> set[type]:
    return set(_FRAKOBLINGER)


def idag() -> datetime.date:
    return timezone.localdate()


def _skolear(skolear: Skolear | str | int) -> Skolear:
    if isinstance(skolear, Skolear):
        return skolear
    if isinstance(skolear, int) or str(skolear).isdigit():
        return Skolear.objects.get(pk=int(skolear))
    return Skolear.objects.get(kode=skolear)


def _dato(d: datetime.date) -> str:
    return formats.date_format(d, "d.m.Y")


def sletteperiode(fylke: Fylke, skolear: Skolear) -> tuple[datetime.date, datetime.date]:
    """The county's window for 5A014 in the school year (system parameters, defaults 14–30 November)."""
    from vigo.parametere.selectors import parameter

    return parameter(fylke, skolear, PARAMETER_FRA), parameter(fylke, skolear, PARAMETER_TIL)


def har_kjort(kode: str, fylke: Fylke, skolear: Skolear, **parameterfilter) -> bool:
    """A successful run of ``kode`` for the county and school year: the run's ``skolear`` parameter names it (pk
    or code), or a run without that parameter ended inside the school year."""
    qs = Kjoring.objects.filter(kode=kode, fylke=fylke, status=KjoringStatus.FERDIG)
    for navn, verdi in parameterfilter.items():
        qs = qs.filter(**{f"parametere__{navn}": verdi})
    aret = (
        Q(parametere__skolear=skolear.pk)
        | Q(parametere__skolear=str(skolear.pk))
        | Q(parametere__skolear=skolear.kode)
        | (
            ~Q(parametere__has_key="skolear")
            & Q(avsluttet__date__gte=skolear.startdato, avsluttet__date__lte=skolear.sluttdato)
        )
    )
    return qs.filter(aret).exists()


@dataclass(frozen=True)
class Forutsetning:
    navn: str
    oppfylt: bool
    tekst: str
    kontrollert: bool = True


def forutsetninger(
    fylke: Fylke, skolear: Skolear | str, dag: datetime.date | None = None
) -> list[Forutsetning]:
    """Every precondition of 5A014 with whether it holds, in the order of the årshjul."""
    skolear = _skolear(skolear)
    dag = dag or idag()
    fra, til = sletteperiode(fylke, skolear)
    ut = [
        Forutsetning(
            "Tidsvindu",
            fra <= dag <= til,
            f"Søkerdata for {skolear.kode} kan slettes fra {_dato(fra)} til {_dato(til)} (systemparameterne "
            f"«{PARAMETER_FRA}» og «{PARAMETER_TIL}»); i dag er {_dato(dag)}.",
        ),
        Forutsetning(
            "5A001 Oppdater elev fra søker",
            har_kjort(KODE_OVERFORING, fylke, skolear),
            f"5A001 må ha kjørt ferdig for {skolear.kode}, så søkerne er overført til elevregisteret.",
        ),
        Forutsetning(
            "6A015 Utlasting til OT (ikke startet)",
            har_kjort(KODE_OT, fylke, skolear, utvalg=OT_IKKE_STARTET),
            f"Siste 6A015 med utvalget «ikke startet» må ha kjørt ferdig for {skolear.kode}; den trenger søkerne.",
        ),
    ]
    for s in _SENERE.values():
        if s["kode"] and jobber.finnes(s["kode"]):
            ut.append(
                Forutsetning(
                    f"{s['kode']} {s['navn']}",
                    har_kjort(s["kode"], fylke, skolear, **s["filter"]),
                    f"{s['navn']} ({s['kode']}) må ha kjørt ferdig for {skolear.kode}.",
                )
            )
        else:
            ut.append(
                Forutsetning(
                    s["navn"], True, "Ikke en del av produktet ennå; ikke kontrollert.", kontrollert=False
                )
            )
    return ut


def mangler(fylke: Fylke, skolear: Skolear | str, dag: datetime.date | None = None) -> list[Forutsetning]:
    return [f for f in forutsetninger(fylke, skolear, dag) if not f.oppfylt]


# --- What is deleted ----------------------------------------------------------------------------------------


def _historikk(modell):
    return modell.history.model


def _omfang(fylke: Fylke, skolear: Skolear) -> list[tuple[str, QuerySet]]:
    """The querysets to delete, leaves first (each one DELETE statement). Built before anything is deleted: the
    history filters use the historical søknad ids, which outlive the live rows."""
    s = Q(soknad__fylke=fylke, soknad__skolear=skolear)
    runder = Inntakskjoring.objects.filter(fylke=fylke, skolear=skolear)
    hist_soknad = _historikk(Soknad).objects.filter(fylke=fylke, skolear=skolear)
    hist_ids = hist_soknad.values("id")
    return [
        ("vedtaksdokumenter", VedtakDokument.objects.filter(vedtak__soknad__fylke=fylke, vedtak__soknad__skolear=skolear)),
        ("sokerdokumenter", SoknadDokument.objects.filter(s)),
        ("behandlingsonsker", Behandlingsonske.objects.filter(s)),
        ("vedtak", Vedtak.objects.filter(s)),
        ("onsker", Onske.objects.filter(s)),
        ("saksbehandlingslogg", Saksbehandlingslogg.objects.filter(s)),
        ("poeng", Poeng.objects.filter(s)),
        ("proveresultater", Proveresultat.objects.filter(s)),
        ("voksenplasser", Voksenplass.objects.filter(s)),
        ("svar", Svar.objects.filter(Q(inntakskjoring__in=runder) | s)),
        ("ventelister", Venteliste.objects.filter(Q(inntakskjoring__in=runder) | s)),
        ("tildelinger", Tildeling.objects.filter(Q(inntakskjoring__in=runder) | s)),
        ("poenggrenser", Poenggrense.objects.filter(inntakskjoring__in=runder)),
        ("inntakskjoringer", runder),
        ("soknader", Soknad.objects.filter(fylke=fylke, skolear=skolear)),
        # The intake's own history copies (simple_history) of the rows above: without them the deletion would
        # leave every søknad in the history tables. The register's history (elevkurs, rett, OT) is not touched.
        ("historikk_onsker", _historikk(Onske).objects.filter(soknad_id__in=hist_ids)),
        ("historikk_vedtak", _historikk(Vedtak).objects.filter(soknad_id__in=hist_ids)),
        ("historikk_sokerdokumenter", _historikk(SoknadDokument).objects.filter(soknad_id__in=hist_ids)),
        ("historikk_behandlingsonsker", _historikk(Behandlingsonske).objects.filter(soknad_id__in=hist_ids)),
        ("historikk_proveresultater", _historikk(Proveresultat).objects.filter(soknad_id__in=hist_ids)),
        ("historikk_voksenplasser", _historikk(Voksenplass).objects.filter(soknad_id__in=hist_ids)),
        ("historikk_soknader", hist_soknad),
    ]  # fmt: skip


def sokerdata_til_sletting(fylke: Fylke, skolear: Skolear | str) -> dict[str, int]:
    """Dry run of 5A014: how many rows of each kind it would delete (nothing is changed)."""
    skolear = _skolear(skolear)
    return {navn: qs.count() for navn, qs in _omfang(fylke, skolear)}


ETIKETTER = {
    "vedtaksdokumenter": "vedtaksdokumenter",
    "sokerdokumenter": "søkerdokumenter",
    "behandlingsonsker": "forespørsler om særskilt behandling",
    "vedtak": "vedtak",
    "onsker": "ønsker",
    "saksbehandlingslogg": "rader i saksbehandlingsloggen",
    "poeng": "poengberegninger",
    "proveresultater": "prøveresultater",
    "voksenplasser": "voksenplasser",
    "svar": "svar",
    "ventelister": "venteplasser",
    "tildelinger": "tildelinger",
    "poenggrenser": "poenggrenser",
    "inntakskjoringer": "inntakskjøringer",
    "soknader": "søknader",
}


def omfang_tekst(antall: dict[str, int]) -> str:
    """«3 søknader, 9 ønsker, …» (the history copies summed as one item)."""
    deler = [f"{n} {ETIKETTER[navn]}" for navn, n in antall.items() if n and navn in ETIKETTER]
    historikk = sum(n for navn, n in antall.items() if navn.startswith("historikk_"))
    if historikk:
        deler.append(f"{historikk} historikkrader")
    return ", ".join(deler) or "ingenting"


# --- The archive --------------------------------------------------------------------------------------------


def _personnavn(p: dict) -> str:
    return " ".join(x for x in (p["person__fornavn"], p["person__mellomnavn"], p["person__etternavn"]) if x)


def _saker(fylke: Fylke, skolear: Skolear) -> dict[int, dict]:
    """The full case of every søknad with a vedtak (fortrinn / individuell behandling): few per county."""
    saker: dict[int, dict] = {}
    for v in Vedtak.objects.filter(soknad__fylke=fylke, soknad__skolear=skolear).select_related(
        "fast_plass__skole", "fast_plass__programomrade", "fattet_av"
    ):
        saker[v.soknad_id] = {
            "vedtak": {
                "utfall": v.utfall,
                "fast_plass": None
                if v.fast_plass is None
                else {"skolenummer": v.fast_plass.skole.skolenummer, "skole": v.fast_plass.skole.navn,
                      "programomrade": v.fast_plass.programomrade.kode},
                "begrunnelse": v.begrunnelse,
                "hjemmel": v.hjemmel,
                "fattet": v.fattet,
                "fattet_av": v.fattet_av.get_username() if v.fattet_av else "",
                "dokumenter": [],
            },
            "behandlingsonsker": [],
            "sokerdokumenter": [],
            "saksbehandlingslogg": [],
            "_filer": [],
        }  # fmt: skip
    ids = list(saker)
    for d in VedtakDokument.objects.filter(vedtak__soknad_id__in=ids).select_related("vedtak"):
        sti = f"dokumenter/{d.vedtak.soknad_id}/vedtak_{d.pk}_{d.fil.name.rsplit('/', 1)[-1]}"
        saker[d.vedtak.soknad_id]["vedtak"]["dokumenter"].append(
            {"navn": d.navn, "lastet_opp": d.lastet_opp, "fil": sti}
        )
        saker[d.vedtak.soknad_id]["_filer"].append((d.fil, sti))
    for b in Behandlingsonske.objects.filter(soknad_id__in=ids):
        saker[b.soknad_id]["behandlingsonsker"].append(
            {"behandlingskategori": b.behandlingskategori_id, "beskrivelse": b.beskrivelse, "sendt": b.sendt,
             "status": b.status}
        )  # fmt: skip
    for d in SoknadDokument.objects.filter(soknad_id__in=ids):
        sti = f"dokumenter/{d.soknad_id}/soker_{d.pk}_{d.fil.name.rsplit('/', 1)[-1]}"
        saker[d.soknad_id]["sokerdokumenter"].append(
            {"navn": d.navn, "innholdstype": d.innholdstype, "sha256": d.sha256, "lastet_opp": d.lastet_opp,
             "fil": sti}
        )  # fmt: skip
        saker[d.soknad_id]["_filer"].append((d.fil, sti))
    for rad in Saksbehandlingslogg.objects.filter(soknad_id__in=ids).order_by("tidspunkt", "id"):
        saker[rad.soknad_id]["saksbehandlingslogg"].append(
            {"tidspunkt": rad.tidspunkt, "handling": rad.handling, "tekst": rad.tekst}
        )
    return saker


def _arkivrader(fylke: Fylke, skolear: Skolear):
    """One row per søknad with its final offer and answer (the latest published round), streamed."""
    siste = Tildeling.objects.filter(soknad=OuterRef("pk"), inntakskjoring__publisert=True).order_by(
        "-inntakskjoring__runde"
    )
    svar = Svar.objects.filter(soknad=OuterRef("pk"), inntakskjoring__publisert=True).order_by(
        "-inntakskjoring__runde"
    )
    return (
        Soknad.objects.filter(fylke=fylke, skolear=skolear)
        .annotate(
            t_runde=Subquery(siste.values("inntakskjoring__runde")[:1]),
            t_skolenr=Subquery(siste.values("tilbud__skole__skolenummer")[:1]),
            t_skole=Subquery(siste.values("tilbud__skole__navn")[:1]),
            t_po=Subquery(siste.values("tilbud__programomrade__kode")[:1]),
            t_onske=Subquery(siste.values("onske_nr")[:1]),
            t_fast=Subquery(siste.values("fast_plass")[:1]),
            s_runde=Subquery(svar.values("inntakskjoring__runde")[:1]),
            s_svar=Subquery(svar.values("svar")[:1]),
            s_besvart=Subquery(svar.values("besvart")[:1]),
        )
        .order_by("pk")
        .values(
            "pk",
            "person_id",
            "person__fodselsnummer",
            "person__fornavn",
            "person__mellomnavn",
            "person__etternavn",
            "person__fodselsdato",
            "niva",
            "rettstatus",
            "sokergruppe",
            "inntakstype",
            "behandlingskategori_id",
            "status",
            "registrert",
            "t_runde",
            "t_skolenr",
            "t_skole",
            "t_po",
            "t_onske",
            "t_fast",
            "s_runde",
            "s_svar",
            "s_besvart",
        )  # fmt: skip
        .iterator(chunk_size=2000)
    )


def skriv_arkiv(fylke: Fylke, skolear: Skolear, fremdrift=None) -> tuple[io.IOBase, int]:
    """The archive as a ZIP (``arkiv.jsonl``: one JSON object per søknad; ``dokumenter/``: the files of the vedtak
    cases) in a temporary file. Returns (file at position 0, number of søknader)."""
    saker = _saker(fylke, skolear)
    fil = tempfile.SpooledTemporaryFile(max_size=50 * 1024 * 1024)
    antall = 0
    with zipfile.ZipFile(fil, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("arkiv.jsonl", "w") as ut:
            for r in _arkivrader(fylke, skolear):
                sak = saker.get(r["pk"], {})
                rad = {
                    "soknad_id": r["pk"],
                    "person_id": r["person_id"],
                    "fodselsnummer": r["person__fodselsnummer"],
                    "navn": _personnavn(r),
                    "fodselsdato": r["person__fodselsdato"],
                    "fylke": fylke.nummer,
                    "skolear": skolear.kode,
                    "niva": r["niva"],
                    "rettstatus": r["rettstatus"],
                    "sokergruppe": r["sokergruppe"],
                    "inntakstype": r["inntakstype"],
                    "behandlingskategori": r["behandlingskategori_id"],
                    "status": r["status"],
                    "registrert": r["registrert"],
                    "endelig_tilbud": None
                    if r["t_runde"] is None
                    else {"runde": r["t_runde"], "skolenummer": r["t_skolenr"], "skole": r["t_skole"],
                          "programomrade": r["t_po"], "onske_nr": r["t_onske"], "fast_plass": r["t_fast"]},
                    "svar": None
                    if r["s_runde"] is None
                    else {"runde": r["s_runde"], "svar": r["s_svar"], "besvart": r["s_besvart"]},
                    **{k: v for k, v in sak.items() if not k.startswith("_")},
                }  # fmt: skip
                ut.write((json.dumps(rad, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n").encode("utf-8"))
                antall += 1
                if fremdrift and antall % 2000 == 0:
                    fremdrift(antall)
        for sak in saker.values():
            for felt, sti in sak["_filer"]:
                try:
                    with felt.storage.open(felt.name, "rb") as kilde:
                        zf.writestr(sti, kilde.read())
                except OSError:
                    # Archived as listed but missing on disk: the log says so (an operator must find it).
                    logger.warning("Dokument mangler på disk ved arkivering", extra={"fil": sti})
                    zf.writestr(sti + ".MANGLER.txt", "Filen fantes ikke på disk da søkerdata ble slettet.\n")
        zf.writestr(
            "LESMEG.txt",
            f"Arkiv av søkerdata for fylke {fylke.nummer} {fylke.navn}, skoleår {skolear.kode}, laget av 5A014 "
            f"{timezone.now():%d.%m.%Y %H:%M}.\nSe docs/elev.md «Årsavslutning av inntaket» for hva som er med "
            "og hvorfor.\n",
        )
    fil.seek(0)
    return fil, antall


# --- 5A014 --------------------------------------------------------------------------------------------------


def _kontekst(kjoring):
    if kjoring is None or hasattr(kjoring, "lagre_fil"):
        return kjoring
    from vigo.jobber.kontekst import Kontekst

    return Kontekst(kjoring)


def krev_tilgang(bruker, fylke: Fylke, tillatelse: str, handling: str) -> None:
    """``bruker=None`` is the system (a job without a user); everyone else needs the permission and the county."""
    if bruker is None:
        return
    if not bruker.has_perm(tillatelse):
        raise PermissionDenied(f"Du har ikke tilgang til å {handling}.")
    from vigo.scoping import krev_fylke

    krev_fylke(bruker, fylke.pk)


def slett_sokerdata(
    bruker, *, fylke: Fylke, skolear: Skolear | str, kjoring=None, bekreft: bool = False, dag=None
) -> dict:
    """5A014: archive, then delete the intake's working data for ``fylke`` and ``skolear`` in one transaction.

    Raises ``PermissionDenied`` without ``inntak.delete_soknad``; ``ValidationError`` (nothing deleted) without
    ``bekreft=True`` or when a precondition is not met, naming every one. Idempotent: a second run deletes 0.
    ``kjoring`` (a run or its ``Kontekst``) gets progress and the two files; without it the archive and the log
    are returned as ``arkiv`` (bytes) and ``slettelogg`` (str)."""
    krev_tilgang(bruker, fylke, SLETTE_TILLATELSE, "slette søkerdata")
    skolear = _skolear(skolear)
    ktx = _kontekst(kjoring)
    if not bekreft:
        raise ValidationError(
            f"Sletting av søkerdata for {fylke.navn} {skolear.kode} må bekreftes. Den vil slette: "
            f"{omfang_tekst(sokerdata_til_sletting(fylke, skolear))}."
        )
    uoppfylt = mangler(fylke, skolear, dag)
    if uoppfylt:
        raise ValidationError(
            ["Søkerdata kan ikke slettes ennå. Forutsetninger som ikke er oppfylt:"]
            + [f"{f.navn}: {f.tekst}" for f in uoppfylt]
        )
    ikke_kontrollert = [f.navn for f in forutsetninger(fylke, skolear, dag) if not f.kontrollert]

    def fremdrift(i, n=None, tekst=None):
        if ktx is not None:
            ktx.fremdrift(i, n, tekst, tving=True)

    fremdrift(0, 3, "Arkiverer søknader, vedtak, endelig tilbud og svar")
    arkiv, antall_arkivert = skriv_arkiv(fylke, skolear)
    arkivnavn = f"arkiv_sokerdata_{fylke.nummer}_{skolear.kode}.zip"
    if ktx is not None:
        ktx.lagre_fil(arkivnavn, arkiv, "application/zip", personopplysninger=True)
    fremdrift(1, 3, "Sletter søkerdata")
    filer: list[tuple] = []
    with transaction.atomic():
        for felt_eier in (VedtakDokument.objects.filter(vedtak__soknad__fylke=fylke, vedtak__soknad__skolear=skolear),
                          SoknadDokument.objects.filter(soknad__fylke=fylke, soknad__skolear=skolear)):  # fmt: skip
            lagring = felt_eier.model._meta.get_field("fil").storage
            filer += [(lagring, navn) for navn in felt_eier.values_list("fil", flat=True).iterator() if navn]
        for frakoble in _FRAKOBLINGER.values():
            frakoble(fylke, skolear)
        omfang = _omfang(fylke, skolear)
        slettet: dict[str, int] = {}
        for navn, qs in omfang:
            if navn == "inntakskjoringer":
                Inntakshendelse.objects.filter(inntakskjoring__in=qs).update(inntakskjoring=None)
                Inntakskjoring.objects.filter(seed_fra__in=qs).exclude(pk__in=qs).update(seed_fra=None)
            slettet[navn] = qs._raw_delete(qs.db)
        totalt = sum(slettet.values())
        Inntakshendelse.objects.create(
            fylke=fylke,
            kjoring_tekst=f"5A014 {skolear.kode}",
            bruker=bruker if getattr(bruker, "is_authenticated", False) else None,
            handling="sokerdata_slettet",
            tekst=f"Søkerdata for {skolear.kode} slettet: {omfang_tekst(slettet)}. {antall_arkivert} søknader arkivert.",
        )

        def slett_filer() -> None:
            for lagring, navn in filer:
                try:
                    lagring.delete(navn)
                except OSError:
                    logger.warning("Kunne ikke slette søkerfil etter 5A014", extra={"fylke_id": fylke.pk})

        transaction.on_commit(slett_filer)
    fremdrift(2, 3, "Skriver sletteloggen")
    logg = io.StringIO()
    logg.write("tabell;antall_slettet\n")
    for navn, n in slettet.items():
        logg.write(f"{navn};{n}\n")
    logg.write(f"filer;{len(filer)}\n")
    logg.write(f"arkiverte_soknader;{antall_arkivert}\n")
    if ktx is not None:
        ktx.lagre_fil(f"slettelogg_{fylke.nummer}_{skolear.kode}.csv", logg.getvalue(), "text/csv; charset=utf-8",
                      personopplysninger=False)  # fmt: skip
    fremdrift(3, 3, "Ferdig")
    logger.info("5A014 slettet søkerdata", extra={"fylke_id": fylke.pk, "antall": totalt})
    resultat = {
        "skolear": skolear.kode,
        "arkivert": antall_arkivert,
        "slettet_totalt": totalt,
        "slettet": slettet,
        "filer_slettet": len(filer),
        "ikke_kontrollert": ikke_kontrollert,
    }
    if ktx is None:
        arkiv.seek(0)
        resultat["arkiv"] = arkiv.read()
        resultat["slettelogg"] = logg.getvalue()
    return resultat
