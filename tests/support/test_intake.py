"""From the authority to the provider and back: an order reaches the provider unit's intake, the leader
accepts it and names a contact person (which is what lets the unit know the citizen), the episode
starts from it; a declined order goes back to the caseworker. And the one coordinator, with history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import make_staff
from tovholder.accounts.principals import forget_principal
from tovholder.audit.models import AccessEvent
from tovholder.citizens import services as citizen_services
from tovholder.citizens.gate import knows
from tovholder.citizens.models import CoordinatorAssignment, Involvement
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision, Order

TODAY = datetime.date.today


@pytest.fixture
def leader(world):
    return make_staff("skpleder", world.ballerup, world.skp, "Leder", "Teamleder")


@pytest.fixture
def ordered(world, sw):
    """Casey (the caseworker's citizen) granted SKP, ordered from the SKP team."""
    case = visitation.open_case(actor=world.caseworker, citizen=world.casey,
                                opened_on=TODAY() - datetime.timedelta(days=20))
    d = visitation.request_offer(actor=world.caseworker, case=case, offer=sw.skp,
                                 requested_on=TODAY() - datetime.timedelta(days=20))
    d = visitation.grant(actor=world.caseworker, decision=d, version=d.version, decided_on=TODAY() - datetime.timedelta(
        days=10), start_on=TODAY() - datetime.timedelta(days=7), review_on=TODAY() + datetime.timedelta(days=120),
        hours_per_week=Decimal(2), reasons="Borgeren har brug for støtte til at klare hverdagen.",
        goals="Klare indkøb selv")
    d = visitation.order(actor=world.caseworker, decision=d, on=TODAY() - datetime.timedelta(days=6),
                         message="Borgeren ønsker en kvindelig kontaktperson.")
    return d.orders.get()


def test_the_order_reaches_the_provider_and_the_accepted_contact_person_knows_the_citizen(client, world, sw, leader,
                                                                                            ordered):
    assert ordered.unit == world.skp and ordered.status == Order.Status.SENT
    assert not knows(world.own_worker, world.casey)  # the unit's worker does not know Casey yet
    assert knows(leader, world.casey)  # the leader reads the order sent to the unit
    client.force_login(leader)
    home = client.get(reverse("home"))
    assert "Bestillinger der venter" in home.content.decode() and "Casey Nielsen" in home.content.decode()
    page = client.get(reverse("order", args=[ordered.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "kvindelig kontaktperson" in text and "Klare indkøb selv" in text
    assert AccessEvent.objects.filter(actor=leader, citizen=world.casey, what="Bestilling").exists()
    response = client.post(reverse("order", args=[ordered.pk]), {
        "action": "accept", "version": ordered.version, "contact_person": world.own_worker.pk,
        "accepted_on": (TODAY() - datetime.timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    ordered.refresh_from_db()
    assert ordered.status == Order.Status.ACCEPTED and ordered.contact_person == world.own_worker
    assert Involvement.objects.filter(citizen=world.casey, unit=world.skp, worker=world.own_worker).exists()
    world.casey.refresh_from_db()
    assert world.casey.coordinator == world.own_worker  # the first order's contact person, suggested
    assert CoordinatorAssignment.objects.get(citizen=world.casey).started_on == TODAY() - datetime.timedelta(days=5)
    # the contact person starts the episode from the order, on the day it really started
    client.force_login(world.own_worker)
    start = client.get(reverse("episode_start", args=[world.casey.pk]) + f"?bevilling={ordered.decision_id}")
    assert start.status_code == 200 and start.context["form"].initial["decision"] == ordered.decision_id
    response = client.post(reverse("episode_start", args=[world.casey.pk]), {
        "decision": ordered.decision_id, "started_on": (TODAY() - datetime.timedelta(days=3)).isoformat(),
        "mode": "individual", "hours_per_week": "2", "worker": world.own_worker.pk})
    assert response.status_code == 302
    ordered.refresh_from_db()
    decision = Decision.objects.get(pk=ordered.decision_id)
    assert ordered.status == Order.Status.STARTED and ordered.started_on == TODAY() - datetime.timedelta(days=3)
    assert decision.status == Decision.Status.ACTIVE and decision.activated_on == ordered.started_on


def test_a_declined_order_goes_back_to_the_caseworker(world, sw, leader, ordered):
    visitation.decline_order(actor=leader, order=ordered, version=ordered.version, reason="Ingen ledig plads i teamet")
    ordered.refresh_from_db()
    assert ordered.status == Order.Status.DECLINED
    assert Decision.objects.get(pk=ordered.decision_id).status == Decision.Status.GRANTED
    forget_principal(leader)  # a new request
    assert not knows(leader, world.casey)  # answered: the order no longer gives the leader need to know


@pytest.mark.parametrize("who, message", [
    ("other_worker", "medarbejder i den enhed"),  # from another unit
    ("herlev_worker", "medarbejder i den enhed"),  # from another municipality
])
def test_the_contact_person_must_be_in_the_ordered_unit(world, sw, leader, ordered, who, message):
    with pytest.raises(ValidationError, match=message):
        visitation.accept_order(actor=leader, order=ordered, version=ordered.version,
                                contact_person=getattr(world, who))
    assert Order.objects.get(pk=ordered.pk).status == Order.Status.SENT


def test_a_leader_of_another_unit_cannot_answer(world, sw, ordered):
    other_leader = make_staff("ungleder", world.ballerup, world.ung, "Leder", "Teamleder")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        visitation.accept_order(actor=other_leader, order=ordered, version=ordered.version,
                                contact_person=world.own_worker)


def test_the_coordinator_changes_with_its_history(client, world, sw):
    colleague = make_staff("colleague", world.ballerup, world.skp, "Medarbejder")
    client.force_login(world.caseworker)
    url = reverse("citizen_coordinator", args=[world.anna.pk])
    page = client.get(url)
    assert page.status_code == 200 and colleague in page.context["p"].candidates
    since = TODAY() - datetime.timedelta(days=2)
    response = client.post(url, {"coordinator": colleague.pk, "since": since.isoformat(), "reason": "Ny kontaktperson"})
    assert response.status_code == 302
    world.anna.refresh_from_db()
    assert world.anna.coordinator == colleague
    rows = list(CoordinatorAssignment.objects.filter(citizen=world.anna).order_by("started_on"))
    assert [r.coordinator for r in rows] == [colleague] and rows[0].by == world.caseworker
    with pytest.raises(ValidationError, match="allerede borgerens tovholder"):
        citizen_services.set_coordinator(actor=world.caseworker, citizen=world.anna, coordinator=colleague)
    with pytest.raises(ValidationError, match="arbejdsområde"):  # a coordinator must know the citizen
        citizen_services.set_coordinator(actor=world.caseworker, citizen=world.anna, coordinator=world.other_worker)
    with pytest.raises(ValidationError, match="tidligst"):
        citizen_services.set_coordinator(actor=world.caseworker, citizen=world.anna, coordinator=world.own_worker,
                                         since=since - datetime.timedelta(days=1))
    citizen_services.set_coordinator(actor=world.caseworker, citizen=world.anna, coordinator=world.own_worker)
    rows = list(CoordinatorAssignment.objects.filter(citizen=world.anna).order_by("started_on", "pk"))
    assert rows[0].ended_on == TODAY() and rows[1].coordinator == world.own_worker and rows[1].ended_on is None
    client.force_login(world.own_worker)  # a worker sees the history, but does not name coordinators
    assert client.get(url).context["p"].can_change is False
    assert client.post(url, {"coordinator": colleague.pk, "since": TODAY().isoformat()}).status_code == 403


@pytest.mark.parametrize("who, order_page, coordinator_page, listed", [
    ("leader", 200, 200, True),  # the ordered unit's leader reads and answers the order, and sees the coordinator
    ("caseworker", 403, 200, False),  # the provider's page; the caseworker follows it on the decision page
    ("own_worker", 403, 403, False),  # the unit's worker knows Casey only once named contact person
    ("other_worker", 403, 403, False),  # another unit of the municipality
    ("herlev_worker", 404, 404, False),  # another municipality: not even that the citizen exists
])
def test_who_reads_the_order_and_the_coordinator_before_the_order_is_answered(client, world, sw, leader, ordered,
                                                                              who, order_page, coordinator_page,
                                                                              listed):
    user = leader if who == "leader" else getattr(world, who)
    client.force_login(user)
    assert client.get(reverse("order", args=[ordered.pk])).status_code == order_page
    assert client.get(reverse("citizen_coordinator", args=[world.casey.pk])).status_code == coordinator_page
    intake = client.get(reverse("intake"))
    assert intake.status_code in (200, 403)
    assert ("Casey Nielsen" in intake.content.decode()) is listed
    answer = client.post(reverse("order", args=[ordered.pk]), {
        "action": "accept", "version": ordered.version, "contact_person": world.own_worker.pk,
        "accepted_on": TODAY().isoformat()})
    assert answer.status_code == (302 if who == "leader" else 403 if order_page != 404 else 404)
    ordered.refresh_from_db()
    assert (ordered.status == Order.Status.ACCEPTED) is (who == "leader")
