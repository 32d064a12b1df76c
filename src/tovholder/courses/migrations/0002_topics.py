"""The course topics of seed 002 (section 5.1) and the relatives' course with Bedre Psykiatri."""

from django.db import migrations

TOPICS = [
    ("recovery", "Recoverykursus", False),
    ("it", "It og kommunikation", False),
    ("okonomi-bolig", "Personlig økonomi og bolig", False),
    ("mestring", "Mestringsstrategier", False),
    ("kost-sundhed", "Kost og sundhed", False),
    ("psykoedukation", "Psykoedukation", False),
    ("uddannelse-job", "Uddannelse og job", False),
    ("kommuneguide", "Kommuneguide: Borgerservice, hjemmeside, Skat m.m.", False),
    ("medborgerskab", "Medborgerskab", False),
    ("paaroerende", "Pårørendekursus (med Bedre Psykiatri)", True),
]


def add(apps, schema_editor):
    Topic = apps.get_model("courses", "Topic")
    for order, (key, name, relatives) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(key=key, defaults={"name": name, "for_relatives": relatives, "order": order})


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
