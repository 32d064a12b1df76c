"""Name search on PostgreSQL through trigram indexes (issue 15).

`search_citizens` matches every word of a name anywhere in a first or last name (`icontains`), which Django
writes on PostgreSQL as `UPPER("first_name"::text) LIKE UPPER('%word%')`: a B-tree cannot serve that, so every
search read all the municipality's citizens. A GIN index with `gin_trgm_ops` on exactly that expression can.
PostgreSQL only: SQLite keeps its scan (the embedded default's municipalities are small). Reversible.
"""

from django.db import migrations

INDEXES = {
    "citizen_first_name_trgm": "first_name",
    "citizen_last_name_trgm": "last_name",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON citizens_citizen '
                              f'USING GIN ((UPPER("{column}"::text)) gin_trgm_ops)')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # the extension stays: the journal's search may come to use it, and dropping it needs more rights


class Migration(migrations.Migration):
    dependencies = [("citizens", "0003_disclosures")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
