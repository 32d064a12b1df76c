"""What activities plugs in: the day's and the week's occasions on the start page."""

import datetime

from django.utils import timezone

from tovholder.layout.panels import panel

from .ledger import monday, start_of
from .selectors import my_occasions

PERM = "activities.plan_occasions"


@panel(key="idag", title="Dagens aftaler", template="activities/panel_today.html", order=10, perm=PERM)
def today(request) -> dict:
    day = timezone.localdate()
    rows = my_occasions(request.user, start=start_of(day), end=start_of(day + datetime.timedelta(days=1)))
    return {"rows": rows, "shown": [c for r in rows for c in r.citizens]}


@panel(key="ugen", title="Resten af ugen", template="activities/panel_week.html", order=15, perm=PERM)
def rest_of_week(request) -> dict:
    day = timezone.localdate()
    rows = my_occasions(request.user, start=start_of(day + datetime.timedelta(days=1)),
                        end=start_of(monday(day) + datetime.timedelta(days=7)))
    return {"rows": rows, "shown": [c for r in rows for c in r.citizens]}
