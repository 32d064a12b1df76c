"""What portal plugs in: what the citizen wrote on their goals, shown to staff on the citizen's plan page
(`plans.sections`; the page has opened and logged the citizen). Nothing on the overview or the start pages."""

from tovholder.plans.sections import section
from tovholder.retention.registry import before_erase

from . import principals  # noqa: F401 - registers the citizen principal and its scope


@section(key="portal_entries", title="Borgerens egne ord fra Min Tovholder", template="portal/section_entries.html",
         order=5)
def citizen_entries(user, citizen) -> dict | None:
    from .models import GoalEntry

    entries = list(GoalEntry.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                   .select_related("goal").order_by("-written_at", "-pk")[:50])
    return {"entries": entries} if entries else None


@before_erase
def data_copy_files(pks: dict) -> None:
    """A citizen's deletion (retention) removes their copies' rows by the foreign keys; the files go here."""
    from . import datacopy
    from .models import DataCopy

    for name in DataCopy.objects.filter(pk__in=pks.get(DataCopy, ())).exclude(file_name="").values_list(
            "file_name", flat=True):
        datacopy.path_of(name).unlink(missing_ok=True)
