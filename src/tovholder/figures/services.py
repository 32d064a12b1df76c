"""Writing snapshots: compute every figure for a municipality and a day from its live query and store
the day as a whole (the old rows of the day replaced in the same transaction), with a record that the
day is filled. Backfill fills the days a municipality misses. Only the task worker and the command call
`snapshot_day`; a manager asks for a fill with `start_fill` (audited), which queues a task.
"""

import datetime
import logging
import time
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import record_audit
from tovholder.tenancy.models import Municipality

from . import registry
from .events import Event
from .models import FilledDay, Snapshot, SnapshotRun

logger = logging.getLogger(__name__)

PERM = "figures.view_figures"
MAX_FILL_DAYS = 3 * 366
BACKFILL_DAYS = 400  # how far back a nightly fill looks for missed days


def _figures_for(day: datetime.date, today: datetime.date) -> list[registry.Figure]:
    """Every figure that can be computed for the day: as-now figures only for today."""
    return [f for f in registry.all_figures() if f.historical or day >= today]


def compute_day(municipality_id: int, day: datetime.date, *, today: datetime.date | None = None
                ) -> list[Snapshot]:
    today = today or timezone.localdate()
    rows = []
    for fig in _figures_for(day, today):
        for cell in fig.compute(municipality_id, day):
            rows.append(Snapshot(municipality_id=municipality_id, day=day, figure=fig.key, offer_id=cell.offer_id,
                                 unit_id=cell.unit_id, worker_id=cell.worker_id, category=cell.category,
                                 band=cell.band, value=cell.value))
    return rows


@transaction.atomic
def store_days(municipality_id: int, computed: dict[datetime.date, list[Snapshot]], *,
               seconds: dict[datetime.date, float] | None = None, today: datetime.date | None = None) -> None:
    """Replace the snapshots of the days with the computed rows and record them as filled."""
    today = today or timezone.localdate()
    days = list(computed)
    Snapshot.objects.filter(municipality_id=municipality_id, day__in=days).delete()
    Snapshot.objects.bulk_create([row for rows in computed.values() for row in rows], batch_size=2000)
    FilledDay.objects.filter(municipality_id=municipality_id, day__in=days).delete()
    now = timezone.now()
    FilledDay.objects.bulk_create([
        FilledDay(municipality_id=municipality_id, day=d, computed_at=now, seconds=(seconds or {}).get(d, 0.0),
                  figures=[f.key for f in _figures_for(d, today)]) for d in days])


def snapshot_day(municipality_id: int, day: datetime.date, *, today: datetime.date | None = None) -> FilledDay:
    """Compute and store one day; returns its record."""
    began = time.perf_counter()
    rows = compute_day(municipality_id, day, today=today)
    store_days(municipality_id, {day: rows}, seconds={day: time.perf_counter() - began}, today=today)
    return FilledDay.objects.get(municipality_id=municipality_id, day=day)


def days_between(date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
    return [date_from + datetime.timedelta(days=i) for i in range((date_to - date_from).days + 1)]


def missing_days(municipality_id: int, date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
    filled = set(FilledDay.objects.filter(municipality_id=municipality_id, day__gte=date_from, day__lte=date_to)
                 .values_list("day", flat=True))
    return [d for d in days_between(date_from, date_to) if d not in filled]


CHUNK_DAYS = 31


def _chunks(days: Iterable[datetime.date]) -> list[list[datetime.date]]:
    """Runs of consecutive days, at most CHUNK_DAYS long."""
    out: list[list[datetime.date]] = []
    for day in sorted(set(days)):
        if out and out[-1][-1] + datetime.timedelta(days=1) == day and len(out[-1]) < CHUNK_DAYS:
            out[-1].append(day)
        else:
            out.append([day])
    return out


def compute_range(municipality_id: int, date_from: datetime.date, date_to: datetime.date, *,
                  today: datetime.date | None = None) -> dict[datetime.date, list[Snapshot]]:
    """Every figure for every day of the range, each figure by its range query (one or two queries)."""
    today = today or timezone.localdate()
    out: dict[datetime.date, list[Snapshot]] = {d: [] for d in days_between(date_from, date_to)}
    for fig in registry.all_figures():
        if not fig.historical and date_to < today:
            continue
        for day, cells in fig.over(municipality_id, date_from, date_to).items():
            if day in out and (fig.historical or day >= today):
                out[day].extend(Snapshot(municipality_id=municipality_id, day=day, figure=fig.key,
                                         offer_id=c.offer_id, unit_id=c.unit_id, worker_id=c.worker_id,
                                         category=c.category, band=c.band, value=c.value) for c in cells)
    return out


def fill(municipality_id: int, days: Iterable[datetime.date], *,
         progress: Callable[[int], None] | None = None) -> int:
    """Snapshot the days, a month of consecutive days at a time (each its own transaction, so a long
    backfill commits as it goes)."""
    done = 0
    for chunk in _chunks(days):
        began = time.perf_counter()
        computed = compute_range(municipality_id, chunk[0], chunk[-1])
        each = (time.perf_counter() - began) / len(chunk)
        store_days(municipality_id, computed, seconds=dict.fromkeys(chunk, each))
        done += len(chunk)
        if progress is not None:
            progress(done)
    return done


def nightly_again(today: datetime.date) -> list[datetime.date]:
    """The days a nightly fill computes again though filled: yesterday (last night's run filled it as today,
    just after midnight, so its flows were counted before the day had happened) and today's as-now figures."""
    return [today - datetime.timedelta(days=1), today]


def fill_missing_everywhere(*, today: datetime.date | None = None) -> int:
    """Every municipality: fill the missed days up to yesterday (and today's as-now figures)."""
    today = today or timezone.localdate()
    count = 0
    for municipality_id in Municipality.objects.values_list("pk", flat=True):
        days = missing_days(municipality_id, today - datetime.timedelta(days=BACKFILL_DAYS), today)
        count += fill(municipality_id, sorted(set(days) | set(nightly_again(today))))
    return count


def _check_range(date_from: datetime.date | None, date_to: datetime.date | None) -> tuple[datetime.date,
                                                                                          datetime.date]:
    today = timezone.localdate()
    if date_from is None or date_to is None:
        raise ValidationError("Vælg både en første og en sidste dag.")
    if date_to > today:
        raise ValidationError({"date_to": "Tal kan ikke beregnes for dage i fremtiden."})
    if date_from > date_to:
        raise ValidationError({"date_to": "Den sidste dag skal ligge efter den første."})
    if (date_to - date_from).days + 1 > MAX_FILL_DAYS:
        raise ValidationError({"date_from": f"Højst {MAX_FILL_DAYS} dage ad gangen."})
    return date_from, date_to


@transaction.atomic
def start_fill(*, actor: Actor, date_from: datetime.date | None, date_to: datetime.date | None,
               only_missing: bool = True) -> SnapshotRun:
    """Queue a fill of the days (only the missing ones, or all of them again); a task computes them."""
    from .tasks import fill_days_task

    try:
        profile = require_perm(actor, PERM)
    except PermissionDenied:
        raise PermissionDenied("Din rolle giver ikke adgang til styringstal.") from None
    assert actor.is_authenticated
    date_from, date_to = _check_range(date_from, date_to)
    municipality_id = profile.municipality_id
    active = SnapshotRun.objects.filter(municipality_id=municipality_id,
                                        status__in=(SnapshotRun.Status.QUEUED, SnapshotRun.Status.RUNNING))
    if active.exists():
        raise ValidationError("Der er allerede en udfyldning i gang. Vent, til den er færdig.")
    days = missing_days(municipality_id, date_from, date_to) if only_missing else days_between(date_from, date_to)
    run = SnapshotRun.objects.create(municipality_id=municipality_id, date_from=date_from, date_to=date_to,
                                     days_total=len(days), requested_by=actor, recompute=not only_missing,
                                     status=SnapshotRun.Status.QUEUED if days else SnapshotRun.Status.DONE,
                                     finished_at=None if days else timezone.now())
    record_audit(actor=actor, municipality=profile.municipality, action=Event.FIGURES_FILL_STARTED, obj=run,
                 detail={"fra": date_from.isoformat(), "til": date_to.isoformat(), "dage": len(days),
                         "kun manglende": only_missing})
    if days:  # the task backend writes the task in this transaction: it runs only if the run is committed
        fill_days_task.enqueue(run.pk)
    return run


def execute_run(*, run_id: int) -> None:
    """Fill the run's days (the task calls this), writing progress as it goes; a failure is stored on the run."""
    run = SnapshotRun.objects.filter(pk=run_id).first()
    if run is None or run.status != SnapshotRun.Status.QUEUED:
        return
    SnapshotRun.objects.filter(pk=run_id).update(status=SnapshotRun.Status.RUNNING)
    days = days_between(run.date_from, run.date_to)
    filled = set(FilledDay.objects.filter(municipality_id=run.municipality_id, day__in=days)
                 .values_list("day", flat=True))
    todo = days if run.recompute else [d for d in days if d not in filled]
    def progress(done: int) -> None:
        SnapshotRun.objects.filter(pk=run_id).update(days_done=done)

    try:
        fill(run.municipality_id, todo, progress=progress)
    except Exception as exc:  # noqa: BLE001 - stored on the run for the manager, logged for operators
        logger.exception("Udfyldning af styringstal %s fejlede", run_id)
        SnapshotRun.objects.filter(pk=run_id).update(status=SnapshotRun.Status.FAILED, finished_at=timezone.now(),
                                                     error=f"Udfyldningen fejlede: {type(exc).__name__}"[:500])
        return
    SnapshotRun.objects.filter(pk=run_id).update(status=SnapshotRun.Status.DONE, days_done=len(todo),
                                                 finished_at=timezone.now())
