"""Journal notes (journalnotater). A note documents one citizen's participation in an occasion (a visit,
a call, a group session — `activities`); the time that counts is the participation's, in the ledger,
not the note's. A note is never edited in place: a correction is a new row that `replaces` the old
one, and both stay visible.

Full-text search: on SQLite an FTS5 table (`journal_note_fts`, rowid = note id) kept in sync by
`journal.services`; on PostgreSQL a stored, generated `search_vector` column (Danish configuration)
with a GIN index. Both are created in migration 0002 for their database only.
"""

from django.conf import settings
from django.db import models

from tovholder.layout import formats
from tovholder.tenancy.models import TenantModel

MAX_TEXT = 10_000


class Note(TenantModel):
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="notes",
                                verbose_name="borger")
    participation = models.ForeignKey("activities.Participation", on_delete=models.PROTECT,
                                      related_name="notes", verbose_name="kontakten")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes",
                               verbose_name="skrevet af")
    occurred_at = models.DateTimeField("tidspunkt for kontakten")  # the occasion's start, as this version saw it
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
            models.Index(fields=["municipality", "participation"], name="note_participation_idx"),
            # journal search reads newest first within a window of time (selectors.SEARCH_WINDOWS, issue 15)
            models.Index(fields=["municipality", "occurred_at"], name="note_time_idx"),
        ]

    def __str__(self) -> str:
        return f"Notat {formats.day(self.occurred_at)}"

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
