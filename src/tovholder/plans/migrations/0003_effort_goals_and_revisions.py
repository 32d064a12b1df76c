"""FFB content of an effort: its services (ydelser) and their dated changes, its follow-ups with FFB status, and goals set at visitation (indsatsmål) with secondary conditions, revisions and the level reached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('citizens', '0002_coordinator_history'),
        ('plans', '0002_tables_named_after_plans'),
        ('tenancy', '0002_dates_as_they_happened'),
        ('visitation', '0005_efforts_services_and_goals'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='GoalRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('text', models.TextField(max_length=1000)),
                ('goal_type', models.CharField(max_length=36)),
                ('condition', models.CharField(blank=True, max_length=36)),
                ('secondary_conditions', models.JSONField(blank=True, default=list)),
                ('start_level', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('target_level', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('valid_until', models.DateField(verbose_name='gjaldt til')),
                ('registered_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'tidligere udgave af mål',
                'verbose_name_plural': 'tidligere udgaver af mål',
                'ordering': ['version'],
            },
        ),
        migrations.AddField(
            model_name='goal',
            name='decision',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='effort_goals', to='visitation.decision', verbose_name='indsats'),
        ),
        migrations.AddField(
            model_name='goal',
            name='secondary_conditions',
            field=models.JSONField(blank=True, default=list, verbose_name='sekundære tilstande (FFB)'),
        ),
        migrations.AddField(
            model_name='goalfollowup',
            name='level_reached',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='funktionsevneniveau nu (0–4)'),
        ),
        migrations.AlterField(
            model_name='goal',
            name='condition',
            field=models.CharField(blank=True, max_length=36, verbose_name='primær tilstand (FFB)'),
        ),
        migrations.AddConstraint(
            model_name='goalfollowup',
            constraint=models.CheckConstraint(condition=models.Q(('level_reached__isnull', True), ('level_reached__lte', 4), _connector='OR'), name='followup_level_0_4'),
        ),
        migrations.AddField(
            model_name='goalrevision',
            name='changed_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='goalrevision',
            name='citizen',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='citizens.citizen'),
        ),
        migrations.AddField(
            model_name='goalrevision',
            name='goal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='revisions', to='plans.goal'),
        ),
        migrations.AddField(
            model_name='goalrevision',
            name='municipality',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune'),
        ),
        migrations.AddIndex(
            model_name='goalrevision',
            index=models.Index(fields=['municipality', 'goal', 'version'], name='goalrevision_idx'),
        ),
    ]
