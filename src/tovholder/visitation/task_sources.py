"""The caseworker's computed tasks on the one task list (todo.sources, ADR 0025-one-task-list): the
case-processing deadlines, the efforts whose follow-up is due, and the citizens with an effort but no
coordinator. Each is a task until the case changes; none is stored. Registered by plugins.py."""

import datetime

from django.urls import reverse

from tovholder.citizens.models import Citizen
from tovholder.todo.sources import ComputedTask, source

from .models import Case, Decision

S = Decision.Status
REVIEW_AHEAD = datetime.timedelta(days=14)  # an effort's follow-up shows this long before it is due


@source("visitation.deadline", "Sagsbehandlingsfrist", perm="visitation.handle_cases")
def deadlines(user, *, today: datetime.date):
    """Applications in the user's cases not yet decided, by their case-processing deadline."""
    for d in (Decision.objects.filter(case__caseworker=user, status=S.REQUESTED, case__status=Case.Status.OPEN)
              .select_related("citizen", "offer").order_by("deadline_on", "pk")):
        yield ComputedTask(title=f"Afgør ansøgningen om {d.offer.name}", due=d.deadline_on,
                           url=reverse("decision_detail", args=[d.pk]), citizen=d.citizen, assignee_id=user.pk,
                           ref=f"visitation.decision:{d.pk}")


@source("visitation.review", "Opfølgning på indsats", perm="visitation.handle_cases")
def reviews(user, *, today: datetime.date):
    """Efforts in force in the user's cases whose follow-up date is past or near."""
    for d in (Decision.objects.filter(case__caseworker=user, status__in=[S.ORDERED, S.ACTIVE],
                                      review_on__lte=today + REVIEW_AHEAD)
              .select_related("citizen", "offer").order_by("review_on", "pk")):
        yield ComputedTask(title=f"Følg op på indsatsen {d.offer.name}", due=d.review_on,
                           url=reverse("decision_detail", args=[d.pk]), citizen=d.citizen, assignee_id=user.pk,
                           ref=f"visitation.decision:{d.pk}")


@source("visitation.without_coordinator", "Borger uden tovholder", perm="citizens.assign_coordinator")
def without_coordinator(user, *, today: datetime.date):
    """Citizens with an effort ordered or running and no coordinator (policy 6.2: never missing): a
    caseworker's own cases; a manager's citizens."""
    citizens = Citizen.objects.filter(coordinator__isnull=True, decisions__status__in=[S.ORDERED, S.ACTIVE])
    if user.has_perm("visitation.handle_cases"):
        citizens = citizens.filter(cases__caseworker=user, cases__status=Case.Status.OPEN)
    else:
        citizens = citizens.filter(pk__in=Citizen.objects.known_to(user).values("pk"))
    for c in citizens.distinct().order_by("last_name", "first_name", "pk"):
        yield ComputedTask(title="Udpeg en tovholder", due=None, url=reverse("citizen_coordinator", args=[c.pk]),
                           citizen=c, assignee_id=user.pk, ref=f"citizens.citizen:{c.pk}")
