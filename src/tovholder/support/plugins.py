"""What support plugs in: episodes on the citizen overview and timeline, the worker's day and the
hours in the menu, and the caseload on the start page."""

from collections.abc import Iterable

from django.urls import reverse

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout import formats, menu
from tovholder.layout.panels import panel
from tovholder.retention import registry as retention
from tovholder.visitation.endings import when_effort_ends

from . import (
    services,
    task_sources,  # noqa: F401 - registers the computed tasks on the one task list (todo)
)
from .models import Episode
from .selectors import PERM, caseload, hours_report, intake, support_context

when_effort_ends(services.close_for_ended_effort)

menu.add(label="Min dag", url_name="home", order=50, perms=(PERM,))
menu.add(label="Timer", url_name="support_hours", order=60, perms=("support.view_delivered_hours",))
menu.add(label="Modtagelse", url_name="intake", order=55, perms=("visitation.answer_orders",),
         current=("intake", "order"))


@panel(key="bestillinger", title="Bestillinger der venter", template="support/panel_intake.html", order=5,
       perm="visitation.answer_orders")
def intake_panel(request) -> dict | None:
    found = intake(request.user)
    if not (found.waiting or found.accepted):
        return None
    return {"i": found, "shown": [o.citizen for o in found.waiting + found.accepted]}


@panel(key="sager", title="Mine forløb", template="support/panel_caseload.html", order=40, perm=PERM)
def caseload_panel(request) -> dict:
    load = caseload(request.user, page_number=request.GET.get("side"))
    return {"c": load, "shown": [row.episode.citizen for row in load.page.object_list]}


@panel(key="timer", title="Leverede og bevilgede timer, forløb pr. medarbejder", template="support/panel_hours.html",
       order=30, perm="support.view_delivered_hours")
def hours_panel(request) -> dict:
    """The leader's delivered vs granted hours over the hours page's weeks, per unit, and each worker's
    caseload (figures only: no citizen is named)."""
    return {"r": hours_report(request.user), "shown": []}


@section(key="forloeb", title="Forløb, intensitet og klippekort", template="support/section_episodes.html",
         order=30)
def episodes_section(user, citizen) -> dict:
    view = support_context(user, citizen, with_appointments=False)
    return {"s": view, "timeline": [*_episode_items(citizen, view), *_klippekort_items(view)]}


def _episode_items(citizen, view) -> Iterable[TimelineItem]:
    for ev in view.active + view.past:
        e = ev.episode
        url = reverse("episode", args=[citizen.pk, e.pk])
        granted = e.decision_id is not None  # the effort's start and end are the decision's (visitation)
        if not granted:
            yield TimelineItem(e.started_on, "Forløb", f"{e.offer.name} startede ({e.source_display.lower()})", url,
                               Step.STARTED)
        if e.first_meeting_on:
            yield TimelineItem(e.first_meeting_on, "Forløb", f"Første møde og forventningsafstemning: {e.offer.name}",
                               url)
        if e.ended_on and not granted:
            yield TimelineItem(e.ended_on, "Forløb", f"{e.offer.name} sluttede: {e.get_end_reason_display().lower()}",
                               url, Step.ENDED)
        for c in ev.changes:
            if c.reason != "Forløbet starter":
                yield TimelineItem(c.starts_on, "Intensitet", f"{e.offer.name}: {c.get_mode_display().lower()}, "
                                                              f"{formats.hours(c.hours_per_week)} t/uge – {c.reason}",
                                   step=Step.CHANGE)


def _klippekort_items(view) -> Iterable[TimelineItem]:
    for k in view.klippekort:
        text = f"Klippekort på {formats.hours(k.card.hours)} timer, gyldigt til {formats.day(k.card.valid_until)}"
        yield TimelineItem(k.card.valid_from, "Klippekort", text)


@retention.kind("episode", "Forløb (støtte)")
def _episodes_end(municipality_id: int) -> dict:
    """When each citizen's last support episode ended; None while one runs."""
    ends: dict = {}
    for citizen_id, ended_on in Episode.objects.filter(municipality_id=municipality_id).values_list(
            "citizen_id", "ended_on"):
        if ended_on is None:
            ends[citizen_id] = None
        elif ends.get(citizen_id, ended_on) is not None:
            ends[citizen_id] = max(ends.get(citizen_id, ended_on), ended_on)
    return ends
