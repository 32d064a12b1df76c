"""Demo: KL's FFB delivery (ADR 0029) for the demo's last days, so /indberetning/ffb/ shows deliveries: the
first day sends every citizen's FFB snapshot, the following days only what changed on them. Deterministic:
the records are the demo's own, the ids uuid5 of their keys; the bundles go to the folder transport."""

import datetime

from django.utils import timezone

from tovholder.demo.steps import DemoContext, step

from .services import run_delivery

DAYS = 4


@step(order=101)
def ffb_deliveries(ctx: DemoContext) -> None:
    last = min(ctx.today, timezone.localdate())
    for n in range(DAYS - 1, -1, -1):
        run_delivery(municipality=ctx.municipality, until=last - datetime.timedelta(days=n))


# Statistics Denmark's report's past months (ADR 0030)
from .dst import demo as dst_demo  # noqa: E402, F401 - registers its step
