"""Append-only records of who read citizen data (AccessEvent) and who changed what (AuditEvent).

Both tables refuse UPDATE and DELETE at the database (triggers, see migrations) and in the ORM.
"""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Loggen kan ikke ændres.")

    def delete(self):
        raise AppendOnlyError("Loggen kan ikke slettes.")


class AppendOnlyModel(TenantModel):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Loggen kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Loggen kan ikke slettes.")


class AccessEvent(AppendOnlyModel):
    """One read of one citizen's data: who, when, which citizen, what, why."""

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="hvem"
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="access_events", verbose_name="borger"
    )
    what = models.CharField("hvad", max_length=120)
    reason = models.CharField("begrundelse", max_length=500, blank=True)
    break_glass = models.BooleanField("uden for arbejdsområde", default=False)

    class Meta:
        verbose_name = "opslag"
        verbose_name_plural = "opslag"
        indexes = [
            models.Index(fields=["municipality", "citizen", "-at"], name="access_citizen_idx"),
            models.Index(fields=["municipality", "actor", "-at"], name="access_actor_idx"),
        ]


class AuditEvent(AppendOnlyModel):
    """One write through a service, recorded in the same transaction as the write."""

    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="hvem"
    )
    action = models.CharField("handling", max_length=80)
    object_type = models.CharField("objekttype", max_length=80)
    object_id = models.CharField("objekt-id", max_length=40)
    citizen = models.ForeignKey(
        "citizens.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        verbose_name="borger",
    )
    detail = models.JSONField("detaljer", default=dict, blank=True)

    class Meta:
        verbose_name = "ændring"
        verbose_name_plural = "ændringer"
        indexes = [
            models.Index(fields=["municipality", "citizen", "-at"], name="audit_citizen_idx"),
            models.Index(fields=["municipality", "action", "-at"], name="audit_action_idx"),
        ]
