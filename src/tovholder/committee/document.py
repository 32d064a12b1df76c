"""The committee report as a document: the HTML the page and the PDF share, its charts, and the PDF
(WeasyPrint, as the visitation's letters)."""

import dataclasses

from django.template.loader import render_to_string

from tovholder.layout import charts

from .models import Report

# the stored charts (ADR 0011): where they are in the sections, and their keys on the page
CHARTS = (("economy", ("economy", "chart")), ("waitlist", ("activity", "waitlist_chart")),
          ("age", ("activity", "age_chart")))


def draw(key: str, spec: dict) -> charts.Chart:
    """A stored chart drawn as bars, followed by its table as the report wrote it (a group under five is
    "under 5" there and not drawn)."""
    t = spec["table"]
    summary = "; ".join(f"{row[0]}: " + ", ".join(f"{h} {c}" for h, c in zip(t["header"][1:], row[1:], strict=False))
                        for row in t["rows"])
    chart = charts.bars(key=key, title=spec["title"], categories=spec["categories"],
                        series=[charts.Series(s["name"], s["values"]) for s in spec["series"]],
                        category_label=t["header"][0], summary=summary)
    return dataclasses.replace(chart, table=charts.Table(t["caption"], t["header"],
                                                         [(row[0], row[1:]) for row in t["rows"]]))


def charts_of(report: Report) -> dict[str, charts.Chart]:
    """The report's charts by name; a report made before the charts were stored has none."""
    out = {}
    for name, (section, field) in CHARTS:
        spec = (report.sections or {}).get(section, {}).get(field)
        if spec:
            out[name] = draw(f"udvalg-{name}", spec)
    return out


def html(report: Report) -> str:
    return render_to_string("committee/pdf.html", {"report": report, "s": report.sections,
                                                   "charts": charts_of(report)})


def pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only documents need it

    return HTML(string=html(report)).write_pdf()
