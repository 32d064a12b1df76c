"""Reading committee reports: the municipality's own, for the managers who may make them. A report holds
no citizen data (its tables are counts and kroner), so nothing here is logged as a read of a citizen."""

import datetime

from django.utils import timezone

from tovholder.accounts.principals import Actor

from .models import Report
from .services import _quarter_end, require_manager

SHOWN = 30


def reports(user: Actor) -> list[Report]:
    principal = require_manager(user)
    return list(Report.objects.filter(municipality_id=principal.municipality_id)
                .select_related("requested_by", "updated_by")[:SHOWN])


def report_of(user: Actor, report_id) -> Report | None:
    principal = require_manager(user)
    return (Report.objects.filter(pk=report_id, municipality_id=principal.municipality_id)
            .select_related("requested_by", "updated_by").first())


def quarters(today: datetime.date | None = None, count: int = 8) -> list[tuple[str, str, datetime.date,
                                                                               datetime.date]]:
    """The last `count` finished quarters, newest first: (key, label, first day, last day)."""
    today = today or timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3  # the quarter before the running one
    out = []
    for _ in range(count):
        if quarter == 0:
            year, quarter = year - 1, 4
        first = datetime.date(year, 3 * quarter - 2, 1)
        out.append((f"{year}-{quarter}", f"{quarter}. kvartal {year}", first, _quarter_end(year, quarter)))
        quarter -= 1
    return out
