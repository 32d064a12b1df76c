"""A note documents a participation in an occasion (filled in by 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("journal", "0003_goals_move_to_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="note",
            name="participation",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="notes",
                                    to="activities.participation", verbose_name="kontakten"),
        ),
    ]
