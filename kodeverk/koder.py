"""Fixed code lists shipped with the product, with their sources (docs/grensesnitt.md §6, docs/regler/regler-2006.md §3, §5)."""

from decimal import Decimal

UTDANNINGSPROGRAM = {
    # kode: (navn, studieforberedende, utgått)
    "BA": ("Bygg- og anleggsteknikk", False, False),
    "DT": ("Håndverk, design og produktutvikling", False, False),
    "EL": ("Elektro og datateknologi", False, False),
    "FD": ("Frisør, blomster, interiør og eksponeringsdesign", False, False),
    "HS": ("Helse- og oppvekstfag", False, False),
    "ID": ("Idrettsfag", True, False),
    "IM": ("Informasjonsteknologi og medieproduksjon", False, False),
    "KD": ("Kunst, design og arkitektur", True, False),
    "MD": ("Musikk, dans og drama", True, False),
    "MK": ("Medier og kommunikasjon", True, False),
    "NA": ("Naturbruk", False, False),
    "RM": ("Restaurant- og matfag", False, False),
    "SR": ("Salg, service og reiseliv", False, False),
    "ST": ("Studiespesialisering", True, False),
    "TP": ("Teknologi- og industrifag", False, False),
    "PB": ("Påbygging til generell studiekompetanse", True, False),
    "DH": ("Design og håndverk (før LK20)", False, True),
    "SS": ("Service og samferdsel (før LK20)", False, True),
    "ME": ("Medier og kommunikasjon, yrkesfag (før LK20)", False, True),
    "R9": ("Reform 94", False, True),
}

# Regbok B26 (docs/grensesnitt.md §6.1); orden og oppførsel: G/NG/LG.
KARAKTERVERDIER = [
    ("1", "1", Decimal(1), "tall"),
    ("2", "2", Decimal(2), "tall"),
    ("3", "3", Decimal(3), "tall"),
    ("4", "4", Decimal(4), "tall"),
    ("5", "5", Decimal(5), "tall"),
    ("6", "6", Decimal(6), "tall"),
    ("IV", "Ikke vurderingsgrunnlag", None, "merknad"),
    ("IM", "Ikke møtt", None, "merknad"),
    ("F", "Fritatt", None, "merknad"),
    ("D", "Deltatt", None, "merknad"),
    ("B", "Bestått", None, "bestatt"),
    ("IB", "Ikke bestått", None, "bestatt"),
    ("GK", "Godkjent", None, "bestatt"),
    ("IG", "Ikke godkjent", None, "bestatt"),
    ("G", "God", None, "orden"),
    ("NG", "Nokså god", None, "orden"),
    ("LG", "Lite god", None, "orden"),
]

FAGSTATUS = [
    ("A", "Individuell opplæringsplan"),
    ("B", "Mer opplæring"),
    ("E", "Elev"),
    ("F", "Fritatt"),
    ("G", "Godkjent"),
    ("M", "Fagopplæring i skole"),
    ("N", "Nettundervisning"),
    ("O", "Oppdragsundervisning"),
    ("P", "Privatist"),
    ("R", "Realkompetansevurdert"),
    ("S", "Sluttet i faget"),
    ("U", "Utenlandsk utvekslingselev i Norge"),
    ("V", "Voksne"),
]

ELEVSTATUS = [
    ("E", "Elev"),
    ("A", "Spesialundervisning / individuell opplæringsplan"),
    ("D", "Deltidselev"),
    ("U", "Utenlandsk utvekslingselev i Norge"),
    ("I", "Norsk utvekslingselev i utlandet"),
    ("M", "Fagopplæring i skole"),
    ("P", "Privatist"),
    ("V", "Voksne"),
    ("O", "Oppdragsundervisning"),
    ("S", "Avbrutt hele programområdet"),
    ("L", "Lærling i programområdet"),
    ("K", "Lærekandidat i programområdet"),
    # Vedlegg 1 gives these two as well; their meaning is not verified (docs/elev.md §2.1, regler/elevstatus.py).
    ("H", "H (brukes av beregningsreglene; betydningen er ikke verifisert)"),
    ("X", "X (brukes av beregningsreglene; betydningen er ikke verifisert)"),
]

# (kode, navn, gruppe, hjemmel, nivå) — hjemmel under forskrift til opplæringslova kap. 6 (docs/regler/regler-2006.md §3.2-3.3).
BEHANDLINGSKATEGORIER = [
    ("ORD", "Ordinær behandling", "ordinaer", "§§ 6-20, 6-21 / 6-33, 6-34", ""),
    ("FOR615", "Fortrinnsrett til særskilt utdanningsprogram", "fortrinn", "§ 6-15", "VG1"),
    ("FOR617", "Fortrinnsrett, sterkt nedsatt funksjonsevne", "fortrinn", "§ 6-17", "VG1"),
    ("FOR618", "Fortrinnsrett, opplæring i og på tegnspråk", "fortrinn", "§ 6-18", "VG1"),
    ("FOR619", "Fortrinnsrett etter § 6-19", "fortrinn", "§ 6-19", "VG1"),
    ("IND622", "Individuell behandling (manglende vurderingsgrunnlag)", "individuell", "§ 6-22", "VG1"),
    ("IND623", "Individuell behandling (særlige grunner)", "individuell", "§ 6-23", "VG1"),
    ("IND624", "Individuell behandling (utenlandske søkere m.fl.)", "individuell", "§ 6-24", "VG1"),
    ("FOR630", "Fortrinnsrett Vg2/Vg3 etter § 6-30", "fortrinn", "§ 6-30", "VG2"),
    ("FOR631", "Fortrinnsrett Vg2/Vg3 etter § 6-31", "fortrinn", "§ 6-31", "VG2"),
    ("FOR632", "Fortrinnsrett Vg2/Vg3 etter § 6-32", "fortrinn", "§ 6-32", "VG2"),
    ("IND635", "Individuell behandling Vg2/Vg3 etter §§ 6-35–6-38", "individuell", "§§ 6-35–6-38", "VG2"),
    # Minority-language applicants (docs/regler/regler-2024.md §2.6): no national priority group; individual
    # treatment for lack of a comparable grade basis, with the 1 February deadline (§ 4-9 b/c). Like every row,
    # the hjemmel here is the 2006 one (§ 6-24 / § 6-36, docs/regler/regler-2006.md §1.5, §2); the new one is
    # in HJEMLER_2024.
    (
        "MIN420C",
        "Minoritetsspråklig søker uten sammenlignbart karaktergrunnlag (kort botid)",
        "individuell",
        "§ 6-24",
        "VG1",
    ),
    (
        "MIN426A",
        "Minoritetsspråklig søker Vg2/Vg3 uten sammenlignbart karaktergrunnlag (kort botid)",
        "individuell",
        "§ 6-36",
        "VG2",
    ),
]

# Hjemmel of each category under opplæringsforskrifta (FOR-2024-06-03-900), school year 2025-2026 onward
# (section map in docs/regler/regler-2024.md §0, §1.2, §1.4, §2.3). The codes are kept, so old søknader and
# vedtak are unchanged; ``hjemmel_for_regime`` picks the text by the søknad's school year. A code without an
# entry (FOR619, FOR632: no new counterpart by number) keeps its old hjemmel, marked as the 2006 regulation.
HJEMLER_2024 = {
    "ORD": "§§ 4-18, 4-19 / 4-24, 4-25",
    "FOR615": "§ 4-21",
    "FOR617": "§ 4-22",
    "FOR618": "§ 4-23",
    "IND622": "§ 4-20 første ledd a",
    "IND623": "§ 4-20 tredje ledd",
    "IND624": "§ 4-20 første ledd c",
    "FOR630": "§ 4-27",
    "FOR631": "§ 4-28",
    "IND635": "§ 4-26",
    "MIN420C": "§ 4-20 første ledd c",
    "MIN426A": "§ 4-26 første ledd a",
}


def hjemmel_for_regime(kode: str, hjemmel: str, ny_forskrift: bool) -> str:
    """The hjemmel to show for category ``kode`` (``hjemmel``: the stored, old one) under the school year's
    regime. Framework-free, so the engine, views and templates agree."""
    if not ny_forskrift:
        return hjemmel
    ny = HJEMLER_2024.get(kode)
    if ny:
        return ny
    return f"{hjemmel} (forskrift 2006)" if hjemmel else hjemmel


FAGTYPER = [
    ("fellesfag", "Fellesfag"),
    ("valgfag", "Valgfag"),
    ("fremmedspraak", "Fremmedspråk / språklig fordypning"),
    ("programfag", "Programfag"),
    ("orden", "Orden"),
    ("oppforsel", "Oppførsel"),
]

# Fylker outside the 15 counties that NSR uses for schools (Svalbard, schools abroad).
EKSTRA_FYLKER = [("21", "Svalbard"), ("25", "Utlandet")]
