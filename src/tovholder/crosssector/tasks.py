"""The inbox's background job (django-tasks): read what the transport has waiting.

Run it often, e.g. from cron every five minutes: `tovholder receive_medcom --enqueue` (for `tovholder
db_worker`; under pytest and with TOVHOLDER_TASKS_IMMEDIATE=1 it runs at once), or `tovholder receive_medcom`
to read at once."""

from django_tasks import task


@task()
def receive_medcom_task(folder: str | None = None) -> dict[str, int]:
    from .services import receive_all
    from .transport import FolderTransport, get_transport

    return receive_all(FolderTransport(folder) if folder else get_transport())
