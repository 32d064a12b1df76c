"""Benchmark: the outcome drill-down (figures `outcome_improved`/`outcome_compared`, issue 17) for one offer –
reading every citizen's series and keeping those counted under the offer (A, as before) against reading only
the series of the citizens who may have had the offer, in SQL (B, `catalogue._compared(…, offer_ids)`).
A and B are interleaved, and each round checks that both list the same measurements.

    DATABASE_URL=sqlite:////tmp/c17_db/figs_20000.sqlite3 PYTHONPATH=src .venv/bin/python bench/outcome_drill.py

On a demo database (bench/figure_snapshots.py builds one). This is a script that prints figures, not a test;
the machine's load average is printed beside each round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--municipality", default="151")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tovholder.settings")
    import django

    django.setup()
    from django.utils import timezone

    from tovholder.citizens.models import Citizen
    from tovholder.figures import catalogue
    from tovholder.outcomes.models import Measurement
    from tovholder.tenancy.models import Municipality

    m = Municipality.objects.get(code=args.municipality)
    mid, day = m.pk, timezone.localdate()
    every = catalogue._compared(mid, day)
    per_offer = Counter(offer for offer, *_ in every if offer is not None)
    print(f"{Citizen.objects.filter(municipality=m).count()} citizens in {m.name}, "
          f"{Measurement.objects.filter(municipality=m).count()} measurements, {len(every)} series compared; "
          f"per offer: {dict(per_offer.most_common())}", flush=True)
    offers = [o for o, _ in per_offer.most_common()]
    picks = {"the offer with most series": offers[0], "the offer with fewest": offers[-1]} if offers else {}

    def before(offer_id: int) -> list[int]:  # as the drill-down read it before: every series, then the offer's
        return sorted(latest[0] for o, _, latest, better in catalogue._compared(mid, day) if o == offer_id)

    def after(offer_id: int) -> list[int]:
        return sorted(latest[0] for o, _, latest, better in catalogue._compared(mid, day, [offer_id])
                      if o == offer_id)

    for label, offer_id in picks.items():
        times: dict[str, list[float]] = {"A (every series)": [], "B (the offer's citizens, in SQL)": []}
        for r in range(args.rounds):
            results = []
            for name, fn in zip(times, (before, after), strict=True):
                began = time.perf_counter()
                results.append(fn(offer_id))
                times[name].append(time.perf_counter() - began)
            assert results[0] == results[1], "A and B list different measurements"
            print(f"  round {r + 1}: load average {os.getloadavg()[0]:.2f}", flush=True)
        print(f"{label} (offer {offer_id}, {len(results[0])} listed):")
        for name, t in times.items():
            print(f"  {name}: median {statistics.median(t) * 1000:.0f} ms of {len(t)} "
                  f"(min {min(t) * 1000:.0f}, max {max(t) * 1000:.0f})", flush=True)


if __name__ == "__main__":
    main()
