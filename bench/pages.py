"""Benchmark: the main pages at size (issue 15 item 2) – how long each answers on a demo of N citizens in a
PostgreSQL database, and how many queries it makes.

For each N the script builds the demo (`tovholder migrate` and `tovholder demo --citizens N --seed 2016`) into
the PostgreSQL database `<prefix>_N` (default `tov_pages_N` on 127.0.0.1:5432) unless, with `--reuse`, that
database already holds a demo, and then prints for each page the median of 5 answers with the test Client (after
one warm-up answer that is not counted), min and max, and the number of queries, with the machine's load
average before and after (the machine may be shared: say so next to any figure).

Pages (issue 15 item 2): the worker's day (start page), the citizen list (own citizens, all known) and a name
search, the citizen overview and the support page of one of the worker's citizens, the visitation desk, the
waitlists, journal search, and delivered hours (the manager's whole area and one team).

    PYTHONPATH=src .venv/bin/python bench/pages.py --citizens 400 20000 [--reuse] [--only hours ...]

This is a script that prints figures, not a test. Building a large demo takes a while; run it with `nice` on a
shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOVHOLDER = [str(ROOT / ".venv" / "bin" / "tovholder")]
SERVER = "postgres://postgres@127.0.0.1:5432"
REPEAT = 5


def url_of(prefix: str, n: int) -> str:
    return f"{SERVER}/{prefix}_{n}"


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def built(prefix: str, n: int) -> bool:
    name = f"{prefix}_{n}"
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
        return False
    return psql("SELECT to_regclass('citizens_citizen') IS NOT NULL", name) == "t" and \
        psql("SELECT count(*) > 0 FROM citizens_citizen", name) == "t"


def build(prefix: str, n: int, seed: int) -> float:
    name = f"{prefix}_{n}"
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url_of(prefix, n)}
    began = time.perf_counter()
    subprocess.run([*TOVHOLDER, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*TOVHOLDER, "demo", "--citizens", str(n), "--seed", str(seed)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def measure(n: int, only: list[str]) -> None:
    """In a process of its own (the database is chosen when Django starts)."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tovholder.settings")
    os.environ.setdefault("TOVHOLDER_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tovholder.accounts.models import Unit
    from tovholder.citizens.models import Citizen
    from tovholder.tenancy.models import Municipality

    User = get_user_model()
    m = Municipality.objects.get(code="151")
    worker = User.objects.get(username="skp1")
    # the worker's citizen with the most episodes (a full support page), and a name to search for
    citizen = (Citizen.objects.filter(municipality=m, coordinator=worker).annotate(e=Count("episodes"))
               .order_by("-e", "pk").first())
    assert citizen is not None, "skp1 coordinates no citizen in the demo"
    team = Unit.objects.get(municipality=m, name="SKP-teamet")
    pages = [
        ("day", "the worker's day (start page)", "skp1", reverse("home"), {}),
        ("list", "citizen list, own", "skp1", reverse("citizens"), {}),
        ("list_all", "citizen list, all known", "skp1", reverse("citizens"), {"vis": "alle"}),
        ("search", f"citizen search '{citizen.last_name[:4]}'", "skp1", reverse("citizens"),
         {"q": citizen.last_name[:4]}),
        ("overview", "citizen overview", "skp1", reverse("citizen", args=[citizen.pk]), {}),
        ("support", "support page", "skp1", reverse("citizen_support", args=[citizen.pk]), {}),
        ("desk", "visitation desk", "sagsb1", reverse("visitation_desk"), {}),
        ("waitlists", "waitlists", "sagsb1", reverse("waitlists"), {}),
        ("journal", "journal search 'madplan'", "skp1", reverse("note_search"), {"q": "madplan"}),
        ("hours", "delivered hours, whole area", "leder", reverse("support_hours"), {}),
        ("hours_team", "delivered hours, SKP team", "leder", reverse("support_hours"), {"enhed": team.pk}),
    ]
    clients: dict[str, Client] = {}
    print(f"\n== N = {n}: {Citizen.objects.filter(municipality=m).count()} citizens in {m.name} "
          f"({connection.vendor}); load average {load()} before", flush=True)
    print(f"{'page':40} {'median ms':>10} {'min':>7} {'max':>7} {'queries':>8}")
    for key, label, username, url, params in pages:
        if only and key not in only:
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        client.get(url, params)  # warm-up, not counted
        times, queries = [], 0
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as ctx:
                began = time.perf_counter()
                response = client.get(url, params)
                times.append(time.perf_counter() - began)
            assert response.status_code == 200, (key, response.status_code)
            queries = len(ctx.captured_queries)
        print(f"{label:40} {statistics.median(times) * 1000:10.0f} {min(times) * 1000:7.0f} "
              f"{max(times) * 1000:7.0f} {queries:8}", flush=True)
    print(f"load average {load()} after (1/5/15 min; a shared 2-core machine)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, nargs="+", default=[400, 20000])
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--prefix", default="tov_pages", help="Database name prefix (the database is PREFIX_N).")
    parser.add_argument("--reuse", action="store_true", help="Use PREFIX_N if it already holds a demo.")
    parser.add_argument("--only", nargs="*", default=[], help="Only these pages (keys: day list list_all search "
                                                                "overview support desk waitlists journal hours "
                                                                "hours_team).")
    parser.add_argument("--measure", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure, args.only)
        return
    for n in args.citizens:
        if not (args.reuse and built(args.prefix, n)):
            print(f"building the demo of {n} citizens in {args.prefix}_{n} …", flush=True)
            print(f"built in {build(args.prefix, n, args.seed) / 60:.1f} min", flush=True)
        env = {**os.environ, "DATABASE_URL": url_of(args.prefix, n)}
        subprocess.run([sys.executable, __file__, "--measure", str(n), "--only", *args.only], env=env, check=True)


if __name__ == "__main__":
    main()
