"""Support that moves with the citizen: episodes (forløb) at the provider, their intensity, and
klippekort. (The citizen's plan and goals: `plans`; visits and the time they delivered: `activities`.)"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.layout import formats
from tovholder.tenancy.models import TenantModel


class Mode(models.TextChoices):
    """How the support is given in a period of an episode."""

    INDIVIDUAL = "individual", "Individuel støtte"
    GROUP = "group", "Gruppebaseret støtte"
    MIXED = "mixed", "Individuel og gruppebaseret"
    PAUSED = "paused", "Pause"


class Episode(TenantModel):
    """A support episode (forløb) for one citizen in one offer, with a contact person. Started from a
    grant (`decision`), from help without visitation (no decision), or on a klippekort."""

    class EndReason(models.TextChoices):
        GOALS_MET = "goals_met", "Målene er nået"
        OWN_WISH = "own_wish", "Borgerens eget ønske"
        OTHER_OFFER = "other_offer", "Overgår til et andet tilbud"
        NO_CONTACT = "no_contact", "Borgeren har ikke kunnet kontaktes"
        MOVED = "moved", "Borgeren er flyttet fra kommunen"
        GRANT_ENDED = "grant_ended", "Bevillingen er ophørt"
        KLIPPEKORT_USED = "klippekort_used", "Klippekortet er brugt eller udløbet"
        OTHER = "other", "Andet"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="episodes",
                                verbose_name="borger")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="episodes",
                              verbose_name="tilbud")
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="episodes", verbose_name="enhed")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="episodes",
                               verbose_name="kontaktperson")
    decision = models.ForeignKey("visitation.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="episodes", verbose_name="bevilling")
    direct_help = models.ForeignKey("visitation.DirectHelp", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="episodes", verbose_name="hjælp uden visitation")
    klippekort = models.ForeignKey("Klippekort", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="episodes", verbose_name="klippekort")
    started_on = models.DateField("start")
    first_meeting_on = models.DateField("første møde", null=True, blank=True)
    expectations = models.TextField("forventningsafstemning", max_length=4000, blank=True)
    mode = models.CharField("form", max_length=12, choices=Mode.choices, default=Mode.INDIVIDUAL)
    hours_per_week = models.DecimalField("timer pr. uge", max_digits=5, decimal_places=2, default=Decimal("0"))
    ended_on = models.DateField("afsluttet", null=True, blank=True)
    end_reason = models.CharField("årsag til afslutning", max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField("om afslutningen", max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "forløb"
        verbose_name_plural = "forløb"
        ordering = ["-started_on", "-pk"]
        permissions = [
            ("provide_support", "Fører forløb, plan, mål, aftaler og journalnotater"),
            ("view_delivered_hours", "Ser leverede mod bevilgede timer for egne og underliggende enheder"),
        ]
        indexes = [
            models.Index(fields=["municipality", "citizen", "started_on"], name="episode_citizen_idx"),
            models.Index(fields=["municipality", "worker", "ended_on"], name="episode_worker_idx"),
            models.Index(fields=["municipality", "unit", "ended_on"], name="episode_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="episode_dates_in_order"),
            models.CheckConstraint(condition=Q(hours_per_week__gte=0), name="episode_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} fra {formats.day(self.started_on)}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def granted_hours(self) -> Decimal | None:
        """The granted scope per week, if the episode rests on a decision that states one."""
        return self.decision.hours_per_week if self.decision_id else None

    @property
    def source_display(self) -> str:
        if self.klippekort_id:
            return "Klippekort"
        if self.decision_id:
            return "Bevilling"
        return "Uden visitation"


class IntensityChange(TenantModel):
    """One dated step in an episode's intensity: form and hours from a day, with the reason."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="intensity_changes")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("fra")
    mode = models.CharField("form", max_length=12, choices=Mode.choices)
    hours_per_week = models.DecimalField("timer pr. uge", max_digits=5, decimal_places=2)
    reason = models.CharField("begrundelse", max_length=1000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ændring af intensitet"
        verbose_name_plural = "ændringer af intensitet"
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["municipality", "episode", "starts_on"], name="intensity_episode_idx")]
        constraints = [models.CheckConstraint(condition=Q(hours_per_week__gte=0), name="intensity_hours_ok")]


class Klippekort(TenantModel):
    """A number of support hours, valid for a period after an episode ends, usable without a new
    visitation. The balance is the hours minus what episodes on the card have delivered."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="klippekort",
                                verbose_name="borger")
    from_episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="klippekort_given",
                                        verbose_name="givet ved afslutning af")
    hours = models.DecimalField("timer", max_digits=5, decimal_places=1)
    valid_from = models.DateField("gyldigt fra")
    valid_until = models.DateField("gyldigt til og med")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "klippekort"
        verbose_name_plural = "klippekort"
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "valid_until"], name="klippekort_citizen_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="klippekort_hours_positive"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")),
                                   name="klippekort_dates_in_order"),
        ]

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day <= self.valid_until


class ExternalPlacement(TenantModel):
    """A citizen whose support the municipality buys from an external provider, and the plan to take the
    case home (hjemtagning) to one of the municipality's own teams — the kompetenceteam's stated purpose. The
    saving is the external price against the team's cost (`support.hometaking`)."""

    class PriceUnit(models.TextChoices):
        MONTH = "month", "kr. pr. måned"
        YEAR = "year", "kr. pr. år"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="external_placements",
                                verbose_name="borger")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="external_placements",
                             verbose_name="hjemtages af")
    provider = models.CharField("ekstern leverandør", max_length=200)
    what = models.CharField("hvad der købes", max_length=300)
    price = models.DecimalField("pris", max_digits=10, decimal_places=2)
    price_unit = models.CharField("pris pr.", max_length=5, choices=PriceUnit.choices, default=PriceUnit.MONTH)
    starts_on = models.DateField("købt fra")
    ends_on = models.DateField("købt til og med", null=True, blank=True)
    # the plan to take the case home
    target_on = models.DateField("mål for hjemtagning", null=True, blank=True)
    home_offer = models.ForeignKey("offers.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="hjem til tilbud")
    home_hours_per_week = models.DecimalField("timer pr. uge hjemme", max_digits=5, decimal_places=2, null=True,
                                              blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="ansvarlig medarbejder")
    plan_note = models.TextField("om planen", max_length=2000, blank=True)
    taken_home_on = models.DateField("hjemtaget", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "eksternt købt indsats"
        verbose_name_plural = "eksternt købte indsatser"
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["municipality", "unit", "taken_home_on"], name="placement_unit_idx"),
                   models.Index(fields=["municipality", "citizen"], name="placement_citizen_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="placement_price_not_negative"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="placement_dates_in_order"),
            models.CheckConstraint(condition=Q(home_hours_per_week__isnull=True) | Q(home_hours_per_week__gt=0),
                                   name="placement_home_hours_positive"),
        ]

    @property
    def status_display(self) -> str:
        if self.taken_home_on:
            return "Hjemtaget"
        if self.target_on:
            return "Hjemtagning planlagt"
        return "Købt eksternt"


class HomeTakingStep(TenantModel):
    """One step of the plan to take a case home (a meeting with the provider, the first visit …)."""

    placement = models.ForeignKey(ExternalPlacement, on_delete=models.PROTECT, related_name="steps")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    text = models.CharField("trin", max_length=300)
    due_on = models.DateField("senest")
    done_on = models.DateField("gjort", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "trin i hjemtagning"
        verbose_name_plural = "trin i hjemtagninger"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["municipality", "placement"], name="hometakingstep_idx")]
