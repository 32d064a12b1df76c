"""Partner organisations (hospital wards, GPs, Brydehuset, the Jobcenter …) as data with their SOR and EAN
codes; the legal bases for sharing without consent (data, never code); the citizen's consent to share with
a partner; and the log of every share, in and out (issue 14, item 9).

A partner acts through its own user (`Partner.user`, never able to log in): a notification from a ward is
written by that ward, as the audit trail says (`crosssector.principals`, ADR 0024)."""

import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

__all__ = ["Partner", "Purpose", "SharingBasis", "PartnerConsent", "Share", "paragraph_number"]


class Purpose(models.TextChoices):
    """What information is shared (with its own legal basis or consent)."""

    NOTIFICATION = "notification", "Advis om sygehusophold"
    CARE_MESSAGE = "care_message", "Korrespondancemeddelelse"
    DISCHARGE = "discharge", "Udskrivningsaftale og koordinationsplan"
    PATHWAY = "pathway", "Sammenhængende forløbsplan (dobbeltdiagnose)"
    GENERAL = "general", "Oplysninger om støtten"


class Partner(TenantModel):
    """A partner organisation in the municipality's own list, identified in messages by its SOR code
    (Sundhedsvæsenets Organisationsregister) and its EAN/GLN location number. `OWN` rows are the
    municipality's own addresses: a message to one of them is for this municipality (and its unit)."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", "Hospital"
        WARD = "ward", "Sygehusafdeling"
        GP = "gp", "Praktiserende læge"
        SUBSTANCE = "substance", "Misbrugsbehandling"
        JOBCENTER = "jobcenter", "Jobcenter"
        CHILDREN = "children", "Børne- og familieområdet"
        OWN = "own", "Kommunens egen adresse"
        OTHER = "other", "Anden samarbejdspartner"

    name = models.CharField("navn", max_length=200)
    kind = models.CharField("slags", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="hører under")
    sor_code = models.CharField("SOR-kode", max_length=18, blank=True,
                                help_text="Sundhedsvæsenets Organisationsregister (SOR), 15–18 cifre.")
    ean_code = models.CharField("EAN-lokationsnummer", max_length=13, blank=True,
                                help_text="EAN/GLN-nummeret, som beskeder adresseres til (13 cifre).")
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="kommunens enhed",
                             help_text="For kommunens egne adresser: den enhed, beskeder til adressen lander hos.")
    phone = models.CharField("telefon", max_length=20, blank=True)
    address = models.CharField("adresse", max_length=200, blank=True)
    active = models.BooleanField("aktiv", default=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="partner", editable=False)  # the partner acting (never logs in)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "samarbejdspartner"
        verbose_name_plural = "samarbejdspartnere"
        ordering = ["name"]
        permissions = [("manage_partners", "Vedligeholder samarbejdspartnere og deres SOR- og EAN-koder")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "sor_code"], condition=~Q(sor_code=""),
                                    name="partner_unique_sor"),
            models.UniqueConstraint(fields=["municipality", "ean_code"], condition=~Q(ean_code=""),
                                    name="partner_unique_ean"),
            models.CheckConstraint(condition=Q(kind="own") | Q(unit__isnull=True), name="partner_unit_only_own"),
        ]
        indexes = [models.Index(fields=["municipality", "kind", "active"], name="partner_kind_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        return self.kind == self.Kind.OWN


_PARAGRAPH = re.compile(r"(\d+)\s*([a-zæøå]?)\b", re.IGNORECASE)


def paragraph_number(text: str) -> int | None:
    """The number of a paragraph as the catalogue writes it: "§ 85" → 85, "§ 82 a" → 82, "§ 107" → 107."""
    found = _PARAGRAPH.search(text or "")
    return int(found.group(1)) if found else None


def _ranges(text: str) -> list[tuple[int, int]]:
    """"83-99, 107, 108" → [(83, 99), (107, 107), (108, 108)]; unreadable parts are left out."""
    found = []
    for part in re.split(r"[,;]| og ", text or ""):
        numbers = [int(n) for n in re.findall(r"\d+", part)]
        if len(numbers) == 1:
            found.append((numbers[0], numbers[0]))
        elif len(numbers) >= 2:
            found.append((min(numbers[:2]), max(numbers[:2])))
    return found


class SharingBasis(models.Model):
    """A legal basis for sharing with partners without the citizen's consent, as data (ARCHITECTURE.md rule
    8): which law and paragraph, for which purpose and direction, and — where the law limits it to citizens
    who receive certain support — the paragraphs of that support (e.g. a hospital notification may be used
    only for citizens with support under the Social Service Act §§ 83–99, 107 or 108)."""

    class Direction(models.TextChoices):
        INCOMING = "in", "Modtage fra samarbejdspartneren"
        OUTGOING = "out", "Sende til samarbejdspartneren"
        BOTH = "both", "Begge veje"

    law = models.CharField("lov", max_length=120)
    paragraph = models.CharField("paragraf", max_length=40)
    title = models.CharField("overskrift", max_length=300)
    purpose = models.CharField("formål", max_length=20, choices=Purpose.choices)
    direction = models.CharField("retning", max_length=4, choices=Direction.choices, default=Direction.INCOMING)
    partner_kinds = models.JSONField("slags samarbejdspartnere", default=list, blank=True,
                                     help_text="Tom: alle slags.")
    support_law = models.CharField("støtten gives efter (lov)", max_length=120, blank=True)
    support_paragraphs = models.CharField(
        "kun for borgere med støtte efter paragrafferne", max_length=120, blank=True,
        help_text="Fx 83-99, 107, 108. Tom: hjemlen gælder uden krav om støtte.")
    active = models.BooleanField("gældende", default=True)

    class Meta:
        verbose_name = "hjemmel til deling uden samtykke"
        verbose_name_plural = "hjemler til deling uden samtykke"
        ordering = ["law", "paragraph"]
        constraints = [models.UniqueConstraint(fields=["law", "paragraph", "purpose"], name="sharingbasis_unique")]

    def __str__(self) -> str:
        return f"{self.law} {self.paragraph}"

    def covers_direction(self, direction: str) -> bool:
        return self.direction in (self.Direction.BOTH, direction)

    def covers_kind(self, kind: str) -> bool:
        return not self.partner_kinds or kind in self.partner_kinds

    def support_ranges(self) -> list[tuple[int, int]]:
        return _ranges(self.support_paragraphs)

    def covers_paragraph(self, law: str, paragraph: str) -> bool:
        """Support under this law and paragraph lets the basis be used (always, when no support is required)."""
        ranges = self.support_ranges()
        if not ranges:
            return True
        if self.support_law and law.strip().lower() != self.support_law.strip().lower():
            return False
        number = paragraph_number(paragraph)
        return number is not None and any(low <= number <= high for low, high in ranges)


class PartnerConsent(TenantModel):
    """The citizen's consent to share information for one purpose with one partner, from a date until it is
    withdrawn (the row is kept)."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="partner_consents")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="consents",
                                verbose_name="samarbejdspartner")
    purpose = models.CharField("hvad må deles", max_length=20, choices=Purpose.choices)
    given_on = models.DateField("givet")
    withdrawn_on = models.DateField("trukket tilbage", null=True, blank=True)
    note = models.CharField("bemærkning", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "samtykke til deling med samarbejdspartner"
        verbose_name_plural = "samtykker til deling med samarbejdspartnere"
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "partner"], name="partnerconsent_idx")]
        constraints = [models.CheckConstraint(
            condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
            name="partnerconsent_dates_in_order")]

    def active_on(self, day: datetime.date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class Share(TenantModel):
    """One piece of information shared with a partner or received from one, and what allowed it: the
    citizen's consent or a legal basis. Written in the same transaction as what was shared."""

    class Direction(models.TextChoices):
        INCOMING = "in", "Modtaget"
        OUTGOING = "out", "Sendt"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="partner_shares")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="shares",
                                verbose_name="samarbejdspartner")
    direction = models.CharField("retning", max_length=3, choices=Direction.choices)
    purpose = models.CharField("hvad", max_length=20, choices=Purpose.choices)
    what = models.CharField("beskrivelse", max_length=300)
    basis = models.ForeignKey(SharingBasis, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="hjemmel")
    consent = models.ForeignKey(PartnerConsent, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name="samtykke")
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "deling med samarbejdspartner"
        verbose_name_plural = "delinger med samarbejdspartnere"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "at"], name="share_citizen_idx")]
        constraints = [models.CheckConstraint(condition=Q(basis__isnull=False) | Q(consent__isnull=False),
                                              name="share_has_basis_or_consent")]

    @property
    def allowed_by(self) -> str:
        if self.consent_id:
            return "Borgerens samtykke"
        return str(self.basis) if self.basis_id else ""
