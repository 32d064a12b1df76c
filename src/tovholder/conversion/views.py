"""The administrator's import pages: upload a file (dry run or import), follow its progress, read the report
row by row and download it. Thin: the services check the file and the task imports it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_htmx.http import HttpResponseClientRefresh

from tovholder.accounts.principals import require_perm
from tovholder.layout.exports import table_response
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import selectors, services
from .example import example_bytes
from .forms import UploadForm
from .importer import DRY_OUTCOMES, KIND_LABELS, OUTCOMES, REFUSED

SHOWN = 500


def index(request):
    require_perm(request.user, services.RUN)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.start_import(actor=request.user, file_name=upload.name, data=upload.read(),
                                        dry_run=form.cleaned_data["mode"] == "dry")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{'Prøvekørslen' if run.dry_run else 'Indlæsningen'} af {run.file_name} "
                                      "er startet.")
            return redirect("conversion_run", run_id=run.pk)
    return render(request, "conversion/index.html", {"form": form, "runs": selectors.runs(request.user)})


def _rows(run, only_refused: bool):
    labels = DRY_OUTCOMES if run.dry_run else OUTCOMES
    for row in run.report or []:
        if only_refused and row.get("outcome") != REFUSED:
            continue
        yield {**row, "kind_label": KIND_LABELS.get(row.get("kind"), row.get("kind")),
               "outcome_label": labels.get(row.get("outcome"), "")}


def run_detail(request, run_id: int):
    run = selectors.run(request.user, int_or_none(run_id))
    only_refused = request.GET.get("vis") == "afviste"
    rows = list(_rows(run, only_refused))
    return render(request, "conversion/run.html", {
        "run": run, "rows": rows[:SHOWN], "more": max(0, len(rows) - SHOWN), "only_refused": only_refused})


def run_status(request, run_id: int):
    """The progress fragment the run page polls; a finished run reloads the page."""
    run = selectors.run(request.user, int_or_none(run_id), with_report=False)
    if run.is_finished and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "conversion/run.html#status", {"run": run})


def run_report(request, run_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Ukendt format.")
    run = selectors.run(request.user, int_or_none(run_id))
    header = ["Række", "Slags", "Id i det tidligere system", "Borgerens id", "Udfald", "Begrundelse"]
    body = ([r["n"], r["kind_label"], r["id"], r["citizen"], r["outcome_label"], r["message"]]
            for r in _rows(run, False))
    return table_response(fmt, f"indlaesning-{run.pk}", header, body, title="Indlæsning")


def example(request):
    """A small example file in the format, dated from today, for the municipality's own code."""
    principal = require_perm(request.user, services.RUN)
    response = HttpResponse(example_bytes(timezone.localdate(), principal.municipality.code),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="eksempel-indlaesning.json"'
    return response
