"""The coordinator's history (CoordinatorAssignment), starting from each citizen's coordinator today."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('citizens', '0001_initial'),
        ('tenancy', '0002_dates_as_they_happened'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='citizen',
            options={'ordering': ['last_name', 'first_name'], 'permissions': [('assign_coordinator', 'Udpeger borgerens tovholder')], 'verbose_name': 'borger', 'verbose_name_plural': 'borgere'},
        ),
        migrations.CreateModel(
            name='CoordinatorAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_on', models.DateField(verbose_name='fra')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='til')),
                ('reason', models.CharField(blank=True, max_length=500, verbose_name='begrundelse')),
                ('registered_at', models.DateTimeField(auto_now_add=True, verbose_name='registreret')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coordinator_history', to='citizens.citizen')),
                ('coordinator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='tovholder')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
            ],
            options={
                'verbose_name': 'tovholder i en periode',
                'verbose_name_plural': 'tovholdere over tid',
                'ordering': ['-started_on', '-pk'],
                'indexes': [models.Index(fields=['municipality', 'citizen', 'started_on'], name='coordinator_citizen_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('ended_on__gte', models.F('started_on')), _connector='OR'), name='coordinator_dates_in_order')],
            },
        ),
    ]


def _history_so_far(apps, schema_editor):
    """Each citizen's coordinator today becomes the first row of the history (from the day the citizen was
    registered; who named them is not known)."""
    Citizen = apps.get_model("citizens", "Citizen")
    Assignment = apps.get_model("citizens", "CoordinatorAssignment")
    db = schema_editor.connection.alias
    Assignment.objects.using(db).bulk_create(
        (Assignment(municipality_id=c.municipality_id, citizen_id=c.pk, coordinator_id=c.coordinator_id,
                    started_on=c.created_at.date(), reason="Tovholder før historikken blev ført")
         for c in Citizen.objects.using(db).filter(coordinator__isnull=False).order_by("pk")), batch_size=2000)


Migration.operations.append(migrations.RunPython(_history_so_far, migrations.RunPython.noop))
