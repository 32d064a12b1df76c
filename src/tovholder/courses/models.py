"""Group courses (gruppeforløb, seed 002 section 5.1; the 2016 budget agreement, seed 000): a course on a
topic with its sessions (occasions of the activities kernel, kind COURSE_SESSION) in a room, its seats,
its enrolments and its own waitlist, and the political target of courses per period.

A session's time is the kernel's: a participant's attended minutes count under the course's offer, a
leader's hours once per session held (ADR 0004). Nothing here stores minutes of its own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

MAX_SEATS = 40


class Topic(models.Model):
    """A course topic (seed 002's list of categories); shared by every municipality."""

    key = models.SlugField(unique=True)
    name = models.CharField("emne", max_length=120)
    for_relatives = models.BooleanField("pårørendekursus", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "emne"
        verbose_name_plural = "emner"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Room(TenantModel):
    name = models.CharField("lokale", max_length=120)
    address = models.CharField("adresse", max_length=200)
    capacity = models.PositiveSmallIntegerField("pladser i lokalet")
    active = models.BooleanField("i brug", default=True)

    class Meta:
        verbose_name = "lokale"
        verbose_name_plural = "lokaler"
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "name"], name="room_name_idx")]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="room_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


class Course(TenantModel):
    class Audience(models.TextChoices):
        USERS = "users", "Nuværende og tidligere SKP-brugere"
        CURRENT = "current", "Kun nuværende SKP-brugere"
        RELATIVES = "relatives", "Pårørende"
        MIXED = "mixed", "Borgere og deres pårørende"

    title = models.CharField("titel", max_length=120)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="courses", verbose_name="emne")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="courses",
                              verbose_name="tilbud (leveret tid tæller under)")
    audience = models.CharField("hvem kan deltage", max_length=10, choices=Audience.choices,
                                default=Audience.USERS)
    partner = models.CharField("samarbejdspartner", max_length=120, blank=True)
    seats = models.PositiveSmallIntegerField("pladser")
    description = models.TextField("beskrivelse", max_length=2000, blank=True)
    open_for_booking = models.BooleanField("åben for borgernes egen tilmelding i Min Tovholder", default=False)
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="forløbskoordinator")
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_courses", blank=True,
                                     verbose_name="holdledere")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "gruppeforløb"
        verbose_name_plural = "gruppeforløb"
        ordering = ["-created_at", "pk"]
        permissions = [("coordinate_courses", "Planlægger gruppeforløb, lokaler og mål"),
                       ("view_course_figures", "Ser gruppeforløbenes tal mod målet")]
        indexes = [models.Index(fields=["municipality", "created_at"], name="course_created_idx")]
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1) & Q(seats__lte=MAX_SEATS),
                                              name="course_seats_range")]

    def __str__(self) -> str:
        return self.title

    @property
    def takes_relatives(self) -> bool:
        return self.audience in (self.Audience.RELATIVES, self.Audience.MIXED)

    @property
    def takes_citizens(self) -> bool:
        return self.audience != self.Audience.RELATIVES


class Session(TenantModel):
    """A course session: the kernel's occasion, and the room it is held in."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    occasion = models.OneToOneField("activities.Occasion", on_delete=models.PROTECT, related_name="course_session")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions", verbose_name="lokale")

    class Meta:
        verbose_name = "kursusgang"
        verbose_name_plural = "kursusgange"
        ordering = ["occasion__starts_at", "pk"]
        indexes = [models.Index(fields=["municipality", "room"], name="session_room_idx"),
                   models.Index(fields=["municipality", "course"], name="session_course_idx")]


class Enrolment(TenantModel):
    """A citizen (or a citizen's relative) on a course or on its waitlist. `citizen` is always the
    citizen whose need to know governs the enrolment; with `relative` set, the relative takes part."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Tilmeldt"
        WAITING = "waiting", "På venteliste"
        WITHDRAWN = "withdrawn", "Afmeldt"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="course_enrolments",
                                verbose_name="borger")
    relative = models.ForeignKey("citizens.Relative", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="course_enrolments", verbose_name="pårørende")
    status = models.CharField(max_length=10, choices=Status.choices)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("tilmeldt", auto_now_add=True)
    seated_at = models.DateTimeField("fik plads", null=True, blank=True)
    withdrawn_at = models.DateTimeField("afmeldt", null=True, blank=True)
    # the participant's evaluation at the end (1-5 each, and free text)
    eval_useful = models.PositiveSmallIntegerField("forløbet var nyttigt for mig", null=True, blank=True)
    eval_group = models.PositiveSmallIntegerField("jeg fik noget ud af at være i en gruppe", null=True, blank=True)
    eval_use = models.PositiveSmallIntegerField("jeg kan bruge det, jeg lærte, i min hverdag", null=True,
                                                blank=True)
    eval_text = models.TextField("kommentar", max_length=2000, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "tilmelding"
        verbose_name_plural = "tilmeldinger"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["municipality", "course", "status"], name="enrolment_course_idx"),
                   models.Index(fields=["municipality", "citizen"], name="enrolment_citizen_idx")]
        constraints = [
            models.UniqueConstraint(fields=["course", "citizen"], condition=Q(relative__isnull=True) & ~Q(
                status="withdrawn"), name="enrolment_citizen_once"),
            models.UniqueConstraint(fields=["course", "relative"], condition=Q(relative__isnull=False) & ~Q(
                status="withdrawn"), name="enrolment_relative_once"),
        ]

    @property
    def who(self) -> str:
        if self.relative_id is not None:
            assert self.relative is not None
            return f"{self.relative.name} (pårørende til {self.citizen.full_name})"
        return self.citizen.full_name


class Seat(TenantModel):
    """An enrolment's participation in one session (the kernel's row that records attendance)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="seats")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="seats")
    participation = models.OneToOneField("activities.Participation", on_delete=models.PROTECT,
                                         related_name="course_seat")

    class Meta:
        verbose_name = "plads på kursusgang"
        verbose_name_plural = "pladser på kursusgange"
        indexes = [models.Index(fields=["municipality", "session"], name="seat_session_idx")]
        constraints = [models.UniqueConstraint(fields=["enrolment", "session"], name="seat_once")]


class Target(TenantModel):
    """A political target: so many courses held in a period (the 2016 agreement: 14 in 2017–19)."""

    first_year = models.PositiveSmallIntegerField("fra år")
    last_year = models.PositiveSmallIntegerField("til og med år")
    courses = models.PositiveSmallIntegerField("antal forløb")
    source = models.CharField("kilde", max_length=200, blank=True)

    class Meta:
        verbose_name = "mål for gruppeforløb"
        verbose_name_plural = "mål for gruppeforløb"
        ordering = ["first_year", "pk"]
        constraints = [models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")),
                                              name="target_years_order")]

    def __str__(self) -> str:
        return f"{self.first_year}–{self.last_year}: {self.courses} forløb"
