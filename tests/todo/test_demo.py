"""The demo's tasks, young people approaching 18 and relatives told: on the start pages and lists, each
about a citizen the assignee knows."""

import datetime

import pytest
from django.core.management import call_command

from tovholder.citizens.models import Citizen, Consent, Disclosure
from tovholder.todo.models import Task
from tovholder.todo.selectors import panel_tasks, task_list
from tovholder.transition.models import Transition
from tovholder.transition.selectors import young_people

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_demo_tasks_young_people_and_relatives(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 12, 0), tick=False)
    call_command("demo", citizens=150, seed=5, today=TODAY, verbosity=0)
    tasks = Task.objects.filter(municipality__code="151", citizen__isnull=False).select_related("assignee", "citizen")
    assert tasks.count() >= 20
    assert all(Citizen.objects.known_to(t.assignee).filter(pk=t.citizen_id).exists() for t in tasks[:40])
    worker = tasks.filter(status="open", source="").first().assignee
    assert panel_tasks(worker)[0]
    # the young people: a caseworker sees those turning 18, with transitions and tasks
    assert Transition.objects.filter(status="handed_over").count() == 1
    assert Transition.objects.filter(status="preparing").count() == 2
    from django.contrib.auth import get_user_model
    rows = [r for cw in get_user_model().objects.filter(username__in=[f"sagsb{i}" for i in range(1, 6)])
            for r in young_people(cw, today=TODAY)]
    assert len(rows) >= 7 and any(r.transition_id for r in rows) and any(r.ready and not r.transition_id for r in rows)
    prepare = Task.objects.filter(source="transition.prepare")
    assert prepare.exists()
    assert any(r.source == "transition.prepare" for r in task_list(prepare.first().assignee).rows)
    # relatives told: each under consents in force on the day
    told = list(Disclosure.objects.select_related("relative"))
    assert len(told) >= 5
    for d in told[:30]:
        held = set(Consent.objects.filter(relative=d.relative, given_on__lte=d.told_on, withdrawn_on__isnull=True)
                   .values_list("scope", flat=True))
        assert set(d.scopes) <= held
