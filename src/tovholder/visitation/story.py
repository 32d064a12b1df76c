"""The citizen's case told as a story for the timeline: the request, the case opened and closed, the
assessments with their levels, each effort's application, decision, orders and answers, start, service
changes, follow-ups, proposals and end, the letters and the help given without visitation.

Beside the cases and the decisions (which the overview shows anyway) everything is read in one query: a
UNION ALL of the event tables, each brought to the same columns, so the story costs the same however long
it is."""

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from django.db.models import CharField, DateField, DateTimeField, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout import formats
from tovholder.offers import ffb

from .models import (
    Assessment,
    Case,
    CaseStatusChange,
    ConditionScore,
    DirectHelp,
    EffortFollowUp,
    EndProposal,
    Letter,
    Order,
    Request,
    ServiceChange,
    Source,
)

LEVELS_SHOWN = 6


class Row(NamedTuple):
    """One event, whatever its table: `ref` is the case, decision or assessment it belongs to."""

    kind: str
    pk: int
    ref: int | None
    day: object
    day2: object
    at: object
    a: str
    b: str
    c: str
    d: str
    n: int | None


_COLUMNS = tuple("t_" + name for name in Row._fields)


def _text(value: str = "") -> Cast:
    return Cast(Value(value), CharField())


def _none(field) -> Cast:
    return Cast(Value(None), field)


def _rows(qs: QuerySet, kind: str, *, day, ref=None, day2=None, at=None, a=None, b=None, c=None, d=None,
          n=None) -> QuerySet:
    """One event table brought to the story's columns (constants typed, so PostgreSQL can unite them)."""
    return qs.order_by().annotate(
        t_kind=_text(kind), t_pk=F("pk"), t_ref=ref if ref is not None else _none(IntegerField()), t_day=day,
        t_day2=day2 if day2 is not None else _none(DateField()),
        t_at=at if at is not None else _none(DateTimeField()),
        t_a=a if a is not None else _text(), t_b=b if b is not None else _text(),
        t_c=c if c is not None else _text(), t_d=d if d is not None else _text(),
        t_n=n if n is not None else _none(IntegerField()),
    ).values_list(*_COLUMNS)


def events(citizen) -> dict[str, list[Row]]:
    """The citizen's case events by kind, in the order they were registered."""
    mine = Q(municipality_id=citizen.municipality_id, citizen=citizen)
    reg = F("registered_at")
    contact = Concat(F("contact_person__first_name"), Value(" "), F("contact_person__last_name"),
                     output_field=CharField())
    parts = [
        _rows(Request.objects.filter(mine), "request", day=F("received_on"), at=reg, a=F("source")),
        _rows(CaseStatusChange.objects.filter(mine), "status", ref=F("case_id"), day=F("on"), at=reg, a=F("status"),
              b=F("reason")),
        _rows(Assessment.objects.filter(mine), "assessment", ref=F("case_id"), day=F("assessed_on"), at=reg,
              a=F("support_need")),
        _rows(ConditionScore.objects.filter(municipality_id=citizen.municipality_id, assessment__citizen=citizen,
                                            functional_level__isnull=False),
              "score", ref=F("assessment_id"), day=_none(DateField()), a=F("condition"), n=F("functional_level")),
        _rows(Order.objects.filter(mine), "order", ref=F("decision_id"), day=F("ordered_on"), day2=F("answered_on"),
              at=reg, a=F("unit__name"), b=contact, c=F("status"), d=F("decline_reason")),
        _rows(ServiceChange.objects.filter(mine), "change", ref=F("decision_id"), day=F("starts_on"), at=reg,
              b=F("reason")),
        _rows(EffortFollowUp.objects.filter(mine), "follow_up", ref=F("decision_id"), day=F("held_on"), at=reg,
              a=F("status")),
        _rows(EndProposal.objects.filter(mine), "proposal", ref=F("decision_id"), day=F("end_on"), at=reg,
              b=F("reason")),
        _rows(Letter.objects.filter(mine), "letter", day=F("sent_on"), at=reg, b=F("subject")),
        _rows(DirectHelp.objects.filter(mine), "help", day=F("given_on"), a=F("offer__name"), n=F("minutes")),
    ]
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in sorted((Row(*r) for r in parts[0].union(*parts[1:], all=True)), key=lambda r: (r.kind, r.pk)):
        by_kind[row.kind].append(row)
    return by_kind


def items(cases: list[Case], decisions: list, ev: dict[str, list[Row]]) -> Iterator[TimelineItem]:
    """The timeline items of the case, from the cases, the decisions and their events."""
    sources = dict(Source.choices)
    for r in ev["request"]:
        yield TimelineItem(r.day, "Henvendelse", f"Henvendelse fra {sources.get(r.a, r.a).lower()}",
                           reverse("request_detail", args=[r.pk]), Step.REQUEST, r.at)
    number = {c.pk: c.number or str(c.pk) for c in cases}
    for case in cases:
        yield TimelineItem(case.opened_on, "Sag", f"Sag {number[case.pk]} oprettet",
                           reverse("case_detail", args=[case.pk]), Step.CASE_OPENED, case.registered_at)
    for r in ev["status"]:
        closed = r.a == Case.Status.CLOSED
        yield TimelineItem(r.day, "Sag", f"Sag {number.get(r.ref, r.ref)} {'lukket' if closed else 'genåbnet'}: "
                           f"{r.b}", reverse("case_detail", args=[r.ref]),
                           Step.CASE_CLOSED if closed else Step.CASE_OPENED, r.at)
    yield from _assessments(ev)
    yield from _efforts(decisions, ev)
    for r in ev["letter"]:
        yield TimelineItem(r.day, "Brev", f"Brev sendt: {r.b}", reverse("letter_pdf", args=[r.pk]), Step.LETTER,
                           r.at)
    for r in ev["help"]:
        yield TimelineItem(r.day, "Hjælp", f"Hjælp uden visitation: {r.a} ({r.n} min)")


def _assessments(ev) -> Iterator[TimelineItem]:
    levels = defaultdict(list)
    for s in ev["score"]:
        levels[s.ref].append(f"{ffb.display(s.a) or s.a} {s.n}")
    for r in ev["assessment"]:
        shown = levels[r.pk]
        need = f"samlet støttebehov: {ffb.display(r.a).lower()}" if r.a else ""
        listed = ", ".join(shown[:LEVELS_SHOWN]) + (" …" if len(shown) > LEVELS_SHOWN else "")
        detail = "; ".join(filter(None, [need, listed]))
        yield TimelineItem(r.day, "Udredning", f"Udredning af funktionsevne{f' ({detail})' if detail else ''}",
                           reverse("case_detail", args=[r.ref]), Step.ASSESSMENT, r.at)


def _efforts(decisions, ev) -> Iterator[TimelineItem]:
    name = {d.pk: d.offer.name for d in decisions}
    url = {d.pk: reverse("decision_detail", args=[d.pk]) for d in decisions}
    for d in decisions:
        yield TimelineItem(d.requested_on, "Ansøgning", f"Ansøgt om {name[d.pk]}", url[d.pk], Step.APPLICATION)
        if d.decided_on:
            verb = "Afslag på" if d.status == "refused" else "Bevilget:"
            yield TimelineItem(d.decided_on, "Afgørelse", f"{verb} {name[d.pk]}", url[d.pk], Step.DECISION)
        if d.activated_on:
            yield TimelineItem(d.activated_on, "Indsats", f"{name[d.pk]} startede", url[d.pk], Step.STARTED)
        if d.ended_on and d.status == "ended":
            yield TimelineItem(d.ended_on, "Indsats", f"{name[d.pk]} ophørte", url[d.pk], Step.ENDED)
        elif d.ended_on and d.status == "cancelled":
            yield TimelineItem(d.ended_on, "Afgørelse", f"{name[d.pk]} annulleret", url[d.pk], Step.ENDED)
    for r in ev["order"]:
        to = r.a or "udføreren"
        yield TimelineItem(r.day, "Bestilling", f"{name[r.ref]} bestilt hos {to}", url[r.ref], Step.ORDER,
                           r.at)
        if r.day2 and r.b.strip():
            yield TimelineItem(r.day2, "Bestilling", f"{to} tog imod {name[r.ref]}; kontaktperson {r.b.strip()}",
                               url[r.ref], Step.ORDER_ANSWERED)
        elif r.day2 and r.c == Order.Status.DECLINED:
            yield TimelineItem(r.day2, "Bestilling", f"{to} afviste bestillingen: {r.d}", url[r.ref],
                               Step.ORDER_ANSWERED)
    for r in ev["change"]:
        yield TimelineItem(r.day, "Indsats", f"{name[r.ref]}: ydelserne ændret – {r.b}", url[r.ref], Step.CHANGE,
                           r.at)
    for r in ev["follow_up"]:
        yield TimelineItem(r.day, "Opfølgning", f"{name[r.ref]}: {ffb.display(r.a).lower()}", url[r.ref],
                           Step.FOLLOW_UP, r.at)
    for r in ev["proposal"]:
        yield TimelineItem(timezone.localdate(r.at), "Indsats",
                           f"Udføreren foreslog at afslutte {name[r.ref]} pr. {formats.day(r.day)}: "
                           f"{r.b.lower()}",
                           url[r.ref], Step.END_PROPOSED)
