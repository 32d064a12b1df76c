"""Writes of the DST report: queue a month, build and write it (the background task), each audited.

A month is built again whenever asked: when its efforts differ from the last version written, a new version
of the file is written and what changed is stored with it; when nothing changed, no file is written and the
run says so. The file goes to the outbox folder (`TOVHOLDER_DST_FOLDER`, default var/dst/ud/), where the
municipality's transfer to Statistics Denmark picks it up.
"""

import datetime
import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import audit, record_list_access
from tovholder.citizens.models import Citizen
from tovholder.records import write_whole

from ..models import DstReport
from . import build as b
from .events import Event

logger = logging.getLogger(__name__)

PERM = "reporting.report_dst"
WHAT = "Indberetning til Danmarks Statistik"
EARLIEST_YEARS = 5  # how far back a month can be reported again


def outbox() -> Path:
    base = getattr(settings, "TOVHOLDER_DST_FOLDER", None) or os.environ.get("TOVHOLDER_DST_FOLDER")
    return Path(base or settings.VAR_DIR / "dst") / "ud"


def previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _check_month(month: datetime.date, today: datetime.date) -> datetime.date:
    month = month.replace(day=1)
    if month > previous_month(today) and month != today.replace(day=1):
        raise ValidationError({"month": "Måneden ligger i fremtiden."})
    if month.year < today.year - EARLIEST_YEARS:
        raise ValidationError({"month": f"Der kan højst indberettes {EARLIEST_YEARS} år tilbage."})
    return month


@transaction.atomic
def queue_report(*, actor: Actor, month: datetime.date, enqueue: bool = True) -> DstReport:
    """Queue the month's report for the actor's municipality; the background task builds it (the task row
    is written in this transaction, so the worker sees it only when the report is there too)."""
    principal = require_perm(actor, PERM)
    assert actor.is_authenticated
    month = _check_month(month, timezone.localdate())
    if DstReport.objects.filter(municipality_id=principal.municipality_id, month=month,
                                status=DstReport.Status.QUEUED).exists():
        raise ValidationError({"month": "Måneden er allerede i kø. Vent, til den er dannet."})
    report = DstReport.objects.create(municipality_id=principal.municipality_id, month=month, created_by=actor)
    audit(actor, report, Event.DST_REPORT_QUEUED, maaned=f"{month:%Y-%m}")
    if enqueue:
        _enqueue(report.pk)
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import build_dst_report_task

    task = build_dst_report_task.enqueue(report_id)
    DstReport.objects.filter(pk=report_id).update(task_id=str(task.id)[:64])


def execute_report(*, report_id: int) -> DstReport | None:
    """Build a queued report (the background task calls this), in the name of whoever queued it. A failure
    is stored on the report with a Danish message, never raised."""
    report = DstReport.objects.select_related("municipality", "created_by").filter(pk=report_id).first()
    if report is None or report.status != DstReport.Status.QUEUED:
        return report
    try:
        return _write(report)
    except Exception as exc:  # noqa: BLE001 - stored on the report for the leader, logged for operators
        logger.exception("DST-indberetning %s fejlede", report_id)
        with transaction.atomic():
            DstReport.objects.filter(pk=report_id).update(
                status=DstReport.Status.FAILED, finished_at=timezone.now(),
                error=f"Indberetningen fejlede: {type(exc).__name__}: {exc}"[:2000])
            report.refresh_from_db()
            audit(report.created_by, report, Event.DST_REPORT_FAILED, maaned=f"{report.month:%Y-%m}",
                  fejl=str(exc)[:500])
        return report


@transaction.atomic
def _write(report: DstReport) -> DstReport:
    report = DstReport.objects.select_for_update().select_related("municipality", "created_by").get(pk=report.pk)
    if report.status != DstReport.Status.QUEUED:
        return report
    built = b.build(report.municipality, report.month)
    content = built.content()
    checksum = hashlib.sha256(content.encode("utf-8")).hexdigest()
    last = (DstReport.objects.filter(municipality=report.municipality, month=report.month,
                                     status=DstReport.Status.WRITTEN).order_by("-version").first())
    citizens = Citizen.objects.filter(municipality=report.municipality,
                                      pk__in={r.citizen_id for r in built.records}
                                      | {r.citizen_id for r in built.rejected})
    record_list_access(actor=report.created_by, citizens=citizens, what=WHAT)
    report.counts, report.rejected = built.counts(), [r.as_dict() for r in built.rejected]
    report.record_count, report.rejected_count = len(built.records), len(built.rejected)
    report.finished_at, report.checksum = timezone.now(), checksum
    report.citizen_ids = sorted({r.citizen_id for r in built.records})
    if last is not None and last.checksum == checksum:
        report.status = DstReport.Status.UNCHANGED
        report.changes = {"since_version": last.version, "added": [], "removed": [], "changed": []}
        report.save()
        audit(report.created_by, report, Event.DST_REPORT_UNCHANGED, maaned=f"{report.month:%Y-%m}",
              version=last.version, afviste=report.rejected_count)
        return report
    version = (DstReport.objects.filter(municipality=report.municipality, month=report.month)
               .aggregate(v=Max("version"))["v"] or 0) + 1
    report.version, report.status, report.content = version, DstReport.Status.WRITTEN, content
    report.file_name = f"dst_voksne_{report.municipality.code}_{report.month:%Y-%m}_v{version}.csv"
    report.changes = ({"since_version": last.version, **b.differences(last.content, content)} if last else {})
    report.save()
    folder = outbox()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / report.file_name
    write_whole(target, content)  # whole or not at all: the transfer never picks up half a file
    audit(report.created_by, report, Event.DST_REPORT_WRITTEN, maaned=f"{report.month:%Y-%m}", version=version,
          indsatser=report.record_count, afviste=report.rejected_count, kontrolsum=checksum, fil=report.file_name)
    return report


@transaction.atomic
def note_download(*, actor: Actor, report: DstReport) -> None:
    """A person took the file (CPR numbers of every citizen in it): logged on each citizen and audited."""
    assert actor.is_authenticated
    record_list_access(actor=actor, citizens=Citizen.objects.filter(municipality=report.municipality,
                                                                    pk__in=report.citizen_ids), what=WHAT)
    audit(actor, report, Event.DST_REPORT_DOWNLOADED, maaned=f"{report.month:%Y-%m}", version=report.version)


def reporter_for(municipality) -> Actor | None:
    """Who the monthly job acts for: the last person who made a report for the municipality and may still."""
    for report in (DstReport.objects.filter(municipality=municipality).select_related("created_by")
                   .order_by("-created_at", "-pk")[:20]):
        user = report.created_by
        if user.is_active and user.has_perm(PERM):
            return user
    return None


def report_month(*, actor: Actor, month: datetime.date) -> DstReport | None:
    """Queue and build at once (the command and the monthly job): the report as it ended."""
    report = queue_report(actor=actor, month=month, enqueue=False)
    return execute_report(report_id=report.pk)


def forget_efforts(decision_ids: set[int], citizen_ids: set[int]) -> int:
    """Retention: a deleted citizen's lines leave the kept copies of the files (and the refused rows), so
    no CPR number outlives the citizen's deletion here. The checksum stays the delivered file's."""
    if not decision_ids:
        return 0
    wanted = {str(pk) for pk in decision_ids}
    changed = 0
    for report in DstReport.objects.only("content", "rejected", "citizen_ids"):
        lines = report.content.splitlines(keepends=True)
        kept = lines[:1] + [line for line in lines[1:] if line.split(";")[2:3] and line.split(";")[2] not in wanted]
        rejected = [row for row in report.rejected if str(row.get("effort_id")) not in wanted]
        if len(kept) != len(lines) or len(rejected) != len(report.rejected):
            report.content, report.rejected = "".join(kept), rejected
            report.citizen_ids = [pk for pk in report.citizen_ids if pk not in citizen_ids]
            report.save(update_fields=["content", "rejected", "citizen_ids"])
            changed += 1
    return changed
