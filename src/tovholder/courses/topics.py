"""The course topics shipped with Tovholder: the nine of seed 002 (section 5.1) and the relatives' course
with Bedre Psykiatri. Kept in step after every migrate (as outcomes' shipped instruments and the roles are),
so a database that was flushed or made before a topic was added has them all; a municipality's own courses
choose among them."""

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


def sync_topics() -> None:
    from .models import Topic

    for order, (key, name, relatives) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(key=key, defaults={"name": name, "for_relatives": relatives, "order": order})
