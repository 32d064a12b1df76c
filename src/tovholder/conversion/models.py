"""Moving in from the incumbent system (issue 19.5): the import log the municipality keeps, and the map from
the old system's ids to the records the import created (so a second run creates nothing twice)."""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel


class ImportRun(TenantModel):
    """One upload: who, when, which file (name and SHA-256), a dry run or an import, progress and counts,
    and the report row by row. The file itself is kept only until the run has finished."""

    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        RUNNING = "running", "Kører"
        DONE = "done", "Færdig"
        FAILED = "failed", "Fejlede"

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"

    dry_run = models.BooleanField("prøvekørsel", default=True)
    file_name = models.CharField("filnavn", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("størrelse (bytes)")
    fmt = models.CharField("format", max_length=4, choices=Format.choices)
    content = models.TextField("filens indhold (til kørslen er færdig)", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("rækker i alt", default=0)
    done = models.PositiveIntegerField("rækker behandlet", default=0)
    created = models.PositiveIntegerField("oprettet", default=0)
    unchanged = models.PositiveIntegerField("allerede indlæst", default=0)
    refused = models.PositiveIntegerField("afvist", default=0)
    report = models.JSONField("rapport række for række", default=list, blank=True)
    error = models.TextField("fejl", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="startet af")
    created_at = models.DateTimeField("startet", auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    elapsed_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "indlæsning"
        verbose_name_plural = "indlæsninger"
        ordering = ["-created_at", "-pk"]
        permissions = [("run_import", "Indlæser borgere og sager fra kommunens tidligere system")]
        indexes = [models.Index(fields=["municipality", "created_at"], name="importrun_created_idx")]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def rows_per_second(self) -> float | None:
        return self.done / self.elapsed_seconds if self.elapsed_seconds else None


class Kind(models.TextChoices):
    CITIZEN = "citizen", "Borger"
    RELATIVE = "relative", "Pårørende"
    CONSENT = "consent", "Samtykke"
    CASE = "case", "Sag"
    DECISION = "decision", "Afgørelse"
    PLAN = "plan", "Plan"
    GOAL = "goal", "Mål"


class ImportedRecord(TenantModel):
    """The old system's id of a record the import created: a second run finds it here and creates nothing."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="records")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("slags", max_length=10, choices=Kind.choices)
    external_id = models.CharField("id i det tidligere system", max_length=100)
    object_id = models.PositiveBigIntegerField("id i Tovholder")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "indlæst post"
        verbose_name_plural = "indlæste poster"
        constraints = [models.UniqueConstraint(fields=["municipality", "kind", "external_id"],
                                               name="imported_unique_external_id")]
        indexes = [models.Index(fields=["municipality", "citizen"], name="imported_citizen_idx")]
