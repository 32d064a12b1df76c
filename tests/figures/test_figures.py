"""Each figure against the hand-computed world of conftest.py, and the range queries (backfill, demo)
against the day's live query."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tovholder.figures import registry, services
from tovholder.figures.models import FilledDay, Snapshot


def by(cells, *dims):
    out = {}
    for c in cells:
        key = tuple(getattr(c, d) for d in dims) if len(dims) > 1 else getattr(c, dims[0])
        out[key] = out.get(key, Decimal(0)) + c.value
    return out


def live(key, world, day):
    return registry.get(key).compute(world.ballerup.pk, day)


def test_waitlist(world, fw):
    assert by(live("waitlist", world, fw.day), "offer_id") == {fw.skp.pk: 2, fw.komp.pk: 1}
    assert by(live("waitlist_started", world, fw.day), "offer_id") == {fw.skp.pk: 1}
    assert by(live("waitlist_wait_days", world, fw.day), "offer_id") == {fw.skp.pk: 3}
    # the day before: x2 still waiting, bo not yet
    assert by(live("waitlist", world, fw.day - datetime.timedelta(days=1)), "offer_id") == {fw.skp.pk: 3}


def test_caseload_per_worker_and_team(world, fw):
    cells = live("caseload", world, fw.day)
    assert by(cells, "worker_id") == {world.own_worker.pk: 2, world.other_worker.pk: 1}
    assert by(cells, "unit_id") == {world.skp.pk: 2, world.ung.pk: 1}


def test_granted_and_delivered_hours(world, fw):
    assert by(live("granted_hours", world, fw.day), "offer_id") == {fw.skp.pk: 3, fw.komp.pk: Decimal("2.5")}
    assert by(live("granted_hours", world, fw.day - datetime.timedelta(days=1)), "offer_id") == {
        fw.skp.pk: 7, fw.komp.pk: Decimal("2.5")}
    assert by(live("delivered_hours", world, fw.day), "offer_id") == {fw.skp.pk: Decimal("1.5")}


def test_inflow_by_source_and_age(world, fw):
    cells = live("inflow", world, fw.day)
    assert by(cells, "category") == {"hospital": 1, "gp": 1, "citizen": 1}
    assert by(cells, "band") == {"18-30": 1, "31-49": 1, "": 1}


def test_outflow_by_reason(world, fw):
    assert by(live("outflow", world, fw.day), "category") == {"goals_met": 1}
    assert by(live("outflow", world, fw.day - datetime.timedelta(days=1)), "category") == {"own_wish": 1}


def test_deadlines(world, fw):
    assert by(live("deadline_met", world, fw.day), "offer_id") == {fw.komp.pk: 1}
    assert by(live("deadline_missed", world, fw.day), "offer_id") == {fw.skp.pk: 1}
    assert by(live("deadline_overdue", world, fw.day), "offer_id") == {fw.skp.pk: 2}
    # the day before: bo's (deadline D-2, decided on D) is overdue; x1's and x3's deadline is that very day
    assert by(live("deadline_overdue", world, fw.day - datetime.timedelta(days=1)), "offer_id") == {fw.skp.pk: 1}


def test_capacity_as_now(world, fw):
    used = by(live("capacity_total", world, fw.day), "offer_id")
    assert used == {fw.skp.pk: 40, fw.komp.pk: 20}
    assert not registry.get("capacity_used").historical


def test_every_range_query_equals_the_days_live_query(world, fw):
    d0, d1 = fw.day - datetime.timedelta(days=12), fw.day + datetime.timedelta(days=3)
    for fig in registry.all_figures():
        over = fig.over(world.ballerup.pk, d0, d1)
        for day, cells in over.items():
            if not fig.historical:
                continue
            expected = sorted(fig.compute(world.ballerup.pk, day), key=repr)
            assert sorted(cells, key=repr) == expected, (fig.key, day)


def test_snapshot_equals_live_for_the_same_day(world, fw):
    services.fill(world.ballerup.pk, services.days_between(fw.day - datetime.timedelta(days=3), fw.day))
    for fig in registry.all_figures():
        if not fig.historical:
            continue
        stored = {(s.offer_id, s.unit_id, s.worker_id, s.category, s.band): s.value for s in
                  Snapshot.objects.filter(municipality=world.ballerup, day=fw.day, figure=fig.key)}
        computed = {(c.offer_id, c.unit_id, c.worker_id, c.category, c.band): c.value
                    for c in fig.compute(world.ballerup.pk, fw.day)}
        assert stored == computed, fig.key


def test_backfill_fills_missing_days_only(world, fw):
    days = services.days_between(fw.day - datetime.timedelta(days=5), fw.day)
    services.snapshot_day(world.ballerup.pk, fw.day - datetime.timedelta(days=2))
    missing = services.missing_days(world.ballerup.pk, days[0], days[-1])
    assert len(missing) == 5
    assert services.fill(world.ballerup.pk, missing) == 5
    assert services.missing_days(world.ballerup.pk, days[0], days[-1]) == []
    assert FilledDay.objects.filter(municipality=world.ballerup).count() == 6
    # refilling a day replaces its rows, never doubles them
    before = Snapshot.objects.filter(municipality=world.ballerup, day=fw.day).count()
    services.snapshot_day(world.ballerup.pk, fw.day)
    assert Snapshot.objects.filter(municipality=world.ballerup, day=fw.day).count() == before
    # nothing of another municipality
    assert not Snapshot.objects.filter(municipality=world.herlev).exists()


def test_nightly_fill_everywhere_fills_both_municipalities(world, fw):
    today = fw.day + datetime.timedelta(days=10)
    services.BACKFILL_DAYS, old = 3, services.BACKFILL_DAYS
    try:
        services.fill_missing_everywhere(today=today)
    finally:
        services.BACKFILL_DAYS = old
    assert FilledDay.objects.filter(municipality=world.ballerup).count() == 4
    assert FilledDay.objects.filter(municipality=world.herlev).count() == 4


def test_command(world, fw, capsys):
    call_command("snapshot_figures", "--day", fw.day.isoformat(), "--municipality", "151", verbosity=0)
    assert FilledDay.objects.filter(municipality=world.ballerup, day=fw.day).exists()
    for bad in (["--day", "i går"], ["--day", "2999-01-01"], ["--municipality", "999"],
                ["--from", "2026-01-02", "--to", "2026-01-01"]):
        with pytest.raises(CommandError):
            call_command("snapshot_figures", *bad, verbosity=0)
