"""Strømmende lesing og kontroll av SAS ↔ VIGO-filen (docs/sas.md §4).

Bruk::

    leser = Leser(fylke="50")
    for post in leser.poster(fil):      # fil: åpen tekstfil eller annen Iterable[str]; én linje om gangen
        ...                             # bare feilfrie poster kommer ut (typet: Tof, Elev, Elevkurs, ...)
    lesing = leser.resultat()           # ok, feil (høyst maks_feil), antall_feil, antall per posttype

eller ``valider_fil(fil)`` når man bare vil ha svaret. Minnet er begrenset: en linje leses, kontrolleres og slippes;
det som huskes er ett fødselsnummer per elev (for å finne doble ``$EL``), nøklene under gjeldende elev og elevkurs,
og høyst ``maks_feil`` feil og advarsler. Alt-eller-ingenting per fil er den som kaller sin avgjørelse: leseren
gir ``ok`` og hele feillisten, og importjobben skriver ingenting når ``ok`` er usann.

Hver feil er en :class:`Feil` med linjenummer, posttype, felt (navnet i posten, f.eks. ``fagkode``), en kode
(f.eks. ``ugyldig_kode``) og en norsk melding. Meldingene tar ikke med fødselsnummeret (linjenummeret peker på det).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from stdnum.no import fodselsnummer as stdnum_fnr

from inntak.elev.regler.fodselsnummer import fodselsdato, klassifiser

from .format import (
    DATO,
    FAGKODE,
    FNR,
    JN,
    KODE,
    KODE_STORE,
    NOKKELFELT,
    POSTTYPER,
    PROGRAMOMRADE,
    SIFFER,
    SKILLETEGN,
    SKOLEAR,
    TALL,
    TEKST,
    UBRUKT,
    Felt,
    Post,
    Posttype,
)

__all__ = ["Feil", "Leser", "Lesing", "les_fil", "valider_fil"]

MAKS_FEIL = 1000
"""Så mange feil (og like mange advarsler) tas vare på; resten telles."""

_FORM = {
    PROGRAMOMRADE: "10 tegn: 6 store bokstaver/siffer og 4 store bokstaver/siffer/bindestrek, f.eks. BABAT1----",
    FAGKODE: "3 store bokstaver og så 1–4 store bokstaver eller siffer, f.eks. NOR1267",
    KODE_STORE: "bare store bokstaver og siffer",
}
_EKSAMENSKARAKTERER = ("karakter_skriftlig", "karakter_muntlig", "karakter_annen")


@dataclass(frozen=True, slots=True)
class Feil:
    """Én feil (eller advarsel) i filen: hvilken linje, hvilken post, hvilket felt, kode og norsk melding."""

    linje: int
    post: str  # linjeidentifikatoren («$KL»), tom når linjen ikke har en kjent
    felt: str  # feltnavnet i posten («fagkode»), tom for feil som gjelder hele linjen
    kode: str
    melding: str

    def tekst(self) -> str:
        return (
            f"Linje {self.linje}, {self.post or '–'}, felt {self.felt or '–'} ({self.kode}): {self.melding}"
        )


@dataclass
class Lesing:
    """Resultatet av en lesing. ``ok`` er sann når filen ikke har én eneste feil (advarsler teller ikke)."""

    linjer: int
    antall: dict[str, int]  # feilfrie poster per linjeidentifikator
    feil: list[Feil]  # de første maks_feil
    antall_feil: int
    ugyldige_linjer: int
    advarsler: list[Feil]
    antall_advarsler: int
    tof: Any = None  # startposten, når den var feilfri
    poster: list[Post] | None = None  # bare med behold_poster=True

    @property
    def ok(self) -> bool:
        return self.antall_feil == 0

    @property
    def utelatte_feil(self) -> int:
        return self.antall_feil - len(self.feil)

    @property
    def utelatte_advarsler(self) -> int:
        return self.antall_advarsler - len(self.advarsler)


class _Ugyldig(Exception):
    def __init__(self, kode: str, melding: str):
        self.kode, self.melding = kode, melding


def _vis(verdi: str) -> str:
    return f"«{verdi if len(verdi) <= 20 else verdi[:20] + '…'}»"


def _er_siffer(verdi: str) -> bool:
    return verdi.isascii() and verdi.isdigit()


def _dato(verdi: str) -> datetime.date:
    if len(verdi) != 8 or not _er_siffer(verdi):
        raise _Ugyldig("ugyldig_dato", f"{_vis(verdi)} er ikke en dato på formen ÅÅÅÅMMDD.")
    try:
        return datetime.date(int(verdi[:4]), int(verdi[4:6]), int(verdi[6:]))
    except ValueError:
        raise _Ugyldig("ugyldig_dato", f"{_vis(verdi)} er ikke en gyldig dato (ÅÅÅÅMMDD).")


def _konverterer(felt: Felt) -> Callable[[str], Any]:
    """En funksjon som gjør en ikke-blank verdi om til Python-verdien, eller reiser :class:`_Ugyldig`."""
    n = felt.lengde
    if felt.type == TEKST:

        def tekst(verdi: str) -> str:
            if len(verdi) > n:
                raise _Ugyldig("for_lang", f"Verdien har {len(verdi)} tegn; høyst {n} er tillatt.")
            return verdi

        return tekst
    if felt.type == KODE:
        koder, regex = felt.koder, felt.regex

        def kode(verdi: str) -> str:
            if koder is not None:
                if verdi not in koder:
                    gyldige = ", ".join(sorted(koder, key=lambda k: (len(k), k)))
                    raise _Ugyldig(
                        "ugyldig_kode", f"{_vis(verdi)} er ikke en gyldig kode; gyldige: {gyldige}."
                    )
            elif len(verdi) > n:
                raise _Ugyldig("for_lang", f"Verdien har {len(verdi)} tegn; høyst {n} er tillatt.")
            elif regex is not None and not regex.fullmatch(verdi):
                raise _Ugyldig(
                    "ugyldig_format", f"{_vis(verdi)} har feil form; ventet {_FORM[felt.monster]}."
                )
            return verdi

        return kode
    if felt.type == SIFFER:
        koder = felt.koder

        def siffer(verdi: str) -> str:
            if len(verdi) != n or not _er_siffer(verdi):
                raise _Ugyldig("ugyldig_tall", f"{_vis(verdi)} skal være nøyaktig {n} siffer.")
            if koder is not None and verdi not in koder:
                raise _Ugyldig("ugyldig_kode", f"{_vis(verdi)} er ikke et kjent nummer.")
            return verdi

        return siffer
    if felt.type == TALL:

        def tall(verdi: str) -> int:
            if len(verdi) > n or not _er_siffer(verdi):
                raise _Ugyldig("ugyldig_tall", f"{_vis(verdi)} skal være et helt tall med 1–{n} siffer.")
            return int(verdi)

        return tall
    if felt.type == DATO:
        return _dato
    if felt.type == SKOLEAR:

        def skolear(verdi: str) -> str:
            if len(verdi) != 8 or not _er_siffer(verdi) or int(verdi[4:]) != int(verdi[:4]) + 1:
                raise _Ugyldig(
                    "ugyldig_skolear",
                    f"{_vis(verdi)} er ikke et skoleår på formen ÅÅÅÅÅÅÅÅ, f.eks. 20252026.",
                )
            return verdi

        return skolear
    if felt.type == JN:

        def jn(verdi: str) -> bool:
            if verdi not in ("J", "N"):
                raise _Ugyldig("ugyldig_kode", f"{_vis(verdi)} er ikke gyldig; bruk J eller N.")
            return verdi == "J"

        return jn
    raise ValueError(f"ukjent felttype {felt.type}")  # FNR og UBRUKT håndteres i leseren


def _syntetisk_gyldig(nummer: str) -> bool:
    """Test Norge-nummer (måned + 80) med riktige kontrollsifre og gyldig dato (som ``vigo.fodselsnummer``)."""
    if not 81 <= int(nummer[2:4]) <= 92:
        return False
    if nummer[9:] != stdnum_fnr.calc_check_digit1(nummer[:9]) + stdnum_fnr.calc_check_digit2(nummer[:10]):
        return False
    dag, maned, ar2, individ = int(nummer[:2]), int(nummer[2:4]) - 80, int(nummer[4:6]), int(nummer[6:9])
    if dag > 40:
        dag -= 40
    try:
        fodselsdato(dag, maned, ar2, individ)
    except ValueError:
        return False
    return True


@dataclass
class _Type:
    """Ferdig oppslag per posttype, laget én gang: (indeks, felt, konverterer) for verdifeltene."""

    posttype: Posttype
    felter: list[tuple[int, Felt, Callable[[str], Any] | None]] = field(default_factory=list)


def _forbered() -> dict[str, _Type]:
    typer = {}
    for kode, pt in POSTTYPER.items():
        t = _Type(pt)
        for i, f in enumerate(pt.felter, start=1):
            t.felter.append((i, f, None if f.type in (FNR, UBRUKT) else _konverterer(f)))
        typer[kode] = t
    return typer


_TYPER = _forbered()
_KJENTE = ", ".join(list(POSTTYPER)[:-1]) + " og " + list(POSTTYPER)[-1]


class Leser:
    """Leser og kontrollerer én fil. ``poster()`` gir de feilfrie postene; ``resultat()`` gir svaret etterpå.

    ``fylke``: fylkesnummeret til brukeren som kjører importen (TOF felt 5 må stemme). ``tillat_syntetiske``:
    godta Test Norge-fødselsnumre (måned + 80), som i test og demo (``settings.TILLAT_SYNTETISKE_FNR``).
    """

    def __init__(
        self, *, fylke: str | None = None, tillat_syntetiske: bool = False, maks_feil: int = MAKS_FEIL
    ):
        self.fylke = fylke
        self.tillat_syntetiske = tillat_syntetiske
        self.maks_feil = maks_feil
        self.linjer = 0
        self.antall: dict[str, int] = dict.fromkeys(POSTTYPER, 0)
        self.feil: list[Feil] = []
        self.antall_feil = 0
        self.ugyldige_linjer = 0
        self.advarsler: list[Feil] = []
        self.antall_advarsler = 0
        self.tof: Any = None
        self._tof_sett = False
        self._tof_skolenr: str | None = None
        self._el_sett: set[str] = set()
        self._el: str | None = None  # fødselsnummeret i gjeldende $EL
        self._ek: tuple[str, ...] | None = None  # nøkkelen til gjeldende $EK
        self._ek_sett: set[tuple[str, ...]] = set()
        self._kl_sett: set[tuple[str, str, str]] = set()
        self._vm_sett: set[str] = set()
        self._fnr: tuple[str, str | None, str | None] = ("", None, None)  # nummer, feilmelding, advarsel

    # -- feil og advarsler ---------------------------------------------------------------------------------------

    def _legg_til(self, liste: list[Feil], f: Feil) -> None:
        if len(liste) < self.maks_feil:
            liste.append(f)

    def _advar(self, linje: int, post: str, felt: str, kode: str, melding: str) -> None:
        self.antall_advarsler += 1
        self._legg_til(self.advarsler, Feil(linje, post, felt, kode, melding))

    # -- fødselsnummer -------------------------------------------------------------------------------------------

    def _sjekk_fnr(self, verdi: str) -> tuple[str | None, str | None]:
        """(feilmelding, advarsel) for et fødselsnummer; forrige svar gjenbrukes (samme elev på linjene under)."""
        if self._fnr[0] == verdi:
            return self._fnr[1], None
        if len(verdi) != 11 or not _er_siffer(verdi):
            svar: tuple[str | None, str | None] = ("Fødselsnummer må ha 11 siffer.", None)
        elif self.tillat_syntetiske and _syntetisk_gyldig(verdi):
            svar = (None, None)
        else:
            k = klassifiser(verdi)
            if k.type == "ugyldig":
                svar = (k.forklaring[0].rsplit(" (docs/", 1)[0], None)
            else:
                svar = (None, k.advarsel)
        self._fnr = (verdi, svar[0], svar[1])
        return svar

    # -- lesing --------------------------------------------------------------------------------------------------

    def poster(self, linjer: Iterable[str]) -> Iterator[Post]:
        """De feilfrie postene, én om gangen, i filens rekkefølge. Feil og advarsler samles i leseren."""
        for nr, raa in enumerate(linjer, start=1):
            self.linjer = nr
            post = self._linje(nr, raa)
            if post is not None:
                yield post

    def _linje(self, nr: int, raa: str) -> Post | None:
        linje = raa.rstrip("\r\n")
        if nr == 1 and linje.startswith("\ufeff"):
            linje = linje[1:]
        feil: list[Feil] = []
        deler = linje.split(SKILLETEGN)
        ident = deler[0].strip()
        if nr == 1 and ident != "TOF":
            feil.append(Feil(nr, ident if ident in POSTTYPER else "", "", "tof_mangler",
                             "Filen må begynne med en TOF-linje (startpost)."))  # fmt: skip
        if not linje.strip():
            feil.append(Feil(nr, "", "", "tom_linje", "Linjen er tom."))
            return self._avslutt(feil, None)
        typ = _TYPER.get(ident)
        if typ is None:
            feil.append(Feil(nr, "", "linjeidentifikator", "ukjent_posttype",
                             f"Ukjent posttype {_vis(ident)}; gyldige er {_KJENTE}."))  # fmt: skip
            return self._avslutt(feil, None)
        pt = typ.posttype
        if len(deler) - 1 > len(pt.felter):
            feil.append(Feil(nr, ident, "", "for_mange_felt",
                             f"Linjen har {len(deler)} felt; en {ident}-linje har høyst {len(pt.felter) + 1}."))  # fmt: skip
            # Feltene som finnes, kontrolleres likevel, så linjene under ikke får følgefeil.

        # Feltene, ett og ett.
        raae: dict[str, str] = {}
        verdier: list[Any] = [nr]
        for i, f, konverter in typ.felter:
            verdi = deler[i].strip() if i < len(deler) else ""
            raae[f.navn] = verdi
            if f.type == UBRUKT:
                if verdi:
                    self._advar(
                        nr, ident, f.navn, "ubrukt_felt", f"Felt {f.nr} er ikke i bruk og leses ikke."
                    )
                continue
            if not verdi:
                if f.advar_blank:
                    self._advar(nr, ident, f.navn, "blankt_felt",
                                f"{f.tittel} (felt {f.nr}) er blank; den skal være utfylt for alle unntatt privatister.")  # fmt: skip
                elif f.obligatorisk:
                    feil.append(
                        Feil(nr, ident, f.navn, "mangler", f"{f.tittel} (felt {f.nr}) må være utfylt.")
                    )
                verdier.append(None)
                continue
            if f.type == FNR:
                melding, advarsel = self._sjekk_fnr(verdi)
                if melding:
                    feil.append(
                        Feil(nr, ident, f.navn, "ugyldig_fnr", f"{f.tittel} (felt {f.nr}): {melding}")
                    )
                if advarsel:
                    self._advar(nr, ident, f.navn, "fiktivt_fnr", advarsel)
                verdier.append(verdi)
                continue
            try:
                verdier.append(konverter(verdi))  # type: ignore[misc]
            except _Ugyldig as u:
                feil.append(Feil(nr, ident, f.navn, u.kode, f"{f.tittel} (felt {f.nr}): {u.melding}"))
                verdier.append(None)

        post = pt.klasse._make(verdier)
        self._struktur(nr, ident, post, raae, feil)
        return self._avslutt(feil, post)

    def _avslutt(self, feil: list[Feil], post: Post | None) -> Post | None:
        if feil:
            self.ugyldige_linjer += 1
            self.antall_feil += len(feil)
            for f in feil:
                self._legg_til(self.feil, f)
            return None
        if post is not None:
            self.antall[POSTTYPER_KODE[type(post)]] += 1
        return post

    # -- struktur og sammenhenger --------------------------------------------------------------------------------

    def _struktur(self, nr: int, ident: str, post: Post, raae: dict[str, str], feil: list[Feil]) -> None:
        if ident == "TOF":
            if self._tof_sett or nr != 1:
                feil.append(Feil(nr, ident, "", "tof_ikke_forst",
                                 "TOF-linjen (startpost) skal stå én gang, først i filen."))  # fmt: skip
                return
            self._tof_sett = True
            self._tof_skolenr = post.skolenr
            if self.fylke and post.fylkesnr and post.fylkesnr != self.fylke:
                feil.append(Feil(nr, ident, "fylkesnr", "feil_fylke",
                                 f"Fylkesnummer (felt 5) er {post.fylkesnr}, men importen kjøres for fylke "
                                 f"{self.fylke}."))  # fmt: skip
            if not feil:
                self.tof = post
            return
        if ident == "$EL":
            fnr = raae["fodselsnr"]
            if fnr and fnr in self._el_sett:
                feil.append(Feil(nr, ident, "fodselsnr", "dobbel_el",
                                 "Eleven har allerede en $EL-linje tidligere i filen."))  # fmt: skip
            self._el_sett.add(fnr)
            self._el, self._ek = fnr, None
            self._ek_sett.clear()
            return

        nokkel = tuple(raae[n] for n in NOKKELFELT)
        if self._tof_skolenr and raae["skolenr"] and raae["skolenr"] != self._tof_skolenr:
            feil.append(Feil(nr, ident, "skolenr", "annen_skole",
                             f"Skolenr (felt 4) er {raae['skolenr']}, men TOF-linjen sier at hele filen gjelder "
                             f"skole {self._tof_skolenr}."))  # fmt: skip
        if ident == "$EK":
            if self._el is None:
                feil.append(Feil(nr, ident, "fodselsnr", "el_mangler",
                                 "Elevkurset har ingen $EL-linje over seg."))  # fmt: skip
            elif raae["fodselsnr"] != self._el:
                feil.append(Feil(nr, ident, "fodselsnr", "el_mangler",
                                 "Elevkurset står ikke under sin elev: nærmeste $EL-linje over har et annet "
                                 "fødselsnummer."))  # fmt: skip
            elif nokkel in self._ek_sett:
                feil.append(Feil(nr, ident, "programomrade", "dobbel_ek",
                                 "Eleven har allerede et elevkurs med samme skoleår, skole og programområde."))  # fmt: skip
            self._ek_sett.add(nokkel)
            self._ek = nokkel
            self._kl_sett.clear()
            self._vm_sett.clear()
            self._datoer(nr, ident, post, feil)
            if post.voksen is not True:
                for navn, nr_felt in (("rettstype", 17), ("rett_pabygging", 24)):
                    if getattr(post, navn) is not None:
                        self._advar(nr, ident, navn, "ignoreres",
                                    f"Felt {nr_felt} importeres bare når «Voksen i opplæringstilbud tilpasset "
                                    "voksne?» (felt 18) er J.")  # fmt: skip
            return

        # $KL og $VM hører til elevkurset over.
        if self._ek is None:
            feil.append(
                Feil(nr, ident, "fodselsnr", "ek_mangler", "Linjen har ingen $EK-linje (elevkurs) over seg.")
            )
        elif nokkel != self._ek:
            avvik = next(i for i in range(4) if nokkel[i] != self._ek[i])
            navn = NOKKELFELT[avvik]
            feil.append(Feil(nr, ident, navn, "ek_mangler",
                             f"Linjen står ikke under sitt elevkurs: felt {avvik + 2} er ulikt nærmeste $EK-linje "
                             "over (fødselsnummer, skoleår, skolenummer og programområde må være like)."))  # fmt: skip
        if ident == "$KL":
            kl = (raae["fagkode"], raae["skolenr2"], raae["skolear2"])
            if kl in self._kl_sett:
                feil.append(Feil(nr, ident, "fagkode", "dobbel_kl",
                                 "Faget står allerede på elevkurset (samme fagkode, skolenr 2 og skoleår 2)."))  # fmt: skip
            self._kl_sett.add(kl)
            self._datoer(nr, ident, post, feil)
            eksamen = [n for n in _EKSAMENSKARAKTERER if getattr(post, n) not in (None, "GK")]
            if eksamen and post.eksamensform is None and not raae["eksamensform"]:
                feil.append(Feil(nr, ident, "eksamensform", "mangler_eksamensform",
                                 "Eksamensform (felt 13) må være utfylt når faget har eksamenskarakter ulik GK."))  # fmt: skip
        else:
            if raae["merknad"] in self._vm_sett:
                feil.append(Feil(nr, ident, "merknad", "dobbel_vm",
                                 "Vitnemålsmerknaden står allerede på elevkurset."))  # fmt: skip
            self._vm_sett.add(raae["merknad"])

    @staticmethod
    def _datoer(nr: int, ident: str, post: Post, feil: list[Feil]) -> None:
        if post.startdato and post.avbruddsdato and post.avbruddsdato < post.startdato:
            felt_nr = 8 if ident == "$EK" else 18
            feil.append(Feil(nr, ident, "avbruddsdato", "avbrudd_for_start",
                             f"Avbruddsdato (felt {felt_nr}) er før startdato."))  # fmt: skip

    def resultat(self, poster: list[Post] | None = None) -> Lesing:
        feil, antall_feil = list(self.feil), self.antall_feil
        if self.linjer == 0:
            feil.append(Feil(0, "", "", "tom_fil", "Filen er tom; den må minst ha en TOF-linje."))
            antall_feil += 1
        return Lesing(
            linjer=self.linjer,
            antall=dict(self.antall),
            feil=feil,
            antall_feil=antall_feil,
            ugyldige_linjer=self.ugyldige_linjer,
            advarsler=list(self.advarsler),
            antall_advarsler=self.antall_advarsler,
            tof=self.tof,
            poster=poster,
        )


POSTTYPER_KODE = {pt.klasse: kode for kode, pt in POSTTYPER.items()}


def les_fil(linjer: Iterable[str], *, leser: Leser | None = None, **opsjoner: Any) -> Iterator[Post]:
    """De feilfrie postene i filen, strømmende. Gi en egen ``leser`` for å få feilene etterpå
    (``leser.resultat()``); ellers lages en med ``opsjoner`` (``fylke``, ``tillat_syntetiske``, ``maks_feil``)."""
    yield from (leser or Leser(**opsjoner)).poster(linjer)


def valider_fil(linjer: Iterable[str], *, behold_poster: bool = False, **opsjoner: Any) -> Lesing:
    """Les hele filen og gi :class:`Lesing`. Med ``behold_poster`` tas postene vare på (bare for små filer)."""
    leser = Leser(**opsjoner)
    if behold_poster:
        return leser.resultat(list(leser.poster(linjer)))
    for _ in leser.poster(linjer):
        pass
    return leser.resultat()
