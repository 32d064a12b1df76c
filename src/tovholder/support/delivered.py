"""What the ledger of delivered time (activities) delivered to each episode.

A citizen's attended participation counts toward the citizen's episode in the offer the time was
delivered under, on the day it happened: the episode running that day (the latest started, if two
touch the same day). Time under an offer in which the citizen had no episode that day counts toward
no episode. So an episode registered later with the date it really started takes the time already
recorded — dates as they happened.
"""

import datetime
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from tovholder.activities.ledger import citizen_minutes_by_day, monday

from .models import Episode, Klippekort


@dataclass(frozen=True)
class Span:
    pk: int
    citizen_id: int
    offer_id: int
    started_on: datetime.date
    ended_on: datetime.date | None


def spans(episodes: QuerySet[Episode]) -> list[Span]:
    return [Span(*row) for row in episodes.values_list("pk", "citizen_id", "offer_id", "started_on", "ended_on")]


def _attribute(all_spans: list[Span], rows) -> list[tuple[int, datetime.date, int]]:
    """(episode, day, minutes) for ledger rows (citizen, offer, day, minutes) that fall in an episode."""
    by_key: dict[tuple[int, int], list[Span]] = defaultdict(list)
    for span in all_spans:
        by_key[(span.citizen_id, span.offer_id)].append(span)
    starts: dict[tuple[int, int], list[datetime.date]] = {}
    for key, items in by_key.items():
        items.sort(key=lambda s: (s.started_on, s.pk))
        starts[key] = [s.started_on for s in items]
    out = []
    for citizen_id, offer_id, day, minutes in rows:
        key = (citizen_id, offer_id)
        if key not in by_key:
            continue
        i = bisect_right(starts[key], day) - 1
        # the latest started episode on or before the day; earlier ones if it had already ended
        while i >= 0:
            span = by_key[key][i]
            if span.ended_on is None or span.ended_on >= day:
                out.append((span.pk, day, minutes))
                break
            i -= 1
    return out


def _attributed(episodes: QuerySet[Episode], municipality_id: int, since: datetime.date | None,
                until: datetime.date | None, pks=None) -> list[tuple[int, datetime.date, int]]:
    """(episode, day, minutes) for the episodes in `episodes` (whose pks the caller may know already).
    Every episode of their citizens takes part in the attribution, so a day is given to the right episode
    whatever the selection."""
    citizens = episodes.values("citizen_id")
    wanted = set(pks) if pks is not None else set(episodes.values_list("pk", flat=True))
    if not wanted:
        return []
    context = spans(Episode.objects.filter(municipality_id=municipality_id, citizen_id__in=citizens))
    rows = citizen_minutes_by_day(municipality_id=municipality_id, citizen_ids=citizens, since=since, until=until)
    return [row for row in _attribute(context, rows) if row[0] in wanted]


def delivered_to_citizen(citizen, episodes: list[Episode]) -> dict[int, int]:
    """Minutes delivered to each of one citizen's episodes, all of them already read."""
    all_spans = [Span(e.pk, e.citizen_id, e.offer_id, e.started_on, e.ended_on) for e in episodes]
    rows = citizen_minutes_by_day(municipality_id=citizen.municipality_id, citizen_ids=[citizen.pk])
    totals: dict[int, int] = defaultdict(int)
    for episode_id, _day, minutes in _attribute(all_spans, rows):
        totals[episode_id] += minutes
    return dict(totals)


def delivered_minutes(episodes: QuerySet[Episode], *, municipality_id: int,
                      since: datetime.date | None = None, until: datetime.date | None = None) -> dict[int, int]:
    """Minutes delivered to each episode (between `since` and `until`, if given)."""
    totals: dict[int, int] = defaultdict(int)
    for episode_id, _day, minutes in _attributed(episodes, municipality_id, since, until):
        totals[episode_id] += minutes
    return dict(totals)


def delivered_minutes_by_week(episodes: QuerySet[Episode], *, municipality_id: int, mondays: list[datetime.date],
                              pks=None) -> dict[tuple[int, datetime.date], int]:
    """Minutes delivered to each episode per week (keyed by the week's Monday)."""
    if not mondays:
        return {}
    weeks: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for episode_id, day, minutes in _attributed(episodes, municipality_id, mondays[0],
                                                 mondays[-1] + datetime.timedelta(days=6), pks):
        weeks[(episode_id, monday(day))] += minutes
    return dict(weeks)


def klippekort_balance(card: Klippekort) -> Decimal:
    """Hours left: the card's hours minus what episodes on the card have delivered."""
    minutes = sum(delivered_minutes(card.episodes.all(), municipality_id=card.municipality_id).values())
    return card.hours - (Decimal(minutes) / 60).quantize(Decimal("0.1"))
