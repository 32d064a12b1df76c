"""Capacity figures that agree (issue 11, point 5): one function (`offers.capacity.capacity_for`) computes
used, total and waiting; the waitlist pages, the decision page and the start page show its figures;
"full" only when used >= total; over capacity is a warning; an overdue deadline is marked as an error."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from tovholder.offers.capacity import HOURS, PLACES, Capacity, capacity_for
from tovholder.offers.models import Offer, OfferQuota
from tovholder.tenancy.models import Municipality
from tovholder.visitation import services
from tovholder.visitation.capacity import need_of
from tovholder.visitation.models import WaitlistEntry

from .test_decisions import _case_from_request, _grant, _request


@pytest.fixture(autouse=True)
def _december_2026():
    with time_machine.travel(datetime.datetime(2026, 12, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_full_only_when_every_hour_is_used():
    half = Capacity(Decimal(88), Decimal("43.5"), HOURS)
    assert not half.full and not half.over and half.has_room_for(Decimal(5))
    assert half.figures == "43,5 af 88 timer pr. uge i brug"
    assert half.state == "44,5 timer pr. uge ledige"
    assert half.fill_percent == 49
    exactly = Capacity(Decimal(30), Decimal(30), HOURS)
    assert exactly.full and not exactly.over and exactly.state == "Fuldt"
    assert exactly.no_room_reason(Decimal(2)) == "Tilbuddet er fuldt (30 af 30 timer pr. uge i brug)"
    assert Capacity(Decimal(10), Decimal(8), HOURS).no_room_reason(Decimal(4)) == \
        "Der er 2 timer pr. uge ledige, og bevillingen kræver 4"


def test_over_quota_is_a_warning():
    herlev = Capacity(Decimal(8), Decimal(13), PLACES)
    assert herlev.full and herlev.over and herlev.fill_percent == 100
    assert herlev.state == "Over kapaciteten med 5 pladser"
    assert "13 af 8 pladser i brug" in herlev.warning


def test_waiting_while_there_is_room_is_a_warning():
    idle = Capacity(Decimal(30), Decimal(0), HOURS, waiting=1)
    assert "1 venter, selv om 30 timer pr. uge er ledige" in idle.warning
    assert Capacity(Decimal(30), Decimal(30), HOURS, waiting=3).warning == ""
    assert Capacity(None, Decimal(4), PLACES).state == "Åbent"


def test_the_grant_waits_only_when_there_is_no_room_and_says_why(world, offers):
    first = _grant(world, _request(world, offers.skp), hours=Decimal(5))
    services.activate_grant(actor=world.caseworker, decision=first, on=datetime.date(2026, 11, 30))
    case2 = _case_from_request(world, world.anna)
    second = _grant(world, services.request_offer(actor=world.caseworker, case=case2, offer=offers.skp,
                                                  requested_on=datetime.date(2026, 11, 2)), hours=Decimal(5))
    assert not WaitlistEntry.objects.filter(decision=second).exists()  # 5 of 10 used: room for 5 more
    services.activate_grant(actor=world.caseworker, decision=second, on=datetime.date(2026, 11, 30))
    assert capacity_for(offers.skp, world.ballerup).full


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_waitlist_decision_and_start_page_show_the_same_figures(client, world, offers):
    first = _grant(world, _request(world, offers.skp), hours=Decimal(8))
    services.activate_grant(actor=world.caseworker, decision=first, on=datetime.date(2026, 11, 30))
    case2 = _case_from_request(world, world.anna)
    second = _grant(world, services.request_offer(actor=world.caseworker, case=case2, offer=offers.skp,
                                                  requested_on=datetime.date(2026, 11, 2)), hours=Decimal(4))
    figures = "8 af 10 timer pr. uge i brug"
    client.force_login(world.caseworker)
    decision = _text(client.get(reverse("decision_detail", args=[second.pk])))
    assert figures in decision and "1 på ventelisten" in decision and "Fuldt" not in decision
    client.force_login(world.manager)
    assert figures in _text(client.get(reverse("waitlist", args=[offers.skp.pk])))
    overview = client.get(reverse("waitlists")).content.decode()
    assert f'data-waiting="{offers.skp.pk}">1<' in overview and "2 timer pr. uge ledige" in overview
    home = client.get(reverse("home")).content.decode()
    assert figures in _text(client.get(reverse("home"))) or "8 af 10" in home


def test_over_quota_is_shown_as_a_warning_on_the_pages(client, world, offers):
    first = _grant(world, _request(world, offers.flex), hours=None)
    services.order(actor=world.caseworker, decision=first, on=datetime.date(2026, 11, 21))
    OfferQuota.objects.filter(offer=offers.flex, municipality=world.ballerup).update(places=0)
    client.force_login(world.manager)
    page = client.get(reverse("waitlists")).content.decode()
    assert '<span class="status-warning">Over kapaciteten med 1 pladser</span>' in page
    assert "Over kapaciteten: 1 af 0 pladser i brug" in page
    assert "Over kapaciteten" in client.get(reverse("waitlist", args=[offers.flex.pk])).content.decode()


def test_an_overdue_deadline_is_marked_as_an_error(client, world, offers):
    late = _request(world, offers.skp, requested_on=datetime.date(2026, 9, 1))  # 56 days: overdue by 20 December
    client.force_login(world.caseworker)
    for url in (reverse("decision_detail", args=[late.pk]), reverse("visitation_desk")):
        assert '<span class="tag status-error">Fristen er overskredet</span>' in client.get(url).content.decode()
    client.force_login(world.manager)
    assert f'data-overdue="{offers.skp.pk}"><span class="status-error">1</span>' in \
        client.get(reverse("waitlists")).content.decode()


@pytest.mark.django_db
def test_in_the_demo_nobody_waits_for_an_offer_with_room():
    """The issue's contradiction: someone waited while 0 of 30 hours were used; a grant said 'full' at 43,5 of
    88 hours."""
    call_command("demo", citizens=150, seed=11, today=datetime.date(2026, 11, 23), verbosity=0)
    for entry in WaitlistEntry.objects.filter(removed_on__isnull=True).select_related("offer", "decision"):
        capacity = capacity_for(entry.offer, entry.municipality)
        assert not capacity.has_room_for(need_of(entry.offer, entry.decision.hours_per_week)), (entry.offer, capacity)
    for m in Municipality.objects.all():
        for offer in Offer.objects.available_to(m).filter(requires_visitation=True):
            capacity = capacity_for(offer, m)
            assert not capacity.waiting or not capacity.warning.startswith(f"{capacity.waiting} venter"), offer
