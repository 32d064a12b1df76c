"""Benchmark: the fixed cost of a request (issue 15) — per page, the median time of N requests and their
query count, through Django's test Client and the whole middleware, on a demo municipality the bench builds.

    PYTHONPATH=src .venv/bin/python bench/request_cost.py                       # this checkout only
    PYTHONPATH=src .venv/bin/python bench/request_cost.py --compare /work/main/src   # A/B against another src

The demo (`tovholder demo --citizens 400 --seed 2016`) is built once into a SQLite file (--db, default
/tmp/bench-request-cost.sqlite3; delete it to rebuild) or into the database --database-url names (e.g.
postgres://postgres@127.0.0.1:5432/tov_bench). Each side runs in its own long-lived Python process (A: the
--compare source tree, B: this one) on the same database; the rounds are interleaved (A B, B A, …), each round N
requests per page after one warm-up request. Pages: the citizen overview, the worker's start page, the support
page, the citizen list, and a floor page: a tiny view behind the same middleware doing 4 indexed queries (from
this file's own urlconf). Times: wall (perf_counter) and CPU (process_time) of the request inside the process,
so server CPU plus the test client's small share. The query count is taken on one more request (not timed).
The machine's load average is printed with the figures: other work on the machine shows in them.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = ("floor", "citizen", "home", "citizen_support", "citizens")


# === the worker: one side, in its own process ==================================================================

def _floor(request):
    """4 indexed queries and a tiny response: what any page costs before its own work."""
    from django.http import HttpResponse

    from tovholder.accounts.models import StaffProfile
    from tovholder.citizens.models import Citizen, Involvement

    profile = StaffProfile.objects.get(user_id=request.user.pk)
    through = StaffProfile.units.through.objects
    units = list(through.filter(staffprofile_id=profile.pk).values_list("unit_id", flat=True))
    citizen = Citizen.objects.filter(municipality_id=profile.municipality_id, pk=request.GET["c"]).first()
    n = Involvement.objects.filter(citizen_id=request.GET["c"]).count()
    return HttpResponse(f"{units} {citizen.pk if citizen else 0} {n}", content_type="text/plain")


urlpatterns: list = []


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tovholder.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.urls import path

    import tovholder.urls

    urlpatterns[:] = [path("bench-floor/", _floor, name="bench_floor"), *tovholder.urls.urlpatterns]
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def _build(database_url: str, citizens: int) -> None:
    _setup(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", citizens=citizens, seed=2016)


def _subject():
    """The support worker with the most citizens they coordinate, and the one of those with the most notes."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from tovholder.citizens.models import Citizen

    worker = (get_user_model().objects.filter(groups__name="Medarbejder", is_active=True)
              .annotate(n=Count("coordinated_citizens", distinct=True)).order_by("-n", "pk").first())
    citizen = (Citizen.objects.filter(coordinator=worker).annotate(n=Count("notes"))
               .order_by("-n", "pk").first())
    return worker, citizen


def _worker(database_url: str, n: int) -> None:
    _setup(database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    import tovholder

    worker, citizen = _subject()
    client = Client()
    client.force_login(worker)
    urls = {"floor": reverse("bench_floor") + f"?c={citizen.pk}", "citizen": reverse("citizen", args=[citizen.pk]),
            "home": reverse("home"), "citizen_support": reverse("citizen_support", args=[citizen.pk]),
            "citizens": reverse("citizens")}
    print(json.dumps({"src": os.path.dirname(tovholder.__file__), "worker": worker.username,
                      "citizen": citizen.pk}), flush=True)
    for line in sys.stdin:
        if line.strip() != "round":
            break
        result = {}
        for page in PAGES:
            url = urls[page]
            response = client.get(url)  # warm-up (and the session's renewal, at most once a minute)
            assert response.status_code == 200, (page, response.status_code)
            walls, cpus = [], []
            for _ in range(n):
                w, c = time.perf_counter(), time.process_time()
                client.get(url)
                walls.append(time.perf_counter() - w)
                cpus.append(time.process_time() - c)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            result[page] = {"wall": walls, "cpu": cpus, "queries": len(queries)}
        print(json.dumps(result), flush=True)


# === the driver: builds the demo, runs the sides' rounds interleaved, prints the figures =========================

def _side(src: str, database_url: str, n: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + HERE}
    return subprocess.Popen([sys.executable, "-c", f"import request_cost; request_cost._worker({database_url!r}, {n})"],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=HERE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=400)
    parser.add_argument("--db", default="/tmp/bench-request-cost.sqlite3")
    parser.add_argument("--database-url", default="", help="instead of --db (a PostgreSQL database, built if empty)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-n", type=int, default=10, help="requests per page per round")
    parser.add_argument("--compare", default="", help="the src folder of side A (e.g. /work/main/src)")
    args = parser.parse_args()
    database_url = args.database_url or f"sqlite:///{args.db}"
    here_src = os.path.join(os.path.dirname(HERE), "src")
    if args.database_url or not os.path.exists(args.db):
        began = time.perf_counter()
        build = subprocess.run([sys.executable, "-c", f"import request_cost; request_cost._build({database_url!r}, "
                                                      f"{args.citizens})"],
                               env={**os.environ, "PYTHONPATH": here_src + os.pathsep + HERE}, cwd=HERE)
        if build.returncode:
            sys.exit("Demoen kunne ikke bygges.")
        print(f"demo built ({args.citizens} citizens) in {time.perf_counter() - began:.0f} s")
    sides = {"B (this)": here_src}
    if args.compare:
        sides = {"A (" + args.compare + ")": args.compare, **sides}
    procs = {name: _side(src, database_url, args.n) for name, src in sides.items()}
    for name, proc in procs.items():
        print(name, proc.stdout.readline().strip())  # type: ignore[union-attr]
    results: dict[str, dict[str, dict[str, list]]] = {name: {p: {"wall": [], "cpu": [], "q": []} for p in PAGES}
                                                      for name in procs}
    loads = [os.getloadavg()[0]]
    names = list(procs)
    for r in range(args.rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            proc = procs[name]
            proc.stdin.write("round\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if not line:
                sys.exit(f"{name} stopped")
            for page, figures in json.loads(line).items():
                results[name][page]["wall"] += figures["wall"]
                results[name][page]["cpu"] += figures["cpu"]
                results[name][page]["q"].append(figures["queries"])
        loads.append(os.getloadavg()[0])
    for proc in procs.values():
        proc.stdin.close()  # type: ignore[union-attr]
        proc.wait()
    print(f"{args.rounds} interleaved rounds x {args.n} requests per page; database {database_url.split('@')[-1]}; "
          f"load average (1 min) during the run: {min(loads):.2f}–{max(loads):.2f} on {os.cpu_count()} cores "
          "(other helpers share the machine)")
    print(f"{'page':16} " + "  ".join(f"{name[:26]:>26}" for name in procs))
    print(f"{'':16} " + "  ".join(f"{'wall ms  cpu ms  queries':>26}" for _ in procs))
    for page in PAGES:
        cells = []
        for name in procs:
            f = results[name][page]
            cells.append(f"{statistics.median(f['wall']) * 1000:7.1f} {statistics.median(f['cpu']) * 1000:7.1f} "
                         f"{'/'.join(str(q) for q in sorted(set(f['q']))):>8}")
        print(f"{page:16} " + "  ".join(f"{c:>26}" for c in cells))


if __name__ == "__main__":
    main()
