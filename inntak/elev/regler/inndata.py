"""JSON → :class:`~.elevstatus.Elevkurs` for ``manage.py elevstatus``, med norske feilmeldinger per felt
(docs/elev.md §7). Rammeverksfri; kommandoen bare leser filen og skriver svaret."""

from __future__ import annotations

import datetime
import re
from typing import Any

from .elevstatus import ELEVSTATUS, FAGSTATUS, REFORMER, Elevkurs, Elevstatusregler, elevstatus

__all__ = ["FELTER", "UgyldigInndata", "elevstatus_fra_json", "les_elevkurs"]

FELTER = ("manuell", "sluttdato", "voksen", "skolenummer", "reform", "kategori", "fagstatuser")
_SKOLENUMMER = re.compile(r"^\d{5}$")
_KATEGORI = re.compile(r"^[A-Z0-9-]{1,2}$")


class UgyldigInndata(ValueError):
    """Ugyldig fil; ``feil`` er felt («elevkurs[1].sluttdato») → norske meldinger."""

    def __init__(self, feil: dict[str, list[str]]):
        super().__init__("; ".join(f"{felt}: {m}" for felt, ms in feil.items() for m in ms))
        self.feil = feil


def _ett(data: Any, sti: str, feil: dict[str, list[str]]) -> Elevkurs | None:
    def legg(felt: str, melding: str) -> None:
        feil.setdefault(f"{sti}.{felt}" if felt else sti, []).append(melding)

    if not isinstance(data, dict):
        legg("", "Hvert elevkurs må være et JSON-objekt.")
        return None
    antall = sum(len(v) for v in feil.values())
    for ukjent in sorted(set(data) - set(FELTER)):
        legg(ukjent, f"Ukjent felt (gyldige felt: {', '.join(FELTER)}).")

    manuell = data.get("manuell")
    if manuell is not None and (not isinstance(manuell, str) or manuell not in ELEVSTATUS):
        legg("manuell", f"Må være tom (null) eller en elevstatuskode ({', '.join(ELEVSTATUS)}).")
    sluttdato = None
    if data.get("sluttdato") is not None:
        try:
            sluttdato = datetime.date.fromisoformat(data["sluttdato"])
        except (TypeError, ValueError):
            legg("sluttdato", "Må være tom (null) eller en dato som «2026-10-15».")
    voksen = data.get("voksen", False)
    if not isinstance(voksen, bool):
        legg("voksen", "Må være true eller false.")
    skolenummer = data.get("skolenummer")
    if skolenummer is not None and (not isinstance(skolenummer, str) or not _SKOLENUMMER.match(skolenummer)):
        legg("skolenummer", "Må være et VIGO-skolenummer med fem sifre som tekst, f.eks. «50012».")
    reform = data.get("reform")
    if reform is not None and reform not in REFORMER:
        legg("reform", f"Må være tom (null) eller en av {', '.join(REFORMER)}.")
    kategori = data.get("kategori")
    if kategori is not None and (not isinstance(kategori, str) or not _KATEGORI.match(kategori)):
        legg(
            "kategori",
            "Må være tom (null) eller en kategorikode med ett eller to tegn, f.eks. «--» eller «K1».",
        )
    if "fagstatuser" not in data:
        legg(
            "fagstatuser",
            "Mangler (en liste med fagstatuskoder, tom liste hvis kurset ikke har karakterlinjer).",
        )
        fagstatuser: list[str] = []
    else:
        fagstatuser = data["fagstatuser"]
        if not isinstance(fagstatuser, list):
            legg("fagstatuser", 'Må være en liste med fagstatuskoder, f.eks. ["E", "F"].')
            fagstatuser = []
        for i, status in enumerate(fagstatuser):
            if not isinstance(status, str) or status not in FAGSTATUS:
                legg(f"fagstatuser[{i}]", f"Ukjent fagstatus (gyldige: {', '.join(FAGSTATUS)}).")
    if sum(len(v) for v in feil.values()) > antall:
        return None
    return Elevkurs(
        fagstatuser=tuple(fagstatuser),
        manuell=manuell,
        sluttdato=sluttdato,
        voksen=voksen,
        skolenummer=skolenummer,
        reform=reform,
        kategori=kategori,
    )


def les_elevkurs(data: Any) -> tuple[list[Elevkurs], bool]:
    """``(elevkurs, er_liste)``. Et enkelt objekt har indeks 0 i feilmeldingene. Reiser :class:`UgyldigInndata`
    med alle feil som ble funnet."""
    er_liste = isinstance(data, list)
    elementer = data if er_liste else [data]
    if er_liste and not elementer:
        raise UgyldigInndata({"elevkurs": ["Listen er tom."]})
    feil: dict[str, list[str]] = {}
    kurs = [_ett(e, f"elevkurs[{i}]", feil) for i, e in enumerate(elementer)]
    if feil:
        raise UgyldigInndata(feil)
    return [k for k in kurs if k is not None], er_liste


def elevstatus_fra_json(
    data: Any, regler: Elevstatusregler | None = None
) -> dict[str, Any] | list[dict[str, Any]]:
    """``{"elevstatus", "forklaring"}`` per elevkurs, en liste når inndata er en liste."""
    kurs, er_liste = les_elevkurs(data)
    svar = []
    for k in kurs:
        kode, forklaring = elevstatus(k) if regler is None else elevstatus(k, regler)
        svar.append({"elevstatus": kode, "forklaring": forklaring})
    return svar if er_liste else svar[0]
