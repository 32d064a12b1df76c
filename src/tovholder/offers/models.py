"""The municipality's offer catalogue: legal basis, target group, format, capacity, price and quotas.

Legal bases are data, never assumptions in code (ARCHITECTURE.md rule 8).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import Municipality, TenantModel

from . import ffb


class LegalBasis(models.Model):
    law = models.CharField("lov", max_length=120)
    paragraph = models.CharField("paragraf", max_length=40)
    title = models.CharField("overskrift", max_length=200)

    class Meta:
        verbose_name = "lovgrundlag"
        verbose_name_plural = "lovgrundlag"
        ordering = ["law", "paragraph"]
        constraints = [models.UniqueConstraint(fields=["law", "paragraph"], name="legal_basis_unique")]

    def __str__(self) -> str:
        return f"{self.law} {self.paragraph}"


class OfferQuerySet(models.QuerySet):
    def grantable(self) -> "OfferQuerySet":
        """Offers a caseworker can apply for and grant: those that need visitation, and those without
        visitation the municipality has chosen may also be granted formally."""
        return self.filter(Q(requires_visitation=True) | Q(may_be_granted=True))

    def available_to(self, municipality) -> "OfferQuerySet":
        """The municipality's own offers and the shared offers it holds a quota in."""
        return self.filter(Q(municipality=municipality)
                           | Q(pk__in=OfferQuota.objects.filter(municipality=municipality).values("offer_id")))


class Offer(TenantModel):
    """An offer (tilbud/ydelse). `municipality` is the operator; shared offers give others a quota."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", "Individuel støtte"
        GROUP = "group", "Gruppeforløb"
        MIXED = "mixed", "Individuel og gruppebaseret"
        RESIDENTIAL = "residential", "Bolig / ophold"
        DROPIN = "dropin", "Værested / åbent tilbud"

    class CapacityKind(models.TextChoices):
        PLACES = "places", "Pladser"
        STAFF_HOURS = "staff_hours", "Medarbejdertimer pr. uge"
        SEATS = "seats", "Deltagerpladser pr. hold"
        OPEN = "open", "Åbent (ingen fast kapacitet)"

    class PriceUnit(models.TextChoices):
        HOUR = "hour", "kr. pr. time"
        DAY = "day", "kr. pr. døgn"
        MONTH = "month", "kr. pr. måned"
        YEAR = "year", "kr. pr. plads pr. år"
        COURSE = "course", "kr. pr. forløb"
        NONE = "none", "ingen takst"

    name = models.CharField("navn", max_length=160)
    description = models.TextField("beskrivelse", blank=True, max_length=4000)
    legal_basis = models.ForeignKey(
        LegalBasis, null=True, blank=True, on_delete=models.PROTECT, verbose_name="lovgrundlag"
    )
    legal_basis_note = models.CharField("lovgrundlag, supplerende", max_length=200, blank=True)
    ffb_service = models.CharField("FFB-ydelse", max_length=36, blank=True)
    ffb_offer_type = models.CharField("FFB-tilbudstype", max_length=36, blank=True)
    # the services (FFB ydelser) one grant of the offer consists of: the ASF offer is SKP-style support and the
    # weekly club evening, two services in one effort. The grant form starts from them; a grant without a choice
    # gets them (visitation.services.grant).
    grant_services = models.JSONField("ydelser i en bevilling (FFB)", default=list, blank=True)
    target_age_min = models.PositiveSmallIntegerField("alder fra", default=18)
    target_age_max = models.PositiveSmallIntegerField("alder til", null=True, blank=True)
    target_description = models.CharField("målgruppe", max_length=300, blank=True)
    requires_visitation = models.BooleanField("kræver visitation", default=True)
    may_be_granted = models.BooleanField(
        "kan også bevilges formelt", default=False,
        help_text="For et tilbud uden visitation (fx § 104): kommunen har valgt, at det også kan bevilges med "
                  "afgørelse, brev og bestilling.")
    version = models.PositiveIntegerField(default=1)
    format = models.CharField("form", max_length=20, choices=Format.choices)
    capacity_kind = models.CharField("kapacitet i", max_length=20, choices=CapacityKind.choices)
    capacity = models.DecimalField("kapacitet", max_digits=8, decimal_places=1, default=0)
    staff_fte = models.DecimalField("årsværk", max_digits=5, decimal_places=2, default=0)
    price = models.DecimalField("takst", max_digits=10, decimal_places=2, default=0)
    price_unit = models.CharField("takst pr.", max_length=10, choices=PriceUnit.choices, default=PriceUnit.NONE)
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, verbose_name="udføres af"
    )
    shared = models.BooleanField("fælles med andre kommuner", default=False)
    active = models.BooleanField("aktivt", default=True)
    deadline_days = models.PositiveSmallIntegerField("sagsbehandlingsfrist (dage)", null=True, blank=True)
    deadline_working_days = models.BooleanField("fristen tælles i arbejdsdage", default=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "tilbud"
        verbose_name_plural = "tilbud"
        ordering = ["name"]
        permissions = [("manage_offers", "Bestemmer over kommunens tilbud i kataloget")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="offer_unique_name"),
            models.CheckConstraint(
                condition=Q(target_age_max__isnull=True) | Q(target_age_max__gte=models.F("target_age_min")),
                name="offer_age_range_in_order",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=0), name="offer_capacity_not_negative"),
            models.CheckConstraint(condition=Q(price__gte=0), name="offer_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.ffb_service and not ffb.is_code_in(self.ffb_service, "Ydelse"):
            errors["ffb_service"] = "Koden er ikke en FFB-ydelse."
        if any(not ffb.is_leaf_in(code, "Ydelse") for code in self.grant_services):
            errors["grant_services"] = "Ydelserne i en bevilling skal være ydelser fra FFB's liste."
        if self.ffb_offer_type and not ffb.is_code_in(self.ffb_offer_type, "Tilbud"):
            errors["ffb_offer_type"] = "Koden er ikke en FFB-tilbudstype."
        if self.target_age_max is not None and self.target_age_max < self.target_age_min:
            errors["target_age_max"] = "Aldersgrænsen 'til' skal være mindst lige så høj som 'fra'."
        if errors:
            raise ValidationError(errors)

    @property
    def grantable(self) -> bool:
        return self.requires_visitation or self.may_be_granted

    @property
    def legal_basis_display(self) -> str:
        text = str(self.legal_basis) if self.legal_basis else ""
        return f"{text} {self.legal_basis_note}".strip()

    @property
    def age_range_display(self) -> str:
        if self.target_age_max is None:
            return f"fra {self.target_age_min} år"
        return f"{self.target_age_min}–{self.target_age_max} år"

    @property
    def ffb_service_display(self) -> str:
        return ffb.display(self.ffb_service)

    @property
    def grant_services_display(self) -> list[str]:
        return [ffb.display(code) for code in self.grant_services]

    @property
    def ffb_offer_type_display(self) -> str:
        return ffb.display(self.ffb_offer_type)


class OfferQuota(models.Model):
    """A municipality's share of a shared offer (e.g. Flex Bostøtte: 7 places for Ballerup)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="quotas")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="offer_quotas")
    places = models.PositiveIntegerField("pladser", null=True, blank=True)

    class Meta:
        verbose_name = "kvote"
        verbose_name_plural = "kvoter"
        constraints = [models.UniqueConstraint(fields=["offer", "municipality"], name="quota_unique")]

    def __str__(self) -> str:
        return f"{self.offer}: {self.municipality} ({'ingen fast kvote' if self.places is None else self.places})"
