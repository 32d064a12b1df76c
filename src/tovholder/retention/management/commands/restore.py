import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tovholder.retention.backup import restore


class Command(BaseCommand):
    help = ("Genskab hele databasen fra en sikkerhedskopi (alt nuværende indhold erstattes). Stop serveren og "
            "arbejderen først; kør derefter `tovholder migrate`.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Sikkerhedskopien fra `tovholder backup`.")
        parser.add_argument("--yes", action="store_true", help="Spørg ikke, før databasen erstattes.")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not yes and input("Hele databasen erstattes af sikkerhedskopien. Skriv ja for at fortsætte: ") != "ja":
            raise CommandError("Intet er genskabt.")
        started = time.perf_counter()
        restore(file)
        self.stdout.write(f"Databasen er genskabt fra {file} på {time.perf_counter() - started:.1f} s.")
