"""Background tasks (django-tasks): snapshots are computed by the task worker, never in a request.

`fill_days_task` fills the days of a `SnapshotRun` (a manager's request, with progress);
`snapshot_yesterday_task` is what a nightly schedule enqueues (every municipality, missed days
included). Under pytest and with ``TOVHOLDER_TASKS_IMMEDIATE=1`` they run at once.
"""

from django_tasks import task


@task()
def fill_days_task(run_id: int) -> None:
    from .services import execute_run

    execute_run(run_id=run_id)


@task()
def snapshot_missing_task() -> None:
    from .services import fill_missing_everywhere

    fill_missing_everywhere()
