"""Visits (occasions with one citizen): planned (recurring too), moved, cancelled; overlaps warned; the
personal calendar feed carries initials and place only, and its secret address can be revoked."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.support.conftest import days
from tovholder.activities import services as activities
from tovholder.activities.models import CalendarToken, Occasion
from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.support import services

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(day, hour=10, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CPH)


def plan(world, start, minutes=60, **kw):
    return services.plan_appointments(actor=world.own_worker, citizen=world.anna, starts_at=start, minutes=minutes,
                                      place=kw.pop("place", "Hjemme hos borgeren"), **kw)


def test_recurring_appointments_keep_their_wall_clock_time(world):
    # Across the end of summer time the appointment stays at 10:00 local time.
    made = plan(world, at(days(1)), repeat_weeks=5, every_weeks=2)
    assert len(made) == 6 and len({a.series for a in made}) == 1
    assert {timezone.localtime(a.starts_at).time() for a in made} == {datetime.time(10)}
    assert [a.starts_at.date() - made[0].starts_at.date() for a in made][-1] == datetime.timedelta(weeks=10)
    assert AuditEvent.objects.filter(action="occasion.planned").count() == 6


def test_overlap_is_warned_and_can_be_confirmed(world):
    plan(world, at(days(2), 10))
    with pytest.raises(activities.OverlapWarning, match="allerede en aftale"):
        plan(world, at(days(2), 10, 30))
    assert Occasion.objects.count() == 1
    plan(world, at(days(2), 10, 30), allow_overlap=True)
    assert Occasion.objects.count() == 2
    plan(world, at(days(2), 11, 30))  # touching is not overlapping


@pytest.mark.parametrize("start, minutes, kw, message", [
    (lambda: at(days(-1)), 60, {}, "passeret"),
    (lambda: at(days(1)), 0, {}, "mindst 5 minutter"),
    (lambda: at(days(1)), 24 * 60, {}, "højst vare 12 timer"),
    (lambda: at(days(400)), 60, {}, "et år frem"),
    (lambda: at(days(1)), 60, {"repeat_weeks": 53}, "højst 52"),
    (lambda: at(days(1)), 60, {"kind": "tea_party"}, "kontaktform"),
    (lambda: at(days(1)), 60, {"place": "x" * 201}, "plads til 200"),
])
def test_bad_appointments_are_refused(world, start, minutes, kw, message):
    with pytest.raises(ValidationError, match=message):
        plan(world, start(), minutes, **kw)
    assert not Occasion.objects.exists()


def test_move_and_cancel_keep_the_row(client, world):
    (a,) = plan(world, at(days(3)))
    client.force_login(world.own_worker)
    url = reverse("appointment_move", args=[world.anna.pk, a.pk])
    response = client.post(url, dict(version=a.version, day=days(4).isoformat(), time="13:00", minutes=45,
                                     place="Sundhedshuset"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert timezone.localtime(a.starts_at).hour == 13 and a.minutes == 45 and a.version == 2
    stale = client.post(url, dict(version=1, day=days(5).isoformat(), time="09:00", minutes=30, place=""))
    assert stale.status_code == 200 and "ændret af" in stale.content.decode()
    response = client.post(reverse("appointment_cancel", args=[world.anna.pk, a.pk]),
                           dict(version=a.version, reason="Borgeren er syg"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Occasion.Status.CANCELLED and a.cancel_reason == "Borgeren er syg"
    assert a.participations.get().status == "cancelled"


def test_overlap_warning_on_the_page_offers_to_confirm(client, world):
    plan(world, at(days(2), 10))
    client.force_login(world.own_worker)
    url = reverse("appointment_add", args=[world.anna.pk])
    data = dict(day=days(2).isoformat(), time="10:15", minutes=30, kind="phone", place="", worker=world.own_worker.pk,
                repeat_weeks=0, every_weeks=1)
    response = client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 200 and "allerede en aftale" in text and "Planlæg alligevel" in text
    assert client.post(url, {**data, "allow_overlap": "on"}).status_code == 302
    assert Occasion.objects.count() == 2


def test_calendar_feed_has_initials_and_place_never_names(client, world):
    plan(world, at(days(1)), place="Sundhedshuset, lokale 2")
    client.force_login(world.own_worker)
    response = client.post(reverse("calendar_settings"), {"action": "new"})
    url = response.context["url"]
    assert url and "/aktiviteter/kalender/" in url
    client.logout()
    feed = client.get(url)
    body = feed.content.decode()
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "A.J." in body and "Sundhedshuset" in body
    assert "Anna" not in body and "Jensen" not in body and "010190" not in body and "0101901234" not in body
    assert AccessEvent.objects.filter(citizen=world.anna, actor=world.own_worker, what__startswith="Kalender").exists()
    row = CalendarToken.objects.get()
    assert row.last_used_at is not None and len(row.token_hash) == 64 and row.token_hash not in url


def test_revoked_or_replaced_calendar_address_stops_working(client, world):
    token = activities.create_calendar_token(actor=world.own_worker)
    feed = reverse("calendar_feed", args=[token])
    assert client.get(feed).status_code == 200
    newer = activities.create_calendar_token(actor=world.own_worker)
    assert client.get(feed).status_code == 404
    assert client.get(reverse("calendar_feed", args=[newer])).status_code == 200
    activities.revoke_calendar_tokens(actor=world.own_worker)
    assert client.get(reverse("calendar_feed", args=[newer])).status_code == 404
    assert client.get(reverse("calendar_feed", args=["gæt"])).status_code == 404


def test_only_support_roles_get_a_calendar(client, world):
    client.force_login(world.caseworker)
    assert client.get(reverse("calendar_settings")).status_code == 403


def test_calendar_address_expires_after_a_year(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = activities.create_calendar_token(actor=world.own_worker)
    feed = reverse("calendar_feed", args=[token])
    with time_machine.travel(start + datetime.timedelta(days=364), tick=False):
        assert client.get(feed).status_code == 200
    with time_machine.travel(start + datetime.timedelta(days=365, seconds=1), tick=False):
        assert client.get(feed).status_code == 404
        client.force_login(world.own_worker)
        page = client.get(reverse("calendar_settings")).content.decode()
        assert "udløb" in page and "Lav en kalenderadresse" in page
        response = client.post(reverse("calendar_settings"), {"action": "new"})
        assert client.get(response.context["url"]).status_code == 200  # a new one works at once
    assert client.get(feed).status_code == 404  # the expired one never again


def test_calendar_address_lifetime_is_a_setting(client, world, settings):
    settings.CALENDAR_TOKEN_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = activities.create_calendar_token(actor=world.own_worker)
        client.force_login(world.own_worker)
        assert "Den virker til og med" in client.get(reverse("calendar_settings")).content.decode()
    with time_machine.travel(start + datetime.timedelta(days=31), tick=False):
        assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_rotating_the_calendar_address_from_the_page(client, world):
    client.force_login(world.own_worker)
    old = client.post(reverse("calendar_settings"), {"action": "new"}).context["url"]
    page = client.get(reverse("calendar_settings")).content.decode()
    assert "Lav en ny adresse" in page
    new = client.post(reverse("calendar_settings"), {"action": "new"}).context["url"]
    assert new != old
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200
    assert AuditEvent.objects.filter(action="calendar.token_revoked").count() == 1
