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
        event = Event()
        event.add("uid", f"aktivitet-{o.pk}@{host.split(':')[0]}")
        event.add("dtstamp", stamp)
        event.add("dtstart", o.starts_at)
        event.add("dtend", o.ends_at)
        event.add("sequence", o.version)
        who = _who(row)
        event.add("summary", f"{o.get_kind_display()}: {who}" if who else o.get_kind_display())
        if o.place:
            event.add("location", o.place)
        event.add("status", "CANCELLED" if o.status == Occasion.Status.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
