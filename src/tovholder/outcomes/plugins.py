"""The outcome section of the citizen overview and the measurements on the citizen's timeline.

Both run inside the overview's read, which `open_citizen` has already checked and logged."""

from django.urls import reverse

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem
from tovholder.layout import menu
from tovholder.layout.panels import panel

from .selectors import instruments_for, latest_by_instrument, measurements_of, outcome_figures

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


HEADLINE_INSTRUMENT = "who5"  # the headline: well-being, the instrument every offer measures


@panel(key="effekt", title="Effekt: seneste overskrift", template="outcomes/panel_headline.html", order=70,
       perm="outcomes.view_outcome_figures")
def headline_panel(request) -> dict | None:
    """The manager's outcome figures for the headline instrument, all citizens in their units: how many
    are better at their latest measurement than at their first (the figures page behind it)."""
    instruments = list(instruments_for(request.user))
    chosen = next((i for i in instruments if i.key == HEADLINE_INSTRUMENT), instruments[0] if instruments else None)
    if chosen is None:
        return None
    figures = outcome_figures(request.user, instrument_id=chosen.pk)
    return {"instrument": chosen, "all": figures.all_citizens, "measurements": figures.measurements, "shown": []}
