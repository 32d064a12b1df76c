"""Reads in visitation. Everything about one citizen goes through `open_citizen` (need to know,
access event); lists filter by need to know and log every citizen shown."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.audit.services import record_access, record_list_access
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.offers.capacity import Capacity, capacity_for
from tovholder.offers.models import Offer
from tovholder.offers.selectors import catalogue

from .models import (
    Case,
    CaseNote,
    ConditionScore,
    Decision,
    DirectHelp,
    EndProposal,
    Letter,
    Request,
    RoutingRule,
    Source,
    WaitlistEntry,
)
from .routing import Suggestion, suggest

S = Decision.Status
DUE_SOON_DAYS = 5


def _scoped(model, user: Actor, pk):
    profile = principal_of(user)
    obj = model.objects.filter(municipality=profile.municipality, pk=pk).first()
    if obj is None:
        raise Http404("Findes ikke i din kommune.")
    return obj


@dataclass
class Desk:
    cases: list
    due: list  # decisions awaiting a decision, soonest deadline first
    open_requests: list
    today: datetime.date
    without_coordinator: list  # citizens of the caseworker's cases with an effort under way and no coordinator
    end_proposals: list  # the providers' proposals to end an effort, waiting for the caseworker
    unsent: list  # decisions made whose letter is not sent
    deadline: str = ""  # the due list shows only these: "overskredet" or "snart" ("" all)


DESK_LIMIT = 200
DEADLINES = ("overskredet", "snart")


def _desk_lists(user: Actor, today: datetime.date) -> dict:
    """The caseworker's lists as querysets: the desk shows them, the start page counts them."""
    assert user.is_authenticated
    profile = principal_of(user)
    return {
        "cases": Case.objects.filter(caseworker=user, status=Case.Status.OPEN).select_related("citizen")
        .order_by("opened_on", "pk"),
        "due": Decision.objects.filter(case__caseworker=user, status=S.REQUESTED).select_related("citizen", "offer")
        .order_by("deadline_on", "pk"),
        "open_requests": Request.objects.filter(municipality=profile.municipality, status=Request.Status.OPEN)
        .filter(Q(citizen__isnull=True) | Q(source=Source.PORTAL) | Q(citizen__in=Citizen.objects.known_to(user)))
        .select_related("citizen", "offer_wanted").order_by("received_on", "pk"),
        "without_coordinator": Citizen.objects.filter(
            cases__caseworker=user, cases__status=Case.Status.OPEN, coordinator__isnull=True,
            decisions__status__in=[S.ORDERED, S.ACTIVE]).distinct().order_by("last_name", "first_name"),
        "end_proposals": EndProposal.objects.filter(decision__case__caseworker=user,
                                                    status=EndProposal.Status.PROPOSED)
        .select_related("citizen", "decision__offer", "proposed_by").order_by("registered_at"),
        "unsent": Decision.objects.filter(case__caseworker=user, status__in=[S.GRANTED, S.ORDERED, S.REFUSED])
        .exclude(letters__kind__in=[Letter.Kind.GRANT, Letter.Kind.REFUSAL])
        .select_related("citizen", "offer").order_by("decided_on", "pk"),
    }


def _by_deadline(due, deadline: str, today: datetime.date):
    if deadline == "overskredet":
        return due.filter(deadline_on__lt=today)
    if deadline == "snart":
        return due.filter(deadline_on__gte=today, deadline_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    return due


def caseworker_desk(user: Actor, *, deadline: str = "") -> Desk:
    require_perm(user, "visitation.handle_cases")
    assert user.is_authenticated
    today = timezone.localdate()
    deadline = deadline if deadline in DEADLINES else ""
    lists = _desk_lists(user, today)
    lists["due"] = _by_deadline(lists["due"], deadline, today)
    found = {key: list(qs[:DESK_LIMIT]) for key, qs in lists.items()}
    shown = ({c.citizen for c in found["cases"]} | {d.citizen for d in found["due"]}
             | {r.citizen for r in found["open_requests"] if r.citizen} | set(found["without_coordinator"])
             | {p.citizen for p in found["end_proposals"]} | {d.citizen for d in found["unsent"]})
    record_list_access(actor=user, citizens=shown, what="Sagsbehandlers skrivebord")
    return Desk(today=today, deadline=deadline, **found)


@dataclass
class DeskFigures:
    due: int
    overdue: int
    due_soon: int
    open_requests: int
    cases: int
    without_coordinator: int
    end_proposals: int
    unsent: int
    overdue_rows: list  # the first few past their deadline (named on the start page)


def desk_figures(user: Actor, *, named: int = 5) -> DeskFigures:
    """The caseworker's start page: the desk's lists counted (each figure is the length of the list it links
    to), and the first `named` requests past their deadline. The caller logs the citizens named."""
    require_perm(user, "visitation.handle_cases")
    today = timezone.localdate()
    lists = _desk_lists(user, today)
    due = lists["due"]
    overdue = _by_deadline(due, "overskredet", today)
    return DeskFigures(
        due=due.count(), overdue=overdue.count(), due_soon=_by_deadline(due, "snart", today).count(),
        open_requests=lists["open_requests"].count(),
        cases=lists["cases"].count(), without_coordinator=lists["without_coordinator"].count(),
        end_proposals=lists["end_proposals"].count(), unsent=lists["unsent"].count(),
        overdue_rows=list(overdue[:named]))


def deadline_state(decision: Decision, today: datetime.date) -> str:
    if decision.deadline_on is None:
        return ""
    if decision.deadline_on < today:
        return "overskredet"
    if (decision.deadline_on - today).days <= DUE_SOON_DAYS:
        return "snart"
    return ""


@dataclass
class CaseView:
    case: Case
    assessments: list
    decisions: list
    direct_help: list
    suggestions: list[Suggestion]
    age: int
    support_need: str  # the latest assessment's overall support need
    letters: list
    notes: list | None  # the caseworker's notes (sagsnotater): None for those who may not read them
    status_changes: list


def case_view(user: Actor, case_id: int) -> CaseView:
    case = _scoped(Case, user, case_id)
    citizen, _ = open_citizen(user, case.citizen_id, what="Sag")
    case = Case.objects.select_related("citizen", "caseworker", "request").get(pk=case.pk)
    assessments = list(case.assessments.prefetch_related("scores").select_related("assessed_by"))
    _mark_changes(assessments)
    decisions = list(case.decisions.select_related("offer", "offer__legal_basis").order_by("-pk"))
    help_ = list(case.from_direct_help.select_related("offer", "worker").order_by("given_on"))
    rules = RoutingRule.objects.filter(municipality=case.municipality, active=True).select_related("offer")
    age = citizen.age()
    need = next((a.support_need_display for a in assessments if a.support_need), "")
    letters = list(case.letters.select_related("decision__offer").order_by("sent_on", "pk"))
    notes = (list(case.notes.select_related("author", "replaces").order_by("-written_on", "-pk"))
             if user.has_perm("visitation.handle_cases") else None)
    changes = list(case.status_changes.select_related("by"))
    return CaseView(case, assessments, decisions, help_, suggest(rules, age=age, needs=case.needs), age, need,
                    letters, notes, changes)


def _mark_changes(assessments: list) -> None:
    """A re-assessment shows each condition's level beside the level of the assessment before it
    (`score.before`); assessments come newest first."""
    for newer, older in zip(assessments, assessments[1:], strict=False):
        earlier = {s.condition: s.functional_level for s in older.scores.all()}
        for score in newer.scores.all():
            score.before = earlier.get(score.condition)


def latest_levels(citizen_id: int, municipality_id: int) -> dict[str, tuple[int, datetime.date]]:
    """The citizen's latest assessed functional level per FFB condition, with its date (for the effort
    goals' conditions). Read for a page that already opened the citizen."""
    latest: dict[str, tuple[int, datetime.date]] = {}
    for condition, level, day in (ConditionScore.objects.filter(
            assessment__citizen_id=citizen_id, municipality_id=municipality_id, functional_level__isnull=False)
            .order_by("assessment__assessed_on", "assessment_id")
            .values_list("condition", "functional_level", "assessment__assessed_on")):
        if level is not None:
            latest[condition] = (level, day)
    return latest


def case_note_for_work(user: Actor, note_id: int) -> CaseNote:
    note = _scoped(CaseNote, user, note_id)
    open_for_write(user, note.citizen_id, what="Sagsnotat (ret)", perm="visitation.handle_cases")
    return note


def decision_view(user: Actor, decision_id: int) -> Decision:
    decision = _scoped(Decision, user, decision_id)
    open_citizen(user, decision.citizen_id, what="Afgørelse")
    return (Decision.objects.select_related("citizen", "offer", "offer__legal_basis", "case", "case__caseworker",
                                            "decided_by", "replaces")
            .prefetch_related("deadline_notices", "orders__unit", "orders__contact_person", "service_changes",
                              "follow_ups__by", "effort_goals", "letters", "end_proposals__proposed_by",
                              "end_proposals__answered_by").get(pk=decision.pk))


def letter_view(user: Actor, letter_id: int) -> Letter:
    letter = _scoped(Letter, user, letter_id)
    open_citizen(user, letter.citizen_id, what="Brev")
    return letter


def request_view(user: Actor, request_id: int) -> Request:
    request = _scoped(Request, user, request_id)
    if request.citizen_id and request.source == Source.PORTAL and user.has_perm("visitation.handle_cases"):
        # the citizen sent it to the municipality's caseworkers themselves (Min Tovholder): every caseworker
        # receives it, as an anonymous request, and the read is logged (ADR 0037)
        record_access(actor=user, citizen=request.citizen, what="Henvendelse fra borgeren (Min Tovholder)")
    elif request.citizen_id:
        open_citizen(user, request.citizen_id, what="Henvendelse")
    elif not user.has_perm("visitation.register_requests"):
        raise PermissionDenied("Din rolle giver ikke adgang til henvendelser.")
    return request


def direct_help_for(user: Actor, help_id: int) -> DirectHelp:
    help_ = _scoped(DirectHelp, user, help_id)
    if help_.citizen_id:
        open_citizen(user, help_.citizen_id, what="Hjælp uden visitation")
    elif help_.worker_id != user.pk and not user.has_perm("visitation.handle_cases"):
        raise PermissionDenied("Du kan kun se den anonyme hjælp, du selv har givet.")
    return help_


def my_direct_help(user: Actor, limit: int = 50) -> list[DirectHelp]:
    profile = principal_of(user)
    assert user.is_authenticated
    items = list(DirectHelp.objects.filter(municipality=profile.municipality, worker=user)
                 .select_related("citizen", "offer", "escalated_to").order_by("-given_on", "-pk")[:limit])
    linked = {h.citizen_id for h in items if h.citizen_id}
    known = set(Citizen.objects.known_to(user).filter(pk__in=linked).values_list("pk", flat=True)) if linked else set()
    for h in items:  # help linked to a citizen outside the giver's need to know names nobody (no CPR oracle)
        h.citizen_known = h.citizen_id in known
    record_list_access(actor=user, citizens={h.citizen for h in items if h.citizen_known},
                       what="Min hjælp uden visitation")
    return items


@dataclass
class OfferQueue:
    offer: Offer
    capacity: Capacity  # used, total and waiting: `offers.capacity.capacity_for`, the one function
    waiting: int
    longest_days: int | None
    starts_per_week: float | None
    expected_days_for_next: float | None = None
    entries: list = field(default_factory=list)
    waiting_before: int | None = None  # on the waitlist TREND_DAYS ago
    overdue: int = 0  # requests for the offer past their deadline

    @property
    def trend(self) -> int | None:
        return None if self.waiting_before is None else self.waiting - self.waiting_before


TREND_DAYS = 30


def _starts_per_week(offer, municipality, today) -> float | None:
    since = today - datetime.timedelta(days=182)
    starts = Decision.objects.filter(offer=offer, municipality=municipality, activated_on__gte=since).count()
    return starts / 26 if starts else None


def expected_wait_days(position: int, starts_per_week: float | None) -> float | None:
    """A simple, honest estimate: the citizen's place in the queue over the recent pace of starts."""
    if not starts_per_week:
        return None
    return position / starts_per_week * 7


def overdue_requests(municipality, today: datetime.date):
    """Requests (applications) past their deadline in the municipality, without names."""
    return Decision.objects.filter(municipality=municipality, status=S.REQUESTED, deadline_on__lt=today)


def waitlists(user: Actor) -> list[OfferQueue]:
    """The manager's overview: every offer with its capacity and waitlist (counts, no names), the waitlist
    TREND_DAYS ago, and the requests past their deadline."""
    profile = require_perm(user, "visitation.view_waitlist")
    today = timezone.localdate()
    before = today - datetime.timedelta(days=TREND_DAYS)
    entries = WaitlistEntry.objects.filter(municipality=profile.municipality)
    first = dict(entries.filter(removed_on__isnull=True).order_by().values("offer").annotate(first=Min("added_on"))
                 .values_list("offer", "first"))
    then = dict(entries.filter(added_on__lte=before).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=before))
                .order_by().values("offer").annotate(n=Count("pk")).values_list("offer", "n"))
    overdue = dict(overdue_requests(profile.municipality, today).order_by().values("offer").annotate(n=Count("pk"))
                   .values_list("offer", "n"))
    queues = []
    for offer in catalogue(user).filter(requires_visitation=True):
        capacity = capacity_for(offer, profile.municipality)
        pace = _starts_per_week(offer, profile.municipality, today)
        since = first.get(offer.pk)
        queues.append(OfferQueue(
            offer=offer, capacity=capacity, waiting=capacity.waiting,
            longest_days=(today - since).days if since else None, starts_per_week=pace,
            expected_days_for_next=expected_wait_days(1, pace) if capacity.waiting else None,
            waiting_before=then.get(offer.pk, 0), overdue=overdue.get(offer.pk, 0)))
    return queues


def waitlist_for(user: Actor, offer_id: int) -> OfferQueue:
    profile = require_perm(user, "visitation.view_waitlist")
    offer = catalogue(user).filter(pk=offer_id).first()
    if offer is None:
        raise Http404("Tilbuddet findes ikke i kommunens katalog.")
    today = timezone.localdate()
    entries = list(WaitlistEntry.objects.filter(municipality=profile.municipality, offer=offer,
                                                removed_on__isnull=True).select_related("citizen", "decision"))
    pace = _starts_per_week(offer, profile.municipality, today)
    for position, entry in enumerate(entries, start=1):
        entry.position = position  # type: ignore[attr-defined]
        entry.waited_days = (today - entry.added_on).days  # type: ignore[attr-defined]
        entry.expected_days = expected_wait_days(position, pace)  # type: ignore[attr-defined]
    record_list_access(actor=user, citizens={e.citizen for e in entries}, what=f"Venteliste: {offer.name}")
    return OfferQueue(offer, capacity_for(offer, profile.municipality), len(entries),
                      max((e.waited_days for e in entries), default=None), pace, None, entries)  # type: ignore[attr-defined]


def routing_rules(user: Actor) -> list[RoutingRule]:
    profile = principal_of(user)
    if not (user.has_perm("visitation.edit_routing_rules") or user.has_perm("visitation.handle_cases")):
        raise PermissionDenied("Din rolle giver ikke adgang til visitationsreglerne.")
    return list(RoutingRule.objects.filter(municipality=profile.municipality).select_related("offer"))
