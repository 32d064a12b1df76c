"""Every read of the plan. One citizen's plan goes through `citizens.selectors.open_citizen` (need to
know or a break-the-glass grant; the access event); lists filter by `Citizen.objects.known_to`."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor
from tovholder.citizens.gate import knows
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.records import int_or_none
from tovholder.visitation.models import Decision

from .models import Goal, GoalFollowUp, Plan

PERM = "support.provide_support"


@dataclass
class GoalView:
    goal: Goal
    sub_goals: list[Goal]
    follow_ups: list[GoalFollowUp]
    overdue: bool


@dataclass
class PlanView:
    citizen: Citizen
    read_only: bool
    plan: Plan | None
    goals: list[GoalView]
    ended_goals: list[Goal]
    all_goals: list[Goal]  # every goal and sub-goal, with its follow-ups prefetched


def plan_context(user: Actor, citizen: Citizen) -> PlanView:
    """The plan, the active goals with their sub-goals and follow-ups, and the ended goals. Call only
    after the citizen is opened (the overview's section, or `citizen_plan`)."""
    today = timezone.localdate()
    goals = list(Goal.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id)
                 .select_related("responsible", "unit", "plan").prefetch_related("follow_ups", "revisions")
                 .order_by("created_on", "pk"))
    subs: dict[int, list[Goal]] = defaultdict(list)
    for g in goals:
        if g.parent_id:
            subs[g.parent_id].append(g)
    views = [GoalView(g, subs.get(g.pk, []), list(g.follow_ups.all()), g.is_overdue(today))
             for g in goals if g.parent_id is None and g.is_active]
    ended = [g for g in goals if g.parent_id is None and not g.is_active]
    read_only = not ((user.has_perm(PERM) or user.has_perm(CASES)) and knows(user, citizen))
    plan = goals[0].plan if goals else plan_of(citizen)  # a goal always sits in the one plan
    return PlanView(citizen, read_only, plan, views, ended, goals)


def citizen_plan(user: Actor, citizen_id: int) -> PlanView:
    citizen, _grant = open_citizen(user, citizen_id, what="Plan og mål")
    return plan_context(user, citizen)


def plan_of(citizen: Citizen) -> Plan | None:
    """The citizen's plan (the caller has opened the citizen)."""
    return Plan.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id).first()


CASES = "visitation.handle_cases"


def open_for_plan_work(user: Actor, citizen_id: int, *, what: str) -> Citizen:
    """The citizen, to change the plan: the support role or the caseworker (goals of an effort)."""
    if not (user.has_perm(PERM) or user.has_perm(CASES)):
        raise PermissionDenied("Din rolle kan ikke ændre borgerens plan.")
    return open_for_write(user, citizen_id, what=what)


def goal_for(user: Actor, citizen_id: int, goal_id: int, *, what: str, for_work: bool = True) -> Goal:
    citizen = (open_for_plan_work(user, citizen_id, what=what) if for_work
               else open_citizen(user, citizen_id, what=what)[0])
    goal = Goal.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id, pk=goal_id).select_related(
        "citizen", "parent", "responsible", "decision__offer").prefetch_related("revisions").first()
    if goal is None:
        raise Http404("Målet findes ikke.")
    return goal


def active_goals(citizen: Citizen) -> list[Goal]:
    """The citizen's active goals and sub-goals, in the plan's order (the caller has opened the citizen)."""
    return list(Goal.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id,
                                    status=Goal.Status.ACTIVE).order_by("parent_id", "pk"))


def goals_to_choose(citizen: Citizen, *, also=()):
    """The citizen's active goals (and any goals an older version already pointed to)."""
    return Goal.objects.filter(Q(status=Goal.Status.ACTIVE) | Q(pk__in=[g.pk for g in also]), citizen=citizen,
                               municipality_id=citizen.municipality_id).order_by("created_on", "pk")


def follow_ups_due(user: Actor, *, until: datetime.date, limit: int = 50) -> list[Goal]:
    """Active goals due for follow-up by `until` (overdue first) where the user is responsible or the
    citizen's coordinator, within need to know. The caller logs the citizens shown."""
    return list(Goal.objects.filter(
        Q(responsible=user) | Q(citizen__coordinator=user), status=Goal.Status.ACTIVE,
        next_follow_up_on__lte=until, citizen__in=Citizen.objects.known_to(user),
    ).select_related("citizen", "responsible").order_by("next_follow_up_on", "pk")[:limit])


def overdue_by_responsible(municipality, workers, today: datetime.date) -> dict[int, int]:
    """Overdue active goals per responsible worker (figures, no citizen data)."""
    rows = (Goal.objects.filter(municipality=municipality, status=Goal.Status.ACTIVE, next_follow_up_on__lt=today,
                                responsible__in=workers)
            .values_list("responsible").annotate(n=Count("pk")).values_list("responsible", "n"))
    return dict(rows)


def effort_of(citizen: Citizen, ref: str | None) -> Decision | None:
    """The citizen's effort (a decision in force) named by `?indsats=`, or None; 404 for anything else."""
    if not ref:
        return None
    if int_or_none(ref) is None:
        raise Http404("Indsatsen findes ikke.")
    found = (Decision.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, pk=int(ref))
             .select_related("offer").first())
    if found is None:
        raise Http404("Indsatsen findes ikke.")
    return found


def effort_goals(decision: Decision) -> list[Goal]:
    """The goals of one effort (the caller has opened the citizen)."""
    return list(Goal.objects.filter(municipality_id=decision.municipality_id, decision=decision)
                .select_related("responsible").prefetch_related("follow_ups").order_by("created_on", "pk"))
