"""Episodes: start from a grant or without visitation, intensity within the granted scope, pause,
end with a klippekort and return on it in one action."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tovholder.activities.models import Occasion
from tovholder.audit.models import AuditEvent
from tovholder.records import StaleEditError
from tovholder.support import services
from tovholder.support.delivered import klippekort_balance
from tovholder.support.models import Episode, IntensityChange, Klippekort
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision, EndProposal

from .conftest import days, start


def test_starting_on_a_grant_sets_the_grant_going(world, sw):
    episode = start(world, sw)
    sw.grant.refresh_from_db()
    assert sw.grant.status == Decision.Status.ACTIVE and sw.grant.activated_on == days(-28)
    assert episode.granted_hours == Decimal(3) and episode.source_display == "Bevilling"
    assert episode.intensity_changes.get().reason == "Forløbet starter"
    assert AuditEvent.objects.filter(action="episode.started", citizen=world.anna, actor=world.own_worker).exists()
    assert AuditEvent.objects.filter(action="decision.activated", citizen=world.anna).exists()


def test_help_without_visitation_needs_no_decision(world, sw):
    episode = services.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.group,
                                     started_on=days(0), hours_per_week=Decimal("1.5"), mode="group")
    assert episode.decision is None and episode.source_display == "Uden visitation"


def test_an_offer_that_needs_visitation_cannot_start_without_a_grant(world, sw):
    with pytest.raises(ValidationError, match="kræver en bevilling"):
        services.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.skp, started_on=days(0),
                               hours_per_week=Decimal(2))


@pytest.mark.parametrize("kw, message", [
    (dict(on=days(3)), "fremtiden"),
    (dict(hours="4"), "ud over bevillingen"),
    (dict(hours="0"), "mere end 0"),
    (dict(hours="61"), "mellem 0 og 60"),
])
def test_starting_refuses_bad_input(world, sw, kw, message):
    with pytest.raises(ValidationError, match=message):
        start(world, sw, **kw)
    assert not Episode.objects.exists()
    sw.grant.refresh_from_db()
    assert sw.grant.status == Decision.Status.GRANTED


def test_one_running_episode_per_grant(world, sw):
    start(world, sw)
    with pytest.raises(ValidationError):
        start(world, sw)


def test_other_worker_and_other_municipality_cannot_start(world, sw):
    with pytest.raises(PermissionDenied):
        services.start_episode(actor=world.other_worker, citizen=world.anna, offer=sw.group, started_on=days(0),
                               hours_per_week=Decimal(1), mode="group")
    with pytest.raises(PermissionDenied):
        services.start_episode(actor=world.herlev_worker, citizen=world.anna, offer=sw.group, started_on=days(0),
                               hours_per_week=Decimal(1), mode="group")
    with pytest.raises(PermissionDenied):  # a manager sees Anna but gives no support
        services.start_episode(actor=world.manager, citizen=world.anna, offer=sw.group, started_on=days(0),
                               hours_per_week=Decimal(1), mode="group")


def test_contact_person_must_know_the_citizen(world, sw):
    with pytest.raises(ValidationError, match="arbejdsområde"):
        start(world, sw, worker=world.other_worker)


def test_first_meeting_records_the_expectation_alignment(world, sw):
    episode = start(world, sw)
    services.record_first_meeting(actor=world.own_worker, episode=episode, version=episode.version,
                                  met_on=days(-27), expectations="Anna tager selv del: hun skriver dagsordenen.")
    episode.refresh_from_db()
    assert episode.first_meeting_on == days(-27) and "dagsordenen" in episode.expectations
    with pytest.raises(ValidationError, match="før forløbets start"):
        services.record_first_meeting(actor=world.own_worker, episode=episode, version=episode.version,
                                      met_on=days(-40), expectations="Et møde før forløbet startede")


def test_intensity_moves_within_scope_and_shows_as_a_timeline(world, sw):
    episode = start(world, sw, mode="individual", hours="2")
    services.change_intensity(actor=world.own_worker, episode=episode, version=episode.version, starts_on=days(-14),
                              mode="mixed", hours_per_week=Decimal(3), reason="Anna vil gerne i gruppeforløb")
    episode.refresh_from_db()
    services.pause_episode(actor=world.own_worker, episode=episode, version=episode.version, starts_on=days(-7),
                           reason="Indlagt på psykiatrisk afdeling")
    episode.refresh_from_db()
    services.change_intensity(actor=world.own_worker, episode=episode, version=episode.version, starts_on=days(0),
                              mode="individual", hours_per_week=Decimal("1.5"), reason="Udskrevet, genoptager")
    changes = list(IntensityChange.objects.filter(episode=episode).values_list("mode", "hours_per_week"))
    assert changes == [("individual", Decimal(2)), ("mixed", Decimal(3)), ("paused", Decimal(0)),
                       ("individual", Decimal("1.5"))]
    episode.refresh_from_db()
    assert (episode.mode, episode.hours_per_week, episode.version) == ("individual", Decimal("1.5"), 4)


@pytest.mark.parametrize("kw, message", [
    (dict(starts_on=days(-40)), "før forløbets start"),
    (dict(starts_on=days(100)), "90 dage"),
    (dict(reason="ok"), "mindst 5 tegn"),
    (dict(mode="paused", hours_per_week=Decimal(1)), "0 timer"),
    (dict(hours_per_week=Decimal("3.5")), "ud over bevillingen på 3 timer"),
    (dict(mode="individual", hours_per_week=Decimal(2)), "intet er ændret"),
])
def test_intensity_refuses_bad_changes(world, sw, kw, message):
    episode = start(world, sw)
    data = dict(starts_on=days(0), mode="mixed", hours_per_week=Decimal(2), reason="En god begrundelse")
    with pytest.raises(ValidationError, match=message):
        services.change_intensity(actor=world.own_worker, episode=episode, version=episode.version, **{**data, **kw})
    assert episode.intensity_changes.count() == 1


def test_group_support_is_beyond_an_individual_offer(world, sw):
    decision = Decision.objects.create(municipality=world.ballerup, case=sw.case, citizen=world.anna, offer=sw.komp,
                                       status=Decision.Status.ACTIVE, requested_on=days(-50), decided_on=days(-40),
                                       activated_on=days(-30), hours_per_week=Decimal(5))
    episode = services.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.komp, decision=decision,
                                     started_on=days(-10), hours_per_week=Decimal(2))
    with pytest.raises(services.BeyondScopeError, match="kun individuel"):
        services.change_intensity(actor=world.own_worker, episode=episode, version=episode.version,
                                  starts_on=days(0), mode="group", hours_per_week=Decimal(2), reason="Gruppe nu")


def test_beyond_scope_requests_a_prefilled_decision(world, sw):
    episode = start(world, sw)
    new = services.request_more_hours(actor=world.own_worker, episode=episode, hours_per_week=Decimal(5),
                                      reason="Anna har brug for mere støtte efter udskrivning")
    assert new.status == Decision.Status.REQUESTED and new.replaces == episode.decision
    assert new.hours_per_week == Decimal(5) and new.goals == "Klare egen bolig"
    assert AuditEvent.objects.filter(action="episode.more_hours_requested").exists()


def test_intensity_page_offers_the_request_when_beyond_scope(client, world, sw):
    episode = start(world, sw)
    client.force_login(world.own_worker)
    url = reverse("episode_intensity", args=[world.anna.pk, episode.pk])
    data = dict(version=episode.version, starts_on=days(0), mode="individual", hours_per_week="6",
                reason="Hun har brug for mere")
    response = client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 200 and "ud over bevillingen" in text
    assert "Bed sagsbehandleren om en ny afgørelse" in text
    response = client.post(url, {**data, "request_decision": "on"})
    assert response.status_code == 302
    assert Decision.objects.filter(replaces=sw.grant, status=Decision.Status.REQUESTED).count() == 1
    episode.refresh_from_db()
    assert episode.hours_per_week == Decimal(2)


def test_stale_intensity_change_is_refused(world, sw):
    episode = start(world, sw)
    version = episode.version
    services.change_intensity(actor=world.own_worker, episode=episode, version=version, starts_on=days(0),
                              mode="mixed", hours_per_week=Decimal(3), reason="Første ændring")
    with pytest.raises(StaleEditError, match="ændret af Own Testesen"):
        services.change_intensity(actor=world.own_worker, episode=episode, version=version, starts_on=days(0),
                                  mode="individual", hours_per_week=Decimal(1), reason="Anden ændring")


def test_ending_gives_a_klippekort_and_a_return_is_one_action(world, sw):
    """Under a grant the provider proposes the end (with the klippekort); the caseworker decides it, and
    the episode ends with it."""
    episode = start(world, sw)
    [future] = services.plan_appointments(
        actor=world.own_worker, citizen=world.anna, episode=episode,
        starts_at=datetime.datetime.combine(days(5), datetime.time(10), tzinfo=datetime.UTC), minutes=60)
    with pytest.raises(ValidationError, match="Foreslå afslutningen"):
        services.end_episode(actor=world.own_worker, episode=episode, version=episode.version, ended_on=days(-1),
                             reason="goals_met")
    services.propose_end(actor=world.own_worker, episode=episode, version=episode.version, ended_on=days(-1),
                         reason="goals_met", klippekort_hours=Decimal(10), klippekort_valid_until=days(180))
    episode.refresh_from_db()
    assert episode.ended_on is None  # the support goes on until the caseworker decides
    visitation.decide_end(actor=world.caseworker, decision=sw.grant, on=days(-1),
                          reasons="Anna har nået sine mål og klarer nu hverdagen selv.")
    episode.refresh_from_db()
    card = Klippekort.objects.get(from_episode=episode)
    assert episode.ended_on == days(-1) and card.hours == Decimal(10) and card.valid_from == days(-1)
    future.refresh_from_db()
    assert future.status == Occasion.Status.CANCELLED and future.participations.get().status == "cancelled"
    sw.grant.refresh_from_db()
    assert sw.grant.status == Decision.Status.ENDED
    assert klippekort_balance(card) == Decimal(10)

    back = services.return_on_klippekort(actor=world.own_worker, klippekort=card)
    assert back.klippekort == card and back.offer == sw.skp and back.worker == world.own_worker
    assert back.decision is None and back.source_display == "Klippekort"
    with pytest.raises(ValidationError, match="allerede et forløb"):
        services.return_on_klippekort(actor=world.own_worker, klippekort=card)


def _without_grant(world, sw):
    """An episode the provider ends on its own (help without visitation)."""
    return services.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.counselling,
                                  started_on=days(-28), hours_per_week=Decimal(1))


def test_klippekort_outside_its_period_is_refused(world, sw):
    episode = _without_grant(world, sw)
    services.end_episode(actor=world.own_worker, episode=episode, version=episode.version, ended_on=days(-1),
                         reason="own_wish", klippekort_hours=Decimal(5), klippekort_valid_until=days(30))
    card = Klippekort.objects.get()
    with pytest.raises(ValidationError, match="gælder fra"):
        services.return_on_klippekort(actor=world.own_worker, klippekort=card, on=days(31))


@pytest.mark.parametrize("kw, message", [
    (dict(ended_on=days(2)), "fremtiden"),
    (dict(ended_on=days(-60)), "før forløbets start"),
    (dict(reason="nonsense"), "Vælg hvorfor"),
    (dict(reason="other"), "bemærkning"),
    (dict(klippekort_hours=Decimal(500)), "mellem 1 og 100"),
    (dict(klippekort_valid_until=days(-5)), "efter forløbets afslutning"),
    (dict(klippekort_valid_until=days(900)), "to år"),
])
def test_ending_refuses_bad_input(world, sw, kw, message):
    episode = _without_grant(world, sw)
    data = dict(ended_on=days(0), reason="goals_met", klippekort_hours=Decimal(8), klippekort_valid_until=days(90))
    with pytest.raises(ValidationError, match=message):
        services.end_episode(actor=world.own_worker, episode=episode, version=episode.version, **{**data, **kw})
    episode.refresh_from_db()
    assert episode.ended_on is None and not Klippekort.objects.exists()


def test_ending_before_the_last_intensity_change_is_refused(world, sw):
    episode = _without_grant(world, sw)
    services.pause_episode(actor=world.own_worker, episode=episode, version=episode.version, starts_on=days(-3),
                           reason="Borgeren er på ferie")
    episode.refresh_from_db()
    with pytest.raises(ValidationError, match="ændring af intensiteten"):
        services.end_episode(actor=world.own_worker, episode=episode, version=episode.version, ended_on=days(-5),
                             reason="own_wish")


@pytest.mark.parametrize("kw, message", [
    (dict(ended_on=days(-60)), "før forløbets start"),
    (dict(reason="nonsense"), "Vælg hvorfor"),
    (dict(reason="other"), "bemærkning"),
    (dict(klippekort_hours=Decimal(500), klippekort_valid_until=days(90)), "mellem 1 og 100"),
])
def test_a_bad_proposal_to_end_changes_nothing(world, sw, kw, message):
    episode = start(world, sw)
    with pytest.raises(ValidationError, match=message):
        services.propose_end(actor=world.own_worker, episode=episode, version=episode.version,
                             **{"ended_on": days(0), "reason": "goals_met", **kw})
    assert not EndProposal.objects.exists()


def test_a_proposal_may_lie_ahead_and_waits_alone(world, sw):
    episode = start(world, sw)
    proposal = services.propose_end(actor=world.own_worker, episode=episode, version=episode.version,
                                    ended_on=days(14), reason="own_wish", note="Anna vil klare sig selv.")
    assert proposal.end_on == days(14) and proposal.reason == "Borgerens eget ønske"
    with pytest.raises(ValidationError, match="venter på sagsbehandleren"):
        services.propose_end(actor=world.own_worker, episode=episode, version=episode.version,
                             ended_on=days(7), reason="own_wish")
    # the caseworker refuses: the support goes on, and a new proposal may come later
    visitation.refuse_end(actor=world.caseworker, proposal=proposal, version=proposal.version,
                          answer="Vi følger op om tre måneder først.")
    episode.refresh_from_db()
    assert episode.ended_on is None and Decision.objects.get(pk=sw.grant.pk).status == Decision.Status.ACTIVE
    with pytest.raises(ValidationError, match="allerede besvaret"):
        visitation.refuse_end(actor=world.caseworker, proposal=proposal, version=None, answer="Igen, igen, igen.")
    services.propose_end(actor=world.own_worker, episode=episode, version=episode.version, ended_on=days(0),
                         reason="own_wish")
