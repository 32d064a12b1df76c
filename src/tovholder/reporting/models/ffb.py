"""The KL FFB daily delivery (ADR 0029): one delivery per municipality and day, one bundle per citizen whose
FFB data changed, and the ledger of what was sent (a hash per resource), so unchanged resources are not sent
again."""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel

__all__ = ["FfbDelivery", "FfbBundle", "FfbSent"]


class FfbDelivery(TenantModel):
    """The municipality's FFB report for one day. A day may be run again (e.g. "Indberet nu" after the
    nightly run): the later run adds what changed since, never sends an unchanged resource again."""

    class Status(models.TextChoices):
        RUNNING = "running", "I gang"
        DONE = "done", "Indberettet"
        FAILED = "failed", "Indberettet med fejl"

    day = models.DateField("dag")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField("startet", auto_now_add=True)
    finished_at = models.DateTimeField("færdig", null=True, blank=True)
    runs = models.PositiveIntegerField("kørsler", default=0)
    citizens_checked = models.PositiveIntegerField("borgere gennemgået", default=0)
    bundles = models.PositiveIntegerField("bundter sendt", default=0)
    failures = models.PositiveIntegerField("bundter afvist", default=0)
    counts = models.JSONField("ressourcer pr. type", default=dict, blank=True)
    transport = models.CharField("transport", max_length=40, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", verbose_name="sat i gang af")

    class Meta:
        verbose_name = "FFB-indberetning"
        verbose_name_plural = "FFB-indberetninger"
        ordering = ["-day"]
        permissions = [("report_ffb", "Indberetter FFB-data til KL")]
        indexes = [models.Index(fields=["municipality", "-day"], name="ffbdelivery_day_idx")]
        constraints = [models.UniqueConstraint(fields=["municipality", "day"], name="ffbdelivery_one_per_day")]

    def __str__(self) -> str:
        return f"FFB-indberetning {self.day}"


class FfbBundle(TenantModel):
    """One citizen's bundle in a day's delivery: sent (as it was sent) or refused by the validation (with
    the reason in Danish, and nothing written)."""

    class Status(models.TextChoices):
        SENT = "sent", "Sendt"
        REFUSED = "refused", "Afvist af valideringen"

    delivery = models.ForeignKey(FfbDelivery, on_delete=models.PROTECT, related_name="bundle_rows")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    name = models.CharField("filnavn", max_length=120, blank=True)
    counts = models.JSONField("ressourcer pr. type", default=dict, blank=True)
    content = models.JSONField("bundtet som sendt", null=True, blank=True)
    reasons = models.JSONField("årsager til afvisning", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "FFB-bundt"
        verbose_name_plural = "FFB-bundter"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["municipality", "delivery", "status"], name="ffbbundle_delivery_idx"),
                   models.Index(fields=["municipality", "citizen"], name="ffbbundle_citizen_idx")]


class FfbSent(TenantModel):
    """The ledger: the last version of each resource that was sent (its stable UUID, the record it comes
    from, and the hash of its canonical JSON without `meta.lastUpdated`)."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    key = models.CharField("post", max_length=120)
    resource_type = models.CharField("ressourcetype", max_length=40)
    resource_id = models.UUIDField("ressource-id")
    digest = models.CharField("hash", max_length=64)
    sent_at = models.DateTimeField("sendt")
    day = models.DateField("indberetningsdag")

    class Meta:
        verbose_name = "sendt FFB-ressource"
        verbose_name_plural = "sendte FFB-ressourcer"
        indexes = [models.Index(fields=["municipality", "citizen"], name="ffbsent_citizen_idx")]
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="ffbsent_unique_key")]
