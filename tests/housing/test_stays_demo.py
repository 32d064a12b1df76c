"""The demo's rehabilitating stays (past and present, one overdue) and Flex Bostøtte at 7 of 7 for Ballerup,
with nobody over a quota."""

import datetime

import pytest
from django.core.management import call_command

from tovholder.housing.models import Stay, StayPlace
from tovholder.housing.selectors import stay_figures
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer
from tovholder.tenancy.models import Municipality
from tovholder.visitation.models import WaitlistEntry

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_demo_stays_and_the_flex_quota():
    call_command("demo", citizens=150, seed=5, today=TODAY, verbosity=0)
    ballerup, herlev = Municipality.objects.get(code="151"), Municipality.objects.get(code="163")
    running = list(Stay.objects.filter(municipality=ballerup, ended_on__isnull=True).select_related("place"))
    assert len(running) == 3
    assert sum(s.overdue(TODAY) for s in running) == 1
    assert Stay.objects.filter(ended_on__isnull=False).count() >= 15
    assert Stay.objects.filter(outcome=Stay.Outcome.HOME, home_support__isnull=False).exists()
    for place in StayPlace.objects.all():  # never two stays on one bed at once
        stays = sorted(place.stays.all(), key=lambda s: s.started_on)
        for a, b in zip(stays, stays[1:], strict=False):
            assert a.ended_on is not None and a.ended_on <= b.started_on
    rehab = Offer.objects.get(name="Rehabiliterende bo- og akutpladser")
    assert capacity_for(rehab, ballerup).figures == "3 af 4 pladser i brug"
    figures = stay_figures(ballerup.pk, TODAY)
    assert figures.average_days and figures.returned_home_percent
    flex = Offer.objects.get(name="Flex Bostøtte")
    assert capacity_for(flex, ballerup).figures == "7 af 7 pladser i brug"
    assert not capacity_for(flex, herlev).over
    assert WaitlistEntry.objects.filter(offer=flex, municipality=ballerup, removed_on__isnull=True).count() == 1
