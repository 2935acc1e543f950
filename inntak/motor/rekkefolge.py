"""Admission order at one tilbud, for checking the priority rules without a database (``manage.py prioritet``).

Framework-free. Reads the request described in :func:`rekkefolge` and returns the order in which the tilbud
would admit the applicants if all wished it first: by priority group, then points (higher first), then the
engine's published lottery (:func:`inntak.motor.lodd.lodd`) with the request's seed.

With ``"inntakstype": "voksen"`` the request is the intake of adults (opplæringsforskrifta kapittel 13): each
applicant has ``voksenrett_hjemmel`` and ``komplett`` (ISO time the complete application was received), and the order
is § 13-4 and that time (:mod:`inntak.motor.prioritet_voksen`, docs/regler.md §9); same output shape.

The rule set follows the school year: up to 2024-2025 ``udir-2-2021`` (:mod:`inntak.motor.prioritet`, unchanged),
from 2025-2026 ``forskrift-2024`` (:mod:`inntak.motor.prioritet_2024`). An applicant without points (``poeng``
null) is individually treated; where that applicant stands in its group is the rule set's
``individuell_plassering`` reading (docs/regler/regler-2024.md, «Prioritet etter opplæringsforskrifta 2024»).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .lodd import lodd
from .prioritet import STANDARD_REGELSETT, gruppenavn, prioritetsgruppe
from .prioritet_2024 import (
    FORSKRIFT_2024,
    RETTER,
    Regelsett2024,
    Soker2024,
    gruppenavn_2024,
    prioritet_2024,
)
from .prioritet_voksen import HJEMLER, SokerVoksen, ordne_voksne

__all__ = ["SISTE_AR_2006", "UgyldigForesporsel", "regelsett_for_skolear", "rekkefolge"]

SISTE_AR_2006 = 2024  # school years starting in 2024 or earlier use the 2006 rules
_TOPP = {"skolear", "niva", "behandlende_fylke", "tilbud", "sokere", "seed"}
_TILBUD = ("landslinje", "statlig", "saerskilt_inntakskrav")
_SOKER = {
    "id", "bostedsfylke", "poeng", "fodselsar", "rett", "deltid", "saerlige_grunner", "samisk",
    "flytting_dokumentert",
}  # fmt: skip
_SOKER_BOOL = ("deltid", "saerlige_grunner", "samisk", "flytting_dokumentert")
_FYLKE = re.compile(r"^\d{2}$")
_SKOLEAR = re.compile(r"^(\d{4})-(\d{4})$")


def _soker_rader(data: dict, f, tillatte: set[str], ukjent: str):
    """The applicant rows of a request, with the checks both intake types share: an object, known fields, a
    non-empty id that is not repeated. Yields (path, row, id) for every object row; errors go to ``f``."""
    rader = data.get("sokere")
    if not isinstance(rader, list):
        f("sokere", "Må være en liste med søkere.")
        rader = []
    sett: set[str] = set()
    for i, rad in enumerate(rader):
        sti = f"sokere[{i}]"
        if not isinstance(rad, dict):
            f(sti, "Må være et JSON-objekt.")
            continue
        for nokkel in sorted(set(rad) - tillatte):
            f(f"{sti}.{nokkel}", ukjent)
        sid = rad.get("id")
        if not isinstance(sid, str) or not sid.strip():
            f(f"{sti}.id", "Må oppgis som en tekst som ikke er tom.")
        elif sid in sett:
            f(f"{sti}.id", f"Søker-id «{sid}» finnes allerede.")
        else:
            sett.add(sid)
        yield sti, rad, sid


class UgyldigForesporsel(ValueError):
    """Invalid request; ``feil`` maps a field path («sokere[2].poeng») to Norwegian messages."""

    def __init__(self, feil: dict[str, list[str]]):
        super().__init__("; ".join(f"{felt}: {m}" for felt, ms in feil.items() for m in ms))
        self.feil = feil


def regelsett_for_skolear(skolear: str) -> str:
    """``udir-2-2021`` for school years up to 2024-2025, ``forskrift-2024`` from 2025-2026."""
    treff = _SKOLEAR.match(skolear)
    if not treff:
        raise ValueError(f"Ugyldig skoleår «{skolear}» (forventet f.eks. 2026-2027).")
    return STANDARD_REGELSETT if int(treff.group(1)) <= SISTE_AR_2006 else FORSKRIFT_2024


@dataclass(frozen=True)
class _Soker:
    id: str
    bostedsfylke: str
    poeng: Decimal | None
    fodselsar: int | None
    rett: str | None
    deltid: bool
    saerlige_grunner: bool
    samisk: bool
    flytting_dokumentert: bool


def rekkefolge(data: Any, regler_2024: Regelsett2024 | None = None) -> dict[str, Any]:
    """``{"rekkefolge": [{"id", "gruppe", "forklaring"}, …]}`` for a request (see the module docstring).

    Request: ``{"skolear": "2026-2027", "niva": "VG1", "behandlende_fylke": "50", "tilbud": {"landslinje",
    "statlig", "saerskilt_inntakskrav"}, "sokere": [{"id", "bostedsfylke", "poeng", "fodselsar", "rett",
    "deltid", "saerlige_grunner", "samisk", "flytting_dokumentert"}], "seed": 0}``; every applicant field but
    ``id``, ``bostedsfylke`` and ``poeng`` is optional, ``tilbud`` and ``seed`` are optional. Raises
    :class:`UgyldigForesporsel` with every error found.
    """
    if isinstance(data, dict) and "inntakstype" in data:
        if data["inntakstype"] == "voksen":
            return _rekkefolge_voksen(data)
        if data["inntakstype"] != "ordinar":
            raise UgyldigForesporsel(
                {"inntakstype": ["Må være «ordinar» (kapittel 4) eller «voksen» (kapittel 13)."]}
            )
        data = {k: v for k, v in data.items() if k != "inntakstype"}
    regler_2024 = regler_2024 or Regelsett2024()
    skolear, niva, fylke, tilbud, sokere, seed = _les(data)
    ar = int(skolear[:4])
    regelsett = regelsett_for_skolear(skolear)
    ny = regelsett == FORSKRIFT_2024
    vg1 = niva == "vg1"

    foran = ny and regler_2024.individuell_plassering == "foran_poeng"
    rader = []
    for s in sokere:
        if ny:
            gruppe, linjer = _ny(s, ar, niva, fylke, tilbud, regler_2024)
        else:
            gruppe, linjer = _gammel(s, ar, niva, fylke, tilbud)
        if s.poeng is None:
            individuell = 0 if foran else 1
            if ny:
                linjer.append(
                    f"Ingen poengsum: individuell behandling ({'§ 4-20' if vg1 else '§ 4-26'}), i samme steg som "
                    "søkerne med poeng (§ 4-14 første ledd bokstav b). Lesemåte individuell_plassering="
                    f"{regler_2024.individuell_plassering}: "
                    + (
                        "foran søkerne med poeng i gruppen (fylkets valg)."
                        if individuell == 0
                        else "etter søkerne med poeng i gruppen, fordi poengsum ikke gjelder for dem "
                        f"({'§ 4-18' if vg1 else '§ 4-24'}) og de ikke rangeres foran poengsøkerne."
                    )
                )
            else:
                linjer.append(
                    "Ingen poengsum: individuell behandling (forskrift 2006 "
                    f"{'§§ 6-22–6-24' if vg1 else '§§ 6-35–6-38'}); uten vedtak om plass rangeres søkeren etter "
                    "søkerne med poeng i gruppen."
                )
        else:
            individuell = 1 if foran else 0
            hjemmel = ("§ 4-18" if vg1 else "§ 4-24") if ny else ("§ 6-20" if vg1 else "§ 6-33")
            linjer.append(f"Poengsum {_tall(s.poeng)}: høyere poengsum først innen gruppen ({hjemmel}).")
        nokkel = (gruppe, individuell, -(s.poeng or Decimal(0)))
        rader.append((nokkel, lodd(seed, s.id), s.id, gruppe, linjer))

    rader.sort(key=lambda r: (r[0], r[1], r[2]))
    like: dict[tuple, int] = {}
    for r in rader:
        like[r[0]] = like.get(r[0], 0) + 1
    hjemmel_lodd = ("§ 4-18" if vg1 else "§ 4-24") if ny else ("§ 6-20" if vg1 else "§ 6-33")
    ut = []
    for plass, (nokkel, billett, sid, gruppe, linjer) in enumerate(rader, start=1):
        if like[nokkel] > 1:
            linjer.append(
                f"Står likt i gruppe og poeng med {_andre(like[nokkel] - 1)}: rekkefølgen avgjøres ved loddtrekning "
                f"({hjemmel_lodd}); lodd {billett:016x} (de første 16 heksadesimale sifrene av "
                f"SHA-256(«{seed}:{sid}»), lavest først)."
            )
        if tilbud["saerskilt_inntakskrav"]:
            linjer.append(
                "Tilbudet har særskilte inntakskrav: inntil halvparten av plassene kan fordeles etter inntaksprøve "
                "eller dokumentert ferdighet (§ 4-6 første ledd"
                + ("" if ny else "; forskrift 2006 § 6-11")
                + "). Rekkefølgen her gjelder plassene som fordeles etter poeng; i inntakskjøringen fylles kvoten "
                "først etter registrerte prøveresultater (docs/regler.md, «Kvote etter § 4-6»)."
            )
        linjer.append(f"Plass {plass} i rekkefølgen.")
        ut.append({"id": sid, "gruppe": gruppe, "forklaring": linjer})
    return {"rekkefolge": ut}


def _ny(
    s: _Soker, ar: int, niva: str, fylke: str, tilbud: dict[str, bool], regler: Regelsett2024
) -> tuple[int, list[str]]:
    forut: list[str] = []
    rett = s.rett
    if rett is None:
        if s.fodselsar is None:
            rett = "ungdomsrett"
            forut.append(
                "Rett er ikke oppgitt og fødselsår mangler: antatt ungdomsrett (opplæringslova § 5-1)."
            )
        else:
            rett = "ungdomsrett" if ar - s.fodselsar <= 24 else "voksenrett"
            forut.append(
                f"Rett er ikke oppgitt: {rett} utledet av fødselsåret {s.fodselsar} (opplæringslova § 5-1: "
                "ungdomsretten varer ut skoleåret som tar til det året søkeren fyller 24 år; deretter § 18-3). "
                "UTLEDET; studie- eller yrkeskompetanse er ikke kjent her."
            )
    p = prioritet_2024(
        Soker2024(
            rett=rett, eget_fylke=s.bostedsfylke == fylke, flytting_dokumentert=s.flytting_dokumentert,
            deltid=s.deltid, saerlige_grunner=s.saerlige_grunner, samisk=s.samisk,
        ),
        niva=niva, landslinje=tilbud["landslinje"], statlig=tilbud["statlig"], regelsett=regler,
    )  # fmt: skip
    forste = f"Gruppe {p.gruppe}: {gruppenavn_2024(p.gruppe, regler)}."
    return p.gruppe, [forste, p.forklaring[0], *forut, *p.forklaring[1:]]


def _gammel(s: _Soker, ar: int, niva: str, fylke: str, tilbud: dict[str, bool]) -> tuple[int, list[str]]:
    rett = s.rett or "ungdomsrett"
    voksen = rett == "voksenrett" or (s.fodselsar is not None and ar - s.fodselsar >= 25)
    gjest = s.bostedsfylke != fylke and not s.flytting_dokumentert
    gruppe = prioritetsgruppe(
        niva, "uten_rett" if rett == "ingen" else "rett", voksen, not s.deltid, gjest, STANDARD_REGELSETT
    )
    linjer = [
        f"Gruppe {gruppe}: {gruppenavn(niva, gruppe, STANDARD_REGELSETT)}.",
        f"Regelsett {STANDARD_REGELSETT} (forskrift 2006 kap. 6, Udir-2-2021) for skoleår til og med 2024-2025; "
        "se tabellen i inntak/motor/prioritet.py.",
    ]
    if gjest:
        linjer.append("Folkeregistrert i et annet fylke: gjesteelev (forskrift 2006 § 6-4).")
    if tilbud["landslinje"] or tilbud["statlig"]:
        linjer.append(
            "Landslinje/statlig skole: regelsettet udir-2-2021 har ingen egen regel for dette; lokal forskrift "
            "regulerer inntaket (forskrift 2006 § 6-12, § 6-44)."
        )
    return gruppe, linjer


def _andre(antall: int) -> str:
    return "én annen søker" if antall == 1 else f"{antall} andre søkere"


def _tall(poeng: Decimal) -> str:
    return f"{poeng:.2f}".replace(".", ",")


def _les(data: Any) -> tuple[str, str, str, dict[str, bool], list[_Soker], int]:
    feil: dict[str, list[str]] = {}

    def f(felt: str, melding: str) -> None:
        feil.setdefault(felt, []).append(melding)

    if not isinstance(data, dict):
        raise UgyldigForesporsel({"(fil)": ["Forespørselen må være et JSON-objekt."]})
    for nokkel in sorted(set(data) - _TOPP):
        f(nokkel, "Ukjent felt.")

    skolear = data.get("skolear")
    if not isinstance(skolear, str) or not (t := _SKOLEAR.match(skolear)) or int(t[2]) != int(t[1]) + 1:
        f("skolear", "Må være et skoleår som «2026-2027».")
    niva = data.get("niva")
    if not isinstance(niva, str) or niva.lower() not in ("vg1", "vg2", "vg3"):
        f("niva", "Må være VG1, VG2 eller VG3.")
    fylke = data.get("behandlende_fylke")
    if not isinstance(fylke, str) or not _FYLKE.match(fylke):
        f("behandlende_fylke", "Må være et fylkesnummer med to sifre, f.eks. «50».")

    tilbud_inn = data.get("tilbud", {})
    tilbud = dict.fromkeys(_TILBUD, False)
    if not isinstance(tilbud_inn, dict):
        f("tilbud", "Må være et JSON-objekt.")
    else:
        for nokkel, verdi in tilbud_inn.items():
            if nokkel not in _TILBUD:
                f(f"tilbud.{nokkel}", "Ukjent felt.")
            elif not isinstance(verdi, bool):
                f(f"tilbud.{nokkel}", "Må være true eller false.")
            else:
                tilbud[nokkel] = verdi

    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        f("seed", "Må være et heltall, 0 eller større.")

    sokere: list[_Soker] = []
    for sti, rad, sid in _soker_rader(data, f, _SOKER, "Ukjent felt."):
        bosted = rad.get("bostedsfylke")
        if not isinstance(bosted, str) or not _FYLKE.match(bosted):
            f(f"{sti}.bostedsfylke", "Må oppgis som et fylkesnummer med to sifre, f.eks. «03».")
        poeng: Decimal | None = None
        if "poeng" not in rad:
            f(f"{sti}.poeng", "Mangler; oppgi poengsummen, eller null for individuell behandling.")
        elif rad["poeng"] is not None:
            verdi = rad["poeng"]
            try:
                if isinstance(verdi, bool) or not isinstance(verdi, (str, int, float)):
                    raise InvalidOperation
                poeng = Decimal(str(verdi))
                if not poeng.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                f(f"{sti}.poeng", "Må være et tall som «45.60», eller null for individuell behandling.")
                poeng = None
            else:
                if poeng < 0:
                    f(f"{sti}.poeng", "Kan ikke være negativ.")
                elif poeng != poeng.quantize(Decimal("0.01")):
                    f(f"{sti}.poeng", "Kan ha høyst to desimaler.")
        fodselsar = rad.get("fodselsar")
        if fodselsar is not None and (
            not isinstance(fodselsar, int) or isinstance(fodselsar, bool) or not 1900 <= fodselsar <= 2100
        ):
            f(f"{sti}.fodselsar", "Må være et årstall, f.eks. 2011.")
            fodselsar = None
        rett = rad.get("rett")
        if rett is not None and rett not in RETTER:
            f(f"{sti}.rett", "Må være «ungdomsrett», «voksenrett» eller «ingen».")
            rett = None
        elif (
            rett == "ungdomsrett"
            and fodselsar is not None
            and isinstance(skolear, str)
            and _SKOLEAR.match(skolear)
            and regelsett_for_skolear(skolear) == FORSKRIFT_2024
            and int(skolear[:4]) - fodselsar > 24
        ):
            f(
                f"{sti}.rett",
                "Ungdomsrett varer ikke lenger enn ut skoleåret som tar til det året søkeren fyller 24 år "
                f"(opplæringslova § 5-1); søkeren er født {fodselsar}.",
            )
        flagg = {}
        for nokkel in _SOKER_BOOL:
            verdi = rad.get(nokkel, False)
            if not isinstance(verdi, bool):
                f(f"{sti}.{nokkel}", "Må være true eller false.")
                verdi = False
            flagg[nokkel] = verdi
        sokere.append(
            _Soker(
                id=sid if isinstance(sid, str) else "", bostedsfylke=bosted if isinstance(bosted, str) else "",
                poeng=poeng, fodselsar=fodselsar, rett=rett, **flagg,
            )
        )  # fmt: skip
    if feil:
        raise UgyldigForesporsel(feil)
    return skolear, niva.lower(), fylke, tilbud, sokere, seed


_TOPP_VOKSEN = {"inntakstype", "skolear", "behandlende_fylke", "sokere"}
_SOKER_VOKSEN = {"id", "voksenrett_hjemmel", "komplett"}


def _rekkefolge_voksen(data: dict[str, Any]) -> dict[str, Any]:
    """Adults (kapittel 13): ``{"inntakstype": "voksen", "skolear"?, "behandlende_fylke"?, "sokere": [{"id",
    "voksenrett_hjemmel"?, "komplett"}]}``; ``komplett`` null = not complete (ranked last, not in the intake)."""
    feil: dict[str, list[str]] = {}

    def f(felt: str, melding: str) -> None:
        feil.setdefault(felt, []).append(melding)

    for nokkel in sorted(set(data) - _TOPP_VOKSEN):
        f(
            nokkel,
            "Gjelder ikke inntak av voksne (opplæringsforskrifta § 13-4 ordner etter grunnlag og tidspunkt).",
        )
    skolear = data.get("skolear")
    if skolear is not None and (
        not isinstance(skolear, str) or not (t := _SKOLEAR.match(skolear)) or int(t[2]) != int(t[1]) + 1
    ):
        f("skolear", "Må være et skoleår som «2026-2027».")
    fylke = data.get("behandlende_fylke")
    if fylke is not None and (not isinstance(fylke, str) or not _FYLKE.match(fylke)):
        f("behandlende_fylke", "Må være et fylkesnummer med to sifre, f.eks. «50».")
    sokere: list[SokerVoksen] = []
    ukjent = "Ukjent felt for inntak av voksne (bruk id, voksenrett_hjemmel og komplett)."
    for sti, rad, sid in _soker_rader(data, f, _SOKER_VOKSEN, ukjent):
        hjemmel = rad.get("voksenrett_hjemmel", "")
        if hjemmel is None:
            hjemmel = ""
        if hjemmel not in HJEMLER:
            f(f"{sti}.voksenrett_hjemmel", "Må være «18-3», «18-6», «18-4», «18-7» eller tom for uten rett "
              "(opplæringsforskrifta § 13-4).")  # fmt: skip
            hjemmel = ""
        komplett = None
        if "komplett" not in rad:
            f(f"{sti}.komplett", "Mangler; oppgi tidspunktet den komplette søknaden kom inn (ISO 8601, f.eks. "
              "«2026-03-02T09:15:00+01:00»), eller null hvis søknaden ikke er komplett.")  # fmt: skip
        elif rad["komplett"] is not None:
            try:
                if not isinstance(rad["komplett"], str):
                    raise ValueError
                komplett = datetime.datetime.fromisoformat(rad["komplett"])
            except ValueError:
                f(
                    f"{sti}.komplett",
                    "Må være et tidspunkt i ISO 8601, f.eks. «2026-03-02T09:15:00+01:00», eller null.",
                )
        sokere.append(SokerVoksen(sid if isinstance(sid, str) else "", hjemmel, komplett))
    if feil:
        raise UgyldigForesporsel(feil)
    return {
        "rekkefolge": [
            {"id": s.id, "gruppe": p.gruppe, "forklaring": list(p.forklaring)}
            for s, p in ordne_voksne(sokere)
        ]
    }
