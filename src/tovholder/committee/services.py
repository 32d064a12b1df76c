"""Every write of the committee report: asking for a report for a period (audited; a task puts it
together), the task's own filling-in of the sections, saving the draft's text sections (optimistic
concurrency, audited) and making the PDF (audited). Keyword-only, the acting user first, the
permissions and the municipality checked first, one transaction. None of it touches citizen data."""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, Principal, require_perm, require_same_municipality
from tovholder.audit.services import audit, lock_naming_editor
from tovholder.records import clean_text

from . import sections
from .events import Event
from .models import MAX_TEXT, Report

logger = logging.getLogger(__name__)

# the report draws on all four: the roles that see /oekonomi/, /styring/, /normering/ and /handleplan/
PERMS = ("budget.follow_budget", "figures.view_figures", "staffing.view_staffing", "actionplan.view_action_plan")
MAX_DAYS = 366
FIRST_YEAR = 2000


def require_manager(actor: Actor) -> Principal:
    principal = None
    for perm in PERMS:
        try:
            principal = require_perm(actor, perm)
        except PermissionDenied:
            raise PermissionDenied("Udvalgssager kan kun laves af en leder, der følger økonomi og styringstal."
                                   ) from None
    assert principal is not None
    return principal


def check_period(date_from: datetime.date | None, date_to: datetime.date | None, *,
                 today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """A period that has happened, in order, at most a year, from 2000 on (a Danish message otherwise)."""
    today = today or timezone.localdate()
    if date_from is None or date_to is None:
        raise ValidationError("Vælg et kvartal, eller skriv både en første og en sidste dag.")
    if date_from.year < FIRST_YEAR:
        raise ValidationError({"date_from": f"Perioden kan tidligst begynde i {FIRST_YEAR}."})
    if date_to > today:
        raise ValidationError({"date_to": "Perioden kan ikke slutte i fremtiden: tallene findes endnu ikke."})
    if date_from > date_to:
        raise ValidationError({"date_to": "Den sidste dag skal ligge efter den første."})
    if (date_to - date_from).days + 1 > MAX_DAYS:
        raise ValidationError({"date_from": "En udvalgssag dækker højst et år."})
    return date_from, date_to


def title_of(date_from: datetime.date, date_to: datetime.date) -> str:
    from tovholder.layout import formats

    quarter = (date_from.month - 1) // 3 + 1
    if (date_from.day == 1 and date_from.month == 3 * quarter - 2 and date_to.year == date_from.year
            and date_to == _quarter_end(date_from.year, quarter)):
        return f"Socialpsykiatrien, {quarter}. kvartal {date_from.year}"
    return f"Socialpsykiatrien, {formats.day(date_from)} – {formats.day(date_to)}"


def _quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


@transaction.atomic
def start_report(*, actor: Actor, date_from: datetime.date | None, date_to: datetime.date | None) -> Report:
    """Ask for a committee report for the period; the task worker puts it together."""
    from .tasks import build_report_task

    principal = require_manager(actor)
    assert actor.is_authenticated
    date_from, date_to = check_period(date_from, date_to)
    active = Report.objects.filter(municipality_id=principal.municipality_id,
                                   status__in=(Report.Status.QUEUED, Report.Status.RUNNING))
    if active.exists():
        raise ValidationError("Der bliver allerede lavet en udvalgssag. Vent, til den er færdig.")
    report = Report.objects.create(municipality_id=principal.municipality_id, title=title_of(date_from, date_to),
                                   date_from=date_from, date_to=date_to, requested_by=actor,
                                   steps_total=len(sections.STEPS))
    audit(actor, report, Event.COMMITTEE_REPORT_STARTED, fra=date_from.isoformat(), til=date_to.isoformat())
    build_report_task.enqueue(report.pk)  # written in this transaction: it runs only if the report is committed
    return report


def execute_report(*, report_id: int) -> None:
    """Put the report together (the task calls this) as the manager who asked for it, writing progress as
    it goes; a failure is stored on the report."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None or report.status != Report.Status.QUEUED:
        return
    Report.objects.filter(pk=report_id).update(status=Report.Status.RUNNING)
    user = get_user_model().objects.get(pk=report.requested_by_id)
    out: dict = {}
    try:
        for done, (key, build) in enumerate(sections.STEPS, start=1):
            out[key] = build(user, report.date_from, report.date_to)
            Report.objects.filter(pk=report_id).update(steps_done=done)
    except Exception as exc:  # noqa: BLE001 - stored on the report for the manager, logged for operators
        logger.exception("Udvalgssag %s fejlede", report_id)
        Report.objects.filter(pk=report_id).update(status=Report.Status.FAILED, finished_at=timezone.now(),
                                                   error=f"Udvalgssagen kunne ikke laves: {type(exc).__name__}"[:500])
        return
    eco = out["economy"]
    Report.objects.filter(pk=report_id).update(
        status=Report.Status.DONE, finished_at=timezone.now(), sections=out, steps_done=len(sections.STEPS),
        recommendation=sections.recommendation_text(report.date_from, report.date_to),
        summary=sections.summary_text(eco, report.date_from, report.date_to),
        economy_note=sections.economy_note_text(eco), options=sections.options_text(eco))


TEXTS = (("recommendation", "indstillingen", True), ("summary", "resuméet", True),
         ("economy_note", "de økonomiske bemærkninger", False), ("options", "handlemulighederne", False))


@transaction.atomic
def save_draft(*, actor: Actor, report: Report, version: int | None, recommendation: str, summary: str,
               economy_note: str, options: str) -> Report:
    """Save the draft's text sections; a stale version is refused with the name of who saved last."""
    require_manager(actor)
    require_same_municipality(actor, report)
    assert actor.is_authenticated
    if report.status != Report.Status.DONE:
        raise ValidationError("Udvalgssagen er ikke færdig endnu; den kan rettes, når den er lavet.")
    given = {"recommendation": recommendation, "summary": summary, "economy_note": economy_note,
             "options": options}
    cleaned = {name: clean_text(given[name], field=name, label=label, required=required, max_length=MAX_TEXT)
               for name, label, required in TEXTS}
    row = lock_naming_editor(Report, report, version, "Udvalgssagen")
    changed = sorted(name for name, value in cleaned.items() if getattr(row, name) != value)
    for name, value in cleaned.items():
        setattr(row, name, value)
    row.updated_by, row.updated_at = actor, timezone.now()
    row.version += 1
    row.save(update_fields=[*cleaned, "updated_by", "updated_at", "version"])
    audit(actor, row, Event.COMMITTEE_DRAFT_SAVED, rettet=changed, version=row.version)
    return row


@transaction.atomic
def make_pdf(*, actor: Actor, report: Report) -> bytes:
    """The PDF of the draft as it stands (WeasyPrint); audited, with the version it was made from."""
    from . import document

    require_manager(actor)
    require_same_municipality(actor, report)
    if report.status != Report.Status.DONE:
        raise ValidationError("Udvalgssagen er ikke færdig endnu.")
    data = document.pdf(report)
    Report.objects.filter(pk=report.pk).update(pdf_made_at=timezone.now())
    audit(actor, report, Event.COMMITTEE_PDF_MADE, version=report.version)
    return data
