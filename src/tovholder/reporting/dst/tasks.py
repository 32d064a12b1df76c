"""The DST report's background jobs (django-tasks).

`build_dst_report_task` builds one queued report (the page's "Dan indberetning"). `monthly_dst_reports_task`
is the monthly job: for every municipality it reports the month just ended, in the name of the person who last
made a report there (a municipality where no one has yet is left to a person: the job names no one itself).
Run it on the first days of each month, e.g. from cron: `tovholder report_dst --enqueue` (for
`tovholder db_worker`; under pytest and with TOVHOLDER_TASKS_IMMEDIATE=1 it runs at once)."""

from django_tasks import task


@task()
def build_dst_report_task(report_id: int) -> str:
    from .services import execute_report

    report = execute_report(report_id=report_id)
    return report.status if report is not None else "missing"


@task()
def monthly_dst_reports_task(month: str | None = None) -> dict[str, str]:
    from django.utils import timezone

    from tovholder.tenancy.models import Municipality

    from .build import parse_month
    from .services import previous_month, report_month, reporter_for

    months = [parse_month(month)] if month else [previous_month(timezone.localdate())]
    done: dict[str, str] = {}
    for municipality in Municipality.objects.order_by("code"):
        actor = reporter_for(municipality)
        if actor is None:
            done[municipality.code] = "ingen ansvarlig"
            continue
        for m in months:
            report = report_month(actor=actor, month=m)
            done[f"{municipality.code} {m:%Y-%m}"] = report.status if report else "?"
    return done
