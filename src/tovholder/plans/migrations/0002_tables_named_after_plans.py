"""The moved tables get the plans app's names (a rename; foreign keys follow the table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0001_initial'),
        ('support', '0002_plan_moves_to_plans'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='goal',
            table=None,
        ),
        migrations.AlterModelTable(
            name='goalfollowup',
            table=None,
        ),
        migrations.AlterModelTable(
            name='plan',
            table=None,
        ),
    ]
