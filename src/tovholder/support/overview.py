"""Support's parts of the citizen overview and timeline (registered from SupportConfig.ready)."""

from collections.abc import Iterable

from django.urls import reverse

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem, source

from .hours import danish
from .models import Episode, IntensityChange, Klippekort
from .selectors import support_context


@section(key="forloeb", title="Forløb, intensitet og klippekort", template="support/section_episodes.html",
         order=30)
def episodes_section(user, citizen) -> dict:
    return {"s": support_context(user, citizen)}


@source
def episodes(citizen) -> Iterable[TimelineItem]:
    for e in Episode.objects.filter(citizen=citizen).select_related("offer"):
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
    changes = IntensityChange.objects.filter(citizen=citizen).exclude(reason="Forløbet starter").select_related(
        "episode__offer")
    for c in changes:
        yield TimelineItem(c.starts_on, "Intensitet", f"{c.episode.offer.name}: {c.get_mode_display().lower()}, "
                                                      f"{danish(c.hours_per_week)} t/uge – {c.reason}")


@source
def klippekort(citizen) -> Iterable[TimelineItem]:
    for k in Klippekort.objects.filter(citizen=citizen):
        yield TimelineItem(k.valid_from, "Klippekort", f"Klippekort på {danish(k.hours)} timer, gyldigt til "
                                                       f"{k.valid_until:%d.%m.%Y}")
