"""`tovholder snapshot_figures [--day D] [--from D] [--to D] [--municipality CODE] [--all]`: fill the
manager's figures as snapshots. Without options: the missing days of the last 400, yesterday and today, for every
municipality (what the nightly schedule runs). `--day` one day; `--from` every missing day from then to
`--to` (default today); `--all` recomputes days already filled."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from tovholder.figures import services
from tovholder.tenancy.models import Municipality


def _day(text: str | None, name: str) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{name} skal være en dato som 2026-03-31, ikke {text!r}.") from None


class Command(BaseCommand):
    help = "Udfyld styringstallene som øjebliksbilleder pr. dag (manglende dage, eller de valgte)."

    def add_arguments(self, parser):
        parser.add_argument("--day", default=None, help="Én dag (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--from", dest="date_from", default=None, help="Første dag (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--to", dest="date_to", default=None, help="Sidste dag (standard: i dag).")
        parser.add_argument("--municipality", default=None, help="Kommunekode, fx 151 (standard: alle).")
        parser.add_argument("--all", action="store_true", help="Beregn også dage, der allerede er udfyldt.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        day = _day(options["day"], "--day")
        date_from = _day(options["date_from"], "--from")
        date_to = _day(options["date_to"], "--to") or today
        if day is not None and date_from is not None:
            raise CommandError("Brug enten --day eller --from, ikke begge.")
        if day is not None:
            date_from = date_to = day
        elif date_from is None:
            date_from = today - datetime.timedelta(days=services.BACKFILL_DAYS)
        if date_to > today:
            raise CommandError("Tal kan ikke beregnes for dage i fremtiden.")
        if date_from > date_to:
            raise CommandError("Den første dag skal ligge før den sidste.")
        municipalities = Municipality.objects.order_by("code")
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
            if not municipalities.exists():
                raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
        for m in municipalities:
            if options["all"] or day is not None:
                days = services.days_between(date_from, date_to)
            else:
                days = services.missing_days(m.pk, date_from, date_to)
                if date_to == today:  # yesterday's flows, counted last night before the day was over; today's
                    days = sorted(set(days) | set(services.nightly_again(today)))  # as-now figures (capacity)
            began = time.perf_counter()
            with tqdm(total=len(days), desc=m.name, unit="dag", disable=options["verbosity"] == 0) as bar:
                services.fill(m.pk, days, progress=lambda n: bar.update(n - bar.n))
            took = time.perf_counter() - began
            per_day = took / len(days) if days else 0
            self.stdout.write(f"{m.name}: {len(days)} dage på {took:.1f} s ({per_day * 1000:.0f} ms pr. dag).")
