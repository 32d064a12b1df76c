"""Outcomes per offer and group courses against the target, counted by hand over a turn of the year.

Outcomes (WHO-5, higher is better), with an episode giving each citizen their offer:
- anna (SKP from 2025-12-01): 2025-12-20 all 2, 2026-01-10 all 3 → improved, under SKP from 2026-01-10.
- bo (Kompetenceteam 2025-12-01 – 2026-01-31): 2025-12-28 all 4, 2026-01-05 all 3 → compared, worse.
- anna's 2026-01-10 measurement is corrected the same day to all 1 (worse): only the correction counts.
- kurt (SKP): one measurement only (2026-01-02) → never compared.

Courses (SKP's group offer), target 2025–2026: 14 courses and 2026: 3 courses:
- A: 12 seats, sessions 2025-12-15 and 2026-01-12; enrolled anna, bo, kurt; one withdrawn.
- B: 8 seats, sessions 2026-01-20 and 2026-02-03; enrolled anna.
- C: 10 seats, its one session in a week (not yet held).
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import make_citizen
from tovholder.activities.models import Occasion
from tovholder.courses.models import Course, Enrolment, Room, Session, Target, Topic
from tovholder.figures import registry, services
from tovholder.figures.models import Snapshot
from tovholder.outcomes import selectors as outcome_selectors
from tovholder.outcomes.models import InstrumentVersion
from tovholder.outcomes.services import record_measurement
from tovholder.support.models import Episode
from tovholder.visitation.models import Request

from .test_figures import by

D = datetime.date


def day_at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def ow(world, fw):
    """The outcomes of the docstring; returns (anna's, bo's, kurt's) citizens and the WHO-5 instrument."""
    m = world.ballerup
    kurt = make_citizen(m, "0101801234", "Kurt", "Kursist", unit=world.skp, worker=world.own_worker)
    for c, offer, start, end in ((world.anna, fw.skp, D(2025, 12, 1), None),
                                 (world.bo, fw.komp, D(2025, 12, 1), D(2026, 1, 31)),
                                 (kurt, fw.skp, D(2025, 12, 1), None)):
        Episode.objects.create(municipality=m, citizen=c, offer=offer, worker=world.own_worker, unit=world.skp,
                               started_on=start, ended_on=end, created_by=world.own_worker)
    who5 = InstrumentVersion.objects.get(instrument__key="who5", instrument__municipality__isnull=True,
                                         retired_at__isnull=True)

    def measure(citizen, day, value, actor=world.own_worker, replaces=None):
        return record_measurement(actor=actor, citizen=citizen, version=who5, measured_on=day, answered_by="together",
                                  answers=dict.fromkeys(["glad", "rolig", "aktiv", "udhvilet", "interesse"], value),
                                  replaces=replaces)

    measure(world.anna, D(2025, 12, 20), 2)
    wrong = measure(world.anna, D(2026, 1, 10), 1)
    measure(world.anna, D(2026, 1, 10), 3, replaces=wrong)
    measure(world.bo, D(2025, 12, 28), 4, actor=world.other_worker)
    measure(world.bo, D(2026, 1, 5), 3, actor=world.other_worker)
    measure(kurt, D(2026, 1, 2), 3)
    return kurt, who5.instrument


@pytest.fixture
def cw(world, fw, ow):
    """The courses of the docstring; returns (A, B, C, the 2025–26 target, the 2026 target)."""
    m, kurt = world.ballerup, ow[0]
    room = Room.objects.create(municipality=m, name="Sundhedshuset", address="Ballerup", capacity=16)
    soon = timezone.localdate() + datetime.timedelta(days=7)
    courses = []
    for title, seats, days in (("A", 12, [D(2025, 12, 15), D(2026, 1, 12)]), ("B", 8, [D(2026, 1, 20), D(2026, 2, 3)]),
                               ("C", 10, [soon])):
        course = Course.objects.create(municipality=m, title=title, topic=Topic.objects.get(key="recovery"),
                                       offer=fw.skp, seats=seats, coordinator=world.own_worker)
        for d in days:
            occasion = Occasion.objects.create(municipality=m, kind=Occasion.Kind.COURSE_SESSION, offer=fw.skp,
                                               unit=world.skp, starts_at=day_at(d, 10), ends_at=day_at(d, 12),
                                               created_by=world.own_worker)
            Session.objects.create(municipality=m, course=course, occasion=occasion, room=room)
        courses.append(course)
    a, b, _ = courses

    def enrol(course, citizen, status=Enrolment.Status.ENROLLED):
        Enrolment.objects.create(municipality=m, course=course, citizen=citizen, status=status,
                                 enrolled_by=world.own_worker)

    for c in (world.anna, world.bo, kurt):
        enrol(a, c)
    enrol(a, fw.x1, Enrolment.Status.WITHDRAWN)
    enrol(b, world.anna)
    both = Target.objects.create(municipality=m, first_year=2025, last_year=2026, courses=14, source="Test")
    one = Target.objects.create(municipality=m, first_year=2026, last_year=2026, courses=3, source="Test")
    return (*courses, both, one)


def live(key, world, day):
    return registry.get(key).compute(world.ballerup.pk, day)


def test_outcomes_per_offer_over_the_turn_of_the_year(world, fw, ow):
    who5 = str(ow[1].pk)
    assert live("outcome_compared", world, D(2025, 12, 31)) == []
    assert by(live("outcome_compared", world, D(2026, 1, 5)), "offer_id", "category") == {(fw.komp.pk, who5): 1}
    assert live("outcome_improved", world, D(2026, 1, 5)) == []
    assert by(live("outcome_compared", world, D(2026, 1, 10)), "offer_id", "category") == {
        (fw.komp.pk, who5): 1, (fw.skp.pk, who5): 1}
    # anna's corrected measurement (all 3 from all 2) is an improvement; the wrong one (all 1) is not counted
    assert by(live("outcome_improved", world, D(2026, 1, 10)), "offer_id", "category") == {(fw.skp.pk, who5): 1}
    assert by(live("outcome_measurements", world, D(2025, 12, 20)), "offer_id") == {fw.skp.pk: 1}
    assert by(live("outcome_measurements", world, D(2026, 1, 10)), "offer_id") == {fw.skp.pk: 1}
    assert by(live("outcome_measurements", world, D(2026, 1, 2)), "offer_id") == {fw.skp.pk: 1}  # kurt's one
    cells = live("outcome_compared", world, D(2026, 1, 10))
    assert {c.unit_id for c in cells} == {fw.skp.unit_id}


def test_outcomes_equal_the_outcome_pages_figures(world, fw, ow):
    """The snapshot's counts are the outcomes page's (outcome_figures per offer, no suppression)."""
    figures = outcome_selectors.outcome_figures(world.manager, instrument_id=ow[1].pk, date_to=D(2026, 1, 10),
                                                group_by="offer", min_group=1)
    pages = {g.label: (g.improved.n, g.improved.improved) for g in figures.groups}
    cells = live("outcome_compared", world, D(2026, 1, 10))
    better = by(live("outcome_improved", world, D(2026, 1, 10)), "offer_id")
    ours = {{fw.skp.pk: "SKP", fw.komp.pk: "Kompetenceteam"}[c.offer_id]: (c.value, better.get(c.offer_id, 0))
            for c in cells}
    assert ours == {k: v for k, v in pages.items() if v[0]}
    assert pages["SKP"] == (1, 1)


def test_courses_against_the_target_over_the_turn_of_the_year(world, fw, cw):
    a, b, c, both, one = cw
    assert by(live("courses_started", world, D(2025, 12, 15)), "offer_id") == {fw.skp.pk: 1}
    assert by(live("course_seats", world, D(2025, 12, 15)), "offer_id") == {fw.skp.pk: 12}
    assert by(live("course_enrolled", world, D(2025, 12, 15)), "offer_id") == {fw.skp.pk: 3}  # not the withdrawn
    assert live("courses_held", world, D(2025, 12, 15)) == []
    assert by(live("courses_held", world, D(2026, 1, 12)), "offer_id") == {fw.skp.pk: 1}
    assert by(live("course_target", world, D(2025, 12, 31)), "category") == {str(both.pk): 14}
    assert by(live("course_target", world, D(2026, 1, 1)), "category") == {str(both.pk): 14, str(one.pk): 3}
    assert live("course_target_held", world, D(2025, 12, 31)) == []
    # A (first session 2025) counts towards 2025–26 only; B towards both
    assert by(live("course_target_held", world, D(2026, 1, 12)), "category") == {str(both.pk): 1}
    assert by(live("course_target_held", world, D(2026, 2, 3)), "category") == {str(both.pk): 2, str(one.pk): 1}
    # C is not held before its last session has passed
    soon = timezone.localdate() + datetime.timedelta(days=7)
    assert by(live("courses_started", world, soon), "offer_id") == {fw.skp.pk: 1}
    assert live("courses_held", world, soon) == []


NEW = ("outcome_compared", "outcome_improved", "outcome_measurements", "courses_started", "courses_held",
       "course_seats", "course_enrolled", "course_target", "course_target_held")


def test_range_queries_equal_the_days_live_query_across_the_year(world, fw, cw):
    d0, d1 = D(2025, 12, 10), D(2026, 2, 5)
    for key in NEW:
        fig = registry.get(key)
        for day, cells in fig.over(world.ballerup.pk, d0, d1).items():
            assert sorted(cells, key=repr) == sorted(fig.compute(world.ballerup.pk, day), key=repr), (key, day)


def test_a_snapshot_equals_the_live_query_for_the_same_day(world, fw, cw):
    days = services.days_between(D(2026, 1, 1), D(2026, 1, 12))
    services.fill(world.ballerup.pk, days)
    for day in (D(2026, 1, 5), D(2026, 1, 10), D(2026, 1, 12)):
        for key in NEW:
            stored = {(s.offer_id, s.category): s.value
                      for s in Snapshot.objects.filter(municipality=world.ballerup, day=day, figure=key)}
            assert stored == {(c.offer_id, c.category): c.value
                              for c in registry.get(key).compute(world.ballerup.pk, day)}, (key, day)


def test_dashboard_export_and_drill_down(client, world, fw, cw):
    services.fill(world.ballerup.pk, services.days_between(D(2025, 12, 1), D(2026, 1, 31)))
    client.force_login(world.manager)
    period = {"fra": "2025-12-01", "til": "2026-01-31"}
    response = client.get(reverse("figures_dashboard"), period)
    d = response.context["d"]
    assert d.figures["courses_started"].total == 2 and d.figures["courses_held"].total == 1
    assert d.figures["course_target"].total == 17 and d.figures["course_target_held"].total == 1
    assert d.figures["outcome_measurements"].total == 5  # the wrong one of anna's is replaced
    assert d.figures["outcome_compared"].total == 2 and d.figures["outcome_improved"].total == 1
    html = response.content.decode()
    assert "Effekt pr. tilbud" in html and "Gruppeforløb mod målet" in html
    for title in ("Genindlæggelser", "Åbningstimer på værestederne", "Besøg på værestederne"):
        assert title in html
    page = client.get(reverse("figures_figure", args=["outcome_compared"]), period)
    assert "WHO-5 Trivselsindeks" in page.content.decode()
    assert {r.citizen.first_name for r in page.context["p"].rows} <= {"Anna", "Bo"}
    assert "2025–2026 (mål: 14 forløb)" in client.get(reverse("figures_figure", args=["course_target"]),
                                                      period).content.decode()
    enrolled = client.get(reverse("figures_figure", args=["course_enrolled"]), period).context["p"]
    assert "Anna" in {r.citizen.first_name for r in enrolled.rows}
    assert len(enrolled.rows) + enrolled.hidden == 4  # A's three and B's one
    # the download: counts of citizens under five leave as "under 5", courses (not citizens) as they are
    book = load_workbook(io.BytesIO(client.get(reverse("figures_figure", args=["outcome_improved"]),
                                               {**period, "format": "xlsx"}).content))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "under 5" in values
    book = load_workbook(io.BytesIO(client.get(reverse("figures_figure", args=["course_target"]),
                                               {**period, "format": "xlsx"}).content))
    assert 14 in [cell.value for row in book.active.iter_rows() for cell in row]


def test_drill_down_with_a_foreign_offer_shows_nothing(client, world, fw, cw):
    services.fill(world.ballerup.pk, services.days_between(D(2026, 1, 1), D(2026, 1, 12)))
    client.force_login(world.manager)
    url, period = reverse("figures_figure", args=["outcome_improved"]), {"fra": "2026-01-01", "til": "2026-01-12"}
    assert not client.get(url, {**period, "tilbud": fw.komp.pk}).context["p"].rows  # bo got worse
    assert [r.citizen for r in client.get(url, {**period, "tilbud": fw.skp.pk}).context["p"].rows] == [world.anna]
    for offer in ("abc", "-1", "99999999999999999999"):  # no such offer: the whole list, never an error
        response = client.get(url, {**period, "tilbud": offer})
        assert response.status_code == 200 and [r.citizen for r in response.context["p"].rows] == [world.anna]
    assert Decimal(1) == Snapshot.objects.get(municipality=world.ballerup, day=D(2026, 1, 12),
                                              figure="outcome_improved").value


def test_the_nightly_fill_counts_yesterday_again(world, fw):
    """Last night's run filled yesterday as "today", just after midnight: tonight's counts it again."""
    services.snapshot_day(world.ballerup.pk, fw.day)
    Request.objects.create(municipality=world.ballerup, citizen=world.bo, source="gp", asks_for="Støtte",
                           received_on=fw.day, received_by=world.caseworker)
    services.BACKFILL_DAYS, old = 3, services.BACKFILL_DAYS
    try:
        services.fill_missing_everywhere(today=fw.day + datetime.timedelta(days=1))
    finally:
        services.BACKFILL_DAYS = old
    stored = sum(s.value for s in Snapshot.objects.filter(municipality=world.ballerup, day=fw.day, figure="inflow"))
    assert stored == 4  # the three of conftest.py and bo's, received after the first fill


def test_the_outcome_drill_down_for_offers_reads_only_their_citizens_and_lists_the_same(world, fw, ow):
    """The drill-down for chosen offers reads only the series of the citizens who may have had one of them (in
    SQL) and lists exactly the measurements the whole count puts under them, on every day around the turn of
    the year, for either figure."""
    from tovholder.figures import catalogue
    from tovholder.offers.models import Offer

    mid = world.ballerup.pk
    empty = Offer.objects.create(municipality=world.ballerup, name="Tomt tilbud", legal_basis=fw.skp.legal_basis,
                                 format="individual", capacity_kind="staff_hours", capacity=Decimal(1))
    for day in (D(2025, 12, 20), D(2025, 12, 31), D(2026, 1, 5), D(2026, 1, 10), D(2026, 2, 1)):
        every = catalogue._compared(mid, day)
        for offers in ([fw.skp.pk], [fw.komp.pk], [fw.skp.pk, fw.komp.pk], [empty.pk], []):
            for improved in (False, True):
                expected = sorted(latest[0] for offer, _, latest, better in every
                                  if offer in offers and (better or not improved))
                got = sorted(catalogue._latest_compared(mid, day, offers, improved).values_list("pk", flat=True))
                assert got == expected, (day, offers, improved)
        for improved in (False, True):  # no offer chosen: every counted citizen's, however many
            expected = sorted(latest[0] for _, _, latest, better in every if better or not improved)
            assert sorted(catalogue._latest_compared(mid, day, None, improved).values_list("pk", flat=True)) == expected
        assert catalogue._series(mid, day, [empty.pk]) == {} and catalogue._series(mid, day, []) == {}
    assert set(catalogue._series(mid, D(2026, 1, 10), [fw.komp.pk])) <= set(catalogue._series(mid, D(2026, 1, 10)))
