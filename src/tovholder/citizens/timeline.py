"""The citizen's timeline: dated events from every app. An app that has an overview section gives its
events with the section (`citizens.overview`); an app without one registers a source here."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TimelineItem:
    day: datetime.date
    kind: str
    text: str
    url: str = ""


Source = Callable[["object"], Iterable[TimelineItem]]
_sources: list[Source] = []


def source(fn: Source) -> Source:
    _sources.append(fn)
    return fn


def timeline_for(citizen, given: Iterable[TimelineItem] = (), limit: int = 100) -> list[TimelineItem]:
    """The `given` items and those of the registered sources, newest first."""
    items = [*given, *(item for fn in _sources for item in fn(citizen))]
    items.sort(key=lambda i: i.day, reverse=True)
    return items[:limit]


def involvement_items(involvements) -> Iterable[TimelineItem]:
    for inv in involvements:
        yield TimelineItem(inv.started_on, "Enhed", f"{inv.unit.name} begyndte at være involveret")
        if inv.ended_on:
            yield TimelineItem(inv.ended_on, "Enhed", f"{inv.unit.name} afsluttede sin involvering")


def consent_items(relatives) -> Iterable[TimelineItem]:
    for relative in relatives:
        for consent in relative.consents.all():
            scope = consent.get_scope_display().lower()
            yield TimelineItem(consent.given_on, "Samtykke", f"Samtykke givet til {relative.name}: {scope}")
            if consent.withdrawn_on:
                yield TimelineItem(consent.withdrawn_on, "Samtykke",
                                   f"Samtykke trukket tilbage for {relative.name}: {scope}")
