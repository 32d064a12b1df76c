"""The provider's computed tasks on the one task list (todo.sources, ADR 0025-one-task-list): orders waiting
for the unit's acceptance (the team's, for its leader), and orders accepted where the worker is the contact
person and the episode is not yet started. Registered by plugins.py."""

import datetime

from django.urls import reverse

from tovholder.accounts.principals import principal_of
from tovholder.todo.sources import ComputedTask, source
from tovholder.visitation.models import Order

from .selectors import ANSWER, PERM


@source("support.order_waiting", "Bestilling venter på modtagelse", perm=ANSWER)
def orders_waiting(user, *, today: datetime.date):
    principal = principal_of(user)
    for o in (Order.objects.filter(municipality_id=principal.municipality_id, status=Order.Status.SENT,
                                   unit_id__in=principal.scope_unit_ids)
              .select_related("citizen", "decision__offer").order_by("ordered_on", "pk")):
        yield ComputedTask(title=f"Modtag bestillingen af {o.decision.offer.name}", due=o.ordered_on,
                           url=reverse("order", args=[o.pk]), citizen=o.citizen, team_id=o.unit_id,
                           detail="Bestilt; venter på, at enheden modtager den og udpeger en kontaktperson.",
                           ref=f"visitation.order:{o.pk}")


@source("support.order_accepted", "Forløb der skal startes", perm=PERM)
def orders_to_start(user, *, today: datetime.date):
    for o in (Order.objects.filter(status=Order.Status.ACCEPTED, contact_person=user)
              .select_related("citizen", "decision__offer").order_by("ordered_on", "pk")):
        yield ComputedTask(title=f"Start forløbet ({o.decision.offer.name})",
                           due=o.decision.start_on or o.answered_on or o.ordered_on,
                           url=reverse("order", args=[o.pk]), citizen=o.citizen, assignee_id=user.pk,
                           ref=f"visitation.order:{o.pk}")
