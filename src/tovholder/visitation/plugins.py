"""What visitation plugs in: the citizen overview and timeline, the menu, and what grants use of an
offer's capacity (registered by importing `capacity`)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from tovholder.accounts.principals import Kind, Principal
from tovholder.citizens import disclosure, scopes
from tovholder.citizens.models import Consent
from tovholder.citizens.overview import section
from tovholder.layout import formats, menu
from tovholder.layout.panels import panel
from tovholder.retention import registry as retention

from . import (
    capacity,  # noqa: F401 - registers the grants' use of capacity
    story,
    task_sources,  # noqa: F401 - registers the computed tasks on the one task list (todo)
)
from .models import Case, Decision, Order
from .selectors import desk_figures, waitlists

RECENTLY_CLOSED_DAYS = 90


@scopes.extend(Kind.STAFF)
def _cases_and_orders(principal: Principal) -> Q | None:
    """A caseworker knows the citizens of their own open cases, and of those closed in the last
    RECENTLY_CLOSED_DAYS (to write the last note, or reopen a case closed too early); a provider's leader
    those of the orders waiting for their units (ADR 0005)."""
    found = []
    if principal.has_perm("visitation.handle_cases"):
        since = timezone.localdate() - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
        found.append(Q(pk__in=Case.objects.filter(municipality_id=principal.municipality_id,
                                                  caseworker_id=principal.user.pk).filter(
            Q(status=Case.Status.OPEN) | Q(closed_on__gte=since)).values("citizen_id")))
    if principal.has_perm("visitation.answer_orders"):
        found.append(Q(pk__in=Order.objects.filter(municipality_id=principal.municipality_id, status=Order.Status.SENT,
                                                   unit_id__in=principal.scope_units())
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


@panel(key="frister", title="Sagsbehandling: frister, henvendelser og tovholdere", order=3,
       template="visitation/panel_desk.html", perm="visitation.handle_cases")
def desk_panel(request) -> dict:
    """The caseworker's desk counted: each figure links to its list on the desk."""
    figures = desk_figures(request.user)
    return {"f": figures, "shown": [d.citizen for d in figures.overdue_rows]}


@panel(key="kapacitet", title="Ventelister og kapacitet", template="visitation/panel_capacity.html", order=60,
       perm="visitation.view_waitlist")
def capacity_panel(request) -> dict:
    """Per offer: its capacity filled, its waitlist with the trend, and the requests past their deadline
    (figures only, no names)."""
    queues = waitlists(request.user)
    return {"queues": queues, "waiting": sum(q.waiting for q in queues), "overdue": sum(q.overdue for q in queues),
            "warnings": [q for q in queues if q.capacity.warning], "shown": []}


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


@retention.kind("case", "Sager (visitation)")
def _cases_end(municipality_id: int) -> dict:
    """When each citizen's last case closed; None while a case is open (retention counts from the closing)."""
    ends: dict = {}
    for citizen_id, status, closed_on in Case.objects.filter(municipality_id=municipality_id).values_list(
            "citizen_id", "status", "closed_on"):
        if status == Case.Status.OPEN or closed_on is None:
            ends[citizen_id] = None
        elif ends.get(citizen_id, closed_on) is not None:
            ends[citizen_id] = max(ends.get(citizen_id, closed_on), closed_on)
    return ends


@disclosure.part(key="efforts", scope=Consent.Scope.GENERAL, title="Indsatser", order=20)
def efforts(user, citizen) -> list[str]:
    """The efforts granted and in force (the offer, since when): what a relative may hear of in general."""
    rows = (Decision.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                    status__in=[Decision.Status.GRANTED, Decision.Status.ORDERED,
                                                Decision.Status.ACTIVE])
            .select_related("offer").order_by("start_on", "pk"))
    return [f"{d.offer.name} ({d.get_status_display().lower()}" + (f", fra {formats.day(d.start_on)})" if d.start_on
                                                                  else ")") for d in rows]
