from django.core.management.base import BaseCommand

from tovholder.retention.tasks import propose_deletions_task


class Command(BaseCommand):
    help = "Foreslå sletning af borgere, hvis oplysninger har passeret opbevaringsperioden (kør dagligt)."

    def handle(self, *args, **options):
        result = propose_deletions_task.enqueue()
        self.stdout.write(f"Sat i kø: {result.id}")
