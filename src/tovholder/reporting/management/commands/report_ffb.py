"""`tovholder report_ffb [--day YYYY-MM-DD] [--municipality KODE] [--enqueue]`: KL's FFB delivery (ADR 0029)
for each municipality up to the day (default yesterday), catching up on missed days — one report per day."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tovholder.reporting.services import run_delivery
from tovholder.reporting.tasks import deliver_ffb_task
from tovholder.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Indberet FFB-data til KL for dagen (standard: i går), og indhent dage, der mangler."

    def add_arguments(self, parser):
        parser.add_argument("--day", default=None, help="Dagen, der indberettes til og med (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--municipality", default=None, help="Kun denne kommune (kommunekode, fx 151).")
        parser.add_argument("--enqueue", action="store_true", help="Læg opgaven i køen til baggrundsarbejderen.")

    def handle(self, *args, **options):
        try:
            day = (datetime.date.fromisoformat(options["day"]) if options["day"]
                   else timezone.localdate() - datetime.timedelta(days=1))
        except ValueError as exc:
            raise CommandError("--day skal være en dato som ÅÅÅÅ-MM-DD.") from exc
        municipalities = Municipality.objects.all()
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
            if not municipalities:
                raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
        if options["enqueue"]:
            for m in municipalities:
                deliver_ffb_task.enqueue(municipality_id=m.pk, until=day.isoformat())
            self.stdout.write(f"FFB-indberetningen til og med {day} er lagt i køen.")
            return
        for m in municipalities:
            try:
                deliveries = run_delivery(municipality=m, until=day)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            for d in deliveries:
                kinds = ", ".join(f"{k} {n}" for k, n in sorted(d.counts.items())) or "ingen ændringer"
                self.stdout.write(f"{m.code} {d.day}: {d.bundles} bundter, {d.failures} afvist ({kinds})")
