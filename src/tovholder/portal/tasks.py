"""The daily job (django-tasks): tell the coordinator about missed check-ins, for the citizens who asked for it.

Run it once a day, e.g. from cron: `tovholder alert_missed_checkins` (enqueues the task for `tovholder db_worker`;
under pytest and with TOVHOLDER_TASKS_IMMEDIATE=1 it runs at once)."""

import datetime

from django_tasks import task


@task()
def alert_missed_check_ins_task(day: str | None = None) -> int:
    from django.utils import timezone

    from tovholder.tenancy.models import Municipality

    from .services import alert_missed_check_ins

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return sum(len(alert_missed_check_ins(municipality_id=pk, today=today))
               for pk in Municipality.objects.values_list("pk", flat=True))
