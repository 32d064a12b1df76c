"""Delivered vs granted hours (arithmetic and pages) and the worker's day as the start page."""

import datetime
import re
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent
from tovholder.journal import services as journal
from tovholder.plans.models import Goal
from tovholder.support import hours as h
from tovholder.support import selectors, services

from .conftest import days, goal, start

MON = datetime.date(2026, 3, 2)  # a Monday


def test_week_hours_counts_the_days_in_each_period():
    span = h.EpisodeSpan(1, MON + datetime.timedelta(days=2), None, Decimal(7),
                         [h.Step(MON + datetime.timedelta(days=2), Decimal(7)),
                          h.Step(MON + datetime.timedelta(days=9), Decimal(0))])  # a pause from Wednesday week 2
    first = h.week_hours(span, MON, until=MON + datetime.timedelta(days=30), delivered_minutes=240)
    assert first.granted == Decimal(5) and first.planned == Decimal(5) and first.delivered == Decimal(4)
    second = h.week_hours(span, MON + datetime.timedelta(days=7), until=MON + datetime.timedelta(days=30))
    assert second.granted == Decimal(7) and second.planned == Decimal(2)  # Mon+Tue at 7/week, paused from Wed
    assert first.percent == 80


def test_week_hours_without_a_decision_uses_the_agreed_intensity_and_stops_today():
    span = h.EpisodeSpan(1, MON, None, None, [h.Step(MON, Decimal("3.5"))])
    row = h.week_hours(span, MON, until=MON + datetime.timedelta(days=1))  # only Mon and Tue have happened
    assert row.granted == Decimal(1) and row.planned == Decimal(1) and row.ratio == 0


def test_the_workers_day_is_the_home_page(client, world, sw):
    episode = start(world, sw)
    g = goal(world, follow_up=days(0))
    Goal.objects.filter(pk=g.pk).update(next_follow_up_on=days(-2))
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(hours=27), tick=False):
        [past] = services.plan_appointments(actor=world.own_worker, citizen=world.anna,
                                            starts_at=now - datetime.timedelta(hours=26), minutes=60)
    [later] = services.plan_appointments(actor=world.own_worker, citizen=world.anna,
                                         starts_at=now + datetime.timedelta(minutes=1), minutes=60,
                                         place="Café Støberiet")
    journal.write_note(actor=world.own_worker, citizen=world.anna, kind="home_visit",
                       occurred_at=now - datetime.timedelta(minutes=5), minutes=90, text="Godt besøg")
    client.force_login(world.own_worker)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    panels = {p.key: p.context for p in response.context["panels"]}
    assert list(panels) == ["idag", "ugen", "opgaver", "notater", "opfoelgning", "sager", "borgere"]
    assert later.pk in [r.occasion.pk for r in panels["idag"]["rows"] + panels["ugen"]["rows"]]
    assert [p.occasion_id for p in panels["notater"]["rows"]] == [past.pk]
    assert [x.pk for x in panels["opfoelgning"]["goals"]] == [g.pk]
    row = panels["sager"]["c"].page.object_list[0]
    assert row.episode == episode and row.granted == Decimal(3) and row.delivered_week == Decimal("1.5")
    assert panels["sager"]["c"].staff_hours_week == Decimal("1.5")
    text = response.content.decode()
    assert "Min dag" in text and "Overskredet" in text and "Anna Jensen" in text and "Skriv notat" in text
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna, what="Min dag").count() == 1


def test_other_roles_have_a_start_page_of_their_own(client, world):
    """Not an empty citizen list (issue 11): each role lands on its panels (tests/test_start_pages.py)."""
    for user in (world.caseworker, world.manager, world.admin):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200 and response.context["panels"]


def test_hours_for_the_manager_the_worker_and_nobody_else(client, world, sw):
    episode = start(world, sw, on=days(-21), hours="3")
    journal.write_note(actor=world.own_worker, citizen=world.anna, kind="home_visit",
                       occurred_at=timezone.now() - datetime.timedelta(days=1), minutes=120, text="Besøg")
    journal.write_note(actor=world.own_worker, citizen=world.anna, kind="home_visit", status="no_show",
                       occurred_at=timezone.now() - datetime.timedelta(hours=1), minutes=30, text="Udeblev")
    report = selectors.hours_report(world.manager)
    assert report.total.delivered == Decimal(2)  # the no-show delivers nothing
    assert report.total.granted > 0 and report.by_worker[0].worker == world.own_worker
    assert report.by_worker[0].staff_hours == Decimal(2) and report.staff_total == Decimal(2)
    assert selectors.hours_report(world.manager, unit_id=world.skp.pk).total.delivered == Decimal(2)
    assert selectors.hours_report(world.manager, unit_id=world.ung.pk).total.delivered == 0
    assert selectors.hours_report(world.own_worker).total.delivered == Decimal(2)
    assert selectors.hours_report(world.other_worker).total.delivered == 0
    client.force_login(world.manager)
    page = client.get(reverse("support_hours"))
    assert page.status_code == 200 and "<svg" in page.content.decode() and "<caption>Timer pr. uge" in \
        page.content.decode()
    svg = page.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert not re.search(r'="[^"]*\d,\d', svg)  # chart coordinates are not Danish decimals (blank chart)
    assert client.get(reverse("support_hours") + f"?enhed={world.casework.pk}").status_code == 404
    client.force_login(world.caseworker)
    assert client.get(reverse("support_hours")).status_code == 403
    client.force_login(world.herlev_worker)
    assert client.get(reverse("support_hours")).status_code == 200
    assert episode.pk  # the episode exists only in Ballerup


def test_rest_of_the_week_lists_only_the_days_still_ahead(client, world, sw):
    start(world, sw)
    tz = timezone.get_current_timezone()
    wednesday = datetime.date(2030, 3, 6)
    at = lambda day, hour: datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)  # noqa: E731
    planned = {}
    with time_machine.travel(at(wednesday - datetime.timedelta(days=4), 8), tick=False):  # the Saturday before
        for offset, hour in [(-2, 10), (-1, 10), (0, 7), (0, 14), (1, 10), (4, 10), (5, 10)]:
            day = wednesday + datetime.timedelta(days=offset)
            [o] = services.plan_appointments(actor=world.own_worker, citizen=world.anna, starts_at=at(day, hour),
                                             minutes=60)
            planned[(offset, hour)] = o.pk
    with time_machine.travel(at(wednesday, 12), tick=False):
        client.force_login(world.own_worker)
        panels = {p.key: p.context for p in client.get(reverse("home")).context["panels"]}
    week = [r.occasion.pk for r in panels["ugen"]["rows"]]
    assert week == [planned[(1, 10)], planned[(4, 10)]]  # Thursday and Sunday; not Mon/Tue, today or next week
    assert [r.occasion.pk for r in panels["idag"]["rows"]] == [planned[(0, 7)], planned[(0, 14)]]
    with time_machine.travel(at(wednesday + datetime.timedelta(days=4), 12), tick=False):  # Sunday
        client.force_login(world.own_worker)
        panels = {p.key: p.context for p in client.get(reverse("home")).context["panels"]}
    assert panels["ugen"]["rows"] == []
