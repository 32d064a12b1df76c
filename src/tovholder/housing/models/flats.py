"""Skolehaven's flats, residencies and house meetings.

A flat belongs to a housing offer (Opgangsfællesskabet Skolehaven). A residency is one citizen in one flat,
resting on the grant (visitation's decision) that was ordered and accepted; it ends when the citizen moves out.
The help the residents get (finances, shopping, cooking, cleaning, laundry) is planned per week as
`WeeklyHelp` rows, each one of the effort's FFB services. The weekly house meeting is an occasion of the
activities ledger (kind HOUSE_MEETING); `HouseMeeting` adds its minutes, and `Meal` next week's meal plan.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

__all__ = ["Flat", "HelpKind", "HELP_FFB", "HouseMeeting", "Meal", "Residency", "WeeklyHelp"]


class Flat(TenantModel):
    """One flat of a housing offer: its number, size, floor and whether it is accessible."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="flats", verbose_name="tilbud")
    number = models.CharField("nummer", max_length=12)
    size_m2 = models.DecimalField("størrelse (m²)", max_digits=5, decimal_places=1)
    floor = models.SmallIntegerField("etage")
    accessible = models.BooleanField("tilgængelig (uden trapper)", default=False)

    class Meta:
        verbose_name = "lejlighed"
        verbose_name_plural = "lejligheder"
        ordering = ["number"]
        indexes = [models.Index(fields=["municipality", "offer"], name="flat_offer_idx")]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="flat_unique_number"),
            models.CheckConstraint(condition=Q(size_m2__gt=0), name="flat_size_positive"),
        ]

    def __str__(self) -> str:
        return f"Lejlighed {self.number}"


class Residency(TenantModel):
    """A citizen living in a flat, from moving in to moving out, on the grant it rests on. One resident per
    flat and one flat per citizen at a time (the database holds both)."""

    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="residencies", verbose_name="lejlighed")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="residencies",
                                verbose_name="borger")
    decision = models.ForeignKey("visitation.Decision", on_delete=models.PROTECT, related_name="residencies",
                                 verbose_name="bevilling")
    order = models.ForeignKey("visitation.Order", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="residencies", verbose_name="bestilling")
    moved_in_on = models.DateField("flyttede ind")
    planned_move_out_on = models.DateField("planlagt fraflytning", null=True, blank=True)
    moved_out_on = models.DateField("flyttede ud", null=True, blank=True)
    move_out_reason = models.CharField("årsag til fraflytning", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "beboerforhold"
        verbose_name_plural = "beboerforhold"
        ordering = ["flat__number", "-moved_in_on"]
        indexes = [models.Index(fields=["municipality", "flat", "moved_out_on"], name="residency_flat_idx"),
                   models.Index(fields=["municipality", "citizen"], name="residency_citizen_idx")]
        constraints = [
            models.UniqueConstraint(fields=["flat"], condition=Q(moved_out_on__isnull=True),
                                    name="residency_one_resident_per_flat"),
            models.UniqueConstraint(fields=["citizen"], condition=Q(moved_out_on__isnull=True),
                                    name="residency_one_flat_per_citizen"),
            models.CheckConstraint(condition=Q(moved_out_on__isnull=True)
                                   | Q(moved_out_on__gte=models.F("moved_in_on")), name="residency_out_after_in"),
            models.CheckConstraint(condition=Q(planned_move_out_on__isnull=True)
                                   | Q(planned_move_out_on__gte=models.F("moved_in_on")),
                                   name="residency_planned_out_after_in"),
        ]

    def __str__(self) -> str:
        return f"{self.flat}: {self.citizen}"

    @property
    def current(self) -> bool:
        return self.moved_out_on is None


class HelpKind(models.TextChoices):
    """The help Skolehaven gives (seed 002: økonomi, indkøb, madlavning, rengøring, tøjvask)."""

    FINANCES = "finances", "Økonomi"
    SHOPPING = "shopping", "Indkøb"
    COOKING = "cooking", "Madlavning"
    CLEANING = "cleaning", "Rengøring"
    LAUNDRY = "laundry", "Tøjvask"


# Each kind of help is one of FFB's services (KL): finances is "Støtte til administration", the rest
# "Støtte til daglige opgaver i hjemmet".
HELP_FFB = {
    HelpKind.FINANCES: "d473dea2-4f6d-4f36-a8f0-260f0213f50a",
    HelpKind.SHOPPING: "638f44df-6bf2-47f8-9935-b8fdc83e5bf5",
    HelpKind.COOKING: "638f44df-6bf2-47f8-9935-b8fdc83e5bf5",
    HelpKind.CLEANING: "638f44df-6bf2-47f8-9935-b8fdc83e5bf5",
    HelpKind.LAUNDRY: "638f44df-6bf2-47f8-9935-b8fdc83e5bf5",
}


class WeeklyHelp(TenantModel):
    """One kind of help planned per week for a resident, from a date: times a week and minutes each time.
    Append-only: a change is a new row from its date; the newest row per kind is the plan."""

    residency = models.ForeignKey(Residency, on_delete=models.PROTECT, related_name="help")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("hjælp", max_length=12, choices=HelpKind.choices)
    times_per_week = models.PositiveSmallIntegerField("gange pr. uge")
    minutes_each = models.PositiveSmallIntegerField("minutter pr. gang")
    starts_on = models.DateField("fra")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "hjælp pr. uge"
        verbose_name_plural = "hjælp pr. uge"
        ordering = ["kind", "-starts_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "residency", "kind"], name="weeklyhelp_idx")]
        constraints = [models.CheckConstraint(condition=Q(times_per_week__lte=14), name="weeklyhelp_times_max"),
                       models.CheckConstraint(condition=Q(minutes_each__lte=480), name="weeklyhelp_minutes_max")]


class HouseMeeting(TenantModel):
    """The weekly house meeting: an occasion of the ledger (its attendance is the participations), with the
    minutes (referat), what was decided and the week its meal plan is for."""

    occasion = models.OneToOneField("activities.Occasion", on_delete=models.PROTECT, related_name="house_meeting")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+", verbose_name="tilbud")
    week_of = models.DateField("madplan for ugen fra")  # a Monday
    minutes_text = models.TextField("referat", max_length=8000, blank=True)
    decisions = models.TextField("det besluttede", max_length=4000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("referat skrevet", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "husmøde"
        verbose_name_plural = "husmøder"
        ordering = ["-week_of", "-pk"]
        indexes = [models.Index(fields=["municipality", "offer", "week_of"], name="housemeeting_week_idx")]


class Meal(TenantModel):
    """One day of the meal plan a house meeting wrote: the dish, who cooks, who shops, and what to buy (one
    item a line; the week's shopping list is drawn from these)."""

    meeting = models.ForeignKey(HouseMeeting, on_delete=models.PROTECT, related_name="meals")
    day = models.DateField("dag")
    dish = models.CharField("ret", max_length=200)
    # residents by their residency (not the citizen): erasing a former resident (retention) removes the days they
    # cooked or shopped for, never blocked by the other resident named on the same day
    cook = models.ForeignKey(Residency, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="laver mad")
    shopper = models.ForeignKey(Residency, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name="køber ind")
    ingredients = models.TextField("indkøb", max_length=2000, blank=True)

    class Meta:
        verbose_name = "dag i madplanen"
        verbose_name_plural = "madplan"
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["meeting", "day"], name="meal_one_per_day")]

    @property
    def items(self) -> list[str]:
        return [line.strip() for line in self.ingredients.splitlines() if line.strip()]
