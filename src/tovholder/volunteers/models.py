"""Volunteer companions (frivillige ledsagere, seed 002 section 12; seed 004): volunteers the
coordinator registers, a citizen's wish for a companion (given with consent), the agreement that
matches them, and the outings it led to.

A volunteer is not a member of staff and not a user: contact data, interests, availability, the
criminal-record certificate seen and when it must be renewed, and the volunteer's consent to be
contacted. An outing is an occasion of kind OUTING in the activities ledger *without staff*: it is
the citizen's participation, never a member of staff's delivered time (ADR 0014-volunteer-companions).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

# Interests as data: what a citizen would like company for, and what a volunteer likes to do.
INTERESTS = [
    ("walks", "Gåture og natur"),
    ("sport", "Motion og sport"),
    ("swimming", "Svømning"),
    ("culture", "Museum, teater og koncerter"),
    ("cinema", "Biograf"),
    ("cafe", "Café og en snak"),
    ("library", "Bibliotek og læsning"),
    ("creative", "Kreative aktiviteter"),
    ("music", "Musik"),
    ("shopping", "Indkøb og ærinder"),
    ("association", "Foreningsliv og fællesskaber"),
    ("transport", "Tage bus og tog"),
]
INTEREST_LABELS = dict(INTERESTS)

WEEKDAYS = [("mon", "Mandag"), ("tue", "Tirsdag"), ("wed", "Onsdag"), ("thu", "Torsdag"), ("fri", "Fredag"),
            ("sat", "Lørdag"), ("sun", "Søndag")]
PARTS_OF_DAY = [("am", "formiddag"), ("pm", "eftermiddag"), ("eve", "aften")]
# availability as data: "mon-am", "sat-eve" …
SLOTS = [(f"{d}-{p}", f"{dl} {pl}") for d, dl in WEEKDAYS for p, pl in PARTS_OF_DAY]
SLOT_LABELS = dict(SLOTS)


def labels(codes, table: dict) -> list[str]:
    """The Danish labels of stored codes, in the table's order (unknown codes are left out)."""
    wanted = set(codes or ())
    return [label for code, label in table.items() if code in wanted]


class Volunteer(TenantModel):
    first_name = models.CharField("fornavn", max_length=100)
    last_name = models.CharField("efternavn", max_length=100)
    phone = models.CharField("telefon", max_length=20, blank=True)
    email = models.EmailField("e-mail", max_length=200, blank=True)
    interests = models.JSONField("interesser", default=list, blank=True)
    availability = models.JSONField("kan", default=list, blank=True)
    certificate_seen_on = models.DateField("børne-/straffeattest set", null=True, blank=True)
    certificate_renew_by = models.DateField("attesten skal fornyes senest", null=True, blank=True)
    consents_to_contact = models.BooleanField("samtykker til at blive kontaktet", default=False)
    max_agreements = models.PositiveSmallIntegerField("højst antal borgere ad gangen", default=1)
    active = models.BooleanField("aktiv", default=True)
    note = models.CharField("bemærkning", max_length=1000, blank=True)
    created_at = models.DateTimeField("registreret", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "frivillig"
        verbose_name_plural = "frivillige"
        ordering = ["first_name", "last_name", "pk"]
        permissions = [("coordinate_volunteers", "Koordinerer frivillige ledsagere: registrerer og matcher")]
        indexes = [models.Index(fields=["municipality", "active", "certificate_renew_by"],
                                name="volunteer_certificate_idx")]
        constraints = [models.CheckConstraint(
            condition=Q(certificate_renew_by__isnull=True) | Q(certificate_seen_on__isnull=True)
            | Q(certificate_renew_by__gt=models.F("certificate_seen_on")), name="volunteer_certificate_order")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def certificate_valid_on(self, day: datetime.date) -> bool:
        return (self.certificate_seen_on is not None and self.certificate_renew_by is not None
                and self.certificate_seen_on <= day <= self.certificate_renew_by)

    @property
    def interest_labels(self) -> list[str]:
        return labels(self.interests, INTEREST_LABELS)

    @property
    def availability_labels(self) -> list[str]:
        return labels(self.availability, SLOT_LABELS)


class CompanionWish(TenantModel):
    """A citizen's wish for a volunteer companion, recorded by a worker with need to know, with the
    citizen's consent to share first name, contact arrangement and meeting place with a volunteer."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Venter på en frivillig"
        MATCHED = "matched", "Matchet"
        WITHDRAWN = "withdrawn", "Trukket tilbage"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="companion_wishes")
    interests = models.JSONField("interesser", default=list)
    availability = models.JSONField("kan", default=list)
    wish = models.CharField("borgerens ønske med egne ord", max_length=1000)
    contact_arrangement = models.CharField("kontaktaftale", max_length=500)
    meeting_place = models.CharField("mødested", max_length=200)
    consent_given_on = models.DateField("samtykke givet")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    withdrawn_reason = models.CharField("årsag", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("registreret", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "ønske om frivillig ledsager"
        verbose_name_plural = "ønsker om frivillig ledsager"
        ordering = ["recorded_at", "pk"]
        permissions = [("record_companion_wish", "Registrerer en borgers ønske om en frivillig ledsager")]
        indexes = [models.Index(fields=["municipality", "status", "recorded_at"], name="wish_status_idx"),
                   models.Index(fields=["municipality", "citizen"], name="wish_citizen_idx")]

    @property
    def interest_labels(self) -> list[str]:
        return labels(self.interests, INTEREST_LABELS)

    @property
    def availability_labels(self) -> list[str]:
        return labels(self.availability, SLOT_LABELS)


class Agreement(TenantModel):
    """A volunteer companion for a citizen, from a start to an agreed end; ended early with a reason."""

    class EndReason(models.TextChoices):
        PERIOD_OVER = "period_over", "Aftaleperioden er slut"
        CITIZEN_STOPS = "citizen_stops", "Borgeren ønsker at stoppe"
        VOLUNTEER_STOPS = "volunteer_stops", "Den frivillige stopper"
        NOT_A_MATCH = "not_a_match", "Matchet fungerede ikke"
        CERTIFICATE = "certificate", "Den frivilliges attest er ikke fornyet"
        OTHER = "other", "Andet"

    wish = models.ForeignKey(CompanionWish, on_delete=models.PROTECT, related_name="agreements")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="companion_agreements")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="agreements")
    offer = models.ForeignKey("offers.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="borgerens deltagelse tæller under tilbud")
    starts_on = models.DateField("starter")
    ends_on = models.DateField("aftalt til")
    ended_on = models.DateField("afsluttet", null=True, blank=True)
    end_reason = models.CharField("årsag til afslutning", max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.CharField("bemærkning til afslutningen", max_length=500, blank=True)
    match_reasons = models.JSONField("hvorfor dette match", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "ledsageraftale"
        verbose_name_plural = "ledsageraftaler"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "ended_on", "starts_on"], name="agreement_open_idx"),
                   models.Index(fields=["municipality", "citizen"], name="agreement_citizen_idx"),
                   models.Index(fields=["municipality", "volunteer"], name="agreement_volunteer_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="agreement_ends_after"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                                   name="agreement_ended_after_start"),
        ]

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Outing(TenantModel):
    """An outing of an agreement: the citizen's participation in an OUTING occasion held by no staff."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="outings")
    participation = models.OneToOneField("activities.Participation", on_delete=models.PROTECT, related_name="+")
    what = models.CharField("hvad", max_length=200, blank=True)

    class Meta:
        verbose_name = "ledsagelse"
        verbose_name_plural = "ledsagelser"
        indexes = [models.Index(fields=["municipality", "agreement"], name="outing_agreement_idx")]
