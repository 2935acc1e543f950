"""CSV and XLSX downloads of a figure's ``Tabell`` (counts only; the view writes the audit row).

CSV: ';'-separated, UTF-8 with BOM (Excel opens it with æøå), CRLF, Norwegian decimal comma, no thousands
separator (so the numbers stay numbers). XLSX: real numbers in cells, via openpyxl.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

from rapporter.statistikk.diagram import er_tall
from rapporter.statistikk.figur import Nokkeltall, Tabell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_verdi(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float | Decimal) and not isinstance(v, bool):
        return str(v).replace(".", ",")
    tekst = str(v)
    # A name that starts like a formula is not run as one by the spreadsheet (CSV injection).
    return "'" + tekst if isinstance(v, str) and tekst[:1] in ("=", "+", "-", "@") else tekst


def csv_bytes(tabell: Tabell) -> bytes:
    ut = io.StringIO()
    skriver = csv.writer(ut, delimiter=";", lineterminator="\r\n")
    skriver.writerow(tabell.kolonner)
    for rad in tabell.rader:
        skriver.writerow([_csv_verdi(v) for v in rad])
    return ("\ufeff" + ut.getvalue()).encode("utf-8")


def xlsx_bytes(tabell: Tabell, tittel: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bok = Workbook(write_only=False)
    ark = bok.active
    ark.title = _arknavn(tittel)
    ark.append(list(tabell.kolonner))
    for celle in ark[1]:
        celle.font = Font(bold=True)
    for rad in tabell.rader:
        ark.append([float(v) if isinstance(v, Decimal) else v for v in rad])
    for i, navn in enumerate(tabell.kolonner):
        numerisk = any(er_tall(r[i]) for r in tabell.rader)
        bredde = max([len(str(navn)), *(len(str(r[i])) for r in tabell.rader[:500])]) + 2
        ark.column_dimensions[ark.cell(row=1, column=i + 1).column_letter].width = min(
            bredde, 12 if numerisk else 60
        )
    ark.freeze_panes = "A2"
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def _arknavn(tittel: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return "".join(c for c in tittel if c not in "[]:*?/\\")[:31] or "Statistikk"


def filnavn(tall: Nokkeltall, format: str) -> str:
    return f"statistikk-{slugify(tall.kode)}.{format}"


def svar(tabell: Tabell, tall: Nokkeltall, format: str) -> HttpResponse:
    if format == "xlsx":
        resp = HttpResponse(xlsx_bytes(tabell, str(tall.tittel)), content_type=XLSX)
    else:
        resp = HttpResponse(csv_bytes(tabell), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{filnavn(tall, format)}"'
    return resp
