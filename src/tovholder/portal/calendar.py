"""The citizen's own bookings as an iCalendar file: each session's title, time and place — never another
participant or a member of staff."""

from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import CalendarRow


def my_ics(rows: list[CalendarRow], *, host: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Tovholder//Min Tovholder//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Min Tovholder – mine tilmeldinger")
    stamp = timezone.now()
    for row in rows:
        o = row.occasion
        event = Event()
        event.add("uid", f"tilmelding-{o.pk}@{host.split(':')[0]}")
        event.add("dtstamp", stamp)
        event.add("dtstart", o.starts_at)
        event.add("dtend", o.ends_at)
        event.add("sequence", o.version)
        event.add("summary", row.title)
        if o.place:
            event.add("location", o.place)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
