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
    ("E", "Elev"),
    ("F", "Fritatt"),
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
]

# (kode, navn, gruppe, hjemmel, nivå) — forskrift til opplæringslova kap. 6 (docs/regler/regler-2006.md §3.2-3.3).
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
]

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
