"""The demo's volunteer companions: ten volunteers (one certificate about to expire, one expired), six
matches with outings that are the citizens' time and never staff time, and wishes waiting."""

import datetime

import pytest
from django.core.management import call_command

from tovholder.activities.models import OccasionStaff
from tovholder.volunteers.matching import certificate_problem
from tovholder.volunteers.models import Agreement, CompanionWish, Outing, Volunteer

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_demo_volunteers_matches_and_outings():
    call_command("demo", citizens=150, seed=5, today=TODAY, verbosity=0)
    volunteers = list(Volunteer.objects.filter(municipality__code="151"))
    assert len(volunteers) == 10
    assert sum(v.certificate_renew_by < TODAY for v in volunteers) == 1
    assert sum(TODAY <= v.certificate_renew_by <= TODAY + datetime.timedelta(days=30) for v in volunteers) == 1
    agreements = list(Agreement.objects.select_related("volunteer"))
    assert len(agreements) == 6 and sum(a.ended_on is not None for a in agreements) == 2
    assert all(not certificate_problem(a.volunteer, a.starts_on) for a in agreements)  # never an expired one
    assert all(a.match_reasons for a in agreements)
    assert CompanionWish.objects.filter(status="waiting").count() == 3
    outings = Outing.objects.select_related("participation__occasion")
    assert outings.count() >= 10
    assert all(o.participation.occasion.kind == "outing" and o.participation.minutes for o in outings)
    assert not OccasionStaff.objects.filter(occasion__participations__in=[o.participation for o in outings]).exists()
    assert all(o.participation.occasion.starts_at.date() < TODAY for o in outings)
