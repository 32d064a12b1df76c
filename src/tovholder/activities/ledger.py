"""Reading the ledger of delivered time (figures, no citizen data shown): a citizen's minutes per
participation that attended, a member of staff's minutes once per occasion that was held.

Weeks run Monday to Sunday and are cut at local midnight (computed here, so daylight saving is right)
and summed in the database.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Case, DurationField, ExpressionWrapper, F, IntegerField, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Occasion, OccasionStaff, Participation

WEEK = datetime.timedelta(days=7)


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_bucket(field: str, mondays: list[datetime.date]) -> Case:
    """An expression numbering the week (index into `mondays`) a datetime falls in; -1 outside."""
    bounds = [start_of(m) for m in mondays] + [start_of(mondays[-1] + WEEK)]
    return Case(*[When(**{f"{field}__gte": bounds[i], f"{field}__lt": bounds[i + 1]}, then=Value(i))
                  for i in range(len(mondays))], default=Value(-1), output_field=IntegerField())


def attended(municipality_id: int) -> QuerySet[Participation]:
    """Participations that delivered time: a named citizen attended under an offer."""
    return Participation.objects.filter(municipality_id=municipality_id, status=Participation.Status.ATTENDED,
                                        citizen__isnull=False, offer__isnull=False)


def citizen_minutes_by_day(*, municipality_id: int, citizen_ids: Iterable[int] | QuerySet,
                           since: datetime.date | None = None, until: datetime.date | None = None
                           ) -> list[tuple[int, int, datetime.date, int]]:
    """(citizen, offer, local day, minutes) for the citizens' attended participations, summed per day."""
    qs = attended(municipality_id).filter(citizen_id__in=citizen_ids)
    if since is not None:
        qs = qs.filter(occasion__starts_at__gte=start_of(since))
    if until is not None:
        qs = qs.filter(occasion__starts_at__lt=start_of(until + datetime.timedelta(days=1)))
    rows = (qs.annotate(day=TruncDate("occasion__starts_at", tzinfo=timezone.get_current_timezone()))
            .values("citizen_id", "offer_id", "day").annotate(m=Sum("minutes"))
            .values_list("citizen_id", "offer_id", "day", "m"))
    return [(c, o, d, m or 0) for c, o, d, m in rows]


def staff_minutes_by_week(*, municipality_id: int, mondays: list[datetime.date],
                          user_ids: Iterable[int] | QuerySet | None = None,
                          unit_ids: Iterable[int] | None = None) -> dict[tuple[int, datetime.date], int]:
    """Minutes each member of staff held occasions, per week: an occasion's length, once, however
    many citizens took part. For the given staff, or for every occasion of the given units."""
    bucket = week_bucket("occasion__starts_at", mondays)
    length = ExpressionWrapper(F("occasion__ends_at") - F("occasion__starts_at"), output_field=DurationField())
    qs = OccasionStaff.objects.filter(municipality_id=municipality_id, occasion__status=Occasion.Status.HELD,
                                      occasion__starts_at__gte=start_of(mondays[0]),
                                      occasion__starts_at__lt=start_of(mondays[-1] + WEEK))
    if user_ids is not None:
        qs = qs.filter(user_id__in=user_ids)
    if unit_ids is not None:
        qs = qs.filter(occasion__unit_id__in=unit_ids)
    rows = (qs.annotate(week=bucket).values("user_id", "week").annotate(length=Sum(length))
            .values_list("user_id", "week", "length"))
    return {(user_id, mondays[i]): int(length.total_seconds() // 60) for user_id, i, length in rows
            if i >= 0 and length is not None}
