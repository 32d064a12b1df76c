"""Background tasks (django-tasks): the copy of a citizen's data is made by the task worker, never in a request.

`make_data_copy_task` makes one copy (the citizen asked in Min Tovholder); `delete_expired_data_copies_task` is
what a nightly schedule enqueues (`tovholder delete_data_copies --enqueue`). Under pytest and with
``TOVHOLDER_TASKS_IMMEDIATE=1`` they run at once."""

from django_tasks import task


@task()
def make_data_copy_task(copy_id: int) -> None:
    from .services import execute_data_copy

    execute_data_copy(copy_id=copy_id)


@task()
def delete_expired_data_copies_task() -> int:
    from .services import delete_expired_data_copies

    return delete_expired_data_copies()
