"""The psychiatry policy's action plan (issue 17.4; seed 003, sections 6 and 7): the policy's focus areas
(6.1–6.7), the efforts (indsatser) under each with an owner, a start and an end, the goals of an effort
with an indicator, a target and its current value, and the goal's status over time (append-only).

No citizen data: an indicator is a count or a share over the municipality's records, computed by the
registry in `indicators.py`; what the psychiatry council sees is suppressed below five."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel


class FocusArea(TenantModel):
    """One of the policy's focus areas, e.g. “6.2 Sammenhængende borgerforløb”."""

    code = models.CharField("nummer", max_length=10)
    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", max_length=2000, blank=True)

    class Meta:
        verbose_name = "fokusområde"
        verbose_name_plural = "fokusområder"
        ordering = ["code", "pk"]
        permissions = [("view_action_plan", "Ser psykiatripolitikkens handleplan og dens status (intet personligt)"),
                       ("manage_action_plan", "Fører psykiatripolitikkens handleplan: indsatser, mål og status")]
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="focusarea_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Effort(TenantModel):
    """An effort (indsats) carrying out a focus area: who owns it, from when and to when."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="efforts",
                                   verbose_name="fokusområde")
    title = models.CharField("indsats", max_length=200)
    description = models.TextField("beskrivelse", max_length=4000, blank=True)
    owner_unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="ansvarlig enhed")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="ansvarlig medarbejder")
    starts_on = models.DateField("start")
    ends_on = models.DateField("slut", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "indsats i handleplanen"
        verbose_name_plural = "indsatser i handleplanen"
        ordering = ["focus_area__code", "starts_on", "pk"]
        indexes = [models.Index(fields=["municipality", "focus_area"], name="apeffort_area_idx")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F(
            "starts_on")), name="apeffort_dates_in_order")]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    ON_TRACK = "on_track", "På rette spor"
    AT_RISK = "at_risk", "I risiko"
    OFF_TRACK = "off_track", "Ikke på rette spor"


class Direction(models.TextChoices):
    AT_LEAST = "at_least", "Mindst målet (højere er bedre)"
    AT_MOST = "at_most", "Højst målet (lavere er bedre)"


class PolicyGoal(TenantModel):
    """A goal of an effort: an indicator (a key of the registry, or "manual" for a value entered by hand),
    the target and which way it points; the current status is the latest `GoalStatus`."""

    effort = models.ForeignKey(Effort, on_delete=models.PROTECT, related_name="goals", verbose_name="indsats")
    text = models.CharField("mål", max_length=300)
    indicator = models.CharField("indikator", max_length=60)
    target = models.DecimalField("målværdi", max_digits=12, decimal_places=2)
    direction = models.CharField("retning", max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    due_on = models.DateField("nås senest", null=True, blank=True)
    manual_value = models.DecimalField("værdi (indtastet)", max_digits=12, decimal_places=2, null=True, blank=True)
    manual_unit = models.CharField("enhed for den indtastede værdi", max_length=40, blank=True)
    manual_on = models.DateField("værdien gælder pr.", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "mål i handleplanen"
        verbose_name_plural = "mål i handleplanen"
        ordering = ["effort_id", "pk"]
        indexes = [models.Index(fields=["municipality", "effort"], name="apgoal_effort_idx")]

    def __str__(self) -> str:
        return self.text


class GoalStatus(TenantModel):
    """The goal's status from a day, with the dated comment and the indicator's value then (append-only:
    the history is never rewritten; a new status is a new row)."""

    goal = models.ForeignKey(PolicyGoal, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField("status", max_length=10, choices=Status.choices)
    on = models.DateField("dato")
    comment = models.TextField("kommentar", max_length=2000)
    value = models.DecimalField("indikatorens værdi", max_digits=12, decimal_places=2, null=True, blank=True)
    group_size = models.PositiveIntegerField("antal borgere bag værdien", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "status for et mål"
        verbose_name_plural = "status for mål"
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["municipality", "goal", "on"], name="apstatus_goal_idx")]
