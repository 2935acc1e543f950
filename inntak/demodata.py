"""Demo data for the intake area: klasseordning, ~8 000 Vg1 and ~5 000 Vg2/Vg3 søknader with grades and points.

Built from the real schools and programområder in the code registers. Grades come from a per-pupil ability plus
per-subject noise, so points look like real ones (mean about 42, published Vg1 thresholds mostly 20–50), and
school popularity is skewed so that some tilbud are oversubscribed. Bulk inserts (COPY for the grades) keep a
whole county well under a minute. One transaction; skipped when the county already has søknader for the year.
Grades are inserted without history rows (history starts with the first change).
"""

from __future__ import annotations

import datetime
import io
import random
import re
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inntak.hjemler import behandlingshjemmel
from inntak.models import Karakter, Onske, Proveresultat, Saksbehandlingslogg, Soknad, Tilbud, Vedtak
from inntak.models.soknad import er_voksen
from inntak.poeng_sql import beregn_poeng, regelsett_for
from kodeverk.models import Behandlingskategori, Fylke, Kommune, Postnummer, Programomrade, Skole, Skolear
from kodeverk.skolear import neste_inntaksar
from vigo.demodata import ETTERNAVN, FORNAVN, GATER, lag_fodselsnummer
from vigo.models import Bruker, Person
from vigo.parametere.selectors import parameter
from vigo.parametere.services import sett_parametere

ANTALL_VG1, ANTALL_VG2, ANTALL_VG3 = 8000, 3000, 2000
# First-choice popularity per Vg1 programme (roughly the national pattern: about 40 % studiespesialisering).
VG1 = {"STUSP1----": 40, "HSHSF1----": 9, "ELELE1----": 8, "TPTIP1----": 7, "BABAT1----": 6, "IMIKM1----": 5,
       "IDRET1----": 5, "RMRMF1----": 3, "NANAB1----": 3, "SRSSR1----": 3, "FDFBI1----": 2, "MDMDD1----": 3,
       "MKMED1----": 2, "KDKDA1----": 1, "DTDTH1----": 1}  # fmt: skip
VG2 = ["STREA2----", "STSSA2----", "HSHEA2----", "HSBUA2----", "ELELE2----", "ELAUT2----", "TPKJT2----",
       "BABYG2----", "IMITK2----", "RMKOS2----", "IDIDR2----"]  # fmt: skip
VG3 = ["STREA3----", "STSSA3----", "PBPBY3----", "IDIDR3----"]
GRUNNSKOLEFAG = ["NOR0214", "NOR0215", "NOR0216", "ENG0012", "ENG0013", "MAT0010", "NAT0010", "SAF0010",
                 "RLE0030", "KHV0010", "MHE0010", "MUS0010", "KRO0020"]  # fmt: skip
SPRAK = ["FSP0011", "ENG0015", "ARB0010"]
VALGFAG = ["VAL0001", "VAL0002", "VAL0003", "VAL0004", "VAL0005", "VAL0006"]
VGS_FAG = ["ENG1007", "NAT1007", "MAT1023", "SAK1001", "REA3035", "ITK2002"]
IKKE_ORDINAER_SKOLE = re.compile(
    r"fengsel|bibel|misjon|nettskole|privatist|voksen|inntak|sentralskolen", re.I
)
# Behandlingskategori per level and its share of applicants.
SAERSKILTE = {"VG1": [("FOR615", 0.004), ("FOR617", 0.003), ("FOR618", 0.001), ("IND622", 0.004),
                      ("IND623", 0.006), ("IND624", 0.005)],
              "VG2": [("FOR630", 0.003), ("IND635", 0.005)], "VG3": [("IND635", 0.004)]}  # fmt: skip


def intaksar(idag: datetime.date | None = None) -> int:
    """The next intake: applications in spring for the school year starting 1 August."""
    return neste_inntaksar(idag or timezone.localdate()).startar


# The wish structure of two real counties' local forskrifter (docs/regler/regler-2024.md §4.2), set as their
# system parameters for the demo school year: Oslo FOR-2025-01-29-147 § 19 (rett Vg1: 3 programmes, up to 6 schools
# per programme/programområde: 3 × 6 = 18) and Rogaland FOR-2024-12-11-3099 §§ 4–5 (3 programmes / programområder
# × up to 3 schools = 9).
ONSKESTRUKTUR = {
    "03": {
        "inntak.maks_onsker": 18,
        "inntak.maks_utdanningsprogram": 3,
        "inntak.maks_skoler_per_programomrade": 6,
    },
    "11": {
        "inntak.maks_onsker": 9,
        "inntak.maks_utdanningsprogram": 3,
        "inntak.maks_skoler_per_programomrade": 3,
    },
}


def lag_onskestruktur_demo(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    """Oslo's and Rogaland's wish structure for the demo school year, through the parameter service (as the
    system administrator would set it on /fylkesadmin/systemparametere/). Idempotent."""
    ar = intaksar()
    skolear = Skolear.objects.filter(kode=f"{ar}-{ar + 1}").first()
    bruker = Bruker.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if skolear is None or bruker is None:
        ut("Ønskestruktur: skoleåret eller en systemadministrator mangler; hopper over.")
        return
    for nummer, verdier in ONSKESTRUKTUR.items():
        f = Fylke.objects.filter(nummer=nummer).first()
        if f is None:
            ut(f"Ønskestruktur: fylke {nummer} finnes ikke (kjør importer_kodeverk først); hopper over.")
            continue
        sett_parametere(f, skolear, verdier, bruker)
        ut(f"Ønskestruktur i {f.navn} {skolear}: {verdier['inntak.maks_utdanningsprogram']} utdanningsprogram × "
           f"{verdier['inntak.maks_skoler_per_programomrade']} skoler, høyst {verdier['inntak.maks_onsker']} ønsker.")  # fmt: skip


def lag_inntak_demodata(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    start = time.perf_counter()
    ar = intaksar()
    skolear = Skolear.objects.filter(kode=f"{ar}-{ar + 1}").first()
    if skolear is None:
        ut(f"Inntak: skoleåret {ar}-{ar + 1} finnes ikke i kodeverket; hopper over.")
        return
    if Soknad.objects.filter(fylke=fylke, skolear=skolear).exists():
        ut(f"Inntak: {fylke.navn} har allerede søknader for {skolear}; hopper over.")
        return
    po = {p.kode: p for p in Programomrade.objects.filter(kode__in=list(VG1) + VG2 + VG3)}
    if not any(k in po for k in VG1):
        ut("Inntak: programområdene mangler (kjør importer_kodeverk først); hopper over.")
        return
    with transaction.atomic():
        bygger = _Bygger(fylke, skolear, rng, po)
        bygger.tilbud()
        bygger.sokere()
        bygger.skriv()
        lag_sokere_uten_soknad(fylke, skolear, ut)
    # Points with the same SQL as job 1P001 (committed per chunk, after the data exist).
    resultat = beregn_poeng(fylke_id=fylke.pk, skolear_id=skolear.pk, regelsett=regelsett_for(skolear.kode))
    ut(
        f"Inntak i {fylke.navn} {skolear}: {bygger.antall_tilbud} tilbud, {len(bygger.soknader)} søknader, "
        f"{bygger.antall_karakterer} karakterer, {resultat['individuell_behandling']} til individuell behandling "
        f"({time.perf_counter() - start:.1f} s)."
    )


ANTALL_UTEN_SOKNAD = 3


def lag_sokere_uten_soknad(fylke: Fylke, skolear: Skolear, ut: Callable[[str], None]) -> list[Person]:
    """A few young persons in ``fylke`` with no søknad for ``skolear``, to try applying in the applicant portal with
    TestID (vigo/idporten/demo.py prints one). Deterministic with a seed of their own, so the rest of the demo data
    (drawn from the shared ``rng``) is unchanged."""
    rng = random.Random(f"uten-soknad-{fylke.nummer}-{skolear.kode}")
    brukt = set(Person.objects.values_list("fodselsnummer", flat=True))
    post = (
        Postnummer.objects.filter(kommune__fylke=fylke).select_related("kommune").order_by("nummer").first()
    )
    personer = []
    for i in range(ANTALL_UTEN_SOKNAD):
        fodt = datetime.date(skolear.startar - 16, 3 + i, 10 + i)
        personer.append(
            Person(fodselsnummer=lag_fodselsnummer(rng, fodt, brukt), fornavn=FORNAVN[i % len(FORNAVN)],
                   etternavn=ETTERNAVN[(i * 7) % len(ETTERNAVN)], fodselsdato=fodt, fylke=fylke,
                   adresse=f"{GATER[i % len(GATER)]} {i + 1}", postnummer=post.nummer if post else "",
                   poststed=post.poststed if post else "", kommune=post.kommune if post else None)
        )  # fmt: skip
    bulk_create_with_history(personer, Person, batch_size=100)
    # Their grades from lower secondary school, as the school systems send them, so «Min side» shows grades and
    # the points (with the explanation) as soon as the søknad is sent.
    karakterer = []
    for p in personer:
        evne = rng.uniform(3.6, 5.0)

        def kar(evne: float = evne) -> str:
            return str(min(6, max(2, round(evne + rng.gauss(0, 0.6)))))

        fag = [(f, "standpunkt", kar(), "fellesfag") for f in GRUNNSKOLEFAG]
        fag += [(rng.choice(SPRAK), "standpunkt", kar(), "fremmedspraak")]
        fag += [(f, "standpunkt", kar(), "valgfag") for f in rng.sample(VALGFAG, 2)]
        fag += [
            ("MAT0010", "eksamen_skriftlig", kar(), "fellesfag"),
            ("ENG0012", "eksamen_muntlig", kar(), "fellesfag"),
        ]
        fag += [("ORD0010", "standpunkt", "G", "orden"), ("ATF0010", "standpunkt", "G", "oppforsel")]
        karakterer += [Karakter(person=p, fylke=fylke, trinn="GS", fag_id=f, vurdering=v, karakter=k, fagtype=t,
                                kilde="import") for f, v, k, t in fag]  # fmt: skip
    Karakter.objects.bulk_create(karakterer)
    ut(f"Inntak: {len(personer)} søkere i {fylke.navn} uten søknad for {skolear}, med karakterer fra grunnskolen "
       f"(kan søke i søkerportalen).")  # fmt: skip
    return personer


class _Bygger:
    def __init__(self, fylke: Fylke, skolear: Skolear, rng: random.Random, po: dict[str, Programomrade]):
        self.fylke, self.skolear, self.rng, self.po = fylke, skolear, rng, po
        self.kategorier = {k.kode: k for k in Behandlingskategori.objects.all()}
        self.tilbud_per_po: dict[str, list[tuple[Tilbud, float]]] = {}
        self.soknader: list[Soknad] = []
        self.onsker: list[tuple[int, list[Tilbud]]] = []
        self.karakterer: list[tuple] = []
        self.nye_personer: list[Person] = []
        self.antall_tilbud = self.antall_karakterer = 0
        # The county's wish structure (system parameters; Oslo and Rogaland get theirs from lag_onskestruktur_demo).
        self.maks_onsker = parameter(fylke, skolear, "inntak.maks_onsker")
        self.maks_program = parameter(fylke, skolear, "inntak.maks_utdanningsprogram") or 5

    # --- klasseordning ---------------------------------------------------------------------------------------
    def _skoler(self) -> list[Skole]:
        qs = Skole.objects.filter(fylke=self.fylke, aktiv=True, privat=False).order_by("skolenummer")
        forste = qs.first()  # the demo school user's school (vigo.demodata) must have tilbud
        return [s for s in qs if s == forste or not IKKE_ORDINAER_SKOLE.search(s.navn)]

    def tilbud(self) -> None:
        rng = self.rng
        skoler = self._skoler()
        popularitet = {s.pk: rng.lognormvariate(0, 0.6) for s in skoler}
        tilbud: list[Tilbud] = []
        vekter: list[float] = []
        for kode, andel in VG1.items():
            if kode not in self.po:
                continue
            if kode == "STUSP1----":
                valgt = [s for s in skoler if rng.random() < 0.75] or skoler[:1]
            else:
                valgt = rng.sample(
                    skoler, max(1, min(len(skoler), round(len(skoler) * min(0.6, andel / 12))))
                )
            klasse = (
                30
                if self.po[kode].utdanningsprogram and self.po[kode].utdanningsprogram.studieforberedende
                else 15
            )
            behov = ANTALL_VG1 * andel / 100 * rng.uniform(0.95, 1.2)
            total = sum(popularitet[s.pk] for s in valgt)
            for s in valgt:
                klasser = max(1, round(behov * popularitet[s.pk] / total / klasse))
                tilbud.append(self._nytt(s, kode, klasser, klasse))
                vekter.append(popularitet[s.pk] * rng.uniform(0.6, 1.6))
        for kode in VG2 + VG3:
            if kode not in self.po:
                continue
            for s in rng.sample(skoler, max(1, len(skoler) // (4 if kode in VG2 else 2))):
                tilbud.append(self._nytt(s, kode, rng.randint(1, 2), 15))
                vekter.append(popularitet[s.pk])
        if skoler and not any(t.skole_id == skoler[0].pk for t in tilbud):
            tilbud.append(self._nytt(skoler[0], "STUSP1----", 2, 30))
            vekter.append(1.0)
        Tilbud.objects.bulk_create(tilbud, batch_size=2000)
        for t, v in zip(tilbud, vekter, strict=True):
            self.tilbud_per_po.setdefault(t.programomrade.kode, []).append((t, v))
        self.antall_tilbud = len(tilbud)

    def _nytt(self, skole: Skole, kode: str, klasser: int, klasse: int) -> Tilbud:
        r = self.rng.random()
        krav = "inntaksprove" if kode.startswith(("ID", "MD")) and r < 0.3 else ""
        # § 4-6: most tilbud with an inntaksprøve give half of the places by the test (as Oslo § 5, Agder §§ 7–8).
        kvote = 50 if krav and r < 0.25 else 0
        return Tilbud(fylke=self.fylke, skole=skole, programomrade=self.po[kode], skolear=self.skolear,
                      plasser=klasser * klasse, antall_klasser=klasser, inntakskrav=krav, kvote_prosent=kvote,
                      landslinje=kode == "NANAB1----" and r < 0.1)  # fmt: skip

    def _velg_tilbud(self, kode: str, unntatt: set[int]) -> Tilbud | None:
        kandidater = [(t, v) for t, v in self.tilbud_per_po.get(kode, []) if t.pk not in unntatt]
        if not kandidater:
            return None
        return self.rng.choices([t for t, _ in kandidater], [v for _, v in kandidater])[0]

    # --- applicants ------------------------------------------------------------------------------------------
    def sokere(self) -> None:
        rng, ar = self.rng, self.skolear.startar
        brukt = set(Person.objects.values_list("fodselsnummer", flat=True))
        eksisterende = {16: [], 17: [], 18: []}
        for p in Person.objects.filter(fylke=self.fylke, soknader__isnull=True).order_by("pk"):
            alder = ar - p.fodselsdato.year
            if 15 <= alder <= 19:
                eksisterende[min(18, max(16, alder))].append(p)
        andre = list(Fylke.objects.filter(aktiv=True).exclude(pk=self.fylke.pk))
        self._steder = list(Postnummer.objects.filter(kommune__fylke=self.fylke).select_related("kommune"))
        self._kommuner = list(Kommune.objects.filter(fylke=self.fylke))
        for niva, antall, alder in (
            ("VG1", ANTALL_VG1, 16),
            ("VG2", ANTALL_VG2, 17),
            ("VG3", ANTALL_VG3, 18),
        ):
            for _ in range(antall):
                gjest = andre and rng.random() < 0.02
                if not gjest and eksisterende[alder]:
                    person = eksisterende[alder].pop()
                else:
                    voksen = rng.random() < 0.03
                    fodt_ar = ar - (rng.randint(25, 45) if voksen else alder + (rng.random() < 0.1))
                    person = self._ny_person(fodt_ar, rng.choice(andre) if gjest else self.fylke, brukt)
                self._soknad(person, niva)

    def _ny_person(self, fodt_ar: int, fylke: Fylke, brukt: set[str]) -> Person:
        rng = self.rng
        fodt = datetime.date(fodt_ar, 1, 1) + datetime.timedelta(rng.randint(0, 364))
        post = rng.choice(self._steder) if self._steder and fylke == self.fylke else None
        p = Person(fodselsnummer=lag_fodselsnummer(rng, fodt, brukt), fornavn=rng.choice(FORNAVN),
                   etternavn=rng.choice(ETTERNAVN), fodselsdato=fodt, fylke=fylke,
                   adresse=f"{rng.choice(GATER)} {rng.randint(1, 120)}",
                   postnummer=post.nummer if post else "", poststed=post.poststed if post else "",
                   kommune=(post.kommune if post else None), mobil=f"4{rng.randint(0, 9999999):07d}")  # fmt: skip
        self.nye_personer.append(p)
        return p

    def _kategori(self, niva: str) -> str:
        u = self.rng.random()
        for kode, andel in SAERSKILTE[niva]:
            if u < andel:
                return kode
            u -= andel
        return "ORD"

    def _soknad(self, person: Person, niva: str) -> None:
        rng = self.rng
        kategori = self._kategori(niva)
        voksen = er_voksen(person.fodselsdato.year, self.skolear.startar)
        rett = "voksenrett" if voksen else ("ungdomsrett" if rng.random() < 0.97 else "uten_rett")
        onsker = self._onsker(niva, rett)
        if not onsker:
            return
        s = Soknad(person=person, skolear=self.skolear, fylke=self.fylke, hjemfylke=person.fylke, niva=niva,
                   rettstatus=rett, behandlingskategori=self.kategorier[kategori], voksen=voksen,
                   deltid=rng.random() < 0.01, sokergruppe="voksen" if voksen else "ordinaer")  # fmt: skip
        self.soknader.append(s)
        self.onsker.append((len(self.soknader) - 1, onsker))
        evne = rng.gauss(4.35 if onsker[0].programomrade.kode.startswith("ST") else 3.75, 0.7)
        self._karakterer(len(self.soknader) - 1, niva, kategori, evne)

    def _onsker(self, niva: str, rett: str) -> list[Tilbud]:
        rng = self.rng
        valgt: list[Tilbud] = []
        if niva == "VG1":
            koder = [k for k in VG1 if k in self.tilbud_per_po]
            program = []
            forste = rng.choices(koder, [VG1[k] for k in koder])[0]
            program.append(forste)
            while len(program) < min(3, len(koder)) or (
                len(program) < min(5, self.maks_program) and rng.random() < 0.3
            ):
                k = rng.choice(koder)
                if k not in program:
                    program.append(k)
            for k in program:
                for _ in range(1 + (k == forste and rng.random() < 0.6)):
                    t = self._velg_tilbud(k, {x.pk for x in valgt})
                    if t and len(valgt) < self.maks_onsker:
                        valgt.append(t)
            return valgt
        koder = [k for k in (VG2 if niva == "VG2" else VG3) if k in self.tilbud_per_po]
        for k in rng.sample(koder, min(len(koder), rng.randint(1, 3))):
            t = self._velg_tilbud(k, {x.pk for x in valgt})
            if t:
                valgt.append(t)
        return valgt

    def _karakterer(self, indeks: int, niva: str, kategori: str, evne: float) -> None:
        rng, rader = self.rng, self.karakterer
        if kategori in ("IND623", "IND624") and rng.random() < 0.7:
            return  # no comparable grades: individuell behandling

        def kar() -> str:
            return str(min(6, max(1, round(evne + rng.gauss(0, 0.65)))))

        def rad(trinn: str, fag: str, vurdering: str, karakter: str, fagtype: str = "", dok: bool = False):
            rader.append((indeks, trinn, fag, vurdering, karakter, dok, fagtype))

        if niva == "VG1":
            for fag in GRUNNSKOLEFAG:
                u = rng.random()
                karakter = "F" if fag == "NOR0215" and u < 0.04 else ("IV" if u < 0.004 else kar())
                rad("GS", fag, "standpunkt", karakter, "fellesfag")
            rad("GS", rng.choice(SPRAK), "standpunkt", kar(), "fremmedspraak")
            for fag in rng.sample(VALGFAG, rng.choice((1, 2, 2, 3))):
                rad("GS", fag, "standpunkt", kar(), "valgfag")
            skriftlig = rng.choice(("NOR0214", "MAT0010", "ENG0012"))
            rad("GS", skriftlig, "eksamen_skriftlig", kar(), "fellesfag")
            u = rng.random()
            muntlig = rng.choice([f for f in GRUNNSKOLEFAG if f != skriftlig])
            rad("GS", muntlig, "eksamen_muntlig", "IM" if u < 0.01 else kar(), "fellesfag", u < 0.005)
            rad("GS", "ORD0010", "standpunkt", rng.choice(("G", "G", "G", "NG", "LG")), "orden")
            rad("GS", "ATF0010", "standpunkt", rng.choice(("G", "G", "G", "G", "NG")), "oppforsel")
            return
        for trinn in ("VG1",) if niva == "VG2" else ("VG1", "VG2"):
            for fag in VGS_FAG:
                vurdering = "standpunkt" if trinn == "VG1" or rng.random() < 0.5 else "halvar"
                rad(
                    trinn,
                    fag,
                    vurdering,
                    kar(),
                    "programfag" if fag in ("REA3035", "ITK2002") else "fellesfag",
                )
            rad(trinn, "ENG1007", "eksamen_skriftlig", kar(), "fellesfag")

    # --- writing -------------------------------------------------------------------------------------------
    def skriv(self) -> None:
        bulk_create_with_history(self.nye_personer, Person, batch_size=2000)
        for s in self.soknader:
            s.person_id = s.person.pk
        bulk_create_with_history(self.soknader, Soknad, batch_size=2000)
        onsker = [Onske(soknad=self.soknader[i], tilbud=t, nr=nr)
                  for i, liste in self.onsker for nr, t in enumerate(liste, 1)]  # fmt: skip
        bulk_create_with_history(onsker, Onske, batch_size=5000)
        Saksbehandlingslogg.objects.bulk_create(
            [Saksbehandlingslogg(soknad=s, handling="registrert", tekst="Søknad registrert (demodata).")
             for s in self.soknader], batch_size=5000)  # fmt: skip
        self._vedtak(dict(self.onsker))
        self._proveresultater()
        self._copy_karakterer()

    def _proveresultater(self) -> None:
        """Two in three applicants to a tilbud with a § 4-6 quota took the inntaksprøve (results 20–100)."""
        rader = [Proveresultat(soknad=self.soknader[i], tilbud=t,
                               poeng=Decimal(self.rng.randint(2000, 10000)) / 100)
                 for i, liste in self.onsker for t in liste
                 if t.kvote_prosent and self.rng.random() < 2 / 3]  # fmt: skip
        bulk_create_with_history(rader, Proveresultat, batch_size=5000)

    def _vedtak(self, onsker: dict[int, list[Tilbud]]) -> None:
        """Half of the fortrinn/individuell cases already have a vedtak; the rest wait in the work queue."""
        vedtak = []
        for i, s in enumerate(self.soknader):
            if s.behandlingskategori.gruppe != "ordinaer" and self.rng.random() < 0.5:
                vedtak.append(Vedtak(soknad=s, fast_plass=onsker[i][0], hjemmel=behandlingshjemmel(s.behandlingskategori, self.skolear),
                                     begrunnelse="Sakkyndig vurdering og dokumentasjon foreligger (demodata)."))  # fmt: skip
        bulk_create_with_history(vedtak, Vedtak)

    def _copy_karakterer(self) -> None:
        naa = timezone.now().isoformat()
        buf = io.StringIO()
        for indeks, trinn, fag, vurdering, karakter, dok, fagtype in self.karakterer:
            s = self.soknader[indeks]
            buf.write(f"{s.person_id}\t{self.fylke.pk}\t{trinn}\t{fag}\t{vurdering}\t{karakter}\t"
                      f"{'t' if dok else 'f'}\t{fagtype}\timport\t{naa}\n")  # fmt: skip
        buf.seek(0)
        with connection.cursor() as c:
            c.cursor.copy_expert(
                "COPY inntak_karakter (person_id, fylke_id, trinn, fagkode, vurdering, karakter, "
                "dokumentert_fravaer, fagtype, kilde, registrert) FROM STDIN",
                buf,
            )
        self.antall_karakterer = len(self.karakterer)
