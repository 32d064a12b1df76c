"""What visitation plugs in: the citizen overview and timeline, the menu, and what grants use of an
offer's capacity (registered by importing `capacity`)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from tovholder.accounts.principals import Kind, Principal
from tovholder.citizens import scopes
from tovholder.citizens.overview import section
from tovholder.layout import menu

from . import (
    capacity,  # noqa: F401 - registers the grants' use of capacity
    story,
)
from .models import Case, Order

RECENTLY_CLOSED_DAYS = 90


@scopes.extend(Kind.STAFF)
def _cases_and_orders(principal: Principal) -> Q | None:
    """A caseworker knows the citizens of their own open cases, and of those closed in the last
    RECENTLY_CLOSED_DAYS (to write the last note, or reopen a case closed too early); a provider's leader
    those of the orders waiting for their units (ADR 0005)."""
    found = []
    if principal.has_perm("visitation.handle_cases"):
        since = timezone.localdate() - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
        found.append(Q(pk__in=Case.objects.filter(caseworker_id=principal.user.pk).filter(
            Q(status=Case.Status.OPEN) | Q(closed_on__gte=since)).values("citizen_id")))
    if principal.has_perm("visitation.answer_orders"):
        found.append(Q(pk__in=Order.objects.filter(status=Order.Status.SENT, unit_id__in=principal.scope_units())
                       .values("citizen_id")))
    if not found:
        return None
    q = found[0]
    for more in found[1:]:
        q |= more
    return q


menu.add(label="Visitation", url_name="visitation_desk", order=70, perms=("visitation.handle_cases",),
         hides=("direct_help",))
menu.add(label="Hjælp uden visitation", url_name="direct_help", order=70, perms=("visitation.give_direct_help",))
menu.add(label="Ventelister", url_name="waitlists", order=80, perms=("visitation.view_waitlist",))


@section(key="sager", title="Sager og afgørelser", template="visitation/overview_section.html", order=20)
def cases_section(user, citizen) -> dict:
    cases = list(citizen.cases.select_related("caseworker").order_by("-opened_on", "-pk"))
    decisions = list(citizen.decisions.select_related("offer").order_by("-requested_on", "-pk"))
    return {
        "cases": cases[:10],
        "decisions": decisions[:20],
        "can_open_case": user.has_perm("visitation.handle_cases") and not any(c.status == "open" for c in cases),
        "timeline": list(story.items(cases, decisions, story.events(citizen))),
    }
