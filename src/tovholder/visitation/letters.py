"""Letters to the citizen — decisions (grant, refusal, end) and deadline notices — in Danish, with the
legal basis and how to appeal (klagevejledning). A letter is written once, when it is sent, and kept as
sent (`Letter`, append-only); its PDF (WeasyPrint) is made from that text."""

import datetime

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from .models import DeadlineNotice, Decision, EndProposal, Letter

APPEAL_WEEKS = 4


def decision_letter_html(decision: Decision, sent_on: datetime.date | None = None, *, draft: bool = False) -> str:
    if decision.status in (Decision.Status.REQUESTED, Decision.Status.CANCELLED):
        raise ValidationError("Der er endnu ikke truffet en afgørelse, så der kan ikke laves et afgørelsesbrev.")
    if not decision.reasons.strip():
        raise ValidationError("Afgørelsen mangler en begrundelse. Et afgørelsesbrev kræver en begrundelse.")
    return render_to_string("visitation/letter_decision.html", {
        **_common(decision, sent_on or decision.decided_on), "granted": decision.status != Decision.Status.REFUSED,
        "draft": draft})


def end_letter_html(decision: Decision, reasons: str, sent_on: datetime.date,
                    proposal: EndProposal | None) -> str:
    return render_to_string("visitation/letter_end.html", {
        **_common(decision, sent_on), "reasons": reasons, "proposal": proposal})


def deadline_notice_html(notice: DeadlineNotice) -> str:
    return render_to_string("visitation/letter_deadline.html", {
        **_common(notice.decision, notice.sent_on), "n": notice})


def _common(decision: Decision, sent_on: datetime.date | None) -> dict:
    return {"d": decision, "citizen": decision.citizen, "offer": decision.offer, "case": decision.case,
            "municipality": decision.municipality, "sent_on": sent_on, "appeal_weeks": APPEAL_WEEKS}


def subject_of(kind: str, decision: Decision) -> str:
    return {Letter.Kind.GRANT: f"Afgørelse om {decision.offer.name}",
            Letter.Kind.REFUSAL: f"Afgørelse om {decision.offer.name}: afslag",
            Letter.Kind.END: f"Afgørelse om ophør af {decision.offer.name}",
            Letter.Kind.DEADLINE: f"Din ansøgning om {decision.offer.name}: sagsbehandlingstiden"}[kind]


def pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only letters need it

    return HTML(string=html).write_pdf()
