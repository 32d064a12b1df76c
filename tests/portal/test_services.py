"""The portal's services and selectors: the citizen writes and reads only their own data, through the gate."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.citizens.models import BreakGlassGrant, Citizen
from tovholder.portal import selectors, services
from tovholder.portal.backends import account_for
from tovholder.portal.events import Event
from tovholder.portal.identity import Assurance, CitizenIdentity, pseudonym
from tovholder.portal.models import GoalEntry

from .conftest import identity


def test_a_citizen_writes_a_comment_on_own_goal_with_audit(portal):
    user = portal.anna.user
    entry = services.add_goal_entry(actor=user, goal_id=portal.anna_goal.pk, kind="comment", text="  Det går bedre  ")
    assert entry.text == "Det går bedre" and entry.citizen_id == portal.anna.citizen_id
    event = AuditEvent.objects.get(action=Event.GOAL_COMMENTED)
    assert event.actor == user and event.citizen_id == portal.anna.citizen_id
    step = services.add_goal_entry(actor=user, goal_id=portal.anna_goal.pk, kind="step", text="Gå en tur")
    assert step.kind == GoalEntry.Kind.STEP and AuditEvent.objects.filter(action=Event.STEP_ADDED).count() == 1


def test_another_citizens_goal_is_not_found_and_nothing_is_written(portal):
    with pytest.raises(Http404):
        services.add_goal_entry(actor=portal.anna.user, goal_id=portal.bo_goal.pk, kind="comment", text="Hej hej")
    with pytest.raises(Http404):
        services.add_goal_entry(actor=portal.anna.user, goal_id=None, kind="comment", text="Hej hej")
    assert not GoalEntry.objects.exists()


def test_staff_cannot_write_as_a_citizen(portal, world):
    with pytest.raises(PermissionDenied):
        services.add_goal_entry(actor=world.own_worker, goal_id=portal.anna_goal.pk, kind="comment", text="Hej")
    assert not GoalEntry.objects.exists()


@pytest.mark.parametrize("kind,text", [("comment", ""), ("comment", " "), ("comment", "x" * 2001),
                                       ("delete", "Hej hej")])
def test_bad_input_is_refused_in_danish(portal, kind, text):
    with pytest.raises(ValidationError):
        services.add_goal_entry(actor=portal.anna.user, goal_id=portal.anna_goal.pk, kind=kind, text=text)
    assert not GoalEntry.objects.exists()


def test_an_ended_goal_takes_no_more_comments(portal):
    with pytest.raises(ValidationError):
        services.add_goal_entry(actor=portal.anna.user, goal_id=portal.anna_ended.pk, kind="comment", text="Hej")


def test_the_citizen_principal_knows_only_itself(portal, world):
    assert list(Citizen.objects.known_to(portal.anna.user)) == [world.anna]
    assert not portal.anna.user.has_perm("accounts.break_glass")


def test_my_plan_shows_own_goals_people_and_is_logged(portal, world):
    my = selectors.my_plan(portal.anna.user)
    assert [c.goal for c in my.goals] == [portal.anna_goal]  # the ended goal is not among "my goals"
    assert [(p.role, p.first_name) for p in my.people][0] == ("Din tovholder", "Own")
    assert all("Testesen" not in p.first_name for p in my.people)  # first names only
    assert AccessEvent.objects.filter(actor=portal.anna.user, citizen=world.anna, what__startswith="Min plan").exists()


def test_min_log_shows_who_by_role_and_unit_masks_names_and_logs_itself(portal, world, settings):
    BreakGlassGrant.objects.create(municipality=world.ballerup, citizen=world.anna, user=world.other_worker,
                                   reason="Akut henvendelse i weekenden", expires_at=timezone.now())
    AccessEvent.objects.create(municipality=world.ballerup, actor=world.other_worker, citizen=world.anna,
                               what="Borgeroverblik", reason="Akut henvendelse i weekenden", break_glass=True)
    AccessEvent.objects.create(municipality=world.ballerup, actor=world.own_worker, citizen=world.anna,
                               what="Borgerliste")
    AccessEvent.objects.create(municipality=world.ballerup, actor=world.own_worker, citizen=world.bo,
                               what="Borgeroverblik")  # Bo's, never in Anna's log
    my = selectors.my_log(portal.anna.user, selectors.LogQuery())
    rows = {(r.what, r.who, r.unit, r.break_glass) for r in my.rows}
    assert ("Borgeroverblik", "Medarbejder", "Ballerup Ungeindsats", True) in rows
    assert ("Borgerliste", "Medarbejder", "SKP-teamet", False) in rows
    assert len(my.rows) == 2  # own reads are left out by default, Bo's never shown
    glass = next(r for r in my.rows if r.break_glass)
    assert "Akut henvendelse i weekenden" in glass.why
    assert all("Testesen" not in r.who for r in my.rows)
    assert AccessEvent.objects.filter(actor=portal.anna.user, what__startswith="Min log").count() == 1
    with_own = selectors.my_log(portal.anna.user, selectors.LogQuery(include_own=True))
    assert any(r.own and r.what.startswith("Min log") for r in with_own.rows)
    settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES = True
    named = selectors.my_log(portal.anna.user, selectors.LogQuery())
    assert any("Other Testesen" in r.who for r in named.rows)


def test_min_log_period_filter(portal, world):
    AccessEvent.objects.create(municipality=world.ballerup, actor=world.own_worker, citizen=world.anna,
                               what="Borgeroverblik")
    today = timezone.localdate()
    assert len(selectors.my_log(portal.anna.user, selectors.LogQuery(start=today, end=today)).rows) == 1
    tomorrow = today + datetime.timedelta(days=1)
    assert selectors.my_log(portal.anna.user, selectors.LogQuery(start=tomorrow)).rows == []


def test_login_refuses_a_low_assurance_and_an_unknown_cpr(rf, portal, world):
    from django.contrib.auth import authenticate

    request = rf.post("/min/log-ind/test/")
    low = identity(world.anna, Assurance.LOW)
    assert authenticate(request, citizen_identity=low, username=pseudonym(low.cpr)) is None
    unknown = CitizenIdentity(cpr="0101010101", name="Ukendt", assurance=Assurance.HIGH, method="saml")
    assert authenticate(request, citizen_identity=unknown, username=pseudonym(unknown.cpr)) is None
    assert authenticate(request, citizen_identity=identity(world.anna),
                        username=pseudonym(world.anna.cpr)) == portal.anna.user


def test_an_account_is_made_once_and_holds_no_cpr(portal, world):
    again = account_for(world.anna, identity(world.anna, Assurance.HIGH, "saml"))
    assert again.pk == portal.anna.pk and again.last_assurance == "High"
    assert world.anna.cpr not in portal.anna.user.username
    assert world.anna.cpr not in repr(identity(world.anna))


def test_assurance_levels_parse_the_oiosaml_values():
    assert Assurance.parse("Substantial") == Assurance.SUBSTANTIAL
    assert Assurance.parse("https://data.gov.dk/concept/core/nsis/loa/High") == Assurance.HIGH
    assert Assurance.parse("low") == Assurance.LOW
    assert Assurance.parse("") is None and Assurance.parse("Ekstra") is None


def test_citizen_logins_are_throttled_by_axes(portal, world):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from tovholder.portal.login import log_in

    def attempt(assurance):
        request = RequestFactory().post("/min/saml2/acs/", REMOTE_ADDR="10.0.0.9")
        request.user, request.session = AnonymousUser(), SessionStore()
        return log_in(request, identity(world.anna, assurance)), request

    for _ in range(5):
        assert attempt(Assurance.LOW)[0] is None
    user, request = attempt(Assurance.SUBSTANTIAL)  # right level now, but this CPR is locked for a while
    assert user is None and getattr(request, "axes_locked_out", False)
