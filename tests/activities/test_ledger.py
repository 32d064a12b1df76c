"""The ledger of delivered time: a citizen's time counts once per participation, a member of staff's once
per occasion held — however many notes document it."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import make_citizen, make_staff
from tests.support.conftest import days
from tovholder.activities import ledger
from tovholder.activities import services as activities
from tovholder.activities.models import Occasion, Participation
from tovholder.journal import services as journal
from tovholder.support import selectors
from tovholder.support import services as support
from tovholder.support.delivered import delivered_minutes
from tovholder.support.models import Episode


@pytest.fixture
def group(world, sw):
    """Six citizens of the SKP team in group support, and two leaders."""
    colleague = make_staff("colleague", world.ballerup, world.skp, "Medarbejder")
    citizens = [make_citizen(world.ballerup, f"0{i}0{i}90{i}23{i}", f"Deltager{i}", "Gruppesen", unit=world.skp)
                for i in range(1, 7)]
    for c in citizens:
        support.start_episode(actor=world.own_worker, citizen=c, offer=sw.group, started_on=days(-30),
                              hours_per_week=Decimal(2), mode="group")
    return citizens, [world.own_worker, colleague]


def _session(world, sw, citizens, leaders, *, days_ago=2, minutes=120):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    with time_machine.travel(at - datetime.timedelta(hours=1), tick=False):
        [occasion] = activities.plan_occasions(actor=world.own_worker, kind="group_session", starts_at=at,
                                               minutes=minutes, citizens=citizens, staff=leaders, offer=sw.group,
                                               place="Sundhedshuset")
    return occasion


def test_a_group_session_counts_once_per_citizen_and_once_per_leader(world, sw, group):
    citizens, leaders = group
    occasion = _session(world, sw, citizens, leaders)
    # the leader writes a note about each participant: six notes, one session
    for p in occasion.participations.all():
        journal.write_note(actor=world.own_worker, citizen=p.citizen, participation=p,
                           text="Gruppeforløb om mestring; deltog aktivt.")
    occasion.refresh_from_db()
    assert occasion.status == Occasion.Status.HELD
    rows = ledger.citizen_minutes_by_day(municipality_id=world.ballerup.pk, citizen_ids=[c.pk for c in citizens])
    assert sorted(m for _c, _o, _d, m in rows) == [120] * 6
    monday = ledger.monday(timezone.localdate(occasion.starts_at))
    staff = ledger.staff_minutes_by_week(municipality_id=world.ballerup.pk, user_ids=[u.pk for u in leaders],
                                         mondays=[monday])
    assert staff == {(leaders[0].pk, monday): 120, (leaders[1].pk, monday): 120}
    episodes = Episode.objects.filter(citizen__in=citizens)
    assert sorted(delivered_minutes(episodes, municipality_id=world.ballerup.pk).values()) == [120] * 6
    report = selectors.hours_report(world.manager, unit_id=world.skp.pk)
    assert report.total.delivered == Decimal(12)  # six citizens, two hours each
    assert report.staff_total == Decimal(4)  # two leaders, two hours each — not six notes' worth
    assert {w.worker.username: w.staff_hours for w in report.by_worker} == {"own": Decimal(2),
                                                                             "colleague": Decimal(2)}


def test_absent_participants_deliver_nothing_and_an_empty_session_is_not_held(world, sw, group):
    citizens, leaders = group
    occasion = _session(world, sw, citizens[:2], leaders)
    first, second = occasion.participations.order_by("pk")
    activities.record_attendance(actor=world.own_worker, participation=first, status="no_show")
    occasion.refresh_from_db()
    assert occasion.status == Occasion.Status.PLANNED  # the other is still to be recorded
    activities.record_attendance(actor=world.own_worker, participation=second, status="cancelled")
    occasion.refresh_from_db()
    assert occasion.status == Occasion.Status.NOT_HELD
    assert ledger.citizen_minutes_by_day(municipality_id=world.ballerup.pk, citizen_ids=[c.pk for c in citizens]) == []
    monday = ledger.monday(timezone.localdate(occasion.starts_at))
    assert ledger.staff_minutes_by_week(municipality_id=world.ballerup.pk, user_ids=[leaders[0].pk],
                                        mondays=[monday]) == {}


def test_a_late_arrival_counts_its_own_minutes(world, sw, group):
    citizens, leaders = group
    occasion = _session(world, sw, citizens[:1], leaders)
    activities.record_attendance(actor=world.own_worker, participation=occasion.participations.get(),
                                 status="attended", minutes=45)
    [(_c, _o, _d, minutes)] = ledger.citizen_minutes_by_day(municipality_id=world.ballerup.pk,
                                                           citizen_ids=[citizens[0].pk])
    assert minutes == 45


def test_time_counts_toward_the_episode_running_that_day_in_that_offer(world, sw):
    """Time recorded before the episode was registered counts once it is, with the date it started."""
    note = journal.write_note(actor=world.own_worker, citizen=world.anna, kind="phone", minutes=30,
                              occurred_at=timezone.now() - datetime.timedelta(days=10), text="Første samtale")
    assert note.participation.offer is None  # no episode ran that day yet
    episode = support.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.skp, decision=sw.grant,
                                    started_on=days(-5), hours_per_week=Decimal(2))
    journal.write_note(actor=world.own_worker, citizen=world.anna, kind="phone", minutes=40,
                       occurred_at=timezone.now() - datetime.timedelta(days=1), text="Opfølgning")
    assert delivered_minutes(Episode.objects.filter(pk=episode.pk), municipality_id=world.ballerup.pk) == {
        episode.pk: 40}


def test_the_ledger_refuses_what_cannot_be(world, sw, group):
    citizens, leaders = group
    future = timezone.now() + datetime.timedelta(days=1)
    [occasion] = activities.plan_occasions(actor=world.own_worker, kind="group_session", starts_at=future,
                                           minutes=60, citizens=citizens[:1], staff=leaders, offer=sw.group)
    with pytest.raises(ValidationError, match="fremtiden"):
        activities.record_attendance(actor=world.own_worker, participation=occasion.participations.get(),
                                     status="attended")
    past = _session(world, sw, citizens[:1], leaders)
    with pytest.raises(ValidationError, match="deltog, udeblev"):
        activities.record_attendance(actor=world.own_worker, participation=past.participations.get(),
                                     status="maybe")
    with pytest.raises(ValidationError, match="24 timer"):
        activities.record_attendance(actor=world.own_worker, participation=past.participations.get(),
                                     status="attended", minutes=24 * 60)
    assert set(Participation.objects.values_list("status", flat=True)) == {"planned"}
