"""Every read in support. One citizen's data goes through `citizens.selectors.open_citizen`
(need to know, break the glass, access event); lists filter by `citizens.rules.need_to_know` and log
every citizen they show."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import principal_of
from tovholder.audit.services import record_list_access
from tovholder.citizens.gate import knows
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.plans.models import Goal
from tovholder.plans.selectors import follow_ups_due, overdue_by_responsible

from . import hours as h
from .models import DELIVERED_KINDS, Appointment, CalendarToken, Episode, IntensityChange, Klippekort
from .services import token_hash

FOLLOW_UP_HORIZON = datetime.timedelta(days=7)
NOTES_TO_WRITE_DAYS = 30
CASELOAD_PAGE = 50


def _log(user, citizens, what: str) -> None:
    seen, unique = set(), []
    for c in citizens:
        if c.pk not in seen:
            seen.add(c.pk)
            unique.append(c)
    record_list_access(actor=user, citizens=unique, what=what)


def _now():
    return timezone.now()


# --- one citizen -------------------------------------------------------------------------------

def open_for_work(user, citizen_id: int, *, what: str) -> Citizen:
    """Open a citizen to change their support (the write gate's page-side twin)."""
    return open_for_write(user, citizen_id, what=what, perm="support.provide_support")


def _delivered_by_episode(episodes, since: datetime.date | None = None) -> dict[int, int]:
    from tovholder.journal.models import Note

    qs = Note.objects.filter(episode__in=episodes, replaced_by__isnull=True, kind__in=DELIVERED_KINDS)
    if since is not None:
        qs = qs.filter(occurred_at__gte=_start_of(since))
    return dict(qs.values_list("episode_id").annotate(m=Sum("minutes")).values_list("episode_id", "m"))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def klippekort_balance(card: Klippekort) -> Decimal:
    """Hours left: the card's hours minus what episodes on the card have delivered."""
    minutes = sum(_delivered_by_episode(card.episodes.all()).values())
    return card.hours - (Decimal(minutes) / 60).quantize(Decimal("0.1"))


@dataclass
class KlippekortView:
    card: Klippekort
    balance: Decimal
    usable: bool
    in_use: bool


def klippekort_views(citizen: Citizen, today: datetime.date) -> list[KlippekortView]:
    out = []
    for card in Klippekort.objects.filter(citizen=citizen).select_related("from_episode__offer"):
        balance = klippekort_balance(card)
        in_use = card.episodes.filter(ended_on__isnull=True).exists()
        out.append(KlippekortView(card, balance, card.valid_on(today) and balance > 0 and not in_use, in_use))
    return out


@dataclass
class EpisodeView:
    episode: Episode
    changes: list[IntensityChange]
    delivered_hours: Decimal
    weeks: list[h.WeekHours] = field(default_factory=list)


def _span(episode: Episode, changes) -> h.EpisodeSpan:
    granted = episode.decision.hours_per_week if episode.decision_id else None
    return h.EpisodeSpan(episode.pk, episode.started_on, episode.ended_on, granted,
                         [h.Step(c.starts_on, c.hours_per_week) for c in changes])


@dataclass
class SupportOverview:
    citizen: Citizen
    read_only: bool
    active: list[EpisodeView]
    past: list[EpisodeView]
    klippekort: list[KlippekortView]
    appointments: list[Appointment]
    today: datetime.date


def _episode_views(citizen: Citizen) -> list[EpisodeView]:
    episodes = list(Episode.objects.filter(citizen=citizen).select_related("offer", "worker", "unit", "decision")
                    .prefetch_related("intensity_changes").order_by("-started_on", "-pk"))
    delivered = _delivered_by_episode([e.pk for e in episodes])
    return [EpisodeView(e, list(e.intensity_changes.all()),
                        (Decimal(delivered.get(e.pk, 0)) / 60).quantize(Decimal("0.1"))) for e in episodes]


def support_context(user, citizen: Citizen) -> SupportOverview:
    """Everything support shows about one citizen. Call only after `open_citizen` (the overview's
    sections) or through `citizen_support`, which opens and logs."""
    today = timezone.localdate()
    episodes = _episode_views(citizen)
    read_only = not (user.has_perm("support.provide_support") and knows(user, citizen))
    appointments = list(Appointment.objects.filter(citizen=citizen, starts_at__gte=_start_of(today))
                        .select_related("worker").order_by("starts_at")[:20])
    active = [e for e in episodes if e.episode.is_active]
    past = [e for e in episodes if not e.episode.is_active]
    return SupportOverview(citizen, read_only, active, past, klippekort_views(citizen, today), appointments, today)


def citizen_support(user, citizen_id: int) -> SupportOverview:
    citizen, _grant = open_citizen(user, citizen_id, what="Forløb og aftaler")
    return support_context(user, citizen)


def episode_detail(user, citizen_id: int, episode_id: int, *, weeks: int = 12) -> EpisodeView:
    citizen, _grant = open_citizen(user, citizen_id, what="Forløb")
    episode = (Episode.objects.filter(citizen=citizen, municipality=citizen.municipality, pk=episode_id)
               .select_related("offer", "worker", "unit", "decision", "klippekort").first())
    if episode is None:
        raise Http404("Forløbet findes ikke.")
    changes = list(episode.intensity_changes.select_related("by").order_by("starts_on", "pk"))
    view = EpisodeView(episode, changes, Decimal(0))
    today = timezone.localdate()
    last_day = min(today, episode.ended_on or today)
    mondays = h.weeks_back(last_day, weeks)
    mondays = [m for m in mondays if m + datetime.timedelta(days=6) >= episode.started_on]
    minutes = _minutes_by_week([episode.pk], mondays[0] if mondays else last_day)
    span = _span(episode, changes)
    view.weeks = [h.week_hours(span, m, today, minutes.get((episode.pk, m), 0)) for m in mondays]
    view.delivered_hours = (Decimal(sum(_delivered_by_episode([episode.pk]).values())) / 60).quantize(Decimal("0.1"))
    return view


def _minutes_by_week(episode_ids_or_qs, since: datetime.date) -> dict[tuple[int, datetime.date], int]:
    """Delivered minutes per (episode, Monday) from the Monday `since` to this week. The weeks are cut at
    local midnight (computed here, so daylight saving is right) and summed in the database."""
    from tovholder.journal.models import Note

    mondays = []
    week = h.monday(since)
    while week <= timezone.localdate():
        mondays.append(week)
        week += datetime.timedelta(days=7)
    bounds = [_start_of(m) for m in mondays] + [_start_of(mondays[-1] + datetime.timedelta(days=7))]
    bucket = Case(*[When(occurred_at__gte=bounds[i], occurred_at__lt=bounds[i + 1], then=Value(i))
                    for i in range(len(mondays))], default=Value(-1), output_field=IntegerField())
    rows = (Note.objects.filter(episode__in=episode_ids_or_qs, replaced_by__isnull=True, kind__in=DELIVERED_KINDS,
                                occurred_at__gte=bounds[0], occurred_at__lt=bounds[-1])
            .annotate(week=bucket).values("episode_id", "week").annotate(m=Sum("minutes"))
            .values_list("episode_id", "week", "m"))
    return {(episode_id, mondays[i]): minutes or 0 for episode_id, i, minutes in rows if i >= 0}


def episode_for_work(user, citizen_id: int, episode_id: int, *, what: str) -> Episode:
    citizen = open_for_work(user, citizen_id, what=what)
    episode = Episode.objects.filter(citizen=citizen, municipality=citizen.municipality, pk=episode_id).select_related(
        "citizen", "offer", "decision", "worker").first()
    if episode is None:
        raise Http404("Forløbet findes ikke.")
    return episode


def appointment_for_work(user, citizen_id: int, appointment_id: int, *, what: str) -> Appointment:
    citizen = open_for_work(user, citizen_id, what=what)
    appointment = Appointment.objects.filter(citizen=citizen, municipality=citizen.municipality,
                                             pk=appointment_id).select_related("citizen", "worker").first()
    if appointment is None:
        raise Http404("Aftalen findes ikke.")
    return appointment


def klippekort_for_work(user, citizen_id: int, card_id: int) -> Klippekort:
    citizen = open_for_work(user, citizen_id, what="Klippekort (brug)")
    card = Klippekort.objects.filter(citizen=citizen, municipality=citizen.municipality, pk=card_id).select_related(
        "citizen", "from_episode").first()
    if card is None:
        raise Http404("Klippekortet findes ikke.")
    return card


def usable_decisions(citizen: Citizen):
    from tovholder.visitation.models import Decision

    return (Decision.objects.filter(citizen=citizen, municipality=citizen.municipality,
                                    status__in=[Decision.Status.GRANTED, Decision.Status.ORDERED,
                                                Decision.Status.ACTIVE])
            .exclude(pk__in=Episode.objects.filter(ended_on__isnull=True, decision__isnull=False)
                     .values("decision_id"))
            .select_related("offer"))


# --- the worker's day --------------------------------------------------------------------------

@dataclass
class CaseloadRow:
    episode: Episode
    granted: Decimal | None
    delivered_week: Decimal
    delivered_4_weeks: Decimal


@dataclass
class WorkersDay:
    today: datetime.date
    today_appointments: list[Appointment]
    week_appointments: list[Appointment]
    follow_ups: list[Goal]
    notes_to_write: list[Appointment]
    caseload: Page
    hours_week: h.WeekHours


def _appointments(user, start: datetime.datetime, end: datetime.datetime):
    profile = principal_of(user)
    return list(Appointment.objects.filter(municipality=profile.municipality, worker=user, starts_at__gte=start,
                                           starts_at__lt=end, citizen__in=Citizen.objects.known_to(user))
                .select_related("citizen").order_by("starts_at", "pk"))


def notes_to_write(user, *, limit: int = 50) -> list[Appointment]:
    """The user's past, not cancelled appointments (last 30 days) with no journal note yet."""
    profile = principal_of(user)
    now = _now()
    return list(Appointment.objects.filter(
        municipality=profile.municipality, worker=user, status=Appointment.Status.PLANNED, ends_at__lt=now,
        ends_at__gte=now - datetime.timedelta(days=NOTES_TO_WRITE_DAYS), notes__isnull=True,
        citizen__in=Citizen.objects.known_to(user),
    ).select_related("citizen").order_by("-starts_at")[:limit])


def workers_day(user, *, page_number=None) -> WorkersDay:
    today = timezone.localdate()
    start_today = _start_of(today)
    week_start = _start_of(h.monday(today))
    week_end = week_start + datetime.timedelta(days=7)
    all_week = _appointments(user, week_start, week_end)
    today_list = [a for a in all_week if start_today <= a.starts_at < start_today + datetime.timedelta(days=1)]
    rest = [a for a in all_week if a not in today_list]
    follow_ups = follow_ups_due(user, until=today + FOLLOW_UP_HORIZON)
    to_write = notes_to_write(user)
    episodes = (Episode.objects.filter(worker=user, ended_on__isnull=True,
                                       municipality=principal_of(user).municipality,
                                       citizen__in=Citizen.objects.known_to(user))
                .select_related("citizen", "offer", "decision")
                .order_by("citizen__last_name", "citizen__first_name", "pk"))
    page = Paginator(episodes, CASELOAD_PAGE).get_page(page_number)
    shown = list(page.object_list)
    this_week = h.monday(today)
    four_weeks = this_week - datetime.timedelta(weeks=3)
    minutes = _minutes_by_week([e.pk for e in shown], four_weeks)
    rows = []
    for e in shown:
        week = minutes.get((e.pk, this_week), 0)
        last4 = sum(m for (eid, _w), m in minutes.items() if eid == e.pk)
        rows.append(CaseloadRow(e, e.granted_hours, h.rounded(Decimal(week) / 60), h.rounded(Decimal(last4) / 60)))
    page.object_list = rows
    hours_week = _hours_for(Episode.objects.filter(worker=user, municipality=principal_of(user).municipality),
                            [this_week], today).weeks[0]
    _log(user, [a.citizen for a in all_week] + [g.citizen for g in follow_ups] + [a.citizen for a in to_write]
         + [e.citizen for e in shown], "Min dag")
    return WorkersDay(today, today_list, rest, follow_ups, to_write, page, hours_week)


# --- delivered vs granted ------------------------------------------------------------------------

@dataclass
class HoursTable:
    weeks: list[h.WeekHours]
    by_worker: dict = field(default_factory=dict)  # worker -> [WeekHours]
    by_unit: dict = field(default_factory=dict)  # unit -> [WeekHours]


def _hours_for(episodes_qs, mondays: list[datetime.date], today: datetime.date) -> HoursTable:
    """Granted, planned and delivered hours per week over the episodes, in total, per worker and per
    unit, in one pass."""
    first, last = mondays[0], mondays[-1] + datetime.timedelta(days=6)
    scope = episodes_qs.filter(started_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    episodes = list(scope.values_list("pk", "started_on", "ended_on", "decision__hours_per_week", "worker_id",
                                      "unit_id"))
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={e[4] for e in episodes})}
    units = {u.pk: u for u in Unit.objects.filter(pk__in={e[5] for e in episodes if e[5]})}
    steps: dict[int, list[h.Step]] = defaultdict(list)
    for episode_id, starts_on, hours in (IntensityChange.objects.filter(episode__in=scope.values("pk"))
                                         .order_by("starts_on", "pk")
                                         .values_list("episode_id", "starts_on", "hours_per_week")):
        steps[episode_id].append(h.Step(starts_on, hours))
    minutes = _minutes_by_week(scope.values("pk"), first)
    table = HoursTable([h.WeekHours(m) for m in mondays])
    for pk, started_on, ended_on, granted, worker_id, unit_id in episodes:
        span = h.EpisodeSpan(pk, started_on, ended_on, granted, steps[pk])
        by_worker = table.by_worker.setdefault(users[worker_id], [h.WeekHours(m) for m in mondays])
        by_unit = table.by_unit.setdefault(units.get(unit_id), [h.WeekHours(m) for m in mondays])
        for i, monday in enumerate(mondays):
            row = h.week_hours(span, monday, today, minutes.get((pk, monday), 0))
            table.weeks[i].add(row)
            by_worker[i].add(row)
            by_unit[i].add(row)
    return table


@dataclass
class HoursReport:
    title: str
    weeks: list[h.WeekHours]
    total: h.WeekHours
    by_worker: list[tuple[object, h.WeekHours, int]]  # worker, total over the period, overdue follow-ups
    by_unit: list[tuple[object, h.WeekHours]]
    units: list[Unit]
    unit: Unit | None
    whole_scope: bool


def hours_report(user, *, unit_id: int | None = None, weeks: int = 8) -> HoursReport:
    """Delivered vs granted hours per week, per team and per worker: a manager for the units in scope
    (or one of them), a worker for their own episodes. Figures only, no citizen data."""
    profile = principal_of(user)
    today = timezone.localdate()
    mondays = h.weeks_back(today, weeks)
    episodes = Episode.objects.filter(municipality=profile.municipality)
    units: list[Unit] = []
    unit = None
    if user.has_perm("support.view_delivered_hours"):
        scope = profile.scope_unit_ids
        units = list(Unit.objects.filter(pk__in=scope, kind__in=[Unit.Kind.TEAM, Unit.Kind.CENTRE,
                                                                 Unit.Kind.HOUSING]).order_by("name"))
        if unit_id is not None:
            unit = next((u for u in units if u.pk == unit_id), None)
            if unit is None:
                raise Http404("Enheden findes ikke i dit område.")
            episodes = episodes.filter(unit=unit)
            title = unit.name
        else:
            episodes = episodes.filter(unit_id__in=scope)
            title = "Alle enheder i dit område"
    elif user.has_perm("support.provide_support"):
        episodes = episodes.filter(worker=user)
        title = "Dine forløb"
    else:
        raise PermissionDenied("Din rolle giver ikke adgang til timeopgørelsen.")
    table = _hours_for(episodes, mondays, today)
    workers = [w.pk for w in table.by_worker]
    overdue = overdue_by_responsible(profile.municipality, workers, today)
    by_worker = sorted(((w, h.total(r), overdue.get(w.pk, 0)) for w, r in table.by_worker.items()),
                       key=lambda t: (t[0].last_name, t[0].first_name, t[0].pk))
    by_unit = sorted(((u, h.total(r)) for u, r in table.by_unit.items() if u is not None), key=lambda t: t[0].name)
    return HoursReport(title, table.weeks, h.total(table.weeks), by_worker, by_unit, units, unit, unit is None)


# --- calendar feed -------------------------------------------------------------------------------

def calendar_token_for(user) -> CalendarToken | None:
    profile = principal_of(user)
    return CalendarToken.objects.filter(municipality=profile.municipality, user=user,
                                        revoked_at__isnull=True).first()


def calendar_feed(token: str) -> tuple[object, list[Appointment]] | None:
    """The appointments for a live calendar token (30 days back, a year ahead), or None. Logged as a
    read of each citizen shown (the feed carries only initials and place)."""
    if not token or len(token) > 100:
        return None
    row = CalendarToken.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True).select_related(
        "user").first()
    if row is None or not row.user.is_active:
        return None
    now = _now()
    appointments = list(Appointment.objects.filter(
        municipality=row.municipality, worker=row.user, starts_at__gte=now - datetime.timedelta(days=30),
        starts_at__lte=now + datetime.timedelta(days=366)).select_related("citizen").order_by("starts_at"))
    CalendarToken.objects.filter(pk=row.pk).update(last_used_at=now)
    _log(row.user, [a.citizen for a in appointments], "Kalender (initialer og sted)")
    return row.user, appointments
