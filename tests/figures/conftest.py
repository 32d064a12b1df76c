"""A small world with figures one can count by hand, on the day D (ten days ago).

SKP (unit SKP-teamet) and Kompetenceteam (also SKP-teamet):
- waitlist on D: SKP: anna (added D-5), x1 (added D-10, cancelled D+2); Komp: bo (added D).
  x2 on SKP added D-3 and started on D (3 days' wait); x3 added D+1 (not yet).
- episodes open on D: own_worker: anna (SKP, from D-30), x1 (SKP, from D-1); other_worker: bo (Komp, from D-20);
  ended on D: x2 with own_worker (goals met); ended D-1: x3 (own wish).
- decisions in force on D with hours: anna 3 h (SKP), bo 2,5 h (Komp); ended on D: x2 4 h (not counted).
- deadlines: decided on D before the deadline: anna (Komp); after: bo (SKP, deadline D-2);
  overdue on D: x1 (SKP, deadline D-1, undecided); x3 deadline D-1 decided D+1 → overdue on D too.
- requests received on D: anna (age 25, hospital), x1 (age 40, gp), anonymous (citizen).
- delivered on D: anna 90 minutes attended under SKP; x1 30 minutes no-show (not delivered).
x1, x2, x3 have no involvement: the manager does not know them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.citizens.models import Citizen
from tovholder.offers.models import LegalBasis, Offer
from tovholder.support.models import Episode
from tovholder.visitation.models import Case, Decision, Request, WaitlistEntry


@dataclass
class FW:
    day: datetime.date
    skp: Offer
    komp: Offer
    x1: Citizen
    x2: Citizen
    x3: Citizen


def _citizen(world, cpr, first, born):
    return Citizen.objects.create(municipality=world.ballerup, cpr=cpr, birth_date=born, first_name=first,
                                  last_name="Testesen")


@pytest.fixture
def fw(world) -> FW:
    D = timezone.localdate() - datetime.timedelta(days=10)

    def d(n):
        return D + datetime.timedelta(days=n)

    m = world.ballerup
    p85 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 85", title="Socialpædagogisk støtte")
    skp = Offer.objects.create(municipality=m, name="SKP", legal_basis=p85, format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(40), unit=world.skp)
    komp = Offer.objects.create(municipality=m, name="Kompetenceteam", legal_basis=p85, format="individual",
                                capacity_kind="staff_hours", capacity=Decimal(20), unit=world.skp)
    x1 = _citizen(world, "1111111111", "Xena", D.replace(year=D.year - 40))
    x2 = _citizen(world, "2222222222", "Xaver", datetime.date(1970, 1, 1))
    x3 = _citizen(world, "3333333333", "Xia", datetime.date(1980, 1, 1))
    world.anna.birth_date = D.replace(year=D.year - 25)
    world.anna.save()

    cases = {}

    def case(c):
        if c.pk not in cases:
            cases[c.pk] = Case.objects.create(municipality=m, citizen=c, caseworker=world.caseworker, opened_on=d(-90))
        return cases[c.pk]

    def decision(c, offer, **kw):
        kw.setdefault("requested_on", d(-60))
        kw.setdefault("status", Decision.Status.GRANTED)
        return Decision.objects.create(municipality=m, case=case(c), citizen=c, offer=offer, **kw)

    def wait(c, offer, added, removed=None, reason=""):
        WaitlistEntry.objects.create(municipality=m, decision=decision(c, offer), offer=offer, citizen=c,
                                     added_on=added, removed_on=removed, removal_reason=reason)

    wait(world.anna, skp, d(-5))
    wait(x1, skp, d(-10), d(2), "Annulleret")
    wait(world.bo, komp, d(0))
    wait(x2, skp, d(-3), d(0), "Startet i tilbuddet")
    wait(x3, skp, d(1))

    def episode(c, offer, worker, unit, start, end=None, reason=""):
        Episode.objects.create(municipality=m, citizen=c, offer=offer, worker=worker, unit=unit, started_on=start,
                               ended_on=end, end_reason=reason, created_by=worker)

    episode(world.anna, skp, world.own_worker, world.skp, d(-30))
    episode(x1, skp, world.own_worker, world.skp, d(-1))
    episode(world.bo, komp, world.other_worker, world.ung, d(-20))
    episode(x2, skp, world.own_worker, world.skp, d(-50), d(0), "goals_met")
    episode(x3, skp, world.own_worker, world.skp, d(-50), d(-1), "own_wish")

    decision(world.anna, skp, status=Decision.Status.ACTIVE, hours_per_week=Decimal(3), activated_on=d(-30))
    decision(world.bo, komp, status=Decision.Status.ACTIVE, hours_per_week=Decimal("2.5"), activated_on=d(-20))
    decision(x2, skp, status=Decision.Status.ENDED, hours_per_week=Decimal(4), activated_on=d(-50), ended_on=d(0))

    decision(world.anna, komp, requested_on=d(-20), deadline_on=d(5), decided_on=d(0))
    decision(world.bo, skp, requested_on=d(-20), deadline_on=d(-2), decided_on=d(0))
    decision(x1, skp, status=Decision.Status.REQUESTED, requested_on=d(-20), deadline_on=d(-1))
    decision(x3, skp, requested_on=d(-20), deadline_on=d(-1), decided_on=d(1))

    Request.objects.create(municipality=m, citizen=world.anna, source="hospital", asks_for="Støtte",
                           received_on=d(0), received_by=world.caseworker, offer_wanted=skp)
    Request.objects.create(municipality=m, citizen=x1, source="gp", asks_for="Støtte", received_on=d(0),
                           received_by=world.caseworker, offer_wanted=skp)
    Request.objects.create(municipality=m, anonymous_label="Anonym", source="citizen", asks_for="Råd",
                           received_on=d(0), received_by=world.caseworker)

    at = timezone.make_aware(datetime.datetime.combine(d(0), datetime.time(10, 0)))
    occasion = Occasion.objects.create(municipality=m, offer=skp, unit=world.skp, starts_at=at,
                                       ends_at=at + datetime.timedelta(minutes=90), status=Occasion.Status.HELD,
                                       created_by=world.own_worker)
    OccasionStaff.objects.create(municipality=m, occasion=occasion, user=world.own_worker)
    Participation.objects.create(municipality=m, occasion=occasion, citizen=world.anna, offer=skp,
                                 status=Participation.Status.ATTENDED, minutes=90)
    Participation.objects.create(municipality=m, occasion=occasion, citizen=x1, offer=skp,
                                 status=Participation.Status.NO_SHOW, minutes=30)
    return FW(D, skp, komp, x1, x2, x3)
