from django.core.management.base import BaseCommand

from tovholder.demo.management.commands.demo import print_logins


class Command(BaseCommand):
    help = "Viser demo-logins."

    def handle(self, *args, **options):
        print_logins(self.stdout)
