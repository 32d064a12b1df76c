"""Benchmark: the import's throughput (rows per second) on a generated file of 10 000 citizens (issue 19.5).

Each generated citizen has seven rows, as a move-in from Nexus typically brings them: the citizen, a relative, a
consent, an open case, a granted decision in progress, the plan and one goal of the effort (70 000 rows for
10 000 citizens). The script builds a municipality of its own ("Benchkommune", code 901) in the database named by
DATABASE_URL, generates the file, and times three runs through the real services and the real import log:
a dry run, the import, and the same file again (nothing created: the idempotent re-run).

Run from the repository root, on a scratch database (it migrates it and adds its municipality):

    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 PYTHONPATH=src .venv/bin/python bench/import_throughput.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tovholder_bench PYTHONPATH=src \
        .venv/bin/python bench/import_throughput.py --citizens 10000

This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tovholder.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tovholder.accounts.models import StaffProfile, Unit  # noqa: E402
from tovholder.conversion import services  # noqa: E402
from tovholder.offers.models import Offer  # noqa: E402
from tovholder.tenancy.models import Municipality  # noqa: E402

CODE, OFFER = "901", "Bostøtte (bench)"
FIRST = ["Anne", "Bo", "Camilla", "Dennis", "Emma", "Frederik", "Gitte", "Hans", "Ida", "Jonas", "Karen", "Lars"]
LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen"]


def cprs(n: int, rng: random.Random) -> list[str]:
    """n distinct valid CPR numbers of adults born 1950–1999 (7th digit 0–3 encodes the 1900s)."""
    seen: set[str] = set()
    while len(seen) < n:
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 50))
        seen.add(born.strftime("%d%m%y") + str(rng.randrange(4)) + f"{rng.randrange(1000):03d}")
    return sorted(seen)


def generate(n: int, today: datetime.date, seed: int = 2016) -> bytes:
    rng = random.Random(seed)

    def ago(days: int) -> str:
        return (today - datetime.timedelta(days=days)).isoformat()

    def ahead(days: int) -> str:
        return (today + datetime.timedelta(days=days)).isoformat()

    citizens = []
    for i, cpr in enumerate(cprs(n, rng)):
        ext, first, last = f"B{seed}-{i:06d}", rng.choice(FIRST), rng.choice(LAST)
        citizens.append({
            "id": ext, "cpr": cpr, "first_name": first, "last_name": last, "postal_code": "2750",
            "city": "Ballerup", "known_from": ago(400),
            "relatives": [{"id": f"{ext}-R", "name": f"{rng.choice(FIRST)} {last}", "relation": "forælder",
                           "consents": [{"id": f"{ext}-S", "scope": "general", "given_on": ago(380)}]}],
            "cases": [{"id": f"{ext}-C", "opened_on": ago(360), "decisions": [
                {"id": f"{ext}-D", "offer": OFFER, "status": "active", "requested_on": ago(350),
                 "decided_on": ago(340), "start_on": ago(330), "review_on": ahead(90), "activated_on": ago(330),
                 "hours_per_week": "2.5", "reasons": "Borgeren har brug for støtte i eget hjem til hverdagen."}]}],
            "plan": {"id": f"{ext}-P", "aim": "At klare hverdagen", "goals": [
                {"id": f"{ext}-G", "text": "Handle ind selv", "goal_type": "udvikle", "next_follow_up_on": ahead(30),
                 "created_on": ago(320), "decision": f"{ext}-D"}]},
        })
    return json.dumps({"format": "tovholder-import", "version": 1, "source": "bench", "municipality_code": CODE,
                       "citizens": citizens}, ensure_ascii=False).encode()


def setup(n: int):
    municipality, _ = Municipality.objects.get_or_create(code=CODE, defaults={"name": "Benchkommune"})
    unit, _ = Unit.objects.get_or_create(municipality=municipality, name="Bench-teamet", defaults={"kind": "team"})
    user = get_user_model().objects.filter(username="bench-import").first()
    if user is None:
        user = get_user_model().objects.create_user(username="bench-import", first_name="Bench",
                                                    last_name="Indlæser")
        user.groups.add(Group.objects.get(name="Indlæsningsansvarlig"))
        profile = StaffProfile.objects.create(user=user, municipality=municipality, title="Administrator",
                                              fte=Decimal(1))
        profile.units.add(unit)
    Offer.objects.get_or_create(municipality=municipality, name=OFFER, defaults={
        "format": "individual", "capacity_kind": "staff_hours", "capacity": Decimal(n * 3), "unit": unit})
    return get_user_model().objects.get(pk=user.pk)


def timed(user, data: bytes, *, dry_run: bool, label: str) -> None:
    began = time.perf_counter()
    run = services.create_run(actor=user, file_name="bench.json", data=data, dry_run=dry_run)
    run = services.execute_run(run_id=run.pk)
    elapsed = time.perf_counter() - began
    print(f"{label:<28} {run.done:>7} rækker  {elapsed:8.1f} s  {run.done / elapsed:7.0f} rækker/s  "
          f"({run.done / 7 / elapsed:5.0f} borgere/s)  oprettet {run.created}, allerede indlæst {run.unchanged}, "
          f"afvist {run.refused}{'  FEJL: ' + run.error if run.error else ''}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--skip-dry-run", action="store_true")
    parser.add_argument("--seed", type=int, default=2016, help="another seed: other CPR numbers and ids, so the "
                                                                  "same database can be measured again")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user = setup(args.citizens)
    today = datetime.date.today()
    began = time.perf_counter()
    data = generate(args.citizens, today, args.seed)
    print(f"Database: {connection.vendor}; fil: {args.citizens} borgere, {len(data) / 1e6:.1f} MB, genereret på "
          f"{time.perf_counter() - began:.1f} s", flush=True)
    if not args.skip_dry_run:
        timed(user, data, dry_run=True, label="Prøvekørsel")
    timed(user, data, dry_run=False, label="Indlæsning")
    timed(user, data, dry_run=False, label="Samme fil igen (idempotent)")


if __name__ == "__main__":
    main()
