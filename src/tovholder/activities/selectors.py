"""Every read of occasions and participations. One citizen's occasions are read after the citizen is
opened (`citizens.selectors.open_citizen` / `open_for_write`, which log); lists of the user's own
occasions log every citizen they show."""

import datetime
from dataclasses import dataclass
from typing import cast

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen
from tovholder.records import int_or_none

from .ledger import start_of
from .models import CalendarToken, Occasion, OccasionStaff, Participation
from .services import token_hash

CALENDAR_BACK = datetime.timedelta(days=30)
CALENDAR_AHEAD = datetime.timedelta(days=366)


def _with_people(qs: QuerySet[Occasion]) -> QuerySet[Occasion]:
    return qs.prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("citizen").order_by("pk")),
        Prefetch("staff_rows", queryset=OccasionStaff.objects.select_related("user").order_by("pk")))


@dataclass
class OccasionRow:
    """An occasion as a list shows it: its named participants the user knows, and how many others."""

    occasion: Occasion
    citizens: list[Citizen]
    participations: list[Participation]
    others: int

    @property
    def citizen(self) -> Citizen | None:
        return self.citizens[0] if len(self.citizens) == 1 and not self.others else None


def _rows(user: Actor, occasions: list[Occasion]) -> list[OccasionRow]:
    known = set(Citizen.objects.known_to(user).filter(
        participations__occasion__in=[o.pk for o in occasions]).values_list("pk", flat=True))
    rows = []
    for o in occasions:
        shown = [p for p in o.participations.all() if p.citizen_id in known]
        others = sum(p.headcount for p in o.participations.all() if p.citizen_id not in known)
        rows.append(OccasionRow(o, cast(list[Citizen], [p.citizen for p in shown]), shown, others))  # all known
    return rows


def my_occasions(user: Actor, *, start: datetime.datetime, end: datetime.datetime) -> list[OccasionRow]:
    """The user's occasions (as staff) starting in [start, end). The caller logs the citizens shown."""
    principal = principal_of(user)
    assert user.is_authenticated
    occasions = list(_with_people(Occasion.objects.filter(
        municipality_id=principal.municipality_id, staff_rows__user=user, starts_at__gte=start, starts_at__lt=end))
        .order_by("starts_at", "pk"))
    return _rows(user, occasions)


def upcoming_for_citizen(citizen: Citizen, *, limit: int = 20) -> list[Participation]:
    """The citizen's participations from today on, with their occasion and staff (the caller has
    opened the citizen)."""
    return list(Participation.objects.filter(
        municipality_id=citizen.municipality_id, citizen=citizen,
        occasion__starts_at__gte=start_of(timezone.localdate()))
        .select_related("occasion").prefetch_related(
            Prefetch("occasion__staff_rows", queryset=OccasionStaff.objects.select_related("user").order_by("pk")))
        .order_by("occasion__starts_at", "pk")[:limit])


def participation_of(citizen: Citizen, participation_id: int | str | None) -> Participation:
    """The citizen's participation with this id (the caller has opened the citizen), or 404."""
    if (pk := int_or_none(participation_id)) is None:
        raise Http404("Aftalen findes ikke.")
    found = (Participation.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, pk=pk)
             .select_related("occasion", "citizen").first())
    if found is None:
        raise Http404("Aftalen findes ikke.")
    return found


def occasion_of(citizen: Citizen, occasion_id: int) -> Occasion:
    """An occasion the citizen takes part in (the caller has opened the citizen), or 404."""
    found = Occasion.objects.filter(municipality_id=citizen.municipality_id, pk=occasion_id,
                                    participations__citizen=citizen).first()
    if found is None:
        raise Http404("Aftalen findes ikke.")
    return found


# --- calendar feed -------------------------------------------------------------------------------

def calendar_token_for(user: Actor) -> CalendarToken | None:
    principal = principal_of(user)
    assert user.is_authenticated
    return CalendarToken.objects.filter(municipality_id=principal.municipality_id, user=user,
                                        revoked_at__isnull=True, expires_at__gt=timezone.now()).first()


def expired_calendar_token_for(user: Actor) -> CalendarToken | None:
    """The user's last address if it ran out (not closed by the user): the page says so."""
    principal = principal_of(user)
    assert user.is_authenticated
    return CalendarToken.objects.filter(municipality_id=principal.municipality_id, user=user,
                                        revoked_at__isnull=True).order_by("-created_at").first()


def calendar_feed(token: str) -> tuple[object, list[OccasionRow]] | None:
    """The occasions for a live calendar token (30 days back, a year ahead), or None. Logged as a read of
    each citizen shown (the feed carries only initials and place)."""
    if not token or len(token) > 100:
        return None
    now = timezone.now()
    row = CalendarToken.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True,
                                       expires_at__gt=now).select_related("user").first()
    if row is None or not row.user.is_active:
        return None
    rows = my_occasions(row.user, start=now - CALENDAR_BACK, end=now + CALENDAR_AHEAD)
    CalendarToken.objects.filter(pk=row.pk).update(last_used_at=now)
    record_list_access(actor=row.user, citizens=[c for r in rows for c in r.citizens],
                       what="Kalender (initialer og sted)")
    return row.user, rows
