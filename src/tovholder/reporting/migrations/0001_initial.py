from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration holds nothing: the FFB delivery and the DST report each add their own after it."""

    dependencies: list = []
    operations: list = []
