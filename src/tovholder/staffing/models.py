"""The staffing plan (normering) against actual FTE (issue 17.3; seed 002, Bilag 2; the 2016 budget
agreement, seed 000).

- `PlannedStaffing`: the planned FTE (årsværk) of a unit in a year, as data the manager edits.
- `EmploymentPeriod`: a staff member's employment in a unit from a day to a day (or until further
  notice) at an FTE. Actual FTE on a day is the sum of the periods covering it; over a month or a year
  it is the average over the days (a start on the 16th counts half a month). No citizen data.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

MAX_PLANNED_FTE = Decimal("999")
MAX_PERSON_FTE = Decimal("1.50")


class PlannedStaffing(TenantModel):
    """The planned FTE of one unit in one year (the staffing plan, as decided)."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="enhed")
    year = models.PositiveSmallIntegerField("år")
    fte = models.DecimalField("planlagte årsværk", max_digits=6, decimal_places=2,
                              validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_PLANNED_FTE)])
    note = models.CharField("begrundelse", max_length=300, blank=True,
                            help_text="Fx “Budgetforlig 2016: fire nye støtte-kontaktpersoner”.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "planlagt normering"
        verbose_name_plural = "normeringsplan"
        ordering = ["year", "unit__name"]
        permissions = [("view_staffing", "Ser normeringen: planlagte og faktiske årsværk, vakancer og sagsbelastning"),
                       ("manage_staffing", "Redigerer normeringsplanen og medarbejdernes ansættelsesperioder")]
        indexes = [models.Index(fields=["municipality", "year"], name="plannedstaffing_year_idx")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "unit", "year"], name="plannedstaffing_one_per_year"),
            models.CheckConstraint(condition=Q(fte__gte=0), name="plannedstaffing_fte_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}, {self.year}: {self.fte} årsværk"


class EmploymentPeriod(TenantModel):
    """A staff member employed in a unit from `starts_on` to `ends_on` (inclusive; open: until further
    notice) at an FTE (1,00 full time; 0,80 part time)."""

    staff = models.ForeignKey("accounts.StaffProfile", on_delete=models.PROTECT, related_name="employment_periods",
                              verbose_name="medarbejder")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="enhed")
    starts_on = models.DateField("ansat fra")
    ends_on = models.DateField("ansat til og med", null=True, blank=True)
    fte = models.DecimalField("årsværk", max_digits=4, decimal_places=2,
                              validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_PERSON_FTE)])
    note = models.CharField("bemærkning", max_length=300, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "ansættelsesperiode"
        verbose_name_plural = "ansættelsesperioder"
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["municipality", "unit", "starts_on"], name="employment_unit_idx"),
                   models.Index(fields=["municipality", "staff", "starts_on"], name="employment_staff_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="employment_dates_in_order"),
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=MAX_PERSON_FTE), name="employment_fte_range"),
        ]

    def __str__(self) -> str:
        return f"{self.staff}, {self.unit}"

    def covers(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
