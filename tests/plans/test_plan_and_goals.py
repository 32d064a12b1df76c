"""One plan, goals in the citizen's own words with FFB types, sub-goals, follow-ups and overdue lists;
two workers saving the same plan or goal lose nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.support.conftest import CONDITION, days, goal
from tovholder.audit.models import AuditEvent
from tovholder.outcomes.services import follow_up_goal
from tovholder.plans import selectors, services
from tovholder.plans.models import GOAL_TYPE_MAINTAIN, Goal, GoalFollowUp, Plan


def test_a_goal_creates_the_one_plan(world, sw):
    g = goal(world, condition=CONDITION, start_level=3, target_level=1)
    assert Plan.objects.get(citizen=world.anna) == g.plan
    goal(world, text="Jeg vil se min søster hver måned")
    assert Plan.objects.filter(citizen=world.anna).count() == 1
    assert g.goal_type_display == "Udvikle funktionsevne" and g.condition_display == "Gøre rent"
    assert g.responsible == world.own_worker
    assert AuditEvent.objects.filter(action="goal.added", citizen=world.anna).count() == 2


@pytest.mark.parametrize("kw, message", [
    (dict(text=""), "Skriv målet"),
    (dict(text="x" * 1001), "plads til 1.000"),
    (dict(goal_type="not-a-type"), "måltype"),
    (dict(condition="d41c8072-52f8-42b5-9375-ddbea454d27f"), "tilstand fra FFB"),  # a goal type, not a condition
    (dict(condition=CONDITION, target_level=5), "mellem 0"),
    (dict(target_level=2), "hører til en tilstand"),
    (dict(follow_up=days(-1)), "i dag eller senere"),
    (dict(follow_up=days(800)), "hvert andet år"),
    (dict(created_on=days(-40), follow_up=days(-41)), "efter den dag, målet blev sat"),
    (dict(created_on=days(1)), "fremtiden"),
])
def test_goal_refuses_bad_input(world, sw, kw, message):
    data = dict(text="Jeg vil kunne handle ind", goal_type=GOAL_TYPE_MAINTAIN, next_follow_up_on=days(30))
    if "follow_up" in kw:
        data["next_follow_up_on"] = kw.pop("follow_up")
    with pytest.raises(ValidationError, match=message):
        services.add_goal(actor=world.own_worker, citizen=world.anna, **{**data, **kw})
    assert not Goal.objects.exists()


def test_a_goal_set_earlier_is_typed_in_with_its_day_and_its_past_follow_up(world, sw, client):
    """From paper: the goal was set 40 days ago and due for follow-up 10 days ago; it is now overdue."""
    client.force_login(world.own_worker)
    url = reverse("goal_add", args=[world.anna.pk])
    assert 'name="created_on"' in client.get(url).content.decode()
    response = client.post(url, {"text": "Jeg vil kunne handle ind", "goal_type": GOAL_TYPE_MAINTAIN,
                                 "created_on": days(-40).isoformat(), "next_follow_up_on": days(-10).isoformat()})
    assert response.status_code == 302
    g = Goal.objects.get()
    assert g.created_on == days(-40) and g.next_follow_up_on == days(-10)
    assert 'name="created_on"' not in client.get(reverse("goal_edit", args=[world.anna.pk, g.pk])).content.decode()


def test_units_add_sub_goals_one_level_deep(world, sw):
    parent = goal(world)
    sub = goal(world, text="Støvsuge stuen hver fredag", parent=parent)
    assert sub.parent == parent and sub.unit == world.skp
    with pytest.raises(ValidationError, match="sine egne delmål"):
        goal(world, text="Et under-under-mål", parent=sub)


def test_follow_up_records_result_and_next_date(world, sw):
    g = goal(world)
    f = services.record_follow_up(actor=world.own_worker, goal=g, held_on=days(0), result="continue",
                                  next_on=days(60), version=g.version)
    g.refresh_from_db()
    assert g.next_follow_up_on == days(60) and f.due_on == days(30)
    services.record_follow_up(actor=world.own_worker, goal=g, held_on=days(0), result="end",
                              learned="Anna gør nu rent selv hver uge.", version=g.version)
    g.refresh_from_db()
    assert g.status == Goal.Status.ENDED and g.next_follow_up_on is None and g.ended_on == days(0)
    assert list(g.follow_ups.values_list("result", flat=True)) == ["continue", "end"]
    with pytest.raises(ValidationError, match="afsluttet"):
        services.record_follow_up(actor=world.own_worker, goal=g, held_on=days(0), result="continue",
                                  next_on=days(10))


@pytest.mark.parametrize("kw, message", [
    (dict(held_on=days(1)), "fremtiden"),
    (dict(result="end", learned="Slut", next_on=days(30)), "ingen næste"),
    (dict(result="continue", next_on=None), "næste opfølgning"),
    (dict(result="change", learned=""), "hvad I har lært"),
    (dict(result="maybe"), "resultatet"),
])
def test_follow_up_refuses_bad_input(world, sw, kw, message):
    g = goal(world)
    data = dict(held_on=days(0), result="continue", learned="", next_on=days(30))
    with pytest.raises(ValidationError, match=message):
        services.record_follow_up(actor=world.own_worker, goal=g, **{**data, **kw})
    assert not GoalFollowUp.objects.exists()


def test_overdue_follow_ups_reach_the_responsible_worker_and_the_coordinator(world, sw):
    g = goal(world, follow_up=days(0))
    Goal.objects.filter(pk=g.pk).update(next_follow_up_on=days(-3))  # time has passed
    # Anna's coordinator is own_worker; make a colleague responsible and check both lists.
    from tests.conftest import make_staff

    colleague = make_staff("colleague", world.ballerup, world.skp, "Medarbejder")
    Goal.objects.filter(pk=g.pk).update(responsible=colleague)
    assert [x.pk for x in selectors.follow_ups_due(colleague, until=days(0))] == [g.pk]
    assert [x.pk for x in selectors.follow_ups_due(world.own_worker, until=days(0))] == [g.pk]
    assert selectors.follow_ups_due(world.other_worker, until=days(0)) == []


def test_two_workers_saving_the_same_goal_lose_nothing(client, world, sw):
    from tests.conftest import make_staff

    colleague = make_staff("colleague", world.ballerup, world.skp, "Medarbejder")
    g = goal(world)
    url = reverse("goal_edit", args=[world.anna.pk, g.pk])
    base = dict(version=g.version, goal_type=g.goal_type, condition="", start_level="", target_level="",
                next_follow_up_on=days(30).isoformat(), responsible=world.own_worker.pk)
    client.force_login(world.own_worker)
    assert client.post(url, {**base, "text": "Jeg vil gøre rent hver uge"}).status_code == 302
    client.force_login(colleague)
    response = client.post(url, {**base, "text": "Jeg vil gøre rent i køkkenet"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "ændret af Own Testesen" in text and "Jeg vil gøre rent hver uge" in text  # the other's change shown
    assert "Jeg vil gøre rent i køkkenet" in text  # and one's own input kept in the form
    g.refresh_from_db()
    assert g.text == "Jeg vil gøre rent hver uge" and g.version == 2


def test_two_workers_saving_the_plan_lose_nothing(client, world, sw):
    url = reverse("plan_edit", args=[world.anna.pk])
    client.force_login(world.own_worker)
    assert client.post(url, dict(version=0, aim="At bo i egen lejlighed")).status_code == 302
    response = client.post(url, dict(version=0, aim="At få et job"))
    assert response.status_code == 200 and "At bo i egen lejlighed" in response.content.decode()
    plan = Plan.objects.get(citizen=world.anna)
    assert plan.aim == "At bo i egen lejlighed" and plan.version == 2
    assert client.post(url, dict(version=plan.version, aim="At bo i egen lejlighed og få et job")).status_code == 302
    plan.refresh_from_db()
    assert plan.version == 3 and "job" in plan.aim


def test_script_in_a_goal_is_shown_as_text(client, world, sw):
    goal(world, text="<script>alert('x')</script> rydde op")
    client.force_login(world.own_worker)
    text = client.get(reverse("citizen_plan", args=[world.anna.pk])).content.decode()
    assert "<script>alert('x')</script>" not in text and "&lt;script&gt;" in text


def test_goal_writes_need_the_citizen_in_need_to_know(world, sw):
    with pytest.raises(PermissionDenied):
        services.add_goal(actor=world.other_worker, citizen=world.anna, text="Mål", goal_type=GOAL_TYPE_MAINTAIN,
                          next_follow_up_on=days(10))
    g = goal(world)
    with pytest.raises(PermissionDenied):
        services.record_follow_up(actor=world.herlev_worker, goal=g, held_on=days(0), result="continue",
                                  next_on=days(10))


def test_goal_pages_through_forms(client, world, sw):
    client.force_login(world.own_worker)
    response = client.post(reverse("goal_add", args=[world.anna.pk]), dict(
        text="Jeg vil lave mad to gange om ugen", goal_type=GOAL_TYPE_MAINTAIN, condition=CONDITION,
        start_level="3", target_level="2", next_follow_up_on=days(40).isoformat(), responsible=world.own_worker.pk))
    assert response.status_code == 302
    g = Goal.objects.get()
    assert (g.start_level, g.target_level) == (3, 2)
    response = client.post(reverse("goal_follow_up", args=[world.anna.pk, g.pk]), dict(
        version=g.version, held_on=days(0).isoformat(), result="revisit", learned="Svært i ferien",
        next_on=days(14).isoformat()))
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.next_follow_up_on == days(14)


def test_follow_up_records_goal_attainment_in_the_same_transaction(world, sw):
    from tovholder.outcomes.models import Measurement, Score

    g = goal(world)
    follow_up_goal(actor=world.own_worker, goal=g, held_on=days(0), result="end",
                   learned="Målet er nået", version=g.version, attainment=1)
    score = Score.objects.get(goal=g)
    assert score.measurement.citizen == world.anna and score.measurement.measured_on == days(0)
    g2 = goal(world, text="Jeg vil cykle til arbejde")
    before = Measurement.objects.count()
    with pytest.raises(ValidationError, match="mellem −2 og \\+2"):
        follow_up_goal(actor=world.own_worker, goal=g2, held_on=days(0), result="continue",
                       next_on=days(30), attainment=3)
    assert Measurement.objects.count() == before
    assert not GoalFollowUp.objects.filter(goal=g2).exists()


def test_follow_up_page_offers_goal_attainment(client, world, sw):
    from tovholder.outcomes.models import Score

    g = goal(world)
    client.force_login(world.own_worker)
    url = reverse("goal_follow_up", args=[world.anna.pk, g.pk])
    assert "Målopfyldelse (GAS)" in client.get(url).content.decode()
    response = client.post(url, dict(version=g.version, held_on=days(0).isoformat(), result="continue", learned="",
                                     next_on=days(40).isoformat(), attainment="-1"))
    assert response.status_code == 302
    assert Score.objects.get(goal=g).value == -1
