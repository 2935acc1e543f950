"""Fagopplæring in the demo county (``vigo.demodata.registrer_steg``; step ``lag_fagopplaering_demodata``).

What a new user finds (docs/fagopplaering/README.md «Demodata»):

* the companies of the synthetic Enhetsregisteret file ``fagopplaering/data/enhetsregisteret_demo.jsonl`` (a few
  hundred units in Trøndelag and Oslo, about 15 opplæringskontor); without the file, a few generated companies;
* approvals in the demo county for about ten lærefag found in the kodeverk (lærefag picked by the company's
  bransje/NACE), each with a faglig leder, some with an instruktør, one withdrawn, some begrenset;
* opplæringskontor with approved medlemsbedrifter;
* running contracts (some through an office with a medlemsbedrift, some lærekandidater, some awaiting approval,
  some with avbrudd, two with an open avbrudd) and ended contracts with avslutningskode (prøve, heving, oppsigelse,
  læretid utløpt);
* applicants for læreplass in the coming school year at every step of formidling (søkt, formidlet, intervju,
  tilbud, takket ja, kontrakt opprettet, takket nei), and a few Vg3 søknader with a wish on a lærefag, fetched into
  the formidling list as job 5A110 does.

Companies, approvals, faglige ledere and memberships are bulk-written (a few hundred rows each, with history rows
and one audit row per approval/membership; the company register's services would look every company up in
Enhetsregisteret one by one). Contracts and formidlinger go through the services (``fagopplaering.services.kontrakt``
and ``.formidling``, ``bruker=None`` = system), so læretid til, the timelines and the state machines are exactly what
the caseworker would get. Runs once: a county that already has approvals is left alone.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum.no import orgnr as stdnum_orgnr

from fagopplaering.models import (
    Avbrudd,
    Bedrift,
    Bedriftstype,
    Formidling,
    Godkjenning,
    Hendelse,
    Hendelsestype,
    Kandidattype,
    Kontrakt,
    Medlemskap,
    Opplaeringsansvarlig,
)
from fagopplaering.regler.datoer import legg_til_maneder
from kodeverk.models import Fylke, Kommune, Programomrade, Skolear
from kodeverk.skolear import neste_inntaksar
from vigo.demodata import ETTERNAVN, FORNAVN
from vigo.models import Person

ER_FIL = Path(__file__).resolve().parent / "data" / "enhetsregisteret_demo.jsonl"

ANTALL_LOPENDE = 120
ANTALL_AVSLUTTET = 40
ANTALL_FORMIDLING = 100
ANTALL_LAER_ONSKER = 8
MAKS_LAEREFAG = 10
NETTO_MND = 24

# NACE prefix → the start of a lærefag's name in the kodeverk (the first match that exists is used).
NACE_FAG: list[tuple[str, tuple[str, ...]]] = [
    # The ten first that exist in the kodeverk are used (MAKS_LAEREFAG): the large lærefag first.
    ("43.21", ("Elektrikerfaget", "Elektriker")),
    ("88.91", ("Barne- og ungdomsarbeider",)),
    ("87", ("Helsearbeiderfaget", "Helsearbeider")),
    ("88.1", ("Helsearbeiderfaget", "Helsearbeider")),
    ("56", ("Kokkfaget", "Kokk")),
    ("41", ("Tømrerfaget", "Tømrer")),
    ("43.32", ("Tømrerfaget", "Tømrer")),
    ("45.2", ("Bilfaget, lette", "Bilfaget", "Bilskade")),
    ("43.22", ("Rørleggerfaget", "Rørlegger", "Ventilasjons")),
    ("96.02", ("Frisørfaget", "Frisør")),
    ("25", ("Industrimekanikerfaget", "Industrimekaniker", "Sveisefaget")),
    ("03", ("Akvakulturfaget", "Akvakultur")),
    ("10.2", ("Sjømatproduksjonsfaget", "Fiskeindustri", "Sjømat")),
    ("33", ("Automatiseringsfaget", "Automatisering")),
    ("43.34", ("Malerfaget", "Maler")),
    ("10.71", ("Bakerfaget", "Baker")),
    ("43.12", ("Anleggsmaskinførerfaget", "Anleggsmaskin")),
    ("42", ("Anleggsmaskinførerfaget", "Anleggsmaskin", "Veg")),
    ("45.1", ("Salgsfaget", "Bilfaget")),
    ("43.91", ("Taktekkerfaget", "Taktekker")),
    ("49.4", ("Yrkessjåførfaget", "Yrkessjåfør")),
    ("62", ("IT-utviklerfaget", "Dataelektroniker", "IT")),
    ("01", ("Landbruksfaget", "Landbruk")),
    ("47", ("Salgsfaget", "Blomsterdekorat")),
]
# An office's name → the NACE groups of its lærefag (a regional office takes any).
KONTOR_FAG: list[tuple[str, tuple[str, ...]]] = [
    ("ELEKTRO", ("43.21", "33")),
    ("BYGG", ("41", "43.32", "43.34", "43.22", "43.91", "43.12")),
    ("BIL", ("45.2", "45.1")),
    ("HELSE", ("87", "88.91", "88.1")),
    ("RESTAURANT", ("56", "10.71")),
    ("TEKNOLOGI", ("25", "33")),
    ("HAVBRUK", ("03", "10.2")),
    ("FRISØR", ("96.02",)),
]


def lag_fagopplaering_demodata(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    if Godkjenning.objects.filter(fylke=fylke).exists():
        ut(f"{fylke.navn} har allerede godkjente lærebedrifter; hopper over fagopplæringen.")
        return
    idag = timezone.localdate()
    fag = _laerefag(rng)
    if not fag:
        ut("Fagopplæring: kodeverket har ingen lærefag (programområder på nivå LAER); hopper over.")
        return
    laerefag = {p.pk: p for p in fag.values()}.values()
    bedrifter = _bedrifter(rng, ut)
    with transaction.atomic():
        godkjente, kontor = _godkjenninger(fylke, rng, fag, bedrifter, idag)
        medlemmer = _medlemskap(fylke, rng, kontor, godkjente)
    ut(
        f"Fagopplæring: {len(bedrifter)} bedrifter, {Godkjenning.objects.filter(fylke=fylke).count()} godkjenninger "
        f"i {len(laerefag)} lærefag ({', '.join(sorted(p.navn for p in laerefag))}), "
        f"{sum(len(m) for m in medlemmer.values())} medlemsbedrifter i {len(kontor)} opplæringskontor."
    )
    plasser = _lareplasser(godkjente, medlemmer)
    if not plasser:
        ut("Fagopplæring: ingen godkjente læreplasser; hopper over kontrakter og formidling.")
        return
    skolear = _skolear(idag)
    if skolear is not None:  # first: these applicants come from the intake, the others are registered by hand
        ut(_laer_onsker(fylke, rng, skolear, fag))
    personer = _ledige_personer(fylke)
    kontrakter, feil = _kontrakter(fylke, rng, plasser, personer, idag)
    ut(
        f"Fagopplæring: {kontrakter['lopende']} løpende kontrakter ({kontrakter['avbrudd']} med avbrudd, "
        f"{kontrakter['til_godkjenning']} venter på godkjenning) og {kontrakter['avsluttet']} avsluttede."
        + (f" {feil[0]} kontrakter hoppet over; første feil: {feil[1]}" if feil[0] else "")
    )
    if skolear is None:
        ut("Fagopplæring: fant ikke skoleåret for formidlingen; hopper over formidling.")
        return
    formidling, feil = _formidling(fylke, rng, skolear, plasser, personer, idag)
    ut(
        f"Fagopplæring: {formidling['sokere']} søkere til læreplass {skolear.kode} ("
        + ", ".join(f"{n} {navn}" for navn, n in sorted(formidling["status"].items()))
        + ")."
        + (f" {feil[0]} hoppet over; første feil: {feil[1]}" if feil[0] else "")
    )
    for linje in _intensjonsfiler(fylke, skolear):
        ut(linje)
    ut(_tilskuddssatser(fylke, idag))


# The 2025 rates (docs/fagopplaering/tilskudd.md): BT1 per year, BT2 per month; the lærekandidat addition is the
# county's own decision, a demo value here. Set through the parameter service, as the county administrator would.
DEMOSATSER = {"fagopplaering.basistilskudd_1": "183093", "fagopplaering.basistilskudd_2": "5963",
              "fagopplaering.tilskudd_laerekandidat": "30000"}  # fmt: skip


def _tilskuddssatser(fylke: Fylke, idag: datetime.date) -> str:
    """Rates for the school years the demo contracts run in, so the 5A113 job runs out of the box."""
    from vigo.models import Bruker
    from vigo.parametere.services import sett_parametere

    bruker = Bruker.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if bruker is None:
        return "Fagopplæring: ingen systemadministrator å sette tilskuddssatsene med; 5A113 krever satser."
    ar = [a for a in Skolear.objects.order_by("kode") if idag.year - 3 <= a.startdato.year <= idag.year + 1]
    for skolear in ar:
        sett_parametere(fylke, skolear, DEMOSATSER, bruker)
    return (f"Fagopplæring: tilskuddssatser for {', '.join(a.kode for a in ar)} (basistilskudd I 183 093 kr per år, "
            f"II 5 963 kr per måned, lærekandidat 30 000 kr per år).")  # fmt: skip


def _intensjonsfiler(fylke: Fylke, skolear) -> list[str]:
    """Files to try the mass registration with (intensjonsavtaler/import/): 50 rows from the county's approvals, and
    the same file with line 7 wrong. Written to a private folder under MEDIA_ROOT, like the SAS demo files."""
    from fagopplaering.services.intensjonsavtaler import eksempelfil

    mappe = Path(settings.MEDIA_ROOT) / "demo_fagopplaering"
    mappe.mkdir(parents=True, exist_ok=True)
    god, feil = (
        mappe / f"intensjonsavtaler_{fylke.nummer}.csv",
        mappe / f"intensjonsavtaler_{fylke.nummer}_feil.csv",
    )
    god.write_text(eksempelfil(fylke.pk, skolear), encoding="utf-8")
    feil.write_text(eksempelfil(fylke.pk, skolear, feil_linje=7), encoding="utf-8")
    return [
        f"Fagopplæring: fil med 50 intensjonsavtaler for {skolear.kode} å prøve masseregistreringen med: {god}",
        f"Fagopplæring: den samme filen med feil på linje 7: {feil}",
    ]


# --- Lærefag --------------------------------------------------------------------------------------------------------
def _laerefag(rng: random.Random) -> dict[str, Programomrade]:
    """NACE prefix → lærefag, for at most ``MAKS_LAEREFAG`` lærefag that exist (and are valid) in the kodeverk."""
    alle = list(
        Programomrade.objects.filter(niva="LAER")
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=timezone.localdate()))
        .order_by("kode")
    )
    ut: dict[str, Programomrade] = {}
    valgt: dict[str, Programomrade] = {}
    for nace, navn in NACE_FAG:
        treff = next((p for n in navn for p in alle if p.navn.lower().startswith(n.lower())), None)
        if treff is None:
            continue
        if treff.kode not in valgt and len(valgt) >= MAKS_LAEREFAG:
            continue
        valgt[treff.kode] = treff
        ut[nace] = treff
    if not ut and alle:  # a kodeverk without the usual names: any lærefag, for every company
        for p in rng.sample(alle, min(3, len(alle))):
            ut[f"*{p.kode}"] = p
    return ut


def _fag_for_nace(fag: dict[str, Programomrade], nace: str) -> Programomrade | None:
    for prefiks, p in fag.items():
        if prefiks.startswith("*") or nace.startswith(prefiks):
            return p
    return None


# --- Companies ------------------------------------------------------------------------------------------------------
def _er_fil() -> Path:
    sti = (getattr(settings, "ENHETSREGISTERET", None) or {}).get("FIL")
    return Path(sti) if sti and Path(sti).exists() else ER_FIL


def _enheter(rng: random.Random) -> list[dict]:
    """Units of the synthetic Enhetsregisteret file as flat dicts (the company register's own mapping of the open
    API's JSON when it is there), or 40 generated ones without the file."""
    sti = _er_fil()
    if not sti.exists():
        return _genererte_enheter(rng, 40)
    try:
        from fagopplaering.enhetsregisteret import enhet_fra_json
    except ImportError:
        enhet_fra_json = None
    ut = []
    for linje in sti.read_text(encoding="utf-8").splitlines():
        if not linje.strip():
            continue
        data = json.loads(linje)
        if enhet_fra_json is not None:
            e = enhet_fra_json(data)
            ut.append({
                "orgnr": e.orgnr, "navn": e.navn, "organisasjonsform": e.organisasjonsform, "adresse": e.adresse,
                "postnummer": e.postnummer, "poststed": e.poststed, "postadresse": e.postadresse,
                "kommunenummer": e.kommunenummer, "naeringskode": e.naeringskode, "naeringsnavn": e.naeringsnavn,
                "antall_ansatte": e.antall_ansatte, "epost": e.epost, "telefon": e.telefon,
                "konkurs": e.konkurs or e.under_avvikling, "slettedato": e.slettedato,
            })  # fmt: skip
        else:
            ut.append(_fra_api_json(data))
    return ut


def _fra_api_json(d: dict) -> dict:
    """The open API's shape (``GET /enheter/{orgnr}``) → the fields of Bedrift (used only without the register's
    own mapping)."""
    adr = d.get("forretningsadresse") or d.get("postadresse") or {}
    post = d.get("postadresse") or {}
    nace = d.get("naeringskode1") or {}
    slettet = d.get("slettedato")
    return {
        "orgnr": d["organisasjonsnummer"], "navn": d.get("navn", ""),
        "organisasjonsform": (d.get("organisasjonsform") or {}).get("kode", ""),
        "adresse": ", ".join(adr.get("adresse") or []), "postnummer": adr.get("postnummer", ""),
        "poststed": adr.get("poststed", ""), "postadresse": ", ".join(post.get("adresse") or []),
        "kommunenummer": adr.get("kommunenummer", ""), "naeringskode": nace.get("kode", ""),
        "naeringsnavn": nace.get("beskrivelse", ""), "antall_ansatte": d.get("antallAnsatte"),
        "epost": d.get("epostadresse", ""), "telefon": d.get("telefon", ""),
        "konkurs": bool(d.get("konkurs") or d.get("underAvvikling")),
        "slettedato": datetime.date.fromisoformat(slettet) if slettet else None,
    }  # fmt: skip


def _genererte_enheter(rng: random.Random, antall: int) -> list[dict]:
    kommuner = list(Kommune.objects.order_by("nummer").values_list("nummer", flat=True)) or [""]
    bransjer = [("43.210", "ELEKTRO"), ("88.911", "BARNEHAGE"), ("87.102", "HELSEHUS"), ("56.101", "RESTAURANT"),
                ("45.200", "BILVERKSTED"), ("41.200", "BYGG")]  # fmt: skip
    ut = []
    for i in range(antall):
        nace, stamme = bransjer[i % len(bransjer)]
        kontor = i < 3
        navn = (f"OPPLÆRINGSKONTORET FOR {stamme}FAG {i + 1}" if kontor
                else f"{rng.choice(ETTERNAVN).upper()} {stamme} AS")  # fmt: skip
        ut.append({
            "orgnr": _orgnr(rng), "navn": navn, "organisasjonsform": "FLI" if kontor else "AS",
            "adresse": f"Industriveien {i + 1}", "postnummer": "", "poststed": "", "postadresse": "",
            "kommunenummer": kommuner[i % len(kommuner)], "naeringskode": "85.599" if kontor else nace,
            "naeringsnavn": "", "antall_ansatte": rng.randint(2, 60), "epost": "", "telefon": "",
            "konkurs": False, "slettedato": None,
        })  # fmt: skip
    return ut


VEKTER_ORGNR = (3, 2, 7, 6, 5, 4, 3, 2)


def _orgnr(rng: random.Random) -> str:
    """A valid organisasjonsnummer (mod 11 with Brønnøysund's weights) in the 92–93 million series."""
    while True:
        grunn = f"9{rng.randint(2000000, 3999999):07d}"
        siffer = (11 - sum(v * int(t) for v, t in zip(VEKTER_ORGNR, grunn, strict=True)) % 11) % 11
        if siffer < 10 and stdnum_orgnr.is_valid(grunn + str(siffer)):
            return grunn + str(siffer)


def _er_kontor(e: dict) -> bool:
    return e["navn"].upper().startswith("OPPLÆRINGSKONTOR") or e["naeringskode"].startswith("85.599")


@transaction.atomic
def _bedrifter(rng: random.Random, ut: Callable[[str], None]) -> list[Bedrift]:
    """Every unit of the file as a Bedrift (those already registered are left as they are)."""
    enheter = _enheter(rng)
    finnes = set(
        Bedrift.objects.filter(orgnr__in=[e["orgnr"] for e in enheter]).values_list("orgnr", flat=True)
    )
    kommuner = dict(Kommune.objects.values_list("nummer", "pk"))
    naa = timezone.now()
    nye = [
        Bedrift(
            orgnr=e["orgnr"],
            navn=e["navn"][:300],
            type=Bedriftstype.OPPLAERINGSKONTOR if _er_kontor(e) else Bedriftstype.SELVSTENDIG,
            organisasjonsform=e["organisasjonsform"][:10],
            adresse=e["adresse"][:300],
            postnummer=e["postnummer"][:4],
            poststed=e["poststed"][:100],
            postadresse=e["postadresse"][:300],
            kommune_id=kommuner.get(e["kommunenummer"]),
            naeringskode=e["naeringskode"][:10],
            naeringsnavn=e["naeringsnavn"][:300],
            antall_ansatte=e["antall_ansatte"],
            epost=e["epost"][:254],
            telefon=e["telefon"][:20],
            konkurs=e["konkurs"],
            slettet_i_er=e["slettedato"],
            aktiv=e["slettedato"] is None,
            oppdatert_fra_er=naa,
        )  # fmt: skip
        for e in enheter
        if e["orgnr"] not in finnes and stdnum_orgnr.is_valid(e["orgnr"])
    ]
    bulk_create_with_history(
        nye, Bedrift, batch_size=500, default_change_reason="Demodata fra Enhetsregisteret"
    )
    return list(Bedrift.objects.filter(orgnr__in=[e["orgnr"] for e in enheter]).select_related("kommune"))


# --- Approvals, faglige ledere, memberships --------------------------------------------------------------------------
def _person_navn(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FORNAVN), rng.choice(ETTERNAVN)


def _godkjenninger(fylke, rng, fag, bedrifter, idag):
    """Approvals in ``fylke`` for the companies located there: an ordinary company in the lærefag of its bransje,
    an office in the lærefag of its name (a regional office in three). Returns (per lærefag: approved companies,
    offices: their lærefag)."""
    i_fylket = [
        b for b in bedrifter if b.kommune_id and b.kommune.fylke_id == fylke.pk and b.aktiv and not b.konkurs
    ]
    rader: list[Godkjenning] = []
    kontor: dict[Bedrift, list[Programomrade]] = {}
    alle_fag = sorted({p.pk: p for p in fag.values()}.values(), key=lambda p: p.kode)
    for b in i_fylket:
        if b.type == Bedriftstype.OPPLAERINGSKONTOR:
            grupper = next((g for ord_, g in KONTOR_FAG if ord_ in b.navn.upper()), None)
            if grupper is None:
                kontorfag = rng.sample(alle_fag, min(3, len(alle_fag)))
            else:
                kontorfag = list(
                    {p.pk: p for g in grupper if (p := _fag_for_nace(fag, g)) is not None}.values()
                )
            if not kontorfag:
                continue
            kontor[b] = kontorfag
            for p in kontorfag:
                rader.append(_godkjenning(b, fylke, p, rng))
            continue
        p = _fag_for_nace(fag, b.naeringskode)
        if p is None or rng.random() < 0.2:  # not every company in a bransje trains apprentices
            continue
        rader.append(_godkjenning(b, fylke, p, rng, begrenset=rng.random() < 0.08))
    rader = bulk_create_with_history(rader, Godkjenning, batch_size=500, default_change_reason="Demodata")
    # One approval withdrawn (its row stays, with the date and the reason).
    vanlige = [g for g in rader if g.bedrift.type == Bedriftstype.SELVSTENDIG]
    if len(vanlige) > 10:
        trukket = vanlige[rng.randrange(len(vanlige))]
        trukket.status = Godkjenning.Status.TRUKKET
        trukket.trukket_dato = idag - datetime.timedelta(days=rng.randint(30, 300))
        trukket.trukket_grunn = "Bedriften har ikke lenger faglig leder i faget."
        trukket._change_reason = "Demodata: godkjenning trukket"
        trukket.save()
    ansvarlige = []
    for g in rader:
        fornavn, etternavn = _person_navn(rng)
        ansvarlige.append(Opplaeringsansvarlig(
            godkjenning=g, rolle=Opplaeringsansvarlig.Rolle.FAGLIG_LEDER, fornavn=fornavn, etternavn=etternavn,
            fodselsdato=datetime.date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28)),
            epost=f"{fornavn.lower()}.{etternavn.lower()}@{g.bedrift.orgnr}.example", mobil=f"9{rng.randint(0, 9999999):07d}",
            kompetanse=rng.choice(["Fagbrev i faget", "Mesterbrev", "Fagbrev og 10 års praksis"]),
            kurs_fullfort=g.godkjent_fra - datetime.timedelta(days=rng.randint(20, 200)), fra=g.godkjent_fra,
        ))  # fmt: skip
        if rng.random() < 0.3:
            fornavn, etternavn = _person_navn(rng)
            ansvarlige.append(Opplaeringsansvarlig(
                godkjenning=g, rolle=Opplaeringsansvarlig.Rolle.INSTRUKTOR, fornavn=fornavn, etternavn=etternavn,
                kompetanse="Fagbrev i faget", fra=g.godkjent_fra + datetime.timedelta(days=rng.randint(0, 400)),
            ))  # fmt: skip
    bulk_create_with_history(
        ansvarlige, Opplaeringsansvarlig, batch_size=500, default_change_reason="Demodata"
    )
    Hendelse.objects.bulk_create(
        [
            Hendelse(
                type=Hendelsestype.GODKJENT,
                aktor="system",
                fylke=fylke,
                bedrift=g.bedrift,
                godkjenning=g,
                tekst=f"Godkjent som lærebedrift i {g.programomrade.navn} fra {g.godkjent_fra:%d.%m.%Y} "
                f"(demodata).",
            )  # fmt: skip
            for g in rader
        ],
        batch_size=500,
    )
    godkjente: dict[int, list[Bedrift]] = defaultdict(list)
    for g in Godkjenning.objects.filter(fylke=fylke, status=Godkjenning.Status.GODKJENT).select_related(
        "bedrift"
    ):
        godkjente[g.programomrade_id].append(g.bedrift)
    return godkjente, {k: [p for p in v if any(b == k for b in godkjente[p.pk])] for k, v in kontor.items()}


def _godkjenning(b, fylke, p, rng, begrenset: bool = False) -> Godkjenning:
    fra = datetime.date(rng.randint(2012, 2019), rng.randint(1, 12), 1)
    return Godkjenning(
        bedrift=b, fylke=fylke, programomrade=p, godkjent_fra=fra, begrenset=begrenset,
        vilkar="Kan bare ta lærekandidater, eller lærlinger gjennom opplæringskontor." if begrenset else "",
        vedtak_ref=f"{fra.year}/{rng.randint(100, 9999)}",
    )  # fmt: skip


def _medlemskap(fylke, rng, kontor, godkjente) -> dict[Bedrift, list[tuple[Bedrift, Programomrade]]]:
    """Each office gets up to eight approved companies in its lærefag as members (each company in one office)."""
    brukt: set[int] = set(kontor_b.pk for kontor_b in kontor)
    medlemmer: dict[Bedrift, list[tuple[Bedrift, Programomrade]]] = {}
    rader = []
    for k, kontorfag in sorted(kontor.items(), key=lambda x: x[0].navn):
        kandidater = [(b, p) for p in kontorfag for b in godkjente[p.pk] if b.pk not in brukt]
        rng.shuffle(kandidater)
        valgt = []
        for b, p in kandidater:
            if b.pk in brukt or len(valgt) >= 8:
                continue
            brukt.add(b.pk)
            valgt.append((b, p))
            rader.append(Medlemskap(opplaeringskontor=k, medlem=b, fylke=fylke, samarbeidsavtale=rng.random() < 0.9,
                                    fra=datetime.date(rng.randint(2016, 2019), rng.randint(1, 12), 1)))  # fmt: skip
        medlemmer[k] = valgt
    rader = bulk_create_with_history(rader, Medlemskap, batch_size=500, default_change_reason="Demodata")
    Hendelse.objects.bulk_create(
        [
            Hendelse(
                type=Hendelsestype.MEDLEM_INN,
                aktor="system",
                fylke=fylke,
                bedrift=m.opplaeringskontor,
                tekst=f"{m.medlem.navn} meldt inn som medlemsbedrift fra {m.fra:%d.%m.%Y} (demodata).",
            )  # fmt: skip
            for m in rader
        ],
        batch_size=500,
    )
    return medlemmer


def _begrenset(fylke) -> set[tuple[int, int]]:
    """(bedrift, lærefag) with a begrenset approval: only lærekandidater, or lærlinger through an office."""
    return set(
        Godkjenning.objects.filter(
            fylke=fylke, begrenset=True, status=Godkjenning.Status.GODKJENT
        ).values_list("bedrift_id", "programomrade_id")
    )


def _lareplasser(godkjente, medlemmer) -> list[tuple[Bedrift, Bedrift | None, Programomrade]]:
    """(lærebedrift, medlemsbedrift, lærefag): members train through their office, other companies directly."""
    medlem_av = {b.pk: (k, p) for k, liste in medlemmer.items() for b, p in liste}
    fag = {p.pk: p for _k, liste in medlemmer.items() for _b, p in liste}
    fag.update({b_p.pk: b_p for b_p in Programomrade.objects.filter(pk__in=list(godkjente))})
    ut = []
    for po_id, bedrifter in sorted(godkjente.items()):
        for b in bedrifter:
            if b.type == Bedriftstype.OPPLAERINGSKONTOR:
                continue
            if b.pk in medlem_av and medlem_av[b.pk][1].pk == po_id:
                ut.append((medlem_av[b.pk][0], b, fag[po_id]))
            else:
                ut.append((b, None, fag[po_id]))
    return ut


# --- Contracts ------------------------------------------------------------------------------------------------------
def _ledige_personer(fylke) -> list[Person]:
    """The county's young persons without contract or formidling, oldest first (apprentices are 18–19); those
    applying for Vg1 or Vg2 in the intake last (an apprentice does not apply for Vg1)."""
    from inntak.models import Soknad

    skole = Soknad.objects.filter(person_id=OuterRef("pk"), niva__in=("VG1", "VG2"))
    return list(
        Person.objects.filter(
            fylke=fylke, fodselsdato__gt=timezone.localdate() - datetime.timedelta(days=365 * 21)
        )
        .exclude(pk__in=Kontrakt.objects.values("person_id"))
        .exclude(pk__in=Formidling.objects.values("person_id"))
        .annotate(soker_skole=Exists(skole))
        .order_by("soker_skole", "fodselsdato", "pk")
    )


def _startdato(rng: random.Random, idag: datetime.date, min_dager: int, maks_dager: int) -> datetime.date:
    d = idag - datetime.timedelta(days=rng.randint(min_dager, maks_dager))
    return d.replace(day=rng.choice((1, 1, 15)))


def _kontrakter(fylke, rng, plasser, personer, idag) -> tuple[dict, tuple[int, str]]:
    from fagopplaering.services import kontrakt as svc

    tall = {"lopende": 0, "avbrudd": 0, "til_godkjenning": 0, "avsluttet": 0}
    feil = [0, ""]
    # How the ended contracts ended, in turn: about half after the prøve, the rest heving (by the lærling, or on
    # the company's demand after an oral hearing), oppsigelse by agreement, or læretid utløpt without prøve.
    avslutninger = [
        ("prove", "AB", None), ("hevet", "FV", "L"), ("prove", "AB", None), ("oppsagt", "AR", None),
        ("prove", "AB", None), ("hevet", "PS", "L"), ("prove", "AB", None), ("utlopt", "UP", None),
        ("prove", "AB", None), ("hevet", "BR", "B"),
    ]  # fmt: skip
    begrenset = _begrenset(fylke)
    plan = [("lopende", i) for i in range(ANTALL_LOPENDE)] + [
        ("avsluttet", i) for i in range(ANTALL_AVSLUTTET)
    ]
    for (hva, i), person in zip(plan, personer, strict=False):
        bedrift, medlem, fag = plasser[rng.randrange(len(plasser))]
        lk = rng.random() < 0.88 and (medlem is not None or (bedrift.pk, fag.pk) not in begrenset)
        if hva == "lopende":
            fra = _startdato(rng, idag, 20, 700)
        else:
            fra = _startdato(rng, idag, 800, 1400)
        try:
            with transaction.atomic():
                k = svc.opprett_kontrakt(
                    None, fylke_id=fylke.pk, person=person, kontraktstype="LK" if lk else "OK", programomrade=fag,
                    bedrift=bedrift, medlemsbedrift=medlem, laeretid_fra=fra, netto_laeretid_mnd=NETTO_MND,
                    ungdomsrett=rng.random() < 0.85, arbeidsavtale_ref=f"AA-{fra.year}-{rng.randint(100, 999)}",
                    opplaeringsmodell=rng.choice(["2+2"] * 6 + ["1+3", "veksling"]),
                )  # fmt: skip
                if hva == "lopende" and i % 15 == 14:
                    tall["til_godkjenning"] += 1
                    if i % 2:
                        svc.send_til_godkjenning(None, k)
                    tall["lopende"] += 1
                    continue
                svc.send_til_godkjenning(None, k)
                svc.godkjenn_kontrakt(
                    None, k, dato=min(fra + datetime.timedelta(days=rng.randint(5, 45)), idag)
                )
                if hva == "lopende":
                    tall["lopende"] += 1
                    if i % 8 == 3:
                        _avbrudd(svc, k, rng, idag, apent=i in (3, 11))
                        tall["avbrudd"] += 1
                    continue
                if i % 5 == 2:
                    _avbrudd(svc, k, rng, idag, apent=False)
                k.refresh_from_db()
                mate, kode, hevet_av = avslutninger[i % len(avslutninger)]
                if mate == "prove":
                    dato = k.laeretid_til + datetime.timedelta(days=rng.randint(0, 30))
                elif mate == "utlopt":
                    dato = legg_til_maneder(k.laeretid_til, 6)
                else:
                    dato = fra + datetime.timedelta(days=rng.randint(60, 500))
                dato = min(dato, idag)
                if mate in ("prove", "utlopt") and dato < k.laeretid_til:
                    mate, kode, hevet_av = "oppsagt", "AR", None
                svc.avslutt_kontrakt(
                    None, k, dato=dato, mate=mate, avslutningskode=kode, hevet_av=hevet_av,
                    muntlig_hort=dato - datetime.timedelta(days=7) if hevet_av == "B" else None,
                    attest_utstedt=mate in ("hevet", "oppsagt"),
                )  # fmt: skip
                tall["avsluttet"] += 1
        except ValidationError as e:
            feil[0] += 1
            feil[1] = feil[1] or "; ".join(e.messages)
    return tall, (feil[0], feil[1])


def _avbrudd(svc, k: Kontrakt, rng: random.Random, idag: datetime.date, *, apent: bool) -> Avbrudd:
    siste = min(idag, k.laeretid_til) - datetime.timedelta(days=1)
    start = k.laeretid_fra + datetime.timedelta(days=30)
    if siste <= start:
        start = k.laeretid_fra
    fra = start + datetime.timedelta(days=rng.randint(0, max((siste - start).days - 40, 0)))
    arsak = rng.choice(list(Avbrudd.Arsak.values))
    if apent:
        return svc.registrer_avbrudd(None, k, fra=min(fra, idag), arsak=arsak, merknad="Demodata")
    til = min(fra + datetime.timedelta(days=rng.randint(14, 90)), idag)
    return svc.registrer_avbrudd(None, k, fra=fra, til=max(til, fra), arsak=arsak, merknad="Demodata")


# --- Formidling -----------------------------------------------------------------------------------------------------
def _skolear(idag: datetime.date) -> Skolear | None:
    """The school year the coming intake (and so the formidling) is for."""
    return (
        Skolear.objects.filter(kode=neste_inntaksar(idag).kode).first()
        or Skolear.objects.filter(aktiv=True).order_by("-kode").first()
    )


def _formidling(fylke, rng, skolear, plasser, personer, idag) -> tuple[dict, tuple[int, str]]:
    from fagopplaering.services import formidling as fsvc
    from fagopplaering.services import kontrakt as ksvc

    brukt = set(Kontrakt.objects.filter(person__in=personer).values_list("person_id", flat=True))
    # The youngest of those left (applying for a læreplass for next year), not those applying for Vg1/Vg2.
    ledige = sorted(
        (p for p in personer if p.pk not in brukt),
        key=lambda p: (getattr(p, "soker_skole", False), -p.fodselsdato.toordinal(), p.pk),
    )[:ANTALL_FORMIDLING]
    per_fag: dict[int, list[Bedrift]] = defaultdict(list)
    begrenset = _begrenset(fylke)
    for bedrift, _medlem, fag in plasser:
        if (bedrift.pk, fag.pk) in begrenset:
            continue
        if bedrift not in per_fag[fag.pk]:
            per_fag[fag.pk].append(bedrift)
    fagliste = sorted({f.pk: f for _b, _m, f in plasser if per_fag[f.pk]}.values(), key=lambda f: f.kode)
    # Where each applicant has got to, in turn (about a third still waiting, the rest at every later step).
    utfall = [
        "sokt", "formidlet", "tilbud", "sokt", "intervju", "akseptert", "sokt", "kontrakt", "formidlet",
        "ukvalifisert", "sokt", "tilbud", "avslatt", "sokt", "intervju", "akseptert", "formidlet", "sokt", "tilbud",
        "sokt",
    ]  # fmt: skip
    status: dict[str, int] = defaultdict(int)
    feil = [0, ""]
    if not fagliste:
        return {"sokere": 0, "status": {}}, (0, "")
    for i, person in enumerate(ledige):
        fag = fagliste[rng.randrange(len(fagliste))]
        bedrifter = per_fag[fag.pk]
        mal = utfall[i % len(utfall)]
        try:
            with transaction.atomic():
                lk = rng.random() < 0.1
                f = fsvc.opprett_formidling(
                    None, person=person, fylke_id=fylke.pk, skolear=skolear, programomrade=fag,
                    kandidattype=Kandidattype.LAEREKANDIDAT if lk else Kandidattype.LAERLING,
                    ungdomsrett=rng.random() < 0.85,
                )  # fmt: skip
                if mal == "ukvalifisert":
                    fsvc.endre_status(
                        None, f, Formidling.Status.UKVALIFISERT, merknad="Mangler bestått Vg2 (demo)."
                    )
                elif mal != "sokt":
                    valgt = rng.sample(bedrifter, min(len(bedrifter), 2))
                    henvisninger = [fsvc.formidle_til_bedrift(None, f, b) for b in valgt]
                    if mal != "formidlet":
                        svar = "intervju" if mal == "intervju" else "tilbud"
                        fsvc.registrer_svar_fra_bedrift(None, henvisninger[0], svar)
                    if mal in ("akseptert", "kontrakt", "avslatt"):
                        fsvc.registrer_sokersvar(None, f, aksepterer=mal != "avslatt")
                    if mal == "kontrakt":
                        ksvc.opprett_fra_formidling(
                            None, f, laeretid_fra=skolear.startdato + datetime.timedelta(days=14),
                            netto_laeretid_mnd=NETTO_MND,
                        )  # fmt: skip
                f.refresh_from_db()
                status[f.get_status_display().lower()] += 1
        except ValidationError as e:
            feil[0] += 1
            feil[1] = feil[1] or "; ".join(e.messages)
    return {"sokere": sum(status.values()), "status": dict(status)}, (feil[0], feil[1])


def _laer_onsker(fylke, rng, skolear, fag) -> str:
    """A few Vg3 søknader get a wish on a lærefag (a Tilbud on the lærefag at the county's first school, no seats:
    the intake engine leaves such wishes out), then the formidling list is fetched from the intake (job 5A110)."""
    from fagopplaering.services import formidling as fsvc
    from inntak.models import Onske, Soknad, Tilbud
    from kodeverk.models import Skole

    soknader = list(
        Soknad.objects.filter(fylke=fylke, skolear=skolear, niva="VG3")
        .exclude(status__in=("trukket", "preutfylt"))
        .exclude(person__formidlinger__isnull=False)
        .order_by("pk")[:ANTALL_LAER_ONSKER]
    )
    skole = Skole.objects.filter(fylke=fylke, aktiv=True, privat=False).order_by("skolenummer").first()
    if not soknader or skole is None:
        return "Fagopplæring: ingen Vg3-søknader i demofylket; ingen ønsker om læreplass fra inntaket."
    fagliste = sorted({p.pk: p for p in fag.values()}.values(), key=lambda p: p.kode)
    with transaction.atomic():
        for i, s in enumerate(soknader):
            p = fagliste[i % len(fagliste)]
            tilbud, _ny = Tilbud.objects.get_or_create(
                skole=skole, programomrade=p, skolear=skolear, defaults={"fylke": fylke, "plasser": 0}
            )
            nr = (s.onsker.aggregate(m=Max("nr"))["m"] or 0) + 1
            if not s.onsker.filter(tilbud=tilbud).exists():
                Onske.objects.create(soknad=s, tilbud=tilbud, nr=nr)
        svar = fsvc.hent_fra_inntaket(None, fylke_id=fylke.pk, skolear=skolear)
    return (
        f"Fagopplæring: {len(soknader)} Vg3-søknader har fått et ønske om læreplass; formidlingslisten hentet fra "
        f"inntaket: {svar.get('opprettet', 0)} nye søkere."
    )
