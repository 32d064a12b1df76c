"""The citizen's timeline reads as the story of the case: each event once, on the day it happened, newest
first and in the order of casework within a day; a late registration says when it was typed in."""

import datetime
from decimal import Decimal

from django.urls import reverse

from tests.support.conftest import CONDITION, days
from tovholder.plans import services as plans
from tovholder.plans.models import GOAL_TYPE_DEVELOP
from tovholder.support import services as support
from tovholder.visitation import services
from tovholder.visitation.models import Order

REASONS = "Borgeren har brug for støtte til at klare hverdagen i eget hjem."


def _story(world, sw):
    request = services.register_request(actor=world.caseworker, source="third_party", asks_for="Naboen er bekymret",
                                        received_on=days(-120), citizen=world.casey, requester_name="Naboen")
    case = services.open_case(actor=world.caseworker, citizen=world.casey, request=request, opened_on=days(-118))
    services.record_assessment(actor=world.caseworker, case=case, assessed_on=days(-110), summary="Udredt",
                               scores=[{"condition": CONDITION, "functional_level": 3}])
    d = services.request_offer(actor=world.caseworker, case=case, offer=sw.skp, requested_on=days(-110))
    d = services.grant(actor=world.caseworker, decision=d, version=d.version, decided_on=days(-100),
                       start_on=days(-95), review_on=days(60), hours_per_week=Decimal(2), reasons=REASONS)
    plans.add_goal(actor=world.caseworker, citizen=world.casey, text="Jeg vil gøre rent selv",
                   goal_type=GOAL_TYPE_DEVELOP, condition=CONDITION, start_level=3, target_level=1,
                   next_follow_up_on=days(30), decision=d, created_on=days(-100))
    services.send_decision_letter(actor=world.caseworker, decision=d, sent_on=days(-99))
    d = services.order(actor=world.caseworker, decision=d, on=days(-98))
    order = Order.objects.get(decision=d)
    services.accept_order(actor=world.manager, order=order, version=order.version, contact_person=world.own_worker,
                          accepted_on=days(-97))
    episode = support.start_episode(actor=world.own_worker, citizen=world.casey, offer=sw.skp, decision=d,
                                    started_on=days(-95), hours_per_week=Decimal(2), worker=world.own_worker)
    d.refresh_from_db()
    services.change_services(actor=world.caseworker, decision=d, version=d.version, starts_on=days(-60),
                             services=["638f44df-6bf2-47f8-9935-b8fdc83e5bf5"], reason="Mere praktisk støtte")
    episode.refresh_from_db()
    support.propose_end(actor=world.own_worker, episode=episode, version=episode.version, ended_on=days(-5),
                        reason="goals_met")
    d.refresh_from_db()
    services.decide_end(actor=world.caseworker, decision=d, version=d.version, on=days(-5), reasons=REASONS)
    case.refresh_from_db()
    services.close_case(actor=world.caseworker, case=case, version=case.version, on=days(-5),
                        reason="Indsatsen er afsluttet")
    return case


def test_the_timeline_tells_the_case_once_and_in_order(client, world, sw):
    _story(world, sw)
    client.force_login(world.caseworker)
    overview = client.get(reverse("citizen", args=[world.casey.pk]))
    items = [i for i in overview.context["o"].timeline]
    texts = [i.text for i in items]
    days_ = [i.day for i in items]
    assert days_ == sorted(days_, reverse=True)
    expected_oldest_first = [
        "Henvendelse fra en anden",
        "oprettet",
        "Udredning af funktionsevne",
        "Ansøgt om SKP",
        "Bevilget: SKP",
        "Mål sat (indsatsmål): Jeg vil gøre rent selv",
        "Brev sendt: Afgørelse om SKP",
        "SKP bestilt hos SKP-teamet",
        "SKP-teamet tog imod SKP; kontaktperson",
        "SKP startede",
        "SKP: ydelserne ændret",
        "Udføreren foreslog at afslutte SKP",
        "SKP ophørte",
        "Brev sendt: Afgørelse om ophør af SKP",
        "lukket: Indsatsen er afsluttet",
    ]
    positions = []
    for fragment in expected_oldest_first:
        found = [n for n, text in enumerate(texts) if fragment in text]
        assert len(found) == 1, (fragment, [texts[n] for n in found])  # each event once
        positions.append(found[0])
    # the proposal and the ending letter are made today, about an end five days ago: they come first
    today = {"Udføreren foreslog at afslutte SKP", "Brev sendt: Afgørelse om ophør af SKP"}
    story = [p for fragment, p in zip(expected_oldest_first, positions, strict=True) if fragment not in today]
    assert story == sorted(story, reverse=True), [texts[p] for p in story]
    ended = texts.index("SKP ophørte")
    assert all(texts.index(next(t for t in texts if fragment in t)) < ended for fragment in today)
    assert not any("SKP sluttede" in t for t in texts)  # the episode's own end is not told twice


def test_a_late_registration_says_when_it_was_typed_in(client, world, sw):
    request = services.register_request(actor=world.caseworker, source="gp", asks_for="Lægen henviser",
                                        received_on=days(-30), citizen=world.casey)
    services.open_case(actor=world.caseworker, citizen=world.casey, request=request, opened_on=days(-29))
    client.force_login(world.caseworker)
    page = client.get(reverse("citizen", args=[world.casey.pk])).content.decode()
    today = datetime.date.today()
    assert f"(registreret {today.day}." in page


def test_a_citizen_registered_from_an_earlier_request_is_known_from_the_day_it_was_received(world):
    """Typed in from a letter received a month ago: the caseworker's unit is involved from that day, not
    from the day of typing; the coordinator's assignment starts then too."""
    from tovholder.citizens.models import Involvement
    from tovholder.citizens.services import create_citizen

    request = services.register_request(
        actor=world.caseworker, source="hospital", asks_for="Udskrives; brug for støtte", received_on=days(-30),
        new_citizen={"cpr": "150391-2746", "first_name": "Mikkel", "last_name": "Rasmussen"})
    involvement = Involvement.objects.get(citizen=request.citizen)
    assert involvement.started_on == days(-30)
    later = create_citizen(actor=world.caseworker, cpr="160391-2746", first_name="Maja", last_name="Rasmussen",
                           coordinator=world.caseworker, known_from=days(-10))
    assert later.coordinator_history.get().started_on == days(-10)
    assert Involvement.objects.get(citizen=later).started_on == days(-10)
