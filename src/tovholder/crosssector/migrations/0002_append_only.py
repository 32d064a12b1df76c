"""The notifications as received and the log of shares stay as written: UPDATE is refused in the database, and
DELETE only while retention's one deletion has its switch on (as for letters and case notes, visitation 0008);
SQLite's REPLACE and PostgreSQL's TRUNCATE are refused too."""

from django.db import migrations

TABLES = ["crosssector_admissionevent", "crosssector_share"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
            schema_editor.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                                  f"WHEN NOT EXISTS (SELECT 1 FROM audit_redaction) "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
            schema_editor.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                                  f"WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
        elif vendor == "postgresql":
            schema_editor.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                                  f"FOR EACH STATEMENT EXECUTE FUNCTION tovholder_no_truncate()")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only()")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only_but_retention()")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for name in ("no_update", "no_delete", "no_replace"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
        elif vendor == "postgresql":
            for name in ("no_truncate", "append_only", "append_only_delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")


class Migration(migrations.Migration):
    dependencies = [("crosssector", "0001_initial"), ("audit", "0004_retention_redaction"),
                    ("visitation", "0008_retention_may_delete_letters")]
    operations = [migrations.RunPython(forwards, backwards)]
