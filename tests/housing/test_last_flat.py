"""Two workers move two citizens into the last vacant flat at the same moment, on two real database
connections: exactly one moves in, the other gets a Danish message and nothing is written for them (the
offer's row is locked before the flat is counted free, ADR 0012). Ten rounds, on SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import make_citizen, make_staff
from tests.races import race
from tovholder.accounts.models import Unit
from tovholder.housing import services
from tovholder.housing.models import Flat, Residency
from tovholder.offers.models import Offer
from tovholder.tenancy.models import Municipality
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Case, Order

ROUNDS = 10


def _day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _move_in(user_id, order_id, flat_id):
    return services.move_in(actor=get_user_model().objects.get(pk=user_id), order=Order.objects.get(pk=order_id),
                            flat=Flat.objects.get(pk=flat_id), moved_in_on=_day(0))


def test_two_move_ins_for_the_last_flat(committed_db):
    m = Municipality.objects.create(code="997", name="Samtidighedsprøve")
    unit = Unit.objects.create(municipality=m, name="Skolehaven", kind="housing")
    casework = Unit.objects.create(municipality=m, name="Visitation", kind="casework")
    caseworker = make_staff("samt-sagsb", m, casework, "Sagsbehandler", "Sagsbehandler")
    leader = make_staff("samt-leder", m, unit, "Leder", "Leder")
    workers = [make_staff("samt-a", m, unit, "Medarbejder"), make_staff("samt-b", m, unit, "Medarbejder")]
    offer = Offer.objects.create(municipality=m, name="Skolehaven", format="residential", capacity_kind="places",
                                 capacity=Decimal(2 * ROUNDS), unit=unit)
    for n in range(ROUNDS):
        flat = Flat.objects.create(municipality=m, offer=offer, number=str(n + 1), size_m2=Decimal(40), floor=0)
        orders = []
        for i in (0, 1):
            citizen = make_citizen(m, f"0101{50 + n:02d}{4000 + 2 * n + i:04d}", f"R{n}{i}", "Samtidig")
            case = Case.objects.create(municipality=m, citizen=citizen, caseworker=caseworker, opened_on=_day(-30))
            d = visitation.request_offer(actor=caseworker, case=case, offer=offer, requested_on=_day(-20))
            d = visitation.grant(actor=caseworker, decision=d, version=d.version, start_on=_day(-5),
                                 review_on=_day(100), decided_on=_day(-10), reasons="Behov for hjælp i hverdagen her.")
            visitation.order(actor=caseworker, decision=d, on=_day(-5))
            order = Order.objects.get(decision=d)
            orders.append(visitation.accept_order(actor=leader, order=order, version=order.version,
                                                  contact_person=workers[i], accepted_on=_day(-1)))
        results = race([lambda i=i, orders=orders, flat=flat: _move_in(workers[i].pk, orders[i].pk, flat.pk)
                        for i in (0, 1)])
        won = [r for r in results if isinstance(r, Residency)]
        lost = [r for r in results if isinstance(r, ValidationError)]
        assert len(won) == 1 and len(lost) == 1, results
        assert "ikke ledig" in " ".join(lost[0].messages) or "samme øjeblik" in " ".join(lost[0].messages)
        assert Residency.objects.filter(flat=flat).count() == 1
        loser = orders[0] if won[0].order_id == orders[1].pk else orders[1]
        assert Order.objects.get(pk=loser.pk).status == Order.Status.ACCEPTED  # nothing written for the loser
