"""Background tasks (django-tasks) of the portal: the daily job that tells the coordinator about missed check-ins,
for the citizens who asked for it; the copy of a citizen's data, made by the task worker, never in a request.

Run it once a day, e.g. from cron: `tovholder alert_missed_checkins` (enqueues the task for `tovholder db_worker`;
under pytest and with TOVHOLDER_TASKS_IMMEDIATE=1 it runs at once). `make_data_copy_task` makes one copy (the
citizen asked in Min Tovholder); `delete_expired_data_copies_task` is what a nightly schedule enqueues
(`tovholder delete_data_copies --enqueue`)."""


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


@task()
def make_data_copy_task(copy_id: int) -> None:
    from .services import execute_data_copy

    execute_data_copy(copy_id=copy_id)


@task()
def delete_expired_data_copies_task() -> int:
    from .services import delete_expired_data_copies

    return delete_expired_data_copies()
