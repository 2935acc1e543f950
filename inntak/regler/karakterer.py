"""Karakterskalaen, karakterrader og fagtyper for poengberegningen.

Hvorfor egen modul: grunnlaget (hvilke verdier som finnes, hva de er verdt) skal være ett sted, slik at
Python-beregningen, JSON-valideringen og SQL-batchen bruker nøyaktig samme tabell (docs/regler/regler-2006.md §1.2,
docs/grensesnitt.md §6.1, Regbok B26 «Karakterer og andre vurderingsuttrykk»).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

NIVAER: tuple[str, ...] = ("VG1", "VG2", "VG3")
VURDERINGER: tuple[str, ...] = (
    "standpunkt",
    "eksamen_skriftlig",
    "eksamen_muntlig",
    "eksamen_praktisk",
    "halvar",
)
EKSAMENSVURDERINGER = frozenset({"eksamen_skriftlig", "eksamen_muntlig", "eksamen_praktisk"})
FAGTYPER: tuple[str, ...] = ("valgfag", "orden", "oppforsel")
TRINN: tuple[str, ...] = ("VG1", "VG2")

TALLKARAKTERER: tuple[str, ...] = ("1", "2", "3", "4", "5", "6")
IV, IM, FRITATT = "IV", "IM", "F"
UTEN_TALLSKALA: tuple[str, ...] = ("D", "B", "IB", "GK")
"""Deltatt, bestått, ikke bestått, godkjent: fag uten tallkarakter i læreplanen (§ 6-21 bokstav c)."""
GODKJENT = "GK"
"""Etter opplæringsforskrifta 2024: fag godkjent gjennom realkompetansevurdering på vitnemål fra grunnskole-
opplæring for vaksne (§ 4-19 andre ledd, § 4-20 første ledd bokstav d; docs/regler/regler-2024.md §1.1, §1.2)."""
ORDENSKARAKTERER: tuple[str, ...] = ("G", "NG", "LG")
"""God, nokså god, lite god: skalaen for orden og oppførsel, som aldri regnes om (§ 6-21 første ledd)."""
GYLDIGE_KARAKTERER: tuple[str, ...] = TALLKARAKTERER + (IV, IM, FRITATT) + UTEN_TALLSKALA + ORDENSKARAKTERER

KARAKTERNAVN: Mapping[str, str] = MappingProxyType(
    {
        IV: "ikke vurderingsgrunnlag",
        IM: "ikke møtt",
        FRITATT: "fritatt",
        "D": "deltatt",
        "B": "bestått",
        "IB": "ikke bestått",
        "GK": "godkjent",
        "G": "god",
        "NG": "nokså god",
        "LG": "lite god",
    }
)


class Valideringsfeil(ValueError):
    """Ugyldig verdi i ett felt. ``felt`` er feltnavnet, ``melding`` en norsk tekst til brukeren."""

    def __init__(self, felt: str, melding: str) -> None:
        super().__init__(f"{felt}: {melding}")
        self.felt = felt
        self.melding = melding


def _gyldige(verdier: Iterable[str]) -> str:
    return ", ".join(verdier)


def _tekst(verdi: object, felt: str) -> str:
    if not isinstance(verdi, str):
        raise Valideringsfeil(felt, "Må være en tekst.")
    return verdi.strip()


def _ascii(tekst: str) -> str:
    return (
        tekst.lower()
        .replace("æ", "ae")
        .replace("ø", "o")
        .replace("å", "a")
        .replace("-", "_")
        .replace(" ", "_")
    )


def normaliser_niva(verdi: object) -> str:
    """«vg1»/«Vg1» → «VG1»."""
    tekst = _tekst(verdi, "niva").upper()
    if tekst not in NIVAER:
        raise Valideringsfeil("niva", f"Ugyldig nivå «{verdi}». Gyldige verdier: {_gyldige(NIVAER)}.")
    return tekst


def normaliser_karakter(verdi: object) -> str:
    """Godta tekst («4», «iv») eller heltall 1–6; alt annet er en feil med liste over gyldige verdier."""
    if isinstance(verdi, int) and not isinstance(verdi, bool):
        tekst = str(verdi)
    elif isinstance(verdi, str):
        tekst = verdi.strip().upper()
    else:
        raise Valideringsfeil("karakter", "Må være en tekst eller et heltall.")
    if tekst not in GYLDIGE_KARAKTERER:
        raise Valideringsfeil(
            "karakter", f"Ugyldig karakter «{verdi}». Gyldige verdier: {_gyldige(GYLDIGE_KARAKTERER)}."
        )
    return tekst


def normaliser_vurdering(verdi: object) -> str:
    """«Standpunkt», «halvår», «eksamen-skriftlig» → kanoniske ASCII-navn."""
    tekst = _ascii(_tekst(verdi, "vurdering"))
    if tekst not in VURDERINGER:
        raise Valideringsfeil(
            "vurdering", f"Ugyldig vurdering «{verdi}». Gyldige verdier: {_gyldige(VURDERINGER)}."
        )
    return tekst


def normaliser_fagtype(verdi: object) -> str | None:
    """``None``/«» betyr vanlig fag; «oppførsel»/«åtferd» godtas som «oppforsel»."""
    if verdi is None:
        return None
    tekst = _ascii(_tekst(verdi, "fagtype"))
    if tekst == "":
        return None
    if tekst in ("atferd", "oppforsel_atferd"):
        tekst = "oppforsel"
    if tekst not in FAGTYPER:
        raise Valideringsfeil("fagtype", f"Ugyldig fagtype «{verdi}». Gyldige verdier: {_gyldige(FAGTYPER)}.")
    return tekst


def normaliser_trinn(verdi: object) -> str | None:
    """Trinnet karakteren er fra (bare vgs-karakterer): «VG1» eller «VG2»; ``None`` når ukjent/grunnskole."""
    if verdi is None:
        return None
    tekst = _tekst(verdi, "trinn").upper()
    if tekst == "":
        return None
    if tekst not in TRINN:
        raise Valideringsfeil("trinn", f"Ugyldig trinn «{verdi}». Gyldige verdier: {_gyldige(TRINN)}.")
    return tekst


def normaliser_program(verdi: object) -> str | None:
    """Programmet en vgs-karakter hører til (§ 4-25 første ledd bokstav f), f.eks. «STUSP1» eller «EL».

    Fri tekst (utdanningsprogram- eller programområdekode), store bokstaver; ``None``/«» betyr ikke oppgitt.
    Koden brukes bare til å skille samme fag tatt i flere program; den slås ikke opp.
    """
    if verdi is None:
        return None
    tekst = _tekst(verdi, "program").upper()
    if tekst == "":
        return None
    if len(tekst) > 30:
        raise Valideringsfeil("program", "Programkoden kan ha høyst 30 tegn.")
    return tekst


def normaliser_fag(verdi: object) -> str:
    """Fagkoden slik den står i Grep/VIGO, f.eks. «NOR0214»; store bokstaver, uten mellomrom rundt."""
    tekst = _tekst(verdi, "fag").upper()
    if not tekst:
        raise Valideringsfeil("fag", "Fagkode mangler.")
    if len(tekst) > 30:
        raise Valideringsfeil("fag", "Fagkoden kan ha høyst 30 tegn.")
    return tekst


@dataclass(frozen=True)
class Karakter:
    """Én karakter på vitnemålet eller kompetansebeviset. Verdiene normaliseres og valideres ved opprettelse.

    ``trinn`` brukes bare for vgs-karakterer (Vg2/Vg3-inntak), fordi halvårsvurdering fra Vg1 ikke teller
    ved inntak til Vg3 (Udir-2-2021 § 6-34), eller bare når faget har senere vurdering på Vg2 (ny forskrift).
    ``privatist``: resultatet er fra privatisteksamen (opplæringsforskrifta § 4-25 første ledd bokstav e).
    ``program``: utdanningsprogrammet/programområdet karakteren er fra, når søkeren har flere (§ 4-25 f).
    De to siste virker bare i regelsett etter ny forskrift; se ``kontroller_mot_niva`` og ``poeng``.
    """

    fag: str
    vurdering: str
    karakter: str
    fagtype: str | None = None
    dokumentert_fravaer: bool = False
    trinn: str | None = None
    privatist: bool = False
    program: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fag", normaliser_fag(self.fag))
        object.__setattr__(self, "vurdering", normaliser_vurdering(self.vurdering))
        object.__setattr__(self, "karakter", normaliser_karakter(self.karakter))
        object.__setattr__(self, "fagtype", normaliser_fagtype(self.fagtype))
        object.__setattr__(self, "trinn", normaliser_trinn(self.trinn))
        object.__setattr__(self, "program", normaliser_program(self.program))
        if not isinstance(self.dokumentert_fravaer, bool):
            raise Valideringsfeil("dokumentert_fravaer", "Må være true eller false.")
        if not isinstance(self.privatist, bool):
            raise Valideringsfeil("privatist", "Må være true eller false.")
        if self.karakter == IM and self.vurdering not in EKSAMENSVURDERINGER:
            raise Valideringsfeil("karakter", "IM (ikke møtt) kan bare gis til eksamen.")
        if self.dokumentert_fravaer and self.karakter != IM:
            raise Valideringsfeil(
                "dokumentert_fravaer", "Dokumentert fravær gjelder bare karakteren IM (ikke møtt)."
            )
        if self.karakter in ORDENSKARAKTERER and self.fagtype == "valgfag":
            raise Valideringsfeil(
                "karakter", f"«{self.karakter}» hører til skalaen for orden og oppførsel, ikke valgfag."
            )


def karakter_tallverdi(karakter: str | int, dokumentert_fravaer: bool = False) -> Decimal | None:
    """Tallverdien en karakter bidrar med, eller ``None`` når den utelates fra både teller og nevner.

    Dette er hele verditabellen i 2006-regimet (docs/regler/regler-2006.md §1.2), også for SQL-batchen: 1–6 → seg
    selv; IV → 0; IM uten dokumentert fravær → 0; IM med dokumentert fravær, F, D, B, IB, GK, G, NG, LG → ``None``.
    Etter opplæringsforskrifta 2024 teller IM 0 også med dokumentert fravær (``poeng._tallverdi_2024``).
    Fagtyperegler (orden/oppførsel, valgfag) og nivåregler (halvår) kommer i tillegg, se ``poeng``.
    """
    verdi = normaliser_karakter(karakter)
    if verdi in TALLKARAKTERER:
        return Decimal(verdi)
    if verdi == IV or (verdi == IM and not dokumentert_fravaer):
        return Decimal(0)
    return None


@dataclass(frozen=True)
class KjentFag:
    navn: str
    fagtype: str | None = None


INNEBYGDE_GRUNNSKOLEFAG: Mapping[str, KjentFag] = MappingProxyType(
    {
        "NOR0214": KjentFag("Norsk hovedmål, skriftlig"),
        "NOR0215": KjentFag("Norsk sidemål, skriftlig"),
        "NOR0216": KjentFag("Norsk muntlig"),
        "ENG0012": KjentFag("Engelsk skriftlig"),
        "ENG0013": KjentFag("Engelsk muntlig"),
        "MAT0010": KjentFag("Matematikk"),
        "NAT0010": KjentFag("Naturfag"),
        "SAF0010": KjentFag("Samfunnsfag"),
        "RLE0030": KjentFag("Kristendom, religion, livssyn og etikk"),
        "KHV0010": KjentFag("Kunst og håndverk"),
        "MUS0010": KjentFag("Musikk"),
        "MHE0010": KjentFag("Mat og helse"),
        "KRO0020": KjentFag("Kroppsøving"),
        "ORDEN": KjentFag("Orden", "orden"),
        "OPPFORSEL": KjentFag("Oppførsel", "oppforsel"),
        "ATFERD": KjentFag("Åtferd", "oppforsel"),
    }
)
"""Reserve når kalleren verken oppgir fagtype eller et oppslag i Fag-registeret.

Fagkodene er grunnskolens vitnemålskoder slik SSB bruker dem (kolonnene ``stpNOR0214`` … i SSBs
innsamlingskode, docs/regler/regler-2006.md [S-SSBCODE]); titlene er ikke kontrollert mot Grep (UNVERIFIED). Offisielle
fagkoder for orden og oppførsel og for valgfag er ikke funnet i kildene: orden/oppførsel gjenkjennes derfor
på pseudokodene ORDEN/OPPFORSEL/ATFERD og på skalaen G/NG/LG, og valgfag må merkes med ``fagtype`` eller
via oppslaget. Det virkelige Fag-registeret (kodeverk) skal alltid gå foran denne tabellen.
"""


FagtypeOppslag = Callable[[str], str | None] | Mapping[str, str | None]


def fagnavn(fag: str) -> str | None:
    """Navnet fra den innebygde tabellen, til forklaringer; ``None`` for ukjente koder."""
    kjent = INNEBYGDE_GRUNNSKOLEFAG.get(fag)
    return kjent.navn if kjent else None


def bestem_fagtype(karakter: Karakter, oppslag: FagtypeOppslag | None = None) -> str | None:
    """Fagtype i prioritert rekkefølge: oppgitt på raden → oppslag (Fag-registeret) → innebygd tabell.

    En karakter på skalaen G/NG/LG uten annen fagtype tolkes som orden/oppførsel, fordi den skalaen ikke
    brukes i andre fag; i et fag som er kjent som vanlig fag eller valgfag, er den en feil.
    """
    fagtype = karakter.fagtype
    if fagtype is None and oppslag is not None:
        svar = oppslag.get(karakter.fag) if isinstance(oppslag, Mapping) else oppslag(karakter.fag)
        try:
            fagtype = normaliser_fagtype(svar)
        except Valideringsfeil as feil:
            raise ValueError(f"fagtype_oppslag ga ugyldig svar for {karakter.fag}: {feil.melding}") from None
    kjent = INNEBYGDE_GRUNNSKOLEFAG.get(karakter.fag)
    if fagtype is None and kjent is not None:
        fagtype = kjent.fagtype
    if karakter.karakter in ORDENSKARAKTERER and fagtype not in ("orden", "oppforsel"):
        if fagtype is not None or kjent is not None:
            raise Valideringsfeil(
                "karakter",
                f"«{karakter.karakter}» hører til skalaen for orden og oppførsel og kan ikke gis i {karakter.fag}.",
            )
        return "orden"
    return fagtype


def kontroller_mot_niva(
    karakterer: Iterable[Karakter], niva: str, *, vg3_kun_vg2: bool = False, ny_forskrift: bool = False
) -> list[tuple[int, str, str]]:
    """Feil som avhenger av søknadsnivået, regimet eller av andre rader: ``[(indeks, felt, melding), …]``.

    Hvorfor: en karakter kan være gyldig i seg selv, men ikke for dette inntaket (f.eks. trinn mangler
    der § 6-34 gjør trinnet avgjørende), og doble rader ville telle samme karakter to ganger.

    Samme fag, vurdering og trinn to ganger er en feil, med to unntak etter ny forskrift (``ny_forskrift``):
    et skoleresultat og et privatistresultat (§ 4-25 første ledd bokstav e), og samme fag i to ulike program
    (§ 4-25 første ledd bokstav f). Da teller det beste resultatet (``poeng``). Begge deler gjelder bare
    inntak til Vg2 og Vg3. I 2006-regimet finnes ikke feltet ``program`` (regelen er ny), og et
    privatistresultat utelates i beregningen, så det kan stå ved siden av skoleresultatet.
    """
    niva = normaliser_niva(niva)
    feil: list[tuple[int, str, str]] = []
    sett: dict[tuple[str, str, str | None, bool, str | None], int] = {}
    for i, k in enumerate(karakterer):
        if niva == "VG1" and k.trinn is not None:
            feil.append(
                (i, "trinn", "Trinn skal ikke oppgis ved inntak til Vg1; karakterene er fra grunnskolen.")
            )
        elif niva == "VG2" and k.trinn == "VG2":
            feil.append((i, "trinn", "Karakterer fra Vg2 kan ikke telle ved inntak til Vg2."))
        elif niva == "VG3" and k.trinn is None and k.vurdering == "halvar":
            feil.append(
                (
                    i,
                    "trinn",
                    "Trinn (VG1 eller VG2) må oppgis for halvårsvurdering ved inntak til Vg3 "
                    + ("(§ 4-25)." if ny_forskrift else "(§ 6-34)."),
                )
            )
        elif niva == "VG3" and k.trinn is None and vg3_kun_vg2:
            feil.append(
                (i, "trinn", "Trinn må oppgis når bare karakterer fra Vg2 teller ved inntak til Vg3.")
            )
        if k.program is not None and not ny_forskrift:
            feil.append(
                (
                    i,
                    "program",
                    "Flere program (§ 4-25 første ledd bokstav f) gjelder bare regelsett etter "
                    "opplæringsforskrifta 2024 (skoleår 2025-2026 og senere).",
                )
            )
        elif k.program is not None and niva == "VG1":
            feil.append(
                (
                    i,
                    "program",
                    "Program oppgis bare ved inntak til Vg2 og Vg3 (§ 4-25 første ledd bokstav f); "
                    "ved inntak til Vg1 teller vitnemålet fra grunnskolen.",
                )
            )
        if k.privatist and niva == "VG1":
            feil.append(
                (
                    i,
                    "privatist",
                    "Privatistresultat regnes for seg bare ved inntak til Vg2 og Vg3 (opplæringsforskrifta "
                    "§ 4-25 første ledd bokstav e); ved inntak til Vg1 føres resultatet som står på vitnemålet.",
                )
            )
        # Ny forskrift: skole og privatist, og ulike program, er ulike resultater i samme fag (det beste
        # teller). 2006-regimet: privatistresultatet utelates, så bare to like skoleresultater er dobbelt.
        nokkel = (k.fag, k.vurdering, k.trinn, k.privatist, k.program if ny_forskrift else None)
        if nokkel in sett:
            feil.append(
                (i, "fag", f"Samme fag og vurdering er oppgitt flere ganger (se karakterer[{sett[nokkel]}]).")
            )
        else:
            sett[nokkel] = i
    return feil
