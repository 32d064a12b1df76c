"""Every read in support. One citizen's data goes through `citizens.selectors.open_citizen`
(need to know, break the glass, access event); lists filter by `Citizen.objects.known_to` and log
every citizen they show. Delivered time comes from the ledger (`support.delivered`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.ledger import staff_minutes_by_week
from tovholder.activities.models import Participation
from tovholder.activities.selectors import upcoming_for_citizen
from tovholder.audit.services import record_list_access
from tovholder.citizens.gate import knows
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.layout.pages import ListPage, page_of
from tovholder.offers import ffb
from tovholder.offers.models import Offer
from tovholder.plans.selectors import overdue_by_responsible
from tovholder.visitation.models import Decision, EndProposal, Need, Order

from . import hometaking, matching
from . import hours as h
from .delivered import delivered_minutes, delivered_minutes_by_week, delivered_to_citizen
from .models import Episode, ExternalPlacement, IntensityChange, Klippekort

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PERM = "support.provide_support"
CASELOAD_PAGE = 50


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


# --- one citizen -------------------------------------------------------------------------------

def open_for_work(user: Actor, citizen_id: int, *, what: str) -> Citizen:
    """Open a citizen to change their support (the write gate's page-side twin)."""
    return open_for_write(user, citizen_id, what=what, perm=PERM)


@dataclass
class KlippekortView:
    card: Klippekort
    balance: Decimal
    usable: bool
    in_use: bool


@dataclass
class EpisodeView:
    episode: Episode
    changes: list[IntensityChange]
    delivered_hours: Decimal
    weeks: list[h.WeekHours] = field(default_factory=list)
    end_proposals: list = field(default_factory=list)  # the provider's proposals to end, and their answers


def _span(episode: Episode, changes) -> h.EpisodeSpan:
    granted = episode.decision.hours_per_week if episode.decision_id else None  # type: ignore[union-attr]  # set: decision_id
    return h.EpisodeSpan(episode.pk, episode.started_on, episode.ended_on, granted,
                         [h.Step(c.starts_on, c.hours_per_week) for c in changes])


@dataclass
class SupportOverview:
    citizen: Citizen
    read_only: bool
    active: list[EpisodeView]
    past: list[EpisodeView]
    klippekort: list[KlippekortView]
    appointments: list[Participation]
    today: datetime.date


def _klippekort_views(citizen: Citizen, episodes: list[Episode], delivered: dict[int, int],
                      today: datetime.date) -> list[KlippekortView]:
    used: dict[int, int] = defaultdict(int)
    running: set[int] = set()
    for e in episodes:
        if e.klippekort_id:
            used[e.klippekort_id] += delivered.get(e.pk, 0)
            if e.ended_on is None:
                running.add(e.klippekort_id)
    out: list[KlippekortView] = []
    if not any(e.ended_on for e in episodes):
        return out  # a klippekort is given when an episode ends
    for card in Klippekort.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id
                                          ).select_related("from_episode__offer"):
        balance = card.hours - _hours(used[card.pk])
        in_use = card.pk in running
        out.append(KlippekortView(card, balance, card.valid_on(today) and balance > 0 and not in_use, in_use))
    return out


def support_context(user: Actor, citizen: Citizen, *, with_appointments: bool = True) -> SupportOverview:
    """Everything support shows about one citizen. Call only after `open_citizen` (the overview's
    sections) or through `citizen_support`, which opens and logs."""
    today = timezone.localdate()
    qs = Episode.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id)
    episodes = list(qs.select_related("offer", "worker", "unit", "decision").prefetch_related("intensity_changes")
                    .order_by("-started_on", "-pk"))
    delivered = delivered_to_citizen(citizen, episodes) if episodes else {}
    views = [EpisodeView(e, list(e.intensity_changes.all()), _hours(delivered.get(e.pk, 0))) for e in episodes]
    read_only = not (user.has_perm(PERM) and knows(user, citizen))
    return SupportOverview(citizen, read_only, [v for v in views if v.episode.is_active],
                           [v for v in views if not v.episode.is_active],
                           _klippekort_views(citizen, episodes, delivered, today),
                           upcoming_for_citizen(citizen) if with_appointments else [], today)


def citizen_support(user: Actor, citizen_id: int) -> SupportOverview:
    citizen, _grant = open_citizen(user, citizen_id, what="Forløb og aftaler")
    return support_context(user, citizen)


def episode_detail(user: Actor, citizen_id: int, episode_id: int, *, weeks: int = 12) -> EpisodeView:
    citizen, _grant = open_citizen(user, citizen_id, what="Forløb")
    qs = Episode.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id, pk=episode_id)
    episode = qs.select_related("offer", "worker", "unit", "decision", "klippekort").first()
    if episode is None:
        raise Http404("Forløbet findes ikke.")
    changes = list(episode.intensity_changes.select_related("by").order_by("starts_on", "pk"))
    today = timezone.localdate()
    last_day = min(today, episode.ended_on or today)
    mondays = [m for m in h.weeks_back(last_day, weeks) if m + datetime.timedelta(days=6) >= episode.started_on]
    minutes = delivered_minutes_by_week(qs, municipality_id=citizen.municipality_id, mondays=mondays)
    span = _span(episode, changes)
    total = delivered_minutes(qs, municipality_id=citizen.municipality_id).get(episode.pk, 0)
    proposals = list(EndProposal.objects.filter(decision=episode.decision).select_related(
        "proposed_by", "answered_by")) if episode.decision is not None else []
    return EpisodeView(episode, changes, _hours(total),
                       [h.week_hours(span, m, today, minutes.get((episode.pk, m), 0)) for m in mondays], proposals)


def pending_end_proposal(episode: Episode) -> EndProposal | None:
    """The provider's proposal to end the episode's grant that waits for the caseworker (read for a page
    that already opened the citizen)."""
    if episode.decision is None:
        return None
    return EndProposal.objects.filter(decision=episode.decision, status=EndProposal.Status.PROPOSED).first()


def episode_for_work(user: Actor, citizen_id: int, episode_id: int, *, what: str) -> Episode:
    citizen = open_for_work(user, citizen_id, what=what)
    episode = Episode.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id,
                                     pk=episode_id).select_related("citizen", "offer", "decision", "worker").first()
    if episode is None:
        raise Http404("Forløbet findes ikke.")
    return episode


def klippekort_for_work(user: Actor, citizen_id: int, card_id: int) -> Klippekort:
    citizen = open_for_work(user, citizen_id, what="Klippekort (brug)")
    card = Klippekort.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id,
                                     pk=card_id).select_related("citizen", "from_episode").first()
    if card is None:
        raise Http404("Klippekortet findes ikke.")
    return card


def usable_decisions(citizen: Citizen) -> QuerySet[Decision]:
    return (Decision.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id,
                                    status__in=[Decision.Status.GRANTED, Decision.Status.ORDERED,
                                                Decision.Status.ACTIVE])
            .exclude(pk__in=Episode.objects.filter(ended_on__isnull=True, decision__isnull=False)
                     .values("decision_id"))
            .select_related("offer"))


# --- the worker's caseload (a start-page panel) ----------------------------------------------------

@dataclass
class CaseloadRow:
    episode: Episode
    granted: Decimal | None
    delivered_week: Decimal
    delivered_4_weeks: Decimal


@dataclass
class Caseload:
    page: ListPage
    hours_week: h.WeekHours
    staff_hours_week: Decimal


def caseload(user: Actor, *, page_number=None) -> Caseload:
    """The user's running episodes with the hours delivered, and the user's own time this week. The
    caller logs the citizens shown."""
    principal = principal_of(user)
    assert user.is_authenticated
    today = timezone.localdate()
    episodes = (Episode.objects.filter(worker=user, ended_on__isnull=True, municipality_id=principal.municipality_id,
                                       citizen__in=Citizen.objects.known_to(user))
                .select_related("citizen", "offer", "decision")
                .order_by("citizen__last_name", "citizen__first_name", "pk"))
    page = page_of(episodes, page_number, CASELOAD_PAGE)  # LIMIT page size + 1, no count (issue 15)
    shown = list(page.object_list)
    this_week = h.monday(today)
    mondays = [this_week - datetime.timedelta(weeks=i) for i in (3, 2, 1, 0)]
    pks = [e.pk for e in shown]
    minutes = delivered_minutes_by_week(Episode.objects.filter(pk__in=pks), municipality_id=principal.municipality_id,
                                        mondays=mondays, pks=pks)
    rows = []
    for e in shown:
        last4 = sum(minutes.get((e.pk, m), 0) for m in mondays)
        rows.append(CaseloadRow(e, e.granted_hours, _hours(minutes.get((e.pk, this_week), 0)), _hours(last4)))
    page.object_list = rows  # the page shows the rows
    hours_week = _hours_for(Episode.objects.filter(worker=user, municipality_id=principal.municipality_id),
                            [this_week], today).weeks[0]
    own = staff_minutes_by_week(municipality_id=principal.municipality_id, mondays=[this_week], user_ids=[user.pk])
    return Caseload(page, hours_week, _hours(own.get((user.pk, this_week), 0)))


# --- delivered vs granted ------------------------------------------------------------------------

@dataclass
class HoursTable:
    weeks: list[h.WeekHours]
    by_worker: dict = field(default_factory=dict)  # worker -> [WeekHours]
    by_unit: dict = field(default_factory=dict)  # unit -> [WeekHours]


def _hours_for(episodes_qs: QuerySet[Episode], mondays: list[datetime.date], today: datetime.date) -> HoursTable:
    """Granted, planned and delivered hours per week over the episodes, in total, per worker and per
    unit, in one pass."""
    first, last = mondays[0], mondays[-1] + datetime.timedelta(days=6)
    scope = episodes_qs.filter(started_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    episodes = list(scope.values_list("pk", "started_on", "ended_on", "decision__hours_per_week", "worker_id",
                                      "unit_id", "municipality_id"))
    table = HoursTable([h.WeekHours(m) for m in mondays])
    if not episodes:
        return table
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={e[4] for e in episodes})}
    units = {u.pk: u for u in Unit.objects.filter(pk__in={e[5] for e in episodes if e[5]})}
    steps: dict[int, list[h.Step]] = defaultdict(list)
    for episode_id, starts_on, hours in (IntensityChange.objects.filter(episode__in=scope.values("pk"))
                                         .order_by("starts_on", "pk")
                                         .values_list("episode_id", "starts_on", "hours_per_week")):
        steps[episode_id].append(h.Step(starts_on, hours))
    minutes = delivered_minutes_by_week(scope, municipality_id=episodes[0][6], mondays=mondays,
                                        pks=[e[0] for e in episodes])
    for pk, started_on, ended_on, granted, worker_id, unit_id, _m in episodes:
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
class WorkerHours:
    worker: "User"
    hours: h.WeekHours  # granted, planned and delivered to the worker's caseload over the period
    staff_hours: Decimal  # the worker's own time with citizens: each occasion held counts once
    overdue: int  # overdue goal follow-ups
    caseload: int = 0  # running episodes the worker is contact person for (in the report's scope)


@dataclass
class HoursReport:
    title: str
    weeks: list[h.WeekHours]
    total: h.WeekHours
    staff_total: Decimal
    by_worker: list[WorkerHours]
    by_unit: list[tuple[object, h.WeekHours]]
    units: list[Unit]
    unit: Unit | None
    whole_scope: bool


def hours_report(user: Actor, *, unit_id: int | None = None, weeks: int = 8) -> HoursReport:
    """Delivered vs granted hours per week, per team and per worker: a manager for the units in scope
    (or one of them), a worker for their own episodes. Figures only, no citizen data."""
    principal = principal_of(user)
    assert user.is_authenticated
    today = timezone.localdate()
    mondays = h.weeks_back(today, weeks)
    episodes = Episode.objects.filter(municipality_id=principal.municipality_id)
    units: list[Unit] = []
    unit = None
    staff_scope: dict = {"user_ids": [user.pk]}
    if user.has_perm("support.view_delivered_hours"):
        scope = principal.scope_unit_ids
        units = list(Unit.objects.filter(pk__in=scope, kind__in=[Unit.Kind.TEAM, Unit.Kind.CENTRE,
                                                                 Unit.Kind.HOUSING]).order_by("name"))
        if unit_id is not None:
            unit = next((u for u in units if u.pk == unit_id), None)
            if unit is None:
                raise Http404("Enheden findes ikke i dit område.")
            episodes = episodes.filter(unit=unit)
            title = unit.name
            staff_scope = {"unit_ids": [unit.pk]}
        else:
            episodes = episodes.filter(unit_id__in=scope)
            title = "Alle enheder i dit område"
            staff_scope = {"unit_ids": scope}
    elif user.has_perm(PERM):
        episodes = episodes.filter(worker=user)
        title = "Dine forløb"
    else:
        raise PermissionDenied("Din rolle giver ikke adgang til timeopgørelsen.")
    table = _hours_for(episodes, mondays, today)
    staff: dict[int, int] = defaultdict(int)
    for (worker_id, _monday), minutes in staff_minutes_by_week(municipality_id=principal.municipality_id,
                                                              mondays=mondays, **staff_scope).items():
        staff[worker_id] += minutes
    others = set(staff) - {w.pk for w in table.by_worker}  # staff who held occasions but are nobody's contact
    for other in get_user_model().objects.filter(pk__in=others):
        table.by_worker[other] = [h.WeekHours(m) for m in mondays]
    overdue = overdue_by_responsible(principal.municipality, [w.pk for w in table.by_worker], today)
    running = dict(episodes.filter(ended_on__isnull=True, started_on__lte=today).order_by().values("worker_id")
                   .annotate(n=Count("pk")).values_list("worker_id", "n"))
    by_worker = sorted((WorkerHours(w, h.total(r), _hours(staff[w.pk]), overdue.get(w.pk, 0), running.get(w.pk, 0))
                        for w, r in table.by_worker.items()),
                       key=lambda t: (t.worker.last_name, t.worker.first_name, t.worker.pk))
    by_unit = sorted(((u, h.total(r)) for u, r in table.by_unit.items() if u is not None), key=lambda t: t[0].name)
    return HoursReport(title, table.weeks, h.total(table.weeks), _hours(sum(staff.values())), by_worker, by_unit,
                       units, unit, unit is None)


# --- the provider's intake: orders from the authority ----------------------------------------------

ANSWER = "visitation.answer_orders"


@dataclass
class Intake:
    waiting: list[Order]  # sent to a unit in the leader's scope, not yet answered
    accepted: list[Order]  # accepted, the episode not yet started
    can_answer: bool


def intake(user: Actor) -> Intake:
    """The orders for the user's units: a leader sees those waiting and those accepted; a worker those
    where they were named contact person. Every citizen shown is logged."""
    principal = principal_of(user)
    orders = Order.objects.filter(municipality_id=principal.municipality_id).select_related(
        "citizen", "unit", "decision__offer", "contact_person", "ordered_by").order_by("ordered_on", "pk")
    can_answer = principal.has_perm(ANSWER)
    if can_answer:
        scope = principal.scope_unit_ids
        waiting = list(orders.filter(status=Order.Status.SENT, unit_id__in=scope))
        accepted = list(orders.filter(status=Order.Status.ACCEPTED, unit_id__in=scope))
    elif principal.has_perm(PERM):
        waiting, accepted = [], list(orders.filter(status=Order.Status.ACCEPTED, contact_person_id=user.pk))
    else:
        raise PermissionDenied("Din rolle modtager ikke bestillinger.")
    may_support = principal.has_perm(PERM)
    for o in accepted:  # the link to start the episode, as on the order's page: only for who may start it
        o.can_start = may_support and knows(user, o.citizen)  # type: ignore[attr-defined]
    record_list_access(actor=user, citizens=[o.citizen for o in waiting + accepted], what="Bestillinger")
    return Intake(waiting, accepted, can_answer)


@dataclass
class OrderView:
    order: Order
    case: object
    assessment: object | None
    can_answer: bool
    can_start: bool
    suggestions: list = field(default_factory=list)  # matching.Suggestion, ranked (only while it can be answered)


def order_view(user: Actor, order_id: int) -> OrderView:
    """One order as the provider reads it: what was granted, the goals, the citizen's own wishes and the
    assessment behind it. Only the order's unit (its leader, or the contact person named) reads it."""
    principal = principal_of(user)
    order = (Order.objects.filter(municipality_id=principal.municipality_id, pk=order_id)
             .select_related("citizen", "unit", "decision__offer__legal_basis", "decision__case__caseworker",
                             "contact_person", "ordered_by").first())
    if order is None:
        raise Http404("Bestillingen findes ikke.")
    leader = principal.has_perm(ANSWER) and order.unit_id in principal.scope_unit_ids
    if not (leader or order.contact_person_id == user.pk):
        raise PermissionDenied("Bestillingen er sendt til en anden enhed.")
    open_citizen(user, order.citizen_id, what="Bestilling")
    case = order.decision.case
    assessment = case.assessments.prefetch_related("scores").order_by("-assessed_on", "-pk").first()
    can_start = (order.status == Order.Status.ACCEPTED and principal.has_perm(PERM)
                 and knows(user, order.citizen))
    can_answer = leader and order.status == Order.Status.SENT
    suggestions = contact_suggestions(order, case, assessment) if can_answer else []
    return OrderView(order, case, assessment, can_answer, can_start, suggestions)


# --- the contact-person suggestion (matching.py) ---------------------------------------------------

def citizen_needs(case, assessment) -> list[matching.CitizenNeed]:
    """What the citizen needs, as codes: the case's needs, its FFB target groups, and the conditions of the
    latest assessment with at least moderate limitations (level 2–4) or assessed without a level."""
    labels = dict(Need.choices)
    needs = [matching.CitizenNeed(code, str(labels.get(code, code)), "behov") for code in case.needs]
    groups = [case.primary_target_group, *case.target_groups]
    needs += [matching.CitizenNeed(code, ffb.display(code), "målgruppe") for code in groups if code]
    if assessment is not None:
        needs += [matching.CitizenNeed(s.condition, s.condition_name, "tilstand") for s in assessment.scores.all()
                  if s.functional_level is None or s.functional_level >= 2]
    return needs


def team_candidates(unit: Unit) -> list[matching.Candidate]:
    """The workers of the providing team (only they: the suggestion never shows anyone else), with their
    competences and their caseload now: citizens they are contact person for in a running episode or an
    accepted order not yet started. Three queries."""
    users = list(get_user_model().objects.filter(staff__units=unit, staff__municipality_id=unit.municipality_id,
                                                 is_active=True, groups__permissions__codename="provide_support",
                                                 groups__permissions__content_type__app_label="support")
                 .prefetch_related("staff__competences").distinct().order_by("first_name", "last_name", "pk"))
    ids = [u.pk for u in users]
    load: dict[int, set[int]] = defaultdict(set)
    for worker_id, citizen_id in (Episode.objects.filter(municipality_id=unit.municipality_id, worker_id__in=ids,
                                                         ended_on__isnull=True)
                                  .values_list("worker_id", "citizen_id")):
        load[worker_id].add(citizen_id)
    for worker_id, citizen_id in (Order.objects.filter(municipality_id=unit.municipality_id,
                                                       contact_person_id__in=ids, status=Order.Status.ACCEPTED)
                                  .values_list("contact_person_id", "citizen_id")):
        load[worker_id].add(citizen_id)
    return [matching.Candidate(u.pk, u.get_full_name() or u.username,
                               tuple(matching.Skill(c.name, frozenset(c.covers)) for c in u.staff.competences.all()),
                               len(load[u.pk])) for u in users]


def contact_suggestions(order: Order, case, assessment) -> list[matching.Suggestion]:
    if order.unit is None:
        return []
    return matching.suggest(citizen_needs(case, assessment), team_candidates(order.unit))


# --- externally bought cases and taking them home --------------------------------------------------

LEAD = "support.view_delivered_hours"
CENT = Decimal("0.01")


@dataclass
class PlacementRow:
    placement: ExternalPlacement
    saving: hometaking.Saving


@dataclass
class HomeTaking:
    bought: list[PlacementRow]  # still bought externally (planned or not)
    home: list[PlacementRow]  # taken home
    external_per_month: Decimal  # what the cases still bought cost a month
    planned_per_year: Decimal  # the saving a year when the planned cases come home
    realised_per_year: Decimal  # the saving a year of the cases taken home

    @property
    def rows(self) -> list[PlacementRow]:
        return self.bought + self.home


def _lead_scope(user: Actor) -> frozenset[int]:
    principal = principal_of(user)
    if not principal.has_perm(LEAD):
        raise PermissionDenied("Hjemtagning af eksternt købte sager hører til enhedens leder.")
    return principal.scope_unit_ids


def home_taking(user: Actor, *, log: bool = True) -> HomeTaking:
    """The externally bought cases of the units the leader manages, with the saving of taking them home.
    Every citizen shown is logged (the start-page panel logs through the start page)."""
    scope = _lead_scope(user)
    principal = principal_of(user)
    placements = list(ExternalPlacement.objects.filter(municipality_id=principal.municipality_id, unit_id__in=scope)
                      .select_related("citizen", "unit", "home_offer", "responsible")
                      .order_by("taken_home_on", "target_on", "starts_on", "pk"))
    if log:
        record_list_access(actor=user, citizens=[p.citizen for p in placements], what="Hjemtagning")
    rows = [PlacementRow(p, hometaking.saving_of(p)) for p in placements]
    bought = [r for r in rows if r.placement.taken_home_on is None]
    home = [r for r in rows if r.placement.taken_home_on is not None]
    zero = Decimal(0)
    return HomeTaking(bought, home, (sum((r.saving.external_year for r in bought), zero) / 12).quantize(CENT),
                      sum((r.saving.per_year or zero for r in bought), zero),
                      sum((r.saving.per_year or zero for r in home), zero))


@dataclass
class PlacementView:
    placement: ExternalPlacement
    saving: hometaking.Saving
    steps: list


def placement_view(user: Actor, placement_id: int, *, write: bool = False) -> PlacementView:
    """One externally bought case, for the leader of its unit (or a manager above it)."""
    scope = _lead_scope(user)
    principal = principal_of(user)
    placement = (ExternalPlacement.objects.filter(municipality_id=principal.municipality_id, pk=placement_id)
                 .select_related("citizen", "unit", "home_offer", "responsible").first())
    if placement is None:
        raise Http404("Den eksternt købte sag findes ikke.")
    if placement.unit_id not in scope:
        raise PermissionDenied("Sagen hjemtages af en anden enhed.")
    if write:
        placement.citizen = open_for_write(user, placement.citizen_id, what="Hjemtagning", perm=LEAD)
    else:
        placement.citizen, _grant = open_citizen(user, placement.citizen_id, what="Hjemtagning")
    return PlacementView(placement, hometaking.saving_of(placement), list(placement.steps.order_by("due_on", "pk")))


def home_offers(unit: Unit):
    return Offer.objects.filter(unit=unit, active=True).order_by("name")


def unit_staff(unit: Unit):
    return (get_user_model().objects.filter(staff__units=unit, is_active=True).distinct()
            .order_by("first_name", "last_name"))


def lead_units(user: Actor) -> QuerySet[Unit]:
    """The teams a leader may register externally bought cases for."""
    scope = _lead_scope(user)
    return Unit.objects.filter(pk__in=scope, kind=Unit.Kind.TEAM).order_by("name")


def citizen_by_cpr(user: Actor, cpr: str) -> Citizen | None:
    """The citizen in the leader's municipality with the CPR number (to register a case bought externally;
    the look-up itself is logged when found)."""
    principal = principal_of(user)
    citizen = Citizen.objects.filter(municipality_id=principal.municipality_id, cpr=cpr).first()
    if citizen is not None:
        record_list_access(actor=user, citizens=[citizen], what="Hjemtagning (opslag på CPR)")
    return citizen
