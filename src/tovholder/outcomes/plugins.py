"""The outcome section of the citizen overview and the measurements on the citizen's timeline.

Both run inside the overview's read, which `open_citizen` has already checked and logged."""

from django.urls import reverse

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem
from tovholder.layout import menu

from .selectors import latest_by_instrument, measurements_of

menu.add(label="Effekt", url_name="outcome_figures", order=40, perms=("outcomes.view_outcome_figures",),
         current=("outcome_figures", "instruments"), hides=("instruments",))
menu.add(label="Effekt", url_name="instruments", order=40, perms=("outcomes.manage_instruments",))


@section(key="effekt", title="Effektmåling", template="outcomes/overview_section.html", order=60)
def outcome_section(user, citizen) -> dict:
    measurements = measurements_of(citizen)
    return {"latest": latest_by_instrument(measurements),
            "timeline": [TimelineItem(m.measured_on, "Effektmåling",
                                      f"{m.version.instrument.name} udfyldt ({m.get_answered_by_display().lower()})",
                                      reverse("measurement_detail", args=[citizen.pk, m.pk])) for m in measurements]}
