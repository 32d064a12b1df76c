"""Statistics Denmark's monthly report on services to adults (§§ 82 a–b, 85, 103, 104, 107, 108).

One row per run for a month and municipality: queued by a person (or the monthly job in a person's name),
built by a background task, and — when the month's efforts differ from the last version delivered — written
as a new version of the file (its content and checksum kept here, so a delivered file can be shown again
after the folder is emptied). ADR 0030.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

__all__ = ["DstReport"]


class DstReport(TenantModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        WRITTEN = "written", "Dannet og lagt i udbakken"
        UNCHANGED = "unchanged", "Uændret – ingen ny fil"
        FAILED = "failed", "Fejlede"

    month = models.DateField("måned")  # the first day of the reported month
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.QUEUED)
    # the delivered version of the month (1, 2, …): set only when a file is written
    version = models.PositiveIntegerField("version", null=True, blank=True)
    created_at = models.DateTimeField("bestilt", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="bestilt af")
    finished_at = models.DateTimeField("færdig", null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    file_name = models.CharField("filnavn", max_length=120, blank=True)
    content = models.TextField("filens indhold", blank=True)
    checksum = models.CharField("kontrolsum (SHA-256)", max_length=64, blank=True)
    record_count = models.PositiveIntegerField("indberettede indsatser", default=0)
    rejected_count = models.PositiveIntegerField("afviste indsatser", default=0)
    counts = models.JSONField("antal pr. paragraf", default=dict, blank=True)
    rejected = models.JSONField("afviste indsatser med årsager", default=list, blank=True)
    changes = models.JSONField("ændringer siden forrige version", default=dict, blank=True)
    citizen_ids = models.JSONField("borgere i filen", default=list, blank=True)
    error = models.CharField("fejl", max_length=2000, blank=True)

    class Meta:
        verbose_name = "indberetning til Danmarks Statistik"
        verbose_name_plural = "indberetninger til Danmarks Statistik"
        permissions = [("report_dst", "Indberetter til Danmarks Statistik (voksne med handicap og udsatte voksne)")]
        indexes = [models.Index(fields=["municipality", "month", "status"], name="dstreport_month_idx")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month", "version"], condition=Q(version__isnull=False),
                                    name="dstreport_unique_version"),
        ]

    def __str__(self) -> str:
        return f"Indberetning {self.month:%Y-%m}" + (f" v{self.version}" if self.version else "")

    @property
    def deadline(self) -> datetime.date:
        return deadline_of(self.month)


def deadline_of(month: datetime.date) -> datetime.date:
    """The 14th of the month after the reported one (bekendtgørelse om dataindberetninger på socialområdet)."""
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following.replace(day=14)
