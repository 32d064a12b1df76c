"""Full-text search on notes, per database:

- SQLite: an FTS5 table (rowid = note id), contentless; `journal.services` inserts each note's text
  in the same transaction as the note. SQLite has no Danish stemmer: it searches words (and word
  beginnings).
- PostgreSQL: a stored generated tsvector column with the 'danish' configuration and a GIN index,
  so the database keeps it in sync itself.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE journal_note_fts USING fts5(text, content='', tokenize='unicode61 remove_diacritics 0')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS journal_note_fts"]

POSTGRES_UP = [
    "ALTER TABLE journal_note ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('danish'::regconfig, text)) STORED",
    "CREATE INDEX journal_note_search_idx ON journal_note USING GIN (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS journal_note_search_idx",
    "ALTER TABLE journal_note DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
