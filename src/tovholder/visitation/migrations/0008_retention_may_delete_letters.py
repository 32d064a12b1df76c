"""Letters as sent and case notes stay as written (0006: UPDATE and DELETE refused in the database) — but the
one deletion service of retention (ADR 0019) must remove them with the rest of a citizen whose period has
passed. DELETE is allowed only while its switch is on (audit 0004: PostgreSQL's transaction-local
`tovholder.redaction`, SQLite's `audit_redaction` row); UPDATE stays refused always. The two ways around
row triggers are refused as for the logs (audit 0003): SQLite's REPLACE (an insert of an id already taken)
and PostgreSQL's TRUNCATE."""

from django.db import migrations

TABLES = ["visitation_letter", "visitation_casenote"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION tovholder_append_only_but_retention() RETURNS trigger AS $$
BEGIN
  IF current_setting('tovholder.redaction', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END; $$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            schema_editor.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                                  f"WHEN NOT EXISTS (SELECT 1 FROM audit_redaction) "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
            schema_editor.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                                  f"WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
        elif vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION, params=None)
            schema_editor.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                                  f"FOR EACH STATEMENT EXECUTE FUNCTION tovholder_no_truncate()")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only()")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only_but_retention()")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            schema_editor.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_delete ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only()")


class Migration(migrations.Migration):
    dependencies = [("visitation", "0007_identity_given_on_requests"), ("audit", "0003_inputs_replace_truncate"),
                    ("audit", "0004_retention_redaction")]
    operations = [migrations.RunPython(forwards, backwards)]
