"""Orders (bestillinger): a granted effort sent to the provider unit, accepted with a contact person."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('citizens', '0002_coordinator_history'),
        ('tenancy', '0002_dates_as_they_happened'),
        ('visitation', '0003_dates_as_they_happened'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Order',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('sent', 'Sendt til udfører'), ('accepted', 'Modtaget af udfører'), ('started', 'Forløbet er startet'), ('declined', 'Afvist af udfører'), ('withdrawn', 'Trukket tilbage')], default='sent', max_length=10)),
                ('ordered_on', models.DateField(verbose_name='bestilt')),
                ('message', models.TextField(blank=True, max_length=2000, verbose_name='besked til udfører')),
                ('answered_on', models.DateField(blank=True, null=True, verbose_name='besvaret')),
                ('decline_reason', models.CharField(blank=True, max_length=500, verbose_name='årsag til afvisning')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='forløbet startede')),
                ('registered_at', models.DateTimeField(auto_now_add=True, verbose_name='registreret')),
                ('version', models.PositiveIntegerField(default=1)),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='citizens.citizen')),
                ('contact_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='orders_as_contact', to=settings.AUTH_USER_MODEL, verbose_name='kontaktperson')),
                ('decision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='visitation.decision', verbose_name='bevilling')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='tenancy.municipality', verbose_name='kommune')),
                ('ordered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='accounts.unit', verbose_name='udførende enhed')),
            ],
            options={
                'verbose_name': 'bestilling',
                'verbose_name_plural': 'bestillinger',
                'ordering': ['-ordered_on', '-pk'],
                'permissions': [('answer_orders', 'Modtager bestillinger og udpeger kontaktperson')],
                'indexes': [models.Index(fields=['municipality', 'unit', 'status'], name='order_intake_idx'), models.Index(fields=['municipality', 'citizen'], name='order_citizen_idx')],
            },
        ),
    ]
