"""Demo history for the DST report: the last months delivered, one of them late and one corrected in a second
version, built from the demo's own efforts. A handful of rows per municipality whatever the number of citizens."""

import datetime
import hashlib

from django.utils import timezone

from tovholder.demo.steps import DemoContext, step

from ..models import DstReport
from ..models.dst import deadline_of
from . import build as b
from .services import previous_month

MONTHS = 4


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@step(order=93)
def past_reports(ctx: DemoContext) -> None:
    if not ctx.managers:
        return
    owner = sorted(ctx.managers, key=lambda user: user.pk)[0]
    month = previous_month(ctx.today)
    if ctx.today <= deadline_of(month):  # the month just ended is still before its deadline: left to the leader
        month = previous_month(month)
    rows, stamps = [], []
    for n in range(MONTHS):
        built = b.build(ctx.municipality, month)
        content = built.content()
        late = n == MONTHS - 1  # the oldest month went in two days late
        delivered = deadline_of(month) + datetime.timedelta(days=2 if late else -ctx.rng.randint(1, 9))
        rows.append(DstReport(
            municipality=ctx.municipality, month=month, status=DstReport.Status.WRITTEN, version=1,
            created_by=owner, finished_at=_at(delivered, 9), content=content,
            checksum=hashlib.sha256(content.encode("utf-8")).hexdigest(), record_count=len(built.records),
            rejected_count=len(built.rejected), counts=built.counts(), rejected=[r.as_dict() for r in built.rejected],
            citizen_ids=sorted({r.citizen_id for r in built.records}),
            file_name=f"dst_voksne_{ctx.municipality.code}_{month:%Y-%m}_v1.csv"))
        stamps.append(_at(delivered, 8))
        if n == 1 and built.records:  # a correction after delivery: one effort's end date was put right
            first = built.records[0]
            before = content
            lines = content.splitlines(keepends=True)
            changed_line = next(i for i, line in enumerate(lines) if line.split(";")[2:3] == [str(first.effort_id)])
            cells = lines[changed_line].rstrip("\n").split(";")
            start = datetime.date.fromisoformat(cells[10])
            # the decision date is put right: the start date, or the day before when they were the same
            cells[9] = (start - datetime.timedelta(days=1) if cells[9] == cells[10] else start).isoformat()
            lines[changed_line] = ";".join(cells) + "\n"
            corrected = "".join(lines)
            again = delivered + datetime.timedelta(days=ctx.rng.randint(3, 12))
            rows.append(DstReport(
                municipality=ctx.municipality, month=month, status=DstReport.Status.WRITTEN, version=2,
                created_by=owner, finished_at=_at(again, 11), content=corrected,
                checksum=hashlib.sha256(corrected.encode("utf-8")).hexdigest(), record_count=len(built.records),
                rejected_count=len(built.rejected), counts=built.counts(),
                rejected=[r.as_dict() for r in built.rejected], citizen_ids=rows[-1].citizen_ids,
                changes={"since_version": 1, **b.differences(before, corrected)},
                file_name=f"dst_voksne_{ctx.municipality.code}_{month:%Y-%m}_v2.csv"))
            stamps.append(_at(again, 10))
        month = previous_month(month)
    created = DstReport.objects.bulk_create(rows)
    for report, stamp in zip(created, stamps, strict=True):  # auto_now_add stamped them now
        DstReport.objects.filter(pk=report.pk).update(created_at=stamp)
