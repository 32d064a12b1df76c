"""Rehabilitating stays and acute places (§ 107): the citizen keeps their own home.

A place type (rehabilitating stay, acute place) carries its maximum stay as data; a place its number of
beds. A stay is one citizen on one place from a start to a planned return home; it keeps the citizen's own
home (address and tenancy) on the row, shown during the stay, and ends with where the citizen went and the
grant of support at home (§ 85) prepared during the stay.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tovholder.tenancy.models import TenantModel

__all__ = ["StayPlaceType", "StayPlace", "StayEntryReason", "Stay"]


class StayPlaceType(TenantModel):
    """A kind of place with its longest stay (e.g. rehabilitating stay: 90 days; acute place: 14 days)."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+", verbose_name="tilbud")
    name = models.CharField("pladstype", max_length=120)
    max_days = models.PositiveSmallIntegerField("længste ophold (dage)")
    warn_days = models.PositiveSmallIntegerField("varsel før planlagt hjemkomst (dage)", default=14)

    class Meta:
        verbose_name = "pladstype"
        verbose_name_plural = "pladstyper"
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "offer"])]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="stay_place_type_unique"),
            models.CheckConstraint(condition=Q(max_days__gte=1), name="stay_place_type_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class StayPlace(TenantModel):
    """A place (a room or a small flat) with its number of beds."""

    place_type = models.ForeignKey(StayPlaceType, on_delete=models.PROTECT, related_name="places",
                                   verbose_name="pladstype")
    name = models.CharField("plads", max_length=120)
    capacity = models.PositiveSmallIntegerField("senge", default=1)
    active = models.BooleanField("i brug", default=True)

    class Meta:
        verbose_name = "plads"
        verbose_name_plural = "pladser"
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "place_type"])]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="stay_place_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="stay_place_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class StayEntryReason(TenantModel):
    """Why a stay begins, as data (discharge from hospital, an acute situation at home …)."""

    name = models.CharField("indskrivningsårsag", max_length=120)
    from_hospital = models.BooleanField("efter udskrivelse fra hospital", default=False)
    order = models.PositiveSmallIntegerField("rækkefølge", default=100)
    active = models.BooleanField("i brug", default=True)

    class Meta:
        verbose_name = "indskrivningsårsag"
        verbose_name_plural = "indskrivningsårsager"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="stay_entry_reason_unique")]

    def __str__(self) -> str:
        return self.name


class Stay(TenantModel):
    """One citizen's stay on one place. The citizen keeps their own home meanwhile."""

    class Outcome(models.TextChoices):
        HOME = "home", "Vendt hjem til egen bolig"
        OTHER_HOUSING = "other_housing", "Flyttet til anden bolig eller botilbud"
        HOSPITAL = "hospital", "Indlagt på hospital"
        OTHER = "other", "Andet"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="stays")
    place = models.ForeignKey(StayPlace, on_delete=models.PROTECT, related_name="stays", verbose_name="plads")
    entry_reason = models.ForeignKey(StayEntryReason, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="indskrivningsårsag")
    referred_by = models.CharField("henvist fra", max_length=200, blank=True)
    started_on = models.DateField("indskrevet")
    planned_return_on = models.DateField("planlagt hjemkomst")
    beyond_max_reason = models.CharField("begrundelse for ophold ud over det længste", max_length=1000, blank=True)
    home_address = models.CharField("egen bolig (adresse)", max_length=300)
    home_tenancy = models.CharField("lejeforhold under opholdet", max_length=500)
    ended_on = models.DateField("udskrevet", null=True, blank=True)
    outcome = models.CharField("hvor borgeren gik hen", max_length=20, choices=Outcome.choices, blank=True)
    end_note = models.CharField("bemærkning ved udskrivning", max_length=1000, blank=True)
    home_support = models.ForeignKey("visitation.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="støtte i eget hjem (§ 85)")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    warning_text: str = ""  # not stored: set by the selectors that show the warning for a day (`warning`)

    class Meta:
        verbose_name = "rehabiliterende ophold"
        verbose_name_plural = "rehabiliterende ophold"
        ordering = ["-started_on", "-pk"]
        permissions = [("run_stays", "Indskriver og udskriver borgere på rehabiliterende bo- og akutpladser")]
        indexes = [models.Index(fields=["municipality", "place", "ended_on"]),
                   models.Index(fields=["municipality", "citizen"])]
        constraints = [
            models.CheckConstraint(condition=Q(planned_return_on__gt=F("started_on")),
                                   name="stay_return_after_start"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                                   name="stay_end_not_before_start"),
        ]

    def __str__(self) -> str:
        return f"Ophold på {self.place} fra {self.started_on}"

    @property
    def running(self) -> bool:
        return self.ended_on is None

    def days(self, today: datetime.date) -> int:
        return ((self.ended_on or today) - self.started_on).days

    def warning(self, today: datetime.date) -> str:
        """"Planlagt hjemkomst er overskredet med 5 dage" / "Planlagt hjemkomst om 3 dage" (or "")."""
        if self.ended_on is not None:
            return ""
        left = (self.planned_return_on - today).days
        if left < 0:
            return f"Planlagt hjemkomst er overskredet med {-left} {'dag' if left == -1 else 'dage'}"
        if left <= self.place.place_type.warn_days:
            return ("Planlagt hjemkomst i dag" if left == 0
                    else f"Planlagt hjemkomst om {left} {'dag' if left == 1 else 'dage'}")
        return ""

    def overdue(self, today: datetime.date) -> bool:
        return self.ended_on is None and self.planned_return_on < today
