from django.core.management.base import BaseCommand

from tovholder.portal.tasks import alert_missed_check_ins_task


class Command(BaseCommand):
    help = ("Giv tovholderen besked om borgere, der har bedt om det og ikke har tjekket ind på Min Tovholder "
            "(kør dagligt).")

    def handle(self, *args, **options):
        result = alert_missed_check_ins_task.enqueue()
        self.stdout.write(f"Sat i kø: {result.id}")
