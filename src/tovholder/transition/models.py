"""From children's to adult services (DOMAIN.md flow step 9; psychiatry policy 6.4): a young person's move
to adult services is prepared from age 17½ (ADR 0025-one-task-list, "transition").

The children's services' request arrives as a request (visitation, source "children"); the caseworker
opens a *transition* on the young person's case: a handover meeting (date, place, participants), what
continues from the 18th birthday, and who the adult coordinator will be. The meeting is recorded as held
when it has been.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel

PREPARE_FROM_MONTHS = 6  # preparation starts six months before the 18th birthday (at 17½)


def eighteenth_birthday(born: datetime.date) -> datetime.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born 29 February: the birthday is 1 March in a year without one
        return datetime.date(born.year + 18, 3, 1)


def prepare_from(born: datetime.date) -> datetime.date:
    """The day the young person is 17½: six months before the 18th birthday."""
    day = eighteenth_birthday(born)
    month = day.month - PREPARE_FROM_MONTHS
    year = day.year - (1 if month < 1 else 0)
    month = month + 12 if month < 1 else month
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Transition(TenantModel):
    class Status(models.TextChoices):
        PREPARING = "preparing", "Forberedes"
        HANDED_OVER = "handed_over", "Overleveret til voksenområdet"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="transitions",
                                verbose_name="den unge")
    case = models.ForeignKey("visitation.Case", on_delete=models.PROTECT, related_name="transitions",
                             verbose_name="sag")
    request = models.ForeignKey("visitation.Request", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="transitions", verbose_name="henvendelse fra børne- og familieområdet")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="sagsbehandler")
    opened_on = models.DateField("oprettet")
    meeting_on = models.DateField("overleveringsmøde", null=True, blank=True)
    meeting_place = models.CharField("mødested", max_length=200, blank=True)
    participants = models.CharField("deltagere", max_length=1000, blank=True)
    continues = models.TextField("hvad fortsætter fra det 18. år", max_length=4000, blank=True)
    adult_coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name="tovholder i voksenområdet")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.PREPARING)
    handed_over_on = models.DateField("mødet holdt", null=True, blank=True)
    registered_at = models.DateTimeField("registreret", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "overgang til voksenområdet"
        verbose_name_plural = "overgange til voksenområdet"
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen"], name="transition_citizen_idx"),
                   models.Index(fields=["municipality", "status", "meeting_on"], name="transition_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "citizen"], name="transition_one_per_citizen"),
            models.CheckConstraint(condition=Q(status="preparing") | Q(handed_over_on__isnull=False),
                                   name="transition_handed_over_has_date"),
        ]

    def __str__(self) -> str:
        return f"Overgang til voksenområdet for {self.citizen}"

    @property
    def turns_18_on(self) -> datetime.date:
        return eighteenth_birthday(self.citizen.birth_date)
