"""Demo: a committee report for the last finished quarter, put together as the municipality's manager
would ask for it (after the budget, the staffing plan, the action plan and the figures' snapshots), so the
list has a finished draft to read, edit and make a PDF of from the first login."""

from tovholder.demo.steps import DemoContext, step

from . import sections, services
from .models import Report
from .selectors import quarters


@step(order=115)
def committee_report(ctx: DemoContext) -> None:
    lead = next((u for u in ctx.managers if all(u.has_perm(p) for p in services.PERMS)), None)
    if lead is None:
        return
    _key, _label, first, last = quarters(ctx.today, 1)[0]
    report = Report.objects.create(municipality=ctx.municipality, title=services.title_of(first, last),
                                   date_from=first, date_to=last, requested_by=lead,
                                   steps_total=len(sections.STEPS))
    services.execute_report(report_id=report.pk)
