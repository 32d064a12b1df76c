"""Every write of conversion: starting an import run (the file is read and checked at once; the rows are
imported by the background task) and executing it. The rows themselves are written by the domain's own
services (see importer.py), in the name of the administrator who started the run, so all is audited."""

import hashlib
import logging
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import audit

from . import reader
from .events import Event
from .importer import Importer, count_rows
from .models import ImportRun

logger = logging.getLogger(__name__)

RUN = "conversion.run_import"
MAX_NAME = 200
MAX_REPORT_ROWS = 200_000


def _file_name(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "fil")[:MAX_NAME]


@transaction.atomic
def create_run(*, actor: Actor, file_name: str, data: bytes, dry_run: bool) -> ImportRun:
    """Check the file (size, encoding, format) and store it as a queued run; nothing is imported yet.
    A file that cannot be read is refused with a Danish message and nothing is stored."""
    principal = require_perm(actor, RUN)
    assert actor.is_authenticated
    name = _file_name(file_name)
    text = reader.decode(data)
    fmt = reader.detect_format(name, text)
    parsed = reader.read(text, fmt)
    total = sum(count_rows(item) for item in parsed["citizens"])
    if total == 0:
        raise ValidationError("Filen indeholder ingen rækker at indlæse.")
    run = ImportRun.objects.create(
        municipality=principal.municipality, dry_run=dry_run, file_name=name,
        sha256=hashlib.sha256(data).hexdigest(), size=len(data), fmt=fmt, content=text, total=total,
        created_by=actor)
    audit(actor, run, Event.IMPORT_RUN_STARTED, fil=name, sha256=run.sha256, proevekoersel=dry_run, raekker=total)
    return run


def start_import(*, actor: Actor, file_name: str, data: bytes, dry_run: bool) -> ImportRun:
    """Store the run and hand it to the background task (the worker imports it; the page shows progress)."""
    from .tasks import run_import_task

    run = create_run(actor=actor, file_name=file_name, data=data, dry_run=dry_run)
    task = run_import_task.enqueue(run.pk)
    ImportRun.objects.filter(pk=run.pk).update(task_id=str(task.id)[:64])
    run.refresh_from_db()
    return run


class _Progress:
    """Stores rows done on the run now and then (at most about once a second or every 2 %)."""

    def __init__(self, run: ImportRun):
        self.run_id, self.step = run.pk, max(1, run.total // 50)
        self.last_rows, self.last_time = 0, time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done - self.last_rows >= self.step or now - self.last_time >= 1:
            ImportRun.objects.filter(pk=self.run_id).update(done=done)
            self.last_rows, self.last_time = done, now


def execute_run(*, run_id: int) -> ImportRun | None:
    """Import a queued run (the background task and the command call this). Each citizen is committed on its
    own (a dry run rolls each back); the outcome is audited in the name of the one who started the run, and
    the file's content is dropped when the run has finished (its name and SHA-256 stay in the log)."""
    run = ImportRun.objects.select_related("municipality", "created_by").filter(pk=run_id).first()
    if run is None or run.status != ImportRun.Status.QUEUED:
        return run
    began = time.perf_counter()
    ImportRun.objects.filter(pk=run_id).update(status=ImportRun.Status.RUNNING, started_at=timezone.now())
    actor = get_user_model().objects.get(pk=run.created_by_id)
    importer = None
    try:
        with translation.override("da"):
            require_perm(actor, RUN)
            parsed = reader.read(run.content, run.fmt)
            importer = Importer(actor=actor, run=run, data=parsed, on_progress=_Progress(run))
            importer.execute()
    except Exception as exc:  # noqa: BLE001 - stored on the run, logged
        if not isinstance(exc, (ValidationError, PermissionDenied)):
            logger.exception("Indlæsning %s fejlede", run_id)
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or type(exc).__name__)
        with transaction.atomic():
            ImportRun.objects.filter(pk=run_id).update(
                status=ImportRun.Status.FAILED, error=f"Indlæsningen stoppede: {message}"[:4000], content="",
                finished_at=timezone.now(), elapsed_seconds=time.perf_counter() - began,
                **(_counts(importer) if importer else {}))
            audit(actor, run, Event.IMPORT_RUN_FAILED, fejl=message[:500])
        run.refresh_from_db()
        return run
    elapsed = time.perf_counter() - began
    with transaction.atomic():
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.DONE, content="", finished_at=timezone.now(), elapsed_seconds=elapsed,
            **_counts(importer))
        audit(actor, run, Event.IMPORT_RUN_FINISHED, oprettet=importer.counts["created"],
              uaendret=importer.counts["unchanged"], afvist=importer.counts["refused"],
              proevekoersel=run.dry_run, sekunder=round(elapsed, 2))
    run.refresh_from_db()
    return run


def _counts(importer: Importer) -> dict:
    return {"done": importer.done, "created": importer.counts["created"], "unchanged": importer.counts["unchanged"],
            "refused": importer.counts["refused"], "report": importer.report[:MAX_REPORT_ROWS]}
