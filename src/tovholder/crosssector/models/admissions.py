"""Hospital stays as MedCom's HospitalNotification tells them (issue 14, item 1).

- `Receipt`: every bundle the transport delivered, with its outcome — accepted, discarded by the legal filter,
  refused (with the reason) or a duplicate. No personal data: the bundle's id, its SHA-256 and size. The
  discarded ones are the count the law allows for citizens without support.
- `Admission`: one row per stay, tied together by the episode-of-care identifier; its state is *derived*
  by replaying its events in the order they happened (so a discharge that arrives before the admission is
  held until the admission comes, and a cancellation restores the state before the cancelled message).
- `AdmissionEvent`: one row per message, append-only (the database refuses UPDATE and DELETE but for the one
  deletion of retention), with the bundle as received.
"""

from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import Municipality, TenantModel

__all__ = ["Activity", "Receipt", "Admission", "AdmissionEvent", "ACTIVITY_STEPS"]


class Activity(models.TextChoices):
    """MedCom's activity codes for HospitalNotification (MedCom Terminology 1.8.1, ValueSet
    medcom-hospitalNotification-messageActivities), with MedCom's Danish designations and the EDIFACT names."""

    ADMIT_INPATIENT = "admit-inpatient", "Start sygehusophold – indlagt (STIN)"
    REVISE_ADMIT_INPATIENT = "revise-admit-inpatient", "Rettelse: start sygehusophold – indlagt (RE_STIN)"
    CANCEL_ADMIT_INPATIENT = "cancel-admit-inpatient", "Annullering: start sygehusophold – indlagt (AN_STIN)"
    ADMIT_EMERGENCY = "admit-emergency", "Start sygehusophold – akut ambulant (STAA)"
    REVISE_ADMIT_EMERGENCY = "revise-admit-emergency", "Rettelse: start sygehusophold – akut ambulant (RE_STAA)"
    CANCEL_ADMIT_EMERGENCY = "cancel-admit-emergency", "Annullering: start sygehusophold – akut ambulant (AN_STAA)"
    START_LEAVE = "start-leave-inpatient", "Start orlov (STOR)"
    REVISE_START_LEAVE = "revise-start-leave-inpatient", "Rettelse: start orlov (RE_STOR)"
    CANCEL_START_LEAVE = "cancel-start-leave-inpatient", "Annullering: start orlov (AN_STOR)"
    END_LEAVE = "end-leave-inpatient", "Slut orlov (SLOR)"
    REVISE_END_LEAVE = "revise-end-leave-inpatient", "Rettelse: slut orlov (RE_SLOR)"
    CANCEL_END_LEAVE = "cancel-end-leave-inpatient", "Annullering: slut orlov (AN_SLOR)"
    DISCHARGE_INPATIENT = "discharge-inpatient-home", "Slut sygehusophold – afsluttet til hjemmet (SLHJ)"
    REVISE_DISCHARGE_INPATIENT = ("revise-discharge-inpatient-home",
                                  "Rettelse: slut sygehusophold – afsluttet til hjemmet (RE_SLHJ)")
    CANCEL_DISCHARGE_INPATIENT = ("cancel-discharge-inpatient-home",
                                  "Annullering: slut sygehusophold – afsluttet til hjemmet (AN_SLHJ)")
    DISCHARGE_EMERGENCY = "discharge-emergency-home", "Slut akut ambulant ophold – afsluttet til hjemmet (SLHJ)"
    REVISE_DISCHARGE_EMERGENCY = ("revise-discharge-emergency-home",
                                  "Rettelse: slut akut ambulant ophold – afsluttet til hjemmet (RE_SLHJ)")
    CANCEL_DISCHARGE_EMERGENCY = ("cancel-discharge-emergency-home",
                                  "Annullering: slut akut ambulant ophold – afsluttet til hjemmet (AN_SLHJ)")


# code → (step, change): the step the message is about, and whether it starts it, revises it or cancels it
ACTIVITY_STEPS: dict[str, tuple[str, str]] = {}
for _code in Activity.values:
    _change = "revise" if _code.startswith("revise-") else "cancel" if _code.startswith("cancel-") else "start"
    _base = _code.split("-", 1)[1] if _change != "start" else _code
    _step = ("admit" if _base.startswith("admit") else "leave" if _base.startswith("start-leave")
             else "return" if _base.startswith("end-leave") else "discharge")
    ACTIVITY_STEPS[_code] = (_step, _change)


class Receipt(models.Model):
    """One bundle delivered by the transport and what became of it. Never personal data: a refused bundle's
    content is not kept, and a discarded one (no support, the legal filter) leaves only this row."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Modtaget"
        HELD = "held", "Modtaget, venter på en tidligere besked"
        DISCARDED = "discarded", "Kasseret (borgeren modtager ikke støtte, der giver hjemmel)"
        REFUSED = "refused", "Afvist"
        DUPLICATE = "duplicate", "Allerede modtaget"

    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     verbose_name="kommune")  # None: the receiver was not recognised
    transport = models.CharField("transport", max_length=40)
    message_type = models.CharField("beskedtype", max_length=60, default="HospitalNotification")
    bundle_id = models.CharField("beskedens id", max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    outcome = models.CharField("udfald", max_length=12, choices=Outcome.choices)
    reason = models.CharField("årsag", max_length=500, blank=True)
    received_at = models.DateTimeField("modtaget", auto_now_add=True)

    class Meta:
        verbose_name = "modtaget besked"
        verbose_name_plural = "modtagne beskeder"
        ordering = ["-received_at", "-pk"]
        permissions = [("view_medcom_inbox", "Ser indbakken for MedCom-beskeder (udfald og årsager)")]
        indexes = [models.Index(fields=["municipality", "outcome", "received_at"], name="receipt_outcome_idx"),
                   models.Index(fields=["bundle_id"], name="receipt_bundle_idx")]

    def __str__(self) -> str:
        return f"{self.message_type} {self.bundle_id or self.sha256[:12]} ({self.get_outcome_display().lower()})"


class Admission(TenantModel):
    """One hospital stay of one citizen with support, from the notifications with one episode-of-care id."""

    class State(models.TextChoices):
        WAITING = "waiting", "Venter på besked om indlæggelsen"
        ADMITTED = "admitted", "Indlagt"
        ON_LEAVE = "on_leave", "På orlov fra hospitalet"
        DISCHARGED = "discharged", "Udskrevet"
        DECEASED = "deceased", "Død under opholdet"
        CANCELLED = "cancelled", "Annulleret af hospitalet"

    class Kind(models.TextChoices):
        INPATIENT = "inpatient", "Indlagt"
        EMERGENCY = "emergency", "Akut ambulant"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="admissions")
    episode_identifier = models.CharField("forløbs-id (episode of care)", max_length=200)
    ward = models.ForeignKey("crosssector.Partner", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="admissions", verbose_name="afdeling")
    kind = models.CharField("slags ophold", max_length=10, choices=Kind.choices, default=Kind.INPATIENT)
    state = models.CharField("status", max_length=12, choices=State.choices, default=State.WAITING)
    admitted_at = models.DateTimeField("indlagt", null=True, blank=True)
    discharged_at = models.DateTimeField("udskrevet", null=True, blank=True)
    leave_started_at = models.DateTimeField("orlov fra", null=True, blank=True)
    leave_ended_at = models.DateTimeField("orlov til", null=True, blank=True)
    held = models.PositiveSmallIntegerField("beskeder der venter", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "sygehusophold"
        verbose_name_plural = "sygehusophold"
        ordering = ["-admitted_at", "-pk"]
        permissions = [("view_readmissions", "Ser indlæggelser og genindlæggelser pr. tilbud")]
        constraints = [models.UniqueConstraint(fields=["municipality", "episode_identifier"],
                                               name="admission_unique_episode")]
        indexes = [models.Index(fields=["municipality", "citizen", "admitted_at"], name="admission_citizen_idx"),
                   models.Index(fields=["municipality", "state"], name="admission_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display().lower()})"

    @property
    def is_open(self) -> bool:
        """The citizen is at the hospital (or on leave from it): the overview flags "indlagt"."""
        return self.state in (self.State.ADMITTED, self.State.ON_LEAVE)


class AdmissionEvent(TenantModel):
    """One HospitalNotification message about a stay, as received (append-only)."""

    admission = models.ForeignKey(Admission, on_delete=models.PROTECT, related_name="events")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    activity = models.CharField("aktivitet", max_length=40, choices=Activity.choices)
    bundle_id = models.CharField("beskedens id", max_length=100)
    header_id = models.CharField("MessageHeader-id", max_length=100)
    occurred_at = models.DateTimeField("sket")
    encounter_status = models.CharField("status i beskeden", max_length=20)
    encounter_class = models.CharField("klasse i beskeden", max_length=10)
    period_start = models.DateTimeField("opholdets start", null=True, blank=True)
    period_end = models.DateTimeField("opholdets slut", null=True, blank=True)
    leave_start = models.DateTimeField("orlov fra", null=True, blank=True)
    leave_end = models.DateTimeField("orlov til", null=True, blank=True)
    deceased = models.BooleanField("borgeren er død", default=False)
    sender = models.ForeignKey("crosssector.Partner", on_delete=models.PROTECT, related_name="+",
                               verbose_name="afsender")
    bundle = models.JSONField("beskeden")
    received_at = models.DateTimeField("modtaget", auto_now_add=True)

    class Meta:
        verbose_name = "advis om sygehusophold"
        verbose_name_plural = "advis om sygehusophold"
        ordering = ["occurred_at", "pk"]
        # not editable in the database (migration 0001): UPDATE refused, DELETE only by retention's deletion
        constraints = [models.UniqueConstraint(fields=["municipality", "bundle_id"], name="admissionevent_once"),
                       models.CheckConstraint(condition=~Q(bundle_id=""), name="admissionevent_has_id")]
        indexes = [models.Index(fields=["municipality", "admission", "occurred_at"], name="admissionevent_idx"),
                   models.Index(fields=["municipality", "citizen"], name="admissionevent_citizen_idx")]

    @property
    def step(self) -> str:
        return ACTIVITY_STEPS[self.activity][0]

    @property
    def change(self) -> str:
        return ACTIVITY_STEPS[self.activity][1]
