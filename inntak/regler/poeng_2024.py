"""Poengberegning etter opplæringsforskrifta 2024 (regime «forskrift-2024»): reglene P, N1–N7 og T1–T2 i
``inntak.regler.poeng``s docstring, som også beskriver 2006-regimet. Egen modul fordi reglene er egne; resultattypene
og radteksten er felles (``inntak.regler.poeng``), og ``beregn_poeng`` der velger regime etter regelsettet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .desimal import del_eksakt, med_komma, rund2, som_tekst, vis_kvotient
from .karakterer import (
    FRITATT,
    GODKJENT,
    IM,
    IV,
    KARAKTERNAVN,
    TALLKARAKTERER,
    FagtypeOppslag,
    Karakter,
    Valideringsfeil,
    bestem_fagtype,
)
from .poeng import VALGFAG_KODE, Resultat, TeltKarakter, UtelattKarakter, _radtekst
from .regelsett import FLERE_PROGRAM_BESKRIVELSE, Regelsett

# --- Opplæringsforskrifta 2024 (regime «forskrift-2024»): regel P, N1–N7, T1–T2 i modulens docstring -----------

_UTEN_TALLSKALA_2024 = ("D", "B", "IB")
"""Deltatt, bestått, ikke bestått: ikke fag i fagtellingen. GK (realkompetanse) er et fag på vitnemålet (§ 4-20 d)."""


def _tallverdi_2024(k: Karakter) -> Decimal | None:
    """Verditabellen etter ny forskrift: 1–6 → seg selv; IV og IM → 0, også IM med dokumentert fravær
    (§ 4-19 første ledd bokstav e, § 4-25 første ledd bokstav d har ikke unntaket); alt annet → ``None``."""
    if k.karakter in TALLKARAKTERER:
        return Decimal(k.karakter)
    if k.karakter in (IV, IM):
        return Decimal(0)
    return None


def _rang(k: Karakter) -> tuple[int, Decimal, bool, str]:
    """Sorteringsnøkkel for «beste resultat» i en plass (lavest er best): rader som teller (også IV/IM = 0) foran
    rader som ikke teller, høyeste tallverdi, skoleresultat foran privatistresultat, så programkoden (rader uten
    program først) slik at valget ikke avhenger av radrekkefølgen. Uten program er dette SQL-batchens
    ``ORDER BY verdi DESC NULLS LAST, privatist``."""
    verdi = _tallverdi_2024(k)
    if verdi is None:
        return (1, Decimal(0), k.privatist, k.program or "")
    return (0, -verdi, k.privatist, k.program or "")


def _fagomrade(fag: str) -> str:
    """De tre første tegnene i fagkoden (Grep: fagområdet, f.eks. NOR, ENG), som er likt på Vg1 og Vg2 i et fag
    som fortsetter, selv om fagkoden skifter fra trinn til trinn (NOR1260 på Vg1, NOR1264 på Vg2)."""
    return fag[:3]


@dataclass
class _Utvalg:
    """Delene av én beregning før halen: telte og utelatte poster, radlinjer med radindeks, og tellingene."""

    telte: list[TeltKarakter] = field(default_factory=list)
    utelatt: list[UtelattKarakter] = field(default_factory=list)
    radlinjer: list[tuple[int, str]] = field(default_factory=list)
    etter: list[str] = field(default_factory=list)
    antall_fag: int = 0
    med_karakter: int = 0
    uten_karakter: int = 0
    godkjent: int = 0

    def utelat(self, i: int, k: Karakter, grunn: str, hjemmel: str) -> None:
        self.utelatt.append(
            UtelattKarakter(k.fag, k.vurdering, k.karakter, grunn, hjemmel, k.trinn, k.privatist, k.program)
        )
        self.radlinjer.append((i, f"{_radtekst(k)} – utelatt: {grunn} ({hjemmel})."))


def _liten_forbokstav(tekst: str) -> str:
    """«Teller 4» → «teller 4» midt i en linje; forkortelser som «IV …» og «IM …» beholdes."""
    forste = tekst.split(" ", 1)[0]
    return tekst if forste.isupper() else tekst[0].lower() + tekst[1:]


def _regelgrunn_2024(
    k: Karakter, fagtype: str | None, niva: str, rs: Regelsett, senere_pa_vg2: set[str]
) -> tuple[str, str] | None:
    """Regel N1–N4 (fagtype og nivå), uavhengig av karakterverdien."""
    h = rs.hjemler
    if fagtype in ("orden", "oppforsel"):
        return "Orden og oppførsel teller ikke", h.orden_oppforsel
    if k.vurdering == "halvar" and niva == "VG1":
        return "Halvårsvurdering teller ikke ved inntak til Vg1", h.poeng_vg1
    if niva == "VG3" and k.vurdering == "halvar" and k.trinn == "VG1" and _fagomrade(k.fag) in senere_pa_vg2:
        return (
            f"Halvårsvurdering fra Vg1 teller ikke, fordi faget ({_fagomrade(k.fag)}…) har en senere vurdering "
            "på Vg2",
            h.halvar,
        )
    if niva == "VG3" and rs.vg3_kun_vg2 and k.trinn == "VG1":
        return "Bare karakterer fra Vg2 teller ved inntak til Vg3 i dette regelsettet (lokal forskrift)", (
            h.poeng_vg2_vg3
        )
    return None


def _verdigrunn_2024(k: Karakter, niva: str, rs: Regelsett) -> tuple[str, str]:
    """Regel N5–N7: grunnen til at ``_tallverdi_2024`` ga ``None``."""
    h = rs.hjemler
    if k.karakter == FRITATT:
        return "Fritak teller ikke (fjernes fra både sum og antall)", h.for_niva("fritak", niva)
    if k.karakter == GODKJENT:
        if niva == "VG1":
            return "Fag godkjent gjennom realkompetansevurdering teller ikke som karakter", h.realkompetanse
        return "Fag godkjent gjennom realkompetansevurdering har ingen karakter og teller ikke", h.for_niva(
            "realkompetanse", niva
        )
    return f"Fag vurdert med «{KARAKTERNAVN[k.karakter]}» teller ikke", h.for_niva("deltatt_bestatt", niva)


def _merknad_2024(k: Karakter, niva: str, rs: Regelsett) -> tuple[str, str]:
    """Merknaden for en post som teller, og hjemmelen forklaringslinjen viser."""
    h = rs.hjemler
    if k.karakter == IV:
        merknad, hjemmel = "IV (ikke vurderingsgrunnlag) teller som 0", h.for_niva("iv_im", niva)
    elif k.karakter == IM and k.dokumentert_fravaer:
        merknad = "IM (ikke møtt) teller som 0, også med dokumentert fravær"
        hjemmel = f"{h.for_niva('iv_im', niva)}: forskriften har ikke unntak for dokumentert fravær"
    elif k.karakter == IM:
        merknad, hjemmel = "IM (ikke møtt) teller som 0", h.for_niva("iv_im", niva)
    else:
        merknad = f"Teller {k.karakter}"
        hjemmel = f"{h.poeng_vg1 if niva == 'VG1' else h.poeng_vg2_vg3} bokstav a"
    if k.privatist:
        merknad = f"Privatistresultat: {_liten_forbokstav(merknad)}"
    return merknad, hjemmel


def _ikke_beste(k: Karakter, beste: Karakter, rs: Regelsett) -> tuple[str, str]:
    """Grunn og hjemmel for et resultat som taper mot et bedre resultat i samme fag, vurdering og trinn."""
    h = rs.hjemler
    hjemler = []
    if k.privatist != beste.privatist:
        hvem = "privatistresultatet" if beste.privatist else "skoleresultatet"
        hjemler.append(h.privatist)
    else:
        hvem = f"karakteren fra {f'program {beste.program}' if beste.program else 'raden uten program'}"
    if k.program != beste.program:
        hjemler.append(f"{h.flere_program}, lesemåte «fag for fag»")
    return (
        f"Ikke beste resultat i faget: {hvem} ({beste.karakter}) teller i stedet, bare det beste teller",
        "; ".join(hjemler),
    )


def _utvalg_2024(rader: Sequence[tuple[int, Karakter, str | None]], niva: str, rs: Regelsett) -> _Utvalg:
    """Steg 3–5 etter ny forskrift for ett utvalg rader ``(indeks, karakter, fagtype)``."""
    h = rs.hjemler
    u = _Utvalg()
    # N3: fagområder med en senere vurdering (standpunkt eller halvår med karakter eller IV) på Vg2.
    senere_pa_vg2 = {
        _fagomrade(k.fag)
        for _i, k, _t in rader
        if niva == "VG3"
        and k.trinn == "VG2"
        and k.vurdering in ("standpunkt", "halvar")
        and (k.karakter in TALLKARAKTERER or k.karakter == IV)
    }
    # P: én plass per (fag, vurdering, trinn); av flere resultater i plassen teller det beste (§ 4-25 e og f).
    plasser: dict[tuple[str, str, str | None], list[tuple[int, Karakter]]] = {}
    for i, k, _t in rader:
        plasser.setdefault((k.fag, k.vurdering, k.trinn), []).append((i, k))
    beste = {nokkel: min(gruppe, key=lambda par: _rang(par[1])) for nokkel, gruppe in plasser.items()}

    valgfag: list[TeltKarakter] = []
    valgfag_plass: int | None = None
    for i, k, fagtype in rader:
        nokkel = (k.fag, k.vurdering, k.trinn)
        vinner_i, vinner = beste[nokkel]
        if vinner_i != i:
            u.utelat(i, k, *_ikke_beste(k, vinner, rs))
            continue
        grunn = _regelgrunn_2024(k, fagtype, niva, rs, senere_pa_vg2)
        verdi = None
        if grunn is None:
            if k.vurdering in ("standpunkt", "halvar") and k.karakter not in _UTEN_TALLSKALA_2024:
                u.antall_fag += 1
                u.med_karakter += int(k.karakter in TALLKARAKTERER)
                u.uten_karakter += int(k.karakter in (FRITATT, IV))
                u.godkjent += int(k.karakter == GODKJENT)
            verdi = _tallverdi_2024(k)
            if verdi is None:
                grunn = _verdigrunn_2024(k, niva, rs)
        if grunn is not None:
            u.utelat(i, k, *grunn)
            continue
        merknad, hjemmel = _merknad_2024(k, niva, rs)
        if len(plasser[nokkel]) > 1:
            merknad += f", det beste av {len(plasser[nokkel])} resultater i faget"
        if fagtype == "valgfag":
            merknad = f"Valgfag: {_liten_forbokstav(merknad)}"
            hjemmel = h.valgfag
        post = TeltKarakter(
            k.fag, k.vurdering, k.karakter, verdi, merknad, k.trinn, (), k.privatist, k.program
        )
        u.radlinjer.append((i, f"{_radtekst(k)} – {_liten_forbokstav(merknad)} ({hjemmel})."))
        if fagtype == "valgfag":
            valgfag.append(post)
            if valgfag_plass is None:
                valgfag_plass = len(u.telte)
                u.telte.append(post)
        else:
            u.telte.append(post)

    if len({v.fag for v in valgfag}) >= 2:
        sum_valgfag = sum((v.verdi for v in valgfag), Decimal(0))
        snitt = rund2(del_eksakt(sum_valgfag, len(valgfag)))
        ledd = " + ".join(med_komma(v.verdi, 0) for v in valgfag)
        merknad = f"Snitt av {len(valgfag)} ulike valgfag, to desimaler, teller som én karakter"
        u.telte[valgfag_plass] = TeltKarakter(
            VALGFAG_KODE, "standpunkt", som_tekst(snitt), snitt, merknad, deler=tuple(valgfag)
        )
        u.etter.append(
            f"Valgfag: ({ledd}) / {len(valgfag)} = {vis_kvotient(del_eksakt(sum_valgfag, len(valgfag)))} "
            f"→ {med_komma(snitt)}; flere ulike valgfag teller som én karakter ({h.valgfag})."
        )
    elif valgfag:
        u.telte.extend(valgfag[1:])
        u.etter.append(f"Bare ett valgfag: det teller som en vanlig karakter ({h.valgfag}).")
    return u


def _regn_2024(u: _Utvalg, niva: str) -> tuple[Decimal | None, Decimal | None, str | None]:
    """Steg 6–7: (poeng, gjennomsnitt, grunn til individuell behandling: «ingen», «mangler», «realkompetanse»)."""
    n = len(u.telte)
    if n == 0:
        return None, None, "ingen"
    if niva == "VG1" and 2 * u.uten_karakter > u.antall_fag:
        return None, None, "mangler"
    if niva == "VG1" and 2 * u.godkjent > u.antall_fag:
        return None, None, "realkompetanse"
    s = sum((t.verdi for t in u.telte), Decimal(0))
    snitt = rund2(del_eksakt(s, n))
    return rund2(snitt * 10), snitt, None


def beregn_2024(
    rader: tuple[Karakter, ...], niva: str, rs: Regelsett, fagtype_oppslag: FagtypeOppslag | None
) -> Resultat:
    """Ny forskrift: velg utvalg (lesemåten for flere program) og bygg resultatet."""
    h = rs.hjemler
    indeksert: list[tuple[int, Karakter, str | None]] = []
    for i, k in enumerate(rader):
        try:
            indeksert.append((i, k, bestem_fagtype(k, fagtype_oppslag)))
        except Valideringsfeil as f:
            raise Valideringsfeil(f"karakterer[{i}].{f.felt}", f.melding) from None
    programmer = sorted({k.program for k in rader if k.program is not None})
    hode: list[str] = []
    if len(programmer) < 2:
        return _avslutt_2024(_utvalg_2024(indeksert, niva, rs), rs, niva, rader, hode)
    beskrivelse = FLERE_PROGRAM_BESKRIVELSE[rs.flere_program]
    if rs.flere_program == "fag_for_fag":
        hode.append(
            f"Flere program ({', '.join(programmer)}), lesemåte «fag for fag»: {beskrivelse} ({h.flere_program})."
        )
        return _avslutt_2024(_utvalg_2024(indeksert, niva, rs), rs, niva, rader, hode)

    # Lesemåte «beste program»: hvert program for seg; høyest poeng, så høyest snitt, så første i alfabetet.
    kandidater = []
    for program in programmer:
        utvalg = _utvalg_2024([r for r in indeksert if r[1].program in (None, program)], niva, rs)
        poeng, snitt, _grunn = _regn_2024(utvalg, niva)
        rang = (poeng is not None, poeng or Decimal(0), snitt or Decimal(0))
        kandidater.append((rang, program, utvalg, poeng))
    _rang_valgt, valgt, utvalg, _p = max(kandidater, key=lambda x: x[0])
    tall = "; ".join(
        f"{program}: {'individuell behandling' if poeng is None else med_komma(poeng)}"
        for _r, program, _u, poeng in kandidater
    )
    hode.append(
        f"Flere program, lesemåte «beste program»: {beskrivelse}. {tall}; {valgt} teller ({h.flere_program})."
    )
    for i, k, _t in indeksert:
        if k.program not in (None, valgt):
            utvalg.utelat(
                i, k, f"Hører til program {k.program}; programmet {valgt} gir det beste utvalget",
                f"{h.flere_program}, lesemåte «beste program»",
            )  # fmt: skip
    return _avslutt_2024(utvalg, rs, niva, rader, hode)


def _avslutt_2024(
    u: _Utvalg, rs: Regelsett, niva: str, rader: tuple[Karakter, ...], ekstra_hode: list[str]
) -> Resultat:
    """Steg 6–7 etter ny forskrift: sum, individuell behandling, avrunding og forklaringens hode og hale."""
    h = rs.hjemler
    n = len(u.telte)
    s = sum((t.verdi for t in u.telte), Decimal(0))
    hjemmel = h.poeng_vg1 if niva == "VG1" else h.poeng_vg2_vg3
    hode = [
        f"Inntak til {niva.capitalize()} etter {hjemmel}; regelsett {rs.id} ({rs.beskrivelse}).",
        f"Avrunding {rs.avrunding}: {rs.avrunding_beskrivelse}; halvt opp ({h.avrunding}).",
        *ekstra_hode,
    ]
    if rs.forbehold_4_19_andre_ledd and niva == "VG1" and any(k.karakter == GODKJENT for k in rader):
        hode.append(
            f"Merk: {h.realkompetanse} ble endret ved forskrift 29. september 2025 nr. 1988, etter inntaket til "
            f"skoleåret {rs.id}. Ordlyden før endringen er ikke verifisert; regelsettet bruker ordlyden etter "
            "endringen."
        )
    if not rs.verifisert:
        hode.append("Merk: regelsettet er ikke verifisert mot opplæringsforskrifta (2024).")
    linjer = [linje for _i, linje in sorted(u.radlinjer, key=lambda x: x[0])] + u.etter
    if niva == "VG1":
        hale = [
            f"Fag på vitnemålet: {u.antall_fag}, med tallkarakter: {u.med_karakter}, uten karakter (fritak "
            f"eller IV): {u.uten_karakter}, godkjent gjennom realkompetansevurdering: {u.godkjent} (norsk "
            "hovedmål, sidemål og muntlig teller som tre fag; eksamen, orden/oppførsel og fag vurdert med "
            f"deltatt/bestått regnes ikke med; {h.individuell_behandling} og d)."
        ]
    else:
        hale = [
            f"Fag: {u.antall_fag}, med tallkarakter: {u.med_karakter}. Ved inntak til Vg2 og Vg3 gir manglende "
            "karakterer ikke individuell behandling, uansett hvor mange fag det gjelder; IV og IM teller 0 "
            f"({h.ingen_halvpartregel})."
        ]
    if n:
        ledd = " + ".join(med_komma(t.verdi, 0 if t.fag != VALGFAG_KODE else 2) for t in u.telte)
        hale.append(f"Sum: {ledd} = {med_komma(s)}; antall karakterer (divisor): {n}.")

    poeng, snitt, individuell = _regn_2024(u, niva)
    if individuell == "ingen":
        hale.append(
            "Ingen karakterer teller: individuell behandling, ingen poengsum "
            f"({h.for_niva('individuell_ingen_karakterer', niva)})."
        )
    elif individuell == "mangler":
        hale.append(
            f"Uten karakter (fritak eller IV) i {u.uten_karakter} av {u.antall_fag} fag, mer enn halvparten: "
            f"individuell behandling, ingen poengsum ({h.individuell_behandling})."
        )
    elif individuell == "realkompetanse":
        hale.append(
            f"Godkjent gjennom realkompetansevurdering i {u.godkjent} av {u.antall_fag} fag, mer enn "
            f"halvparten: individuell behandling, ingen poengsum ({h.individuell_realkompetanse})."
        )
    else:
        hale.append(
            f"Gjennomsnitt: {med_komma(s)} / {n} = {vis_kvotient(del_eksakt(s, n))} → {med_komma(snitt)}."
        )
        hale.append(f"Poeng: {med_komma(snitt)} × 10 = {med_komma(poeng)}.")

    return Resultat(
        poeng=poeng,
        gjennomsnitt=snitt,
        antall_karakterer=n,
        sum_karakterer=rund2(s),
        telte=tuple(u.telte),
        utelatt=tuple(u.utelatt),
        individuell_behandling=poeng is None,
        regelsett=rs.id,
        avrunding=rs.avrunding,
        niva=niva,
        antall_fag=u.antall_fag,
        antall_fag_med_karakter=u.med_karakter,
        forklaring=tuple(hode + linjer + hale),
    )
