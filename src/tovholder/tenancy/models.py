"""The municipality is the tenant: every row of citizen data belongs to exactly one."""

from django.db import models


class Municipality(models.Model):
    code = models.CharField("kommunekode", max_length=3, unique=True)
    name = models.CharField("navn", max_length=100, unique=True)
    backdate_years = models.PositiveSmallIntegerField(
        "hvor mange år tilbage hændelser må dateres", default=10,
        help_text="Fx en sag ført ind fra papir: hændelser får den dato, de skete, højst så mange år tilbage.")

    class Meta:
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base for every table of citizen data: the municipality comes first in its indexes."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name="kommune")

    class Meta:
        abstract = True
