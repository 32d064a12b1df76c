"""A committee world on top of the budget world (tests/budget/conftest.py, the year 2025): the third
quarter of 2025 with hand-made figures' snapshots (14 requests, 3 ended by the citizen's own wish — a
group under five — and 6 whose goals were met), an expensive purchased place for Bo (2.500 kr. a day all
year: 912.500 kr.), a staffing plan for the SKP team (3 planned, 2 employed) and an action-plan goal with a
status."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tovholder.actionplan.models import Effort, FocusArea, GoalStatus, PolicyGoal, Status
from tovholder.budget import services as budget
from tovholder.figures.models import FilledDay, Snapshot
from tovholder.staffing.models import EmploymentPeriod, PlannedStaffing
from tovholder.support.models import ExternalPlacement

from ..budget.conftest import D, Y, bw  # noqa: F401 - the budget world is this world's ground

Q_FROM, Q_TO = D(Y, 7, 1), D(Y, 9, 30)


@dataclass
class CommitteeWorld:
    date_from: datetime.date
    date_to: datetime.date
    goal: PolicyGoal


@pytest.fixture
def cw(world, bw) -> CommitteeWorld:  # noqa: F811
    m, mid = world.manager, world.ballerup
    budget.set_original(actor=m, function=bw.f85, year=Y, amount="300.000")
    budget.set_original(actor=m, function=bw.f107, year=Y, amount="100.000")
    budget.set_explanation(actor=m, function=bw.f85, year=Y, text="Flere borgere i SKP end budgetteret.")
    for month in range(1, 10):
        budget.record_actual(actor=m, function=bw.f85, year=Y, month=month, amount="40.000")
    ExternalPlacement.objects.create(municipality=mid, citizen=world.bo, unit=world.ung, provider="Privat bosted",
                                     what="Botilbud", price=Decimal(2500), price_unit="day", starts_on=D(Y, 1, 1),
                                     ends_on=D(Y, 12, 31), home_offer=bw.housing, created_by=m)
    day = D(Y, 8, 15)
    FilledDay.objects.create(municipality=mid, day=day, computed_at=datetime.datetime(Y, 8, 16, tzinfo=datetime.UTC))
    Snapshot.objects.bulk_create([
        Snapshot(municipality=mid, day=day, figure="inflow", category="self", band="18-29", value=Decimal(14)),
        Snapshot(municipality=mid, day=day, figure="outflow", offer_id=bw.skp.pk, category="own_wish",
                 value=Decimal(3)),
        Snapshot(municipality=mid, day=day, figure="outflow", offer_id=bw.skp.pk, category="goals_met",
                 value=Decimal(6)),
        Snapshot(municipality=mid, day=day, figure="waitlist", offer_id=bw.skp.pk, value=Decimal(8)),
        Snapshot(municipality=mid, day=day, figure="deadline_met", offer_id=bw.skp.pk, value=Decimal(9)),
        Snapshot(municipality=mid, day=day, figure="deadline_missed", offer_id=bw.skp.pk, value=Decimal(1)),
    ])
    PlannedStaffing.objects.create(municipality=mid, unit=world.skp, year=Y, fte=Decimal(3), updated_by=m)
    for user in (world.own_worker, world.other_worker):
        EmploymentPeriod.objects.create(municipality=mid, staff=user.staff, unit=world.skp, starts_on=D(Y - 1, 1, 1),
                                        fte=Decimal(1), registered_by=m)
    area = FocusArea.objects.create(municipality=mid, code="1", name="Tidlig indsats")
    effort = Effort.objects.create(municipality=mid, focus_area=area, title="Flere unge i gruppeforløb",
                                   owner_unit=world.skp, starts_on=D(Y, 1, 1), created_by=m)
    goal = PolicyGoal.objects.create(municipality=mid, effort=effort, text="40 unge i gruppeforløb",
                                     indicator="manual", target=Decimal(40), manual_value=Decimal(25),
                                     manual_unit="unge", created_by=m)
    GoalStatus.objects.create(municipality=mid, goal=goal, status=Status.AT_RISK, on=D(Y, 9, 1),
                              comment="Langsom start.", recorded_by=m)
    return CommitteeWorld(Q_FROM, Q_TO, goal)
