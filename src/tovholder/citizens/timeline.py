"""The citizen's timeline: dated events from every app. An app that has an overview section gives its
events with the section (`citizens.overview`); an app without one registers a source here."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

EARLIEST = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


class Step:
    """Where an event falls in the story of a day, when several happen on one day (a case opened, the
    citizen assessed, an effort granted and ordered): the order things happen in casework."""
    REQUEST = 10
    CASE_OPENED = 20
    ASSESSMENT = 30
    APPLICATION = 40
    DECISION = 50
    GOAL = 55
    LETTER = 60
    ORDER = 70
    ORDER_ANSWERED = 75
    STARTED = 80
    OTHER = 82
    CHANGE = 85
    FOLLOW_UP = 90
    END_PROPOSED = 92
    ENDED = 95
    CASE_CLOSED = 99


@dataclass(frozen=True)
class TimelineItem:
    day: datetime.date  # when it happened
    kind: str
    text: str
    url: str = ""
    step: int = Step.OTHER
    registered: datetime.datetime | None = None  # when it was typed in, if that is kept

    @property
    def registered_later(self) -> bool:
        """Registered on a later day than it happened (a late registration, or a case brought in from
        paper): the timeline says so."""
        return self.registered is not None and timezone.localdate(self.registered) > self.day


Source = Callable[["object"], Iterable[TimelineItem]]
_sources: list[Source] = []


def source(fn: Source) -> Source:
    _sources.append(fn)
    return fn


def timeline_for(citizen, given: Iterable[TimelineItem] = (), limit: int = 100) -> list[TimelineItem]:
    """The `given` items and those of the registered sources, newest first; within a day in the order of
    the story (`Step`), then as they were registered."""
    items = [*given, *(item for fn in _sources for item in fn(citizen))]
    items.sort(key=lambda i: (i.day, i.step, i.registered or EARLIEST), reverse=True)
    return items[:limit]


def involvement_items(involvements) -> Iterable[TimelineItem]:
    for inv in involvements:
        yield TimelineItem(inv.started_on, "Enhed", f"{inv.unit.name} begyndte at være involveret")
        if inv.ended_on:
            yield TimelineItem(inv.ended_on, "Enhed", f"{inv.unit.name} afsluttede sin involvering")


def disclosure_items(disclosures) -> Iterable[TimelineItem]:
    for d in disclosures:
        scopes = ", ".join(d.scope_labels).lower()
        yield TimelineItem(d.told_on, "Pårørende", f"{d.relative.name} fik oplysninger ({scopes})",
                           registered=d.registered_at)


def consent_items(relatives) -> Iterable[TimelineItem]:
    for relative in relatives:
        for consent in relative.consents.all():
            scope = consent.get_scope_display().lower()
            yield TimelineItem(consent.given_on, "Samtykke", f"Samtykke givet til {relative.name}: {scope}")
            if consent.withdrawn_on:
                yield TimelineItem(consent.withdrawn_on, "Samtykke",
                                   f"Samtykke trukket tilbage for {relative.name}: {scope}")
