"""The worker's computed tasks on the one task list (todo.sources, ADR 0025-one-task-list): the citizen's
goals whose follow-up is past or near, for the worker responsible or, without one, the coordinator.
Registered by plugins.py."""

import datetime

from django.db.models import Q
from django.urls import reverse

from tovholder.citizens.models import Citizen
from tovholder.todo.sources import ComputedTask, source

from .models import Goal
from .selectors import PERM

AHEAD = datetime.timedelta(days=7)  # as the start page's panel of follow-ups


@source("plans.follow_up", "Opfølgning på mål", perm=PERM)
def follow_ups(user, *, today: datetime.date):
    goals = (Goal.objects.filter(Q(responsible=user) | Q(responsible__isnull=True, citizen__coordinator=user),
                                 status=Goal.Status.ACTIVE, next_follow_up_on__lte=today + AHEAD,
                                 citizen__in=Citizen.objects.known_to(user).values("pk"))
             .select_related("citizen").order_by("next_follow_up_on", "pk"))
    for g in goals:
        text = g.text if len(g.text) <= 60 else g.text[:59] + "…"
        yield ComputedTask(title=f"Følg op på målet »{text}«", due=g.next_follow_up_on,
                           url=reverse("goal_follow_up", args=[g.citizen_id, g.pk]), citizen=g.citizen,
                           assignee_id=user.pk, ref=f"plans.goal:{g.pk}")
