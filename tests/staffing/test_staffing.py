"""The staffing plan: FTE arithmetic by hand (part time, a start mid-month, a vacancy), the caseload, the
writes (permission, scope, hostile input, stale saves) and the pages (need to know, the download)."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import make_staff
from tovholder.accounts.models import Unit
from tovholder.audit.models import AuditEvent
from tovholder.citizens.models import Involvement
from tovholder.staffing import selectors, services
from tovholder.staffing.models import EmploymentPeriod, PlannedStaffing

D = Decimal


def period(starts_on, ends_on=None, fte="1"):
    return EmploymentPeriod(starts_on=starts_on, ends_on=ends_on, fte=D(fte))


# --- the arithmetic, by hand ----------------------------------------------------------------------------------

def test_a_full_timer_and_a_part_timer_on_a_day():
    periods = [period(datetime.date(2017, 1, 1)), period(datetime.date(2017, 1, 1), fte="0.8")]
    assert selectors.fte_on(periods, datetime.date(2017, 6, 1)) == D("1.8")
    assert selectors.fte_on(periods, datetime.date(2016, 12, 31)) == D("0")


def test_someone_starting_mid_month_counts_from_the_first_day():
    # June has 30 days; a start on the 16th covers 15 of them: 15/30 of 1,0 FTE
    periods = [period(datetime.date(2017, 6, 16))]
    assert selectors.average_fte(periods, datetime.date(2017, 6, 1), datetime.date(2017, 6, 30)) == D("0.50")
    # with a part timer at 0,8 all month: 0,8 + 0,5
    periods.append(period(datetime.date(2017, 1, 1), fte="0.8"))
    assert selectors.average_fte(periods, datetime.date(2017, 6, 1), datetime.date(2017, 6, 30)) == D("1.30")


def test_an_ending_counts_to_its_last_day():
    # ends on 10 March: 10 of 31 days
    periods = [period(datetime.date(2017, 1, 1), datetime.date(2017, 3, 10))]
    assert selectors.average_fte(periods, datetime.date(2017, 3, 1), datetime.date(2017, 3, 31)) == D("0.32")
    assert selectors.fte_on(periods, datetime.date(2017, 3, 10)) == D("1")
    assert selectors.fte_on(periods, datetime.date(2017, 3, 11)) == D("0")


def test_a_year_averages_its_days_and_a_vacancy_is_planned_minus_actual():
    # 2017 (365 days): one full timer all year, one from 1 July (184 days) at 1,0 -> 1 + 184/365 = 1,504…
    periods = [period(datetime.date(2016, 1, 1)), period(datetime.date(2017, 7, 1))]
    span = selectors.year_span(2017, datetime.date(2020, 1, 1))
    assert span == (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
    actual = selectors.average_fte(periods, *span)
    assert actual == D("1.50")
    assert selectors.vacancy(D("2"), actual) == D("0.50")
    assert selectors.vacancy(D("1"), D("1.50")) == D("-0.50")  # more staff than planned
    assert selectors.vacancy(None, actual) is None


def test_the_running_year_counts_to_today_and_a_year_to_come_not_at_all():
    today = datetime.date(2026, 3, 31)
    assert selectors.year_span(2026, today) == (datetime.date(2026, 1, 1), today)
    assert selectors.year_span(2027, today) is None
    assert selectors.month_span(2026, 4, today) is None
    assert selectors.month_span(2026, 2, today) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))


def test_caseload_is_citizens_per_fte():
    assert selectors.caseload(15, D("1.8")) == D("8.3")
    assert selectors.caseload(3, D("0")) is None


# --- the writes -----------------------------------------------------------------------------------------------

def test_the_manager_plans_a_year_and_changes_it_with_the_version(world):
    row = services.set_planned_fte(actor=world.manager, unit=world.skp, year=2017, fte="12", note="Budgetforlig 2016")
    assert row.fte == D("12.00")
    again = services.set_planned_fte(actor=world.manager, unit=world.skp, year=2017, fte="8,5", version=row.version)
    assert again.pk == row.pk and again.fte == D("8.50") and again.version == 2
    with pytest.raises(ValidationError):  # a stale save: someone changed it since
        services.set_planned_fte(actor=world.manager, unit=world.skp, year=2017, fte="9", version=1)
    assert AuditEvent.objects.filter(action="staffing.planned").count() == 2


@pytest.mark.parametrize("fte,year", [("-1", 2017), ("abc", 2017), ("1e400", 2017), ("NaN", 2017), ("1.234", 2017),
                                      ("1000", 2017), ("2", 1850), ("2", 9999), ("2", "tyve")])
def test_hostile_plans_are_refused_and_write_nothing(world, fte, year):
    with pytest.raises(ValidationError):
        services.set_planned_fte(actor=world.manager, unit=world.skp, year=year, fte=fte)
    assert not PlannedStaffing.objects.exists()


def test_only_a_manager_of_the_unit_may_plan(world):
    with pytest.raises(PermissionDenied):
        services.set_planned_fte(actor=world.own_worker, unit=world.skp, year=2017, fte="2")
    herlev_unit = Unit.objects.get(municipality=world.herlev)
    with pytest.raises(PermissionDenied):
        services.set_planned_fte(actor=world.manager, unit=herlev_unit, year=2017, fte="2")
    skpleder = make_staff("skpleder", world.ballerup, world.skp, "Leder")
    with pytest.raises(PermissionDenied):  # a team leader plans only their own team
        services.set_planned_fte(actor=skpleder, unit=world.ung, year=2017, fte="2")


def test_employment_periods_do_not_overlap_and_end_on_a_day(world):
    staff = world.own_worker.staff
    p = services.add_employment(actor=world.manager, staff=staff, unit=world.skp, starts_on=datetime.date(2017, 3, 15),
                                ends_on=None, fte="0,8")
    assert p.fte == D("0.80")
    with pytest.raises(ValidationError) as exc:
        services.add_employment(actor=world.manager, staff=staff, unit=world.skp, starts_on=datetime.date(2018, 1, 1),
                                ends_on=None, fte="1")
    assert "allerede ansat" in str(exc.value)
    ended = services.end_employment(actor=world.manager, period=p, ends_on=datetime.date(2017, 12, 31),
                                    version=p.version)
    assert ended.ends_on == datetime.date(2017, 12, 31)
    services.add_employment(actor=world.manager, staff=staff, unit=world.skp, starts_on=datetime.date(2018, 1, 1),
                            ends_on=None, fte="1")
    with pytest.raises(ValidationError):  # an end before the start
        services.end_employment(actor=world.manager, period=ended, ends_on=datetime.date(2017, 1, 1),
                                version=ended.version)


@pytest.mark.parametrize("fte", ["0", "2", "-0,5", "x", "0,123"])
def test_hostile_employment_is_refused(world, fte):
    with pytest.raises(ValidationError):
        services.add_employment(actor=world.manager, staff=world.own_worker.staff, unit=world.skp,
                                starts_on=datetime.date(2017, 1, 1), ends_on=None, fte=fte)
    with pytest.raises(ValidationError):
        services.add_employment(actor=world.manager, staff=world.own_worker.staff, unit=world.skp,
                                starts_on=datetime.date(2017, 1, 1), ends_on=datetime.date(2016, 1, 1), fte="1")
    assert not EmploymentPeriod.objects.exists()


def test_another_municipalitys_staff_cannot_be_employed(world):
    with pytest.raises(PermissionDenied):
        services.add_employment(actor=world.manager, staff=world.herlev_worker.staff, unit=world.skp,
                                starts_on=datetime.date(2017, 1, 1), ends_on=None, fte="1")


# --- the overview ---------------------------------------------------------------------------------------------

def test_the_overview_per_unit_and_year_with_caseload(world):
    today = datetime.date(2018, 6, 30)
    services.set_planned_fte(actor=world.manager, unit=world.skp, year=2017, fte="2")
    services.set_planned_fte(actor=world.manager, unit=world.skp, year=2018, fte="3")
    services.add_employment(actor=world.manager, staff=world.own_worker.staff, unit=world.skp,
                            starts_on=datetime.date(2016, 1, 1), ends_on=None, fte="1")
    services.add_employment(actor=world.manager, staff=world.manager.staff, unit=world.skp,
                            starts_on=datetime.date(2017, 7, 1), ends_on=None, fte="0.5")
    ov = selectors.overview(world.manager, today=today)
    assert ov.years == [2017, 2018]  # from the plan's first year
    [row] = ov.rows
    assert row.unit == world.skp
    assert [c.planned for c in row.years] == [D("2"), D("3")]
    # 2017: 1 + 0,5 × 184/365 = 1,252… ; 2018 to 30 June (181 days): 1,5
    assert [c.actual for c in row.years] == [D("1.25"), D("1.50")]
    assert row.years[0].vacancy == D("0.75")
    assert [c.planned for c in ov.totals] == [D("2"), D("3")]
    assert row.actual_now == D("1.5") and row.vacancy_now == D("1.50")
    # Anna in SKP since 2025: not active in 2018
    assert row.citizens_now == 0
    ov = selectors.overview(world.manager, today=datetime.date(2025, 3, 1))
    assert ov.rows[0].citizens_now == 1 and ov.rows[0].caseload_now == D("0.7")


def test_a_citizen_is_counted_once_per_unit(world):
    Involvement.objects.create(municipality=world.ballerup, citizen=world.anna, unit=world.skp,
                               started_on=datetime.date(2025, 2, 1))
    Involvement.objects.create(municipality=world.ballerup, citizen=world.bo, unit=world.skp,
                               started_on=datetime.date(2025, 2, 1), ended_on=datetime.date(2025, 2, 10))
    counts = selectors.active_citizens(world.ballerup.pk, [world.skp.pk], datetime.date(2025, 3, 1))
    assert counts == {world.skp.pk: 1}
    counts = selectors.active_citizens(world.ballerup.pk, [world.skp.pk], datetime.date(2025, 2, 10))
    assert counts == {world.skp.pk: 2}


def test_the_pages_need_the_role(client, world):
    for name in ("staffing", "staffing_plan", "staffing_employment"):
        client.force_login(world.own_worker)
        assert client.get(reverse(name)).status_code == 403
        client.force_login(world.herlev_worker)
        assert client.get(reverse(name)).status_code == 403


def test_the_manager_walks_the_pages_and_downloads(client, world):
    client.force_login(world.manager)
    response = client.post(reverse("staffing_plan"), {"unit": world.skp.pk, "year": 2017, "fte": "12",
                                                      "note": "Budgetforlig 2016"})
    assert response.status_code == 302
    response = client.post(reverse("staffing_employment"), {
        "action": "add", "staff": world.own_worker.staff.pk, "unit": world.skp.pk, "starts_on": "2017-02-16",
        "ends_on": "", "fte": "0,8", "note": ""})
    assert response.status_code == 302
    page = client.get(reverse("staffing")).content.decode()
    assert "SKP-teamet" in page and "12,00" in page
    response = client.get(reverse("staffing") + "?format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Enhed", "År", "Planlagte årsværk")
    assert ("SKP-teamet", 2017, 12) in [r[:3] for r in rows]
    assert client.get(reverse("staffing") + "?aar=abc").status_code == 200
    assert client.get(reverse("staffing") + "?aar=2017").status_code == 200


def test_hostile_posts_get_a_message_and_write_nothing(client, world):
    client.force_login(world.manager)
    herlev_unit = Unit.objects.get(municipality=world.herlev)
    for data in ({"unit": herlev_unit.pk, "year": 2017, "fte": "2"}, {"unit": "99999999999999999999", "year": 2017,
                                                                       "fte": "2"},
                 {"unit": world.skp.pk, "year": "2017\x00", "fte": "2"}, {"unit": world.skp.pk, "year": 2017,
                                                                         "fte": "-3"}):
        assert client.post(reverse("staffing_plan"), data).status_code in (400, 403)
    for data in ({"action": "add", "staff": world.herlev_worker.staff.pk, "unit": world.skp.pk,
                  "starts_on": "2017-01-01", "fte": "1"},
                 {"action": "add", "staff": world.own_worker.staff.pk, "unit": world.skp.pk,
                  "starts_on": "0001-01-01", "fte": "1"},
                 {"action": "end", "end-period": "999999", "end-version": "1", "end-ends_on": "2017-01-01"},
                 {"action": "slet"}):
        assert client.post(reverse("staffing_employment"), data).status_code in (400, 404)
    assert not PlannedStaffing.objects.exists() and not EmploymentPeriod.objects.exists()
