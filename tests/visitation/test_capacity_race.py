"""Two caseworkers take the last place of an offer at the same moment (issue 16): only one may win.

Each round makes an offer with one place and two granted decisions, then two threads — each with its own
database connection — meet at a barrier and order (or start) one decision each. Without a lock both read
"0 of 1 in use" and both commit: overbooked. `offers.capacity.lock_capacity` holds the offer's row
(SELECT … FOR UPDATE) before the count, so the second waits and then finds the place taken.

The threads must see rows the test committed: `committed_db` and `race` (tests/races.py).
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from tests.conftest import make_staff
from tests.races import race
from tovholder.citizens.models import Involvement
from tovholder.offers.models import Offer
from tovholder.visitation import services
from tovholder.visitation.models import Decision

S = Decision.Status
ROUNDS = 20
TODAY = datetime.date.today
REASONS = "Borgeren har brug for støtte til at klare hverdagen i eget hjem."


def _fresh(user):
    """The user read anew in the thread (the principal is cached on the user object)."""
    return get_user_model().objects.get(pk=user.pk)


def _two_granted(world, offers, n: int) -> tuple[Offer, Decision, Decision]:
    offer = Offer.objects.create(municipality=world.ballerup, name=f"Bolig {n}", legal_basis=offers.housing.legal_basis,
                                 format="residential", capacity_kind="places", capacity=Decimal(1), unit=world.skp)
    decisions = []
    for citizen in (world.casey, world.bo):
        case = citizen.cases.get(status="open")
        d = services.request_offer(actor=world.caseworker, case=case, offer=offer)
        decisions.append(services.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                                        review_on=TODAY() + datetime.timedelta(days=90), reasons=REASONS))
    return offer, decisions[0], decisions[1]


@pytest.mark.parametrize("step", ["order", "activate"])
def test_two_caseworkers_never_overbook_the_last_place(committed_db, world, offers, step):
    second = make_staff("cw2", world.ballerup, world.casework, "Sagsbehandler", "Sagsbehandler")
    Involvement.objects.create(municipality=world.ballerup, citizen=world.bo, unit=world.casework,
                               worker=world.caseworker, started_on=TODAY())
    for citizen in (world.casey, world.bo):
        services.open_case(actor=world.caseworker, citizen=citizen)
    do = services.order if step == "order" else services.activate_grant
    overbooked, refused = 0, 0
    for n in range(ROUNDS):
        offer, a, b = _two_granted(world, offers, n)
        results = race([lambda a=a: do(actor=_fresh(world.caseworker), decision=a),
                         lambda b=b: do(actor=_fresh(second), decision=b)])
        assert all(isinstance(r, (Decision, ValidationError)) for r in results), results
        taking = Decision.objects.filter(offer=offer, status__in=(S.ORDERED, S.ACTIVE)).count()
        overbooked += taking > 1
        refused += sum(isinstance(r, ValidationError) for r in results)
    assert overbooked == 0, f"{overbooked} of {ROUNDS} rounds overbooked ({connection.vendor})"
    assert refused == ROUNDS  # every round: one wins, the other is told there is no room
