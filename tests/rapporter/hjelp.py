from __future__ import annotations


def les(fil) -> bytes:
    with fil.fil.open("rb") as fh:
        return fh.read()


def csv_rader(fil) -> list[list[str]]:
    tekst = les(fil).decode(fil.tegnsett)
    return [linje.split(";") for linje in tekst.split("\r\n") if linje]
