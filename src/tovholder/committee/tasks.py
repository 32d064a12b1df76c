"""Background task (django-tasks): a committee report is put together by the task worker, never in a
request. Under pytest and with ``TOVHOLDER_TASKS_IMMEDIATE=1`` it runs at once."""

from django_tasks import task


@task()
def build_report_task(report_id: int) -> None:
    from .services import execute_report

    execute_report(report_id=report_id)
