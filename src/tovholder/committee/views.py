"""The committee reports: the list and the request for a new one, one report (its progress while the
task works, then the draft), editing the draft's texts, and the PDF. Thin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import document, selectors, services
from .forms import DraftForm, PeriodForm


def _report(request, report_id: int):
    report = selectors.report_of(request.user, int_or_none(str(report_id)))
    if report is None:
        raise Http404("Udvalgssagen findes ikke.")
    return report


def index(request):
    services.require_manager(request.user)
    form = PeriodForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.start_report(actor=request.user, date_from=form.cleaned_data["date_from"],
                                               date_to=form.cleaned_data["date_to"])
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, f"Udvalgssagen “{report.title}” bliver lavet.")
                return redirect("committee_report", report_id=report.pk)
        else:
            status = 400
    return render(request, "committee/index.html", {"form": form, "reports": selectors.reports(request.user)},
                  status=status)


def report(request, report_id: int):
    r = _report(request, report_id)
    return render(request, "committee/report.html", {"report": r, "s": r.sections, "charts": document.charts_of(r)})


def edit(request, report_id: int):
    r = _report(request, report_id)
    services.require_manager(request.user)
    if r.status != r.Status.DONE:
        return redirect("committee_report", report_id=r.pk)
    form = DraftForm(request.POST or None, initial={
        "recommendation": r.recommendation, "summary": r.summary, "economy_note": r.economy_note,
        "options": r.options, "version": r.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_draft(actor=request.user, report=r, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, "Udkastet er gemt.")
                return redirect("committee_report", report_id=r.pk)
        else:
            status = 400
    return render(request, "committee/edit.html", {"report": r, "form": form}, status=status)


@require_POST
def pdf(request, report_id: int):
    r = _report(request, report_id)
    try:
        data = services.make_pdf(actor=request.user, report=r)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("committee_report", report_id=r.pk)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"udvalgssag-{r.date_from:%Y-%m-%d}-{r.date_to:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
