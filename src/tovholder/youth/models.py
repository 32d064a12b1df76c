"""Ballerup Ungeindsats, the mentor programme for young people 18–30 (seed 002, section 7): which offer is
the programme (and which offer a young person granted førtidspension moves to), the young person's
education/job status over time, the joint visitation meetings with Social Vejledning and the Jobcenter,
and the moves to SKP."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel


class Programme(TenantModel):
    """The municipality's youth programme as data: its offer, and the offer a young person granted
    førtidspension moves to (in Ballerup: SKP)."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+",
                              verbose_name="ungeindsatsens tilbud")
    pension_offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+",
                                      verbose_name="tilbud ved førtidspension")

    class Meta:
        verbose_name = "ungeindsats"
        verbose_name_plural = "ungeindsatser"
        constraints = [models.UniqueConstraint(fields=["municipality"], name="youth_programme_one")]

    def __str__(self) -> str:
        return str(self.offer)


class Status(models.TextChoices):
    EDUCATION = "education", "I uddannelse"
    JOB = "job", "I job"
    CLARIFYING = "clarifying", "I afklarende forløb"
    NEITHER = "neither", "Hverken uddannelse, job eller afklaring"


class StatusEntry(TenantModel):
    """The young person's status from a date (until the next entry): the history the quarterly shares
    are counted from."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="youth_statuses")
    status = models.CharField("status", max_length=12, choices=Status.choices)
    since = models.DateField("fra")
    note = models.CharField("bemærkning", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "uddannelses- og jobstatus"
        verbose_name_plural = "uddannelses- og jobstatus"
        ordering = ["since", "pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "since"], name="youthstatus_citizen_idx")]
        constraints = [models.UniqueConstraint(fields=["citizen", "since"], name="youthstatus_one_per_day")]


class JointMeeting(TenantModel):
    """The joint visitation meeting (fælles visitation) of Social Vejledning, the Jobcenter and the
    programme: who took part, when, and what was agreed. The Jobcenter's part rests on the citizen's
    consent that the Jobcenter's contact may take part in meetings (citizens.Consent)."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="joint_meetings")
    held_on = models.DateField("holdt")
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name="deltagere")
    agreement = models.TextField("det aftalte", max_length=4000)
    jobcenter_contact = models.ForeignKey("citizens.Relative", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name="Jobcentrets deltager")
    jobcenter_consent = models.ForeignKey("citizens.Consent", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name="samtykket")
    jobcenter_part = models.TextField("Jobcentrets del af aftalen", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "fælles visitationsmøde"
        verbose_name_plural = "fælles visitationsmøder"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "held_on"], name="jointmeeting_citizen_idx")]
        constraints = [models.CheckConstraint(
            condition=Q(jobcenter_part="") | Q(jobcenter_consent__isnull=False), name="jointmeeting_jobcenter_consent")]


class Move(TenantModel):
    """A young person granted førtidspension moves to SKP: the mentor effort ended (with its letter), SKP
    granted and ordered, the one plan handed over."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="youth_moves")
    pension_granted_on = models.DateField("førtidspension tilkendt")
    moved_on = models.DateField("overgår den")
    from_decision = models.ForeignKey("visitation.Decision", on_delete=models.PROTECT, related_name="+")
    to_decision = models.ForeignKey("visitation.Decision", on_delete=models.PROTECT, related_name="+")
    letter = models.ForeignKey("visitation.Letter", on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField("begrundelse", max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "overgang til SKP"
        verbose_name_plural = "overgange til SKP"
        ordering = ["moved_on", "pk"]
        indexes = [models.Index(fields=["municipality", "moved_on"], name="youthmove_day_idx")]
