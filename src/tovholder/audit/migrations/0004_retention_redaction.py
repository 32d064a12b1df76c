"""The access log and the audit trail stay append-only, with one way through for the retention service
(ADR 0019): while it deletes a citizen it may overwrite the *personal* fields of that citizen's
log rows (access events: `what`, `reason`; audit events: `detail`). Every other column must stay as it was,
DELETE is still refused, and outside the retention service UPDATE is refused as before.

- PostgreSQL: the UPDATE trigger lets a row through when the transaction-local setting
  `tovholder.redaction` is 'on' (`SET LOCAL`, so it ends with the transaction at the latest) and the row,
  minus the redactable columns, is unchanged.
- SQLite: the UPDATE trigger lets a row through when the table `audit_redaction` holds a row (the service
  inserts and deletes it inside its own transaction, so no other connection ever sees it) and every other
  column is unchanged.
"""

from django.db import migrations

REDACTABLE = {
    "audit_accessevent": ["what", "reason"],
    "audit_auditevent": ["detail"],
}
FIXED = {
    "audit_accessevent": ["id", "municipality_id", "at", "actor_id", "citizen_id", "break_glass"],
    "audit_auditevent": ["id", "municipality_id", "at", "actor_id", "action", "object_type", "object_id",
                         "citizen_id"],
}

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION tovholder_append_only_but_redaction() RETURNS trigger AS $$
BEGIN
  IF current_setting('tovholder.redaction', true) = 'on'
     AND (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END; $$ LANGUAGE plpgsql;
"""


def _sqlite_update_trigger(table: str, allow: bool) -> str:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
    if not allow:
        return f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} {refuse}"
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED[table])
    return (f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"WHEN NOT EXISTS (SELECT 1 FROM audit_redaction) OR {changed} {refuse}")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("CREATE TABLE audit_redaction (on_ integer NOT NULL)")
        for table in REDACTABLE:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(_sqlite_update_trigger(table, allow=True))
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        for table, columns in REDACTABLE.items():
            args = ", ".join(f"'{c}'" for c in columns)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE DELETE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only()")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only_but_redaction({args})")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in REDACTABLE:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(_sqlite_update_trigger(table, allow=False))
        schema_editor.execute("DROP TABLE IF EXISTS audit_redaction")
    elif vendor == "postgresql":
        for table in REDACTABLE:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_update ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only()")
        schema_editor.execute("DROP FUNCTION IF EXISTS tovholder_append_only_but_redaction()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_inputs_replace_truncate")]
    operations = [migrations.RunPython(forwards, backwards)]
