"""Appointments now live as occasions in the ledger (journal 0005 moved them), and calendar addresses
belong to activities: the live addresses are copied (only their hashes), so subscribed calendars keep
working; then support's tables go."""

from django.db import migrations


def copy_calendar_tokens(apps, schema_editor):
    Old = apps.get_model("support", "CalendarToken")
    New = apps.get_model("activities", "CalendarToken")
    db = schema_editor.connection.alias
    New.objects.using(db).bulk_create(
        New(municipality_id=t.municipality_id, user_id=t.user_id, token_hash=t.token_hash, created_at=t.created_at,
            revoked_at=t.revoked_at, last_used_at=t.last_used_at) for t in Old.objects.using(db).order_by("pk"))


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("journal", "0006_notes_no_longer_carry_time"),
        ("support", "0002_plan_moves_to_plans"),
    ]

    operations = [
        migrations.RunPython(copy_calendar_tokens),
        migrations.DeleteModel(name="Appointment"),
        migrations.DeleteModel(name="CalendarToken"),
    ]
