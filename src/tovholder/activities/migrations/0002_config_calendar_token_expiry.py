import datetime

from django.db import migrations, models


def expire_after_a_year(apps, schema_editor):
    CalendarToken = apps.get_model("activities", "CalendarToken")
    for row in CalendarToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        CalendarToken.objects.filter(pk=row.pk).update(expires_at=row.created_at + datetime.timedelta(days=365))


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [
        migrations.AddField(model_name="calendartoken", name="expires_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(expire_after_a_year, migrations.RunPython.noop),
        migrations.AlterField(model_name="calendartoken", name="expires_at", field=models.DateTimeField()),
    ]
