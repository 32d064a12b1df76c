"""Outcome measurement: instruments and their versions (definitions as data), and the measurements
a worker and a citizen fill in together, one score per area."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from tovholder.layout import formats
from tovholder.tenancy.models import Municipality, TenantModel

from . import definitions


class Instrument(models.Model):
    """A measuring instrument. `municipality` is empty for the instruments Tovholder ships, and set
    for one a municipality imported (for instance a licensed text it holds)."""

    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="instruments", verbose_name="kommune")
    key = models.SlugField("nøgle", max_length=50)
    name = models.CharField("navn", max_length=200)
    retired_at = models.DateTimeField("udgået", null=True, blank=True)

    class Meta:
        verbose_name = "måleredskab"
        verbose_name_plural = "måleredskaber"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="instrument_unique_key"),
            models.UniqueConstraint(fields=["key"], condition=Q(municipality__isnull=True),
                                    name="instrument_unique_shipped_key"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shipped(self) -> bool:
        return self.municipality_id is None


class InstrumentVersion(models.Model):
    """One version of a definition. A changed definition is a new version; measurements keep theirs.
    `retired_at` is set when a newer version replaces it: new answers to it are refused."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("version")
    definition = models.JSONField("definition")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    retired_at = models.DateTimeField("udgået", null=True, blank=True)

    class Meta:
        verbose_name = "version af måleredskab"
        verbose_name_plural = "versioner af måleredskaber"
        ordering = ["instrument", "-number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="instrument_version_unique")]

    def __str__(self) -> str:
        return f"{self.instrument.name}, version {self.number}"

    @cached_property
    def spec(self) -> definitions.Spec:
        return definitions.parse(self.definition)

    @property
    def current(self) -> bool:
        return self.retired_at is None and self.instrument.retired_at is None


class Measurement(TenantModel):
    """One filled-in instrument for one citizen: when, who answered, who recorded it.

    Never edited: a correction is a new measurement that `replaces` the old one; both are kept."""

    class AnsweredBy(models.TextChoices):
        CITIZEN = "citizen", "Borgeren"
        WORKER = "worker", "Medarbejderen"
        TOGETHER = "together", "Borger og medarbejder i enighed"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="outcome_measurements",
                                verbose_name="borger")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="measurements",
                                verbose_name="måleredskab")
    measured_on = models.DateField("dato")
    answered_by = models.CharField("hvem svarede", max_length=10, choices=AnsweredBy.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="registreret af")
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="enhed")
    note = models.TextField("bemærkning", max_length=2000, blank=True)
    created_at = models.DateTimeField("registreret", auto_now_add=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name="retter")

    class Meta:
        verbose_name = "måling"
        verbose_name_plural = "målinger"
        ordering = ["-measured_on", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "citizen", "measured_on"], name="measurement_citizen_idx"),
            models.Index(fields=["municipality", "version", "measured_on"], name="measurement_version_idx"),
        ]
        permissions = [
            ("record_measurement", "Udfylder effektmålinger sammen med borgeren"),
            ("view_outcome_figures", "Ser effekttal for tilbud og teams"),
            ("manage_instruments", "Importerer, eksporterer og versionerer måleredskaber"),
        ]

    def __str__(self) -> str:
        return f"{self.version.instrument.name} {formats.day(self.measured_on)}"


class Score(TenantModel):
    """The answer for one area of a measurement. For goal attainment the area is a goal (`goal_id`)."""

    measurement = models.ForeignKey(Measurement, on_delete=models.PROTECT, related_name="scores")
    area_key = models.CharField("område", max_length=64)
    area_label = models.CharField("områdets tekst", max_length=300, blank=True)
    goal = models.ForeignKey("plans.Goal", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="attainment_scores", verbose_name="mål")
    value = models.SmallIntegerField("svar")

    class Meta:
        verbose_name = "svar"
        verbose_name_plural = "svar"
        indexes = [models.Index(fields=["municipality", "measurement"], name="score_measurement_idx")]
        constraints = [models.UniqueConstraint(fields=["measurement", "area_key"], name="score_unique_area")]
