"""Two at once for the last place (issue 13): two caseworkers order the last place of Ballerup's quota in Flex
Bostøtte, or start a stay on the last free bed, at the same moment – exactly one wins, the other is told why.
Each round runs on two real connections (`committed_db`, `race`: tests/races.py), on SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from tests.conftest import make_staff
from tests.races import race
from tovholder.citizens.models import Involvement
from tovholder.housing import services
from tovholder.housing.models import Stay, StayPlace
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision

ROUNDS = 10
TODAY = datetime.date.today
REASONS = "Borgeren har brug for døgndækket støtte i eget hjem i stedet for et botilbud."


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def _second_caseworker(world):
    second = make_staff("cw2", world.ballerup, world.casework, "Sagsbehandler", "Sagsbehandler")
    Involvement.objects.create(municipality=world.ballerup, citizen=world.bo, unit=world.casework,
                               worker=world.caseworker, started_on=TODAY())
    return second


def test_two_orders_for_the_last_quota_place_one_wins(committed_db, world, st):
    second = _second_caseworker(world)
    cases = [visitation.open_case(actor=world.caseworker, citizen=c) for c in (world.casey, world.bo)]
    overbooked, refused = 0, 0
    for _ in range(ROUNDS):
        decisions = []
        for case in cases:
            d = visitation.request_offer(actor=world.caseworker, case=case, offer=st.flex)
            decisions.append(visitation.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                                              review_on=TODAY() + datetime.timedelta(days=90), reasons=REASONS))
        a, b = decisions
        results = race([lambda a=a: visitation.order(actor=_fresh(world.caseworker), decision=a),
                        lambda b=b: visitation.order(actor=_fresh(second), decision=b)])
        assert all(isinstance(r, (Decision, ValidationError)) for r in results), results
        taking = Decision.objects.filter(offer=st.flex, status__in=("ordered", "active"))
        overbooked += taking.count() > 1
        refused += sum(isinstance(r, ValidationError) and "fuldt (1 af 1" in str(r) for r in results)
        for d in Decision.objects.filter(offer=st.flex, status__in=("granted", "ordered")):
            visitation.cancel(actor=world.caseworker, decision=d, reason="Næste runde")
    assert overbooked == 0, f"{overbooked} of {ROUNDS} rounds overbooked ({connection.vendor})"
    assert refused == ROUNDS


def test_two_stays_on_the_last_bed_one_wins(committed_db, world, st):
    second = _second_caseworker(world)
    st.rehab_offer.capacity = Decimal(1)
    st.rehab_offer.save()
    overbooked, refused = 0, 0
    for n in range(ROUNDS):
        place = StayPlace.objects.create(municipality=world.ballerup, place_type=st.rehab, name=f"Bolig {n + 10}",
                                         capacity=2)  # two beds on the place, one in the offer: the offer decides

        def go(actor, citizen, place=place):
            return services.start_stay(actor=_fresh(actor), citizen=citizen, place=place, entry_reason=st.discharge,
                                       started_on=TODAY(), planned_return_on=TODAY() + datetime.timedelta(days=30),
                                       home_address="Rosenvej 3", home_tenancy="Lejebolig; huslejen betales")

        results = race([lambda: go(world.caseworker, world.casey), lambda: go(second, world.bo)])
        assert all(isinstance(r, (Stay, ValidationError)) for r in results), results
        overbooked += Stay.objects.filter(ended_on__isnull=True).count() > 1
        refused += sum(isinstance(r, ValidationError) for r in results)
        for stay in Stay.objects.filter(ended_on__isnull=True):
            services.end_stay(actor=world.caseworker, stay=stay, version=None, ended_on=TODAY(), outcome="other",
                              note="Næste runde")
    assert overbooked == 0, f"{overbooked} of {ROUNDS} rounds overbooked ({connection.vendor})"
    assert refused == ROUNDS
