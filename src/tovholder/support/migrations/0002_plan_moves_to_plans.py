"""The plan, goals and follow-ups leave support's state (their tables now belong to plans)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0003_goals_move_to_plans'),
        ('outcomes', '0002_goals_move_to_plans'),
        ('support', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='goalfollowup',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='goalfollowup',
                    name='by',
                ),
                migrations.RemoveField(
                    model_name='goalfollowup',
                    name='citizen',
                ),
                migrations.RemoveField(
                    model_name='goalfollowup',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='plan',
                    name='citizen',
                ),
                migrations.RemoveField(
                    model_name='plan',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='plan',
                    name='updated_by',
                ),
                migrations.DeleteModel(
                    name='Goal',
                ),
                migrations.DeleteModel(
                    name='GoalFollowUp',
                ),
                migrations.DeleteModel(
                    name='Plan',
                ),
            ],
            database_operations=[],
        ),
    ]
