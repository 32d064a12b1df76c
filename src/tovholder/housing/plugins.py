"""What housing plugs in (menu, start-page panels, capacity usage)."""

from tovholder.layout import menu
from tovholder.layout.panels import panel
from tovholder.offers.capacity import Use, usage
from tovholder.offers.models import Offer
from tovholder.visitation.capacity import OCCUPYING

from .models import Residency

# === flats (Skolehaven) ==============================================================================
from .selectors import ANSWER, SUPPORT, may_see_flats, panel_figures

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
