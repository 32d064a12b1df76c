from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration holds nothing: flats and stays each add their own after it."""

    dependencies: list = []
    operations: list = []
