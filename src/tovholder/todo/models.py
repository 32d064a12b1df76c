"""Tasks (opgaver): a to-do on a worker's or a team's list (DOMAIN.md, "Words").

Two kinds of task meet on one list (ADR 0025-one-task-list):
- a *stored* task (`Task`), created by a person or by another app's service (`todo.services.create_task`:
  a hospital notification, a young person reaching 17½), completed or handed on;
- a *computed* task, which is the state of other apps' data (an order waiting for acceptance, a follow-up
  past its date, a case-processing deadline, a citizen without a coordinator). It is never stored: it is
  done when the data changes. Higher apps register their computed sources in `todo.sources`.

A task may be about a citizen; then it is shown only to those who know the citizen (need to know). The
source that created a stored task is kept as plain fields (a key and a reference such as
"visitation.case:12"), because todo sits low in the layers and cannot point at higher apps' tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel


class Task(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", "Åben"
        DONE = "done", "Løst"

    citizen = models.ForeignKey("citizens.Citizen", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="tasks", verbose_name="borger")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="tasks", verbose_name="ansvarlig")
    team = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks",
                             verbose_name="team")
    title = models.CharField("opgave", max_length=200)
    detail = models.CharField("beskrivelse", max_length=2000, blank=True)
    due = models.DateField("frist")
    # where the task came from: a key of the creating app ("medcom.admitted", "youth.transition") and a
    # reference to its record ("visitation.case:12"); plain text, as todo cannot point at higher apps
    source = models.CharField("kilde", max_length=60, blank=True)
    source_ref = models.CharField("kildens post", max_length=80, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="løst af")
    done_at = models.DateTimeField("løst", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="oprettet af")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "opgave"
        verbose_name_plural = "opgaver"
        ordering = ["due", "pk"]
        indexes = [
            models.Index(fields=["municipality", "assignee", "status", "due"], name="task_assignee_idx"),
            models.Index(fields=["municipality", "team", "status", "due"], name="task_team_idx"),
            models.Index(fields=["municipality", "citizen"], name="task_citizen_idx"),
            models.Index(fields=["municipality", "source", "source_ref"], name="task_source_idx"),
        ]
        constraints = [
            # a source creates one open task per record at a time (create_task returns the open one)
            models.UniqueConstraint(fields=["municipality", "source", "source_ref"],
                                    condition=Q(status="open") & ~Q(source_ref=""), name="task_one_open_per_source"),
            models.CheckConstraint(condition=Q(status="open", done_at__isnull=True)
                                   | Q(status="done", done_at__isnull=False), name="task_done_has_time"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.status == self.Status.DONE
