"""Flex Bostøtte, run by Herlev with a quota for Ballerup: the quota as used/quota on both sides, an order
beyond it waits or is refused with the reason, the provider sees only what it needs, over-quota data is
reported, and a quota is set only by the operator, never below what is used."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.housing import selectors, services
from tovholder.housing.events import Event
from tovholder.offers.models import OfferQuota
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision, WaitlistEntry

from .conftest import TODAY

REASONS = "Borgeren har brug for døgndækket støtte i eget hjem i stedet for et botilbud."


def granted(world, offer, citizen):
    case = citizen.cases.filter(status="open").first() or visitation.open_case(actor=world.caseworker, citizen=citizen)
    d = visitation.request_offer(actor=world.caseworker, case=case, offer=offer)
    return visitation.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                            review_on=TODAY() + datetime.timedelta(days=90), reasons=REASONS)


def in_flex(world, st, citizen):
    return visitation.order(actor=world.caseworker, decision=granted(world, st.flex, citizen))


def _knows(world, citizen):
    citizen.involvements.create(municipality=world.ballerup, unit=world.casework, worker=world.caseworker,
                                started_on=TODAY())


def test_the_quota_is_shown_used_of_quota_on_both_sides(world, st):
    in_flex(world, st, world.casey)
    for user in (world.own_worker, world.herlev_worker):
        (row,) = selectors.shared_offers(user)
        figures = {q.quota.municipality.name: q.capacity.figures for q in row.quotas}
        assert figures == {"Ballerup Kommune": "1 af 1 pladser i brug", "Herlev Kommune": "0 af 8 pladser i brug"}
    assert selectors.shared_offers(world.herlev_worker)[0].may_see_served
    assert not selectors.shared_offers(world.manager)[0].may_see_served
    assert selectors.shared_offers(st.herlev_leader)[0].may_set_quotas
    assert not selectors.shared_offers(world.manager)[0].may_set_quotas


def test_an_order_beyond_the_quota_waits_with_the_reason_and_cannot_be_sent(world, st):
    in_flex(world, st, world.casey)
    _knows(world, world.bo)
    second = granted(world, st.flex, world.bo)
    entry = WaitlistEntry.objects.get(decision=second)
    assert entry.reason == "Tilbuddet er fuldt (1 af 1 pladser i brug)"
    with pytest.raises(ValidationError, match="Borgeren står på ventelisten"):
        visitation.order(actor=world.caseworker, decision=second)
    with pytest.raises(ValidationError):
        visitation.activate_grant(actor=world.caseworker, decision=second)
    assert Decision.objects.filter(offer=st.flex, status__in=("ordered", "active")).count() == 1


def test_herlevs_own_citizens_count_against_herlevs_quota_only(world, st):
    in_flex(world, st, world.casey)
    (row,) = selectors.shared_offers(st.herlev_leader)
    herlev = next(q for q in row.quotas if q.quota.municipality == world.herlev)
    assert herlev.capacity.used == 0


def test_the_provider_sees_only_what_it_needs_and_it_is_logged(world, st):
    in_flex(world, st, world.casey)
    page = selectors.served_citizens(world.herlev_worker, st.flex.pk)
    assert [d.citizen for d in page.rows] == [world.casey]
    assert AccessEvent.objects.filter(actor=world.herlev_worker, citizen=world.casey,
                                      municipality=world.ballerup).exists()
    for user in (world.own_worker, world.manager, world.caseworker, world.admin):
        with pytest.raises(PermissionDenied):
            selectors.served_citizens(user, st.flex.pk)


def test_over_quota_in_the_data_is_reported_to_leader_and_admin(world, st):
    in_flex(world, st, world.casey)
    OfferQuota.objects.filter(offer=st.flex, municipality=world.ballerup).update(places=0)  # as old data might be
    (found,) = selectors.quota_overruns(world.manager)
    assert found[1].quota.municipality == world.ballerup and found[1].capacity.over
    assert selectors.quota_overruns(world.admin)
    assert selectors.quota_overruns(world.own_worker) is None
    assert len(selectors.quota_overruns(st.herlev_leader)) == 1  # the operator sees it too


def test_the_operator_sets_a_quota(world, st):
    quota = services.set_quota(actor=st.herlev_leader, offer=st.flex, municipality=world.ballerup, places="3")
    assert quota.places == 3
    assert AuditEvent.objects.filter(action=Event.OFFER_QUOTA_CHANGED).count() == 1


@pytest.mark.parametrize("places,message", [
    ("-1", "helt antal pladser, 0 eller flere"), ("1,5", "helt antal"), ("", "helt antal"), ("abc", "helt antal"),
    ("99999999999999999999", "helt antal"), ("8", "i alt 16 pladser"),
])
def test_hostile_quotas_are_refused_and_nothing_changes(world, st, places, message):
    with pytest.raises(ValidationError, match=message):
        services.set_quota(actor=st.herlev_leader, offer=st.flex, municipality=world.ballerup, places=places)
    assert OfferQuota.objects.get(offer=st.flex, municipality=world.ballerup).places == 1
    assert not AuditEvent.objects.filter(action=Event.OFFER_QUOTA_CHANGED).exists()


def test_a_quota_is_never_set_below_what_is_used(world, st):
    in_flex(world, st, world.casey)
    with pytest.raises(ValidationError, match="bruger 1 pladser nu"):
        services.set_quota(actor=st.herlev_leader, offer=st.flex, municipality=world.ballerup, places=0)


def test_only_the_operator_sets_quotas(world, st):
    with pytest.raises(PermissionDenied):
        services.set_quota(actor=world.manager, offer=st.flex, municipality=world.ballerup, places=7)
    with pytest.raises(PermissionDenied):
        services.set_quota(actor=world.herlev_worker, offer=st.flex, municipality=world.ballerup, places=7)
    with pytest.raises(ValidationError, match="ikke fælles"):
        st.skp.municipality = world.herlev  # a leader of the operator, but an offer that is not shared
        services.set_quota(actor=st.herlev_leader, offer=st.skp, municipality=world.ballerup, places=Decimal(2))
