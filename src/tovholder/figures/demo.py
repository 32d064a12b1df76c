"""Demo history for the manager's figures: the snapshots of the last 400 days, computed from what the
other demo steps recorded (the same range queries the backfill uses; bulk inserts), so the dashboard
and the start-page panel have a year to compare with from the first login."""

import datetime
import time

from tovholder.demo.steps import DemoContext, step

from . import services

DEMO_DAYS = 400


@step(order=110)
def figure_snapshots(ctx: DemoContext) -> None:
    first = ctx.today - datetime.timedelta(days=DEMO_DAYS)
    for chunk in services._chunks(services.days_between(first, ctx.today)):
        t0 = time.perf_counter()
        computed = services.compute_range(ctx.municipality.pk, chunk[0], chunk[-1], today=ctx.today)
        each = (time.perf_counter() - t0) / len(chunk)
        services.store_days(ctx.municipality.pk, computed, seconds=dict.fromkeys(chunk, each), today=ctx.today)
