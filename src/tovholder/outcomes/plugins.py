"""The outcome section of the citizen overview and the measurements on the citizen's timeline.

Both run inside the overview's read, which `open_citizen` has already checked and logged."""

from collections.abc import Iterable

from django.urls import reverse

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem, source
from tovholder.layout import menu

from .models import Measurement
from .selectors import latest_by_instrument

menu.add(label="Effekt", url_name="outcome_figures", order=40, perms=("outcomes.view_outcome_figures",),
         current=("outcome_figures", "instruments"), hides=("instruments",))
menu.add(label="Effekt", url_name="instruments", order=40, perms=("outcomes.manage_instruments",))


@section(key="effekt", title="Effektmåling", template="outcomes/overview_section.html", order=60)
def outcome_section(user, citizen) -> dict:
    return {"latest": latest_by_instrument(citizen)}


@source
def measurements(citizen) -> Iterable[TimelineItem]:
    for m in (Measurement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
              .select_related("version__instrument")):
        yield TimelineItem(m.measured_on, "Effektmåling",
                           f"{m.version.instrument.name} udfyldt ({m.get_answered_by_display().lower()})",
                           reverse("measurement_detail", args=[citizen.pk, m.pk]))
