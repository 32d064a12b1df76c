"""Every read of conversion: the municipality's import log (the administrator's own records, no citizen data
beyond the old system's ids and the reasons a row was refused)."""

from django.http import Http404

from tovholder.accounts.principals import Actor, require_perm

from .models import ImportRun
from .services import RUN

LIST_FIELDS = ("pk", "dry_run", "file_name", "sha256", "status", "total", "done", "created", "unchanged", "refused",
               "created_at", "finished_at", "elapsed_seconds", "created_by", "fmt", "size", "error", "municipality")


def runs(user: Actor, limit: int = 50):
    """The municipality's import log, newest first (without the row-by-row reports)."""
    principal = require_perm(user, RUN)
    return list(ImportRun.objects.filter(municipality_id=principal.municipality_id)
                .select_related("created_by").defer("report", "content")[:limit])


def run(user: Actor, run_id: int | None, *, with_report: bool = True) -> ImportRun:
    """One run of the user's own municipality (404 for another's, or an id that is not one)."""
    principal = require_perm(user, RUN)
    rows = ImportRun.objects.filter(municipality_id=principal.municipality_id).select_related("created_by")
    rows = rows.defer("content") if with_report else rows.defer("content", "report")
    found = rows.filter(pk=run_id).first() if run_id is not None else None
    if found is None:
        raise Http404("Indlæsningen findes ikke.")
    return found
