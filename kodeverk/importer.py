"""Load the real public code registers shipped in kodeverk/data/ (sources and licences: kodeverk/data/KILDER.md).

Idempotent: running it again updates rows in place. Set-based (bulk upserts), one transaction.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections import defaultdict
from pathlib import Path

from django.db import transaction

from kodeverk import koder
from kodeverk import models as m
from kodeverk.skolear import skolear_som_starter

DATA = Path(__file__).resolve().parent / "data"
LK20_START = datetime.date(2020, 8, 1)
FOR_LK20_SLUTT = datetime.date(2020, 7, 31)
IKKE_SKOLE = re.compile(r"eksamenskontor|privatistkontor|karriere|voksenoppl|fagskole", re.I)
PRIVAT = re.compile(r"\bAS\b|steinerskole|kristne|\bKVS\b|\bNTG\b|toppidrett|wang|akademi|montessori", re.I)


def _csv(navn: str) -> list[dict]:
    with open(DATA / navn, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _upsert(modell, rader: list[dict], nokkel: str, felt: list[str]) -> int:
    objekter = [modell(**r) for r in rader]
    modell.objects.bulk_create(objekter, update_conflicts=True, unique_fields=[nokkel], update_fields=felt)
    return len(objekter)


def niva_for(kode: str) -> str:
    """Level from the 6th character of the code (docs/grensesnitt.md §3.1); yrkesfag year 3 is training in a company."""
    tegn = kode[5]
    if tegn in "1I":
        return "VG1"
    if tegn == "2":
        return "VG2"
    if tegn == "4":
        return "VG4"
    up = koder.UTDANNINGSPROGRAM.get(kode[:2])
    return "VG3" if up and up[1] else "LAER"


@transaction.atomic
def importer_alt() -> dict[str, int]:
    antall: dict[str, int] = {}
    # Fylker and kommuner (2024 structure).
    kommuner = _csv("kommuner_2024.csv")
    fylker = {r["fylkesnummer"]: r["fylkesnavn"] for r in kommuner}
    rader = [{"nummer": n, "navn": v, "aktiv": True} for n, v in sorted(fylker.items())]
    rader += [{"nummer": n, "navn": v, "aktiv": False} for n, v in koder.EKSTRA_FYLKER]
    antall["fylker"] = _upsert(m.Fylke, rader, "nummer", ["navn", "aktiv"])
    fylke_id = dict(m.Fylke.objects.values_list("nummer", "pk"))
    antall["kommuner"] = _upsert(
        m.Kommune,
        [{"nummer": r["kommunenummer"], "navn": r["kommunenavn"], "fylke_id": fylke_id[r["fylkesnummer"]]}
         for r in kommuner],
        "nummer",
        ["navn", "fylke"],
    )  # fmt: skip

    # Utdanningsprogram and programområder (Grep).
    antall["utdanningsprogram"] = _upsert(
        m.Utdanningsprogram,
        [{"kode": k, "navn": n, "studieforberedende": s, "gyldig_til": FOR_LK20_SLUTT if u else None,
          "gyldig_fra": None if u else LK20_START} for k, (n, s, u) in koder.UTDANNINGSPROGRAM.items()],
        "kode",
        ["navn", "studieforberedende", "gyldig_fra", "gyldig_til"],
    )  # fmt: skip
    up_id = dict(m.Utdanningsprogram.objects.values_list("kode", "pk"))
    po = []
    for r in _csv("programomrader_grep.csv"):
        kode = r["kode"]
        prefiks = kode[:2]
        utgatt = koder.UTDANNINGSPROGRAM.get(prefiks, ("", False, True))[2]
        niva = niva_for(kode)
        po.append({
            "kode": kode, "navn": r["navn_nob"], "navn_nn": r["navn_nno"], "navn_en": r["navn_eng"],
            "niva": niva, "utdanningsprogram_id": up_id.get(prefiks),
            "gyldig_til": FOR_LK20_SLUTT if utgatt else None, "poengberegnes": niva != "LAER",
        })  # fmt: skip
    antall["programomrader"] = _upsert(
        m.Programomrade, po, "kode", ["navn", "navn_nn", "navn_en", "niva", "utdanningsprogram", "gyldig_til",
                                      "poengberegnes"]
    )  # fmt: skip

    # Skoler (NSR) and the postnumre their addresses give.
    kommune_etter_navn = {(k.fylke_id, k.navn.split(" (")[0].upper()): k.pk for k in m.Kommune.objects.all()}
    skoler = json.loads((DATA / "skoler_vgs_nsr.json").read_text(encoding="utf-8"))
    loepenr: dict[str, int] = defaultdict(int)
    skolerader, poststeder = [], {}
    for s in sorted(skoler, key=lambda s: (s["fylke"], s["orgnr"])):
        loepenr[s["fylke"]] += 1
        deler = [d.strip() for d in s["adresse"].split(",")]
        postnr, poststed = "", ""
        if len(deler) >= 3 and re.fullmatch(r"\d{4}", deler[-2]):
            postnr, poststed = deler[-2], deler[-1].title()
        fid = fylke_id[s["fylke"]]
        kommune = kommune_etter_navn.get((fid, poststed.upper()))
        if postnr:
            poststeder[postnr] = {"nummer": postnr, "poststed": poststed, "kommune_id": kommune}
        privat = bool(PRIVAT.search(s["navn"]))
        skolerader.append({
            # The real VIGO skolenummer is in VIGO's kodeverk (not public); we derive fylke + running number.
            "skolenummer": f"{s['fylke']}{loepenr[s['fylke']]:03d}",
            "organisasjonsnummer": s["orgnr"], "navn": s["navn"], "fylke_id": fid, "kommune_id": kommune,
            "adresse": ", ".join(deler[:-2]) if postnr else s["adresse"], "postnummer": postnr,
            "poststed": poststed, "nettside": s["url"], "privat": privat, "skoleeiertype": 4 if privat else 1,
            "aktiv": not IKKE_SKOLE.search(s["navn"]),
        })  # fmt: skip
    antall["postnumre"] = _upsert(m.Postnummer, list(poststeder.values()), "nummer", ["poststed", "kommune"])
    eksisterende = dict(m.Skole.objects.values_list("organisasjonsnummer", "skolenummer"))
    for r in skolerader:  # keep a school's number stable once given
        r["skolenummer"] = eksisterende.get(r["organisasjonsnummer"], r["skolenummer"])
    antall["skoler"] = _upsert(
        m.Skole, skolerader, "skolenummer",
        ["organisasjonsnummer", "navn", "fylke", "kommune", "adresse", "postnummer", "poststed", "nettside",
         "privat", "skoleeiertype", "aktiv"],
    )  # fmt: skip

    # Fixed code lists.
    antall["karakterverdier"] = _upsert(
        m.Karakterverdi,
        [{"kode": k, "navn": n, "tallverdi": v, "skala": s} for k, n, v, s in koder.KARAKTERVERDIER],
        "kode",
        ["navn", "tallverdi", "skala"],
    )
    antall["fagstatus"] = _upsert(
        m.Fagstatus, [{"kode": k, "navn": n} for k, n in koder.FAGSTATUS], "kode", ["navn"]
    )
    antall["elevstatus"] = _upsert(
        m.Elevstatus, [{"kode": k, "navn": n} for k, n in koder.ELEVSTATUS], "kode", ["navn"]
    )
    antall["behandlingskategorier"] = _upsert(
        m.Behandlingskategori,
        [{"kode": k, "navn": n, "gruppe": g, "hjemmel": h, "niva": nv} for k, n, g, h, nv in koder.BEHANDLINGSKATEGORIER],
        "kode",
        ["navn", "gruppe", "hjemmel", "niva"],
    )  # fmt: skip
    antall["fagtyper"] = _upsert(
        m.Fagtype, [{"kode": k, "navn": n} for k, n in koder.FAGTYPER], "kode", ["navn"]
    )
    fagtype_id = dict(m.Fagtype.objects.values_list("kode", "pk"))
    fag = [
        {"kode": r["fagkode"], "navn": r["navn"], "fagtype_id": fagtype_id.get(r["fagtype"]) if r["fagtype"] else None,
         "grunnskole": r["grunnskole"] == "1"}
        for r in _csv("fag.csv")
    ]  # fmt: skip
    antall["fag"] = _upsert(m.Fag, fag, "kode", ["navn", "fagtype", "grunnskole"])
    ar = [
        {"kode": p.kode, "startdato": p.start, "sluttdato": p.slutt}
        for p in (skolear_som_starter(a) for a in range(2017, 2031))
    ]
    antall["skolear"] = _upsert(m.Skolear, ar, "kode", ["startdato", "sluttdato"])
    return antall
