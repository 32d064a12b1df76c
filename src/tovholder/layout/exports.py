"""Tables as downloads: CSV the way Danish spreadsheets open it (UTF-8 with BOM, semicolons)."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return response
