"""What portal plugs in: what the citizen wrote on their goals and, when the citizen shares it, the crisis plan,
shown to staff on the citizen's plan page
(`plans.sections`; the page has opened and logged the citizen); the citizens' messages to their team in the
menu ("Beskeder fra borgere"). Nothing on the overview or the start pages."""


from tovholder.layout import menu
from tovholder.plans.sections import section
from tovholder.retention.registry import before_erase

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


@section(key="portal_check_ins", title="Borgerens tjek-ind fra Min Tovholder", template="portal/section_check_ins.html",
         order=6)
def citizen_check_ins(user, citizen) -> dict | None:
    """Staff with need to know (the plan page has opened the citizen) see the trend the citizen sees; the citizen
    is told so on the check-in page."""
    from .models import CheckInAlert
    from .selectors import check_in_trend

    trend = check_in_trend(citizen, key="borger")
    if not trend.check_ins:
        return None
    alert = CheckInAlert.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen).first()
    return {"trend": trend, "alert_days": alert.days if alert else None}
@section(key="portal_crisis_plan", title="Borgerens kriseplan (delt fra Min Tovholder)",
         template="portal/section_crisis_plan.html", order=6)
def shared_crisis_plan(user, citizen) -> dict | None:
    """Only while the citizen shares it: withdrawing the share hides it again."""
    from .selectors import shared_crisis_plan as shared

    plan = shared(citizen)
    return {"plan": plan} if plan is not None else None
@before_erase
def data_copy_files(pks: dict) -> None:
    """A citizen's deletion (retention) removes their copies' rows by the foreign keys; the files go here."""
    from . import datacopy
    from .models import DataCopy

    for name in DataCopy.objects.filter(pk__in=pks.get(DataCopy, ())).exclude(file_name="").values_list(
            "file_name", flat=True):
        datacopy.path_of(name).unlink(missing_ok=True)
