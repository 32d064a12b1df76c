"""What the citizen reads about themself. Every read goes through `open_citizen` with the citizen's own
id (the citizen principal knows only itself) and is logged — reading one's own log too. And what a relative
reads under a citizen's grant (`relative_view`): logged on the citizen, shown in Min log as "Pårørende (navn)"."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import StaffProfile
from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent
from tovholder.audit.services import record_access, record_list_access
from tovholder.citizens.models import Citizen, Consent, Involvement, Relative
from tovholder.citizens.selectors import open_citizen
from tovholder.crosssector.models import Partner
from tovholder.plans.models import Goal, Plan
from tovholder.visitation.models import Decision

from . import shares
from .models import CitizenAccount, GoalEntry, RelativeAccount, RelativeGrant
from .principals import RelativePrincipal
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
    upcoming = upcoming_for(citizen)
    follow_ups = [Dated(g.next_follow_up_on, f"Opfølgning på målet: {g.text}") for g in goals
                  if g.next_follow_up_on and g.next_follow_up_on >= today]
    if plan is not None and plan.review_on and plan.review_on >= today:
        follow_ups.append(Dated(plan.review_on, "Planen evalueres"))
    follow_ups += [Dated(d.review_on, f"Opfølgning på indsatsen: {d.offer.name}") for d in decisions
                   if d.review_on and d.review_on >= today]
    follow_ups.sort(key=lambda d: d.on)
    return MyPlan(citizen, plan, cards, efforts, people, upcoming, follow_ups)


def upcoming_for(citizen: Citizen) -> list[Participation]:
    """The citizen's upcoming appointments and sessions (Min plan, and a relative with the "Aftaler" part)."""
    return list(Participation.objects.filter(
        citizen=citizen, municipality_id=citizen.municipality_id, status=Participation.Status.PLANNED,
        occasion__status=Occasion.Status.PLANNED, occasion__starts_at__gte=timezone.now())
        .select_related("occasion__offer", "occasion__unit").order_by("occasion__starts_at")[:UPCOMING])


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
    relatives = _relative_names(events, ids)
    show_names = settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES
    rows = []
    for e in events:
        own = e.actor_id == user.pk
        if own:
            who, unit = "Dig selv (Min Tovholder)", ""
        elif e.actor_id in partners:
            who, unit = f"Samarbejdspartner: {partners[e.actor_id]}", ""
        elif e.actor_id in relatives:
            who, unit = f"Pårørende ({relatives[e.actor_id]})", ""
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
        if e.actor_id in relatives and not why:
            why = "Du har givet den pårørende adgang i Min Tovholder"
        if e.break_glass:
            why = f"Opslag uden for arbejdsområdet. Begrundelse: {e.reason or 'ikke angivet'}"
        rows.append(LogRow(e.at, who, unit, e.what, why, e.break_glass, own))
    return rows


def _relative_names(events, ids) -> dict[int, str]:
    """The relatives among the actors, by the name the citizen's own registration gives them (the grant that
    carried their CPR hash), else the name from their login."""
    accounts = list(RelativeAccount.objects.filter(user_id__in=ids))
    if not accounts:
        return {}
    citizen_ids = {e.citizen_id for e in events}
    by_hash = {h: name for h, name in RelativeGrant.objects.filter(
        citizen_id__in=citizen_ids, cpr_hash__in=[a.cpr_hash for a in accounts])
        .order_by("granted_at", "pk").values_list("cpr_hash", "relative__name")}
    return {a.user_id: by_hash.get(a.cpr_hash) or a.name for a in accounts}


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


def test_relatives() -> list[RelativeAccount]:
    """The fictitious test relatives offered by the demo's test login (only when it is switched on)."""
    return list(RelativeAccount.objects.filter(test_login=True).select_related("municipality")
                .order_by("municipality__name", "name", "pk")[:20])


def test_relative(account_id: int | None) -> RelativeAccount | None:
    return (RelativeAccount.objects.filter(pk=account_id, test_login=True).select_related("user").first()
            if account_id is not None else None)


# ---- Consents and relatives (the citizen's side) ----

@dataclass
class RelativeCard:
    relative: Relative
    consents: list[Consent]  # all, newest first
    grants: list[RelativeGrant]  # all, newest first
    active_grant: RelativeGrant | None


@dataclass
class MyRelatives:
    citizen: Citizen
    relatives: list[RelativeCard]
    shares: list[shares.Share]


def my_relatives(user: Actor) -> MyRelatives:
    """The citizen's registered relatives, what each may be told (consents) and what each may see in the portal
    (grants), withdrawn ones too."""
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Samtykker og pårørende (Min Tovholder)")
    relatives = list(Relative.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id)
                     .order_by("name", "pk"))
    consents: dict[int, list[Consent]] = defaultdict(list)
    for c in Consent.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id).order_by(
            "-given_on", "-pk"):
        consents[c.relative_id].append(c)
    grants: dict[int, list[RelativeGrant]] = defaultdict(list)
    for g in RelativeGrant.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id):
        grants[g.relative_id].append(g)
    cards = [RelativeCard(r, consents.get(r.pk, []), grants.get(r.pk, []),
                          next((g for g in grants.get(r.pk, []) if g.active), None)) for r in relatives]
    return MyRelatives(citizen, cards, shares.all_shares())


# ---- What a relative sees ----

def relative_principal(user: Actor) -> RelativePrincipal:
    principal = principal_of(user)
    if not isinstance(principal, RelativePrincipal):
        raise PermissionDenied("Siden er for pårørende, som en borger har givet adgang.")
    return principal


def relative_grants(user: Actor) -> list[RelativeGrant]:
    """The active grants to the relative (who granted access, and to what); the citizens listed are logged."""
    principal = relative_principal(user)
    grants = list(principal.grants().select_related("citizen", "relative").order_by("citizen__first_name", "pk"))
    record_list_access(actor=user, citizens=[g.citizen for g in grants], what="Pårørendeadgang: oversigt")
    return grants


@dataclass
class SharedPart:
    share: shares.Share
    context: dict


def relative_view(user: Actor, grant_id: int | None) -> tuple[RelativeGrant, list[SharedPart]]:
    """One citizen's shared parts, as the relative sees them; 404 for a grant not theirs or withdrawn. The view
    is logged on the citizen (Min log shows it as "Pårørende (name)")."""
    principal = relative_principal(user)
    grant = (principal.grants().select_related("citizen", "relative").filter(pk=grant_id).first()
             if grant_id is not None else None)
    if grant is None:
        raise Http404("Der er ikke delt noget med dig her.")
    parts = [SharedPart(s, s.read(grant.citizen) or {}) for s in shares.all_shares() if s.key in grant.parts]
    record_access(actor=user, citizen=grant.citizen,
                  what=f"Pårørendeadgang: {', '.join(p.share.label for p in parts)}")
    return grant, parts


@shares.share("crisis_plan", "Kriseplan", "portal/share_crisis_plan.html", order=10)
def _crisis_plan(citizen: Citizen) -> dict | None:
    # the crisis plan is built in parallel: `{"plan": current_crisis_plan(citizen)}` when it exists
    return None


@shares.share("appointments", "Aftaler", "portal/share_appointments.html", order=20)
def _appointments(citizen: Citizen) -> dict | None:
    return {"upcoming": upcoming_for(citizen)}
