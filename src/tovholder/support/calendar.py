"""The personal calendar feed (iCalendar): the worker's appointments with the citizen's initials and
the place only — never names or CPR numbers."""

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment


def initials(citizen) -> str:
    parts = f"{citizen.first_name} {citizen.last_name}".split()
    return "".join(p[0].upper() + "." for p in parts if p[:1].isalpha()) or "?"


def ics(user, appointments: list[Appointment], *, host: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Tovholder//Aftaler//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Tovholder – mine aftaler")
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for a in appointments:
        event = Event()
        event.add("uid", f"aftale-{a.pk}@{host.split(':')[0]}")
        event.add("dtstamp", stamp)
        event.add("dtstart", a.starts_at)
        event.add("dtend", a.ends_at)
        event.add("sequence", a.version)
        event.add("summary", f"{a.get_kind_display()}: {initials(a.citizen)}")
        if a.place:
            event.add("location", a.place)
        if a.status == Appointment.Status.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
