"""The committee report as a document: the HTML the page and the PDF share, and the PDF (WeasyPrint, as
the visitation's letters)."""

from django.template.loader import render_to_string

from .models import Report


def html(report: Report) -> str:
    return render_to_string("committee/pdf.html", {"report": report, "s": report.sections})


def pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only documents need it

    return HTML(string=html(report)).write_pdf()
