"""Generate the synthetic Enhetsregisteret file ``enhetsregisteret_demo.jsonl`` (demo data and tests).

    python fagopplaering/data/lag_enhetsregisteret_demo.py [--antall 400] [--frø 2026] [--ut sti]

Every line has the shape of the open API's answer to ``GET /enheter/{orgnr}`` (docs/fagopplaering/bedrift.md), so
``FilBackend`` and ``HttpBackend`` map it with the same code. All units are made up: organisasjonsnumre are valid
(mod 11) but drawn from the series 92xxxxxxx–93xxxxxxx at random, names are put together from place names and
trades, addresses are plausible street names in real kommuner of Trøndelag (50) and Oslo (0301) with their real
postnummer. About 15 are opplæringskontor (FLI/SA/AS, «Opplæringskontoret for …»); a few are bankrupt, being
wound up or deleted, so the refusals can be shown. The output is deterministic for a given seed.

Plain Python (no Django), so it runs without a database.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from stdnum.no import orgnr as stdnum_orgnr

UT = Path(__file__).resolve().parent / "enhetsregisteret_demo.jsonl"

# kommunenummer -> (kommunenavn, [(postnummer, poststed)]) – real numbers (shared/data/kommuner_2024.csv, Posten's
# register); the weight says how many companies land there (Trondheim dominates like it does in reality).
KOMMUNER: dict[str, tuple[str, list[tuple[str, str]], int]] = {
    "5001": ("TRONDHEIM", [("7010", "TRONDHEIM"), ("7011", "TRONDHEIM"), ("7013", "TRONDHEIM"),
                           ("7030", "TRONDHEIM"), ("7037", "TRONDHEIM"), ("7041", "TRONDHEIM"),
                           ("7045", "TRONDHEIM"), ("7072", "HEIMDAL"), ("7080", "HEIMDAL"), ("7093", "TILLER")], 110),
    "5006": ("STEINKJER", [("7713", "STEINKJER"), ("7725", "STEINKJER")], 16),
    "5007": ("NAMSOS", [("7800", "NAMSOS"), ("7805", "NAMSOS")], 12),
    "5014": ("FRØYA", [("7260", "SISTRANDA"), ("7270", "DYRVIK")], 7),
    "5021": ("OPPDAL", [("7340", "OPPDAL")], 6),
    "5025": ("RØROS", [("7374", "RØROS")], 5),
    "5027": ("MIDTRE GAULDAL", [("7290", "STØREN")], 4),
    "5028": ("MELHUS", [("7224", "MELHUS"), ("7234", "LER")], 9),
    "5029": ("SKAUN", [("7353", "BØRSA"), ("7357", "SKAUN")], 4),
    "5031": ("MALVIK", [("7550", "HOMMELVIK"), ("7560", "VIKHAMMER")], 7),
    "5032": ("SELBU", [("7580", "SELBU")], 3),
    "5034": ("MERÅKER", [("7530", "MERÅKER")], 2),
    "5035": ("STJØRDAL", [("7500", "STJØRDAL"), ("7502", "STJØRDAL")], 18),
    "5036": ("FROSTA", [("7633", "FROSTA")], 2),
    "5037": ("LEVANGER", [("7600", "LEVANGER"), ("7604", "LEVANGER")], 14),
    "5038": ("VERDAL", [("7650", "VERDAL"), ("7653", "VERDAL")], 12),
    "5045": ("GRONG", [("7870", "GRONG")], 2),
    "5047": ("OVERHALLA", [("7863", "OVERHALLA")], 2),
    "5053": ("INDERØY", [("7670", "INDERØY")], 4),
    "5054": ("INDRE FOSEN", [("7100", "RISSA"), ("7114", "RÅKVÅG")], 5),
    "5056": ("HITRA", [("7240", "HITRA"), ("7250", "MELANDSJØ")], 6),
    "5057": ("ØRLAND", [("7130", "BREKSTAD"), ("7160", "BJUGN")], 6),
    "5058": ("ÅFJORD", [("7170", "ÅFJORD")], 3),
    "5059": ("ORKLAND", [("7300", "ORKANGER"), ("7320", "FANNREM"), ("7336", "MELDAL")], 12),
    "5060": ("NÆRØYSUND", [("7900", "RØRVIK"), ("7940", "OTTERSØY")], 4),
    "0301": ("OSLO", [("0150", "OSLO"), ("0182", "OSLO"), ("0250", "OSLO"), ("0458", "OSLO"), ("0484", "OSLO"),
                      ("0551", "OSLO"), ("0661", "OSLO"), ("0976", "OSLO"), ("1051", "OSLO"), ("1163", "OSLO")], 45),
}  # fmt: skip

GATER = [
    "Kjøpmannsgata",
    "Olav Tryggvasons gate",
    "Dronningens gate",
    "Innherredsveien",
    "Fjordgata",
    "Industriveien",
    "Sluppenveien",
    "Tungasletta",
    "Bromstadvegen",
    "Haakon VIIs gate",
    "Ranheimsvegen",
    "Stjørdalsveien",
    "Havnegata",
    "Storgata",
    "Kirkegata",
    "Jernbanegata",
    "Strandveien",
    "Sandvikveien",
    "Verkstedveien",
    "Heggstadmoen",
    "Fabrikkveien",
    "Bjørkvegen",
    "Parkvegen",
    "Nordre gate",
    "Sentrumsvegen",
    "Moavegen",
    "Elvegata",
    "Skolegata",
    "Næringsvegen",
    "Kongens gate",
]

# Surnames and parts of Oslo for names (Trøndelag's places come from KOMMUNER and TRONDHEIMSSTEDER).
ETTERNAVN = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Berg Haugen Hagen Lund Strand Eide Moen Bakken Lie Dahl "
    "Solberg Aune Hoel Rønning Sandvik Kvam Brattli Røstad Wold Fossum Grande Lyngstad Mo Sæther Hegge Bjørgum"
).split()
OSLOSTEDER = (
    "Oslo Grünerløkka Frogner Sagene Grorud Alna Nydalen Økern Bryn Majorstuen Ullern Holmlia".split()
)

# (stem suffix, NACE code, NACE description, typical staff range) – trades that train apprentices.
BRANSJER: list[tuple[str, str, str, tuple[int, int]]] = [
    ("ELEKTRO", "43.210", "Elektrisk installasjonsarbeid", (3, 80)),
    ("ELEKTROINSTALLASJON", "43.210", "Elektrisk installasjonsarbeid", (2, 40)),
    ("RØRLEGGERBEDRIFT", "43.220", "VVS-arbeid", (2, 50)),
    ("VVS", "43.220", "VVS-arbeid", (3, 60)),
    ("BILVERKSTED", "45.200", "Vedlikehold og reparasjon av motorvogner, unntatt motorsykler", (2, 30)),
    ("BIL", "45.111", "Salg av nye biler og lette motorvogner", (8, 90)),
    ("FRISØR", "96.021", "Frisering", (1, 12)),
    ("BARNEHAGE", "88.911", "Barnehager", (8, 40)),
    ("BYGG", "41.200", "Oppføring av bygninger", (4, 120)),
    ("TØMRER", "43.320", "Snekkerarbeid", (2, 25)),
    ("MALERMESTER", "43.341", "Malerarbeid", (2, 20)),
    ("BAKERI", "10.711", "Produksjon av brød og ferske konditorvarer", (4, 45)),
    ("RESTAURANT", "56.101", "Drift av restauranter og kafeer", (5, 40)),
    ("KJØKKEN", "56.210", "Cateringvirksomhet", (4, 30)),
    ("MEKANISKE VERKSTED", "25.110", "Produksjon av metallkonstruksjoner og deler", (8, 150)),
    ("SVEIS", "25.620", "Bearbeiding av metaller", (3, 35)),
    ("TRANSPORT", "49.410", "Godstransport på vei", (3, 70)),
    ("MASKIN", "43.120", "Grunnarbeid", (3, 60)),
    ("ANLEGG", "42.110", "Bygging av veier og motorveier", (10, 200)),
    ("HAVBRUK", "03.211", "Produksjon av matfisk og skalldyr i hav- og kystbasert fiskeoppdrett", (8, 90)),
    ("SJØMAT", "10.209", "Bearbeiding og konservering av fisk og fiskevarer ellers", (15, 180)),
    ("GÅRDSDRIFT", "01.410", "Melkeproduksjon på storfe", (1, 5)),
    ("DATA", "62.020", "Konsulentvirksomhet tilknyttet informasjonsteknologi", (3, 60)),
    ("HELSEHUS", "87.102", "Somatiske sykehjem", (20, 150)),
    (
        "OMSORG",
        "88.102",
        "Hjemmehjelp og andre sosialtjenester uten botilbud for eldre og funksjonshemmede",
        (6, 60),
    ),
    ("BLOMSTER", "47.761", "Butikkhandel med blomster og planter", (1, 8)),
    ("KJØLETEKNIKK", "43.221", "Varme-, ventilasjons- og klimaanlegg", (3, 30)),
    ("AUTOMASJON", "33.140", "Reparasjon av elektrisk utstyr", (4, 50)),
    ("TAKTEKKING", "43.910", "Takarbeid", (2, 20)),
    ("GLASS", "43.342", "Glassarbeid", (2, 15)),
]
FORMER = [("AS", "Aksjeselskap", 70), ("ENK", "Enkeltpersonforetak", 12), ("DA", "Ansvarlig selskap med delt ansvar", 4),
          ("ANS", "Ansvarlig selskap", 4), ("SA", "Samvirkeforetak", 3), ("ASA", "Allmennaksjeselskap", 1)]  # fmt: skip

# 15 opplæringskontor: (name, organisasjonsform, kommunenummer, NACE) – the office is the lærebedrift.
KONTOR = [
    ("OPPLÆRINGSKONTORET FOR ELEKTROFAG I TRØNDELAG", "FLI", "5001"),
    ("OPPLÆRINGSKONTORET FOR BYGG OG ANLEGG TRØNDELAG SA", "SA", "5001"),
    ("OPPLÆRINGSKONTORET FOR BILFAG MIDT-NORGE", "FLI", "5001"),
    ("OPPLÆRINGSKONTORET FOR HELSE- OG OPPVEKSTFAG I TRØNDELAG", "FLI", "5001"),
    ("OPPLÆRINGSKONTORET FOR RESTAURANT- OG MATFAG TRØNDELAG AS", "AS", "5001"),
    ("OPPLÆRINGSKONTORET FOR TEKNOLOGI OG INDUSTRIFAG INNHERRED", "FLI", "5037"),
    ("OPPLÆRINGSKONTORET FOR NAMDALEN", "FLI", "5007"),
    ("OPPLÆRINGSKONTORET FOR HAVBRUK OG SJØMAT HITRA-FRØYA SA", "SA", "5056"),
    ("OPPLÆRINGSKONTORET FOR ORKDALSREGIONEN AS", "AS", "5059"),
    ("OPPLÆRINGSKONTORET FOR STJØRDAL OG VÆRNESREGIONEN", "FLI", "5035"),
    ("OPPLÆRINGSKONTORET FOR FRISØRFAG I TRØNDELAG", "FLI", "5001"),
    ("OPPLÆRINGSKONTORET FOR STEINKJER OG INNHERRED SA", "SA", "5006"),
    ("OPPLÆRINGSKONTORET FOR FJELLREGIONEN", "FLI", "5021"),
    ("OPPLÆRINGSKONTORET FOR ELEKTROFAG OSLO", "FLI", "0301"),
    ("OPPLÆRINGSKONTORET FOR BYGGFAG I OSLO AS", "AS", "0301"),
]
KONTORFORM = {"FLI": "Forening/lag/innretning", "SA": "Samvirkeforetak", "AS": "Aksjeselskap"}


def kontrollsiffer(grunn: str) -> int | None:
    """The mod-11 check digit of the first eight digits (weights 3 2 7 6 5 4 3 2), None when it would be 10."""
    rest = sum(v * int(s) for v, s in zip((3, 2, 7, 6, 5, 4, 3, 2), grunn, strict=True)) % 11
    siffer = (11 - rest) % 11
    return None if siffer == 10 else siffer


def lag_orgnr(rng: random.Random, brukt: set[str]) -> str:
    while True:
        grunn = f"{rng.randint(92_000_000, 93_999_999):08d}"
        siffer = kontrollsiffer(grunn)
        if siffer is None:
            continue
        orgnr = f"{grunn}{siffer}"
        if orgnr not in brukt and stdnum_orgnr.is_valid(orgnr):
            brukt.add(orgnr)
            return orgnr


def _adresse(rng: random.Random, kommunenr: str) -> dict:
    navn, poster, _vekt = KOMMUNER[kommunenr]
    postnr, poststed = rng.choice(poster)
    return {"land": "Norge", "landkode": "NO", "postnummer": postnr, "poststed": poststed,
            "adresse": [f"{rng.choice(GATER)} {rng.randint(1, 140)}"], "kommune": navn,
            "kommunenummer": kommunenr}  # fmt: skip


def _enhet(rng, orgnr, navn, form, formnavn, kommunenr, nace, nacenavn, ansatte) -> dict:
    forr = _adresse(rng, kommunenr)
    post = dict(forr)
    if rng.random() < 0.3:
        post["adresse"] = [f"Postboks {rng.randint(1, 9999)}"]
    slug = "-".join("".join(c for c in d if c.isalnum()) for d in navn.lower().split()[:2])
    return {
        "organisasjonsnummer": orgnr,
        "navn": navn,
        "organisasjonsform": {"kode": form, "beskrivelse": formnavn},
        "registreringsdatoEnhetsregisteret": f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}-"
                                             f"{rng.randint(1, 28):02d}",
        "registrertIMvaregisteret": form != "FLI",
        "naeringskode1": {"kode": nace, "beskrivelse": nacenavn},
        "antallAnsatte": ansatte,
        "harRegistrertAntallAnsatte": ansatte > 0,
        "forretningsadresse": forr,
        "postadresse": post,
        "epostadresse": f"post@{slug}.example",
        "telefon": f"7{rng.randint(0, 9999999):07d}" if kommunenr != "0301" else f"2{rng.randint(0, 9999999):07d}",
        "hjemmeside": f"www.{slug}.example",
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "registrertIForetaksregisteret": form not in ("ENK", "FLI"),
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": form == "FLI",
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "maalform": "Bokmål",
    }  # fmt: skip


TRONDHEIMSSTEDER = (
    "Nidaros Trondhjem Heimdal Ranheim Lade Byåsen Tiller Leangen Sluppen Nardo Charlottenlund Gløshaugen Nyhavna "
    "Ila Sverresborg Trøndelag Midt-Norge"
).split()


def _navn(rng: random.Random, kommunenr: str, stamme: str, form: str, brukte: set[str]) -> str:
    """A name like real ones: a local place (the kommune or its poststed; a part of town in Trondheim and Oslo) or
    a surname, the trade, the form; an enkeltpersonforetak carries the owner's surname and no form."""
    kommune, poster, _ = KOMMUNER[kommunenr]
    if kommunenr == "0301":
        steder = OSLOSTEDER
    elif kommunenr == "5001":
        steder = TRONDHEIMSSTEDER
    else:
        steder = [kommune.title(), *{p[1].title() for p in poster}, "Trøndelag"]
    for _ in range(200):
        forledd = rng.choice(steder) if rng.random() < 0.6 else rng.choice(ETTERNAVN)
        if form == "ENK":
            navn = f"{rng.choice(ETTERNAVN).upper()} {stamme}"
        else:
            navn = f"{forledd.upper()} {stamme} {form}"
        if navn not in brukte:
            brukte.add(navn)
            return navn
    raise RuntimeError("Fant ikke et ledig navn")


def lag(antall: int = 400, fro: int = 2026) -> list[dict]:
    rng = random.Random(fro)
    brukt: set[str] = set()
    brukte_navn: set[str] = set()
    ut: list[dict] = []
    for navn, form, kommunenr in KONTOR:
        e = _enhet(rng, lag_orgnr(rng, brukt), navn, form, KONTORFORM[form], kommunenr, "85.599",
                   "Annen undervisning ikke nevnt annet sted", rng.randint(2, 12))  # fmt: skip
        ut.append(e)
        brukte_navn.add(navn)
    kommuner = list(KOMMUNER)
    vekter = [KOMMUNER[k][2] for k in kommuner]
    former, formvekter = [f[:2] for f in FORMER], [f[2] for f in FORMER]
    while len(ut) < antall:
        kommunenr = rng.choices(kommuner, vekter)[0]
        stamme, nace, nacenavn, (lo, hi) = rng.choice(BRANSJER)
        if kommunenr in ("0301", "5001") and stamme in ("GÅRDSDRIFT", "HAVBRUK"):
            continue  # no dairy farms or fish farms in the city
        form, formnavn = rng.choices(former, formvekter)[0]
        ansatte = 0 if form == "ENK" and rng.random() < 0.5 else rng.randint(lo, hi)
        navn = _navn(rng, kommunenr, stamme, form, brukte_navn)
        ut.append(
            _enhet(rng, lag_orgnr(rng, brukt), navn, form, formnavn, kommunenr, nace, nacenavn, ansatte)
        )
    # Units that must be refused: bankrupt, being wound up, deleted (never the offices, always Trøndelag/Oslo mix).
    vanlige = ut[len(KONTOR) :]
    for e in rng.sample(vanlige, 12)[:4]:
        e["konkurs"] = True
        e["konkursdato"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    for e in [x for x in vanlige if not x["konkurs"]][-3:]:
        e["underAvvikling"] = True
        e["underAvviklingDato"] = "2026-03-01"
    for e in [x for x in vanlige if not x["konkurs"] and not x["underAvvikling"]][:3]:
        e["slettedato"] = "2025-06-30"
    return ut


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--antall", type=int, default=400)
    p.add_argument("--frø", "--fro", dest="fro", type=int, default=2026)
    p.add_argument("--ut", type=Path, default=UT)
    a = p.parse_args()
    enheter = lag(a.antall, a.fro)
    with a.ut.open("w", encoding="utf-8") as f:
        for e in enheter:
            f.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"Skrev {len(enheter)} enheter til {a.ut}")


if __name__ == "__main__":
    main()
