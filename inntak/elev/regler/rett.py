"""Rett til videregående opplæring per person for ett skoleår (docs/elev.md §5).

Regimene følger skoleåret (docs/elev.md §5.1):

* ``opplaeringslova-1998`` (skoleårene 2017-2018 til 2023-2024): ungdomsrett i tre år etter gammel § 3-1, brukt
  år for år med telledato (standard 1. november), 1/3-regelen og innføringsår, utvidet for omval,
  spesialundervisning o.l. og lengre læreplan; aldersgrense ut skoleåret som starter det året personen fyller 24
  (endringen i 2017). Voksenrett (gammel § 4A-3) fra året personen fyller 25.
* ``opplaeringslova-2023`` (fra skoleåret 2024-2025): ungdomsrett etter § 5-1 til studie- eller yrkeskompetanse,
  men ikke lenger enn ut skoleåret som starter det året personen fyller 24; ingen årskvote. Voksenrett § 18-3
  fra skoleåret som starter det året personen fyller 19 (før det bare ved særlige grunner), og ellers fra 25.
  Omval etter § 5-5.

Skoleår før 2017-2018 har ikke noe regelsett (femårsregelen før 2017 er ikke lagt inn) og gir feil.

Lesemåter der kildene ikke er verifisert er navngitte valg i :class:`Rettsregler`, med den anbefalte som standard,
og vises i forklaringen: ``overgang`` (hvem som følger gammel lov etter 1. august 2024), ``omval_etter_frist``
(§ 5-5 andre setning) og ``ingen_rett_kode`` (koden for «ingen rett»).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .kilde import linje

__all__ = [
    "RETTSTYPER",
    "Kursbruk",
    "Omval",
    "Person",
    "Rett",
    "Rettsregler",
    "Rettskurs",
    "UkjentRegelsett",
    "Utvidelse",
    "rett",
]

UNGDOMSRETT = "U"
VOKSENRETT = "V"
FULLFORINGSRETT = "F"
RETTSTYPER: dict[str, str] = {
    UNGDOMSRETT: "Ungdomsrett",
    VOKSENRETT: "Voksenrett",
    FULLFORINGSRETT: "Fullføringsrett",
}
"""Rettstype ved inntak / i hjemfylket (SSB) (docs/elev.md §5.4)."""

GAMMEL_LOV = "opplaeringslova-1998"
NY_LOV = "opplaeringslova-2023"
FORSTE_AR_GAMMEL = 2017  # aldersregelen fra Prop. 79 L (2016–2017); femårsregelen før det er ikke lagt inn
FORSTE_AR_NY = 2024  # opplæringslova 2023 i kraft 1. august 2024
KVOTE_GAMMEL = 3
MAKS_OMVAL_AR = 1
MAKS_TILRETTELEGGING_AR = 2
TILRETTELEGGING = ("spesialundervisning", "tegnsprak", "punktskrift", "saerskilt_sprak")
UTVIDELSESGRUNNER = (*TILRETTELEGGING, "laereplan")

Overgang = Literal["gammel_for_tidligere_startet", "ny_for_alle"]
OmvalEtterFrist = Literal["bare_hvis_ikke_brukt", "alltid_ett"]


class UkjentRegelsett(LookupError):
    """Det finnes ikke noe rettsregelsett for skoleåret."""


@dataclass(frozen=True)
class Rettskurs:
    """Ett elevkurs slik rettsberegningen ser det. ``skolear`` er startåret (2024 for 2024-2025);
    ``kursprosent`` er den eksakte kursprosenten (se :mod:`.kursprosent`) eller ``None``."""

    skolear: int
    avbruddsdato: datetime.date | None = None
    kursprosent: Decimal | None = None
    innforingsar: bool = False
    programomrade: str = ""


@dataclass(frozen=True)
class Utvidelse:
    """Utvidet rett etter gammel lov: ``grunn`` er en av :data:`UTVIDELSESGRUNNER`, ``ar`` antall år."""

    grunn: str
    ar: int


@dataclass(frozen=True)
class Person:
    fodselsdato: datetime.date
    grunnskole: bool = True
    kompetanse_oppnadd: datetime.date | None = None
    kurs: tuple[Rettskurs, ...] = ()
    omval: tuple[datetime.date, ...] = ()
    utvidelser: tuple[Utvidelse, ...] = ()
    voksen_valgt: bool = False
    saerlige_grunner: bool = False
    inntatt_etter_18_5: bool = False


@dataclass(frozen=True)
class Rettsregler:
    """Parametere og lesemåter (docs/elev.md §5). ``telledato`` og ``soknadsfrist`` er (måned, dag)."""

    telledato: tuple[int, int] = (11, 1)
    soknadsfrist: tuple[int, int] = (3, 1)
    overgang: Overgang = "gammel_for_tidligere_startet"
    omval_etter_frist: OmvalEtterFrist = "bare_hvis_ikke_brukt"
    ingen_rett_kode: str | None = None


STANDARD = Rettsregler()


@dataclass(frozen=True)
class Kursbruk:
    skolear: int
    programomrade: str
    bruker_ar: bool
    grunn: str


@dataclass(frozen=True)
class Omval:
    dato: datetime.date
    innenfor_retten: bool
    grunn: str


@dataclass(frozen=True)
class Rett:
    skolear: int
    regime: str
    rettstype: str | None
    rett_til: datetime.date | None
    ar_brukt: int
    kvote: int | None
    ar_igjen: int | None
    kursbruk: tuple[Kursbruk, ...]
    omval: tuple[Omval, ...]
    omval_igjen: int | None
    voksen_mulig: bool
    forklaring: list[str] = field(default_factory=list)


def _d(dato: datetime.date) -> str:
    return dato.strftime("%d.%m.%Y")


def _skolear(ar: int) -> str:
    return f"{ar}-{ar + 1}"


def _regime(person: Person, skolear: int, regler: Rettsregler) -> tuple[str, str]:
    if skolear < FORSTE_AR_GAMMEL:
        raise UkjentRegelsett(
            f"Ingen rettsregler for skoleåret {_skolear(skolear)} (femårsregelen før 2017 er ikke lagt inn)."
        )
    if skolear < FORSTE_AR_NY:
        return GAMMEL_LOV, (
            f"Skoleåret {_skolear(skolear)} er før 1. august 2024: gammel opplæringslov (1998) § 3-1 og § 4A-3."
        )
    tidligere = sorted({k.skolear for k in person.kurs if k.skolear < FORSTE_AR_NY})
    if tidligere and regler.overgang == "gammel_for_tidligere_startet":
        return GAMMEL_LOV, (
            f"Personen startet i videregående før 2024-2025 (skoleår {_skolear(tidligere[0])}); lesemåte "
            "overgang=gammel_for_tidligere_startet: retten følger gammel lov (overgangen er ikke verifisert)."
        )
    if tidligere:
        return NY_LOV, (
            "Personen startet før 2024-2025, men lesemåte overgang=ny_for_alle: opplæringslova 2023 gjelder."
        )
    return NY_LOV, f"Skoleåret {_skolear(skolear)} er fra 1. august 2024: opplæringslova 2023 § 5-1."


def _kursbruk(kurs: Rettskurs, telledato: tuple[int, int]) -> Kursbruk:
    telle = datetime.date(kurs.skolear, *telledato)
    if kurs.innforingsar:
        return Kursbruk(kurs.skolear, kurs.programomrade, False, "innføringsår bruker ikke av retten")
    if kurs.kursprosent is not None and kurs.kursprosent * 3 <= 100:
        return Kursbruk(
            kurs.skolear, kurs.programomrade, False,
            f"kursprosent {kurs.kursprosent} er høyst 1/3 av programområdets timer og bruker ikke av retten",
        )  # fmt: skip
    if kurs.avbruddsdato is not None and kurs.avbruddsdato < telle:
        return Kursbruk(
            kurs.skolear, kurs.programomrade, False,
            f"avbrutt {_d(kurs.avbruddsdato)}, før telledato {_d(telle)}, og bruker ikke av retten",
        )  # fmt: skip
    if kurs.avbruddsdato is not None:
        grunn = f"avbrutt {_d(kurs.avbruddsdato)}, på eller etter telledato {_d(telle)}: ett år brukt"
    elif kurs.kursprosent is None:
        grunn = "kursprosent mangler og regnes som heltid: ett år brukt"
    else:
        grunn = f"kursprosent {kurs.kursprosent}, mer enn 1/3: ett år brukt"
    return Kursbruk(kurs.skolear, kurs.programomrade, True, grunn)


def _omval(
    person: Person, regler: Rettsregler, skolear: int
) -> tuple[tuple[Omval, ...], int | None, list[str]]:
    fylle19 = person.fodselsdato.year + 19
    frist = datetime.date(fylle19, *regler.soknadsfrist)
    linjer = [
        linje(
            f"Omval (§ 5-5): så mange som ønsket til søknadsfristen {_d(frist)} i året personen fyller 19; "
            f"lesemåte omval_etter_frist={regler.omval_etter_frist}.",
            "5.7",
        )
    ]
    for_frist = 0
    etter_brukt = False
    resultat: list[Omval] = []
    for dato in sorted(person.omval):
        if dato <= frist:
            for_frist += 1
            resultat.append(Omval(dato, True, "innen fristen"))
            linjer.append(linje(f"Omval {_d(dato)}: innen fristen.", "5.7"))
            continue
        tillatt = not etter_brukt and (regler.omval_etter_frist == "alltid_ett" or for_frist == 0)
        if tillatt:
            etter_brukt = True
            resultat.append(Omval(dato, True, "det ene omvalet etter fristen"))
            linjer.append(linje(f"Omval {_d(dato)}: det ene omvalet etter fristen.", "5.7"))
        else:
            grunn = (
                "det ene omvalet etter fristen er brukt"
                if etter_brukt
                else "omval er brukt før fristen, så det er ikke rett til ett til etter fristen"
            )
            resultat.append(Omval(dato, False, grunn))
            linjer.append(linje(f"Omval {_d(dato)}: utenfor retten ({grunn}).", "5.7"))
    soknad = datetime.date(skolear, *regler.soknadsfrist)
    if soknad <= frist:
        igjen = None
        linjer.append(linje(f"Ved søknadsfristen {_d(soknad)}: fritt antall omval.", "5.7"))
    else:
        kan = not etter_brukt and (regler.omval_etter_frist == "alltid_ett" or for_frist == 0)
        igjen = 1 if kan else 0
        linjer.append(linje(f"Ved søknadsfristen {_d(soknad)}: {igjen} omval igjen.", "5.7"))
    return tuple(resultat), igjen, linjer


def rett(
    person: Person,
    skolear: int,
    regler: Rettsregler = STANDARD,
    *,
    telledato: tuple[int, int] | None = None,
) -> Rett:
    """Rett ved inntak til skoleåret som starter i ``skolear`` (2026 for 2026-2027), med forklaring.

    Bare elevkurs fra tidligere skoleår teller som brukt rett. ``telledato`` (måned, dag) overstyrer regelsettets.
    """
    telle = telledato or regler.telledato
    regime, begrunnelse = _regime(person, skolear, regler)
    forklaring = [linje(begrunnelse, "5.1")]
    fodselsar = person.fodselsdato.year
    alder = skolear - fodselsar
    forklaring.append(
        linje(f"Født {_d(person.fodselsdato)}: fyller {alder} år i {skolear}, året skoleåret starter.", "5.2")
    )

    # Bruk av rett (alle regimer regner den; bare gammel lov har kvote)
    bruk = tuple(
        _kursbruk(k, telle) for k in sorted(person.kurs, key=lambda k: k.skolear) if k.skolear < skolear
    )
    brukte_ar = sorted({b.skolear for b in bruk if b.bruker_ar})
    for b in bruk:
        tekst = f"{_skolear(b.skolear)}{' ' + b.programomrade if b.programomrade else ''}: {b.grunn}."
        forklaring.append(linje(tekst[0].upper() + tekst[1:], "5.5"))
    ar_brukt = len(brukte_ar)
    if len([b for b in bruk if b.bruker_ar]) > ar_brukt:
        forklaring.append(linje("Flere elevkurs i samme skoleår bruker høyst ett år.", "5.5"))

    kvote: int | None = None
    ar_igjen: int | None = None
    omval: tuple[Omval, ...] = ()
    omval_igjen: int | None = None
    grunnlag_ok = person.grunnskole
    kompetanse = person.kompetanse_oppnadd is not None and person.kompetanse_oppnadd < datetime.date(
        skolear, 8, 1
    )
    rettstype: str | None = None
    rett_til: datetime.date | None = None
    voksen_mulig = False

    if not grunnlag_ok:
        forklaring.append(linje("Har ikke fullført grunnskolen eller tilsvarende: ingen rett.", "5.2"))
    elif kompetanse:
        assert person.kompetanse_oppnadd is not None
        forklaring.append(
            linje(
                f"Studie- eller yrkeskompetanse oppnådd {_d(person.kompetanse_oppnadd)}: retten er oppfylt.",
                "5.2",
            )
        )

    if regime == GAMMEL_LOV:
        forklaring.append(linje(f"Gammel lov: ungdomsretten er {KVOTE_GAMMEL} år.", "5.6"))
        kvote = KVOTE_GAMMEL
        if any(o < datetime.date(skolear, 8, 1) for o in person.omval):
            kvote += MAKS_OMVAL_AR
            forklaring.append(linje("Omval: retten utvides med ett skoleår.", "5.6"))
        tilrettelegging = sum(u.ar for u in person.utvidelser if u.grunn in TILRETTELEGGING)
        if tilrettelegging:
            brukt = min(tilrettelegging, MAKS_TILRETTELEGGING_AR)
            kvote += brukt
            forklaring.append(
                linje(
                    f"Spesialundervisning, tegnspråk, punktskrift eller særskilt språkopplæring: {brukt} år til"
                    + (
                        f" (søkt {tilrettelegging}, høyst {MAKS_TILRETTELEGGING_AR})"
                        if brukt != tilrettelegging
                        else ""
                    )
                    + ".",
                    "5.6",
                )
            )
        laereplan = sum(u.ar for u in person.utvidelser if u.grunn == "laereplan")
        if laereplan:
            kvote += laereplan
            forklaring.append(linje(f"Læreplanen krever lengre opplæring: {laereplan} år til.", "5.6"))
        ar_igjen = max(kvote - ar_brukt, 0)
        forklaring.append(linje(f"Brukt {ar_brukt} av {kvote} år; {ar_igjen} igjen.", "5.6"))
        if grunnlag_ok and not kompetanse:
            if alder <= 24 and ar_igjen > 0:
                rettstype = UNGDOMSRETT
                rett_til = datetime.date(fodselsar + 25, 7, 31)
                forklaring.append(
                    linje(
                        f"Ungdomsrett (gammel § 3-1): år igjen, og skoleåret starter senest det året personen "
                        f"fyller 24 (rett ut skoleåret {_skolear(fodselsar + 24)}).",
                        "5.6",
                    )
                )
            elif alder >= 25:
                rettstype = VOKSENRETT
                forklaring.append(linje("Voksenrett (gammel § 4A-3): fyller 25 år eller mer.", "5.3"))
            elif ar_igjen == 0:
                forklaring.append(linje("Ungdomsretten er brukt opp.", "5.6"))
            else:
                forklaring.append(linje("Ungdomsretten har gått ut (fylte 24 før skoleåret).", "5.6"))
    else:
        forklaring.append(
            linje(f"Ny lov: ingen årskvote; {ar_brukt} år brukt regnes bare til statistikk.", "5.5")
        )
        if person.utvidelser:
            forklaring.append(
                linje("Utvidelser av retten har ingen virkning etter ny lov (ingen årskvote).", "5.6")
            )
        omval, omval_igjen, omval_linjer = _omval(person, regler, skolear)
        if person.omval:
            forklaring.extend(omval_linjer)
        else:
            forklaring.append(omval_linjer[-1])
        voksen_mulig = grunnlag_ok and not kompetanse and alder >= 19
        if grunnlag_ok and not kompetanse:
            if alder >= 25:
                rettstype = VOKSENRETT
                forklaring.append(
                    linje("Voksenrett (§ 18-3): skoleåret starter etter året personen fylte 24.", "5.3")
                )
            elif person.voksen_valgt and alder >= 19:
                rettstype = VOKSENRETT
                forklaring.append(
                    linje(
                        "Voksenrett (§ 18-3): har valgt voksenopplæring fra året personen fyller 19.", "5.3"
                    )
                )
            elif person.voksen_valgt and person.saerlige_grunner:
                rettstype = VOKSENRETT
                forklaring.append(
                    linje("Voksenrett (§ 18-3) før 19 år fordi det er særlige grunner (§ 5-1).", "5.3")
                )
            else:
                if person.voksen_valgt:
                    forklaring.append(
                        linje("Har valgt voksenopplæring, men er under 19 år uten særlige grunner.", "5.3")
                    )
                rettstype = UNGDOMSRETT
                rett_til = datetime.date(fodselsar + 25, 7, 31)
                forklaring.append(
                    linje(
                        f"Ungdomsrett (§ 5-1) til studie- eller yrkeskompetanse, men ikke lenger enn ut skoleåret "
                        f"{_skolear(fodselsar + 24)} (lest som til {_d(rett_til)}).",
                        "5.2",
                    )
                )
                if alder >= 19:
                    forklaring.append(linje("Kan velge voksenopplæring (§ 18-3) fra 19 år.", "5.3"))

    if rettstype is None and person.inntatt_etter_18_5:
        rettstype = FULLFORINGSRETT
        forklaring.append(
            linje("Tatt inn uten rett (§ 18-5): rett til å fullføre opplæringen (fullføringsrett).", "5.4")
        )
    if rettstype is None:
        rettstype = regler.ingen_rett_kode
        forklaring.append(
            linje(f"Ingen rett; lesemåte ingen_rett_kode={regler.ingen_rett_kode or 'tom'}.", "5.4")
        )
    else:
        forklaring.append(linje(f"Rettstype {rettstype} ({RETTSTYPER.get(rettstype, 'ingen rett')}).", "5.4"))
    return Rett(
        skolear=skolear,
        regime=regime,
        rettstype=rettstype,
        rett_til=rett_til,
        ar_brukt=ar_brukt,
        kvote=kvote,
        ar_igjen=ar_igjen,
        kursbruk=bruk,
        omval=omval,
        omval_igjen=omval_igjen,
        voksen_mulig=voksen_mulig,
        forklaring=forklaring,
    )
