"""Benchmark: the manager's figures at size (issue 17) – how long the snapshots take and how fast the dashboard
answers, on a demo municipality of N citizens in a file SQLite database.

For each N the script builds the demo (`tovholder migrate` and `tovholder demo --citizens N --seed 2016`) in
/tmp/figs_N.sqlite3 unless that database is already there with `--reuse`, and then prints, for the demo's main
municipality (Ballerup, code 151):

- the snapshot of one day (`tovholder snapshot_figures --day`, today and yesterday), and the time per figure;
- the backfill the nightly job does when the history is missing (`--from` 400 days back `--all`: 401 days,
  a month per transaction), which is also what the demo's last step does;
- the manager's dashboard (`/styring/`, the default 90 days against last year): median of 5 answers with the
  test Client, and the number of queries; the same for a whole year and for one drill-down (the waitlist).

    PYTHONPATH=src .venv/bin/python bench/figure_snapshots.py --citizens 20000 100000 [--reuse]

This is a script that prints figures, not a test. Building the 100 000 demo takes a long while; run it with
`nice` on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOVHOLDER = [str(ROOT / ".venv" / "bin" / "tovholder")]


PREFIX = "/tmp/figs_"  # --prefix: one's own databases on a shared machine


def database(n: int) -> Path:
    return Path(f"{os.environ.get('FIGS_DB_PREFIX', PREFIX)}{n}.sqlite3")


def build(n: int, seed: int) -> float:
    path = database(n)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    began = time.perf_counter()
    subprocess.run([*TOVHOLDER, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*TOVHOLDER, "demo", "--citizens", str(n), "--seed", str(seed)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def measure(n: int) -> None:
    """In a process of its own (the database is chosen when Django starts)."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tovholder.settings")
    os.environ.setdefault("TOVHOLDER_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Sum
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from tovholder.citizens.models import Citizen
    from tovholder.figures import registry, services
    from tovholder.figures.models import FilledDay, Snapshot
    from tovholder.tenancy.models import Municipality

    m = Municipality.objects.get(code="151")
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    print(f"\n== N = {n}: {Citizen.objects.filter(municipality=m).count()} citizens in {m.name}, "
          f"{Snapshot.objects.filter(municipality=m).count()} snapshot rows before the run")

    def timed(fn) -> float:
        began = time.perf_counter()
        fn()
        return time.perf_counter() - began

    filled = FilledDay.objects.filter(municipality=m).aggregate(n=Count("pk"), s=Sum("seconds"))
    print(f"the demo's own backfill (FilledDay.seconds): {filled['n']} days in {filled['s'] or 0:.1f} s", flush=True)

    client = Client()
    client.force_login(get_user_model().objects.get(username="leder"))
    year = {"fra": (today - datetime.timedelta(days=364)).isoformat(), "til": today.isoformat()}
    # the offer with the most compared citizens (the drill-down a manager follows from the figure's row)
    offer = (Snapshot.objects.filter(municipality=m, figure="outcome_improved", offer_id__isnull=False)
             .values("offer_id").annotate(n=Sum("value")).order_by("-n", "offer_id").first())
    offer_params = {"tilbud": offer["offer_id"]} if offer else {}
    for label, url, params in (("dashboard, 90 days (default)", reverse("figures_dashboard"), {}),
                               ("dashboard, a year", reverse("figures_dashboard"), year),
                               ("drill-down: waitlist, 90 days", reverse("figures_figure", args=["waitlist"]), {}),
                               ("drill-down: outcome_improved", reverse("figures_figure", args=["outcome_improved"]),
                                {}),
                               (f"drill-down: outcome_improved, one offer ({offer_params})",
                                reverse("figures_figure", args=["outcome_improved"]), offer_params)):
        times, queries = [], 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                began = time.perf_counter()
                response = client.get(url, params)
                times.append(time.perf_counter() - began)
            assert response.status_code == 200, response.status_code
            queries = len(ctx.captured_queries)
        print(f"{label}: median {statistics.median(times) * 1000:.0f} ms of 5 "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), {queries} queries; "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
    if os.environ.get("FIGS_DRILL_ONLY"):
        return

    for day in (today, yesterday):
        took = timed(lambda day=day: call_command("snapshot_figures", "--day", day.isoformat(), "--municipality",
                                                  "151", verbosity=0))
        print(f"snapshot_figures --day {day}: {took:.2f} s", flush=True)
    print("per figure, one day (yesterday) / a month by its range query (the backfill's chunk):")
    month0 = yesterday - datetime.timedelta(days=services.CHUNK_DAYS - 1)
    for fig in registry.all_figures():
        one = timed(lambda fig=fig: fig.compute(m.pk, yesterday)) if fig.historical else 0.0
        month = timed(lambda fig=fig: fig.over(m.pk, month0, yesterday)) if fig.historical else 0.0
        print(f"  {fig.key:22} {one * 1000:8.0f} ms  {month * 1000:8.0f} ms", flush=True)
    first = today - datetime.timedelta(days=services.BACKFILL_DAYS)
    took = timed(lambda: call_command("snapshot_figures", "--from", first.isoformat(), "--all", "--municipality",
                                      "151", verbosity=0))
    days = services.BACKFILL_DAYS + 1
    print(f"backfill as the nightly job (--from {first} --all): {days} days in {took:.1f} s "
          f"({took / days * 1000:.0f} ms per day); {Snapshot.objects.filter(municipality=m).count()} snapshot rows")
    took = timed(lambda: call_command("snapshot_figures", "--municipality", "151", verbosity=0))
    print(f"the nightly job with nothing missing (today and yesterday again): {took:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--reuse", action="store_true", help="Use /tmp/figs_N.sqlite3 if it is already built.")
    parser.add_argument("--prefix", default=PREFIX, help="The databases' path before N (default /tmp/figs_).")
    parser.add_argument("--drill-only", action="store_true",
                        help="Time only the dashboard and drill-downs (no snapshots, no backfill: the database "
                        "is left as it was).")
    parser.add_argument("--measure", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["FIGS_DB_PREFIX"] = args.prefix
    if args.drill_only:
        os.environ["FIGS_DRILL_ONLY"] = "1"
    if args.measure is not None:
        measure(args.measure)
        return
    for n in args.citizens:
        if not (args.reuse and database(n).exists()):
            print(f"building the demo of {n} citizens in {database(n)} …", flush=True)
            print(f"built in {build(n, args.seed) / 60:.1f} min", flush=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database(n)}"}
        subprocess.run([sys.executable, __file__, "--measure", str(n)], env=env, check=True)


if __name__ == "__main__":
    main()
