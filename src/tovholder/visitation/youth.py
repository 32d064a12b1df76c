"""Visitation's part of two rules for young people (seed 002, section 7), composed by the services of
Ballerup Ungeindsats (tovholder.youth), which pass the write gate first:

- a request for a young person is routed like a case: the routing rules' suggestion for the citizen's
  age (every young citizen is by default referred to the mentor programme);
- a young person granted førtidspension moves to the offer the rules name for it (SKP): one step that
  records the need, grants and orders the new effort with the mentor effort's scope, and ends the
  mentor effort with the ending letter – in the caller's transaction, audited as each step is.
"""

import datetime

from django.core.exceptions import ValidationError

from tovholder.accounts.principals import Actor
from tovholder.audit.services import audit as _audit
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer
from tovholder.records import lock_version as _lock

from . import endings, letters
from .capacity import need_of
from .deadlines import deadline_for
from .events import Event
from .models import Case, Decision, Letter, Need, Order, Request, RoutingRule
from .routing import Suggestion, suggest
from .services import _send_letter, offer_next

S = Decision.Status
REVIEW_DAYS = 182


def request_suggestions(request: Request) -> list[Suggestion]:
    """What the routing rules suggest for a request's citizen, by their age when the request came
    (the needs are recorded later, on the case)."""
    if request.citizen_id is None:
        return []
    rules = RoutingRule.objects.filter(municipality=request.municipality, active=True).select_related("offer")
    return suggest(rules, age=request.citizen.age(request.received_on), needs=[])


def move_on_early_pension(*, actor: Actor, decision: Decision, to_offer: Offer, on: datetime.date, reasons: str
                          ) -> tuple[Decision, Letter]:
    """End the running `decision` on `on` with its letter and grant and order `to_offer` from that day,
    with the same hours. Refused, and nothing written, when the new offer has no room."""
    assert actor.is_authenticated
    current = _lock(Decision, decision, None)
    if current.status != S.ACTIVE:
        raise ValidationError("Mentorforløbet er ikke i gang, så borgeren kan ikke flyttes herfra.")
    case = _lock(Case, current.case, None)
    if Need.EARLY_PENSION not in case.needs:
        case.needs = sorted({*case.needs, Need.EARLY_PENSION})
        case.version += 1
        case.save(update_fields=["needs", "version"])
        _audit(actor, case, Event.CASE_WISHES_RECORDED, case.citizen, behov=",".join(case.needs))
    hours = current.hours_per_week if to_offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS else None
    capacity = capacity_for(to_offer, case.municipality, lock=True)
    if not capacity.has_room_for(need_of(to_offer, hours)):
        raise ValidationError(f"{to_offer.name} har ikke plads: {capacity.no_room_reason(need_of(to_offer, hours))}. "
                              "Intet er ændret; borgeren bliver i mentorforløbet, til sagsbehandleren har "
                              "skrevet borgeren op.")
    unit = to_offer.unit if to_offer.unit is not None and to_offer.unit.municipality_id == case.municipality_id \
        else None
    if unit is None:
        raise ValidationError(f"{to_offer.name} har ingen udførende enhed i kataloget.")
    new = Decision.objects.create(
        municipality=case.municipality, case=case, citizen=case.citizen, offer=to_offer, status=S.ORDERED,
        requested_on=on, deadline_on=deadline_for(to_offer, on), hours_per_week=hours, start_on=on,
        review_on=on + datetime.timedelta(days=REVIEW_DAYS), goals=current.goals, services=current.services,
        reasons=reasons, decided_on=on, decided_by=actor, ordered_on=on, replaces=current)
    _audit(actor, new, Event.DECISION_GRANTED, case.citizen, timer=hours, start=on, fra=current.pk)
    sent = Order.objects.create(municipality=case.municipality, decision=new, citizen=case.citizen, unit=unit,
                                ordered_on=on, ordered_by=actor,
                                message=f"Overgår fra {current.offer.name} efter tilkendt førtidspension. Borgerens "
                                        "plan og mål følger med; kontaktpersonen bliver borgerens tovholder.")
    _audit(actor, new, Event.DECISION_ORDERED, case.citizen, enhed=unit.name, bestilling=sent.pk)
    current.status, current.ended_on, current.end_reason = S.ENDED, on, "Tilkendt førtidspension: overgår til SKP"
    current.version += 1
    current.save()
    _audit(actor, current, Event.DECISION_ENDED, case.citizen, slut=on, forslag=None)
    letter = _send_letter(actor, current, Letter.Kind.END, on, letters.end_letter_html(current, reasons, on, None))
    endings.effort_ended(actor, current, on, None)
    offer_next(actor=actor, offer=current.offer, municipality=current.municipality, on=on)
    return new, letter
