"""What the drop-in centre and the activity calendar plug in: the menu entry, the start-page panels
(the centre's day for its staff, the week's sessions for activity leaders) and the citizen's
activities on the overview and timeline (read after the overview has opened the citizen)."""

import datetime

from django.utils import timezone

from tovholder.accounts.principals import principal_of
from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem
from tovholder.layout import menu
from tovholder.layout.panels import panel

from . import selectors, services


def _has_any(user) -> bool:
    try:
        principal_of(user)
    except Exception:  # noqa: BLE001 - no principal: no entry
        return False
    return bool(selectors.dropin_offers(user)) or bool(selectors.activities_for(user))


menu.add(label="Værested og aktiviteter", url_name="dropin_index", order=35,
         perms=(services.PERM, services.MANAGER_PERM), visible=_has_any,
         current=("dropin_index", "dropin_day", "dropin_hours", "dropin_worklist", "dropin_council",
                  "dropin_figures", "activity_detail"))


@panel(key="vaerested", title="Værestedet i dag", template="dropin/panel_day.html", order=5, perm=services.PERM)
def dropin_today(request) -> dict | None:
    offers = selectors.dropin_offers(request.user)
    if not offers:
        return None
    page = selectors.day_page(request.user, offers[0])
    return {"p": page, "offer": offers[0],
            "shown": [v.citizen for v in page.checked_in] + [x.citizen for s in page.sessions for x in s.names]}


@panel(key="holdidag", title="Dagens hold og klubaftener", template="dropin/panel_sessions.html", order=12,
       perm=services.PERM)
def sessions_today(request) -> dict | None:
    if selectors.dropin_offers(request.user):
        return None  # the drop-in panel shows the day's activities
    rows = selectors.my_sessions_today(request.user)
    if not rows and not selectors.activities_for(request.user):
        return None
    return {"rows": rows, "activities": selectors.activities_for(request.user),
            "shown": [x.citizen for s in rows for x in s.names]}


@section(key="aktiviteter", title="Aktiviteter og værested", template="dropin/overview_section.html", order=55)
def activities_section(user, citizen) -> dict:
    rows, visits, shifts = selectors.citizen_activities(citizen)
    items = [TimelineItem(timezone.localdate(p.occasion.starts_at), "Aktivitet",
                          f"{a.title}: {p.get_status_display().lower()}")
             for p, a in rows if p.occasion.starts_at <= timezone.now() + datetime.timedelta(days=1)]
    items += [TimelineItem(s.day, "Arbejdsliste", f"{s.task.name} ({'udført' if s.done else 'taget'})")
              for s in shifts]
    return {"rows": rows, "visits": visits, "shifts": shifts, "timeline": items}
