import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.support.conftest import days
from tovholder.audit.models import AuditEvent
from tovholder.citizens.models import Consent, Involvement, Relative
from tovholder.plans import services as plan_services
from tovholder.plans.models import GOAL_TYPE_DEVELOP, Goal, GoalFollowUp
from tovholder.visitation.models import Decision, Letter, Order
from tovholder.youth import services
from tovholder.youth.models import JointMeeting, Move, StatusEntry
from tovholder.youth.programme import EDUCATION, EMPLOYMENT

S = Decision.Status


def _jobcenter(world, *, consent=True, given=None):
    contact = Relative.objects.create(municipality=world.ballerup, citizen=world.bo, name="Jette Job",
                                      relation="Jobcentret")
    if consent:
        Consent.objects.create(municipality=world.ballerup, citizen=world.bo, relative=contact, scope="meetings",
                               given_on=given or days(-30))
    return contact


# --- status over time ---------------------------------------------------------------------------

def test_status_is_recorded_as_a_dated_history(world, yw):
    services.record_status(actor=world.other_worker, citizen=world.bo, status="clarifying", since=days(-100))
    services.record_status(actor=world.other_worker, citizen=world.bo, status="education", since=days(-10),
                           note="HF på VUC")
    assert list(StatusEntry.objects.filter(citizen=world.bo).values_list("status", flat=True)) == [
        "clarifying", "education"]
    assert AuditEvent.objects.filter(action="youth.status_recorded", citizen=world.bo).count() == 2


@pytest.mark.parametrize("since, message", [
    (days(1), "fremtiden"),
    (datetime.date(1, 1, 1), "tilbage"),
])
def test_status_dated_in_the_future_or_year_one_is_refused(world, yw, since, message):
    with pytest.raises(ValidationError, match=message):
        services.record_status(actor=world.other_worker, citizen=world.bo, status="job", since=since)
    assert not StatusEntry.objects.exists()


def test_status_twice_on_one_day_and_unknown_status_are_refused(world, yw):
    services.record_status(actor=world.other_worker, citizen=world.bo, status="job", since=days(-3))
    with pytest.raises(ValidationError, match="allerede"):
        services.record_status(actor=world.other_worker, citizen=world.bo, status="neither", since=days(-3))
    with pytest.raises(ValidationError, match="Vælg en status"):
        services.record_status(actor=world.other_worker, citizen=world.bo, status="pension", since=days(-2))
    assert StatusEntry.objects.count() == 1


def test_status_for_a_citizen_outside_the_programme_or_need_to_know(world, yw):
    with pytest.raises(ValidationError, match="ikke i et mentorforløb"):
        services.record_status(actor=world.own_worker, citizen=world.anna, status="job", since=days(-1))
    with pytest.raises(PermissionDenied):
        services.record_status(actor=world.own_worker, citizen=world.bo, status="job", since=days(-1))
    assert not StatusEntry.objects.exists()


# --- the joint visitation meeting -------------------------------------------------------------

def test_joint_meeting_with_the_jobcenter_under_consent(world, yw):
    contact = _jobcenter(world)
    meeting = services.record_joint_meeting(
        actor=world.other_worker, citizen=world.bo, held_on=days(-2),
        participants=[world.caseworker, world.other_worker], agreement="Bo starter i praktik i april.",
        jobcenter_contact=contact, jobcenter_part="Jobcentret finder en praktikplads.")
    assert set(meeting.staff.all()) == {world.caseworker, world.other_worker}
    assert meeting.jobcenter_consent.scope == "meetings"
    assert AuditEvent.objects.filter(action="youth.joint_meeting", citizen=world.bo).exists()


def test_the_jobcenters_part_needs_the_consent(world, yw):
    contact = _jobcenter(world, consent=False)
    with pytest.raises(ValidationError, match="samtykke"):
        services.record_joint_meeting(
            actor=world.other_worker, citizen=world.bo, held_on=days(-2), participants=[world.caseworker],
            agreement="Praktik i april.", jobcenter_contact=contact, jobcenter_part="Finder praktikplads.")
    with pytest.raises(ValidationError, match="Jobcentrets deltager"):
        services.record_joint_meeting(
            actor=world.other_worker, citizen=world.bo, held_on=days(-2), participants=[world.caseworker],
            agreement="Praktik i april.", jobcenter_part="Finder praktikplads.")
    assert not JointMeeting.objects.exists()


def test_consent_given_after_the_meeting_does_not_cover_it(world, yw):
    contact = _jobcenter(world, given=days(-1))
    with pytest.raises(ValidationError, match="samtykke"):
        services.record_joint_meeting(
            actor=world.other_worker, citizen=world.bo, held_on=days(-5), participants=[world.caseworker],
            agreement="Praktik i april.", jobcenter_contact=contact, jobcenter_part="Finder praktikplads.")


def test_meeting_without_participants_or_without_social_vejledning_is_refused(world, yw):
    with pytest.raises(ValidationError, match="deltagere"):
        services.record_joint_meeting(actor=world.other_worker, citizen=world.bo, held_on=days(-1), participants=[],
                                      agreement="Noget aftalt.")
    with pytest.raises(ValidationError, match="Social Vejledning"):
        services.record_joint_meeting(actor=world.other_worker, citizen=world.bo, held_on=days(-1),
                                      participants=[world.other_worker], agreement="Noget aftalt.")
    with pytest.raises(ValidationError, match="medarbejder i kommunen"):
        services.record_joint_meeting(actor=world.other_worker, citizen=world.bo, held_on=days(-1),
                                      participants=[world.caseworker, world.herlev_worker], agreement="Aftalt.")
    assert not JointMeeting.objects.exists()


# --- the education/job goal ---------------------------------------------------------------------

def test_education_goal_is_set_on_the_mentor_effort(world, yw):
    goal = services.add_education_goal(actor=world.other_worker, citizen=world.bo, text="Jeg vil tage en HF",
                                       condition=EDUCATION, goal_type=GOAL_TYPE_DEVELOP, next_follow_up_on=days(60))
    assert goal.decision == yw.effort and goal.unit == world.ung and goal.condition == EDUCATION
    with pytest.raises(ValidationError, match="uddannelse"):
        services.add_education_goal(actor=world.other_worker, citizen=world.bo, text="Gøre rent",
                                    condition="8f32c948-41c4-49d7-8913-cdeede2e7fe1", goal_type=GOAL_TYPE_DEVELOP,
                                    next_follow_up_on=days(60))


def test_the_plan_keeps_its_education_goal(world, yw):
    goal = services.add_education_goal(actor=world.other_worker, citizen=world.bo, text="Jeg vil have et job",
                                       condition=EMPLOYMENT, goal_type=GOAL_TYPE_DEVELOP, next_follow_up_on=days(60))
    with pytest.raises(ValidationError, match="uddannelse eller job"):
        plan_services.record_follow_up(actor=world.other_worker, goal=goal, held_on=days(0), result="end",
                                       learned="Vi stopper", version=goal.version)
    with pytest.raises(ValidationError, match="uddannelse eller job"):
        plan_services.update_goal(actor=world.other_worker, goal=goal, version=goal.version, condition="")
    assert not GoalFollowUp.objects.exists()
    # with another education goal in place, the first may end
    services.add_education_goal(actor=world.other_worker, citizen=world.bo, text="Jeg vil tage en HF",
                                condition=EDUCATION, goal_type=GOAL_TYPE_DEVELOP, next_follow_up_on=days(60))
    plan_services.record_follow_up(actor=world.other_worker, goal=goal, held_on=days(0), result="end",
                                   learned="Nyt mål i stedet", version=goal.version)
    assert Goal.objects.get(pk=goal.pk).status == Goal.Status.ENDED


def test_other_plans_are_not_held_to_it(world, yw):
    goal = plan_services.add_goal(actor=world.own_worker, citizen=world.anna, text="Gøre rent selv",
                                  goal_type=GOAL_TYPE_DEVELOP, next_follow_up_on=days(30))
    plan_services.record_follow_up(actor=world.own_worker, goal=goal, held_on=days(0), result="end",
                                   learned="Nået", version=goal.version)


# --- the move to SKP ----------------------------------------------------------------------------

def test_move_to_skp_in_one_step(world, yw, sw):
    services.add_education_goal(actor=world.other_worker, citizen=world.bo, text="Jeg vil tage en HF",
                                condition=EDUCATION, goal_type=GOAL_TYPE_DEVELOP, next_follow_up_on=days(60))
    plan = world.bo.plan
    move = services.move_to_skp(actor=world.manager, citizen=world.bo, pension_granted_on=days(-20),
                                reasons="Du har fået tilkendt førtidspension og overgår derfor til SKP.")
    effort = Decision.objects.get(pk=yw.effort.pk)
    assert effort.status == S.ENDED and effort.ended_on == days(0)
    new = move.to_decision
    assert new.offer == sw.skp and new.status == S.ORDERED and new.hours_per_week == effort.hours_per_week
    assert new.replaces == effort
    order = Order.objects.get(decision=new)
    assert order.unit == world.skp and order.status == Order.Status.SENT
    assert move.letter.kind == Letter.Kind.END and "førtidspension" in move.letter.html
    world.bo.refresh_from_db()
    assert world.bo.coordinator is None
    assert world.bo.plan == plan  # the one plan stays, its goals with it, waiting for SKP's contact person
    assert list(plan.goals.values_list("status", "responsible")) == [("active", None)]
    assert "early_pension" in yw.case.__class__.objects.get(pk=yw.case.pk).needs
    assert Involvement.objects.get(citizen=world.bo, unit=world.ung).ended_on == days(0)
    assert AuditEvent.objects.filter(action="youth.moved_to_skp", citizen=world.bo).exists()
    assert Move.objects.count() == 1


def test_skp_accepting_the_order_names_the_new_coordinator(world, yw, sw):
    from tovholder.visitation import services as visitation

    move = services.move_to_skp(actor=world.manager, citizen=world.bo, pension_granted_on=days(-20),
                                reasons="Du har fået tilkendt førtidspension og overgår derfor til SKP.")
    order = Order.objects.get(decision=move.to_decision)
    visitation.accept_order(actor=world.manager, order=order, version=order.version, contact_person=world.own_worker)
    world.bo.refresh_from_db()
    assert world.bo.coordinator == world.own_worker


def test_move_for_a_citizen_not_in_ungeindsats_writes_nothing(world, yw, sw):
    Involvement.objects.create(municipality=world.ballerup, citizen=world.anna, unit=world.ung,
                               started_on=days(-5))
    before = (Decision.objects.count(), Letter.objects.count(), Order.objects.count())
    with pytest.raises(ValidationError, match="ikke i et mentorforløb"):
        services.move_to_skp(actor=world.manager, citizen=world.anna, pension_granted_on=days(-20),
                             reasons="Du har fået tilkendt førtidspension og overgår derfor til SKP.")
    assert (Decision.objects.count(), Letter.objects.count(), Order.objects.count()) == before
    assert not Move.objects.exists()


@pytest.mark.parametrize("field, value, message", [
    ("pension_granted_on", days(3), "fremtiden"),
    ("pension_granted_on", datetime.date(1, 1, 1), "tilbage"),
    ("moved_on", days(-400), "før"),
    ("reasons", "kort", "begrundelsen"),
])
def test_move_with_bad_input_writes_nothing(world, yw, sw, field, value, message):
    data = {"pension_granted_on": days(-20), "reasons": "Du har fået tilkendt førtidspension og overgår til SKP."}
    data[field] = value
    with pytest.raises(ValidationError, match=message):
        services.move_to_skp(actor=world.manager, citizen=world.bo, **data)
    assert Decision.objects.get(pk=yw.effort.pk).status == S.ACTIVE
    assert not Move.objects.exists() and not Letter.objects.exists()


def test_a_mentor_may_not_move_and_nor_may_an_skp_without_room(world, yw, sw):
    with pytest.raises(PermissionDenied):
        services.move_to_skp(actor=world.other_worker, citizen=world.bo, pension_granted_on=days(-20),
                             reasons="Du har fået tilkendt førtidspension og overgår til SKP.")
    sw.skp.capacity = 1
    sw.skp.save()
    with pytest.raises(ValidationError, match="ikke plads"):
        services.move_to_skp(actor=world.manager, citizen=world.bo, pension_granted_on=days(-20),
                             reasons="Du har fået tilkendt førtidspension og overgår til SKP.")
    assert Decision.objects.get(pk=yw.effort.pk).status == S.ACTIVE and not Move.objects.exists()
