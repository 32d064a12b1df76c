"""Care messages (MedCom CareCommunication, "korrespondancemeddelelse"): a thread per citizen and partner
organisation, its messages in and out, each message's signed segments (text or a PDF attachment), and
the incoming bundles refused with their reason (ADR 0026-care-messages-and-agreements).

A message is stored once: its MessageHeader id is unique in the municipality, so the same bundle
received twice is a no-op. Earlier segments that travel again with a reply are recognised by their
identifier and not stored twice."""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel

from ..carecommunication import CATEGORIES

__all__ = ["CareThread", "CareMessage", "CareSegment"]


class CareThread(TenantModel):
    """One conversation about a citizen with one partner organisation, under one MedCom category. The
    team (unit) whose inbox it lands in is the unit of the citizen's active involvement, or the sender's."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="care_threads")
    partner = models.ForeignKey("crosssector.Partner", on_delete=models.PROTECT, related_name="care_threads",
                                verbose_name="samarbejdspartner")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="team")
    category = models.CharField("kategori", max_length=40, choices=CATEGORIES)
    topic = models.CharField("emne", max_length=60)
    thread_id = models.CharField("korrespondancens id", max_length=64)
    started_at = models.DateTimeField("startet", auto_now_add=True)
    last_at = models.DateTimeField("seneste meddelelse")
    unread = models.PositiveSmallIntegerField("ulæste", default=0)

    class Meta:
        verbose_name = "korrespondance"
        verbose_name_plural = "korrespondancer"
        ordering = ["-last_at", "-pk"]
        permissions = [("exchange_care_messages", "Sender og modtager korrespondancemeddelelser (MedCom)")]
        indexes = [models.Index(fields=["municipality", "citizen", "last_at"], name="carethread_citizen_idx"),
                   models.Index(fields=["municipality", "unit", "category", "last_at"], name="carethread_inbox_idx")]
        constraints = [models.UniqueConstraint(fields=["municipality", "thread_id"], name="carethread_unique_id")]

    def __str__(self) -> str:
        return self.topic


class CareMessage(TenantModel):
    """One CareCommunication message in or out of a thread."""

    class Direction(models.TextChoices):
        IN = "in", "Modtaget"
        OUT = "out", "Sendt"

    class Kind(models.TextChoices):
        NEW = "new", "Ny meddelelse"
        REPLY = "reply", "Svar"
        FORWARD = "forward", "Videresendt"

    thread = models.ForeignKey(CareThread, on_delete=models.PROTECT, related_name="messages")
    direction = models.CharField("retning", max_length=3, choices=Direction.choices)
    kind = models.CharField("art", max_length=10, choices=Kind.choices, default=Kind.NEW)
    message_id = models.CharField("meddelelsens id", max_length=64)
    replies_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="svar på")
    partner = models.ForeignKey("crosssector.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name="afsender eller modtager")
    at = models.DateTimeField("tidspunkt")
    file_name = models.CharField("fil", max_length=200, blank=True)
    share = models.OneToOneField("crosssector.Share", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="deling (hvad tillod den)")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="sendt af")
    read_at = models.DateTimeField("læst", null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        verbose_name = "korrespondancemeddelelse"
        verbose_name_plural = "korrespondancemeddelelser"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["municipality", "thread", "at"], name="caremessage_thread_idx")]
        constraints = [models.UniqueConstraint(fields=["municipality", "message_id"], name="caremessage_unique_id")]


class CareSegment(TenantModel):
    """A signed part of a message: text or a PDF attachment, with its author's name, role and phone."""

    message = models.ForeignKey(CareMessage, on_delete=models.PROTECT, related_name="segments")
    identifier = models.CharField(max_length=64)
    text = models.TextField("tekst", blank=True, max_length=20_000)
    attachment_title = models.CharField("bilag", max_length=200, blank=True)
    attachment = models.BinaryField("bilagets indhold (PDF)", null=True, blank=True)
    signed_name = models.CharField("underskrevet af", max_length=200)
    signed_role = models.CharField("rolle", max_length=120, blank=True)
    signed_phone = models.CharField("telefon", max_length=30, blank=True)
    signed_at = models.DateTimeField("tidspunkt")

    class Meta:
        verbose_name = "afsnit"
        verbose_name_plural = "afsnit"
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["municipality", "message"], name="caresegment_message_idx"),
                   models.Index(fields=["municipality", "identifier"], name="caresegment_ident_idx")]
