"""What the drop-in centre and the activity calendar plug in: the menu entry, the start-page panels
(the centre's day for its staff, the week's sessions for activity leaders) and the citizen's
activities on the overview and timeline (read after the overview has opened the citizen)."""

from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem
from tovholder.layout import menu
from tovholder.layout.panels import panel

from . import selectors, services

menu.add(label="Værested og aktiviteter", url_name="dropin_index", order=35,
         perms=(services.PERM, services.MANAGER_PERM),
         current=("dropin_index", "dropin_day", "dropin_hours", "dropin_worklist", "dropin_council",
                  "dropin_figures", "activity_detail"))


@panel(key="vaerested", title="Værested og aktiviteter i dag", template="dropin/panel_day.html", order=5,
       perm=services.PERM)
def dropin_today(request) -> dict | None:
    """For the drop-in centre's staff: today's opening, the door tally, the day's activities and the open
    shifts. For leaders of activities elsewhere (the ASF club evening, IF Aktivisterne from Herlev): the
    day's sessions. One read decides whether the user has either."""
    offers, activities = selectors.dropin_and_activities(request.user)
    if offers:
        page = selectors.day_page(request.user, offers[0])
        return {"p": page, "offer": offers[0],
                "shown": [v.citizen for v in page.checked_in] + [x.citizen for s in page.sessions for x in s.names]}
    if not activities:
        return None
    rows = selectors.sessions_today(request.user, activities)
    return {"rows": rows, "activities": activities, "shown": [x.citizen for s in rows for x in s.names]}


@section(key="aktiviteter", title="Aktiviteter og værested", template="dropin/overview_section.html", order=55)
def activities_section(user, citizen) -> dict:
    rows, visits = selectors.citizen_activities(citizen)
    now = timezone.now()
    items = [TimelineItem(timezone.localdate(p.occasion.starts_at), "Aktivitet",
                          f"{title}: {p.get_status_display().lower()}")
             for p, title in rows if p.occasion.starts_at <= now]
    return {"rows": rows, "visits": visits, "timeline": items}
