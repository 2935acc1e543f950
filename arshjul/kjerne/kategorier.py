"""Regeltabeller for kategori (fargekode) og hendelsestype.

Fargene i dokumentene er tapt i teksten, så kategorien må gjettes av regler. Reglene
står som ordnede tabeller (første treff vinner) slik at en fagperson kan lese, endre
og rekkefølgejustere dem; hver hendelse lagrer id-en til regelen som traff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from .modell import Datotype, Hendelsestype, Kategori

FELT = ("fra", "hva", "til", "kommentar")
T = TypeVar("T", Kategori, Hendelsestype)


@dataclass(frozen=True)
class Regel(Generic[T]):
    """Treffer når ``monster`` finnes i ett av ``felt`` (``None`` = treffer alltid)."""

    id: str
    resultat: T
    felt: tuple[str, ...]
    monster: re.Pattern[str] | None
    beskrivelse: str
    datotyper: frozenset[Datotype] | None = None

    def treffer(self, verdier: dict[str, str], datotype: Datotype) -> bool:
        if self.datotyper is not None and datotype not in self.datotyper:
            return False
        if self.monster is None:
            return True
        return any(self.monster.search(verdier[f]) for f in self.felt)


def _r(monster: str, flagg: int = 0) -> re.Pattern[str]:
    return re.compile(monster, flagg)


# fmt: off
KATEGORIREGLER: tuple[Regel[Kategori], ...] = (
    Regel("fpvs", Kategori.FPVS, ("til", "hva"), _r(r"FPVS|Forsvarets personell"),
          "Leveranse til Forsvarets personell- og vernepliktssenter"),
    Regel("hjernen-hjertet-puls", Kategori.HJERNEN_HJERTET_PULS, ("til", "hva"),
          _r(r"Rambøll|Conexus|Hjernen og Hjertet|\bPULS\b"),
          "Data til Rambøll (Hjernen og Hjertet) eller Conexus (PULS)"),
    Regel("lanekassen", Kategori.LANEKASSEN, ("til",), _r(r"^Lånekassen"),
          "Mottaker er Lånekassen (omtale i kommentaren teller ikke)"),
    Regel("oppfolgingstjenesten", Kategori.OPPFOLGINGSTJENESTEN, ("fra", "hva", "til"),
          _r(r"\bOTTO\b|\bVIGO OT\b|\bOT-(?:data|status|ansvarlig)|\btil OT\b"),
          "OTTO / VIGO OT / OT-data – oppfølgingstjenesten"),
    Regel("vilbli", Kategori.VILBLI, ("fra", "hva", "til"), _r(r"vilbli\.no"),
          "vilbli.no som avsender, mottaker eller tema"),
    Regel("privatskole", Kategori.UDIR_PRIVATSKOLE, ("fra", "hva"), _r(r"^Udir \(WIS\)|[Pp]rivatskole"),
          "Privatskoledata fra Udir (WIS) eller oppdatering av privatskoleelever"),
    Regel("fagopplaeringsfil", Kategori.UDIR_FAGOPPLAERING, ("hva",),
          _r(r"Fagopplæringsfil|UdirBedrift|lærebedrifter"),
          "Fagopplæringsfil / lærebedriftsfil til Udir"),
    Regel("soker-inntaksfil", Kategori.UDIR_SOKER_INNTAK, ("hva",), _r(r"Søkerfil|Inntaksfil"),
          "Søkerfil eller inntaksfil til Udir"),
    Regel("ssb-tekst", Kategori.SSB_UDIR, ("fra", "hva"), _r(r"\bssb[A-Z]|\bSSB\b|KOSTRA"),
          "ssbResultat/ssbElev/ssbKontrakt, SSB eller KOSTRA nevnt av avsender eller i teksten"),
    Regel("ssb-mottaker", Kategori.SSB_UDIR, ("til",), _r(r"^Udir\s*\(inkl SSB\)"),
          "Mottaker er Udir (inkl SSB)"),
    Regel("fallback-interne", Kategori.INTERNE, (), None,
          "Ingen annen regel traff: interne datoer for Vigo"),
)

TYPEREGLER: tuple[Regel[Hendelsestype], ...] = (
    Regel("ferie-tekst", Hendelsestype.FERIE, ("hva",), _r(r"\w*ferie\b", re.IGNORECASE),
          "Teksten nevner høst-/vinterferie"),
    Regel("ferie-uke-forbehold", Hendelsestype.FERIE, ("kommentar",), _r(r"Med forbehold om endringer"),
          "Ukerad med «Med forbehold om endringer» (ferieblokken, f.eks. «Uke 10 Troms og Finnmark»)",
          frozenset({Datotype.UKE})),
    Regel("anbefalt-dato", Hendelsestype.ANBEFALT_DATO, ("hva",), _r(r"^Anbefalt dato"),
          "Teksten starter med «Anbefalt dato»"),
    Regel("forste-dato", Hendelsestype.FORSTE_DATO, ("hva",), _r(r"^(?:Første dato|Fra denne dato)"),
          "Teksten starter med «Første dato» / «Fra denne dato»"),
    Regel("siste-dato", Hendelsestype.SISTE_DATO, ("hva",), _r(r"^Siste dato"),
          "Teksten starter med «Siste dato»"),
    Regel("frist", Hendelsestype.FRIST, ("hva",), _r(r"^(?:Siste frist|Frist|\w*[Ff]rist\b)"),
          "Teksten starter med «Frist», «Siste frist» eller «Søknadsfrist»"),
    Regel("leveranse", Hendelsestype.LEVERANSE, ("hva",),
          _r(r"\w*(?:fil|filen|data)\b|levering|innsending|overføring|overføre|tilbakemelding"
             r"|\bssb[A-Z]|^Sende\b", re.IGNORECASE),
          "Fil, data, levering, innsending, overføring eller tilbakemelding"),
    Regel("fallback-annet", Hendelsestype.ANNET, (), None, "Ingen annen regel traff"),
)
# fmt: on


def _forst(regler: tuple[Regel[T], ...], verdier: dict[str, str], datotype: Datotype) -> tuple[T, str]:
    for regel in regler:
        if regel.treffer(verdier, datotype):
            return regel.resultat, regel.id
    raise LookupError("Regeltabellen mangler fallback-regel")


def kategoriser(
    fra: str, hva: str, til: str, kommentar: str, datotype: Datotype = Datotype.DATO
) -> tuple[Kategori, str]:
    """Kategori og id-en til regelen som traff."""
    verdier = dict(zip(FELT, (fra, hva, til, kommentar), strict=True))
    return _forst(KATEGORIREGLER, verdier, datotype)


def bestem_type(
    fra: str, hva: str, til: str, kommentar: str, datotype: Datotype = Datotype.DATO
) -> tuple[Hendelsestype, str]:
    """Hendelsestype og id-en til regelen som traff."""
    verdier = dict(zip(FELT, (fra, hva, til, kommentar), strict=True))
    return _forst(TYPEREGLER, verdier, datotype)


def regelbeskrivelse(regel_id: str) -> str:
    """Lesbar forklaring av en regel-id, til visning for saksbehandler."""
    for regel in (*KATEGORIREGLER, *TYPEREGLER):
        if regel.id == regel_id:
            return regel.beskrivelse
    raise KeyError(regel_id)


LEGENDETEKSTER: dict[str, Kategori] = {
    "Interne datoer for Vigo": Kategori.INTERNE,
    "Utdanningsdirektoratet Fagopplæringsfiler": Kategori.UDIR_FAGOPPLAERING,
    "Utdanningsdirektoratet Privatskolerapportering": Kategori.UDIR_PRIVATSKOLE,
    "Utdanningsdirektoratet Søker- og inntaksfil": Kategori.UDIR_SOKER_INNTAK,
    "SSB og Utdanningsdirektoratet ssbResultat og ssbElev": Kategori.SSB_UDIR,
    "Lånekassen": Kategori.LANEKASSEN,
    "Oppfølgingstjenesten": Kategori.OPPFOLGINGSTJENESTEN,
    "vilbli.no (Lex)": Kategori.VILBLI,
    "vilbli.no (Fagbokforlaget)": Kategori.VILBLI,
    "Hjernen og Hjertet (Rambøll) / PULS (Conexus)": Kategori.HJERNEN_HJERTET_PULS,
    "Forsvarets personell- og vernepliktssenter (FPVS)": Kategori.FPVS,
}
"""Linjene i FARGEKODER-forklaringen (begge dokumenter) – gjenkjennes og hoppes over."""
