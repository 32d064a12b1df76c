"""Append-only, really: the two ways around the row triggers of 0002 are refused too.

SQLite's ``INSERT OR REPLACE`` / ``REPLACE INTO`` (and an ``ON CONFLICT`` upsert's DO UPDATE) delete the
row in the way without firing the DELETE trigger (recursive_triggers is off), so a BEFORE INSERT trigger
refuses an insert whose id is already taken. PostgreSQL's ``TRUNCATE`` fires no row trigger, so a
statement-level trigger refuses it. The UPDATE/DELETE triggers of 0002 are left as they are.
"""

from django.db import migrations

TABLES = ["audit_accessevent", "audit_auditevent"]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                f"WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION tovholder_no_truncate() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;",
                params=None,
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION tovholder_no_truncate();"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace;")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
