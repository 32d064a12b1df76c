"""What portal plugs in: what the citizen wrote on their goals, shown to staff on the citizen's plan page
(`plans.sections`; the page has opened and logged the citizen). The citizens' messages to their team in the
menu ("Beskeder fra borgere"). Nothing on the overview or the start pages."""

from tovholder.layout import menu
from tovholder.plans.sections import section

from . import principals  # noqa: F401 - registers the citizen principal and its scope

menu.add(label="Beskeder fra borgere", url_name="citizen_messages", order=38, perms=("support.provide_support",),
         current=("citizen_messages", "citizen_message"))


@section(key="portal_entries", title="Borgerens egne ord fra Min Tovholder", template="portal/section_entries.html",
         order=5)
def citizen_entries(user, citizen) -> dict | None:
    from .models import GoalEntry

    entries = list(GoalEntry.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                   .select_related("goal").order_by("-written_at", "-pk")[:50])
    return {"entries": entries} if entries else None
