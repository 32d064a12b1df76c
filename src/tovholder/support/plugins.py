"""What support plugs in: episodes on the citizen overview and timeline, the worker's day and the
hours in the menu, and the caseload on the start page."""

from collections.abc import Iterable

from django.urls import reverse

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem, source
from tovholder.layout import menu
from tovholder.layout.panels import panel

from .hours import danish
from .models import Episode, IntensityChange, Klippekort
from .selectors import PERM, caseload, support_context

menu.add(label="Min dag", url_name="home", order=50, perms=(PERM,))
menu.add(label="Timer", url_name="support_hours", order=60, perms=("support.view_delivered_hours",))


@panel(key="sager", title="Mine forløb", template="support/panel_caseload.html", order=40, perm=PERM)
def caseload_panel(request) -> dict:
    load = caseload(request.user, page_number=request.GET.get("side"))
    return {"c": load, "shown": [row.episode.citizen for row in load.page.object_list]}


@section(key="forloeb", title="Forløb, intensitet og klippekort", template="support/section_episodes.html",
         order=30)
def episodes_section(user, citizen) -> dict:
    return {"s": support_context(user, citizen)}


@source
def episodes(citizen) -> Iterable[TimelineItem]:
    for e in Episode.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id
                                    ).select_related("offer"):
        url = reverse("episode", args=[citizen.pk, e.pk])
        yield TimelineItem(e.started_on, "Forløb", f"{e.offer.name} startede ({e.source_display.lower()})", url)
        if e.first_meeting_on:
            yield TimelineItem(e.first_meeting_on, "Forløb", f"Første møde og forventningsafstemning: {e.offer.name}",
                               url)
        if e.ended_on:
            yield TimelineItem(e.ended_on, "Forløb", f"{e.offer.name} sluttede: {e.get_end_reason_display().lower()}",
                               url)


@source
def intensity(citizen) -> Iterable[TimelineItem]:
    changes = IntensityChange.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id).exclude(
        reason="Forløbet starter").select_related("episode__offer")
    for c in changes:
        yield TimelineItem(c.starts_on, "Intensitet", f"{c.episode.offer.name}: {c.get_mode_display().lower()}, "
                                                      f"{danish(c.hours_per_week)} t/uge – {c.reason}")


@source
def klippekort(citizen) -> Iterable[TimelineItem]:
    for k in Klippekort.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id):
        yield TimelineItem(k.valid_from, "Klippekort", f"Klippekort på {danish(k.hours)} timer, gyldigt til "
                                                       f"{k.valid_until:%d.%m.%Y}")
