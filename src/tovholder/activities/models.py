"""The activities kernel (ADR 0004): an occasion — a visit, a call, a group or course session, a drop-in
opening, a club evening, a house meeting, an outing — with the staff who held it and the citizens (or
an anonymous count) who took part. It is the one ledger of delivered time:

- a citizen's time is their participation's minutes, once per participation that attended;
- a member of staff's time is the occasion's length, once per occasion that was held.

`Participation.offer` is the offer the citizen's time was delivered under; support counts it toward
the citizen's episode in that offer on that day, budgets and dashboards read it per offer and unit.
Journal notes document a participation; they no longer carry the time that counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.layout import formats
from tovholder.tenancy.models import TenantModel

MAX_MINUTES = 24 * 60 - 1


class Occasion(TenantModel):
    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", "Hjemmebesøg"
        PHONE = "phone", "Telefonsamtale"
        VIDEO = "video", "Videosamtale"
        MEETING = "meeting", "Samtale på kontoret"
        OUTING = "outing", "Ledsagelse / aktivitet ud af huset"
        GROUP_SESSION = "group_session", "Gruppesession"
        COURSE_SESSION = "course_session", "Kursusgang (gruppeforløb)"
        DROPIN_OPENING = "dropin_opening", "Åbent på værestedet"
        CLUB_EVENING = "club_evening", "Klubaften"
        HOUSE_MEETING = "house_meeting", "Husmøde"
        PSYCHOLOGIST = "psychologist", "Samtale med psykolog"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        HELD = "held", "Holdt"
        NOT_HELD = "not_held", "Ikke holdt (ingen deltog)"
        CANCELLED = "cancelled", "Aflyst"

    kind = models.CharField("form", max_length=20, choices=Kind.choices, default=Kind.HOME_VISIT)
    offer = models.ForeignKey("offers.Offer", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="occasions", verbose_name="tilbud")
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="occasions", verbose_name="enhed")
    starts_at = models.DateTimeField("starter")
    ends_at = models.DateTimeField("slutter")
    place = models.CharField("sted", max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField("årsag til aflysning", max_length=500, blank=True)
    series = models.UUIDField("gentagelsesserie", null=True, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, through="OccasionStaff", related_name="occasions",
                                   verbose_name="medarbejdere")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        ordering = ["starts_at", "pk"]
        permissions = [("plan_occasions", "Planlægger aftaler og aktiviteter og registrerer fremmøde")]
        indexes = [
            models.Index(fields=["municipality", "starts_at"], name="occasion_start_idx"),
            models.Index(fields=["municipality", "unit", "starts_at"], name="occasion_unit_idx"),
            models.Index(fields=["municipality", "offer", "starts_at"], name="occasion_offer_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="occasion_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {formats.moment(self.starts_at)}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED


class OccasionStaff(TenantModel):
    """A member of staff who holds the occasion (a leader, a contact person on a visit)."""

    occasion = models.ForeignKey(Occasion, on_delete=models.PROTECT, related_name="staff_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name="medarbejder")

    class Meta:
        verbose_name = "medarbejder på aktivitet"
        verbose_name_plural = "medarbejdere på aktiviteter"
        indexes = [models.Index(fields=["municipality", "user", "occasion"], name="occasionstaff_user_idx")]
        constraints = [models.UniqueConstraint(fields=["occasion", "user"], name="occasionstaff_unique")]


class Participation(TenantModel):
    """One citizen's part in an occasion — or an anonymous count (a drop-in opening's visitors)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        ATTENDED = "attended", "Deltog"
        NO_SHOW = "no_show", "Udeblev"
        CANCELLED = "cancelled", "Meldte afbud / aflyst"

    occasion = models.ForeignKey(Occasion, on_delete=models.PROTECT, related_name="participations")
    citizen = models.ForeignKey("citizens.Citizen", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="participations", verbose_name="borger")
    headcount = models.PositiveSmallIntegerField("antal", default=1,
                                                 help_text="Flere end én kun for anonyme deltagere.")
    offer = models.ForeignKey("offers.Offer", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="participations", verbose_name="leveret under tilbud")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes = models.PositiveIntegerField("minutter", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "deltagelse"
        verbose_name_plural = "deltagelser"
        ordering = ["occasion__starts_at", "pk"]
        indexes = [
            models.Index(fields=["municipality", "citizen", "offer"], name="participation_citizen_idx"),
            models.Index(fields=["municipality", "offer", "status"], name="participation_offer_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["occasion", "citizen"], condition=Q(citizen__isnull=False),
                                    name="participation_once_per_citizen"),
            models.CheckConstraint(condition=Q(citizen__isnull=True) | Q(headcount=1),
                                   name="participation_named_is_one"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="participation_headcount_positive"),
            models.CheckConstraint(condition=Q(minutes__isnull=True) | Q(minutes__lte=MAX_MINUTES),
                                   name="participation_minutes_under_a_day"),
        ]

    @property
    def delivered(self) -> bool:
        return self.status == self.Status.ATTENDED


class CalendarToken(TenantModel):
    """A secret per-user calendar feed address. Only the SHA-256 of the token is stored;
    revoking keeps the row and stops the address working, and so does its expiry
    (settings.CALENDAR_TOKEN_DAYS after it was made: a year unless the municipality sets otherwise)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "kalenderadresse"
        verbose_name_plural = "kalenderadresser"
        indexes = [models.Index(fields=["municipality", "user", "revoked_at"], name="caltok_user_idx")]
