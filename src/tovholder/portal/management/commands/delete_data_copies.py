from django.core.management.base import BaseCommand

from tovholder.portal.tasks import delete_expired_data_copies_task


class Command(BaseCommand):
    help = "Slet de kopier af borgernes data (Min Tovholder), hvis tid er gået (kør hver nat)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Sæt opgaven i kø til `tovholder db_worker`.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = delete_expired_data_copies_task.enqueue()
            self.stdout.write(f"Sat i kø: {result.id}")
            return
        from tovholder.portal.services import delete_expired_data_copies

        self.stdout.write(f"Slettet: {delete_expired_data_copies()} kopier")
