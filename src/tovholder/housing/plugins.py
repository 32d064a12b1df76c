"""What housing plugs in (menu, start-page panels, capacity usage)."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout import menu
from tovholder.layout.panels import panel
from tovholder.offers.capacity import Use, usage
from tovholder.offers.models import Offer
from tovholder.visitation.capacity import OCCUPYING

from .models import Residency, Stay
from .selectors import (
    ANSWER,
    PROVIDE,
    SUBUNITS,
    SUPPORT,
    may_see_flats,
    may_see_stays,
    panel_figures,
    running_stays_to_watch,
    stays_of,
)
from .services import RUN_STAYS

menu.add(label="Lejligheder", url_name="flats", order=38, perms=(SUPPORT, ANSWER),
         current=("flats", "flats_offer", "flat_move_in", "residency", "flat_residents", "house_meeting_new",
                  "house_meeting"))


@usage("housing.flats")
def _residencies(offer: Offer, municipality) -> Use:
    """A flat lived in takes a place. A residency rests on a grant, and an ordered or running grant is already
    counted by visitation (an order holds the flat until the move-in), so only residencies whose grant no
    longer occupies (ended, but the resident has not moved out yet) are added here: each place once."""
    if offer.format != Offer.Format.RESIDENTIAL:
        return Use()
    rows = Residency.objects.filter(flat__offer=offer, moved_out_on__isnull=True).exclude(
        decision__status__in=OCCUPYING)
    if municipality is not None:
        rows = rows.filter(municipality=municipality)
    return Use(places=rows.count())


@panel(key="lejligheder", title="Lejligheder: beboet og ledige", template="housing/panel_flats.html", order=8)
def flats_panel(request) -> dict | None:
    """For the staff of a housing unit and its leaders: flats lived in and free, the capacity and waitlist.
    Counts only, no names. One query for everyone else (which offers with flats the user works with)."""
    if not may_see_flats(request.user):
        return None
    figures = panel_figures(request.user)
    if not figures:
        return None
    return {"figures": figures, "shown": []}


# === stays: rehabilitating stays and acute places (§ 107) ========================================

menu.add(label="Ophold", url_name="stays", order=58, perms=(RUN_STAYS, SUBUNITS, PROVIDE),
         visible=may_see_stays, current=("stays", "stay"))  # the page's own test: a place-running unit's workers too
menu.add(label="Fælles tilbud", url_name="shared_offers", order=21, perms=("accounts.view_offer_catalogue",),
         current=("shared_offers", "quota_edit", "served_citizens"))


@panel(key="ophold", title="Rehabiliterende ophold: hjemkomst", template="housing/stays_panel.html", order=22)
def stays_panel(request) -> dict | None:
    today = timezone.localdate()
    stays = running_stays_to_watch(request.user, today)
    if not stays:
        return None
    # the stays page is for those who may see stays (not every worker who knows a citizen on a stay)
    return {"stays": stays, "today": today, "shown": [s.citizen for s in stays],
            "may_see_all": may_see_stays(request.user)}


@section(key="ophold", title="Rehabiliterende ophold", template="housing/stays_section.html", order=48)
def stays_section(user, citizen) -> dict:
    today = timezone.localdate()
    stays = stays_of(citizen)
    items = []
    for s in stays:
        s.warning_text = s.warning(today)
        url = reverse("stay", args=[s.pk])
        items.append(TimelineItem(s.started_on, "Ophold", f"Indskrevet på {s.place.name} ({s.entry_reason.name})",
                                  url=url, step=Step.STARTED, registered=s.registered_at))
        if s.ended_on:
            items.append(TimelineItem(s.ended_on, "Ophold", f"Udskrevet fra {s.place.name}: "
                                      f"{s.get_outcome_display().lower()}", url=url, step=Step.ENDED))
    return {"stays": stays, "may_start": user.has_perm(RUN_STAYS) and not any(s.running for s in stays),
            "timeline": items}


@usage("housing.stays")
def _places_in_stays(offer, municipality) -> Use:
    """Running stays take one bed each of the offer their place belongs to."""
    if offer.format != offer.Format.RESIDENTIAL:
        return Use()
    running = Stay.objects.filter(place__place_type__offer=offer, ended_on__isnull=True)
    if municipality is not None:
        running = running.filter(municipality=municipality)
    return Use(places=running.aggregate(n=Count("pk"))["n"] or 0)
