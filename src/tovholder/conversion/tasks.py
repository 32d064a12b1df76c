"""Background tasks (django-tasks): an import runs in the task worker (`tovholder db_worker`), never in a request;
under pytest and with ``TOVHOLDER_TASKS_IMMEDIATE=1`` the immediate backend runs it at once."""

from django_tasks import task


@task()
def run_import_task(run_id: int) -> None:
    from .services import execute_run

    execute_run(run_id=run_id)
