"""Reads for the DST report's page: the months with their status and deadline, and one report. Only the
municipality's own reports, only for a role that reports; a refused row names its citizen only to a reader
who knows the citizen (and that is logged)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, Principal, require_perm
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen

from ..models import DstReport
from ..models.dst import deadline_of
from .build import paragraph_label
from .services import PERM, WHAT, previous_month

MONTHS_SHOWN = 12


def require_reporter(user: Actor) -> Principal:
    """The role check of the pages (403 in Danish for a role that does not report)."""
    return _principal(user)


def _principal(user: Actor) -> Principal:
    try:
        return require_perm(user, PERM)
    except PermissionDenied:
        raise PermissionDenied("Din rolle giver ikke adgang til indberetningen til Danmarks Statistik.") from None


@dataclass
class Month:
    month: datetime.date
    deadline: datetime.date
    reports: list[DstReport] = field(default_factory=list)  # newest first

    @property
    def latest(self) -> DstReport | None:
        return self.reports[0] if self.reports else None

    @property
    def delivered(self) -> DstReport | None:
        """The newest version written."""
        return next((r for r in self.reports if r.status == DstReport.Status.WRITTEN), None)

    @property
    def first_delivered(self) -> DstReport | None:
        written = [r for r in self.reports if r.status == DstReport.Status.WRITTEN]
        return written[-1] if written else None

    @property
    def in_time(self) -> bool | None:
        """Delivered by the deadline (the first version's day); None while not delivered and not yet due."""
        first = self.first_delivered
        if first is not None:
            return timezone.localdate(first.finished_at) <= self.deadline
        return False if timezone.localdate() > self.deadline else None

    @property
    def counts(self) -> list[tuple[str, dict]]:
        shown = self.delivered or self.latest
        return [(paragraph_label(p), c) for p, c in (shown.counts if shown else {}).items()]


def months(user: Actor, *, today: datetime.date | None = None) -> list[Month]:
    """The last twelve months ended, and any other month reported, newest first."""
    principal = _principal(user)
    today = today or timezone.localdate()
    wanted: dict[datetime.date, Month] = {}
    m = previous_month(today)
    for _ in range(MONTHS_SHOWN):
        wanted[m] = Month(month=m, deadline=deadline_of(m))
        m = previous_month(m)
    for report in (DstReport.objects.filter(municipality_id=principal.municipality_id)
                   .select_related("created_by").defer("content", "rejected", "changes", "citizen_ids")
                   .order_by("-month", "-created_at", "-pk")):
        wanted.setdefault(report.month, Month(month=report.month, deadline=deadline_of(report.month))) \
            .reports.append(report)
    return sorted(wanted.values(), key=lambda x: x.month, reverse=True)


def month_choices(*, today: datetime.date | None = None) -> list[tuple[str, str]]:
    from django.utils.formats import date_format

    today = today or timezone.localdate()
    out, m = [], previous_month(today)
    for _ in range(MONTHS_SHOWN):
        out.append((f"{m:%Y-%m}", date_format(m, "F Y")))
        m = previous_month(m)
    return out


def report(user: Actor, report_id: int) -> DstReport:
    """One report of the user's municipality; another municipality's is 404."""
    principal = _principal(user)
    found = (DstReport.objects.filter(municipality_id=principal.municipality_id, pk=report_id)
             .select_related("created_by", "municipality").first())
    if found is None:
        raise Http404("Indberetningen findes ikke.")
    return found


def versions(user: Actor, report: DstReport) -> list[DstReport]:
    principal = _principal(user)
    return list(DstReport.objects.filter(municipality_id=principal.municipality_id, month=report.month)
                .select_related("created_by").defer("content", "rejected", "citizen_ids")
                .order_by("-created_at", "-pk"))


def rejected_rows(user: Actor, report: DstReport) -> list[dict]:
    """The refused efforts with their reasons; the citizen's name only where the reader knows the citizen."""
    ids = {row.get("citizen_id") for row in report.rejected}
    known = {c.pk: c for c in Citizen.objects.known_to(user).filter(pk__in=ids)}
    record_list_access(actor=user, citizens=known.values(), what=WHAT)
    return [{**row, "citizen": known.get(row.get("citizen_id")), "paragraph_label": paragraph_label(row["paragraph"])}
            for row in report.rejected]
