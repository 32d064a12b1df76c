"""The citizen's one plan across all units, the goals in the citizen's own words and their follow-ups
(the future FHIR CarePlan and Goal).

The plan's coordinator is the citizen's coordinator (`Citizen.coordinator`): one person across all
units involved (psychiatry policy 6.2). Goals and follow-ups are kept stable and simple because other
apps link to them (journal notes name the goals a contact served; outcomes scores goal attainment).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.offers import ffb
from tovholder.tenancy.models import TenantModel

# FFB's three goal types (Måltype), KL's codes.
GOAL_TYPE_DEVELOP = "d41c8072-52f8-42b5-9375-ddbea454d27f"  # Udvikle funktionsevne
GOAL_TYPE_MAINTAIN = "10752a63-00b4-4958-b7f4-9f3a18f74266"  # Fastholde funktionsevne
GOAL_TYPE_LIMIT_LOSS = "e47c22bd-d88d-48ab-882b-419923e1f44e"  # Begrænse tab af funktionsevne
GOAL_TYPES = (GOAL_TYPE_DEVELOP, GOAL_TYPE_MAINTAIN, GOAL_TYPE_LIMIT_LOSS)


class Plan(TenantModel):
    """The citizen's one overall plan across all units; its coordinator is `citizen.coordinator`."""

    citizen = models.OneToOneField("citizens.Citizen", on_delete=models.PROTECT, related_name="plan",
                                   verbose_name="borger")
    aim = models.TextField("borgerens overordnede ønske – med egne ord", max_length=4000, blank=True)
    review_on = models.DateField("planen evalueres", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "plan"
        verbose_name_plural = "planer"
        indexes = [models.Index(fields=["municipality", "review_on"], name="plan_review_idx")]


class Goal(TenantModel):
    """A goal in the citizen's own words, with an FFB goal type, optionally an FFB condition
    (tilstand) and a target functional level 0–4. A unit's sub-goal points to its `parent`."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Aktivt"
        ENDED = "ended", "Afsluttet"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="goals",
                                verbose_name="borger")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="sub_goals", verbose_name="delmål under")
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name="enhed")
    decision = models.ForeignKey("visitation.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="effort_goals", verbose_name="indsats")  # FFB's indsatsmål
    text = models.TextField("målet med borgerens egne ord", max_length=1000)
    goal_type = models.CharField("måltype (FFB)", max_length=36)
    condition = models.CharField("primær tilstand (FFB)", max_length=36, blank=True)
    secondary_conditions = models.JSONField("sekundære tilstande (FFB)", default=list, blank=True)
    start_level = models.PositiveSmallIntegerField("funktionsevneniveau ved start (0–4)", null=True, blank=True)
    target_level = models.PositiveSmallIntegerField("mål for funktionsevneniveau (0–4)", null=True, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="responsible_goals", verbose_name="ansvarlig")
    next_follow_up_on = models.DateField("næste opfølgning", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_on = models.DateField("oprettet")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField("afsluttet", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "mål"
        verbose_name_plural = "mål"
        ordering = ["created_on", "pk"]
        indexes = [
            models.Index(fields=["municipality", "citizen", "status"], name="goal_citizen_idx"),
            models.Index(fields=["municipality", "status", "next_follow_up_on"], name="goal_follow_up_idx"),
            models.Index(fields=["municipality", "responsible", "status"], name="goal_responsible_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(target_level__isnull=True) | Q(target_level__lte=4),
                                   name="goal_target_level_0_4"),
            models.CheckConstraint(condition=Q(start_level__isnull=True) | Q(start_level__lte=4),
                                   name="goal_start_level_0_4"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @property
    def goal_type_display(self) -> str:
        return ffb.display(self.goal_type)

    @property
    def condition_display(self) -> str:
        return ffb.display(self.condition) if self.condition else ""

    @property
    def secondary_display(self) -> list[str]:
        return [ffb.display(code) for code in self.secondary_conditions]

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_active and self.next_follow_up_on is not None and self.next_follow_up_on < today


class GoalRevision(TenantModel):
    """A goal as it was before a change: its earlier conditions and levels stay visible."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="revisions")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField("version")
    text = models.TextField(max_length=1000)
    goal_type = models.CharField(max_length=36)
    condition = models.CharField(max_length=36, blank=True)
    secondary_conditions = models.JSONField(default=list, blank=True)
    start_level = models.PositiveSmallIntegerField(null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_until = models.DateField("gjaldt til")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tidligere udgave af mål"
        verbose_name_plural = "tidligere udgaver af mål"
        ordering = ["version"]
        indexes = [models.Index(fields=["municipality", "goal", "version"], name="goalrevision_idx")]

    @property
    def condition_display(self) -> str:
        return ffb.display(self.condition) if self.condition else ""


class GoalFollowUp(TenantModel):
    """A follow-up on a goal: the result, what was learned and the next date."""

    class Result(models.TextChoices):
        CONTINUE = "continue", "Fortsæt"
        CHANGE = "change", "Justér målet"
        END = "end", "Afslut målet"
        REVISIT = "revisit", "Tag op igen snart"

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="follow_ups")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("planlagt til", null=True, blank=True)
    held_on = models.DateField("holdt")
    result = models.CharField("resultat", max_length=10, choices=Result.choices)
    learned = models.TextField("hvad har vi lært", max_length=4000, blank=True)
    level_reached = models.PositiveSmallIntegerField("funktionsevneniveau nu (0–4)", null=True, blank=True)
    next_on = models.DateField("næste opfølgning", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "opfølgning på mål"
        verbose_name_plural = "opfølgninger på mål"
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["municipality", "goal", "held_on"], name="followup_goal_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(next_on__isnull=True) | Q(next_on__gt=models.F("held_on")),
                                   name="followup_next_after_held"),
            models.CheckConstraint(condition=Q(level_reached__isnull=True) | Q(level_reached__lte=4),
                                   name="followup_level_0_4"),
        ]
