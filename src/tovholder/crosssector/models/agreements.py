"""Discharge agreements and coordination plans (psykiatriloven §§ 13 a–c) and the dual-diagnosis
coordinated plan (integrated effort with regional psychiatry and the substance-abuse centre).

A discharge agreement is a versioned document linked to an admission: the head names the citizen, the
admission and the kind; each saved version is a new, unchanged `DischargeAgreementVersion` holding the
structured content (parties, actions per party with the responsible person and a date, review dates, the
network meeting). A version once sent as a care message keeps the message it went with."""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel

__all__ = ["LEGAL_BASES", "LEGAL_BASIS_LABELS", "PARTY_KINDS", "PARTY_LABELS", "DischargeAgreement",
           "DischargeAgreementVersion", "CoordinatedPlan", "CoordinatedAction", "JointAssessment"]

LEGAL_BASES = [
    ("13a1", "Psykiatriloven § 13 a, stk. 1 – borgeren modtager støtte efter serviceloven"),
    ("13a2", "Psykiatriloven § 13 a, stk. 2 – borgeren vil ikke selv søge den nødvendige behandling"),
    ("13b", "Psykiatriloven § 13 b – borgeren vil ikke medvirke (koordinationsplan)"),
]
LEGAL_BASIS_LABELS = dict(LEGAL_BASES)

PARTY_KINDS = [
    ("ward", "Psykiatrisk afdeling"),
    ("municipal", "Kommunal enhed"),
    ("gp", "Praktiserende læge"),
    ("citizen", "Borgeren"),
    ("relative", "Pårørende"),
    ("substance", "Rusmiddelcenter"),
    ("other", "Anden"),
]
PARTY_LABELS = dict(PARTY_KINDS)


class DischargeAgreement(TenantModel):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Udskrivningsaftale (borgeren medvirker)"
        COORDINATION = "coordination", "Koordinationsplan (borgeren medvirker ikke)"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="discharge_agreements")
    admission = models.ForeignKey("crosssector.Admission", on_delete=models.PROTECT,
                                  related_name="discharge_agreements", verbose_name="indlæggelse")
    kind = models.CharField("art", max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "udskrivningsaftale eller koordinationsplan"
        verbose_name_plural = "udskrivningsaftaler og koordinationsplaner"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen"], name="discharge_citizen_idx"),
                   models.Index(fields=["municipality", "admission"], name="discharge_admission_idx")]

    def __str__(self) -> str:
        return self.get_kind_display()


class DischargeAgreementVersion(TenantModel):
    """One saved version of the document; never changed once written (a change is a new version)."""

    agreement = models.ForeignKey(DischargeAgreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("version")
    legal_basis = models.CharField("hjemmel", max_length=10, choices=LEGAL_BASES)
    citizen_participated = models.BooleanField("borgeren har medvirket")
    notified_on = models.DateField("advis modtaget")
    meeting_on = models.DateField("netværksmøde", null=True, blank=True)
    # [{"kind": "ward", "name": "…", "contact": "…"}]
    parties = models.JSONField("parter", default=list)
    # [{"party": 0, "what": "…", "responsible": "…", "due_on": "2026-12-10"}]
    actions = models.JSONField("aftalte handlinger", default=list)
    review_dates = models.JSONField("opfølgningsdatoer", default=list)
    note = models.TextField("bemærkninger", blank=True, max_length=4000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("skrevet", auto_now_add=True)
    sent_in = models.ForeignKey("crosssector.CareMessage", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="sendt med")

    class Meta:
        verbose_name = "version af udskrivningsaftale"
        verbose_name_plural = "versioner af udskrivningsaftaler"
        ordering = ["agreement", "-number"]
        indexes = [models.Index(fields=["municipality", "agreement"], name="dischargever_agreement_idx")]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="dischargever_unique_number")]


class CoordinatedPlan(TenantModel):
    """The dual-diagnosis plan: one pathway plan shared with regional psychiatry and the substance-abuse
    centre, which the citizen consents to. Shared with the partners only while the consent stands."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="coordinated_plans")
    psychiatry = models.ForeignKey("crosssector.Partner", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="regionspsykiatrien")
    psychiatry_contact = models.CharField("kontaktperson i psykiatrien", max_length=200)
    substance = models.ForeignKey("crosssector.Partner", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="rusmiddelcentret")
    substance_contact = models.CharField("kontaktperson i rusmiddelcentret", max_length=200)
    aim = models.TextField("fælles mål med borgerens egne ord", max_length=2000)
    consent_given_on = models.DateField("borgerens samtykke givet")
    consent_withdrawn_on = models.DateField("samtykket trukket tilbage", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "koordineret forløbsplan (dobbeltdiagnose)"
        verbose_name_plural = "koordinerede forløbsplaner (dobbeltdiagnose)"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen"], name="coordplan_citizen_idx")]

    @property
    def consent_active(self) -> bool:
        return self.consent_withdrawn_on is None


class CoordinatedAction(TenantModel):
    class Party(models.TextChoices):
        MUNICIPALITY = "municipality", "Kommunen"
        PSYCHIATRY = "psychiatry", "Psykiatrien"
        SUBSTANCE = "substance", "Rusmiddelcentret"
        CITIZEN = "citizen", "Borgeren"

    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.PROTECT, related_name="actions")
    party = models.CharField("part", max_length=20, choices=Party.choices)
    what = models.CharField("handling", max_length=500)
    responsible = models.CharField("ansvarlig", max_length=200)
    due_on = models.DateField("senest")
    done_on = models.DateField("udført", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["municipality", "plan"], name="coordaction_plan_idx")]


class JointAssessment(TenantModel):
    """A date on which the three parties assess the pathway together."""

    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.PROTECT, related_name="assessments")
    on = models.DateField("dato")
    place = models.CharField("sted", max_length=200, blank=True)
    summary = models.TextField("vurdering", blank=True, max_length=4000)

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["municipality", "plan"], name="jointassessment_plan_idx")]
