"""The citizen's own bookings as an iCalendar file: each session's title, time and place — never another
participant or a member of staff."""

from django.utils import timezone
from icalendar import Calendar

from tovholder.activities.calendar import occasion_event

from .selectors import CalendarRow


def my_ics(rows: list[CalendarRow], *, host: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Tovholder//Min Tovholder//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Min Tovholder – mine tilmeldinger")
    stamp = timezone.now()
    for row in rows:
        cal.add_component(occasion_event(row.occasion, uid=f"tilmelding-{row.occasion.pk}", host=host, stamp=stamp,
                                         summary=row.title))
    return cal.to_ical()
