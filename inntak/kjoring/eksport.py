"""CSV/XLSX exports of the run's lists (tablib, installed with django-import-export). Callers audit the export."""

from __future__ import annotations

import tablib

FORMATER = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _poeng(soknad) -> str:
    p = getattr(soknad, "poeng", None)
    return "" if p is None or p.poeng is None else f"{p.poeng:.2f}"


def _ut(data: tablib.Dataset | tablib.Databook, format_: str) -> tuple[bytes | str, str]:
    innhold = data.export(format_, delimiter=";") if format_ == "csv" else data.export(format_)
    return (innhold.encode("utf-8-sig") if isinstance(innhold, str) else innhold), FORMATER[format_]


def tilbudsliste(inne: list, venter: list, format_: str) -> tuple[bytes | str, str]:
    """Admitted and waitlist in one table (CSV) or two sheets (XLSX)."""
    hode = ["liste", "plass", "soknad_id", "fodselsnummer", "navn", "onske_nr", "poeng", "merknad"]
    tildelt = tablib.Dataset(headers=hode, title="Tildelt")
    for t in inne:
        merknad = "fast plass" if t.fast_plass else "beholdt fra tidligere runde" if t.beholdt else ""
        p = t.soknad.person
        tildelt.append(
            ["tildelt", "", t.soknad_id, p.fodselsnummer, p.navn, t.onske_nr, _poeng(t.soknad), merknad]
        )
    vente = tablib.Dataset(headers=hode, title="Venteliste")
    for v in venter:
        p = v.soknad.person
        vente.append(
            ["venteliste", v.plass, v.soknad_id, p.fodselsnummer, p.navn, v.onske_nr, _poeng(v.soknad), ""]
        )
    if format_ == "xlsx":
        return _ut(tablib.Databook((tildelt, vente)), format_)
    alle = tablib.Dataset(*tildelt, *vente, headers=hode)
    return _ut(alle, format_)


def rettliste(rader: list[dict], format_: str) -> tuple[bytes | str, str]:
    data = tablib.Dataset(headers=["soknad_id", "fodselsnummer", "navn", "poeng", "utdanningsprogram_1",
                                   "utdanningsprogram_2", "utdanningsprogram_3", "antall_onsker"], title="Rett uten plass")  # fmt: skip
    for r in rader:
        s = r["soknad"]
        up = (r["programmer"] + ["", "", ""])[:3]
        data.append([s.pk, s.person.fodselsnummer, s.person.navn, _poeng(s), *up, r["antall_onsker"]])
    return _ut(data, format_)
