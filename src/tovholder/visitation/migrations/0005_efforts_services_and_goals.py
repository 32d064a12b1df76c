"""FFB content of an effort: its services (ydelser) and their dated changes, its follow-ups with FFB status, and goals set at visitation (indsatsmål) with secondary conditions, revisions and the level reached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('citizens', '0002_coordinator_history'),
        ('tenancy', '0002_dates_as_they_happened'),
        ('visitation', '0004_orders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='services',
            field=models.JSONField(blank=True, default=list, verbose_name='ydelser (FFB)'),
        ),
        migrations.CreateModel(
            name='EffortFollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='holdt')),
                ('status', models.CharField(max_length=36, verbose_name='status på indsatsen (FFB)')),
                ('note', models.TextField(blank=True, max_length=4000, verbose_name='hvad opfølgningen viste')),
                ('next_on', models.DateField(blank=True, null=True, verbose_name='næste opfølgning')),
                ('registered_at', models.DateTimeField(auto_now_add=True, verbose_name='registreret')),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='citizens.citizen')),
                ('decision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='follow_ups', to='visitation.decision')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
            ],
            options={
                'verbose_name': 'opfølgning på indsats',
                'verbose_name_plural': 'opfølgninger på indsatser',
                'ordering': ['held_on', 'pk'],
                'indexes': [models.Index(fields=['municipality', 'decision', 'held_on'], name='effortfollowup_idx')],
            },
        ),
        migrations.CreateModel(
            name='ServiceChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='fra')),
                ('services', models.JSONField(default=list, verbose_name='ydelser (FFB)')),
                ('reason', models.CharField(max_length=1000, verbose_name='begrundelse')),
                ('registered_at', models.DateTimeField(auto_now_add=True, verbose_name='registreret')),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='citizens.citizen')),
                ('decision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_changes', to='visitation.decision')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
            ],
            options={
                'verbose_name': 'ændring af ydelser',
                'verbose_name_plural': 'ændringer af ydelser',
                'ordering': ['starts_on', 'pk'],
                'indexes': [models.Index(fields=['municipality', 'decision', 'starts_on'], name='servicechange_idx')],
            },
        ),
    ]
