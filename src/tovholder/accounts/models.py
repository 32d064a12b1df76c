"""Staff, the units (teams) they work in, their competences and their roles.

Roles are Django groups carrying permissions (data, not `if` chains); see `accounts.roles`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tovholder.tenancy.models import TenantModel


class Unit(TenantModel):
    """An organisational unit: the social psychiatry as a whole, a team, a centre, a caseworker office."""

    class Kind(models.TextChoices):
        MANAGEMENT = "management", "Ledelse"
        TEAM = "team", "Team"
        CENTRE = "centre", "Center / værested"
        HOUSING = "housing", "Bofællesskab / botilbud"
        CASEWORK = "casework", "Myndighed (visitation)"

    name = models.CharField("navn", max_length=120)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="overordnet"
    )
    description = models.TextField("beskrivelse", blank=True, max_length=2000)

    class Meta:
        verbose_name = "enhed"
        verbose_name_plural = "enheder"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return self.name


class Competence(models.Model):
    """A specialist competence, e.g. the kompetenceteam's list (udadreagerende adfærd, svær ADHD …)."""

    name = models.CharField("navn", max_length=120, unique=True)
    # what the competence is for, as codes: the case's needs (visitation's list, e.g. "adhd") and FFB target
    # groups and conditions (KL's UUIDs). The contact-person suggestion matches a citizen's needs against it.
    covers = models.JSONField("dækker behov, målgrupper og tilstande (koder)", default=list, blank=True)

    class Meta:
        verbose_name = "kompetence"
        verbose_name_plural = "kompetencer"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(TenantModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    title = models.CharField("stilling", max_length=120)
    phone = models.CharField("telefon", max_length=20, blank=True,
                             help_text="Står i underskriften på korrespondancemeddelelser.")
    fte = models.DecimalField(
        "årsværk",
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1.5"))],
    )
    units = models.ManyToManyField(Unit, related_name="staff", verbose_name="enheder")
    competences = models.ManyToManyField(Competence, blank=True, related_name="staff", verbose_name="kompetencer")

    class Meta:
        verbose_name = "medarbejder"
        verbose_name_plural = "medarbejdere"
        permissions = [
            ("see_subunit_citizens", "Ser borgere i egne og underliggende enheder"),
            ("break_glass", "Kan åbne en borger uden for sit arbejdsområde med begrundelse"),
            ("view_access_log", "Ser borgeres adgangslog"),
            ("view_organisation", "Ser teams, medarbejdere og kompetencer"),
            ("view_offer_catalogue", "Ser kommunens tilbudskatalog"),
            ("manage_citizens", "Opretter borgere og registrerer pårørende og samtykke"),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
