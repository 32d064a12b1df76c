"""Reads of the action plan. Managers (`manage_action_plan`) see every figure; anyone who only reads it
(the psychiatry council) sees figures built on fewer than five citizens suppressed, the units owning the
efforts but no named staff — nothing personal. Another municipality's records are 404."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, require_perm

from . import indicators
from .models import Direction, Effort, FocusArea, GoalStatus, PolicyGoal

VIEW = "actionplan.view_action_plan"
MANAGE = "actionplan.manage_action_plan"


@dataclass
class GoalView:
    goal: PolicyGoal
    indicator: indicators.Indicator | None
    reading: indicators.Reading
    latest: GoalStatus | None
    sensitive: bool  # shown outside need to know: suppress small groups

    @property
    def value(self) -> Decimal | None:
        if self.sensitive and self.reading.suppressed:
            return None
        return self.reading.value

    @property
    def suppressed(self) -> bool:
        return self.sensitive and self.reading.suppressed

    @property
    def unit(self) -> str:
        if self.indicator is None:
            return ""
        return self.goal.manual_unit if self.indicator.key == indicators.MANUAL else self.indicator.unit

    @property
    def reached(self) -> bool | None:
        value = self.reading.value
        if value is None:
            return None
        if self.goal.direction == Direction.AT_MOST:
            return value <= self.goal.target
        return value >= self.goal.target


def shown_value(entry: GoalStatus, sensitive: bool) -> Decimal | None:
    """A status entry's value as the viewer may see it."""
    if sensitive and entry.group_size is not None and 0 < entry.group_size < indicators.MIN_GROUP:
        return None
    return entry.value


def _reader(goal: PolicyGoal, cache: dict, day: datetime.date) -> indicators.Reading:
    indicator = indicators.get(goal.indicator)
    if indicator is None:
        return indicators.Reading(None)
    if indicator.key == indicators.MANUAL:
        return indicators.Reading(goal.manual_value)
    if indicator.key not in cache:
        cache[indicator.key] = indicator.read(goal.municipality_id, day)
    return cache[indicator.key]


def _goal_views(goals: list[PolicyGoal], *, sensitive: bool, day: datetime.date) -> list[GoalView]:
    latest: dict[int, GoalStatus] = {}
    for entry in GoalStatus.objects.filter(goal_id__in=[g.pk for g in goals]).order_by("on", "pk"):
        latest[entry.goal_id] = entry
    cache: dict = {}
    return [GoalView(g, indicators.get(g.indicator), _reader(g, cache, day), latest.get(g.pk), sensitive)
            for g in goals]


@dataclass
class EffortView:
    effort: Effort
    goals: list[GoalView]


@dataclass
class AreaView:
    area: FocusArea
    efforts: list[EffortView]


@dataclass
class Plan:
    areas: list[AreaView]
    may_manage: bool
    today: datetime.date

    @property
    def sensitive(self) -> bool:
        return not self.may_manage

    def status_counts(self) -> list[tuple[str, int]]:
        from .models import Status

        counts = {s: 0 for s in Status.values}
        none = 0
        for a in self.areas:
            for e in a.efforts:
                for g in e.goals:
                    if g.latest is None:
                        none += 1
                    else:
                        counts[g.latest.status] += 1
        return [(label, counts[value]) for value, label in Status.choices] + [("Ingen status endnu", none)]


def plan(user: Actor, *, today: datetime.date | None = None) -> Plan:
    principal = require_perm(user, VIEW)
    today = today or timezone.localdate()
    may_manage = principal.has_perm(MANAGE)
    areas = list(FocusArea.objects.filter(municipality_id=principal.municipality_id).order_by("code", "pk"))
    efforts = list(Effort.objects.filter(municipality_id=principal.municipality_id)
                   .select_related("owner_unit", "owner").order_by("starts_on", "pk"))
    goals = list(PolicyGoal.objects.filter(municipality_id=principal.municipality_id).order_by("pk"))
    views = _goal_views(goals, sensitive=not may_manage, day=today)
    by_effort: dict[int, list[GoalView]] = {}
    for v in views:
        by_effort.setdefault(v.goal.effort_id, []).append(v)
    by_area: dict[int, list[EffortView]] = {}
    for e in efforts:
        by_area.setdefault(e.focus_area_id, []).append(EffortView(e, by_effort.get(e.pk, [])))
    return Plan([AreaView(a, by_area.get(a.pk, [])) for a in areas], may_manage, today)


def focus_area(user: Actor, area_id) -> FocusArea:
    principal = require_perm(user, VIEW)
    area = FocusArea.objects.filter(pk=area_id, municipality_id=principal.municipality_id).first()
    if area is None:
        raise Http404("Fokusområdet findes ikke.")
    return area


def effort(user: Actor, effort_id) -> EffortView:
    principal = require_perm(user, VIEW)
    found = (Effort.objects.filter(pk=effort_id, municipality_id=principal.municipality_id)
             .select_related("focus_area", "owner_unit", "owner").first())
    if found is None:
        raise Http404("Indsatsen findes ikke.")
    goals = list(PolicyGoal.objects.filter(effort=found).order_by("pk"))
    return EffortView(found, _goal_views(goals, sensitive=not principal.has_perm(MANAGE),
                                         day=timezone.localdate()))


@dataclass
class GoalDetail:
    view: GoalView
    history: list[tuple[GoalStatus, Decimal | None]]  # newest first, with the value as the viewer may see it
    may_manage: bool


def goal(user: Actor, goal_id) -> GoalDetail:
    principal = require_perm(user, VIEW)
    found = (PolicyGoal.objects.filter(pk=goal_id, municipality_id=principal.municipality_id)
             .select_related("effort__focus_area", "effort__owner_unit").first())
    if found is None:
        raise Http404("Målet findes ikke.")
    sensitive = not principal.has_perm(MANAGE)
    [view] = _goal_views([found], sensitive=sensitive, day=timezone.localdate())
    entries = list(GoalStatus.objects.filter(goal=found).select_related("recorded_by").order_by("-on", "-pk"))
    return GoalDetail(view, [(e, shown_value(e, sensitive)) for e in entries], principal.has_perm(MANAGE))


def owner_units(user: Actor) -> list[Unit]:
    principal = require_perm(user, MANAGE)
    return list(Unit.objects.filter(municipality_id=principal.municipality_id).order_by("name"))


def owner_choices(user: Actor):
    from django.contrib.auth import get_user_model

    principal = require_perm(user, MANAGE)
    return (get_user_model().objects.filter(staff__municipality_id=principal.municipality_id, is_active=True,
                                            groups__permissions__codename="manage_action_plan")
            .distinct().order_by("first_name", "last_name"))
