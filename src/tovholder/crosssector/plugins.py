"""What crosssector plugs in: partners as a kind of principal (principals.py), the citizen overview's section
on hospital stays (with the "indlagt" flag and the paused visits), the coordinator's start-page panel, and the
menu entries (readmissions for managers, the inbox, partners)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout import menu
from tovholder.layout.panels import panel

from . import (
    care_plugins,  # noqa: F401 - care messages, agreements and the coordinated plan
    principals,  # noqa: F401 - the partner principal and its scope
)
from .selectors import INBOX, READMISSIONS, panel_stays, stays_section

menu.add(label="Genindlæggelser", url_name="readmissions", order=62, perms=(READMISSIONS,),
         current=("readmissions",))
menu.add(label="MedCom-indbakke", url_name="medcom_inbox", order=90, perms=(INBOX,),
         current=("medcom_inbox", "partner_list", "partner_create"))


@section(key="sygehus", title="Sygehusophold", template="crosssector/section.html", order=8)
def stays(user, citizen) -> dict:
    context = stays_section(user, citizen)
    context["timeline"] = list(_items(citizen, context["stays"]))
    return context


def _items(citizen, stays):
    url = reverse("citizen_stays", args=[citizen.pk])
    for a in stays:
        if a.admitted_at:
            yield TimelineItem(timezone.localdate(a.admitted_at), "Sygehus",
                               f"{a.get_kind_display()} på {a.ward.name if a.ward_id else 'hospitalet'}", url=url,
                               step=Step.STARTED)
        if a.discharged_at:
            yield TimelineItem(timezone.localdate(a.discharged_at), "Sygehus", a.get_state_display(), url=url,
                               step=Step.ENDED)


@panel(key="indlagte", title="Indlagte borgere", template="crosssector/panel.html", order=6)
def admitted_panel(request) -> dict | None:
    try:
        rows = panel_stays(request.user)
    except PermissionDenied:
        return None
    if not rows:
        return None
    return {"rows": rows, "shown": [a.citizen for a in rows]}
