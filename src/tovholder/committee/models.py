"""The committee report (udvalgssag) for the social and health committee: a period, the generated sections
as frozen tables (figures as they stood when the report was made, nothing about a person), and the draft's
text sections the manager edits before the PDF is made (ADR 0036).

The tables are stored as the report shows them (Danish number formats, groups under five already written
"under 5"), so a report reads the same tomorrow as on the day it went to the committee."""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel

MAX_TEXT = 6000


class Report(TenantModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        RUNNING = "running", "I gang"
        DONE = "done", "Færdig"
        FAILED = "failed", "Fejlet"

    title = models.CharField("titel", max_length=200)
    date_from = models.DateField("fra og med")
    date_to = models.DateField("til og med")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_total = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    sections = models.JSONField("afsnit", default=dict, blank=True)
    recommendation = models.TextField("indstilling", max_length=MAX_TEXT, blank=True)
    summary = models.TextField("resumé", max_length=MAX_TEXT, blank=True)
    economy_note = models.TextField("økonomiske bemærkninger", max_length=MAX_TEXT, blank=True)
    options = models.TextField("handlemuligheder", max_length=MAX_TEXT, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)
    pdf_made_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "udvalgssag"
        verbose_name_plural = "udvalgssager"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "created_at"], name="committee_report_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        return 100 if not self.steps_total else int(100 * self.steps_done / self.steps_total)

    @property
    def working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
