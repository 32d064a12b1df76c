"""Danish formats from one place (layout.formats) and downloads Danish Excel opens (layout.exports)."""

import csv
import datetime
import io
from decimal import Decimal

from django.template import Context, Template
from openpyxl import load_workbook

from tovholder.layout import formats
from tovholder.layout.exports import table_response


def test_numbers_amounts_hours_and_dates_are_danish():
    assert formats.hours(Decimal("3.00")) == "3"
    assert formats.hours(Decimal("2.50")) == "2,5"
    assert formats.number(1234.5) == "1.234,5"
    assert formats.number(12000) == "12.000"
    assert formats.amount(Decimal("540")) == "540,00 kr."
    assert formats.day(datetime.date(2026, 4, 8)) == "8. april 2026"
    assert formats.moment(datetime.datetime(2026, 4, 8, 14, 5)) == "8. april 2026 14:05"
    assert formats.csv_cell(Decimal("1234.50")) == "1234,5"
    assert formats.csv_cell(datetime.date(2026, 4, 8)) == "08-04-2026"
    assert formats.csv_cell(None) == "" and formats.csv_cell(True) == "ja"


def test_templates_have_the_filters_and_never_localise_an_id():
    html = Template('<a href="?aftale={{ n|unlocalize }}">{{ n }}</a> {{ h|hours }} t · {{ p|amount }} · {{ d|date }}'
                    ).render(Context({"n": 1016, "h": Decimal("3.00"), "p": Decimal("540.00"),
                                      "d": datetime.date(2026, 9, 9)}))
    assert html == '<a href="?aftale=1016">1.016</a> 3 t · 540,00 kr. · 9. september 2026'


def test_csv_and_xlsx_carry_the_same_typed_rows():
    header = ["Dato", "Beløb (kr.)", "Timer", "Navn"]
    rows = [[datetime.date(2026, 11, 14), Decimal("540.00"), 2.5, "Åse Ødegård"]]
    body = table_response("csv", "x", header, rows).content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:]), delimiter=";")) == [header, ["14-11-2026", "540", "2,5",
                                                                                 "Åse Ødegård"]]
    response = table_response("xlsx", "x", header, rows)
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == header
    assert sheet["A2"].value == datetime.datetime(2026, 11, 14) and sheet["A2"].number_format == "dd-mm-yyyy"
    assert sheet["B2"].value == 540 and sheet["C2"].value == 2.5
