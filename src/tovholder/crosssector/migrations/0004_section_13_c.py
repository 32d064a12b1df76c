"""Psykiatriloven § 13 c as data: the legal basis for sharing a discharge agreement or a coordination plan with
the ward, the GP and other authorities without the citizen's consent (ADR 0026)."""

from django.db import migrations

TITLE = ("Videregivelse af oplysninger, der er nødvendige for at indgå og følge en udskrivningsaftale eller en "
         "koordinationsplan")


def forwards(apps, schema_editor):
    SharingBasis = apps.get_model("crosssector", "SharingBasis")
    SharingBasis.objects.get_or_create(law="Psykiatriloven", paragraph="§ 13 c", purpose="discharge",
                                       defaults={"title": TITLE, "direction": "both"})


class Migration(migrations.Migration):
    dependencies = [("crosssector", "0003_care_messages_agreements")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
