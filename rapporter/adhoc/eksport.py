"""Downloads of an ad-hoc list: CSV streamed row by row from a server-side cursor, XLSX through openpyxl's
write-only workbook into a temporary file. Neither holds the list in memory (docs/adhoc.md)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from rapporter.adhoc import selectors
from rapporter.adhoc.katalog import Utvalg

XLSX_MAKS = 200_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Linje:
    """csv.writer writes one line here and we hand it on (the pseudo-buffer of Django's streaming CSV recipe)."""

    def write(self, tekst: str) -> str:
        return tekst


def csv_linjer(utvalg: Utvalg, qs) -> Iterator[str]:
    """Header and rows, semicolon-separated with CRLF; the BOM makes Excel read the file as UTF-8."""
    skriver = csv.writer(_Linje(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + skriver.writerow([str(k.etikett) for k in utvalg.kolonner])
    for rad in selectors.tekstrader(qs, utvalg.kolonner):
        yield skriver.writerow(rad)


def filnavn(utvalg: Utvalg, endelse: str) -> str:
    return f"liste_{utvalg.populasjon.nokkel}_{timezone.localdate():%Y%m%d}.{endelse}"


def csv_svar(utvalg: Utvalg, qs) -> StreamingHttpResponse:
    svar = StreamingHttpResponse(csv_linjer(utvalg, qs), content_type="text/csv; charset=utf-8")
    svar["Content-Disposition"] = f'attachment; filename="{filnavn(utvalg, "csv")}"'
    return svar


def _xlsx_verdi(kolonne, verdi, valg):
    """Typed cells where Excel benefits (dates, numbers); codes become names as in the table."""
    if verdi is None:
        return None
    if valg is not None:
        return valg.get(verdi, str(verdi))
    if isinstance(verdi, bool):
        return "Ja" if verdi else "Nei"
    if hasattr(verdi, "tzinfo") and getattr(verdi, "tzinfo", None) is not None:
        return timezone.localtime(verdi).replace(tzinfo=None)
    return verdi


def xlsx_svar(utvalg: Utvalg, qs) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bok = Workbook(write_only=True)
    ark = bok.create_sheet(title=str(utvalg.populasjon.navn)[:31])
    fet = Font(bold=True)
    overskrift = []
    for k in utvalg.kolonner:
        celle = WriteOnlyCell(ark, value=str(k.etikett))
        celle.font = fet
        overskrift.append(celle)
    ark.append(overskrift)
    valg = [k.valg() if k.valg is not None else None for k in utvalg.kolonner]
    for rad in selectors.verdier(qs, utvalg.kolonner).iterator(chunk_size=selectors.CHUNK):
        ark.append([_xlsx_verdi(k, v, m) for k, v, m in zip(utvalg.kolonner, rad, valg, strict=False)])
    fil = tempfile.TemporaryFile()
    bok.save(fil)
    fil.seek(0)
    return FileResponse(fil, as_attachment=True, filename=filnavn(utvalg, "xlsx"), content_type=XLSX_TYPE)
