"""The daily job (django-tasks): propose the citizens whose data has passed its retention period.

Run it once a day, e.g. from cron: `tovholder propose_deletions` (enqueues the task for `tovholder db_worker`;
under pytest and with TOVHOLDER_TASKS_IMMEDIATE=1 it runs at once)."""

import datetime

from django_tasks import task


@task()
def propose_deletions_task(day: str | None = None) -> int:
    from django.utils import timezone

    from tovholder.tenancy.models import Municipality

    from .services import propose_due_deletions

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return sum(len(propose_due_deletions(municipality_id=pk, today=today))
               for pk in Municipality.objects.values_list("pk", flat=True))
