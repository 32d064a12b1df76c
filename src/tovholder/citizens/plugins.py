"""What citizens plugs in: the citizen list in the menu, and the citizen lists counted on the start page."""

from django.utils import timezone

from tovholder.layout import menu
from tovholder.layout.panels import panel

from . import disclosure
from .models import Consent, Involvement
from .selectors import list_counts

menu.add(label="Borgere", url_name="citizens", order=10)

LABELS = {
    "mine": "borgere, du er tovholder eller kontaktperson for",
    "alle": "borgere i dit arbejdsområde",
    "uden-tovholder": "borgere uden tovholder",
    "uden-kontaktperson": "borgere, der følges uden en navngiven kontaktperson",
}


def _figures(request, shows: tuple[str, ...]) -> dict:
    counts = list_counts(request.user, shows)
    return {"rows": [(show, LABELS[show], counts[show]) for show in shows], "shown": []}


@panel(key="borgere", title="Dine borgere", template="citizens/panel_lists.html", order=45,
       perm="support.provide_support")
def worker_lists(request) -> dict:
    """The worker's own citizens, everyone in the team, and those the team follows with no contact person
    named (drop-in centre and housing staff, whose work is not only episodes, start here)."""
    return _figures(request, ("mine", "alle", "uden-kontaktperson"))


@panel(key="omraade", title="Borgere i dit område", template="citizens/panel_lists.html", order=20,
       perm="accounts.see_subunit_citizens")
def area_lists(request) -> dict:
    """The leader's area: everyone, those without a coordinator, and those without a contact person."""
    return _figures(request, ("alle", "uden-tovholder", "uden-kontaktperson"))


@panel(key="adgangslog", title="Find en borgers adgangslog", template="citizens/panel_access_log.html", order=80,
       perm="accounts.view_access_log")
def access_log_panel(request) -> dict:
    """The search by CPR or name that asks for the purpose (the search page logs it)."""
    return {"shown": []}


@disclosure.part(key="helpers", scope=Consent.Scope.GENERAL, title="Hvem der hjælper", order=10)
def helpers(user, citizen) -> list[str]:
    """The coordinator and the units involved today, with their contact persons."""
    lines = []
    if citizen.coordinator_id:
        lines.append(f"Tovholder: {citizen.coordinator.get_full_name() or citizen.coordinator.username}")
    for i in (Involvement.objects.active_on(timezone.localdate()).filter(municipality_id=citizen.municipality_id,
                                                                         citizen=citizen)
              .select_related("unit", "worker").order_by("started_on", "pk")):
        worker = f", kontaktperson {i.worker.get_full_name() or i.worker.username}" if i.worker else ""
        lines.append(f"{i.unit.name}{worker}")
    return lines
