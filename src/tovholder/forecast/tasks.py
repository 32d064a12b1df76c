"""Background tasks (django-tasks): a forecast run is computed by the task worker, never in a request.

Start the worker beside the web server with ``tovholder db_worker``; under pytest and with
``TOVHOLDER_TASKS_IMMEDIATE=1`` the immediate backend runs the task at once.
"""

from django_tasks import task


@task()
def run_forecast_task(run_id: int) -> None:
    from .engine.kernels import warm_up
    from .services import execute_run

    warm_up()  # the engine's compiled kernels: loaded (or compiled) here in the worker, once per process
    execute_run(run_id=run_id)
