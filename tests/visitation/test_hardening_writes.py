"""Issue 16 (hardening): the writes of a decision page.

- A break-the-glass grant reads; it never refuses a decision or ends a grant (the caseworker of another unit,
  the team leader outside their team).
- Starting and ending a grant need the right role *and* need to know: a worker or a leader without case
  rights frees no capacity and moves no waitlist.
- An unknown action is refused with a Danish message, and nothing is saved.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.conftest import make_staff
from tovholder.audit.models import AuditEvent
from tovholder.citizens import services as citizen_services
from tovholder.citizens.models import Involvement
from tovholder.visitation import services
from tovholder.visitation.models import Decision, WaitlistEntry

S = Decision.Status
TODAY = datetime.date.today
REASONS = "Borgeren har brug for støtte til at klare hverdagen i eget hjem."


def _granted(world, offer, citizen=None, hours=None):
    citizen = citizen or world.casey
    case = citizen.cases.filter(status="open").first() or services.open_case(actor=world.caseworker, citizen=citizen)
    d = services.request_offer(actor=world.caseworker, case=case, offer=offer)
    return services.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                          review_on=TODAY() + datetime.timedelta(days=90), reasons=REASONS, hours_per_week=hours)


@pytest.fixture
def full_housing(world, offers):
    """The one place of the housing offer is taken by Casey's running grant; Bo waits for it."""
    running = services.activate_grant(actor=world.caseworker, decision=_granted(world, offers.housing))
    Involvement.objects.create(municipality=world.ballerup, citizen=world.bo, unit=world.casework,
                               worker=world.caseworker, started_on=TODAY())
    waiting = _granted(world, offers.housing, citizen=world.bo)
    assert WaitlistEntry.objects.filter(decision=waiting, removed_on__isnull=True).exists()
    return running, waiting


def _post_end(client, d):
    return client.post(reverse("decision_detail", args=[d.pk]), {
        "action": "end", "end-version": d.version, "end-on": TODAY().isoformat(),
        "end-decided_on": TODAY().isoformat(), "end-reasons": "Borgeren har nået sine mål og klarer sig selv."})


@pytest.fixture
def other_caseworker(world):
    """A caseworker of another unit (the Ungeindsats team), who does not know Casey."""
    return make_staff("cw2", world.ballerup, world.ung, "Sagsbehandler", "Sagsbehandler")


def test_break_the_glass_caseworker_of_another_unit_cannot_refuse(client, world, offers, other_caseworker):
    case = services.open_case(actor=world.caseworker, citizen=world.casey)
    d = services.request_offer(actor=world.caseworker, case=case, offer=offers.skp)
    citizen_services.break_glass(actor=other_caseworker, citizen=world.casey, reason="Akut henvendelse fra hospitalet")
    client.force_login(other_caseworker)
    page = client.get(reverse("decision_detail", args=[d.pk]))
    assert page.status_code == 200  # the grant reads
    assert b'name="action" value="refuse"' not in page.content and b'value="grant"' not in page.content
    response = client.post(reverse("decision_detail", args=[d.pk]), {
        "action": "refuse", "refuse-version": d.version, "refuse-decided_on": TODAY().isoformat(),
        "refuse-reasons": "En fuldt gyldig begrundelse for afslaget."})
    assert response.status_code == 403
    d.refresh_from_db()
    assert d.status == S.REQUESTED


def test_break_the_glass_team_leader_cannot_end_a_grant_outside_the_team(client, world, offers, full_housing):
    running, waiting = full_housing
    leader = make_staff("leder2", world.ballerup, world.ung, "Leder", "Leder")
    leader.groups.add(Group.objects.get(name="Sagsbehandler"))  # even with the caseworker's role
    citizen_services.break_glass(actor=leader, citizen=world.casey, reason="Akut henvendelse fra hospitalet")
    client.force_login(leader)
    assert _post_end(client, running).status_code == 403
    running.refresh_from_db()
    assert running.status == S.ACTIVE
    assert not WaitlistEntry.objects.filter(decision=waiting, offered_on__isnull=False).exists()


@pytest.mark.parametrize("who", ["own_worker", "manager"])
def test_a_worker_or_a_leader_without_case_rights_ends_no_grant(client, world, offers, full_housing, who):
    """Both know Casey here (an involvement), yet neither holds the caseworker's role: no end, no freed place."""
    running, waiting = full_housing
    user = getattr(world, who)
    Involvement.objects.create(municipality=world.ballerup, citizen=world.casey, unit=world.skp, worker=user,
                               started_on=TODAY())
    with pytest.raises(PermissionDenied):
        services.decide_end(actor=user, decision=running, version=running.version, on=TODAY(), reasons=REASONS)
    with pytest.raises(PermissionDenied):
        services.cancel(actor=user, decision=waiting, reason="Fejl")
    client.force_login(user)
    assert _post_end(client, running).status_code == 403
    running.refresh_from_db()
    assert running.status == S.ACTIVE
    assert not WaitlistEntry.objects.filter(decision=waiting, offered_on__isnull=False).exists()


def test_a_leader_without_case_or_provider_rights_starts_no_grant(client, world, offers):
    d = _granted(world, offers.skp, hours=Decimal(2))
    Involvement.objects.create(municipality=world.ballerup, citizen=world.casey, unit=world.skp,
                               worker=world.manager, started_on=TODAY())
    with pytest.raises(PermissionDenied):
        services.activate_grant(actor=world.manager, decision=d)
    client.force_login(world.manager)
    response = client.post(reverse("decision_detail", args=[d.pk]), {"action": "activate",
                                                                      "activate-on": TODAY().isoformat()})
    assert response.status_code == 403
    d.refresh_from_db()
    assert d.status == S.GRANTED


def test_a_provider_worker_without_need_to_know_starts_no_grant(world, offers):
    d = _granted(world, offers.skp, hours=Decimal(2))  # Casey: the SKP worker does not know her
    with pytest.raises(PermissionDenied):
        services.activate_grant(actor=world.own_worker, decision=d)
    with pytest.raises(PermissionDenied):
        services.propose_end(actor=world.own_worker, decision=d, end_on=TODAY(), reason="Målene er nået")
    d.refresh_from_db()
    assert d.status == S.GRANTED


@pytest.mark.parametrize("action", ["bogus", "", "refuse_end"])
def test_an_unknown_action_is_refused_in_danish_and_saves_nothing(client, world, offers, action):
    """'refuse_end' without a proposal waiting is no action on this decision either."""
    d = _granted(world, offers.skp, hours=Decimal(2))
    before = AuditEvent.objects.count()
    client.force_login(world.caseworker)
    response = client.post(reverse("decision_detail", args=[d.pk]), {"action": action}, follow=True)
    text = response.content.decode()
    assert response.status_code == 400
    assert "alert-success" not in text and "alert-error" in text
    assert "Handlingen findes ikke på denne side; intet er gemt." in text
    d.refresh_from_db()
    assert d.status == S.GRANTED and AuditEvent.objects.count() == before
