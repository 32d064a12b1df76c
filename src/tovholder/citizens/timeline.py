"""The citizen's timeline. Each app registers a source that yields its dated items;
later features (decisions, episodes, notes …) add their own sources here."""

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


def timeline_for(citizen, limit: int = 100) -> list[TimelineItem]:
    items = [item for fn in _sources for item in fn(citizen)]
    items.sort(key=lambda i: i.day, reverse=True)
    return items[:limit]


@source
def involvements(citizen) -> Iterable[TimelineItem]:
    for inv in citizen.involvements.select_related("unit"):
        yield TimelineItem(inv.started_on, "Enhed", f"{inv.unit.name} begyndte at være involveret")
        if inv.ended_on:
            yield TimelineItem(inv.ended_on, "Enhed", f"{inv.unit.name} afsluttede sin involvering")


@source
def consents(citizen) -> Iterable[TimelineItem]:
    for consent in citizen.consents.select_related("relative"):
        scope = consent.get_scope_display().lower()
        yield TimelineItem(consent.given_on, "Samtykke", f"Samtykke givet til {consent.relative.name}: {scope}")
        if consent.withdrawn_on:
            yield TimelineItem(
                consent.withdrawn_on, "Samtykke", f"Samtykke trukket tilbage for {consent.relative.name}: {scope}"
            )
