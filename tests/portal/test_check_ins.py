"""Check-ins (issue 18, item 4): the citizen's mood and sleep, one a day, shown as a trend with the measurements
done with staff; the opt-in alert to the coordinator and its daily job; what staff see on the plan page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.outcomes.models import Instrument, InstrumentVersion
from tovholder.outcomes.services import record_measurement
from tovholder.portal import selectors, services
from tovholder.portal.events import Event
from tovholder.portal.models import CheckIn, CheckInAlert
from tovholder.portal.tasks import alert_missed_check_ins_task
from tovholder.todo.models import Task

from .conftest import log_in_as

TODAY = datetime.date.today


def _check_in(account, day, mood=5, sleep=5):
    CheckIn.objects.create(municipality=account.municipality, citizen=account.citizen, day=day, mood=mood,
                           sleep=sleep, written_by=account.user)


# ---- the service ----

def test_a_check_in_is_saved_for_the_citizen_with_audit(portal):
    entry = services.check_in(actor=portal.anna.user, mood=7, sleep="3", note="  Sov uroligt  ")
    assert (entry.citizen_id, entry.day, entry.mood, entry.sleep, entry.note) == (
        portal.anna.citizen_id, timezone.localdate(), 7, 3, "Sov uroligt")
    event = AuditEvent.objects.get(action=Event.CHECKIN_MADE)
    assert event.actor == portal.anna.user and event.citizen_id == portal.anna.citizen_id


@pytest.mark.parametrize("mood,sleep", [(0, 5), (11, 5), (5, 0), (5, 11), ("abc", 5), (5, ""), (None, 5),
                                        ("-1", 5), ("5.5", 5), (True, 5), ("9" * 30, 5), (5, "\x00")])
def test_the_scale_is_one_to_ten(portal, mood, sleep):
    with pytest.raises(ValidationError) as exc:
        services.check_in(actor=portal.anna.user, mood=mood, sleep=sleep)
    assert "skalaen fra 1 til 10" in str(exc.value)
    assert not CheckIn.objects.exists() and not AuditEvent.objects.filter(action=Event.CHECKIN_MADE).exists()


def test_one_check_in_a_day_and_the_second_never_overwrites(portal):
    services.check_in(actor=portal.anna.user, mood=8, sleep=8, note="God dag")
    with pytest.raises(ValidationError) as exc:
        services.check_in(actor=portal.anna.user, mood=2, sleep=2, note="Dårlig dag")
    assert "allerede tjekket ind i dag" in str(exc.value)
    only = CheckIn.objects.get()
    assert (only.mood, only.note) == (8, "God dag")


def test_date_rules_today_and_the_past_week_only(portal):
    today = timezone.localdate()
    services.check_in(actor=portal.anna.user, mood=4, sleep=4, day=today - datetime.timedelta(days=7))
    for bad in (today + datetime.timedelta(days=1), today - datetime.timedelta(days=8), datetime.date(1, 1, 1),
                datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            services.check_in(actor=portal.anna.user, mood=4, sleep=4, day=bad)
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize("note,ok", [("<script>alert(1)</script>", True), ("x" * 500, True), ("x" * 501, False),
                                     ("x" * 10_000, False), ("😀" * 10, True)])
def test_hostile_notes(portal, note, ok):
    if ok:
        assert services.check_in(actor=portal.anna.user, mood=5, sleep=5, note=note).note == note
    else:
        with pytest.raises(ValidationError):
            services.check_in(actor=portal.anna.user, mood=5, sleep=5, note=note)
        assert not CheckIn.objects.exists()


def test_staff_cannot_check_in_as_a_citizen(portal, world):
    with pytest.raises(PermissionDenied):
        services.check_in(actor=world.own_worker, mood=5, sleep=5)
    with pytest.raises(PermissionDenied):
        services.set_check_in_alert(actor=world.own_worker, days=7)
    assert not CheckIn.objects.exists() and not CheckInAlert.objects.exists()


def test_the_alert_choice_is_off_until_chosen_and_only_from_the_list(portal):
    assert selectors.my_check_ins(portal.anna.user).alert is None
    for bad in ("5", "abc", "-7", 365, "9" * 40):
        with pytest.raises(ValidationError):
            services.set_check_in_alert(actor=portal.anna.user, days=bad)
    alert = services.set_check_in_alert(actor=portal.anna.user, days="7")
    assert alert.days == 7 and alert.citizen_id == portal.anna.citizen_id
    with pytest.raises(ValidationError):  # a stale choice from another window
        services.set_check_in_alert(actor=portal.anna.user, days=3, version=alert.version + 5)
    off = services.set_check_in_alert(actor=portal.anna.user, days=0, version=alert.version)
    assert off.days is None and off.version == alert.version + 1
    assert AuditEvent.objects.filter(action=Event.CHECKIN_ALERT_SET).count() == 2


# ---- the daily job ----

def _opt_in(account, days, since):
    return CheckInAlert.objects.create(municipality=account.municipality, citizen=account.citizen, days=days,
                                       changed_on=since)


def test_the_job_tells_the_coordinator_only_for_citizens_who_opted_in(portal, world):
    today = timezone.localdate()
    _check_in(portal.anna, today - datetime.timedelta(days=10))
    _check_in(portal.bo, today - datetime.timedelta(days=30))  # Bo missed more, but did not opt in
    _opt_in(portal.anna, 7, today - datetime.timedelta(days=60))
    assert alert_missed_check_ins_task.enqueue().return_value == 1
    task = Task.objects.get()
    assert task.citizen_id == world.anna.pk and task.assignee == world.own_worker  # Anna's coordinator
    assert task.source == services.ALERT_SOURCE and task.status == Task.Status.OPEN
    assert "ikke tjekket ind" in task.title
    alert_missed_check_ins_task.enqueue()  # again the next day: the same stretch, no new task
    assert Task.objects.count() == 1


def test_no_task_before_the_chosen_days_have_passed(portal):
    today = timezone.localdate()
    _opt_in(portal.anna, 7, today - datetime.timedelta(days=60))
    _check_in(portal.anna, today - datetime.timedelta(days=6))
    assert services.alert_missed_check_ins(municipality_id=portal.anna.municipality_id, today=today) == []
    assert services.alert_missed_check_ins(municipality_id=portal.anna.municipality_id,
                                           today=today + datetime.timedelta(days=1))
    assert Task.objects.count() == 1


def test_turning_it_off_stops_it(portal):
    today = timezone.localdate()
    services.set_check_in_alert(actor=portal.anna.user, days=3)
    CheckInAlert.objects.update(changed_on=today - datetime.timedelta(days=20))
    alert = CheckInAlert.objects.get()
    services.set_check_in_alert(actor=portal.anna.user, days="", version=alert.version)
    later = today + datetime.timedelta(days=30)
    assert services.alert_missed_check_ins(municipality_id=portal.anna.municipality_id, today=later) == []
    assert not Task.objects.exists()


def test_without_a_coordinator_the_team_gets_the_task(portal, world):
    today = timezone.localdate()
    _opt_in(portal.bo, 3, today - datetime.timedelta(days=4))  # never checked in since opting in
    (task,) = services.alert_missed_check_ins(municipality_id=portal.bo.municipality_id, today=today)
    assert task.citizen_id == world.bo.pk and task.assignee is None and task.team is not None
    assert task.team.pk in set(world.bo.involvements.values_list("unit_id", flat=True))


def test_the_command_enqueues_the_job(portal):
    from io import StringIO

    _opt_in(portal.anna, 3, timezone.localdate() - datetime.timedelta(days=5))
    out = StringIO()
    call_command("alert_missed_checkins", stdout=out)
    assert "Sat i kø" in out.getvalue() and Task.objects.count() == 1


# ---- the trend ----

def test_the_trend_has_both_series_and_the_measurements_with_staff(portal, world):
    today = timezone.localdate()
    _check_in(portal.anna, today - datetime.timedelta(days=3), mood=3, sleep=6)
    _check_in(portal.anna, today - datetime.timedelta(days=1), mood=8, sleep=7)
    _check_in(portal.anna, today - datetime.timedelta(days=120), mood=1, sleep=1)  # older than three months
    who5 = InstrumentVersion.objects.get(instrument__key="who5", instrument__municipality__isnull=True,
                                         retired_at__isnull=True)
    record_measurement(actor=world.own_worker, citizen=world.anna, version=who5, measured_on=today -
                       datetime.timedelta(days=2), answered_by="together",
                       answers={a.key: 3 for a in who5.spec.areas})
    my = selectors.my_check_ins(portal.anna.user)
    chart = my.trend.chart
    assert chart is not None and chart.marks == 2 + 2 + 1  # two days of two series, one measurement
    headers = list(chart.table.headers)
    assert headers == ["Dato", "Humør", "Søvn", "Måling sammen med en medarbejder"]
    rows = {label: values for label, values in chart.table.rows}
    assert len(rows) == 3 and [8, 7, None] in rows.values() and [3, 6, None] in rows.values()
    (measured,) = [v[2] for v in rows.values() if v[2]]
    assert Instrument.objects.get(key="who5").name in measured and "60" in measured  # 5 × 3 × 4
    assert AccessEvent.objects.filter(actor=portal.anna.user, what="Mine tjek-ind (Min Tovholder)").exists()


# ---- the pages ----

def test_the_citizen_checks_in_on_the_page_and_sees_it(client, portal):
    log_in_as(client, portal.anna)
    page = client.get(reverse("portal:check_in"))
    assert page.status_code == 200 and "Hvem kan se dine tjek-ind?" in page.content.decode()
    response = client.post(reverse("portal:check_in"), {"mood": "6", "sleep": "4", "note": "<b>fed</b> dag",
                                                        "day": timezone.localdate().isoformat()})
    assert response.status_code == 302
    body = client.get(reverse("portal:check_in")).content.decode()
    assert "&lt;b&gt;fed&lt;/b&gt; dag" in body and "<b>fed</b>" not in body
    assert 'class="chart-svg"' in body and "<td class=\"num\">6</td>" in body
    again = client.post(reverse("portal:check_in"), {"mood": "1", "sleep": "1"})
    assert again.status_code == 400 and "allerede tjekket ind i dag" in again.content.decode()
    assert CheckIn.objects.get().mood == 6


@pytest.mark.parametrize("data", [{}, {"mood": "0", "sleep": "5"}, {"mood": "11", "sleep": "5"},
                                  {"mood": "abc", "sleep": "5"}, {"mood": "5", "sleep": "5", "note": "x" * 10_000},
                                  {"mood": "5", "sleep": "5", "day": "0001-01-01"},
                                  {"mood": "5", "sleep": "5", "day": "9999-12-31"},
                                  {"mood": "5", "sleep": "5", "day": "2026-13-45"},
                                  {"mood": "5", "sleep": "5", "day": "9" * 500}])
def test_bad_input_on_the_page_is_400_and_writes_nothing(client, portal, data):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:check_in"), data)
    assert response.status_code == 400 and "Formularen er ikke gemt" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_ids_of_another_citizen_in_the_form_are_ignored(client, portal):
    """The check-in pages take no citizen id: whatever is sent, the citizen is the session's own."""
    log_in_as(client, portal.bo)
    client.post(reverse("portal:check_in"), {"mood": "5", "sleep": "5", "citizen": portal.anna.citizen_id,
                                             "citizen_id": portal.anna.citizen_id, "konto": portal.anna.pk})
    assert list(CheckIn.objects.values_list("citizen_id", flat=True)) == [portal.bo.citizen_id]


def test_the_alert_choice_on_the_page(client, portal):
    log_in_as(client, portal.anna)
    assert client.post(reverse("portal:check_in_alert"), {"days": "7"}).status_code == 302
    assert CheckInAlert.objects.get().days == 7
    bad = client.post(reverse("portal:check_in_alert"), {"days": "5"})
    assert bad.status_code == 400 and CheckInAlert.objects.get().days == 7
    assert client.post(reverse("portal:check_in_alert"), {"days": "0", "version": "1"}).status_code == 302
    assert CheckInAlert.objects.get().days is None
    assert client.get(reverse("portal:check_in_alert")).status_code == 405


def test_staff_see_the_trend_on_the_plan_page_and_others_do_not(client, portal, world):
    services.check_in(actor=portal.anna.user, mood=6, sleep=5, note="Tjek fra Anna")
    client.force_login(world.own_worker)
    page = client.get(reverse("citizen_plan", args=[world.anna.pk])).content.decode()
    assert "Borgerens tjek-ind fra Min Tovholder" in page and "Tjek fra Anna" in page and "chart-svg" in page
    client.force_login(world.other_worker)  # outside need to know: no plan page at all
    assert client.get(reverse("citizen_plan", args=[world.anna.pk])).status_code in (403, 404)
    client.force_login(world.own_worker)
    page = client.get(reverse("citizen_plan", args=[world.bo.pk]))
    assert "Tjek fra Anna" not in page.content.decode()


def test_the_trend_chart_has_a_real_size_named_marks_and_labels_that_fit(portal):
    from ..layout.test_charts import drawn, labels

    today = timezone.localdate()
    for back, mood in ((80, 2), (40, 9), (1, 6)):
        _check_in(portal.anna, today - datetime.timedelta(days=back), mood=mood, sleep=10 - mood)
    chart = selectors.check_in_trend(portal.anna.citizen, key="t", today=today).chart
    root = drawn(chart)
    assert chart.marks == 6 and "Humør" in labels(root) and "Søvn" in labels(root)
    assert "Humør senest 6" in chart.summary and "Søvn senest 4" in chart.summary
    assert selectors.check_in_trend(portal.bo.citizen, key="t").chart is None  # nothing yet: no empty picture


def test_a_stale_alert_choice_is_refused_and_shows_the_choice_as_it_is_now(client, portal):
    log_in_as(client, portal.anna)
    client.post(reverse("portal:check_in_alert"), {"days": "7"})
    client.post(reverse("portal:check_in_alert"), {"days": "3", "version": "1"})  # another window
    stale = client.post(reverse("portal:check_in_alert"), {"days": "14", "version": "1"})
    assert stale.status_code == 400 and "ændret i et andet vindue" in stale.content.decode()
    assert 'name="version" value="2"' in stale.content.decode() and CheckInAlert.objects.get().days == 3
