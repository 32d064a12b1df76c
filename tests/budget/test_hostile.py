"""Hostile input: a clear Danish message and nothing written (for imports: a row-by-row report)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import make_staff
from tovholder.accounts.models import Unit
from tovholder.budget import services
from tovholder.budget.models import ActualSpend, Appropriation, SpendImport, Supplement

from .conftest import D, Y


def _messages(exc) -> str:
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


def test_a_negative_original_budget_and_a_zero_supplement_are_refused(world, bw):
    with pytest.raises(ValidationError) as exc:
        services.set_original(actor=world.manager, function=bw.f85, year=Y, amount="-100.000")
    assert "kan ikke være negativt" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.add_supplement(actor=world.manager, function=bw.f85, year=Y, amount="0", decided_on=D(Y, 3, 1),
                                text="Ingenting")
    assert "0 kr." in _messages(exc)
    # a cut is a negative supplement, and allowed
    services.add_supplement(actor=world.manager, function=bw.f85, year=Y, amount="-250.000", decided_on=D(Y, 3, 1),
                            text="Besparelse på området")
    assert Appropriation.objects.count() == 0 and Supplement.objects.count() == 1


@pytest.mark.parametrize("amount, message", [
    ("1234.50", "decimalpunktum"), ("12.5", "decimalpunktum"), ("abc", "ikke et beløb"), ("1,234", "ikke et beløb"),
    ("1e9", "ikke et beløb"), ("", "Skriv"), ("9" * 40, "for stort"), ("1.234,567", "ikke et beløb")])
def test_amounts_must_be_written_the_danish_way(world, bw, amount, message):
    with pytest.raises(ValidationError) as exc:
        services.set_original(actor=world.manager, function=bw.f85, year=Y, amount=amount)
    assert message in _messages(exc)
    assert Appropriation.objects.count() == 0


def test_danish_amounts_are_read_right():
    assert services.parse_amount("2.500.000") == 2500000
    assert services.parse_amount("1.234,5") == services.parse_amount("1234,50")
    assert services.parse_amount("-2500") == -2500
    assert services.parse_amount("1.234") == 1234  # a thousands dot, never a decimal point


def test_a_month_twice_is_refused_unless_replacing_is_confirmed(world, bw):
    services.record_actual(actor=world.manager, function=bw.f85, year=Y, month=3, amount="10.000")
    with pytest.raises(ValidationError) as exc:
        services.record_actual(actor=world.manager, function=bw.f85, year=Y, month=3, amount="12.000")
    assert "allerede bogført" in _messages(exc)
    assert ActualSpend.objects.get().amount == 10000
    services.record_actual(actor=world.manager, function=bw.f85, year=Y, month=3, amount="12.000", replace=True)
    assert ActualSpend.objects.get().amount == 12000


def test_a_month_not_begun_and_a_function_not_valid_in_the_year_are_refused(world, bw):
    with pytest.raises(ValidationError):
        services.record_actual(actor=world.manager, function=bw.f85, year=D.today().year + 1, month=1, amount="1")
    with pytest.raises(ValidationError) as exc:
        services.set_original(actor=world.manager, function=bw.f85, year=2020, amount="1")
    assert "gælder ikke i 2020" in _messages(exc)


def test_only_the_budget_role_writes_and_only_in_its_own_municipality(world, bw):
    with pytest.raises(PermissionDenied):
        services.set_original(actor=world.own_worker, function=bw.f85, year=Y, amount="1")
    herlev_unit = Unit.objects.create(municipality=world.herlev, name="Herlev ledelse", kind="management")
    herlev_manager = make_staff("herlevleder", world.herlev, herlev_unit, "Leder")
    with pytest.raises(PermissionDenied):
        services.set_original(actor=herlev_manager, function=bw.f85, year=Y, amount="1")
    assert Appropriation.objects.count() == 0


def _import(world, text: str, replace=False, encoding="utf-8"):
    return services.import_actuals(actor=world.manager, filename="fra-opus.csv", content=text.encode(encoding),
                                   replace=replace)


def test_an_import_writes_every_row_or_none_with_a_row_by_row_report(world, bw):
    report = _import(world, "Funktion;År;Måned;Beløb\n5.38.38.005;2025;1;1.000,50\n5.38.99;2025;2;100\n"
                            "5.38.52;2025;13;100\n5.38.52;2025;2;1234.50\n5.38.38.005;2025;1;5\n5.38.52;2025;3\n")
    assert not report.ok
    lines = dict(report.errors)
    assert "findes ikke i kommunens kontoplan" in lines[3]
    assert "1 til 12" in lines[4]
    assert "decimalpunktum" in lines[5]
    assert "også i række 2" in lines[6]
    assert "kolonner" in lines[7]
    assert ActualSpend.objects.count() == 0 and SpendImport.objects.count() == 0


@pytest.mark.parametrize("text, message", [
    ("Konto;Periode;Beløb\n5.38.38;2025-01;100\n", "præcis: Funktion;År;Måned;Beløb"),
    ("Funktion,År,Måned,Beløb\n5.38.38,2025,1,100\n", "komma"),
    ("", "tom"),
    ("Funktion;År;Måned;Beløb\n", "ingen rækker"),
])
def test_an_import_with_wrong_columns_is_refused(world, bw, text, message):
    report = _import(world, text)
    assert not report.ok and message in " ".join(m for _n, m in report.errors)
    assert ActualSpend.objects.count() == 0


def test_an_import_of_months_already_booked_needs_confirmation(world, bw):
    text = "funktion;år;måned;beløb\n5.38.38.005;2025;1;1.000,50\n5.38.52;2025;marts;-200\n"
    assert _import(world, text, encoding="cp1252").ok  # Danish Excel's encoding and month names
    assert ActualSpend.objects.filter(function=bw.f107, month=3).get().amount == -200
    again = _import(world, text.replace("1.000,50", "2.000"))
    assert not again.ok and len(again.already) == 2 and not again.errors
    assert ActualSpend.objects.get(function=bw.f85).amount == 1000.50
    assert _import(world, text.replace("1.000,50", "2.000"), replace=True).ok
    assert ActualSpend.objects.get(function=bw.f85).amount == 2000
    assert SpendImport.objects.get(replaced=2).rows == 2


def test_a_function_code_not_in_the_chart_is_refused_when_added_or_mapped(world, bw):
    with pytest.raises(ValidationError):
        services.add_function(actor=world.manager, code="5.38", title="Forkert", first_year=Y)
    with pytest.raises(ValidationError):
        services.add_function(actor=world.manager, code="5.38.38", grouping="005", title="Igen", first_year=Y)
    with pytest.raises(ValidationError):
        services.find_function(world.ballerup.pk, "5.38.99", Y)
    with pytest.raises(ValidationError):
        services.find_function(world.ballerup.pk, "'; DROP TABLE", Y)
