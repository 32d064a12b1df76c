import time
from pathlib import Path

from django.core.management.base import BaseCommand

from tovholder.retention.backup import backup


class Command(BaseCommand):
    help = "Tag en sikkerhedskopi af hele databasen (SQLite: online backup; PostgreSQL: pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Filen, kopien skrives til (må ikke findes i forvejen).")

    def handle(self, *args, file: Path, **options):
        started = time.perf_counter()
        backup(file)
        self.stdout.write(f"Sikkerhedskopi skrevet til {file} ({file.stat().st_size / 1e6:.1f} MB) "
                          f"på {time.perf_counter() - started:.1f} s.")
