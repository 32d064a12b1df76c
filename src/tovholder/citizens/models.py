"""Citizens, their relatives and consents, the units involved, and break-the-glass grants."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tovholder.accounts.principals import Actor, Kind, Principal, principal_of
from tovholder.tenancy.models import TenantModel

from . import scopes
from .cpr import age_on, format_cpr


def active_on(day: datetime.date) -> Q:
    """Rows with `ended_on` that are running on `day`."""
    return Q(ended_on__isnull=True) | Q(ended_on__gte=day)


class CitizenQuerySet(models.QuerySet):
    def known_to(self, user: Actor) -> "CitizenQuerySet":
        """The citizens the user has need to know of (never through a break-the-glass grant)."""
        return self.filter(scopes.known_by(principal_of(user)))

    def in_municipality_of(self, user: Actor) -> "CitizenQuerySet":
        return self.filter(municipality_id=principal_of(user).municipality_id)


class Citizen(TenantModel):
    cpr = models.CharField("CPR-nummer", max_length=10)
    birth_date = models.DateField("fødselsdato")
    first_name = models.CharField("fornavn(e)", max_length=100)
    last_name = models.CharField("efternavn", max_length=100)
    phone = models.CharField("telefon", max_length=20, blank=True)
    email = models.EmailField("e-mail", max_length=200, blank=True)
    address = models.CharField("adresse", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=4, blank=True)
    city = models.CharField("by", max_length=60, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_citizens",
        verbose_name="tovholder",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        verbose_name = "borger"
        verbose_name_plural = "borgere"
        permissions = [("assign_coordinator", "Udpeger borgerens tovholder")]
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "cpr"], name="citizen_unique_cpr")]
        indexes = [
            models.Index(fields=["municipality", "last_name", "first_name"], name="citizen_name_idx"),
            models.Index(fields=["municipality", "coordinator"], name="citizen_coordinator_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr_display(self) -> str:
        return format_cpr(self.cpr)

    def age(self, on: datetime.date | None = None) -> int:
        return age_on(self.birth_date, on or datetime.date.today())


class InvolvementQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "InvolvementQuerySet":
        return self.filter(active_on(day))


class CoordinatorAssignment(TenantModel):
    """The coordinator (tovholder) from a date to a date, with who named them and why: the history behind
    `Citizen.coordinator` (psychiatry policy 6.2: one coordinator across all units involved)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="coordinator_history")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="tovholder")
    started_on = models.DateField("fra")
    ended_on = models.DateField("til", null=True, blank=True)
    reason = models.CharField("begrundelse", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")  # None: named before the history was kept
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "tovholder i en periode"
        verbose_name_plural = "tovholdere over tid"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "started_on"], name="coordinator_citizen_idx")]
        constraints = [models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F(
            "started_on")), name="coordinator_dates_in_order")]


class Involvement(TenantModel):
    """A unit taking part in the citizen's support, from a date, optionally with an assigned worker."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="involvements")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="involvements")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
        verbose_name="kontaktperson",
    )
    started_on = models.DateField("fra")
    ended_on = models.DateField("til", null=True, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        verbose_name = "involveret enhed"
        verbose_name_plural = "involverede enheder"
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["municipality", "unit", "ended_on"], name="involvement_unit_idx"),
            models.Index(fields=["municipality", "worker", "ended_on"], name="involvement_worker_idx"),
            models.Index(fields=["municipality", "citizen"], name="involvement_citizen_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="involvement_dates_in_order",
            )
        ]

    @property
    def active(self) -> bool:
        return self.ended_on is None or self.ended_on >= datetime.date.today()


class Relative(TenantModel):
    """A relative or other network person (pårørende)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="relatives")
    name = models.CharField("navn", max_length=200)
    relation = models.CharField("relation", max_length=60)
    phone = models.CharField("telefon", max_length=20, blank=True)
    email = models.EmailField("e-mail", max_length=200, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        verbose_name = "pårørende"
        verbose_name_plural = "pårørende"
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "citizen"], name="relative_citizen_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class Consent(TenantModel):
    """What a relative may be told, from when; withdrawing sets a date and keeps the row."""

    class Scope(models.TextChoices):
        CONTACT = "contact", "Må kontaktes i en krise"
        GENERAL = "general", "Generel orientering om støtten"
        PLAN = "plan", "Plan, mål og aftaler"
        HEALTH = "health", "Helbred og behandling"
        MEETINGS = "meetings", "Må deltage i møder"

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="consents")
    relative = models.ForeignKey(Relative, on_delete=models.PROTECT, related_name="consents")
    scope = models.CharField("omfang", max_length=20, choices=Scope.choices)
    given_on = models.DateField("givet")
    withdrawn_on = models.DateField("trukket tilbage", null=True, blank=True)
    note = models.CharField("bemærkning", max_length=500, blank=True)

    class Meta:
        verbose_name = "samtykke"
        verbose_name_plural = "samtykker"
        ordering = ["-given_on"]
        indexes = [models.Index(fields=["municipality", "citizen"], name="consent_citizen_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_dates_in_order",
            )
        ]

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class BreakGlassGrant(TenantModel):
    """A time-limited look-up outside one's need to know, with the reason given."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="break_glass_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("begrundelse", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "adgang uden for arbejdsområde"
        verbose_name_plural = "adgange uden for arbejdsområde"
        indexes = [models.Index(fields=["municipality", "user", "citizen", "expires_at"], name="breakglass_idx")]


@scopes.scope(Kind.STAFF)
def _staff_knows(principal: Principal) -> Q:
    """Staff know the citizens they coordinate, are contact person for, or whom an active
    involvement ties to a unit in their scope (managers: their units and those below)."""
    involved = Involvement.objects.active_on(timezone.localdate()).filter(municipality_id=principal.municipality_id)
    # three branches, each answered by its own index (citizens.scopes asks them as one set of ids)
    return (Q(coordinator=principal.user) | Q(pk__in=involved.filter(unit_id__in=principal.scope_units())
                                              .values("citizen_id"))
            | Q(pk__in=involved.filter(worker=principal.user).values("citizen_id")))


class Disclosure(TenantModel):
    """What a member of staff told a relative, when, and under which consents (the relative's information
    page, ADR 0025-one-task-list): the citizen can see every disclosure later. Never changed."""

    class Channel(models.TextChoices):
        PHONE = "phone", "Telefon"
        MEETING = "meeting", "Møde"
        EMAIL = "email", "E-mail"
        LETTER = "letter", "Brev"

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="disclosures")
    relative = models.ForeignKey(Relative, on_delete=models.PROTECT, related_name="disclosures")
    told_on = models.DateField("dato")
    told_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name="oplyst af")
    channel = models.CharField("hvordan", max_length=10, choices=Channel.choices)
    scopes = models.JSONField("under samtykke til", default=list)
    what = models.CharField("hvad der blev oplyst", max_length=2000)
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "oplysning givet til pårørende"
        verbose_name_plural = "oplysninger givet til pårørende"
        ordering = ["-told_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "told_on"], name="disclosure_citizen_idx")]

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(Consent.Scope.choices)
        return [str(labels[s]) for s in self.scopes if s in labels]
