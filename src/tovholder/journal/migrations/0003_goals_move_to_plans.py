"""Notes point to plans.Goal (the same table; state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0002_search'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='note',
                    name='goals',
                    field=models.ManyToManyField(related_name='notes', through='journal.NoteGoal', to='plans.goal', verbose_name='mål kontakten arbejdede med'),
                ),
                migrations.AlterField(
                    model_name='notegoal',
                    name='goal',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='plans.goal'),
                ),
            ],
            database_operations=[],
        ),
    ]
