"""The fagopplæring deliveries (docs/leveranser/fagopplaering.md): the monthly Fagopplæringsfil to Udir, ssbKontrakt
+ ssbAvlagteProver (contracts per 1 October, prøver of the previous SSB school year), UdirBedrift (approved
lærebedrifter per 1 October) and 5A105 «Eksport til VIGO Voksen» (prøver avlagt by adults).

All four layouts are closed: only positions C01–C03 of the contract, prøve and formidling files are public
(Registreringshåndboka tema C). The rest is our documented model on tema C and FINT ``Laerling``/``AvlagtProve``.

Job codes: the årshjul names no VIGO job for the Udir/SSB files (IST ran them centrally), so they get codes in the
intake deliveries' style (1L020–1L022); VIGO Voksen keeps the årshjul's own 5A105. The fagopplæring role runs them
(``fagopplaering.change_kontrakt``), not the intake role. No preconditions: the årshjul ties none of these to an
earlier routine (docs/leveranser/fagopplaering.md «Forutsetninger»).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from itertools import chain
from typing import Any

from django.db.models import Count, Exists, ExpressionWrapper, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from fagopplaering.nvb.kontroll import gyldig_orgnr
from fagopplaering.selectors.kontrakt import avbrudd_dekker
from fagopplaering.selectors.provestatistikk import START_MANED, ssb_skolear
from rapporter.leveranser.definisjon import Delfil, Felt, Filformat, Leveransedefinisjon, registrer
from rapporter.leveranser.inntak import kjonn
from vigo.fodselsnummer import feilmelding

CHUNK = 2000
F_, A_ = "FEIL", "ADVARSEL"
TILLATELSE = "fagopplaering.change_kontrakt"
LAYOUT = ("Dokumentert modell (formatet er lukket): bare posisjonene C01–C03 er offentlige (Registreringshåndboka "
          "tema C); resten er modellert på tema C og FINT Laerling/AvlagtProve.")  # fmt: skip
FORMIDLINGSMANEDER = range(7, 12)
"""The Fagopplæringsfil carries UdirFormidling in the files per 1 July–1 November (årshjulet; the last 1 November)."""
VOKSEN_ALDER = 25
"""Adult from the calendar year one turns 25 (voksenopplæring, docs/leveranser/fagopplaering.md «5A105»)."""
BREVTYPE = {"fag": "F", "svenne": "S", "kompetanse": "K", "praksisbrev": "B"}  # C22 / FINT Brevtype
# SSB's kandidattype for avlagte prøver (docs/fagopplaering/domene.md §10.2): lærling (L), lærekandidat (O),
# praksiskandidat incl. fagbrev på jobb (P), elev i fagopplæring i skole (E). Our model of a closed code list.
SSB_KANDIDAT = {"laerling": "L", "laerekandidat": "O", "praksisbrevkandidat": "O", "fagbrev_pa_jobb": "P",
                "praksiskandidat": "P", "elev": "E"}  # fmt: skip


def idag() -> datetime.date:
    """The extraction date (tests replace it to pick a month)."""
    return timezone.localdate()


def telledato_1_oktober(skolear) -> datetime.date:
    """C02 for ssbKontrakt and UdirBedrift: 1 October of the delivery's school year."""
    return datetime.date(skolear.startdato.year, START_MANED, 1)


def ddmmaaaa(dato: datetime.date) -> str:
    return dato.strftime("%d.%m.%Y")  # C02 is DD.MM.ÅÅÅÅ (Registreringshåndboka)


# --- Populations -----------------------------------------------------------------------------------------------
def godkjent_ikke_avsluttet_q(dato: datetime.date) -> Q:
    """Approved contracts (status godkjent or later avsluttet, so the count date stays right when run later) that
    had started by ``dato`` and had not ended before it. An approved contract without Godkjentdato (C14) is kept:
    the control makes it a FEIL instead of letting it vanish from the count."""
    ikke_avsluttet = Q(avsluttet_dato__isnull=True, avslutningskode__isnull=True) | Q(
        avsluttet_dato__gte=dato
    )
    return Q(status__in=("godkjent", "avsluttet"), laeretid_fra__lte=dato) & ikke_avsluttet


def ssb_lopende_q(dato: datetime.date, uttrekksdato: datetime.date) -> Q:
    """Løpende on ``dato`` as Udir counts it (``fagopplaering.selectors.kontrakt.lopende_q``: læretid fra ≤ dato ≤
    læretid til, no avbrudd covering the date, approved by the extraction date), except that a contract ended
    *after* the count date still counts: the file is made in December and carries the later «Avsl k»."""
    return (
        godkjent_ikke_avsluttet_q(dato)
        & Q(laeretid_til__gte=dato)
        & (Q(godkjent_dato__isnull=True) | Q(godkjent_dato__lte=uttrekksdato))
        & ~Q(Exists(avbrudd_dekker(dato)))
    )


KONTRAKT_VERDIER = (
    "pk", "fylke__nummer", "hjemfylke__nummer", "person__fylke__nummer", "person__fodselsnummer",
    "kontraktstype__kode", "kontraktstype__ssb_ftype", "programomrade__kode", "programomrade__niva",
    "bedrift__orgnr", "medlemsbedrift__orgnr", "laeretid_fra", "laeretid_til", "netto_laeretid_mnd",
    "netto_opplaeringstid_mnd", "status", "godkjent_dato", "avsluttet_dato", "avslutningskode__kode", "hevet_av__kode",
    "i_avbrudd",
)  # fmt: skip


def _kontrakter(fylke, filter_q: Q, dato: datetime.date) -> Iterator[dict[str, Any]]:
    from fagopplaering.models import Kontrakt

    qs = (
        Kontrakt.objects.filter(filter_q, fylke=fylke)
        .annotate(i_avbrudd=Exists(avbrudd_dekker(dato)))
        .order_by("pk")
        .values_list(*KONTRAKT_VERDIER)
    )
    for (pk, c01, hjem, pfylke, fnr, ktype, ftype, po, niva, orgnr, medlem, fra, til, mnd, omnd, status, godkjent,
         avsluttet, avsl, hevet, avbrudd) in qs.iterator(chunk_size=CHUNK):  # fmt: skip
        yield {
            "_post": f"kontrakt:{pk}", "_niva": niva, "_status": status, "_telledato": dato,
            "avgiverfylke": c01, "fodselsnummer": fnr, "telledato": ddmmaaaa(dato), "hjemstedsfylke": hjem or pfylke,
            "kontrakt_id": pk, "kjonn": kjonn(fnr), "kontraktstype": ktype, "ssb_ftype": ftype,
            "programomradekode": po, "orgnr": orgnr, "medlemsbedrift_orgnr": medlem or "", "laeretid_fra": fra,
            "laeretid_til": til, "netto_laeretid_mnd": mnd, "netto_opplaeringstid_mnd": omnd,
            "godkjent_dato": godkjent, "avsluttet_dato": avsluttet, "Avsl k": avsl or "", "hevet_av": hevet or "",
            "avbrudd": avbrudd,
        }  # fmt: skip


PROVE_VERDIER = (
    "pk", "fylke__nummer", "kontrakt__hjemfylke__nummer", "person__fylke__nummer", "person__fodselsnummer",
    "kandidattype", "provetype", "programomrade__kode", "programomrade__niva", "forsok_nr", "fra_dato", "til_dato",
    "resultat", "resultat_dato", "kontrakt_id", "kontrakt__bedrift__orgnr", "nemnd_id", "tilleggsprotokoll",
)  # fmt: skip


def _prover(qs, fom: datetime.date, tom: datetime.date, fil: str | None = None) -> Iterator[dict[str, Any]]:
    """Avlagte prøver (status «Resultat registrert») as rows; ``fom``/``tom`` are the period (C02 FOM/TOM)."""
    for (pk, c01, khjem, pfylke, fnr, ktype, ptype, po, niva, forsok, fra, til, res, rdato, kid, orgnr, nemnd,
         tillegg) in qs.order_by("resultat_dato", "pk").values_list(*PROVE_VERDIER).iterator(chunk_size=CHUNK):  # fmt: skip
        rad = {
            "_post": f"prove:{pk}", "_niva": niva, "_nemnd": nemnd, "_tilleggsprotokoll": bool(tillegg),
            "avgiverfylke": c01, "fodselsnummer": fnr, "telledato_fom": ddmmaaaa(fom), "telledato_tom": ddmmaaaa(tom),
            "hjemstedsfylke": khjem or pfylke, "prove_id": pk, "kjonn": kjonn(fnr), "kandidattype": ktype,
            "ssb_kandidattype": SSB_KANDIDAT.get(ktype, ""), "provetype": ptype, "brevtype": BREVTYPE.get(ptype, ""),
            "programomradekode": po, "forsok_nr": forsok, "prove_fra": fra, "prove_til": til, "resultat": res,
            "resultat_dato": rdato, "kontrakt_id": kid, "orgnr": orgnr or "",
        }  # fmt: skip
        if fil:
            rad["_fil"] = fil
        yield rad


def avlagte_prover(fylke, fom: datetime.date, tom: datetime.date):
    """Prøver counted as avlagt the way ``fagopplaering.selectors.provestatistikk`` counts them (status vurdert, by
    ``resultat_dato``; annulled, utsatt and trukket are not), for one county and a closed period."""
    from fagopplaering.models import Prove

    return Prove.objects.filter(
        fylke=fylke, status=Prove.Status.VURDERT, resultat_dato__gte=fom, resultat_dato__lte=tom
    )


def ssb_periode(dato: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The SSB school year (1 October–30 September) before the count date ``dato`` (1 October)."""
    start = ssb_skolear(dato - datetime.timedelta(days=1))
    return datetime.date(start, START_MANED, 1), datetime.date(
        start + 1, START_MANED, 1
    ) - datetime.timedelta(days=1)


def _formidlinger(fylke, skolear) -> Iterator[dict[str, Any]]:
    from fagopplaering.models import Formidling

    felt = ("pk", "person__fodselsnummer", "person__fylke__nummer", "programomrade__kode", "onskenr", "kandidattype",
            "ungdomsrett", "status", "statuskode", "status_dato", "bedrift__orgnr")  # fmt: skip
    qs = Formidling.objects.filter(fylke=fylke, skolear=skolear).order_by("pk").values_list(*felt)
    for pk, fnr, hjem, po, nr, ktype, rett, status, kode, dato, orgnr in qs.iterator(chunk_size=CHUNK):
        yield {
            "_post": f"formidling:{pk}", "_fil": "formidling",
            "fodselsnummer": fnr, "avgiverfylke": fylke.nummer, "hjemstedsfylke": hjem, "formidling_id": pk,
            "skolear": skolear.kode, "programomradekode": po, "onske_nr": nr, "kandidattype": ktype,
            "ungdomsrett": rett, "status": status, "statuskode": kode, "status_dato": dato, "orgnr": orgnr or "",
        }  # fmt: skip


# --- Controls --------------------------------------------------------------------------------------------------
def kontroll_person(rad):
    if "fodselsnummer" in rad and feilmelding(rad["fodselsnummer"] or ""):
        yield ("Ugyldig fødselsnummer", F_, "Personen har ikke et gyldig fødselsnummer (11 siffer, kontrollsiffer).")  # fmt: skip


def kontroll_laerefag(rad):
    if "_niva" not in rad:
        return
    if not rad.get("programomradekode"):
        yield ("Mangler lærefag", F_, "Posten har ikke noe lærefag (programområdekode).")
    elif rad["_niva"] in ("VG1", "VG2"):
        yield ("Mangler lærefag", F_, f"Programområdet {rad['programomradekode']} er ikke et lærefag (Vg1/Vg2).")  # fmt: skip


def kontroll_kontrakt(rad):
    if "kontrakt_id" not in rad or "_status" not in rad:
        return
    if rad["_status"] == "godkjent" and rad["godkjent_dato"] is None:
        yield ("Godkjent uten dato", F_, "Kontrakten er godkjent, men mangler godkjent dato (C14).")
    if rad["orgnr"] and not gyldig_orgnr(rad["orgnr"]):
        yield ("Ugyldig organisasjonsnummer", F_, f"Lærebedriften har ugyldig organisasjonsnummer ({rad['orgnr']}).")  # fmt: skip
    if rad["avsluttet_dato"] is None and rad["laeretid_til"] and rad["laeretid_til"] < rad["_telledato"]:
        yield ("Læretiden er ute", A_, f"Læretiden sluttet {ddmmaaaa(rad['laeretid_til'])}, men kontrakten er ikke "
               "avsluttet (C10/C12).")  # fmt: skip
    if rad["avsluttet_dato"] is not None and not rad["Avsl k"]:
        yield ("Mangler avslutningskode", A_, "Kontrakten har avsluttet dato (C10), men ingen avslutningskode (C12).")  # fmt: skip


def kontroll_prove(rad):
    if "prove_id" not in rad:
        return
    if rad["_nemnd"] is None:
        yield ("Prøve uten nemnd", A_, "Prøven har resultat, men ingen prøvenemnd er registrert.")
    if not rad["resultat"]:
        yield ("Prøve uten resultat", F_, "Prøven står som avlagt, men mangler resultat (C26).")
    elif rad["resultat"] == "IB" and not rad["_tilleggsprotokoll"]:
        yield ("Ikke bestått uten tilleggsprotokoll", A_, "Ikke bestått krever tilleggsprotokoll med begrunnelse.")  # fmt: skip


def kontroll_bedrift(rad):
    if "godkjenning_id" not in rad:
        return
    if not gyldig_orgnr(rad["orgnr"] or ""):
        yield ("Ugyldig organisasjonsnummer", F_, f"Bedriften har ugyldig organisasjonsnummer ({rad['orgnr']}).")  # fmt: skip
    if rad["_slettet"] or rad["_konkurs"]:
        yield ("Bedriften er slettet eller konkurs", A_, "Enhetsregisteret sier at bedriften er slettet, konkurs "
               "eller under avvikling; vurder å trekke godkjenningen.")  # fmt: skip
    if not rad["kommunenummer"]:
        yield ("Mangler kommune", A_, "Bedriften har ingen kommune, så fylket kan ikke avledes.")


# --- Fields ----------------------------------------------------------------------------------------------------
C01 = Felt(
    "avgiverfylke", "fagopplaering.Kontrakt.fylke / Prove.fylke", "Avgiverfylke (kontraktseier)", "C01"
)
FNR = Felt("fodselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer (posisjon 2 er vår modell)", "A01")
C03 = Felt(
    "hjemstedsfylke", "fagopplaering.Kontrakt.hjemfylke, ellers vigo.Person.fylke", "Hjemstedsfylke", "C03"
)
PO = Felt("programomradekode", "kodeverk.Programomrade.kode", "Lærefag (programområdekode)", "A03")
KJONN = Felt("kjonn", "utledet av fødselsnummeret", "Kjønn (M/K)")
ORGNR = Felt("orgnr", "fagopplaering.Bedrift.orgnr", "Lærebedriftens organisasjonsnummer", "C04")

KONTRAKTFELT = (
    C01, FNR, Felt("telledato", "telledatoen", "Telledato DD.MM.ÅÅÅÅ", "C02"), C03,
    Felt("kontrakt_id", "fagopplaering.Kontrakt.id", "Intern kontrakts-id (stabil nøkkel)"), KJONN,
    Felt("kontraktstype", "fagopplaering.Kontraktstype.kode", "Kontraktstype", "C13"),
    Felt("ssb_ftype", "fagopplaering.Kontraktstype.ssb_ftype", "SSB-type (E/L/O)"), PO, ORGNR,
    Felt("medlemsbedrift_orgnr", "fagopplaering.Kontrakt.medlemsbedrift", "Medlemsbedriftens organisasjonsnummer"),
    Felt("laeretid_fra", "fagopplaering.Kontrakt.laeretid_fra", "Læretid fra", "C05", format="ÅÅÅÅMMDD"),
    Felt("laeretid_til", "fagopplaering.Kontrakt.laeretid_til", "Læretid til", "C06", format="ÅÅÅÅMMDD"),
    Felt("netto_laeretid_mnd", "fagopplaering.Kontrakt.netto_laeretid_mnd", "Netto læretid (måneder)", "C16"),
    Felt("netto_opplaeringstid_mnd", "fagopplaering.Kontrakt.netto_opplaeringstid_mnd", "Netto opplæringstid", "C18"),
    Felt("godkjent_dato", "fagopplaering.Kontrakt.godkjent_dato", "Godkjent dato", "C14", format="ÅÅÅÅMMDD"),
    Felt("avsluttet_dato", "fagopplaering.Kontrakt.avsluttet_dato", "Kontrakt avsluttet dato", "C10",
         format="ÅÅÅÅMMDD"),
    Felt("Avsl k", "fagopplaering.Kontrakt.avslutningskode", "Avslutningskode («Avsl k»)", "C12"),
    Felt("hevet_av", "fagopplaering.Kontrakt.hevet_av", "Hevet av", "C11"),
    Felt("avbrudd", "fagopplaering.Avbrudd", "I avbrudd på telledatoen (J/N)", "C07–C08"),
)  # fmt: skip
PROVEFELT = (
    C01, FNR, Felt("telledato_fom", "perioden", "Periode fra DD.MM.ÅÅÅÅ", "C02"),
    Felt("telledato_tom", "perioden", "Periode til DD.MM.ÅÅÅÅ", "C02"), C03,
    Felt("prove_id", "fagopplaering.Prove.id", "Intern prøve-id (stabil nøkkel)"), KJONN,
    Felt("kandidattype", "fagopplaering.Prove.kandidattype", "Kandidattype"),
    Felt("ssb_kandidattype", "utledet av kandidattypen", "SSBs kandidattype (L/O/P/E)"),
    Felt("provetype", "fagopplaering.Prove.provetype", "Prøvetype"),
    Felt("brevtype", "utledet av prøvetypen", "Brevtype (F/S/K/B)", "C22"), PO,
    Felt("forsok_nr", "fagopplaering.Prove.forsok_nr", "Forsøk nr."),
    Felt("prove_fra", "fagopplaering.Prove.fra_dato", "Prøven starter", format="ÅÅÅÅMMDD"),
    Felt("prove_til", "fagopplaering.Prove.til_dato", "Prøven slutter", format="ÅÅÅÅMMDD"),
    Felt("resultat", "fagopplaering.Prove.resultat", "Resultat (BM/B/IB)", "C26"),
    Felt("resultat_dato", "fagopplaering.Prove.resultat_dato", "Resultatdato (prøvedato)", format="ÅÅÅÅMMDD"),
    Felt("kontrakt_id", "fagopplaering.Prove.kontrakt", "Intern kontrakts-id (tom for praksiskandidat)"),
    Felt("orgnr", "fagopplaering.Kontrakt.bedrift", "Lærebedriftens organisasjonsnummer", "C04"),
)  # fmt: skip
FORMIDLINGSFELT = (
    Felt("fodselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer (posisjon A er vår modell)", "A01"),
    Felt("avgiverfylke", "fagopplaering.Formidling.fylke", "Avgiverfylke", "C01"),
    Felt("hjemstedsfylke", "vigo.Person.fylke", "Hjemstedsfylke", "C03"),
    Felt("formidling_id", "fagopplaering.Formidling.id", "Intern id (stabil nøkkel)"),
    Felt("skolear", "kodeverk.Skolear.kode", "Skoleår"), PO,
    Felt("onske_nr", "fagopplaering.Formidling.onskenr", "Ønske nr."),
    Felt("kandidattype", "fagopplaering.Formidling.kandidattype", "Kandidattype"),
    Felt("ungdomsrett", "fagopplaering.Formidling.ungdomsrett", "Ungdomsrett (J/N)"),
    Felt("status", "fagopplaering.Formidling.status", "Status i formidlingen"),
    Felt("statuskode", "fagopplaering.Formidling.statuskode", "Statuskode (Udir)"),
    Felt("status_dato", "fagopplaering.Formidling.status_dato", "Statusdato", format="ÅÅÅÅMMDD"),
    Felt("orgnr", "fagopplaering.Formidling.bedrift", "Bedrift med tilbud (organisasjonsnummer)", "C04"),
)  # fmt: skip
FELLES_KONTROLLER = (kontroll_person, kontroll_laerefag, kontroll_kontrakt, kontroll_prove)


# --- 1L020 Fagopplæringsfil ------------------------------------------------------------------------------------
def fagopplaeringsfil_telledato() -> datetime.date:
    """The file is «pr 01. <måned>»: the first day of the month it is made in."""
    return idag().replace(day=1)


def _fagopplaeringsfil(fylke, skolear) -> Iterator[dict[str, Any]]:
    dato = fagopplaeringsfil_telledato()
    fom = datetime.date(ssb_skolear(dato - datetime.timedelta(days=1)), START_MANED, 1)
    tom = dato - datetime.timedelta(days=1)
    deler = [
        _kontrakter(fylke, godkjent_ikke_avsluttet_q(dato), dato),
        _prover(avlagte_prover(fylke, fom, tom), fom, tom, fil="prover"),
    ]
    if dato.month in FORMIDLINGSMANEDER:
        deler.append(_formidlinger(fylke, skolear))
    return chain(*deler)


FAGOPPLAERINGSFIL = registrer(
    Leveransedefinisjon(
        kode="1L020",
        navn="Fagopplæringsfil",
        mottaker="Utdanningsdirektoratet (med SSB)",
        populasjon="Per den 1. i måneden filen lages: kontrakter som er godkjent, har startet og ikke er avsluttet "
        "før telledatoen (også de med læretiden ute eller i avbrudd, merket); prøver avlagt fra 1. oktober "
        "til og med dagen før telledatoen; i filene per 1. juli–1. november også formidlingen for skoleåret.",
        felt=KONTRAKTFELT,
        kilde=_fagopplaeringsfil,
        delfiler=(
            Delfil("prover", "Prøver", PROVEFELT, "fagopplaering_prover_{fylke}_{dato}.csv"),
            Delfil(
                "formidling", "UdirFormidling", FORMIDLINGSFELT, "fagopplaering_formidling_{fylke}_{dato}.csv"
            ),
        ),
        format=Filformat.CSV,
        filnavn="fagopplaering_kontrakter_{fylke}_{dato}.csv",
        kontroller=FELLES_KONTROLLER,
        layout=LAYOUT,
        tillatelse=TILLATELSE,
        arshjul="Omkring den 1. hver måned: Fagopplæringsfil (formidling, kontrakter og prøver) til Udir; "
        "formidling juli–november, siste formidlingsfil 1. november",
        beskrivelse="Grunnlag for produksjonsdata om tilstanden i fagopplæringen.",
    )
)


# --- 1L021 ssbKontrakt + ssbAvlagteProver ----------------------------------------------------------------------
def _ssb(fylke, skolear) -> Iterator[dict[str, Any]]:
    dato = telledato_1_oktober(skolear)
    fom, tom = ssb_periode(dato)
    return chain(
        _kontrakter(fylke, ssb_lopende_q(dato, idag()), dato),
        _prover(avlagte_prover(fylke, fom, tom), fom, tom, fil="ssbAvlagteProver"),
    )


SSB_KONTRAKT = registrer(
    Leveransedefinisjon(
        kode="1L021",
        navn="ssbKontrakt og ssbAvlagteProver",
        mottaker="Utdanningsdirektoratet (med SSB)",
        populasjon="ssbKontrakt: kontrakter løpende 1. oktober i skoleåret (godkjent innen uttrekket, læretid fra "
        "≤ 1. oktober ≤ læretid til, ikke i avbrudd, ikke avsluttet før 1. oktober; avslutningskode satt senere "
        "står i «Avsl k»). ssbAvlagteProver: prøver avlagt i SSB-skoleåret før (1. oktober–30. september), "
        "talt per prøve og kandidattype slik prøvestatistikken teller.",
        felt=KONTRAKTFELT,
        kilde=_ssb,
        delfiler=(
            Delfil(
                "ssbAvlagteProver",
                "ssbAvlagteProver",
                PROVEFELT,
                "ssbAvlagteProver_{fylke}_{skolear}_{dato}.csv",
            ),
        ),
        format=Filformat.CSV,
        filnavn="ssbKontrakt_{fylke}_{skolear}_{dato}.csv",
        kontroller=FELLES_KONTROLLER,
        layout=LAYOUT,
        tillatelse=TILLATELSE,
        arshjul="Begynnelsen av desember: ssbKontrakt og ssbAvlagteProver (1. levering) – kontrakter per 01.10 og "
        "avlagte prøver forrige skoleår; endelig levering midt i januar",
        beskrivelse="Kontrakter per 1. oktober og avlagte prøver forrige skoleår, grunnlag for SSBs statistikk og "
        "KOSTRA.",
    )
)


# --- 1L022 UdirBedrift -----------------------------------------------------------------------------------------
def _bedrifter(fylke, skolear) -> Iterator[dict[str, Any]]:
    from fagopplaering.models import Godkjenning, Kontrakt, Medlemskap

    dato = telledato_1_oktober(skolear)
    lopende = (
        Kontrakt.objects.filter(
            ssb_lopende_q(dato, idag()), fylke=fylke, programomrade=OuterRef("programomrade")
        )
        .filter(Q(bedrift=OuterRef("bedrift")) | Q(medlemsbedrift=OuterRef("bedrift")))
        .order_by()
        .values("fylke")
        .annotate(n=Count("pk"))
        .values("n")
    )
    kontor = (
        Medlemskap.objects.filter(medlem=OuterRef("bedrift"), fylke=fylke, fra__lte=dato)
        .filter(Q(til__isnull=True) | Q(til__gte=dato))
        .order_by("-fra")
        .values("opplaeringskontor__orgnr")[:1]
    )
    felt = ("pk", "bedrift__orgnr", "bedrift__navn", "bedrift__type", "bedrift__kommune__nummer",
            "bedrift__slettet_i_er", "bedrift__konkurs", "programomrade__kode", "programomrade__navn", "godkjent_fra",
            "begrenset", "kontor", "antall")  # fmt: skip
    qs = (
        Godkjenning.objects.filter(fylke=fylke, godkjent_fra__lte=dato)
        .filter(Q(godkjent_til__isnull=True) | Q(godkjent_til__gte=dato))
        .filter(Q(status=Godkjenning.Status.GODKJENT) | Q(trukket_dato__gt=dato))
        .annotate(kontor=Subquery(kontor), antall=Coalesce(Subquery(lopende), 0))
        .order_by("bedrift__orgnr", "programomrade__kode", "pk")
        .values_list(*felt)
    )
    for (pk, orgnr, navn, typ, kommune, slettet, konkurs, po, ponavn, fra, begrenset, ok,
         antall) in qs.iterator(chunk_size=CHUNK):  # fmt: skip
        yield {
            "_post": f"godkjenning:{pk}", "_slettet": slettet, "_konkurs": konkurs,
            "avgiverfylke": fylke.nummer, "telledato": ddmmaaaa(dato), "godkjenning_id": pk, "orgnr": orgnr,
            "bedriftsnavn": navn, "bedriftstype": typ, "kommunenummer": kommune or "",
            "opplaeringskontor_orgnr": ok or "", "programomradekode": po, "laerefag": ponavn, "godkjent_fra": fra,
            "begrenset": begrenset, "antall_lopende": antall,
        }  # fmt: skip


UDIR_BEDRIFT = registrer(
    Leveransedefinisjon(
        kode="1L022",
        navn="UdirBedrift",
        mottaker="Utdanningsdirektoratet",
        populasjon="Fylkets godkjenninger av lærebedrifter per lærefag som gjaldt 1. oktober i skoleåret (godkjent "
        "fra ≤ 1. oktober, ikke utløpt eller trukket før), med antall kontrakter som var løpende da.",
        felt=(
            Felt("avgiverfylke", "fagopplaering.Godkjenning.fylke", "Fylket som har godkjent", "C01"),
            Felt("telledato", "1. oktober", "Telledato DD.MM.ÅÅÅÅ", "C02"),
            Felt("godkjenning_id", "fagopplaering.Godkjenning.id", "Intern id (stabil nøkkel)"),
            ORGNR,
            Felt("bedriftsnavn", "fagopplaering.Bedrift.navn", "Bedriftens navn"),
            Felt(
                "bedriftstype",
                "fagopplaering.Bedrift.type",
                "Selvstendig, opplæringskontor eller opplæringsring",
            ),
            Felt("kommunenummer", "fagopplaering.Bedrift.kommune", "Kommunen bedriften ligger i"),
            Felt(
                "opplaeringskontor_orgnr",
                "fagopplaering.Medlemskap",
                "Opplæringskontoret bedriften er medlem av",
            ),
            PO,
            Felt("laerefag", "kodeverk.Programomrade.navn", "Lærefagets navn"),
            Felt("godkjent_fra", "fagopplaering.Godkjenning.godkjent_fra", "Godkjent fra", format="ÅÅÅÅMMDD"),
            Felt("begrenset", "fagopplaering.Godkjenning.begrenset", "Begrenset godkjenning (J/N)"),
            Felt("antall_lopende", "fagopplaering.Kontrakt", "Løpende kontrakter 1. oktober i faget"),
        ),  # fmt: skip
        kilde=_bedrifter,
        format=Filformat.CSV,
        filnavn="UdirBedrift_{fylke}_{skolear}_{dato}.csv",
        kontroller=(kontroll_bedrift,),
        personopplysninger=False,
        layout="Dokumentert modell (formatet er lukket): modellert på Registreringshåndboka tema C (C01, C02, C04) "
        "og FINT Virksomhet.",
        tillatelse=TILLATELSE,
        arshjul="2. oktober: Filen for godkjente lærebedrifter (UdirBedrift) per 1. oktober til Udir",
        beskrivelse="Godkjente lærebedrifter per 1. oktober, grunnlag for indikatorrapporten om samfunnskontrakten "
        "for flere læreplasser.",
    )
)


# --- 5A105 Eksport til VIGO Voksen -----------------------------------------------------------------------------
def voksen_q() -> Q:
    """Adult candidates: praksiskandidat or fagbrev på jobb, a contract signed without ungdomsrett, or a person
    who turned 25 by the prøve's calendar year. Needs the ``alder_ar`` annotation (``voksne_prover``)."""
    voksen_type = Q(kandidattype__in=("praksiskandidat", "fagbrev_pa_jobb"))
    return voksen_type | Q(kontrakt__ungdomsrett=False) | Q(alder_ar__gte=VOKSEN_ALDER)


def voksne_prover(fylke, skolear):
    alder = ExpressionWrapper(
        ExtractYear("resultat_dato") - ExtractYear("person__fodselsdato"), IntegerField()
    )
    return (
        avlagte_prover(fylke, skolear.startdato, skolear.sluttdato)
        .annotate(alder_ar=alder)
        .filter(voksen_q())
    )


def _voksen(fylke, skolear) -> Iterator[dict[str, Any]]:
    for rad in _prover(voksne_prover(fylke, skolear), skolear.startdato, skolear.sluttdato):
        rad["skolear"] = skolear.kode
        yield rad


VIGO_VOKSEN = registrer(
    Leveransedefinisjon(
        kode="5A105",
        navn="Eksport til VIGO Voksen",
        mottaker="VIGO Voksen (fylkets voksenopplæring)",
        populasjon="Prøver avlagt i skoleåret (resultatdato fra skoleårets start til slutt) av voksne kandidater: "
        "praksiskandidater og kandidater for fagbrev på jobb, kandidater med kontrakt uten ungdomsrett, og "
        "alle som fyller 25 år eller mer i året prøven ble avlagt.",
        felt=(Felt("skolear", "kodeverk.Skolear.kode", "Skoleåret prøvene gjelder"), *PROVEFELT),
        kilde=_voksen,
        format=Filformat.CSV,
        filnavn="vigo_voksen_prover_{fylke}_{skolear}_{dato}.csv",
        kontroller=FELLES_KONTROLLER,
        layout="Dokumentert modell (formatet er lukket): modellert på FINT AvlagtProve (prøvedato, prøvestatus, "
        "brevtype) og Registreringshåndboka tema C.",
        tillatelse=TILLATELSE,
        arshjul="9.–15. september: 5A105 Eksport til VIGO Voksen (avlagte prøver), anbefalt dato for å overføre "
        "data fra VIGO fag til VIGO Voksen",
        beskrivelse="Avlagte prøver for voksne kandidater, til VIGO Voksen før voksendataene importeres tilbake.",
    )
)
