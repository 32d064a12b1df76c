"""What journal plugs in: the latest notes on the citizen overview, and the notes still to write on the
start page."""

from django.db import connection

from tovholder.citizens.overview import section
from tovholder.layout.panels import panel
from tovholder.retention import registry as retention

from .models import Note
from .selectors import latest_notes, notes_to_write


@section(key="notater", title="Seneste journalnotater", template="journal/section_notes.html", order=40)
def notes_section(user, citizen) -> dict:
    return {"notes": latest_notes(citizen)}


@panel(key="notater", title="Notater du mangler at skrive", template="journal/panel_notes_to_write.html", order=20,
       perm="support.provide_support")
def notes_to_write_panel(request) -> dict:
    rows = notes_to_write(request.user)
    return {"rows": rows, "shown": [p.citizen for p in rows]}


@retention.before_erase
def _forget_notes_in_search(pks: dict) -> None:
    """SQLite's full-text table has no foreign key to follow: take the deleted notes out of it (a contentless
    FTS5 table forgets a row by being told its text). PostgreSQL's search vector goes with the row."""
    ids = sorted(pks.get(Note, ()))
    if connection.vendor != "sqlite" or not ids:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            for pk, text in Note.objects.filter(pk__in=ids[start:start + 500]).values_list("pk", "text"):
                cursor.execute("INSERT INTO journal_note_fts(journal_note_fts, rowid, text) VALUES ('delete', %s, %s)",
                               [pk, text])
