"""The drop-in centre (værested, § 104, no visitation) and the activity calendar.

- Opening hours are data with their history: a weekly schedule (`OpeningPeriod` with its
  `OpeningHours` per weekday) valid from/to; exceptions are the Danish public holidays (the
  `holidays` package) and `Closure` rows with a reason.
- Visits live in the activities ledger: one DROPIN_OPENING occasion per day, an anonymous
  participation whose headcount is the door tally (no citizen, no name), and a named participation
  per citizen who wants to be checked in.
- `Activity`: a recurring activity tied to an offer (café, swimming, the ASF club evening, IF
  Aktivisterne) with optional seats; its sessions are occasions of the same series.
- The work list (`WorkTask`, `Shift`): operating tasks users take on, with who did what and the
  hours of user work. The user council (`CouncilMeeting`, `CouncilDecision`).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.activities.models import Occasion
from tovholder.tenancy.models import TenantModel


class OpeningPeriod(TenantModel):
    """A weekly schedule, valid from a day (to a day, or until further notice)."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="opening_periods",
                              verbose_name="tilbud")
    valid_from = models.DateField("gælder fra")
    valid_to = models.DateField("gælder til og med", null=True, blank=True)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "åbningstidsperiode"
        verbose_name_plural = "åbningstidsperioder"
        ordering = ["valid_from", "pk"]
        indexes = [models.Index(fields=["municipality", "offer", "valid_from"], name="openingperiod_idx")]
        constraints = [models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F(
            "valid_from")), name="openingperiod_in_order")]

    @property
    def week_hours(self) -> Decimal:
        return Decimal(sum(h.minutes for h in self.hours.all())) / 60

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class OpeningHours(TenantModel):
    WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]

    period = models.ForeignKey(OpeningPeriod, on_delete=models.PROTECT, related_name="hours")
    weekday = models.PositiveSmallIntegerField("ugedag", choices=[(i, d) for i, d in enumerate(WEEKDAYS)])
    opens = models.TimeField("åbner")
    closes = models.TimeField("lukker")

    class Meta:
        verbose_name = "åbningstid"
        verbose_name_plural = "åbningstider"
        ordering = ["weekday"]
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="openinghours_closes_after"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="openinghours_weekday"),
            models.UniqueConstraint(fields=["period", "weekday"], name="openinghours_once_a_day"),
        ]

    @property
    def minutes(self) -> int:
        return (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)


class Closure(TenantModel):
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="closures",
                              verbose_name="tilbud")
    day = models.DateField("dag")
    reason = models.CharField("årsag", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "lukkedag"
        verbose_name_plural = "lukkedage"
        ordering = ["day"]
        indexes = [models.Index(fields=["municipality", "offer", "day"], name="closure_idx")]
        constraints = [models.UniqueConstraint(fields=["offer", "day"], name="closure_once_a_day")]


class Activity(TenantModel):
    """A recurring activity of an offer; its sessions are occasions with `series` = this series."""

    KINDS = [(Occasion.Kind.GROUP_SESSION, "Aktivitet"), (Occasion.Kind.CLUB_EVENING, "Klubaften"),
             (Occasion.Kind.OUTING, "Tur ud af huset")]

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="activities",
                              verbose_name="tilbud")
    title = models.CharField("navn", max_length=120)
    kind = models.CharField("form", max_length=20, choices=KINDS, default=Occasion.Kind.GROUP_SESSION)
    place = models.CharField("sted", max_length=200, blank=True)
    seats = models.PositiveSmallIntegerField("pladser pr. gang", null=True, blank=True,
                                             help_text="Tom: ingen grænse og ingen tilmelding nødvendig.")
    open_for_booking = models.BooleanField("åben for borgernes egen tilmelding i Min Tovholder", default=False)
    series = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "aktivitet på kalenderen"
        verbose_name_plural = "aktiviteter på kalenderen"
        ordering = ["title"]
        indexes = [models.Index(fields=["municipality", "offer"], name="activity_offer_idx")]
        constraints = [models.UniqueConstraint(fields=["offer", "title"], name="activity_unique_title"),
                       models.CheckConstraint(condition=Q(seats__isnull=True) | Q(seats__gte=1),
                                              name="activity_seats_positive")]

    def __str__(self) -> str:
        return self.title


class ActivityOutcome(TenantModel):
    """What came of a participant's time in an activity (IF Aktivisterne: moved on to a club)."""

    class Kind(models.TextChoices):
        ORDINARY_CLUB = "ordinary_club", "Videre til en almindelig idrætsforening"
        OTHER_ACTIVITY = "other_activity", "Videre til et andet almindeligt fritidstilbud"

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="outcomes")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="activity_outcomes")
    kind = models.CharField("udfald", max_length=20, choices=Kind.choices)
    day = models.DateField("dato")
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "udfald af aktivitet"
        verbose_name_plural = "udfald af aktiviteter"
        indexes = [models.Index(fields=["municipality", "citizen"], name="activityoutcome_citizen_idx")]


class WorkTask(TenantModel):
    """An operating task on the work list (arbejdsliste)."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="work_tasks")
    name = models.CharField("opgave", max_length=120)

    class Meta:
        verbose_name = "opgave på arbejdslisten"
        verbose_name_plural = "opgaver på arbejdslisten"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["offer", "name"], name="worktask_unique")]

    def __str__(self) -> str:
        return self.name


class Shift(TenantModel):
    """A shift of a task on a day: open until a user takes it; the hours of user work once done."""

    task = models.ForeignKey(WorkTask, on_delete=models.PROTECT, related_name="shifts", verbose_name="opgave")
    day = models.DateField("dag")
    hours = models.DecimalField("timer", max_digits=4, decimal_places=1)
    citizen = models.ForeignKey("citizens.Citizen", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="shifts", verbose_name="taget af")
    done = models.BooleanField("udført", default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "vagt"
        verbose_name_plural = "vagter"
        ordering = ["day", "task__name", "pk"]
        indexes = [models.Index(fields=["municipality", "day"], name="shift_day_idx"),
                   models.Index(fields=["municipality", "citizen"], name="shift_citizen_idx")]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=12), name="shift_hours"),
                       models.CheckConstraint(condition=Q(done=False) | Q(citizen__isnull=False),
                                              name="shift_done_by_someone")]


class CouncilMeeting(TenantModel):
    """A meeting of the user council (brugerråd) with its minutes."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="council_meetings")
    held_on = models.DateField("holdt den")
    minutes = models.TextField("referat", max_length=4000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "brugerrådsmøde"
        verbose_name_plural = "brugerrådsmøder"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "offer", "held_on"], name="councilmeeting_idx")]


class CouncilDecision(TenantModel):
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.CharField("beslutning", max_length=500)
    follow_up = models.CharField("hvem følger op", max_length=120)

    class Meta:
        verbose_name = "beslutning i brugerrådet"
        verbose_name_plural = "beslutninger i brugerrådet"
        ordering = ["pk"]
