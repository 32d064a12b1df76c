"""Every transition of an effort is one service, audited in its own transaction, and refused from a wrong
state — tried over many orders of operations (Hypothesis): a refused step changes nothing, an allowed
step moves the effort only along the arrows below and leaves an audit event."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import make_staff
from tovholder.accounts.principals import forget_principal
from tovholder.audit.models import AuditEvent
from tovholder.visitation import services
from tovholder.visitation.models import Decision, EndProposal, Letter, Order

S = Decision.Status
REASONS = "Borgeren har brug for støtte til at klare hverdagen i eget hjem."
TODAY = datetime.date.today

# status before -> the statuses each operation may lead to
ARROWS = {
    "grant": {S.REQUESTED: {S.GRANTED}},
    "refuse": {S.REQUESTED: {S.REFUSED}},
    "order": {S.GRANTED: {S.ORDERED}},
    "activate": {S.GRANTED: {S.ACTIVE}, S.ORDERED: {S.ACTIVE}},
    "cancel": {S.REQUESTED: {S.CANCELLED}, S.GRANTED: {S.CANCELLED}, S.ORDERED: {S.CANCELLED}},
    "decide_end": {S.ACTIVE: {S.ENDED}},
    # these leave the status as it is, where they are allowed at all
    "letter": {s: {s} for s in (S.GRANTED, S.ORDERED, S.ACTIVE, S.ENDED, S.REFUSED)},
    "accept": {S.ORDERED: {S.ORDERED}},
    "decline": {S.ORDERED: {S.GRANTED}},  # a declined order goes back: the caseworker orders again
    "propose_end": {S.ACTIVE: {S.ACTIVE}},
    "refuse_end": {S.ACTIVE: {S.ACTIVE}},
    "services": {s: {s} for s in (S.GRANTED, S.ORDERED, S.ACTIVE)},
}


def _run(op: str, world, leader, d: Decision) -> None:
    day = TODAY()
    if op == "grant":
        services.grant(actor=world.caseworker, decision=d, version=d.version, start_on=day,
                       review_on=day + datetime.timedelta(days=90), hours_per_week=Decimal(2), reasons=REASONS)
    elif op == "refuse":
        services.refuse(actor=world.caseworker, decision=d, version=d.version, reasons=REASONS)
    elif op == "order":
        services.order(actor=world.caseworker, decision=d)
    elif op == "activate":
        services.activate_grant(actor=world.caseworker, decision=d)
    elif op == "cancel":
        services.cancel(actor=world.caseworker, decision=d, reason="Borgeren er flyttet")
    elif op == "decide_end":
        services.decide_end(actor=world.caseworker, decision=d, version=d.version, on=day, reasons=REASONS)
    elif op == "letter":
        services.send_decision_letter(actor=world.caseworker, decision=d)
    elif op in ("accept", "decline"):
        order = Order.objects.filter(decision=d).order_by("-pk").first()
        if order is None:
            raise ValidationError("Ingen bestilling")
        if op == "accept":
            services.accept_order(actor=leader, order=order, version=order.version, contact_person=world.own_worker)
        else:
            services.decline_order(actor=leader, order=order, version=order.version, reason="Ingen ledig kapacitet")
    elif op == "propose_end":
        services.propose_end(actor=world.caseworker, decision=d, end_on=day, reason="Målene er nået")
    elif op == "refuse_end":
        proposal = EndProposal.objects.filter(decision=d, status=EndProposal.Status.PROPOSED).first()
        if proposal is None:
            raise ValidationError("Intet forslag")
        services.refuse_end(actor=world.caseworker, proposal=proposal, version=proposal.version,
                            answer="Indsatsen fortsætter til opfølgningen.")
    elif op == "services":
        services.change_services(actor=world.caseworker, decision=d, version=d.version, starts_on=day,
                                 services=["638f44df-6bf2-47f8-9935-b8fdc83e5bf5"] if d.services else
                                 ["d473dea2-4f6d-4f36-a8f0-260f0213f50a"], reason="Et nyt behov")


@given(ops=st.lists(st.sampled_from(sorted(ARROWS)), min_size=1, max_size=9))
@example(ops=["grant", "order", "decline", "order", "accept", "activate"])
# an order started by the caseworker is no longer the provider's need to know: its leader is refused
@example(ops=["grant", "order", "activate", "accept"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_order_of_operations_keeps_the_effort_on_its_arrows(world, sw, ops):
    with transaction.atomic():
        leader = make_staff("leder-h", world.ballerup, world.skp, "Leder", "Teamleder")
        case = services.open_case(actor=world.caseworker, citizen=world.casey,
                                  opened_on=TODAY() - datetime.timedelta(days=5))
        d = services.request_offer(actor=world.caseworker, case=case, offer=sw.skp,
                                   requested_on=TODAY() - datetime.timedelta(days=5))
        for op in ops:
            for user in (leader, world.caseworker):
                forget_principal(user)  # each step is a request of its own: who knows whom is read anew
            d = Decision.objects.get(pk=d.pk)
            before = (d.status, d.version, AuditEvent.objects.count(), Letter.objects.count(),
                      EndProposal.objects.count(), Order.objects.count())
            allowed = ARROWS[op].get(d.status)
            try:
                with transaction.atomic():
                    _run(op, world, leader, d)
            except (ValidationError, PermissionDenied):  # refused: for a wrong state, or no longer theirs
                after = Decision.objects.get(pk=d.pk)
                assert (after.status, after.version, AuditEvent.objects.count(), Letter.objects.count(),
                        EndProposal.objects.count(), Order.objects.count()) == before, (op, ops)
                continue
            after = Decision.objects.get(pk=d.pk)
            assert allowed is not None, (op, d.status, ops)  # no step from a wrong state
            assert after.status in allowed, (op, d.status, after.status, ops)
            assert AuditEvent.objects.count() > before[2], (op, ops)  # audited in the same transaction
        transaction.set_rollback(True)
