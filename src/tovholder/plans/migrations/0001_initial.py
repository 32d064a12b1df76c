"""The plan, goals and follow-ups move from support to plans (ADR 0004): in Django's state only; the
tables stay until 0002 renames them, so no row is copied."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('support', '0001_initial'),
        ('accounts', '0001_initial'),
        ('citizens', '0001_initial'),
        ('tenancy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Plan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('aim', models.TextField(blank=True, max_length=4000, verbose_name='borgerens overordnede ønske – med egne ord')),
                        ('review_on', models.DateField(blank=True, null=True, verbose_name='planen evalueres')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('citizen', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='plan', to='citizens.citizen', verbose_name='borger')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                        ('updated_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'plan',
                        'verbose_name_plural': 'planer',
                        'db_table': 'support_plan',
                    },
                ),
                migrations.CreateModel(
                    name='Goal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(max_length=1000, verbose_name='målet med borgerens egne ord')),
                        ('goal_type', models.CharField(max_length=36, verbose_name='måltype (FFB)')),
                        ('condition', models.CharField(blank=True, max_length=36, verbose_name='tilstand (FFB)')),
                        ('start_level', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='funktionsevneniveau ved start (0–4)')),
                        ('target_level', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='mål for funktionsevneniveau (0–4)')),
                        ('next_follow_up_on', models.DateField(blank=True, null=True, verbose_name='næste opfølgning')),
                        ('status', models.CharField(choices=[('active', 'Aktivt'), ('ended', 'Afsluttet')], default='active', max_length=10)),
                        ('created_on', models.DateField(verbose_name='oprettet')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='afsluttet')),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='goals', to='citizens.citizen', verbose_name='borger')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sub_goals', to='plans.goal', verbose_name='delmål under')),
                        ('responsible', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responsible_goals', to=settings.AUTH_USER_MODEL, verbose_name='ansvarlig')),
                        ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.unit', verbose_name='enhed')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='goals', to='plans.plan')),
                    ],
                    options={
                        'verbose_name': 'mål',
                        'verbose_name_plural': 'mål',
                        'db_table': 'support_goal',
                        'ordering': ['created_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='GoalFollowUp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='planlagt til')),
                        ('held_on', models.DateField(verbose_name='holdt')),
                        ('result', models.CharField(choices=[('continue', 'Fortsæt'), ('change', 'Justér målet'), ('end', 'Afslut målet'), ('revisit', 'Tag op igen snart')], max_length=10, verbose_name='resultat')),
                        ('learned', models.TextField(blank=True, max_length=4000, verbose_name='hvad har vi lært')),
                        ('next_on', models.DateField(blank=True, null=True, verbose_name='næste opfølgning')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='citizens.citizen')),
                        ('goal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='follow_ups', to='plans.goal')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                    ],
                    options={
                        'verbose_name': 'opfølgning på mål',
                        'verbose_name_plural': 'opfølgninger på mål',
                        'db_table': 'support_goalfollowup',
                        'ordering': ['held_on', 'pk'],
                        'indexes': [models.Index(fields=['municipality', 'goal', 'held_on'], name='followup_goal_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('next_on__isnull', True), ('next_on__gt', models.F('held_on')), _connector='OR'), name='followup_next_after_held')],
                    },
                ),
                migrations.AddIndex(
                    model_name='plan',
                    index=models.Index(fields=['municipality', 'review_on'], name='plan_review_idx'),
                ),
                migrations.AddIndex(
                    model_name='goal',
                    index=models.Index(fields=['municipality', 'citizen', 'status'], name='goal_citizen_idx'),
                ),
                migrations.AddIndex(
                    model_name='goal',
                    index=models.Index(fields=['municipality', 'status', 'next_follow_up_on'], name='goal_follow_up_idx'),
                ),
                migrations.AddIndex(
                    model_name='goal',
                    index=models.Index(fields=['municipality', 'responsible', 'status'], name='goal_responsible_idx'),
                ),
                migrations.AddConstraint(
                    model_name='goal',
                    constraint=models.CheckConstraint(condition=models.Q(('target_level__isnull', True), ('target_level__lte', 4), _connector='OR'), name='goal_target_level_0_4'),
                ),
                migrations.AddConstraint(
                    model_name='goal',
                    constraint=models.CheckConstraint(condition=models.Q(('start_level__isnull', True), ('start_level__lte', 4), _connector='OR'), name='goal_start_level_0_4'),
                ),
            ],
            database_operations=[],
        ),
    ]
