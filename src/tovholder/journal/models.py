"""Journal notes (journalnotater), one per contact. A note is never edited in place: a correction is
a new row that `replaces` the old one, and both stay visible.

Full-text search: on SQLite an FTS5 table (`journal_note_fts`, rowid = note id) kept in sync by
`journal.services`; on PostgreSQL a stored, generated `search_vector` column (Danish configuration)
with a GIN index. Both are created in migration 0002 for their database only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.support.models import DELIVERED_KINDS, ContactKind
from tovholder.tenancy.models import TenantModel

MAX_TEXT = 10_000
MAX_MINUTES = 24 * 60 - 1


class Note(TenantModel):
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="notes",
                                verbose_name="borger")
    episode = models.ForeignKey("support.Episode", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="notes", verbose_name="forløb")
    appointment = models.ForeignKey("support.Appointment", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="notes", verbose_name="aftale")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes",
                               verbose_name="skrevet af")
    kind = models.CharField("kontaktform", max_length=20, choices=ContactKind.choices)
    occurred_at = models.DateTimeField("tidspunkt for kontakten")
    minutes = models.PositiveIntegerField("varighed (minutter)")
    text = models.TextField("notat", max_length=MAX_TEXT)
    goals = models.ManyToManyField("plans.Goal", through="NoteGoal", related_name="notes",
                                   verbose_name="mål kontakten arbejdede med")
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name="retter")
    correction_reason = models.CharField("årsag til rettelsen", max_length=500, blank=True)
    version_no = models.PositiveIntegerField("version", default=1)
    written_at = models.DateTimeField("skrevet", auto_now_add=True)

    class Meta:
        verbose_name = "journalnotat"
        verbose_name_plural = "journalnotater"
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "citizen", "occurred_at"], name="note_citizen_idx"),
            models.Index(fields=["municipality", "author", "occurred_at"], name="note_author_idx"),
            models.Index(fields=["municipality", "episode", "occurred_at"], name="note_episode_idx"),
            models.Index(fields=["municipality", "appointment"], name="note_appointment_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__lte=MAX_MINUTES), name="note_minutes_under_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%d.%m.%Y}"

    @property
    def delivers(self) -> bool:
        return self.kind in DELIVERED_KINDS

    @property
    def is_current(self) -> bool:
        try:
            self.replaced_by  # noqa: B018
        except Note.DoesNotExist:
            return True
        return False


class NoteGoal(TenantModel):
    """Which goals a contact served."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey("plans.Goal", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "mål i notat"
        verbose_name_plural = "mål i notater"
        indexes = [models.Index(fields=["municipality", "goal"], name="notegoal_goal_idx")]
        constraints = [models.UniqueConstraint(fields=["note", "goal"], name="notegoal_unique")]
