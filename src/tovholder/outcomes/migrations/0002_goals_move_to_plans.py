"""Goal-attainment scores point to plans.Goal (the same table; state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outcomes', '0001_initial'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='score',
                    name='goal',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attainment_scores', to='plans.goal', verbose_name='mål'),
                ),
            ],
            database_operations=[],
        ),
    ]
