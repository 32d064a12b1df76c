"""Snapshots of the manager's figures: pre-computed values per municipality, day and figure, with the
dimensions they are broken down by, and a record of which days are filled (ADR 0035).

A snapshot row holds counts and sums only – never a citizen. The dimensions are plain ids (an offer, a
unit, a member of staff) and a category (a request source, an end reason, an age group), so a day can be
rewritten as a whole without touching the records it was computed from.
"""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel


class Snapshot(TenantModel):
    day = models.DateField("dag")
    figure = models.CharField("tal", max_length=40)
    offer_id = models.IntegerField("tilbud", null=True, blank=True)
    unit_id = models.IntegerField("enhed", null=True, blank=True)
    worker_id = models.IntegerField("medarbejder", null=True, blank=True)
    category = models.CharField("kategori", max_length=40, blank=True)
    band = models.CharField("aldersgruppe", max_length=10, blank=True)
    value = models.DecimalField("værdi", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "øjebliksbillede"
        verbose_name_plural = "øjebliksbilleder"
        indexes = [models.Index(fields=["municipality", "figure", "day"], name="figures_snap_idx"),
                   models.Index(fields=["municipality", "day"], name="figures_snap_day_idx")]
        permissions = [("view_figures", "Ser styringstal for tilbud, teams og medarbejdere")]


class FilledDay(TenantModel):
    """A day whose snapshots are written: which figures, when, and how long it took."""

    day = models.DateField("dag")
    computed_at = models.DateTimeField("beregnet")
    seconds = models.FloatField("varighed (sekunder)", default=0)
    figures = models.JSONField("tal", default=list)

    class Meta:
        verbose_name = "udfyldt dag"
        verbose_name_plural = "udfyldte dage"
        constraints = [models.UniqueConstraint(fields=["municipality", "day"], name="figures_filled_day_once")]


class SnapshotRun(TenantModel):
    """A request to fill a range of days, run by the task worker; the page shows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        RUNNING = "running", "I gang"
        DONE = "done", "Færdig"
        FAILED = "failed", "Fejlet"

    date_from = models.DateField("fra")
    date_to = models.DateField("til")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    recompute = models.BooleanField("beregn udfyldte dage igen", default=False)
    days_total = models.PositiveIntegerField(default=0)
    days_done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "udfyldning"
        verbose_name_plural = "udfyldninger"
        indexes = [models.Index(fields=["municipality", "created_at"], name="figures_run_idx")]

    @property
    def percent(self) -> int:
        return 100 if not self.days_total else int(100 * self.days_done / self.days_total)
