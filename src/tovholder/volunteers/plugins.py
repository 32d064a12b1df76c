"""What volunteers plugs in: the companion on the citizen overview (and its timeline), the coordinator's
start-page panel, and the menu entry."""

from django.urls import reverse
from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout import menu
from tovholder.layout.panels import panel

from .selectors import certificates_due, companion_section, open_agreements, waiting_wishes
from .services import COORDINATE

menu.add(label="Frivillige", url_name="volunteer_list", order=70, perms=(COORDINATE,),
         current=("volunteer_list", "volunteer_create", "volunteer_edit", "wish_list", "wish_match",
                  "companion_agreement", "companion_sheet"))


@section(key="frivillig", title="Frivillig ledsager", template="volunteers/section.html", order=60)
def companion(user, citizen) -> dict:
    wishes = companion_section(user, citizen)
    return {"wishes": wishes, "timeline": list(_items(wishes))}


def _items(wishes):
    for w in wishes:
        yield TimelineItem(w.consent_given_on, "Frivillig", "Ønske om frivillig ledsager (med samtykke)",
                           registered=w.recorded_at)
        if w.agreement_id:
            url = reverse("companion_agreement", args=[w.agreement_id])
            yield TimelineItem(w.agreement_starts, "Frivillig", f"Frivillig ledsager {w.volunteer_name} begyndte",
                               url=url, step=Step.STARTED)
            if w.agreement_ended:
                yield TimelineItem(w.agreement_ended, "Frivillig", f"Aftalen med {w.volunteer_name} sluttede",
                                   url=url, step=Step.ENDED)


@panel(key="frivillige", title="Frivillige ledsagere", template="volunteers/panel_coordinator.html", order=25,
       perm=COORDINATE)
def coordinator_panel(request) -> dict:
    today = timezone.localdate()
    wishes = waiting_wishes(request.user)
    agreements, count = open_agreements(request.user, limit=10)
    return {"wishes": wishes, "due": certificates_due(request.user, today=today), "agreements": agreements,
            "agreement_count": count, "today": today,
            "shown": []}  # the selectors log the citizens they list
