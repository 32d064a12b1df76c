"""The activities kernel: occasions, their staff and participations — the ledger of delivered time —
and calendar addresses (ADR 0004)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('citizens', '0001_initial'),
        ('offers', '0002_offer_deadline_days_offer_deadline_working_days'),
        ('tenancy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Occasion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('home_visit', 'Hjemmebesøg'), ('phone', 'Telefonsamtale'), ('video', 'Videosamtale'), ('meeting', 'Samtale på kontoret'), ('outing', 'Ledsagelse / aktivitet ud af huset'), ('group_session', 'Gruppesession'), ('course_session', 'Kursusgang (gruppeforløb)'), ('dropin_opening', 'Åbent på værestedet'), ('club_evening', 'Klubaften'), ('house_meeting', 'Husmøde')], default='home_visit', max_length=20, verbose_name='form')),
                ('starts_at', models.DateTimeField(verbose_name='starter')),
                ('ends_at', models.DateTimeField(verbose_name='slutter')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='sted')),
                ('status', models.CharField(choices=[('planned', 'Planlagt'), ('held', 'Holdt'), ('not_held', 'Ikke holdt (ingen deltog)'), ('cancelled', 'Aflyst')], default='planned', max_length=10)),
                ('cancel_reason', models.CharField(blank=True, max_length=500, verbose_name='årsag til aflysning')),
                ('series', models.UUIDField(blank=True, null=True, verbose_name='gentagelsesserie')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                ('offer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='occasions', to='offers.offer', verbose_name='tilbud')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='occasions', to='accounts.unit', verbose_name='enhed')),
            ],
            options={
                'verbose_name': 'aktivitet',
                'verbose_name_plural': 'aktiviteter',
                'ordering': ['starts_at', 'pk'],
                'permissions': [('plan_occasions', 'Planlægger aftaler og aktiviteter og registrerer fremmøde')],
            },
        ),
        migrations.CreateModel(
            name='OccasionStaff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                ('occasion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='staff_rows', to='activities.occasion')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='medarbejder')),
            ],
            options={
                'verbose_name': 'medarbejder på aktivitet',
                'verbose_name_plural': 'medarbejdere på aktiviteter',
            },
        ),
        migrations.AddField(
            model_name='occasion',
            name='staff',
            field=models.ManyToManyField(related_name='occasions', through='activities.OccasionStaff', to=settings.AUTH_USER_MODEL, verbose_name='medarbejdere'),
        ),
        migrations.CreateModel(
            name='Participation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('headcount', models.PositiveSmallIntegerField(default=1, help_text='Flere end én kun for anonyme deltagere.', verbose_name='antal')),
                ('status', models.CharField(choices=[('planned', 'Planlagt'), ('attended', 'Deltog'), ('no_show', 'Udeblev'), ('cancelled', 'Meldte afbud / aflyst')], default='planned', max_length=10)),
                ('minutes', models.PositiveIntegerField(blank=True, null=True, verbose_name='minutter')),
                ('version', models.PositiveIntegerField(default=1)),
                ('citizen', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='citizens.citizen', verbose_name='borger')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                ('occasion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='activities.occasion')),
                ('offer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='offers.offer', verbose_name='leveret under tilbud')),
            ],
            options={
                'verbose_name': 'deltagelse',
                'verbose_name_plural': 'deltagelser',
                'ordering': ['occasion__starts_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CalendarToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='calendar_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'kalenderadresse',
                'verbose_name_plural': 'kalenderadresser',
                'indexes': [models.Index(fields=['municipality', 'user', 'revoked_at'], name='caltok_user_idx')],
            },
        ),
        migrations.AddIndex(
            model_name='occasionstaff',
            index=models.Index(fields=['municipality', 'user', 'occasion'], name='occasionstaff_user_idx'),
        ),
        migrations.AddConstraint(
            model_name='occasionstaff',
            constraint=models.UniqueConstraint(fields=('occasion', 'user'), name='occasionstaff_unique'),
        ),
        migrations.AddIndex(
            model_name='occasion',
            index=models.Index(fields=['municipality', 'starts_at'], name='occasion_start_idx'),
        ),
        migrations.AddIndex(
            model_name='occasion',
            index=models.Index(fields=['municipality', 'unit', 'starts_at'], name='occasion_unit_idx'),
        ),
        migrations.AddIndex(
            model_name='occasion',
            index=models.Index(fields=['municipality', 'offer', 'starts_at'], name='occasion_offer_idx'),
        ),
        migrations.AddConstraint(
            model_name='occasion',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='occasion_ends_after'),
        ),
        migrations.AddIndex(
            model_name='participation',
            index=models.Index(fields=['municipality', 'citizen', 'offer'], name='participation_citizen_idx'),
        ),
        migrations.AddIndex(
            model_name='participation',
            index=models.Index(fields=['municipality', 'offer', 'status'], name='participation_offer_idx'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.UniqueConstraint(condition=models.Q(('citizen__isnull', False)), fields=('occasion', 'citizen'), name='participation_once_per_citizen'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.CheckConstraint(condition=models.Q(('citizen__isnull', True), ('headcount', 1), _connector='OR'), name='participation_named_is_one'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.CheckConstraint(condition=models.Q(('headcount__gte', 1)), name='participation_headcount_positive'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.CheckConstraint(condition=models.Q(('minutes__isnull', True), ('minutes__lte', 1439), _connector='OR'), name='participation_minutes_under_a_day'),
        ),
    ]
