"""The time a contact delivered lives in the ledger now; notes only document it (after 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0005_notes_document_participations"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="note", name="note_minutes_under_a_day"),
        migrations.RemoveIndex(model_name="note", name="note_episode_idx"),
        migrations.RemoveIndex(model_name="note", name="note_appointment_idx"),
        migrations.RemoveField(model_name="note", name="appointment"),
        migrations.RemoveField(model_name="note", name="episode"),
        migrations.RemoveField(model_name="note", name="kind"),
        migrations.RemoveField(model_name="note", name="minutes"),
        migrations.AlterField(
            model_name="note",
            name="participation",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="notes",
                                    to="activities.participation", verbose_name="kontakten"),
        ),
        migrations.AddIndex(
            model_name="note",
            index=models.Index(fields=["municipality", "participation"], name="note_participation_idx"),
        ),
    ]
