"""Every read of Ungeindsats. One young person through `open_citizen` / `open_for_write` (need to know,
access event); the list through `Citizen.objects.known_to` with every citizen logged; the manager's
quarterly shares are counts without names."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen, Consent, Relative
from tovholder.citizens.selectors import open_citizen
from tovholder.plans.models import Goal
from tovholder.visitation.models import Decision

from .models import JointMeeting, Move, Programme, Status, StatusEntry
from .programme import EDUCATION_JOB_CONDITIONS, IN_FORCE, S, is_education_goal, mentor_effort, programme_of

FIGURES = "outcomes.view_outcome_figures"
LIST_LIMIT = 500


@dataclass
class Row:
    citizen: Citizen
    effort: Decision
    status: StatusEntry | None
    has_goal: bool
    last_meeting: datetime.date | None


def young_people(user: Actor) -> tuple[Programme | None, list[Row]]:
    """The young people in the programme the user knows, with their latest status, whether the plan has
    its education/job goal, and the last joint meeting."""
    assert user.is_authenticated
    programme = programme_of(principal_of(user).municipality_id)
    if programme is None:
        return None, []
    efforts = list(Decision.objects.filter(
        offer_id=programme.offer_id, status__in=IN_FORCE, citizen__in=Citizen.objects.known_to(user))
        .select_related("citizen").order_by("citizen__last_name", "citizen__first_name", "pk")[:LIST_LIMIT])
    ids = [d.citizen_id for d in efforts]
    latest: dict[int, StatusEntry] = {}
    for entry in StatusEntry.objects.filter(citizen_id__in=ids).order_by("since", "pk"):
        latest[entry.citizen_id] = entry
    goals = set(Goal.objects.filter(citizen_id__in=ids, status=Goal.Status.ACTIVE,
                                    condition__in=EDUCATION_JOB_CONDITIONS).values_list("citizen_id", flat=True))
    meetings = dict(JointMeeting.objects.filter(citizen_id__in=ids).values("citizen_id")
                    .annotate(last=Max("held_on")).values_list("citizen_id", "last"))
    rows, seen = [], set()
    for d in efforts:
        if d.citizen_id in seen:
            continue
        seen.add(d.citizen_id)
        rows.append(Row(d.citizen, d, latest.get(d.citizen_id), d.citizen_id in goals, meetings.get(d.citizen_id)))
    record_list_access(actor=user, citizens=[r.citizen for r in rows], what="Ballerup Ungeindsats")
    return programme, rows


@dataclass
class YoungPerson:
    citizen: Citizen
    programme: Programme | None
    effort: Decision | None  # the mentor effort in force
    statuses: list
    meetings: list
    goals: list  # the plan's active education/job goals
    talks: list  # psychologist talks from the ledger
    moves: list
    jobcenter_contacts: list  # the citizen's network persons with consent to take part in meetings
    staff: list  # colleagues who may take part in a joint meeting

    @property
    def latest(self) -> StatusEntry | None:
        return self.statuses[-1] if self.statuses else None

    @property
    def missing_goal(self) -> bool:
        return self.effort is not None and not self.goals


def young_person(user: Actor, citizen_id: int) -> YoungPerson:
    citizen, _ = open_citizen(user, citizen_id, what="Ballerup Ungeindsats")
    programme = programme_of(citizen.municipality_id)
    effort = mentor_effort(citizen, programme)
    statuses = list(StatusEntry.objects.filter(citizen=citizen).select_related("recorded_by"))
    meetings = list(JointMeeting.objects.filter(citizen=citizen).select_related("jobcenter_contact", "recorded_by")
                    .prefetch_related("staff"))
    goals = [g for g in Goal.objects.filter(citizen=citizen, status=Goal.Status.ACTIVE,
                                            condition__in=EDUCATION_JOB_CONDITIONS) if is_education_goal(g)]
    talks = list(Participation.objects.filter(citizen=citizen, occasion__kind=Occasion.Kind.PSYCHOLOGIST)
                 .select_related("occasion").prefetch_related("occasion__staff").order_by("-occasion__starts_at"))
    moves = list(Move.objects.filter(citizen=citizen).select_related("to_decision__offer", "from_decision__offer",
                                                                      "by"))
    contacts = list(Relative.objects.filter(citizen=citizen, consents__scope=Consent.Scope.MEETINGS,
                                            consents__withdrawn_on__isnull=True).distinct())
    municipality = principal_of(user).municipality_id
    staff = list(get_user_model().objects.filter(is_active=True, staff__municipality_id=municipality).filter(
        Q(groups__permissions__codename="handle_cases") | Q(staff__units=programme.offer.unit_id if programme
                                                             else None))
        .distinct().order_by("first_name", "last_name")) if programme else []
    return YoungPerson(citizen, programme, effort, statuses, meetings, goals, talks, moves, contacts, staff)


def effort_and_status(citizen: Citizen) -> dict | None:
    """The citizen's latest mentor effort with the status now, in one read, for a page that already opened the
    citizen (the overview)."""
    latest = StatusEntry.objects.filter(citizen_id=OuterRef("citizen_id")).order_by("-since", "-pk")
    return (Decision.objects.filter(citizen=citizen, offer_id__in=Programme.objects.filter(
        municipality_id=citizen.municipality_id).values("offer_id"))
        .annotate(youth_status=Subquery(latest.values("status")[:1]),
                  youth_since=Subquery(latest.values("since")[:1]))
        .order_by("-pk").values("status", "activated_on", "ended_on", "youth_status", "youth_since").first())


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    return (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1))


@dataclass
class Quarter:
    label: str
    on: datetime.date  # the day counted: the quarter's last day, or today for the running quarter
    counts: dict  # status -> young people
    unknown: int  # in the programme that day without any status recorded yet

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shares(self) -> list[float | None]:
        return [self.share(s) for s in Status.values]

    def share(self, status: str) -> float | None:
        return round(100 * self.counts.get(status, 0) / self.total, 1) if self.total else None


def quarterly_shares(user: Actor, *, quarters: int = 8) -> list[Quarter]:
    """Per quarter, the young people in a mentor effort on its last day (today for the running quarter)
    by their status that day: how many and what share of those with a status."""
    require_perm(user, FIGURES)
    programme = programme_of(principal_of(user).municipality_id)
    if programme is None:
        return []
    today = timezone.localdate()
    year, q = quarter_of(today)
    days = []
    for _ in range(quarters):
        days.append((f"{year}, {q}. kvartal", min(_quarter_end(year, q), today)))
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    days.reverse()
    first = days[0][1].replace(day=1)
    efforts = list(Decision.objects.filter(offer_id=programme.offer_id, status__in=(S.ACTIVE, S.ENDED),
                                           activated_on__isnull=False, activated_on__lte=today)
                   .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first - datetime.timedelta(days=92)))
                   .values_list("citizen_id", "activated_on", "ended_on"))
    history: dict[int, list[tuple[datetime.date, str]]] = {}
    for citizen_id, since, status in StatusEntry.objects.filter(
            municipality_id=programme.municipality_id).order_by("since", "pk").values_list(
            "citizen_id", "since", "status"):
        history.setdefault(citizen_id, []).append((since, status))
    result = []
    for label, on in days:
        counts: Counter = Counter()
        unknown = 0
        inside = {c for c, start, end in efforts if start is not None and start <= on and (end is None or end >= on)}
        for citizen_id in inside:
            found: str | None = next((s for since, s in reversed(history.get(citizen_id, [])) if since <= on), None)
            if found is None:
                unknown += 1
            else:
                counts[found] += 1
        result.append(Quarter(label, on, {s: counts.get(s, 0) for s in Status.values}, unknown))
    return result


def may_move(user: Actor, yp: YoungPerson) -> bool:
    if yp.programme is None or yp.effort is None or yp.effort.status != S.ACTIVE:
        return False
    principal = principal_of(user)
    return user.has_perm("visitation.handle_cases") or (
        user.has_perm("visitation.answer_orders") and yp.programme.offer.unit_id in principal.scope_unit_ids)


def require_figures(user: Actor) -> None:
    if not user.has_perm(FIGURES):
        raise PermissionDenied("Din rolle giver ikke adgang til Ungeindsatsens tal.")
