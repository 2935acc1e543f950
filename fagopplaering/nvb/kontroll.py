"""The NVB control engine: KMnnn messages for a file (docs/fagopplaering/nvb.md; docs/fagopplaering/domene.md §7).

Why our own engine: a document with a FEIL is not imported by NVB and must not be printed, so VIGO checks before
it issues or exports anything, without a round trip to Sikt (the HTTP control API, :mod:`.transport`, can run
the official checks on top). The rules come from the NVB-kontrollmotor documentation (2021) as summarised in
docs/fagopplaering/domene.md §7; the catalogue ``KODER`` (with ``KILDER`` for where each rule comes from) is
the table in docs/fagopplaering/nvb.md. Codes follow NVB's ranges: KM000–099 system, KM100–499 file checks
(FIL), KM500–999 fag checks (FAG). The code numbers are ours, not NVB's.

Unlike kontroll.exe, the fag checks also run on a document with FIL errors, so one run shows everything.
Framework-free: no Django; messages are Norwegian and never repeat a fødselsnummer or name.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from fagopplaering.nvb.modell import VGDOKNR_RE, Annullering, Avsender, Dokument, Fil
from inntak.elev.regler.fodselsnummer import fodselsdato, klassifiser

__all__ = ["KILDER", "KODER", "Melding", "eksporterbare", "gyldig_orgnr", "har_feil", "kontroller",
           "kontroller_dokument", "lag_melding"]  # fmt: skip

# The catalogue lives in fagopplaering.nvb.koder; KODER and KILDER are re-exported for callers and tests.
from fagopplaering.nvb.koder import _KATALOG, KILDER, KODER, S  # noqa: E402, F401


@dataclass(frozen=True)
class Melding:
    """One control message; ``linje`` is the line in the file when known (also named at the start of ``tekst``)."""

    vgdoknr: str
    klasse: str  # FIL, FAG or SYSTEM
    alvor: str  # FEIL, VARSEL or INFO
    kode: str  # KMnnn
    tekst: str
    linje: int | None = None

    def som_dict(self) -> dict[str, str]:
        return {"vgdoknr": self.vgdoknr, "klasse": self.klasse, "alvor": self.alvor, "kode": self.kode,
                "tekst": self.tekst}  # fmt: skip

    def som_e_linje(self, nr: int, kontrollnr: int | None = None) -> str:
        """The ¤E output line: E1 meldingsnr, E2 kontrollnr (blank: not tied to a ¤K), E3 klasse, E4 alvor, E5
        kode, E6 tekst (line breaks as ``\\n``, a ``¤`` wrapped in ``{ }``)."""
        tekst = self.tekst.replace("\r\n", "\n").replace("\n", "\\n").strip()
        if "¤" in tekst or tekst.startswith("{"):
            tekst = "{" + tekst + "}"
        kontroll = "" if kontrollnr is None else str(kontrollnr)
        return f"¤E¤{nr}¤{kontroll}¤{self.klasse}¤{self.alvor}¤{self.kode}¤{tekst}"


def lag_melding(kode: str, vgdoknr: str, tekst: str, linje: int | None = None) -> Melding:
    """A message with class and severity from ``KODER``; the line number, when known, starts the text."""
    klasse, alvor, _ = KODER[kode]
    return Melding(vgdoknr, klasse, alvor, kode, f"Linje {linje}: {tekst}" if linje else tekst, linje)


# --- small checks ------------------------------------------------------------------------------------------------

_VEKTER_ORGNR = (3, 2, 7, 6, 5, 4, 3, 2, 1)
_VEKTER_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_VEKTER_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_VMM = re.compile(r"^VMM\d\d$")
_FAM = re.compile(r"^FAM\d\d$")
_DATO_DMY = re.compile(r"(\d\d)\.(\d\d)\.(\d{4})$")
_TALL = frozenset("123456")
_F5 = _TALL | {"D", "F", "R", "B", "BM", "BMG", "IB", "GK", "IV", "-"}
_F6 = _TALL | {"F", "R", "B", "BM", "BMG", "IB", "GK", "IM", "-"}
_BESTATT = frozenset({"B", "BM", "BMG", "IB"})
_KARAKTER = _TALL | _BESTATT | {"GK"}
"""An actual standpunkt grade (not D deltatt, F fritatt, R, IV or -): makes V22 Orden and P6/P7 fravær obligatory."""
_EKSAMENSFORM_KL = frozenset({"S", "M", "MP", "P", "TS", "TP"})
_EKSAMENSFORM_R94 = _EKSAMENSFORM_KL | {"T", "SP", "SM", "ST", "IM"}
_FAGTYPE_KL = frozenset({"FF", "FP", "VP", "PF", "UP", "GS"})
_NIVA_KL = frozenset({"VG1", "VG2", "VG3", "VG4", "VG5"})
_NIVA_R94 = _NIVA_KL | {"GK", "VK1", "VK2", "VKI", "VKII"}
_ORDEN_GAMMEL = frozenset({"NG", "LG", "God", "Nokså god", "Lite god"})


def _heltall(v: str) -> bool:
    return v.isascii() and v.isdigit()


def gyldig_orgnr(orgnr: str) -> bool:
    """Nine digits starting with 8 or 9 (4: NVB's fictive number for a foreign school), Σ vekt × siffer ≡ 0 mod 11."""
    if len(orgnr) != 9 or not _heltall(orgnr) or orgnr[0] not in "489":
        return False
    return sum(v * int(s) for v, s in zip(_VEKTER_ORGNR, orgnr, strict=True)) % 11 == 0


def _kontrollsifre(ni: str) -> str | None:
    """Both mod-11 check digits of a fødselsnummer (as python-stdnum's calc_check_digit1/2); None if none exists."""
    k1 = (11 - sum(v * int(s) for v, s in zip(_VEKTER_K1, ni, strict=True))) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(v * int(s) for v, s in zip(_VEKTER_K2, ni + str(k1), strict=True))) % 11
    return None if k2 == 10 else f"{k1}{k2}"


def _dag_maned(foedtdato: str) -> tuple[int, int, int] | None:
    """Day, month and two-digit year from DDMMÅÅ; D-nummer (day + 40) and Test Norge (month + 80) unwrapped."""
    if len(foedtdato) != 6 or not _heltall(foedtdato):
        return None
    dag, maned, ar2 = int(foedtdato[0:2]), int(foedtdato[2:4]), int(foedtdato[4:6])
    return (dag - 40 if dag > 40 else dag), (maned - 80 if maned > 80 else maned), ar2


def _gyldig_dato(ar: int, maned: int, dag: int) -> bool:
    try:
        datetime.date(ar, maned, dag)
    except ValueError:
        return False
    return True


def _dato_dmy(tekst: str) -> datetime.date | None:
    treff = _DATO_DMY.search(tekst)
    if treff is None:
        return None
    try:
        return datetime.date(int(treff.group(3)), int(treff.group(2)), int(treff.group(1)))
    except ValueError:
        return None


class _Ut:
    """Collects messages for one document or line group."""

    def __init__(self, vgdoknr: str) -> None:
        self.vgdoknr = vgdoknr
        self.liste: list[Melding] = []

    def __call__(self, kode: str, tekst: str, linje: int | None) -> None:
        self.liste.append(lag_melding(kode, self.vgdoknr, tekst, linje))

    def obligatorisk(
        self, kode: str, post: object, felt: Iterable[tuple[str, str]], linje: int | None
    ) -> None:
        for navn, etikett in felt:
            verdi = getattr(post, navn)
            if verdi is None or verdi == "":
                self(kode, f"{etikett} mangler.", linje)


# --- ¤A, ¤S and ¤D ------------------------------------------------------------------------------------------------

_A_OBLIG = (("orgnr", "A1 Orgnr"), ("skolenr", "A2 Skolenr"), ("systemnavn", "A8 Systemnavn"),
            ("systemversjon", "A9 Systemversjon"), ("tid_fil_laget", "A10 Tid_fil_laget"))  # fmt: skip
_S_OBLIG = (("orgnr", "S1 Orgnr"), ("skolenr", "S3 Skolenr"), ("skolenavn", "S6 Skolenavn"),
            ("fylkesnr", "S7 Fylkesnr"), ("kommunetall", "S8 Kommunetall"), ("skoletype", "S10 Skoletype"),
            ("kontaktperson", "S13 Kontaktperson"), ("adrpoststed", "S24 Adrpoststed"),
            ("telefonnr", "S30 Telefonnr"))  # fmt: skip
_D_OBLIG = (("vgdoknr", "D1 Vgdoknr"), ("dato_annullert", "D2 Dato_annullert"), ("saksbehandler", "D3 Saksbehandler"),
            ("aarsakkode", "D5 Annulleringaarsakkode"))  # fmt: skip
_ANTALLSNAVN = ("A3 Antall_vgdok", "A4 Antall_vgdokann", "A5 Antall_vgdokfag", "A6 Antall_vgdokpromr",
                "A7 Antall_vgdokmerknad")  # fmt: skip
_LINJETYPER = ("¤V", "¤D", "¤F", "¤P", "¤M")


def _kontroller_avsender(a: Avsender) -> list[Melding]:
    ut = _Ut("")
    ut.obligatorisk("KM120", a, _A_OBLIG, a.linje)
    if a.orgnr and not gyldig_orgnr(a.orgnr):
        ut("KM121", f"A1 Orgnr «{a.orgnr}» er ikke et gyldig organisasjonsnummer.", a.linje)
    if a.skolenr and (len(a.skolenr) != 5 or not _heltall(a.skolenr)):
        ut("KM122", f"A2 Skolenr «{a.skolenr}» skal være fem siffer (VIGO-skolenummer).", a.linje)
    if a.systemnavn and a.systemnavn != "Vigo":
        ut("KM124", f"A8 Systemnavn er «{a.systemnavn}», NVB venter «Vigo» fra VIGO.", a.linje)
    if a.oppgitt_antall is not None:
        faktisk = a.antall()
        for navn, type_, oppgitt, telt in zip(
            _ANTALLSNAVN, _LINJETYPER, a.oppgitt_antall, faktisk, strict=True
        ):
            if oppgitt != telt:
                ut("KM123", f"{navn} er {oppgitt}, men delen har {telt} {type_}-linjer.", a.linje)
    s = a.skole
    if s is not None:
        ut.obligatorisk("KM130", s, _S_OBLIG, s.linje)
        if s.orgnr and s.orgnr != a.orgnr:
            ut("KM131", f"S1 Orgnr «{s.orgnr}» er ikke lik A1 Orgnr «{a.orgnr}».", s.linje)
        if s.skolenr and (len(s.skolenr) != 5 or not _heltall(s.skolenr)):
            ut("KM122", f"S3 Skolenr «{s.skolenr}» skal være fem siffer.", s.linje)
        if s.skoletype and s.skoletype not in ("F", "P", "K", "S", "U"):
            ut("KM132", f"S10 Skoletype «{s.skoletype}» er ikke F, P, K, S eller U.", s.linje)
        for navn, verdi in (("S7 Fylkesnr", s.fylkesnr), ("S8 Kommunetall", s.kommunetall)):
            if verdi and (len(verdi) > 2 or not _heltall(verdi)):
                ut("KM111", f"{navn} «{verdi}» skal være et tall med høyst to siffer.", s.linje)
    return ut.liste


def _kontroller_annullering(d: Annullering, idag: datetime.date) -> list[Melding]:
    ut = _Ut(d.vgdoknr)
    ut.obligatorisk("KM400", d, _D_OBLIG, d.linje)
    if d.vgdoknr and not VGDOKNR_RE.match(d.vgdoknr):
        ut("KM141", f"D1 Vgdoknr «{d.vgdoknr}» har ikke formatet V/K + orgnr + år + løpenr.", d.linje)
    if d.erstattes_av:
        if not VGDOKNR_RE.match(d.erstattes_av):
            ut("KM141", f"D4 Vgdoknr_erstattes_av «{d.erstattes_av}» er ikke et gyldig Vgdoknr.", d.linje)
        elif d.erstattes_av == d.vgdoknr:
            ut("KM404", "D4 Vgdoknr_erstattes_av er det samme som Vgdoknr; bruk nytt nummer.", d.linje)
    if d.aarsakkode and d.aarsakkode not in ("KLA", "FEI", "NVB", "ANN"):
        ut("KM402", f"D5 Annulleringaarsakkode «{d.aarsakkode}» er ikke KLA, FEI, NVB eller ANN.", d.linje)
    if d.dato_annullert is not None and d.dato_annullert > idag:
        ut("KM405", f"D2 Dato_annullert {d.dato_annullert:%d.%m.%Y} er fram i tid.", d.linje)
    return ut.liste


# --- ¤V with ¤P, ¤F, ¤M -------------------------------------------------------------------------------------------

_V_OBLIG = (("vgdoknr", "V1 Vgdoknr"), ("reformkode", "V4 Reformkode"), ("vgdoktypekode", "V5 Vgdoktypekode"),
            ("avgangsaar", "V6 Avgangsaar"), ("orgnr", "V7 Orgnr"), ("utstedersted", "V9 Utstedersted"),
            ("dato_utstedt", "V10 Dato_utstedt"), ("skolenavn", "V11 Skolenavn"), ("rektornavn", "V12 Rektornavn"),
            ("underskrivernavn", "V13 Underskrivernavn"), ("foedtdato", "V14 Foedtdato"),
            ("personnavn", "V16 Personnavn"), ("omfang", "V20 Omfang"))  # fmt: skip
_P_OBLIG = (("promrkode", "P2 Promrkode"), ("nivaakode", "P3 Nivaakode"))
_F_OBLIG = (("fagkode", "F2 Fagkode"), ("linjenr", "F4 Linjenr"), ("terminkode", "F9 Terminkode"),
            ("aar", "F10 Aar"), ("fagstatuskode", "F12 Fagstatuskode"))  # fmt: skip
_M_OBLIG = (("merknadnr", "M2 Merknadnr"), ("merknadkode", "M3 Merknadkode"))


def _kontroller_hode(d: Dokument, a: Avsender, ut: _Ut, idag: datetime.date, standpunkt: bool) -> None:
    kl, vm, r94 = d.reformkode == "KL", d.vgdoktypekode == "VM", d.reformkode == "R94"
    ut.obligatorisk("KM140", d, _V_OBLIG, d.linje)
    if d.reformkode and not (kl or r94):
        ut("KM146", f"V4 Reformkode «{d.reformkode}» er ikke KL eller R94.", d.linje)
    if d.vgdoktypekode and d.vgdoktypekode not in ("VM", "KB"):
        ut("KM147", f"V5 Vgdoktypekode «{d.vgdoktypekode}» er ikke VM eller KB.", d.linje)
    if d.vgdoknr:
        treff = VGDOKNR_RE.match(d.vgdoknr)
        if treff is None:
            ut(
                "KM141",
                f"V1 Vgdoknr «{d.vgdoknr}» har ikke formatet V/K + orgnr (9) + år (4) + løpenr (4).",
                d.linje,
            )
        else:
            if d.vgdoktypekode in ("VM", "KB") and {"V": "VM", "K": "KB"}[treff.group(1)] != d.vgdoktypekode:
                ut(
                    "KM142",
                    f"Vgdoknr starter på {treff.group(1)}, men V5 Vgdoktypekode er {d.vgdoktypekode}.",
                    d.linje,
                )
            if d.orgnr and treff.group(2) != d.orgnr:
                ut("KM143", f"Orgnr i Vgdoknr ({treff.group(2)}) er ikke lik V7 Orgnr ({d.orgnr}).", d.linje)
    if d.orgnr:
        if not gyldig_orgnr(d.orgnr):
            ut("KM121", f"V7 Orgnr «{d.orgnr}» er ikke et gyldig organisasjonsnummer.", d.linje)
        if a.orgnr and d.orgnr != a.orgnr:
            ut("KM144", f"V7 Orgnr {d.orgnr} er ikke lik A1 Orgnr {a.orgnr} i ¤A-linjen over.", d.linje)
    if d.avgangsaar and (len(d.avgangsaar) != 4 or not _heltall(d.avgangsaar)):
        ut("KM113", f"V6 Avgangsaar «{d.avgangsaar}» skal ha fire siffer.", d.linje)
    if d.dato_utstedt is not None and d.dato_utstedt > idag:
        ut("KM148", f"V10 Dato_utstedt {d.dato_utstedt:%d.%m.%Y} er fram i tid.", d.linje)
    _kontroller_person(d, ut)
    if d.maalformkode and d.maalformkode not in ("B", "N", "S", "A"):
        ut("KM155", f"V26 Maalformkode «{d.maalformkode}» er ikke B, N, S eller A.", d.linje)
    # V22/V23: the NVB documentation makes them obligatory for a vitnemål, but docs/fagopplaering/domene.md §7 does not
    # star them and whether a lærling's vitnemål carries orden/atferd is not settled – so a VARSEL, not a FEIL.
    for etikett, verdi, kreves in (
        ("V22 Orden", d.orden, vm or standpunkt),
        ("V23 Adferd", d.adferd, kl and vm),
    ):
        if not verdi:
            if kreves:
                ut("KM159", f"{etikett} mangler; NVB krever feltet for dette dokumentet.", d.linje)
        elif verdi in _ORDEN_GAMMEL:
            ut("KM157", f"{etikett} «{verdi}» er en gammel kode; bruk G, N eller L.", d.linje)
        elif verdi not in ("G", "N", "L"):
            ut("KM156", f"{etikett} «{verdi}» er ikke G, N eller L.", d.linje)
    for etikett, verdi in (("V2 Foerstegangsvm", d.foerstegangsvm), ("V18 Gsk_ok", d.gsk_ok)):
        if verdi not in ("", "J", "N"):
            ut("KM158", f"{etikett} «{verdi}» skal være J, N eller blank.", d.linje)
    if d.dispensasjonkode not in ("", "D", "F") or (d.dispensasjonkode == "F" and not r94):
        ut(
            "KM160",
            f"V17 Dispensasjonkode «{d.dispensasjonkode}» er ikke D, F (bare R94) eller blank.",
            d.linje,
        )
    if d.dispensasjonkode == "D" and not any(m.kategorikode == "DISP" for m in d.merknader):
        ut(
            "KM161",
            "V17 Dispensasjonkode er D, men ingen ¤M har kategori DISP som forklarer hvorfor.",
            d.linje,
        )
    for etikett, verdi in (("V20 Omfang", d.omfang), ("V24 Antall_vedlegg", d.antall_vedlegg)):
        if verdi and not _heltall(verdi):
            ut("KM111", f"{etikett} «{verdi}» skal være et heltall.", d.linje)


def _kontroller_person(d: Dokument, ut: _Ut) -> None:
    deler = _dag_maned(d.foedtdato) if d.foedtdato else None
    if d.foedtdato:
        if deler is None or not (_gyldig_dato(1900 + deler[2], deler[1], deler[0])
                                 or _gyldig_dato(2000 + deler[2], deler[1], deler[0])):  # fmt: skip
            ut("KM150", "V14 Foedtdato er ikke en gyldig dato på formen DDMMÅÅ.", d.linje)
            deler = None
    if not d.personnummer:
        ut("KM151", "V15 Personnummer mangler; Samordna opptak kan ikke bruke dokumentet uten det.", d.linje)
        return
    if len(d.personnummer) != 5 or not _heltall(d.personnummer):
        ut("KM152", "V15 Personnummer skal være fem siffer.", d.linje)
        return
    if deler is None:
        return
    nummer = d.foedtdato + d.personnummer
    if klassifiser(nummer).type == "fiktivt":
        ut("KM153", "Fødselsnummeret (V14 + V15) er et fiktivt VIGO-nummer; dokumentet kan ikke sendes til NVB.",
           d.linje)  # fmt: skip
        return
    if _kontrollsifre(nummer[:9]) != nummer[9:]:
        ut("KM154", "V15 Personnummer har feil kontrollsifre for fødselsnummeret (V14 + V15).", d.linje)
        return
    try:
        fodselsdato(deler[0], deler[1], deler[2], int(d.personnummer[0:3]))
    except ValueError:
        ut("KM150", "V14 Foedtdato og individnummeret i V15 gir ingen gyldig fødselsdato.", d.linje)


def _kontroller_promr(d: Dokument, ut: _Ut, standpunkt: bool) -> None:
    kl, vm, kb = d.reformkode == "KL", d.vgdoktypekode == "VM", d.vgdoktypekode == "KB"
    antall = len(d.programomrader)
    if (vm and not 1 <= antall <= 5) or (kb and antall > 1):
        ut("KM201", f"Dokumentet har {antall} ¤P-linjer; et {d.vgdoktypekode} skal ha {'1–5' if vm else '0–1'}.",
           d.linje)  # fmt: skip
    nivaer = _NIVA_KL if kl else _NIVA_R94
    sett: set[str] = set()
    for p in d.programomrader:
        ut.obligatorisk("KM200", p, _P_OBLIG, p.linje)
        if p.promrkode in sett:
            ut("KM205", f"Programområdet {p.promrkode} står to ganger.", p.linje)
        sett.add(p.promrkode)
        if p.nivaakode and p.nivaakode not in nivaer:
            ut("KM202", f"P3 Nivaakode «{p.nivaakode}» er ikke VG1–VG5.", p.linje)
        if p.paastandkode in ("H", "I", "M"):
            ut("KM204", f"P4 Paastandkode «{p.paastandkode}» godtas, men bør være B, F eller FB.", p.linje)
        elif p.paastandkode not in ("", "B", "F", "FB"):
            ut("KM203", f"P4 Paastandkode «{p.paastandkode}» er ikke B, F eller FB.", p.linje)
        for etikett, verdi in (("P6 Fravaer_dager", p.fravaer_dager), ("P7 Fravaer_timer", p.fravaer_timer)):
            if not verdi:
                if standpunkt:
                    ut(
                        "KM200",
                        f"{etikett} mangler; kreves når dokumentet har standpunktkarakterer.",
                        p.linje,
                    )
            elif not _heltall(verdi):
                ut("KM111", f"{etikett} «{verdi}» skal være et heltall.", p.linje)
        if p.aarstall and (len(p.aarstall) != 4 or not _heltall(p.aarstall)):
            ut("KM113", f"P9 Aarstall «{p.aarstall}» skal ha fire siffer.", p.linje)
    if kl and vm:
        nivaa = [(int(p.nivaakode[2]), p) for p in d.programomrader if p.nivaakode in _NIVA_KL]
        hoyest = max((n for n, _ in nivaa), default=None)
        for n, p in nivaa:
            if n == hoyest and p.paastandkode not in ("B", "F", "FB"):
                ut("KM500", f"Programområdet {p.promrkode} ({p.nivaakode}, siste år) må ha P4 Paastandkode B, F "
                            "eller FB på et KL-vitnemål.", p.linje)  # fmt: skip


def _kontroller_fag(d: Dokument, ut: _Ut) -> None:
    kl, kb, r94 = d.reformkode == "KL", d.vgdoktypekode == "KB", d.reformkode == "R94"
    if not d.fag:
        ut("KM251", "Dokumentet har ingen ¤F-linjer; det skal være minst ett fag.", d.linje)
    gyldig5 = _F5 | {"0"} if r94 else _F5
    gyldig6 = _F6 | {"0"} if r94 else _F6
    former = _EKSAMENSFORM_R94 if r94 else _EKSAMENSFORM_KL
    sett: set[str] = set()
    for f in d.fag:
        kode, li = f.fagkode, f.linje
        ut.obligatorisk("KM240", f, _F_OBLIG, li)
        if kl and not f.fagtypekode:
            ut("KM240", f"F3 Fagtypekode mangler for {kode} (obligatorisk for KL).", li)
        if not f.karakter_standpunkt and f.fagstatuskode != "P":
            ut(
                "KM240",
                f"F5 Karakter_standpunkt mangler for {kode}; bruk «-» når faget ikke har karakter.",
                li,
            )
        if kode in sett:
            ut("KM241", f"Fagkoden {kode} står to ganger på dokumentet.", li)
        sett.add(kode)
        if len(kode) > 10:
            ut("KM112", f"F2 Fagkode «{kode}» er lengre enn 10 tegn.", li)
        if f.fagtypekode and f.fagtypekode not in (_FAGTYPE_KL if kl else _FAGTYPE_KL | {"SF", "VF"}):
            ut(
                "KM242",
                f"F3 Fagtypekode «{f.fagtypekode}» for {kode} er ikke FF, FP, VP, PF, UP eller GS.",
                li,
            )
        if f.linjenr and not _heltall(f.linjenr):
            ut("KM111", f"F4 Linjenr «{f.linjenr}» for {kode} skal være et heltall.", li)
        k5, k6 = f.karakter_standpunkt, f.karakter_eksamen
        if k5 and k5 not in gyldig5:
            ut("KM243", f"F5 Karakter_standpunkt «{k5}» for {kode} er ikke en gyldig verdi.", li)
        if k6 and k6 not in gyldig6:
            ut(
                "KM244",
                f"F6 Karakter_eksamen «{k6}» for {kode} er ikke en gyldig verdi (D brukes ikke i F6).",
                li,
            )
        if not kb and (k5 == "IV" or k6 == "IM"):
            ut("KM255", f"{'IV' if k5 == 'IV' else 'IM'} for {kode} brukes bare på kompetansebevis.", li)
        if "F" in (k5, k6) and not _FAM.match(f.merknadkode):
            ut("KM252", f"{kode} er ført som fritatt (F) uten FAM-merknad i F13.", li)
        if f.merknadkode and not _FAM.match(f.merknadkode) and kl:
            hvorfor = " (VMM-koder hører på ¤M)" if _VMM.match(f.merknadkode) else ""
            ut("KM253", f"F13 Merknadkode «{f.merknadkode}» for {kode} er ikke FAMnn{hvorfor}.", li)
        if k6 not in ("", "-", "F") and not f.eksamensformkode:
            ut("KM245", f"F7 Eksamensformkode mangler for {kode}, som har eksamenskarakter.", li)
        if f.eksamensformkode:
            if k6 in ("", "-"):
                ut("KM246", f"F7 Eksamensformkode er satt for {kode}, men F6 har ingen eksamenskarakter.", li)
            if f.eksamensformkode not in former:
                ut("KM247", f"F7 Eksamensformkode «{f.eksamensformkode}» for {kode} er ikke gyldig.", li)
        if f.terminkode and f.terminkode not in ("V", "H"):
            ut("KM248", f"F9 Terminkode «{f.terminkode}» for {kode} er ikke V eller H.", li)
        if f.aar and (len(f.aar) != 4 or not _heltall(f.aar)):
            ut("KM113", f"F10 Aar «{f.aar}» for {kode} skal ha fire siffer.", li)
        if f.fagstatuskode in ("R", "F", "V", "O", "A") and kl:
            ut(
                "KM250",
                f"F12 Fagstatuskode «{f.fagstatuskode}» for {kode} godtas, men bør være E eller P.",
                li,
            )
        elif f.fagstatuskode and f.fagstatuskode not in ("E", "P"):
            ut("KM249", f"F12 Fagstatuskode «{f.fagstatuskode}» for {kode} er ikke E eller P.", li)
        if f.fagstatuskode == "P" and k5 not in ("", "-"):
            ut("KM254", f"{kode} er privatistfag (F12 = P), men har standpunktkarakter.", li)
        if f.omfang and not _heltall(f.omfang) and kl:
            ut("KM111", f"F8 Omfang «{f.omfang}» for {kode} skal være et heltall.", li)


def _kontroller_merknader(d: Dokument, ut: _Ut) -> None:
    kl = d.reformkode == "KL"
    promr = {p.promrkode for p in d.programomrader}
    sett: set[str] = set()
    for m in d.merknader:
        li = m.linje
        ut.obligatorisk("KM300", m, _M_OBLIG, li)
        if m.merknadnr in sett:
            ut("KM303", f"M2 Merknadnr {m.merknadnr} står to ganger på dokumentet.", li)
        sett.add(m.merknadnr)
        if m.merknadnr and not _heltall(m.merknadnr):
            ut("KM111", f"M2 Merknadnr «{m.merknadnr}» skal være et heltall.", li)
        if m.merknadkode and not (_VMM.match(m.merknadkode) or (m.merknadkode == "VMR94" and not kl)):
            hvorfor = " (FAM-koder hører på ¤F, felt F13)" if _FAM.match(m.merknadkode) else ""
            ut("KM301", f"M3 Merknadkode «{m.merknadkode}» er ikke VMMnn{hvorfor}.", li)
        if m.sidekode not in ("", "F", "B") or (m.sidekode == "B" and kl):
            ut("KM302", f"M7 Sidekode «{m.sidekode}» er ikke gyldig (F eller blank; B aldri for KL).", li)
        kategorier = ("", "DISP") if kl else ("", "DISP", "PRIM", "FORS", "ANN")
        if m.kategorikode not in kategorier:
            ut(
                "KM304",
                f"M6 Merknadkategorikode «{m.kategorikode}» er ikke {' eller '.join(kategorier[1:])}.",
                li,
            )
        if kl and (m.linjenr or m.merknadtekst):
            ut("KM305", "M9 Linjenr og M10 Merknadtekst brukes bare for R94-dokumenter.", li)
        if m.promrkode and m.promrkode not in promr:
            ut("KM306", f"M8 Promrkode {m.promrkode} står ikke blant dokumentets ¤P-linjer.", li)


def _kontroller_fagopplaering(d: Dokument, ut: _Ut, idag: datetime.date) -> None:
    """VMM31 and IB on a vitnemål after fagopplæring (docs/fagopplaering/domene.md §6, §7)."""
    if d.vgdoktypekode != "VM":
        return
    karakterer = {f.karakter_standpunkt for f in d.fag} | {f.karakter_eksamen for f in d.fag}
    if not karakterer & _BESTATT:
        return
    if "IB" in karakterer:
        fag = ", ".join(f.fagkode for f in d.fag if "IB" in (f.karakter_standpunkt, f.karakter_eksamen))
        ut("KM504", f"Vitnemålet har ikke bestått (IB) i {fag}; vitnemål forutsetter bestått prøve.", d.linje)
    vmm31 = [m for m in d.merknader if m.merknadkode == "VMM31"]
    if not vmm31:
        ut(
            "KM501",
            "Vitnemål etter fagopplæring skal ha merknad VMM31 «Bestått fagopplæring <dato>».",
            d.linje,
        )
    for m in vmm31:
        dato = _dato_dmy(m.parameter1)
        if dato is None:
            ut("KM502", f"VMM31 skal ha datoen fagopplæringen ble bestått i M4 som DD.MM.ÅÅÅÅ, ikke «{m.parameter1}».",
               m.linje)  # fmt: skip
            continue
        if len(m.parameter1) != 10:
            ut("KM503", "VMM31 har tekst foran datoen i M4; bare datoen (DD.MM.ÅÅÅÅ) skal stå der.", m.linje)
        if dato > idag:
            ut("KM505", f"Datoen i VMM31 ({dato:%d.%m.%Y}) er fram i tid.", m.linje)
        elif d.dato_utstedt is not None and dato > d.dato_utstedt:
            ut("KM506", f"Datoen i VMM31 ({dato:%d.%m.%Y}) er etter V10 Dato_utstedt.", m.linje)


def kontroller_dokument(
    dok: Dokument, avsender: Avsender, *, idag: datetime.date | None = None
) -> list[Melding]:
    """All checks on one document (¤V with its ¤P, ¤F, ¤M) under ``avsender``: FIL then FAG messages."""
    idag = idag or datetime.date.today()
    ut = _Ut(dok.vgdoknr)
    standpunkt = any(f.karakter_standpunkt in _KARAKTER for f in dok.fag)
    _kontroller_hode(dok, avsender, ut, idag, standpunkt)
    _kontroller_promr(dok, ut, standpunkt)
    _kontroller_fag(dok, ut)
    _kontroller_merknader(dok, ut)
    _kontroller_fagopplaering(dok, ut, idag)
    return ut.liste


def kontroller(fil: Fil, *, idag: datetime.date | None = None) -> list[Melding]:
    """All checks on a file; ``idag`` (default today) decides what is «fram i tid»."""
    idag = idag or datetime.date.today()
    ut: list[Melding] = []
    if not fil.avsendere:
        ut.append(lag_melding("KM110", "", "Filen har ingen ¤A-linjer og dermed ingen dokumenter."))
    vgdoknr = Counter(d.vgdoknr for _, d in fil.dokumenter())
    sett: set[str] = set()
    annullert: set[str] = set()
    for avsender in fil.avsendere:
        ut.extend(_kontroller_avsender(avsender))
        for dok in avsender.dokumenter:
            ut.extend(kontroller_dokument(dok, avsender, idag=idag))
            if dok.vgdoknr and dok.vgdoknr in sett:
                ut.append(lag_melding("KM145", dok.vgdoknr, f"Vgdoknr står {vgdoknr[dok.vgdoknr]} ganger i filen.",
                                      dok.linje))  # fmt: skip
            sett.add(dok.vgdoknr)
        for ann in avsender.annulleringer:
            ut.extend(_kontroller_annullering(ann, idag))
            if ann.vgdoknr and ann.vgdoknr in vgdoknr:
                ut.append(lag_melding("KM403", ann.vgdoknr, "Filen både sender og annullerer dette dokumentet; et "
                                      "endret dokument skal ha nytt Vgdoknr.", ann.linje))  # fmt: skip
            if ann.vgdoknr and ann.vgdoknr in annullert:
                ut.append(
                    lag_melding(
                        "KM406", ann.vgdoknr, "Dokumentet annulleres flere ganger i filen.", ann.linje
                    )
                )
            annullert.add(ann.vgdoknr)
    return ut


def har_feil(meldinger: Iterable[Melding], vgdoknr: str) -> bool:
    """Whether any message of severity FEIL concerns ``vgdoknr`` (then it must be neither printed nor exported)."""
    return any(m.alvor == "FEIL" and m.vgdoknr == vgdoknr for m in meldinger)


def eksporterbare(fil: Fil, meldinger: Iterable[Melding]) -> set[str]:
    """The Vgdoknr (of ¤V documents and ¤D annulments) with no FEIL. A FEIL that belongs to no document (the ¤A
    line, an unreadable line) stops the whole file, because NVB cannot know which documents it hides."""
    med_feil = {m.vgdoknr for m in meldinger if m.alvor == "FEIL"}
    if "" in med_feil:
        return set()
    alle = {d.vgdoknr for _, d in fil.dokumenter()} | {
        a.vgdoknr for av in fil.avsendere for a in av.annulleringer
    }
    return {nr for nr in alle if nr and nr not in med_feil}
