"""Tables as downloads, the same rows as CSV or XLSX.

CSV the way Danish Excel opens it: UTF-8 with BOM, semicolons, decimal comma without thousands separator,
dates dd-mm-yyyy, amounts as plain numbers (the unit belongs in the column's heading, never "kr." in a
cell). XLSX with real numbers and dates, a bold heading row and the first row frozen.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

from . import formats

FORMATS = ("csv", "xlsx")
# A text cell starting with one of these is read as a formula by Excel and LibreOffice (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (shown as text).

    Negative numbers are left alone: typed numbers never come here, and "-12,5" as text is no formula.
    """
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv_cell(value) -> str:
    cell = formats.csv_cell(value)
    return neutralise(cell) if isinstance(value, str) else cell
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return response


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    return value


def xlsx_bytes(title: str, header: list[str], rows: Iterable[Iterable]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append([_xlsx_cell(v) for v in row])
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                # Text, never a formula: stored as a string and marked so that editing keeps it text.
                cell.data_type = "s"
                cell.quotePrefix = True
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = "dd-mm-yyyy hh:mm:ss"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "dd-mm-yyyy"
    for i, text in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, min(50, len(text) + 4))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_response(fmt: str, stem: str, header: list[str], rows: Iterable[Iterable], *,
                   title: str = "Tabel") -> HttpResponse:
    """`fmt` is "csv" or "xlsx" (anything else is CSV); the filename is stem plus the extension."""
    if fmt != "xlsx":
        return csv_response(f"{stem}.csv", header, rows)
    response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
