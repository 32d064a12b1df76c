"""Retention as data: how long each kind of record is kept after it ended (per municipality), legal holds
that stop a deletion, the proposals the daily job makes, and the record of each deletion (what kinds and
how many rows, when, on whose approval – never the content)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

DEFAULT_YEARS = 5  # Danish rule of thumb (arkivloven, databeskyttelsesloven): 5 years after the case closed


class RetentionRule(TenantModel):
    """How many years a kind of record is kept after it ended, in one municipality."""

    kind = models.CharField("slags", max_length=40)
    years = models.PositiveSmallIntegerField("år efter afslutning", default=DEFAULT_YEARS)
    basis = models.CharField("grundlag", max_length=300, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    class Meta:
        verbose_name = "opbevaringsregel"
        verbose_name_plural = "opbevaringsregler"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="retention_rule_unique_kind"),
            models.CheckConstraint(condition=Q(years__gte=1) & Q(years__lte=100), name="retention_rule_years"),
        ]


class LegalHold(TenantModel):
    """A legal hold (retlig tilbageholdelse, e.g. a complaint, a lawsuit, a request from Ankestyrelsen): the
    citizen's data is not deleted while it is in force."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField("begrundelse", max_length=500)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField("sat", auto_now_add=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    released_at = models.DateTimeField("ophævet", null=True, blank=True)

    class Meta:
        verbose_name = "retlig tilbageholdelse"
        verbose_name_plural = "retlige tilbageholdelser"
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["municipality", "citizen", "released_at"], name="legalhold_citizen_idx")]


class DeletionProposal(TenantModel):
    """The daily job's proposal to delete a citizen whose every record passed its retention period."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Foreslået"
        APPROVED = "approved", "Godkendt og slettet"
        REJECTED = "rejected", "Afvist"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="deletion_proposals")
    proposed_on = models.DateField("foreslået")
    last_ended_on = models.DateField("sidst afsluttet")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("besluttet", null=True, blank=True)
    reason = models.CharField("begrundelse for afvisning", max_length=500, blank=True)

    class Meta:
        verbose_name = "sletteforslag"
        verbose_name_plural = "sletteforslag"
        ordering = ["proposed_on", "pk"]
        indexes = [models.Index(fields=["municipality", "status", "proposed_on"], name="deletionproposal_idx")]
        constraints = [models.UniqueConstraint(fields=["citizen"], condition=Q(status="proposed"),
                                               name="deletionproposal_one_open")]


class DeletionRecord(TenantModel):
    """What one deletion removed: kinds and counts, when, on whose approval. No content: the citizen row left
    behind is anonymised, and this record names it only by its number."""

    citizen = models.OneToOneField("citizens.Citizen", on_delete=models.PROTECT, related_name="deletion_record")
    proposal = models.OneToOneField(DeletionProposal, on_delete=models.PROTECT, related_name="record")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField("slettet", auto_now_add=True)
    counts = models.JSONField("slettet pr. slags", default=dict)
    redacted = models.JSONField("anonymiseret i loggene", default=dict)

    class Meta:
        verbose_name = "sletning"
        verbose_name_plural = "sletninger"
        ordering = ["-deleted_at"]
        indexes = [models.Index(fields=["municipality", "deleted_at"], name="deletionrecord_idx")]
        permissions = [
            ("approve_deletion", "Godkender sletning af borgeres oplysninger"),
            ("place_legal_hold", "Sætter og ophæver retlig tilbageholdelse"),
        ]

    @property
    def total(self) -> int:
        return sum(self.counts.values())
