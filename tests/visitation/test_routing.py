"""The routing rules from the seeds, as data, checked over ages and needs."""

import datetime

import time_machine
from hypothesis import given
from hypothesis import strategies as st

from tovholder.offers.models import Offer
from tovholder.visitation.demo import RULES
from tovholder.visitation.models import Need, RoutingRule
from tovholder.visitation.routing import suggest

OFFERS = {name: Offer(pk=i, name=name) for i, name in enumerate(sorted({r[7] for r in RULES}), start=1)}
UNG, SKP, ASF, KOMP, INTEG = (
    "Ballerup Ungeindsats – mentorforløb", "SKP – støtte-kontaktperson-ordning", "ASF-tilbud (autismespektrum)",
    "SKP kompetenceteam", "Projekt integreret indsats (dobbeltdiagnose)")


def _rules():
    rules = []
    for i, (order, name, low, high, all_, any_, none, offer, why) in enumerate(RULES, start=1):
        rule = RoutingRule(pk=i, order=order, name=name, min_age=low, max_age=high, needs_all=list(all_),
                           needs_any=list(any_), needs_none=list(none), offer=OFFERS[offer], explanation=why)
        rules.append(rule)
    return rules


def names(age, needs=()):
    return [s.offer_name for s in suggest(_rules(), age=age, needs=needs)]


needs_strategy = st.sets(st.sampled_from(list(Need.values)))


@given(st.integers(min_value=16, max_value=100), needs_strategy)
def test_age_rules(age, needs):
    found = names(age, needs)
    pension = Need.EARLY_PENSION in needs
    assert (UNG in found) == (age < 30 and not pension)
    assert (SKP in found) == (age >= 30 or pension)
    assert (ASF in found) == (18 <= age <= 30 and Need.AUTISM in needs)
    heavy = {Need.OUTWARD, Need.ADHD, Need.EATING, Need.OCD, Need.SUBSTANCE}
    assert (KOMP in found) == (18 <= age <= 65 and bool(heavy & needs))
    assert (INTEG in found) == (age >= 18 and {Need.MENTAL_ILLNESS, Need.SUBSTANCE} <= needs)
    assert len(found) == len(set(found))  # one suggestion per offer


def test_each_suggestion_says_why():
    suggestion = suggest(_rules(), age=24, needs=[Need.AUTISM])
    assert [s.offer_name for s in suggestion] == [UNG, ASF]
    assert "mentorforløb" in suggestion[0].explanation


def test_inactive_rules_suggest_nothing():
    rules = _rules()
    for rule in rules:
        rule.active = False
    assert suggest(rules, age=40, needs=[]) == []


def test_citizen_turning_30_during_the_case(client, world):
    """The suggestion follows the citizen's age on the day the caseworker looks."""
    from tovholder.citizens.models import Citizen
    from tovholder.visitation import services
    from tovholder.visitation.models import RoutingRule as Rule

    for order, name, low, high, all_, any_, none, offer, why in RULES[:3]:
        real, _ = Offer.objects.get_or_create(municipality=world.ballerup, name=offer,
                                              defaults=dict(format="individual", capacity_kind="open"))
        Rule.objects.create(municipality=world.ballerup, order=order, name=name, min_age=low, max_age=high,
                            needs_all=list(all_), needs_any=list(any_), needs_none=list(none), offer=real,
                            explanation=why)
    citizen = Citizen.objects.create(municipality=world.ballerup, cpr="0112961234",
                                     birth_date=datetime.date(1996, 12, 1), first_name="Tore", last_name="Tredive")
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)):
        request = services.register_request(actor=world.caseworker, source="citizen", asks_for="Støtte",
                                            received_on=datetime.date(2026, 11, 30), citizen=citizen)
        case = services.open_case(actor=world.caseworker, citizen=citizen, request=request)
        client.force_login(world.caseworker)
        before = client.get(f"/visitation/sager/{case.pk}/").context["v"].suggestions
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, tzinfo=datetime.UTC)):
        client.force_login(world.caseworker)  # the session of two days ago has expired
        after = client.get(f"/visitation/sager/{case.pk}/").context["v"].suggestions
    assert [s.offer_name for s in before] == [UNG]
    assert [s.offer_name for s in after] == [SKP]
