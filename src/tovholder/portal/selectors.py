"""What the citizen reads about themself. Every read goes through `open_citizen` with the citizen's own
id (the citizen principal knows only itself) and is logged — reading one's own log too."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import StaffProfile
from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen, Involvement
from tovholder.citizens.selectors import open_citizen
from tovholder.crosssector.models import Partner
from tovholder.layout import charts
from tovholder.outcomes.models import Measurement
from tovholder.plans.models import Goal, Plan
from tovholder.visitation.models import Decision, Letter, Request, Source

from .models import (
    CheckIn,
    CheckInAlert,
    CitizenAccount,
    CrisisPlan,
    CrisisPlanSharing,
    GoalEntry,
    Message,
    MessageThread,
)
from .services import citizen_principal

UPCOMING = 10


@dataclass
class Person:
    first_name: str
    role: str
    team: str


@dataclass
class GoalCard:
    goal: Goal
    sub_goals: list[Goal]
    entries: list[GoalEntry]
    form: object = None  # the form to write on the goal (set by the view)


@dataclass
class Effort:
    what: str
    hours_per_week: object
    status: str
    start_on: datetime.date | None
    review_on: datetime.date | None


@dataclass
class Dated:
    on: datetime.date
    what: str


@dataclass
class MyPlan:
    citizen: Citizen
    plan: Plan | None
    goals: list[GoalCard]
    efforts: list[Effort]
    people: list[Person]
    upcoming: list[Participation]
    follow_ups: list[Dated]


def _first(staff) -> str:
    """A staff member's first name only (the citizen sees no more of staff than that)."""
    return (getattr(staff, "first_name", "") or "").split(" ")[0] or "Ikke oplyst"


def my_plan(user: Actor) -> MyPlan:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Min plan (Min Tovholder)")
    today = timezone.localdate()
    plan = Plan.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id).first()
    goals = list(Goal.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id,
                                     status=Goal.Status.ACTIVE).order_by("created_on", "pk"))
    entries: dict[int, list[GoalEntry]] = defaultdict(list)
    for entry in GoalEntry.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id):
        entries[entry.goal_id].append(entry)
    subs: dict[int, list[Goal]] = defaultdict(list)
    for g in goals:
        if g.parent_id:
            subs[g.parent_id].append(g)
    cards = [GoalCard(g, subs.get(g.pk, []), entries.get(g.pk, [])) for g in goals if not g.parent_id]
    decisions = list(Decision.objects.filter(
        citizen=citizen, municipality_id=citizen.municipality_id,
        status__in=(Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE))
        .select_related("offer").order_by("start_on", "pk"))
    efforts = [Effort(d.offer.name, d.hours_per_week, d.get_status_display(), d.start_on, d.review_on)
               for d in decisions]
    people = _people(citizen, today)
    upcoming = list(Participation.objects.filter(
        citizen=citizen, municipality_id=citizen.municipality_id, status=Participation.Status.PLANNED,
        occasion__status=Occasion.Status.PLANNED, occasion__starts_at__gte=timezone.now())
        .select_related("occasion__offer", "occasion__unit").order_by("occasion__starts_at")[:UPCOMING])
    follow_ups = [Dated(g.next_follow_up_on, f"Opfølgning på målet: {g.text}") for g in goals
                  if g.next_follow_up_on and g.next_follow_up_on >= today]
    if plan is not None and plan.review_on and plan.review_on >= today:
        follow_ups.append(Dated(plan.review_on, "Planen evalueres"))
    follow_ups += [Dated(d.review_on, f"Opfølgning på indsatsen: {d.offer.name}") for d in decisions
                   if d.review_on and d.review_on >= today]
    follow_ups.sort(key=lambda d: d.on)
    return MyPlan(citizen, plan, cards, efforts, people, upcoming, follow_ups)


def _people(citizen: Citizen, today: datetime.date) -> list[Person]:
    """The coordinator and the contact persons: first name, role in the citizen's support and team — never a
    member of staff's own phone, e-mail or surname."""
    people = []
    involvements = list(Involvement.objects.active_on(today).filter(
        citizen=citizen, municipality_id=citizen.municipality_id).select_related("unit", "worker")
        .order_by("started_on", "pk"))
    if citizen.coordinator_id:
        units = [i.unit.name for i in involvements if i.worker_id == citizen.coordinator_id]
        if not units:
            units = list(StaffProfile.units.through.objects.filter(
                staffprofile__user_id=citizen.coordinator_id).values_list("unit__name", flat=True)[:1])
        people.append(Person(_first(citizen.coordinator), "Din tovholder", units[0] if units else ""))
    for inv in involvements:
        if inv.worker_id and inv.worker_id != citizen.coordinator_id:
            people.append(Person(_first(inv.worker), "Kontaktperson", inv.unit.name))
        elif not inv.worker_id:
            people.append(Person("", "Team", inv.unit.name))
    return people


# ---- Min log ----

@dataclass
class LogRow:
    at: datetime.datetime
    who: str
    unit: str
    what: str
    why: str
    break_glass: bool
    own: bool


@dataclass
class LogQuery:
    start: datetime.date | None = None
    end: datetime.date | None = None
    include_own: bool = False


@dataclass
class MyLog:
    citizen: Citizen
    page: Page
    rows: list[LogRow]
    query: LogQuery
    show_names: bool = field(default=False)


def _events(citizen: Citizen, user: Actor, query: LogQuery):
    qs = AccessEvent.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
    tz = timezone.get_current_timezone()
    if query.start:
        qs = qs.filter(at__gte=datetime.datetime.combine(query.start, datetime.time.min, tzinfo=tz))
    if query.end:
        qs = qs.filter(at__lt=datetime.datetime.combine(query.end + datetime.timedelta(days=1), datetime.time.min,
                                                        tzinfo=tz))
    if not query.include_own:
        qs = qs.exclude(actor=user)
    return qs.select_related("actor").order_by("-at", "-pk")


def _rows(events, user: Actor) -> list[LogRow]:
    """Who looked, as the citizen is shown it: the role and unit; the name only if the municipality shows names
    (TOVHOLDER_PORTAL_SHOW_STAFF_NAMES), otherwise masked."""
    ids = {e.actor_id for e in events}
    units: dict[int, list[str]] = defaultdict(list)
    staff_ids = set()
    for user_id, unit in (StaffProfile.units.through.objects.filter(staffprofile__user_id__in=ids)
                          .values_list("staffprofile__user_id", "unit__name").order_by("unit__name")):
        units[user_id].append(unit)
    staff_ids |= set(StaffProfile.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    roles: dict[int, list[str]] = defaultdict(list)
    for user_id, name in Group.objects.filter(user__in=ids).values_list("user", "name").order_by("name"):
        roles[user_id].append(name)
    partners = dict(Partner.objects.filter(user_id__in=ids).values_list("user_id", "name"))
    citizens = set(CitizenAccount.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    show_names = settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES
    rows = []
    for e in events:
        own = e.actor_id == user.pk
        if own:
            who, unit = "Dig selv (Min Tovholder)", ""
        elif e.actor_id in partners:
            who, unit = f"Samarbejdspartner: {partners[e.actor_id]}", ""
        elif e.actor_id in citizens:
            who, unit = "En anden borgerbruger", ""
        elif e.actor_id in staff_ids:
            role = ", ".join(roles.get(e.actor_id, [])) or "Medarbejder"
            name = e.actor.get_full_name() if show_names else ""
            who = f"{role} ({name})" if name else role
            unit = ", ".join(units.get(e.actor_id, []))
        else:
            who, unit = "Tovholder (systemet)", ""
        why = e.reason
        if e.break_glass:
            why = f"Opslag uden for arbejdsområdet. Begrundelse: {e.reason or 'ikke angivet'}"
        rows.append(LogRow(e.at, who, unit, e.what, why, e.break_glass, own))
    return rows


def my_log(user: Actor, query: LogQuery, *, page_number=None) -> MyLog:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Min log (Min Tovholder)")
    page = Paginator(_events(citizen, user, query), settings.PAGE_SIZE).get_page(page_number)
    return MyLog(citizen, page, _rows(list(page.object_list), user), query,
                 settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES)


EXPORT_LIMIT = 20_000


def my_log_export(user: Actor, query: LogQuery) -> list[LogRow]:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Min log, eksport (Min Tovholder)")
    return _rows(list(_events(citizen, user, query)[:EXPORT_LIMIT]), user)


def test_citizens() -> list[CitizenAccount]:
    """The fictitious test citizens offered by the demo's test login (only when it is switched on)."""
    return list(CitizenAccount.objects.filter(test_login=True).select_related("citizen", "municipality")
                .order_by("municipality__name", "citizen__first_name", "pk")[:20])


def test_identity_citizen(account_id: int | None) -> Citizen | None:
    account = (CitizenAccount.objects.filter(pk=account_id, test_login=True).select_related("citizen").first()
               if account_id is not None else None)
    return account.citizen if account else None


# ---- check-ins ----

TREND_DAYS = 90


@dataclass
class CheckInTrend:
    check_ins: list[CheckIn]  # newest first
    measured: list[tuple[datetime.date, str]]  # instruments done together with staff: (day, plain words)
    chart: charts.Chart | None
    start: datetime.date


@dataclass
class MyCheckIns:
    citizen: Citizen
    trend: CheckInTrend
    alert: CheckInAlert | None
    done_today: bool


def _measured(citizen: Citizen, start: datetime.date) -> list[tuple[datetime.date, str]]:
    """The periodic instruments filled in with staff (outcomes), in plain words with their total where the
    instrument has one; corrected measurements in place of what they corrected."""
    out = []
    for m in (Measurement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                         measured_on__gte=start, replaced_by__isnull=True)
              .select_related("version__instrument").prefetch_related("scores").order_by("measured_on", "pk")):
        spec = m.version.spec
        total = spec.total({s.area_key: s.value for s in m.scores.all()})
        label = m.version.instrument.name
        if total is not None:
            label += f": {spec.scoring.total_label or 'samlet'} er {charts.number(total)}"
        out.append((m.measured_on, label))
    return out


def check_in_trend(citizen: Citizen, *, key: str, today: datetime.date | None = None) -> CheckInTrend:
    """The last 90 days of check-ins and, in the same picture, the measurements done with staff. Reads rows of a
    citizen already opened (the caller has logged the read)."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=TREND_DAYS)
    rows = list(CheckIn.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, day__gte=start)
                .order_by("-day", "-pk"))
    measured = _measured(citizen, start)
    chart = None
    if rows or measured:
        chart = charts.trend(
            key=f"{key}-tjekind", title="Humør og søvn de seneste tre måneder (1 er dårligst, 10 er bedst)",
            low=1, high=10, events=measured,
            series=[charts.Dated("Humør", [(c.day, c.mood) for c in rows]),
                    charts.Dated("Søvn", [(c.day, c.sleep) for c in rows])])
    return CheckInTrend(rows, measured, chart, start)


def my_check_ins(user: Actor) -> MyCheckIns:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine tjek-ind (Min Tovholder)")
    trend = check_in_trend(citizen, key="mine")
    alert = CheckInAlert.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen).first()
    today = timezone.localdate()
    return MyCheckIns(citizen, trend, alert, any(c.day == today for c in trend.check_ins))
# ---- My crisis plan ----

HISTORY = 50


@dataclass
class MyCrisisPlan:
    citizen: Citizen
    current: CrisisPlan | None
    earlier: list[CrisisPlan]
    shared: bool


def current_crisis_plan(citizen: Citizen) -> CrisisPlan | None:
    """The citizen's current crisis plan (the newest version), or None. No access check here: the caller has
    opened the citizen (or checked a relative's grant) first."""
    return (CrisisPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
            .order_by("-number").first())


def crisis_plan_shared(citizen: Citizen) -> bool:
    return CrisisPlanSharing.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                            shared=True).exists()


def shared_crisis_plan(citizen: Citizen) -> CrisisPlan | None:
    """The current crisis plan if the citizen has chosen to share it with staff (no access check: the caller,
    the citizen's plan page, has opened and logged the citizen)."""
    return current_crisis_plan(citizen) if crisis_plan_shared(citizen) else None


def my_crisis_plan(user: Actor, *, what: str = "Min kriseplan (Min Tovholder)") -> MyCrisisPlan:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what=what)
    versions = list(CrisisPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                    .order_by("-number")[:HISTORY + 1])
    return MyCrisisPlan(citizen, versions[0] if versions else None, versions[1:], crisis_plan_shared(citizen))
# ---- Bed om hjælp, beskeder, breve ----

SHOWN = 50


def my_requests(user: Actor) -> tuple[Citizen, list[Request]]:
    """The citizen's own requests for help made in Min Tovholder, newest first."""
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Bed om hjælp (Min Tovholder)")
    return citizen, list(Request.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                                source=Source.PORTAL).order_by("-registered_at", "-pk")[:SHOWN])


def my_threads(user: Actor) -> list[MessageThread]:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine beskeder (Min Tovholder)")
    return list(MessageThread.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                .order_by("-last_at", "-pk")[:SHOWN])


def my_thread(user: Actor, thread_id: int) -> MessageThread:
    """One of the citizen's own threads with its messages; another citizen's: 404."""
    principal = citizen_principal(user)
    thread = MessageThread.objects.filter(pk=thread_id, citizen_id=principal.citizen_id,
                                          municipality_id=principal.municipality_id).first()
    if thread is None:
        raise Http404("Beskeden findes ikke.")
    open_citizen(user, principal.citizen_id, what="Besked (Min Tovholder)")
    return thread


@dataclass
class ShownMessage:
    message: Message
    author: str  # staff by first name only, as the citizen is shown them

    @property
    def from_citizen(self) -> bool:
        return self.message.from_citizen


def thread_messages(thread: MessageThread) -> list[ShownMessage]:
    """The messages of a thread already opened (by `my_thread` or `staff_thread`)."""
    return [ShownMessage(m, "Dig" if m.from_citizen else _first(m.written_by))
            for m in thread.messages.select_related("written_by").order_by("written_at", "pk")]


def my_letters(user: Actor) -> list[Letter]:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine breve (Min Tovholder)")
    return list(Letter.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                .select_related("dispatch").order_by("-sent_on", "-pk")[:200])


def my_letter(user: Actor, letter_id: int) -> Letter:
    """One of the citizen's own letters, to download as PDF (logged each time); another citizen's: 404."""
    principal = citizen_principal(user)
    letter = Letter.objects.filter(pk=letter_id, citizen_id=principal.citizen_id,
                                   municipality_id=principal.municipality_id).first()
    if letter is None:
        raise Http404("Brevet findes ikke.")
    open_citizen(user, principal.citizen_id, what=f"Brev hentet som PDF: {letter.subject} (Min Tovholder)")
    return letter


# ---- the staff side: messages from citizens ----

def staff_inbox(user: Actor) -> list[MessageThread]:
    """The threads of the citizens in the user's need to know, unanswered first; the list is logged."""
    profile = require_perm(user, "support.provide_support")
    threads = list(MessageThread.objects.filter(municipality_id=profile.municipality_id,
                                                citizen__in=Citizen.objects.known_to(user))
                   .select_related("citizen").order_by("answered", "-last_at", "-pk")[:SHOWN * 4])
    record_list_access(actor=user, citizens={t.citizen for t in threads}, what="Beskeder fra borgere")
    return threads


def staff_thread(user: Actor, thread_id: int) -> MessageThread:
    """One thread for staff: need to know (or a break-the-glass grant, to read), and the read is logged."""
    profile = principal_of(user)
    thread = MessageThread.objects.filter(pk=thread_id, municipality_id=profile.municipality_id).first()
    if thread is None:
        raise Http404("Beskeden findes ikke.")
    open_citizen(user, thread.citizen_id, what="Besked fra borgeren (Min Tovholder)")
    return thread
