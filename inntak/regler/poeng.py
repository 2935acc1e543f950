"""Poengberegning for inntak til Vg1, Vg2 og Vg3, med forklaring for hver karakter.

Hvorfor: søkere rangeres etter poeng, og vedtaket må kunne forklares og etterprøves. Modulen er ren Python uten
Django, slik at CLI, REST-API, saksbehandling og tester bruker samme kode. SQL-batchen (``inntak.poeng_sql``)
speiler algoritmen under og skal gi identiske tall. Regelsettet (``inntak.regler.regelsett``) bestemmer regimet:

* ``forskrift-2006`` (skoleår til og med 2024-2025): forskrift til opplæringslova § 6-21 (Vg1) og § 6-34
  (Vg2/Vg3) slik Udir-2-2021 beskriver dem (docs/regler/regler-2006.md §1, §2, §8). Regler U0–U7, T1–T2.
* ``forskrift-2024`` (fra skoleåret 2025-2026): opplæringsforskrifta (FOR-2024-06-03-900) § 4-19 (Vg1),
  § 4-20 (individuell behandling Vg1), § 4-25 (Vg2/Vg3) og § 4-26 (individuell behandling Vg2/Vg3)
  (docs/regler/regler-2024.md §1, §7; «Slik er reglene implementert» samme sted). Regler P, N1–N7, T1–T2.

Gamle regelsett endres aldri: 2006-stien gir de samme tallene og forklaringslinjene som før 2024-reglene kom.

Algoritme (nøyaktig; SQL-batchen skal følge den steg for steg)
----------------------------------------------------------------
Inndata: rader (fag, vurdering, karakter, fagtype, dokumentert_fravaer, trinn, privatist, program), nivå
VG1/VG2/VG3 og et regelsett (``avrunding`` A/B, ``vg3_kun_vg2``, ``flere_program``). Alle tall er
NUMERIC/Decimal, aldri flyttall.

1. Normaliser: fag = upper(trim), karakter = upper(trim), vurdering ∈ {standpunkt, eksamen_skriftlig,
   eksamen_muntlig, eksamen_praktisk, halvar}, program = upper(trim) eller ingen. Ukjente verdier avvises. IM er
   bare lov på eksamen. Trinn (VG1/VG2, bare vgs-karakterer): ikke lov for VG1-inntak, VG2 ikke lov for
   VG2-inntak, påkrevd på halvar ved VG3-inntak (``kontroller_mot_niva``). ``privatist`` og ``program`` er ikke
   lov ved VG1-inntak, og ``program`` finnes ikke i 2006-regimet. Samme (fag, vurdering, trinn) to ganger
   avvises, unntatt at raden er privatistresultat og den andre ikke (begge regimer), eller at radene har ulikt
   program (2024-regimet).
2. Fagtype = raden sin fagtype, ellers Fag-registeret, ellers ``INNEBYGDE_GRUNNSKOLEFAG``. En karakter
   G/NG/LG uten fagtype orden/oppforsel behandles som orden (skalaen finnes bare der); i et kjent vanlig
   fag eller et valgfag er den en feil.

Forskrift 2006
~~~~~~~~~~~~~~
3. Klassifiser hver rad; første regel som treffer gjelder:

   ===  ==============================================================  =========  ========  ===========
   nr   vilkår                                                          resultat   verdi     fagposisjon
   ===  ==============================================================  =========  ========  ===========
   U0   privatist (regelsettet har ingen regel om privatistresultater)  utelatt    –         nei
   U1   fagtype ∈ {orden, oppforsel}                                    utelatt    –         nei
   U2   nivå = VG1 og vurdering = halvar                                utelatt    –         nei
   U3   nivå = VG3 og vurdering = halvar og trinn = VG1                 utelatt    –         nei
   U4   nivå = VG3 og regelsett.vg3_kun_vg2 og trinn = VG1              utelatt    –         nei
   U5   karakter = F (fritak)                                           utelatt    –         ja (*)
   U6   karakter ∈ {D, B, IB, GK}                                       utelatt    –         nei
   U7   karakter = IM og dokumentert_fravaer                            utelatt    –         nei
   T1   karakter = IV, eller IM uten dokumentert fravær                 telt       0         ja (*)
   T2   karakter ∈ {1..6}                                               telt       tallet    ja (*)
   ===  ==============================================================  =========  ========  ===========

   (*) «fagposisjon» gjelder bare rader med vurdering standpunkt (og halvar for VG2/VG3). Det er fagene på
   vitnemålet i halvparttesten i steg 5; norsk hovedmål, sidemål og muntlig er tre fagkoder og teller derfor
   som tre (Udir-2-2021 § 6-23). Bare T2 regnes som «har karakter»; F og IV regnes som manglende karakter.
   Verdiene i tabellen er ``karakter_tallverdi``.
4. Valgfag (§ 6-21 bokstav b): la V = telte rader med fagtype valgfag. Har V minst to ulike fagkoder,
   erstattes V av én post med verdi rund2(sum(V) / antall(V)). Ett valgfag teller som en vanlig karakter.
5. S = summen av verdiene, n = antall poster (valgfagposten teller 1). P = antall fagposisjoner,
   K = antall fagposisjoner med tallkarakter. Individuell behandling (ingen poeng) når n = 0 eller
   2·K < P (tallkarakter i færre enn halvparten av fagene; §§ 6-22–6-24 og §§ 6-35–6-38), på alle nivåer.
6. Avrunding, rund2(x) = avrund x til to desimaler, halvt opp:

   * A (standard): gjennomsnitt = rund2(S / n); poeng = gjennomsnitt × 10.
   * B: poeng = rund2(S × 10 / n); gjennomsnitt = rund2(S / n) (bare til informasjon).

   Eksakt heltallsform (S i hundredeler s = S·100, heltallsdivisjon ``div``):
   A: gjennomsnitt·100 = (2s + n) div (2n); B: poeng·100 = (20s + n) div (2n);
   valgfag med heltallssum g over k fag: snitt·100 = (200g + k) div (2k).
   I PostgreSQL: ``round(x::numeric, 2)`` runder halvt bort fra null (= halvt opp for x ≥ 0) og er riktig;
   ``round(x::double precision)`` er det ikke.

Eksempel (docs/regler/regler-2006.md §8 nr. 1): S = 77,50, n = 17 → A: 4,5588… → 4,56 → 45,60; B: 45,5882… → 45,59.

Opplæringsforskrifta 2024
~~~~~~~~~~~~~~~~~~~~~~~~~
3. P (plass, § 4-25 første ledd bokstav e og f): radene med samme (fag, vurdering, trinn) er én plass. Har
   plassen flere resultater (skole og privatist, eller flere program), teller det beste: rader som teller (1–6,
   IV, IM) foran rader som ikke teller, høyeste verdi, skoleresultat foran privatistresultat, så programkoden
   (rader uten program først). De andre utelates med hjemmel e (privatist) eller f (program). Lesemåten av
   «det beste utvalet» ved flere program er regelsettets ``flere_program``: «fag_for_fag» (standard, denne
   regelen) eller «beste_program» (steg 3–6 for hvert program for seg, rader uten program hører til alle;
   høyest poeng, så høyest snitt, så første programkode teller; de andre programmenes rader utelates).
   Lagrede karakterer har ikke program, så SQL-batchen har bare skole/privatist-delen.
4. Klassifiser den beste raden i hver plass; første regel som treffer gjelder:

   ===  ==============================================================  =========  ========  ===========
   nr   vilkår                                                          resultat   verdi     fagposisjon
   ===  ==============================================================  =========  ========  ===========
   N1   fagtype ∈ {orden, oppforsel} (§ 4-19 a: bare talkarakterar)     utelatt    –         nei
   N2   nivå = VG1 og vurdering = halvar                                utelatt    –         nei
   N3   nivå = VG3, vurdering = halvar, trinn = VG1, og samme fagområde utelatt    –         nei
        (fagkodens tre første tegn) har standpunkt eller halvar med
        1–6 eller IV på trinn VG2 (Udirs merknad til § 4-25)
   N4   nivå = VG3 og regelsett.vg3_kun_vg2 og trinn = VG1              utelatt    –         nei
   N5   karakter = F (fritak; § 4-19 d, § 4-25 c)                       utelatt    –         ja, mangler
   N6   karakter = GK (realkompetanse; § 4-19 andre ledd)               utelatt    –         ja, godkjent
   N7   karakter ∈ {D, B, IB} (§ 4-19 c, § 4-25 b)                      utelatt    –         nei
   T1   karakter ∈ {IV, IM}, også IM med dokumentert fravær             telt       0         ja (IV: mangler)
        (§ 4-19 e, § 4-25 d har ikke unntaket)
   T2   karakter ∈ {1..6}                                               telt       tallet    ja, karakter
   ===  ==============================================================  =========  ========  ===========

   «fagposisjon» gjelder bare rader med vurdering standpunkt (og halvar for VG2/VG3), som i 2006-regimet.
   P = antall fagposisjoner, K = med tallkarakter, M = mangler (F og IV), G = godkjent (GK).
5. Valgfag (§ 4-19 bokstav b): som i 2006-regimet.
6. Individuell behandling (ingen poeng): n = 0 (§ 4-20 c ved Vg1, § 4-26 a ved Vg2/Vg3); ved VG1 også
   2·M > P (fritak og IV i mer enn halvparten av fagene, § 4-20 a; akkurat halvparten gir poeng) eller
   2·G > P (realkompetanse i mer enn halvparten, § 4-20 d). Ved VG2/VG3 ingen halvpartregel (§ 4-26).
   Uten GK er 2·M > P det samme som 2006-regimets 2·K < P (P = K + M).
7. Avrunding: bare A (§ 4-19 a, § 4-25 a: «med to desimalar, multiplisert med ti»); B avvises av regelsettet.

Eksempler (docs/regler/regler-2024.md §1): 33 / 8 = 4,125 → 4,13 → 41,30 [FL-F9]; valgfag (62 + 4,33) / 15 →
4,42 → 44,20 [FL-F2]; omval fag for fag 30 / 7 → 4,29 → 42,90 [FL-F8]; Vg3 med privatist 43 / 10 → 43,00 [FL-F7].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .desimal import del_eksakt, med_komma, rund2, som_tekst, vis_kvotient
from .karakterer import (
    FRITATT,
    IM,
    IV,
    KARAKTERNAVN,
    TALLKARAKTERER,
    UTEN_TALLSKALA,
    FagtypeOppslag,
    Karakter,
    Valideringsfeil,
    bestem_fagtype,
    fagnavn,
    karakter_tallverdi,
    kontroller_mot_niva,
    normaliser_niva,
)
from .regelsett import AVRUNDING_BESKRIVELSE, Regelsett, hent_regelsett

VALGFAG_KODE = "VALGFAG"
_VURDERINGSNAVN = {
    "standpunkt": "standpunkt",
    "eksamen_skriftlig": "skriftlig eksamen",
    "eksamen_muntlig": "muntlig eksamen",
    "eksamen_praktisk": "praktisk eksamen",
    "halvar": "halvårsvurdering",
}


@dataclass(frozen=True)
class TeltKarakter:
    """En post som teller. Valgfagposten har ``fag == "VALGFAG"`` og valgfagene i ``deler``."""

    fag: str
    vurdering: str
    karakter: str
    verdi: Decimal
    merknad: str
    trinn: str | None = None
    deler: tuple[TeltKarakter, ...] = ()
    privatist: bool = False
    program: str | None = None


@dataclass(frozen=True)
class UtelattKarakter:
    """En karakter som ikke teller, med grunn og hjemmel."""

    fag: str
    vurdering: str
    karakter: str
    grunn: str
    hjemmel: str
    trinn: str | None = None
    privatist: bool = False
    program: str | None = None


@dataclass(frozen=True)
class Resultat:
    """Poengsummen og hele forklaringen. ``poeng``/``gjennomsnitt`` er ``None`` ved individuell behandling."""

    poeng: Decimal | None
    gjennomsnitt: Decimal | None
    antall_karakterer: int
    sum_karakterer: Decimal
    telte: tuple[TeltKarakter, ...]
    utelatt: tuple[UtelattKarakter, ...]
    individuell_behandling: bool
    regelsett: str
    avrunding: str
    niva: str
    antall_fag: int
    antall_fag_med_karakter: int
    forklaring: tuple[str, ...]


def _radtekst(k: Karakter) -> str:
    navn = fagnavn(k.fag)
    fag = f"{k.fag} ({navn})" if navn else k.fag
    trinn = f", {k.trinn.capitalize()}" if k.trinn else ""
    ekstra = (", privatist" if k.privatist else "") + (f", program {k.program}" if k.program else "")
    return f"{fag}, {_VURDERINGSNAVN[k.vurdering]}{trinn}{ekstra}: {k.karakter}"


_PRIVATIST_2006 = (
    "Privatistresultat teller ikke i dette regelsettet: 2006-reglene slik prosjektet har dem, har ingen regel "
    "om privatistresultater, så bare skoleresultatet teller",
    "forskrift til opplæringslova § 6-34 (Udir-2-2021); beste resultat etter opplæringsforskrifta § 4-25 "
    "første ledd bokstav e gjelder fra skoleåret 2025-2026",
)


def _regelgrunn(k: Karakter, fagtype: str | None, niva: str, rs: Regelsett) -> tuple[str, str] | None:
    """Regel U0–U4 (privatist, fagtype og nivå), uavhengig av karakterverdien."""
    h = rs.hjemler
    if k.privatist:
        return _PRIVATIST_2006
    if fagtype in ("orden", "oppforsel"):
        return "Orden og oppførsel teller ikke", h.orden_oppforsel
    if k.vurdering == "halvar" and niva == "VG1":
        return "Halvårsvurdering teller ikke ved inntak til Vg1", h.poeng_vg1
    if niva == "VG3" and k.vurdering == "halvar" and k.trinn == "VG1":
        return "Halvårsvurdering fra Vg1 teller ikke ved inntak til Vg3", h.halvar
    if niva == "VG3" and rs.vg3_kun_vg2 and k.trinn == "VG1":
        return "Bare karakterer fra Vg2 teller ved inntak til Vg3 i dette regelsettet", h.poeng_vg2_vg3
    return None


def _verdigrunn(k: Karakter, rs: Regelsett) -> tuple[str, str]:
    """Regel U5–U7: grunnen til at ``karakter_tallverdi`` ga ``None``."""
    h = rs.hjemler
    if k.karakter == FRITATT:
        return "Fritak teller ikke (fjernes fra både sum og antall)", h.fritak
    if k.karakter in UTEN_TALLSKALA:
        return f"Fag vurdert med «{KARAKTERNAVN[k.karakter]}» teller ikke", h.deltatt_bestatt
    return "IM (ikke møtt) med dokumentert fravær teller ikke", h.iv_im


def _merknad(k: Karakter) -> str:
    if k.karakter == IV:
        return "IV (ikke vurderingsgrunnlag) teller som 0"
    if k.karakter == IM:
        return "IM (ikke møtt) uten dokumentert fravær teller som 0"
    return f"Teller {k.karakter}"


def _velg_regelsett(regelsett: Regelsett | str | int | None, avrunding: str | None) -> Regelsett:
    rs = regelsett if isinstance(regelsett, Regelsett) else hent_regelsett(regelsett)
    try:
        return rs.med_avrunding(avrunding)
    except ValueError as feil:
        raise Valideringsfeil("avrunding", str(feil)) from None


def beregn_poeng(
    karakterer: Iterable[Karakter],
    niva: str = "VG1",
    regelsett: Regelsett | str | int | None = None,
    avrunding: str | None = None,
    fagtype_oppslag: FagtypeOppslag | None = None,
) -> Resultat:
    """Beregn poeng for én søker etter algoritmen i modulens docstring.

    ``regelsett`` er et ``Regelsett``, en id/et skoleår, eller ``None`` for standard. ``avrunding``
    overstyrer regelsettets lesemåte («A»/«B»). ``fagtype_oppslag`` slår opp fagtype i Fag-registeret.
    Ugyldige data gir ``Valideringsfeil`` (en ``ValueError``) med feltnavn, f.eks. «karakterer[3].trinn»;
    ukjent regelsett gir ``UkjentRegelsett``.
    """
    rs = _velg_regelsett(regelsett, avrunding)
    niva = normaliser_niva(niva)
    rader = tuple(karakterer)
    feil = kontroller_mot_niva(rader, niva, vg3_kun_vg2=rs.vg3_kun_vg2, ny_forskrift=rs.ny_forskrift)
    if feil:
        i, felt, melding = feil[0]
        raise Valideringsfeil(f"karakterer[{i}].{felt}", melding)
    if rs.ny_forskrift:
        from .poeng_2024 import beregn_2024  # the module imports this one's result types; imported when used

        return beregn_2024(rader, niva, rs, fagtype_oppslag)

    telte: list[TeltKarakter] = []
    valgfag: list[TeltKarakter] = []
    valgfag_plass: int | None = None
    utelatt: list[UtelattKarakter] = []
    linjer: list[str] = []
    antall_fag = med_karakter = 0
    for i, k in enumerate(rader):
        try:
            fagtype = bestem_fagtype(k, fagtype_oppslag)
        except Valideringsfeil as f:
            raise Valideringsfeil(f"karakterer[{i}].{f.felt}", f.melding) from None
        grunn = _regelgrunn(k, fagtype, niva, rs)
        if grunn is None:
            if k.vurdering in ("standpunkt", "halvar") and k.karakter not in UTEN_TALLSKALA:
                antall_fag += 1
                med_karakter += int(k.karakter in TALLKARAKTERER)
            verdi = karakter_tallverdi(k.karakter, k.dokumentert_fravaer)
            if verdi is None:
                grunn = _verdigrunn(k, rs)
        if grunn is not None:
            utelatt.append(
                UtelattKarakter(
                    k.fag, k.vurdering, k.karakter, grunn[0], grunn[1], k.trinn, k.privatist, k.program
                )
            )
            linjer.append(f"{_radtekst(k)} – utelatt: {grunn[0]} ({grunn[1]}).")
            continue
        merknad = _merknad(k)
        if fagtype == "valgfag":
            merknad = f"Valgfag: {merknad[0].lower()}{merknad[1:]}"
        post = TeltKarakter(k.fag, k.vurdering, k.karakter, verdi, merknad, k.trinn)
        linjer.append(f"{_radtekst(k)} – {merknad[0].lower()}{merknad[1:]}.")
        if fagtype == "valgfag":
            valgfag.append(post)
            if valgfag_plass is None:
                valgfag_plass = len(telte)
                telte.append(post)
        else:
            telte.append(post)

    if len({v.fag for v in valgfag}) >= 2:
        sum_valgfag = sum((v.verdi for v in valgfag), Decimal(0))
        snitt = rund2(del_eksakt(sum_valgfag, len(valgfag)))
        ledd = " + ".join(med_komma(v.verdi, 0) for v in valgfag)
        merknad = f"Snitt av {len(valgfag)} ulike valgfag, to desimaler, teller som én karakter"
        telte[valgfag_plass] = TeltKarakter(
            VALGFAG_KODE, "standpunkt", som_tekst(snitt), snitt, merknad, deler=tuple(valgfag)
        )
        linjer.append(
            f"Valgfag: ({ledd}) / {len(valgfag)} = {vis_kvotient(del_eksakt(sum_valgfag, len(valgfag)))} "
            f"→ {med_komma(snitt)}; flere ulike valgfag teller som én karakter ({rs.hjemler.valgfag})."
        )
    elif valgfag:
        telte.extend(valgfag[1:])
        linjer.append("Bare ett valgfag: det teller som en vanlig karakter.")

    return _avslutt(telte, utelatt, linjer, rs, niva, antall_fag, med_karakter)


def _avslutt(
    telte: list[TeltKarakter],
    utelatt: list[UtelattKarakter],
    linjer: list[str],
    rs: Regelsett,
    niva: str,
    antall_fag: int,
    med_karakter: int,
) -> Resultat:
    """Steg 5–6: sum, halvparttest, avrunding og forklaringens hode og hale."""
    n = len(telte)
    s = sum((t.verdi for t in telte), Decimal(0))
    hjemmel = rs.hjemler.poeng_vg1 if niva == "VG1" else rs.hjemler.poeng_vg2_vg3
    hode = [
        f"Inntak til {niva.capitalize()} etter {hjemmel}; regelsett {rs.id} ({rs.beskrivelse}).",
        f"Avrunding {rs.avrunding}: {AVRUNDING_BESKRIVELSE[rs.avrunding]}; halvt opp ({rs.hjemler.avrunding}).",
    ]
    if not rs.verifisert:
        hode.append("Merk: regelsettet er ikke verifisert mot ny forskrift til opplæringslova (2024).")
    hale = [
        f"Fag på vitnemålet: {antall_fag}, med tallkarakter: {med_karakter} (norsk hovedmål, sidemål og "
        "muntlig teller som tre fag; eksamen, orden/oppførsel og fag uten tallkarakter regnes ikke med)."
    ]
    if n:
        ledd = " + ".join(med_komma(t.verdi, 0 if t.fag != VALGFAG_KODE else 2) for t in telte)
        hale.append(f"Sum: {ledd} = {med_komma(s)}; antall karakterer (divisor): {n}.")

    poeng = snitt = None
    if n == 0:
        hale.append(
            "Ingen karakterer teller: individuell behandling, ingen poengsum "
            f"({rs.hjemler.individuell_behandling})."
        )
    elif 2 * med_karakter < antall_fag:
        hale.append(
            f"Tallkarakter i {med_karakter} av {antall_fag} fag, færre enn halvparten: individuell behandling, "
            f"ingen poengsum ({rs.hjemler.individuell_behandling})."
        )
    else:
        snitt = rund2(del_eksakt(s, n))
        if rs.avrunding == "A":
            poeng = rund2(snitt * 10)
            hale.append(
                f"Gjennomsnitt: {med_komma(s)} / {n} = {vis_kvotient(del_eksakt(s, n))} → {med_komma(snitt)}."
            )
            hale.append(f"Poeng: {med_komma(snitt)} × 10 = {med_komma(poeng)}.")
        else:
            poeng = rund2(del_eksakt(s * 10, n))
            hale.append(
                f"Poeng: {med_komma(s)} × 10 / {n} = {vis_kvotient(del_eksakt(s * 10, n))} → {med_komma(poeng)}."
            )
            hale.append(f"Gjennomsnitt (til informasjon): {med_komma(snitt)}.")

    return Resultat(
        poeng=poeng,
        gjennomsnitt=snitt,
        antall_karakterer=n,
        sum_karakterer=rund2(s),
        telte=tuple(telte),
        utelatt=tuple(utelatt),
        individuell_behandling=poeng is None,
        regelsett=rs.id,
        avrunding=rs.avrunding,
        niva=niva,
        antall_fag=antall_fag,
        antall_fag_med_karakter=med_karakter,
        forklaring=tuple(hode + linjer + hale),
    )


__all__ = [
    "Resultat",
    "TeltKarakter",
    "UtelattKarakter",
    "VALGFAG_KODE",
    "beregn_poeng",
    "karakter_tallverdi",
]
