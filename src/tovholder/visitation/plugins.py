"""What visitation plugs in: the citizen overview and timeline, the menu, and what grants use of an
offer's capacity (registered by importing `capacity`)."""

import datetime

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from tovholder.accounts.principals import Kind, Principal
from tovholder.citizens import scopes
from tovholder.citizens.overview import section
from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout import formats, menu

from . import capacity  # noqa: F401 - registers the grants' use of capacity
from .models import Case, Letter, Order

RECENTLY_CLOSED_DAYS = 90


@scopes.extend(Kind.STAFF)
def _cases_and_orders(principal: Principal) -> Q | None:
    """A caseworker knows the citizens of their own open cases, and of those closed in the last
    RECENTLY_CLOSED_DAYS (to write the last note, or reopen a case closed too early); a provider's leader
    those of the orders waiting for their units (ADR 0005)."""
    found = []
    if principal.has_perm("visitation.handle_cases"):
        since = timezone.localdate() - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
        found.append(Q(pk__in=Case.objects.filter(caseworker_id=principal.user.pk).filter(
            Q(status=Case.Status.OPEN) | Q(closed_on__gte=since)).values("citizen_id")))
    if principal.has_perm("visitation.answer_orders"):
        found.append(Q(pk__in=Order.objects.filter(status=Order.Status.SENT, unit_id__in=principal.scope_units())
                       .values("citizen_id")))
    if not found:
        return None
    q = found[0]
    for more in found[1:]:
        q |= more
    return q


menu.add(label="Visitation", url_name="visitation_desk", order=70, perms=("visitation.handle_cases",),
         hides=("direct_help",))
menu.add(label="Hjælp uden visitation", url_name="direct_help", order=70, perms=("visitation.give_direct_help",))
menu.add(label="Ventelister", url_name="waitlists", order=80, perms=("visitation.view_waitlist",))


@section(key="sager", title="Sager og afgørelser", template="visitation/overview_section.html", order=20)
def cases_section(user, citizen) -> dict:
    cases = list(citizen.cases.select_related("caseworker").prefetch_related("status_changes")
                 .order_by("-opened_on", "-pk"))
    decisions = list(citizen.decisions.select_related("offer").prefetch_related(
        Prefetch("orders", queryset=Order.objects.select_related("unit", "contact_person")),
        "service_changes", "follow_ups", "end_proposals",
    ).order_by("-requested_on", "-pk"))
    assessments = list(citizen.assessments.prefetch_related("scores"))
    letters = list(Letter.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id))
    return {
        "cases": cases[:10],
        "decisions": decisions[:20],
        "can_open_case": user.has_perm("visitation.handle_cases") and not any(c.status == "open" for c in cases),
        "timeline": [*_request_items(citizen), *_case_items(cases), *_assessment_items(assessments),
                     *_decision_items(decisions), *_letter_items(letters), *_help_items(citizen)],
    }


def _request_items(citizen):
    for r in citizen.requests.all():
        yield TimelineItem(r.received_on, "Henvendelse", f"Henvendelse fra {r.get_source_display().lower()}",
                           reverse("request_detail", args=[r.pk]), Step.REQUEST, r.registered_at)


def _case_items(cases):
    for case in cases:
        url = reverse("case_detail", args=[case.pk])
        yield TimelineItem(case.opened_on, "Sag", f"Sag {case.number or case.pk} oprettet", url, Step.CASE_OPENED,
                           case.registered_at)
        for change in case.status_changes.all():
            verb = "lukket" if change.status == Case.Status.CLOSED else "genåbnet"
            yield TimelineItem(change.on, "Sag", f"Sag {case.number or case.pk} {verb}: {change.reason}", url,
                               Step.CASE_CLOSED if change.status == Case.Status.CLOSED else Step.CASE_OPENED,
                               change.registered_at)


def _assessment_items(assessments):
    for a in assessments:
        levels = [f"{s.condition_name} {s.functional_level}" for s in a.scores.all() if s.functional_level is not None]
        need = f"samlet støttebehov: {a.support_need_display.lower()}" if a.support_need else ""
        detail = "; ".join(filter(None, [need, ", ".join(levels[:6]) + (" …" if len(levels) > 6 else "")]))
        yield TimelineItem(a.assessed_on, "Udredning", f"Udredning af funktionsevne{f' ({detail})' if detail else ''}",
                           reverse("case_detail", args=[a.case_id]), Step.ASSESSMENT, a.registered_at)


def _decision_items(decisions):
    for d in decisions:
        url = reverse("decision_detail", args=[d.pk])
        name = d.offer.name
        yield TimelineItem(d.requested_on, "Ansøgning", f"Ansøgt om {name}", url, Step.APPLICATION)
        if d.decided_on:
            verb = "Afslag på" if d.status == "refused" else "Bevilget:"
            yield TimelineItem(d.decided_on, "Afgørelse", f"{verb} {name}", url, Step.DECISION)
        for o in d.orders.all():
            to = o.unit.name if o.unit else "udføreren"
            yield TimelineItem(o.ordered_on, "Bestilling", f"{name} bestilt hos {to}", url, Step.ORDER,
                               o.registered_at)
            if o.answered_on and o.contact_person:
                yield TimelineItem(o.answered_on, "Bestilling", f"{to} tog imod {name}; kontaktperson "
                                   f"{o.contact_person.get_full_name()}", url, Step.ORDER_ANSWERED)
            elif o.answered_on and o.status == o.Status.DECLINED:
                yield TimelineItem(o.answered_on, "Bestilling", f"{to} afviste bestillingen: {o.decline_reason}",
                                   url, Step.ORDER_ANSWERED)
        if d.activated_on:
            yield TimelineItem(d.activated_on, "Indsats", f"{name} startede", url, Step.STARTED)
        for c in d.service_changes.all():
            yield TimelineItem(c.starts_on, "Indsats", f"{name}: ydelserne ændret – {c.reason}", url, Step.CHANGE,
                               c.registered_at)
        for f in d.follow_ups.all():
            yield TimelineItem(f.held_on, "Opfølgning", f"{name}: {f.status_display.lower()}", url, Step.FOLLOW_UP,
                               f.registered_at)
        for p in d.end_proposals.all():
            yield TimelineItem(timezone.localdate(p.registered_at), "Indsats",
                               f"Udføreren foreslog at afslutte {name} pr. {formats.day(p.end_on)}: {p.reason.lower()}",
                               url, Step.END_PROPOSED)
        if d.ended_on and d.status == "ended":
            yield TimelineItem(d.ended_on, "Indsats", f"{name} ophørte", url, Step.ENDED)
        elif d.ended_on and d.status == "cancelled":
            yield TimelineItem(d.ended_on, "Afgørelse", f"{name} annulleret", url, Step.ENDED)


def _letter_items(letters):
    for letter in letters:
        yield TimelineItem(letter.sent_on, "Brev", f"Brev sendt: {letter.subject}",
                           reverse("letter_pdf", args=[letter.pk]), Step.LETTER, letter.registered_at)


def _help_items(citizen):
    for h in citizen.direct_help.select_related("offer"):
        yield TimelineItem(h.given_on, "Hjælp", f"Hjælp uden visitation: {h.offer.name} ({h.minutes} min)")
