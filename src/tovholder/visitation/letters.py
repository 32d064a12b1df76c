"""Decision letters and deadline notices as PDF (WeasyPrint), in Danish, with legal basis and
how to appeal (klagevejledning)."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from .models import DeadlineNotice, Decision

APPEAL_WEEKS = 4


def decision_letter_pdf(decision: Decision) -> bytes:
    return _pdf(decision_letter_html(decision))


def deadline_notice_pdf(notice: DeadlineNotice) -> bytes:
    return _pdf(deadline_notice_html(notice))


def decision_letter_html(decision: Decision) -> str:
    if decision.status in (Decision.Status.REQUESTED, Decision.Status.CANCELLED):
        raise ValidationError("Der er endnu ikke truffet en afgørelse, så der kan ikke laves et afgørelsesbrev.")
    if not decision.reasons.strip():
        raise ValidationError("Afgørelsen mangler en begrundelse. Et afgørelsesbrev kræver en begrundelse.")
    return render_to_string("visitation/letter_decision.html", {
        "d": decision, "citizen": decision.citizen, "offer": decision.offer, "today": timezone.localdate(),
        "granted": decision.status != Decision.Status.REFUSED, "appeal_weeks": APPEAL_WEEKS,
        "municipality": decision.municipality,
    })


def deadline_notice_html(notice: DeadlineNotice) -> str:
    return render_to_string("visitation/letter_deadline.html", {
        "n": notice, "d": notice.decision, "citizen": notice.decision.citizen, "municipality": notice.municipality,
    })


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only letters need it

    return HTML(string=html).write_pdf()
