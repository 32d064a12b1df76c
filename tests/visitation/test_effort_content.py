"""What an effort consists of, as FFB describes it: its services (ydelser) and their dated changes, the
goals set at visitation (indsatsmål) with one primary and any secondary conditions, revisions that keep
the goal as it was, the level reached at a follow-up, and the authority's follow-up with FFB's status."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import make_staff
from tests.support.conftest import CONDITION
from tovholder.audit.models import AuditEvent
from tovholder.offers import ffb
from tovholder.plans import services as plans
from tovholder.plans.models import GOAL_TYPE_DEVELOP, Goal, GoalRevision
from tovholder.visitation import services
from tovholder.visitation.models import Decision, EffortFollowUp, ServiceChange

TODAY = datetime.date.today


def _status(starts: str) -> str:
    return next(c.code for c in ffb.under("Status på indsats") if c.display.startswith(starts))


@pytest.fixture
def granted(world, sw):
    case = services.open_case(actor=world.caseworker, citizen=world.casey, opened_on=TODAY() - datetime.timedelta(
        days=40))
    d = services.request_offer(actor=world.caseworker, case=case, offer=sw.skp,
                               requested_on=TODAY() - datetime.timedelta(days=40))
    first = ffb.leaves("Ydelse")[0].code
    return services.grant(actor=world.caseworker, decision=d, version=d.version,
                          decided_on=TODAY() - datetime.timedelta(days=30),
                          start_on=TODAY() - datetime.timedelta(days=25), review_on=TODAY() + datetime.timedelta(
                              days=150), hours_per_week=Decimal(3), services=[first, first],
                          reasons="Borgeren har brug for støtte til at klare hverdagen.")


def test_services_are_granted_with_the_effort_and_change_on_a_date(world, sw, granted):
    first = ffb.leaves("Ydelse")[0].code
    assert granted.services == [first]  # a service named twice counts once
    second = ffb.leaves("Ydelse")[1].code
    change = services.change_services(actor=world.caseworker, decision=granted, version=granted.version,
                                      starts_on=TODAY() - datetime.timedelta(days=5), services=[second],
                                      reason="Borgeren går fra individuel støtte til gruppeforløb.")
    granted.refresh_from_db()
    assert granted.services == [second] and change.starts_on == TODAY() - datetime.timedelta(days=5)
    assert granted.status == Decision.Status.GRANTED  # one dated step, not a stop and a restart
    event = AuditEvent.objects.get(action="decision.services_changed")
    assert event.citizen == world.casey and event.detail["foer"] == [first]


@pytest.mark.parametrize("kw, message", [
    (dict(services=["not-a-code"]), "FFB's liste"),
    (dict(services=[]), "mindst én"),
    (dict(services=[CONDITION]), "FFB's liste"),  # a condition is no service
    (dict(starts_on=datetime.date(1, 1, 1)), "tilbage"),
    (dict(reason=""), "begrundelse"),
])
def test_a_bad_service_change_changes_nothing(world, sw, granted, kw, message):
    data = dict(starts_on=TODAY(), services=[ffb.leaves("Ydelse")[1].code], reason="Et nyt forløb begynder.")
    with pytest.raises(ValidationError, match=message):
        services.change_services(actor=world.caseworker, decision=granted, version=granted.version, **{**data, **kw})
    assert not ServiceChange.objects.exists()
    granted.refresh_from_db()
    assert granted.services == [ffb.leaves("Ydelse")[0].code]


def test_a_service_change_before_the_decision_is_refused(world, sw, granted):
    with pytest.raises(ValidationError, match="før afgørelsen"):
        services.change_services(actor=world.caseworker, decision=granted, version=granted.version,
                                 starts_on=TODAY() - datetime.timedelta(days=31),
                                 services=[ffb.leaves("Ydelse")[1].code], reason="Et nyt forløb begynder.")


def test_the_caseworker_sets_effort_goals_with_secondary_conditions(client, world, sw, granted):
    secondary = next(c.code for c in ffb.under("FFB tilstande") if len(c.path) >= 3 and c.code != CONDITION)
    client.force_login(world.caseworker)
    page = client.get(reverse("goal_add", args=[world.casey.pk]) + f"?indsats={granted.pk}")
    assert page.status_code == 200
    response = client.post(reverse("goal_add", args=[world.casey.pk]) + f"?indsats={granted.pk}", {
        "text": "Jeg vil gøre rent selv", "goal_type": GOAL_TYPE_DEVELOP, "condition": CONDITION,
        "secondary_conditions": [secondary, CONDITION], "start_level": 3, "target_level": 1,
        "next_follow_up_on": (TODAY() + datetime.timedelta(days=60)).isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    goal = Goal.objects.get(citizen=world.casey)
    assert goal.decision == granted and goal.created_by == world.caseworker
    assert goal.secondary_conditions == [secondary]  # the primary condition is not also secondary
    # the decision page and the order show the effort's goals
    decision_page = client.get(reverse("decision_detail", args=[granted.pk])).content.decode()
    assert "Jeg vil gøre rent selv" in decision_page and "Gøre rent" in decision_page


def test_an_effort_goal_of_another_citizen_or_an_effort_not_in_force_is_refused(world, sw, granted):
    with pytest.raises(ValidationError, match="anden borger"):
        plans.add_goal(actor=world.own_worker, citizen=world.anna, text="Mit mål", goal_type=GOAL_TYPE_DEVELOP,
                       decision=granted, next_follow_up_on=TODAY() + datetime.timedelta(days=30))
    services.cancel(actor=world.caseworker, decision=granted, reason="Borgeren er flyttet fra kommunen.",
                    on=TODAY())
    granted.refresh_from_db()
    with pytest.raises(ValidationError, match="ikke bevilget"):
        plans.add_goal(actor=world.caseworker, citizen=world.casey, text="Mit mål", goal_type=GOAL_TYPE_DEVELOP,
                       decision=granted, next_follow_up_on=TODAY() + datetime.timedelta(days=30))
    assert not Goal.objects.exists()


def test_a_changed_goal_keeps_what_it_was_and_the_level_reached_is_recorded(world, sw, granted):
    goal = plans.add_goal(actor=world.caseworker, citizen=world.casey, text="Jeg vil gøre rent selv",
                          goal_type=GOAL_TYPE_DEVELOP, condition=CONDITION, start_level=3, target_level=1,
                          next_follow_up_on=TODAY() + datetime.timedelta(days=30), decision=granted)
    changed = plans.update_goal(actor=world.caseworker, goal=goal, version=goal.version, target_level=2)
    revision = GoalRevision.objects.get(goal=goal)
    assert revision.target_level == 1 and changed.target_level == 2 and revision.version == 1
    plans.update_goal(actor=world.caseworker, goal=changed, version=changed.version,
                      next_follow_up_on=TODAY() + datetime.timedelta(days=40))
    assert GoalRevision.objects.filter(goal=goal).count() == 1  # a new date is no new goal
    follow_up = plans.record_follow_up(actor=world.caseworker, goal=changed, held_on=TODAY(), result="continue",
                                       next_on=TODAY() + datetime.timedelta(days=60), level_reached=2)
    assert follow_up.level_reached == 2
    with pytest.raises(ValidationError, match="mellem 0 og 4"):
        plans.record_follow_up(actor=world.caseworker, goal=changed, held_on=TODAY(), result="continue",
                               next_on=TODAY() + datetime.timedelta(days=60), level_reached=7)


def test_the_authority_follows_up_on_the_effort_with_ffb_status(client, world, sw, granted):
    client.force_login(world.caseworker)
    url = reverse("decision_detail", args=[granted.pk])
    # continuing without a next date is refused, and nothing is saved
    response = client.post(url, {"action": "follow_up", "follow_up-held_on": TODAY().isoformat(),
                                 "follow_up-status": _status("Træf afgørelse om fortsættelse"),
                                 "follow_up-note": "Det går godt"})
    assert response.status_code == 200 and "næste opfølgning" in response.content.decode()
    assert not EffortFollowUp.objects.exists()
    next_on = TODAY() + datetime.timedelta(days=180)
    response = client.post(url, {"action": "follow_up", "follow_up-held_on": TODAY().isoformat(),
                                 "follow_up-status": _status("Træf afgørelse om fortsættelse"),
                                 "follow_up-note": "Det går godt",
                                 "follow_up-next_on": next_on.isoformat()})
    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.review_on == next_on
    page = client.get(url).content.decode()
    assert "Træf afgørelse om fortsættelse af indsats" in page and "Det går godt" in page
    with pytest.raises(ValidationError, match="FFB"):
        services.follow_up_effort(actor=world.caseworker, decision=granted, held_on=TODAY(), status="continue")


def test_the_provider_sees_the_services_and_goals_in_the_order(client, world, sw, granted):
    plans.add_goal(actor=world.caseworker, citizen=world.casey, text="Jeg vil handle ind selv",
                   goal_type=GOAL_TYPE_DEVELOP, next_follow_up_on=TODAY() + datetime.timedelta(days=30),
                   decision=granted)
    d = services.order(actor=world.caseworker, decision=granted, on=TODAY() - datetime.timedelta(days=20))
    leader = make_staff("skpleder", world.ballerup, world.skp, "Leder", "Teamleder")
    client.force_login(leader)
    page = client.get(reverse("order", args=[d.orders.get().pk])).content.decode()
    assert "Jeg vil handle ind selv" in page and ffb.leaves("Ydelse")[0].display in page


def test_a_re_assessment_shows_the_levels_before_and_beside_the_effort_goals(client, world, sw, granted):
    from tests.support.conftest import CONDITION as CLEANING

    case = granted.case
    services.record_assessment(actor=world.caseworker, case=case, assessed_on=TODAY() - datetime.timedelta(days=35),
                               scores=[{"condition": CLEANING, "functional_level": 3}])
    plans.add_goal(actor=world.caseworker, citizen=world.casey, text="Jeg vil gøre rent selv",
                   goal_type=GOAL_TYPE_DEVELOP, condition=CLEANING, start_level=3, target_level=1,
                   next_follow_up_on=TODAY() + datetime.timedelta(days=30), decision=granted)
    services.record_assessment(actor=world.caseworker, case=case, assessed_on=TODAY() - datetime.timedelta(days=2),
                               scores=[{"condition": CLEANING, "functional_level": 2}])
    client.force_login(world.caseworker)
    case_page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "(før 3)" in case_page
    decision_page = client.get(reverse("decision_detail", args=[granted.pk])).content.decode()
    assert "niveau 2" in decision_page and "Seneste udredning" in decision_page
