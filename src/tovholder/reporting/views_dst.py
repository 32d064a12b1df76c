"""The DST report's pages for the leader and the administrator: the months with status and deadline, one
report with its refused rows and changes, the file to download, and "Dan indberetning" (queues the task).
Thin: parse input, call a selector or a service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .dst import selectors, services
from .dst.build import paragraph_label, parse_month
from .dst.forms import MonthForm
from .models import DstReport


def dst_index(request):
    months = selectors.months(request.user)
    return render(request, "reporting/dst_index.html", {
        "months": months, "form": MonthForm(choices=selectors.month_choices()),
    })


@require_POST
def dst_create(request):
    selectors.require_reporter(request.user)  # the role check, before the input is read
    try:
        month = parse_month(str(request.POST.get("month", ""))[:20])
        report = services.queue_report(actor=request.user, month=month)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("dst_index")
    report.refresh_from_db()
    if report.status == DstReport.Status.QUEUED:
        messages.success(request, "Indberetningen er sat i kø og dannes i baggrunden.")
    else:
        messages.success(request, f"Indberetningen er dannet: {report.get_status_display().lower()}.")
    return redirect("dst_report", report_id=report.pk)


def dst_report(request, report_id: int):
    report = selectors.report(request.user, report_id)
    return render(request, "reporting/dst_report.html", {
        "report": report, "rejected": selectors.rejected_rows(request.user, report),
        "versions": selectors.versions(request.user, report),
        "counts": [(paragraph_label(p), c) for p, c in report.counts.items()],
    })


def dst_download(request, report_id: int):
    report = selectors.report(request.user, report_id)
    if report.status != DstReport.Status.WRITTEN or not report.content:
        raise Http404("Der er ingen fil til denne kørsel.")
    services.note_download(actor=request.user, report=report)
    response = HttpResponse(report.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.file_name}"'
    return response
