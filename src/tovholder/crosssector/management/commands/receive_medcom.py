from django.core.management.base import BaseCommand

from tovholder.crosssector.models import Receipt
from tovholder.crosssector.services import receive_all
from tovholder.crosssector.tasks import receive_medcom_task
from tovholder.crosssector.transport import FolderTransport, get_transport


class Command(BaseCommand):
    help = ("Læs MedCom-beskeder (advis om sygehusophold), der venter i transporten (standard: mappen "
            "TOVHOLDER_MEDCOM_FOLDER/ind).")

    def add_arguments(self, parser):
        parser.add_argument("--folder", help="Læs fra denne mappe (dens undermappe ind/) i stedet.")
        parser.add_argument("--enqueue", action="store_true", help="Sæt opgaven i kø til `tovholder db_worker`.")

    def handle(self, *args, folder: str | None, enqueue: bool, **options):
        if enqueue:
            result = receive_medcom_task.enqueue(folder)
            self.stdout.write(f"Sat i kø: {result.id}")
            return
        counts = receive_all(FolderTransport(folder) if folder else get_transport())
        labels = dict(Receipt.Outcome.choices) | {"error": "Fejl (filen er lagt tilbage)"}
        if not counts:
            self.stdout.write("Ingen beskeder ventede.")
        for outcome, n in counts.items():
            self.stdout.write(f"{labels.get(outcome, outcome)}: {n}")
