"""The operators' health endpoint (/sundhed/, issue 16): database, background tasks and disk.

No login (a load balancer or a monitor asks it) and nothing sensitive: each check answers OK or a short
general message, never a path, a host, a count of citizens or a query. `?format=json` or an Accept header
of application/json gives JSON; the status is 500 when a check fails.
"""

import dataclasses
import datetime
import shutil

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

# Disk: at least this share of the var directory's file system free (database, uploads, backups).
MIN_FREE_SHARE = 0.05
# Background tasks: a task ready this long and not yet picked up means no worker is running.
STUCK_AFTER = datetime.timedelta(minutes=15)


@dataclasses.dataclass
class Disk(HealthCheck):
    """Free space where Tovholder writes (its var directory)."""

    def run(self):
        usage = shutil.disk_usage(settings.VAR_DIR)
        if usage.free / usage.total < MIN_FREE_SHARE:
            raise ServiceUnavailable(f"Under {MIN_FREE_SHARE:.0%} fri diskplads")


@dataclasses.dataclass
class BackgroundTasks(HealthCheck):
    """The task queue (django-tasks' database backend): tasks waiting too long mean no worker runs. With
    the immediate backend (tests, a single-process install) there is no queue to check."""

    def run(self):
        if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
            return
        from django_tasks_db.models import DBTaskResult, TaskResultStatus

        try:
            waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY,
                                                  run_after__lte=timezone.now() - STUCK_AFTER).exists()
        except Exception as exc:
            raise ServiceUnavailable("Opgavekøen kan ikke læses") from exc
        if waiting:
            raise ServiceWarning("Baggrundsopgaver har ventet over 15 minutter: kører arbejderen?")


health = login_not_required(HealthCheckView.as_view(checks=[Database, Disk, BackgroundTasks]))
