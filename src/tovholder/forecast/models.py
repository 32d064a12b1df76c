"""Capacity forecasts: the municipality's scenarios (as data) and the runs made from them.

A run keeps everything needed to reproduce and cite it: the scenario as it was (with today's caseload
and waitlist from the database written into its ``initial`` blocks), the seed and the number of
replications, who started it and when, and the summarised result.
"""

from django.conf import settings
from django.db import models

from tovholder.layout import formats
from tovholder.tenancy.models import TenantModel


class Scenario(TenantModel):
    """A forecast scenario: the engine's dict plus the mapping of its offers to the catalogue."""

    name = models.CharField("navn", max_length=120)
    description = models.TextField("beskrivelse", max_length=2000, blank=True)
    data = models.JSONField("scenarie (JSON)")
    based_on = models.CharField("bygger på", max_length=80, blank=True,
                                help_text="Det udsendte eksempel, scenariet blev kopieret fra.")
    calibration = models.JSONField("seneste kalibrering", default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "prognosescenarie"
        verbose_name_plural = "prognosescenarier"
        ordering = ["name", "pk"]
        permissions = [("run_forecast", "Kører kapacitetsprognoser og redigerer scenarier")]
        # the unique constraint's index starts with the municipality
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="forecast_scenario_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def based_on_title(self) -> str:
        """The shipped example's Danish title, never its file name."""
        from .scenarios import shipped_title

        return shipped_title(self.based_on)


class ForecastRun(TenantModel):
    """One forecast run: a snapshot of the scenario, the seed, progress and the summarised result."""

    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        RUNNING = "running", "Kører"
        DONE = "done", "Færdig"
        FAILED = "failed", "Fejlede"

    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    scenario_name = models.CharField("scenarie", max_length=120)
    scenario_version = models.PositiveIntegerField("scenariets version")
    snapshot = models.JSONField("scenariet som kørt")
    initial = models.JSONField("starttilstand", default=dict,
                               help_text="Pr. tilbud: hvor starttilstanden kom fra, antal i forløb og på venteliste.")
    from_database = models.BooleanField("starttilstand fra databasen", default=True)
    counted_on = models.DateField("optalt den")
    seed = models.PositiveBigIntegerField("seed")
    replications = models.PositiveIntegerField("replikationer")
    horizon_days = models.PositiveIntegerField("horisont (dage)")
    start_date = models.DateField("startdato")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("fremdrift (%)", default=0)
    result = models.JSONField("resultat", null=True, blank=True)
    error = models.TextField("fejl", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    elapsed_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "prognosekørsel"
        verbose_name_plural = "prognosekørsler"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "created_at"], name="forecast_run_idx"),
            models.Index(fields=["municipality", "status"], name="forecast_run_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_name} ({formats.moment(self.created_at)})" if self.created_at else self.scenario_name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def status_text(self) -> str:
        """A short status for the live region: progress in steps of ten, so it is not read out every second."""
        if self.status == self.Status.QUEUED:
            return "I kø – venter på at blive regnet."
        if self.status == self.Status.RUNNING:
            return f"Kører: {self.progress // 10 * 10} % færdig."
        return "Færdig." if self.status == self.Status.DONE else "Kørslen fejlede."

    @property
    def horizon_years(self) -> float:
        return round(self.horizon_days / 365.25, 1)
