"""The personal calendar feed (iCalendar): the worker's occasions with the citizens' initials and
the place only — never names or CPR numbers."""

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Occasion
from .selectors import OccasionRow


def initials(citizen) -> str:
    parts = f"{citizen.first_name} {citizen.last_name}".split()
    return "".join(p[0].upper() + "." for p in parts if p[:1].isalpha()) or "?"


def _who(row: OccasionRow) -> str:
    names = [initials(c) for c in row.citizens]
    count = len(names) + row.others
    if count > 3 or (row.others and not names):
        return f"{count} deltagere"
    return ", ".join(names) + (f" + {row.others}" if row.others else "")


def ics(user, rows: list[OccasionRow], *, host: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Tovholder//Aftaler//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Tovholder – mine aftaler")
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for row in rows:
        o = row.occasion
        who = _who(row)
        cal.add_component(occasion_event(o, uid=f"aktivitet-{o.pk}", host=host, stamp=stamp,
                                         summary=f"{o.get_kind_display()}: {who}" if who else o.get_kind_display()))
    return cal.to_ical()


def occasion_event(o: Occasion, *, uid: str, host: str, stamp, summary: str) -> Event:
    """One occasion as a calendar event: time, place, title and whether it is cancelled (staff's feed and the
    citizen's own bookings in Min Tovholder)."""
    event = Event()
    event.add("uid", f"{uid}@{host.split(':')[0]}")
    event.add("dtstamp", stamp)
    event.add("dtstart", o.starts_at)
    event.add("dtend", o.ends_at)
    event.add("sequence", o.version)
    event.add("summary", summary)
    if o.place:
        event.add("location", o.place)
    event.add("status", "CANCELLED" if o.status == Occasion.Status.CANCELLED else "CONFIRMED")
    return event
