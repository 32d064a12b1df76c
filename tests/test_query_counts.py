"""The main pages read a fixed number of times, however much the citizen or the worker has: measured with
the same requests at two data sizes (ten times the notes, visits, goals and measurements)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.support.conftest import days, goal, start
from tovholder.journal import services as journal
from tovholder.outcomes.models import InstrumentVersion
from tovholder.outcomes.services import follow_up_goal, record_measurement
from tovholder.support import services as support
from tovholder.visitation import services as visitation

# What each page costs, as requests (session, user, principal and permissions included).
# the overview reads the whole story of the case for the timeline (requests, case closings, assessments and
# their levels, orders, changes, follow-ups, proposals, letters, help) in one query, at any size;
# the worker's start page counts their citizen lists (3 reads more since issue 11);
# issue 12: the overview's sections for volunteer companions (wishes with their latest agreement), the drop-in
# centre (activities and named visits) and group courses are one read each; the start page's drop-in and course
# panels one each
# issue 14: the start page's panel of one's open tasks is one read (stored tasks by need to know; computed tasks
# only on the task page); the overview's relatives section lists what relatives were told (one read, only when
# the citizen has relatives; the young person's transition section reads only for those aged 16–19)
# issue 14 (crosssector): the overview's section on hospital stays is one read (two with an open stay: the paused
# visits); the start page's panel of admitted citizens one read (stays of citizens the user knows)
# issue 13: the flats panel's one read (which housing offers with flats the user works with,
# with their flats and residents counted)
# issue 13: the overview's rehabilitating stays one read, the start page's stays near or past
# their planned return one read
# issue 13: the overview's Ungeindsats section (the mentor effort with the status now) is one read
# issue 14: the overview's care-message section (the latest threads with their partner) one read
# the main menu's "Ophold" entry asks, for a support worker, whether their unit runs rehabilitating places (the
# page's own test, so nobody is shown a link they may not open): +2 on every page of a support worker
# issue 15 (the fixed cost of a request): -4 on the overview, -3 on the start page, -4 on the support page: the
# user's own permissions and the roles' in one read; the staff profile read with the request's user; need to know
# asked in the citizen row's own read (the citizen pages); the menu's "Ophold" entry one read (a subquery of the
# worker's units)
# issue 15 (lists): -1 on the start page: the caseload panel reads its page with LIMIT page size + 1, no COUNT(*)
PAGES = {"citizen": 31, "home": 31, "citizen_support": 12}


@pytest.fixture(autouse=True)
def _mid_morning():
    """The worker's day lists today's coming visits, so measure at ten in the morning, whatever the hour of the run
    (an autouse fixture: it starts before the world is built)."""
    at = datetime.datetime.combine(timezone.localdate(), datetime.time(10), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(at, tick=True):
        yield


def _grow(world, sw, n: int, *, first: bool) -> None:
    """n more of everything a worker's day and a citizen's pages show."""
    now = timezone.now()
    who5 = InstrumentVersion.objects.get(instrument__key="who5", retired_at__isnull=True)
    for i in range(n):
        g = goal(world, text=f"Mål nummer {i} med borgerens egne ord")
        follow_up_goal(actor=world.own_worker, goal=g, held_on=days(0), result="continue", next_on=days(30),
                       attainment=0)
        at = now - datetime.timedelta(days=1, minutes=i)
        with time_machine.travel(at - datetime.timedelta(hours=1), tick=False):
            [past] = support.plan_appointments(actor=world.own_worker, citizen=world.anna, starts_at=at, minutes=30,
                                               allow_overlap=True)
        journal.write_note(actor=world.own_worker, citizen=world.anna, text="Besøg", minutes=25,
                           participation=past.participations.get())
        support.plan_appointments(actor=world.own_worker, citizen=world.anna, allow_overlap=True, minutes=30,
                                  starts_at=now + datetime.timedelta(hours=2, minutes=i))
        journal.write_note(actor=world.own_worker, citizen=world.anna, kind="phone", minutes=10, text="Samtale",
                           occurred_at=now - datetime.timedelta(days=2, minutes=i), goals=[g])
        record_measurement(actor=world.own_worker, citizen=world.anna, version=who5, measured_on=days(-i),
                           answered_by="together", answers={k: 3 for k in ("glad", "rolig", "aktiv", "udhvilet",
                                                                           "interesse")})
    if first:
        visitation.register_request(actor=world.own_worker, citizen=world.anna, source="gp", asks_for="Støtte",
                                    received_on=days(-50))


def _counts(client, world) -> dict[str, int]:
    client.force_login(world.own_worker)
    counts = {}
    for name in PAGES:
        url = reverse(name, args=[] if name == "home" else [world.anna.pk])
        client.get(url)  # the session is renewed at most once a minute: measure a request that does not renew
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_main_pages_read_a_fixed_number_of_times(client, world, sw):
    episode = start(world, sw, hours="3")
    ended = support.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.counselling,
                                  started_on=days(-40), hours_per_week=Decimal(1))
    support.end_episode(actor=world.own_worker, episode=ended, version=ended.version, ended_on=days(-20),
                        reason="goals_met", klippekort_hours=Decimal(5), klippekort_valid_until=days(60))
    _grow(world, sw, 2, first=True)
    small = _counts(client, world)
    _grow(world, sw, 20, first=False)
    large = _counts(client, world)
    assert small == large == PAGES, (small, large)
    # 57 before the structure issue; +3 sections in issue 12; +1 relatives told, +1 hospital stays,
    # +1 care messages (issue 14); +1 rehabilitating stays, +1 Ungeindsats, +2 the stays' menu entry (issue 13)
    assert PAGES["citizen"] <= 31
    assert episode.pk


# The start page of each role (issue 11), as requests, whatever the amount of casework, episodes and orders:
# the caseworker's desk counted; the manager's area, hours, capacity per offer (two reads an offer: use and
# waitlist, one for the pace of starts), outcome headline, users; the admin's search and users.
# issue 14: +1, the open tasks (one read); +1, the admitted citizens (crosssector's panel, one read)
# issue 13: +1 for the manager, the flats panel's read (the test world has no flats, so no capacity is counted)
# issue 13: the
# caseworker's and the manager's stays near or past their planned return (one read; the admin has none)
# (+1 for the manager: the externally bought cases of the units in scope, support.home_taking_panel, one query)
# issue 17: +1 for the manager, the figures panel (the latest filled day's snapshots, the day a subquery)
# issue 15: -2 for each role (permissions in one read, the staff profile with the user)
START_PAGES = {"caseworker": 27, "manager": 50, "admin": 9}


def _more_casework(world, sw, n: int) -> None:
    from tovholder.offers.models import Offer
    from tovholder.visitation.models import Decision

    for i in range(n):
        visitation.register_request(actor=world.caseworker, source="gp", asks_for=f"Støtte {i}",
                                    received_on=days(-1), citizen=world.casey)
        offer = Offer.objects.create(municipality=world.ballerup, name=f"Støtte {Offer.objects.count()}",
                                     legal_basis=sw.skp.legal_basis, format="individual",
                                     capacity_kind="staff_hours", capacity=Decimal(10), deadline_days=30)
        late = visitation.request_offer(actor=world.caseworker, case=sw.case, offer=offer, requested_on=days(-60))
        Decision.objects.filter(pk=late.pk).update(deadline_on=days(-5))
        Offer.objects.filter(pk=offer.pk).update(requires_visitation=False)  # offers stay few on the waitlists


def _start_page_counts(client, world) -> dict[str, int]:
    counts = {}
    for name in START_PAGES:
        client.force_login(getattr(world, name))
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_start_pages_read_a_fixed_number_of_times(client, world, sw):
    start(world, sw, hours="3")
    _more_casework(world, sw, 2)
    _grow(world, sw, 2, first=True)
    small = _start_page_counts(client, world)
    _more_casework(world, sw, 12)
    _grow(world, sw, 5, first=False)
    large = _start_page_counts(client, world)
    assert small == large == START_PAGES, (small, large)
