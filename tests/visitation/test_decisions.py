"""Decisions: one service per transition, no transition from a wrong state, hostile input refused,
capacity and the waitlist, and the letters."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tovholder.audit.models import AuditEvent
from tovholder.layout import formats
from tovholder.visitation import letters, services
from tovholder.visitation.models import Decision, WaitlistEntry

S = Decision.Status


@pytest.fixture(autouse=True)
def _december_2026():
    """The dates below are written as days of late 2026: the tests run on one of them, whatever today is."""
    with time_machine.travel(datetime.datetime(2026, 12, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


REASONS = "Borgeren har brug for støtte til at mestre hverdagen, jf. udredningen."


def _request(world, offer, requested_on=None):
    case = services.open_case(actor=world.caseworker, citizen=world.casey)
    return services.request_offer(actor=world.caseworker, case=case, offer=offer,
                                  requested_on=requested_on or datetime.date(2026, 11, 2))


def _grant(world, decision, hours=Decimal(3), **kw):
    args = dict(actor=world.caseworker, decision=decision, version=decision.version,
                start_on=datetime.date(2026, 11, 30), review_on=datetime.date(2027, 5, 30), reasons=REASONS,
                decided_on=datetime.date(2026, 11, 20), hours_per_week=hours)
    return services.grant(**{**args, **kw})


def _case_from_request(world, citizen):
    """A caseworker takes a request about a citizen they do not know yet into casework."""
    request = services.register_request(actor=world.own_worker, source="gp", asks_for="Brug for støtte i hjemmet",
                                        received_on=datetime.date(2026, 11, 2), citizen=citizen)
    return services.open_case(actor=world.caseworker, citizen=citizen, request=request)


def test_a_case_without_a_request_needs_need_to_know(world, offers):
    with pytest.raises(PermissionDenied):
        services.open_case(actor=world.caseworker, citizen=world.anna)
    assert _case_from_request(world, world.anna).caseworker == world.caseworker


def test_full_lifecycle_is_dated_and_audited(world, offers):
    d = _request(world, offers.skp)
    assert d.status == S.REQUESTED and d.deadline_on == datetime.date(2026, 12, 28)
    d = _grant(world, d)
    assert d.status == S.GRANTED
    d = services.order(actor=world.caseworker, decision=d, on=datetime.date(2026, 11, 21))
    d = services.activate_grant(actor=world.caseworker, decision=d, on=datetime.date(2026, 11, 30))
    d = services.decide_end(actor=world.caseworker, decision=d, on=datetime.date(2026, 12, 15), reasons=REASONS)
    assert (d.status, d.ordered_on, d.activated_on, d.ended_on) == (
        S.ENDED, datetime.date(2026, 11, 21), datetime.date(2026, 11, 30), datetime.date(2026, 12, 15))
    [letter] = d.letters.all()  # the ending letter, sent on the day the end was decided
    assert letter.kind == "end" and letter.sent_on == datetime.date(2026, 12, 20) and "ophører den 15. december 2026" \
        in letter.html and "Sådan klager du" in letter.html
    actions = list(AuditEvent.objects.filter(object_type="visitation.decision", object_id=str(d.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["decision.requested", "decision.granted", "decision.ordered", "decision.activated",
                       "decision.ended"]


@pytest.mark.parametrize("transition", ["order", "activate", "end", "refuse_after_grant", "grant_twice"])
def test_no_transition_from_a_wrong_state(world, offers, transition):
    d = _request(world, offers.skp)
    with pytest.raises(ValidationError):
        if transition == "order":
            services.order(actor=world.caseworker, decision=d)
        elif transition == "activate":
            services.activate_grant(actor=world.caseworker, decision=d)
        elif transition == "end":
            services.decide_end(actor=world.caseworker, decision=d, on=datetime.date(2026, 12, 1), reasons=REASONS)
        else:
            d = _grant(world, d)
            if transition == "refuse_after_grant":
                services.refuse(actor=world.caseworker, decision=d, version=d.version, reasons=REASONS)
            else:
                _grant(world, d)


def test_two_caseworkers_deciding_at_once_one_wins(world, offers):
    d = _request(world, offers.skp)
    seen_by_first = Decision.objects.get(pk=d.pk)
    seen_by_second = Decision.objects.get(pk=d.pk)
    _grant(world, seen_by_first)
    with pytest.raises(ValidationError, match="En anden har gemt"):
        services.refuse(actor=world.caseworker, decision=seen_by_second, version=seen_by_second.version,
                        reasons=REASONS, decided_on=datetime.date(2026, 11, 20))
    assert Decision.objects.get(pk=d.pk).status == S.GRANTED


@pytest.mark.parametrize("kw, message", [
    (dict(decided_on=datetime.date(2026, 10, 1)), "før ansøgningen"),
    (dict(review_on=datetime.date(2026, 11, 29)), "efter starten"),
    (dict(start_on=datetime.date(2026, 11, 1)), "før afgørelsen"),
    (dict(hours=Decimal(-2)), "positivt"),
    (dict(hours=Decimal(0)), "positivt"),
    (dict(hours=None), "positivt"),
    (dict(hours=Decimal(500)), "ikke muligt"),
    (dict(reasons="Fordi."), "mindst 20 tegn"),
    (dict(decided_on=datetime.date(2999, 1, 1)), "fremtiden"),
])
def test_hostile_grants_are_refused_and_write_nothing(world, offers, kw, message):
    d = _request(world, offers.skp)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _grant(world, d, **kw)
    assert message in " ".join(exc.value.messages)
    assert Decision.objects.get(pk=d.pk).status == S.REQUESTED
    assert AuditEvent.objects.count() == before


def test_refusal_needs_reasons_and_the_letter_needs_a_decision(world, offers):
    d = _request(world, offers.skp)
    with pytest.raises(ValidationError, match="mindst 20 tegn"):
        services.refuse(actor=world.caseworker, decision=d, version=d.version, reasons="   ")
    with pytest.raises(ValidationError, match="endnu ikke truffet"):
        letters.pdf(letters.decision_letter_html(d))
    d = services.refuse(actor=world.caseworker, decision=d, version=d.version, reasons=REASONS,
                        decided_on=datetime.date(2026, 11, 10))
    # a refusal whose reasons were lost (e.g. imported data) cannot produce a letter
    Decision.objects.filter(pk=d.pk).update(reasons="")
    with pytest.raises(ValidationError, match="mangler en begrundelse"):
        letters.pdf(letters.decision_letter_html(Decision.objects.get(pk=d.pk)))


def test_letter_has_legal_basis_reasons_review_and_appeal(world, offers):
    d = _grant(world, _request(world, offers.skp))
    html = letters.decision_letter_html(d)
    for text in ["Afgørelse om SKP", "bevilge", "3 timer om ugen", "Serviceloven § 85", REASONS, "30. maj 2027",
                 "Sådan klager du", "4 uger", "Ankestyrelsen", world.casey.full_name]:
        assert text in html, text
    assert letters.pdf(letters.decision_letter_html(d)).startswith(b"%PDF")
    refused = services.refuse(actor=world.caseworker, decision=services.request_offer(
        actor=world.caseworker, case=d.case, offer=offers.housing), version=1, reasons=REASONS)
    assert "afslag" in letters.decision_letter_html(refused)


def test_capacity_in_hours_sends_the_citizen_to_the_waitlist(world, offers):
    first = _grant(world, _request(world, offers.skp), hours=Decimal(8))
    services.activate_grant(actor=world.caseworker, decision=first, on=datetime.date(2026, 11, 30))
    case2 = _case_from_request(world, world.anna)
    second = _grant(world, services.request_offer(actor=world.caseworker, case=case2, offer=offers.skp,
                                                  requested_on=datetime.date(2026, 11, 2)), hours=Decimal(4))
    entry = WaitlistEntry.objects.get(decision=second)
    assert entry.removed_on is None and entry.offered_on is None
    assert entry.reason == "Der er 2 timer pr. uge ledige, og bevillingen kræver 4"  # not "full" at 8 of 10
    with pytest.raises(ValidationError, match="2 timer pr. uge ledige"):
        services.activate_grant(actor=world.caseworker, decision=second)
    # the first ends: the place is offered to the next, and starting takes them off the list
    services.decide_end(actor=world.caseworker, decision=first, on=datetime.date(2026, 12, 15), reasons=REASONS)
    entry.refresh_from_db()
    assert entry.offered_on == datetime.date(2026, 12, 15)
    services.activate_grant(actor=world.caseworker, decision=second, on=datetime.date(2026, 12, 16))
    entry.refresh_from_db()
    assert entry.removed_on == datetime.date(2026, 12, 16)


def test_shared_offer_uses_the_municipality_quota(world, offers):
    first = _grant(world, _request(world, offers.flex), hours=None)
    services.order(actor=world.caseworker, decision=first, on=datetime.date(2026, 11, 21))
    case2 = _case_from_request(world, world.anna)
    second = _grant(world, services.request_offer(actor=world.caseworker, case=case2, offer=offers.flex,
                                                  requested_on=datetime.date(2026, 11, 2)), hours=None)
    assert WaitlistEntry.objects.filter(decision=second, removed_on__isnull=True).exists()


def test_waitlist_is_priority_then_date(world, offers):
    from tovholder.visitation.selectors import waitlist_for

    occupant = _grant(world, _request(world, offers.housing), hours=None)
    services.activate_grant(actor=world.caseworker, decision=occupant, on=datetime.date(2026, 11, 30))
    decisions = []
    for citizen, priority in ((world.anna, 2), (world.bo, 1)):
        case = _case_from_request(world, citizen)
        d = services.request_offer(actor=world.caseworker, case=case, offer=offers.housing,
                                   requested_on=datetime.date(2026, 11, 2))
        decisions.append(_grant(world, d, hours=None, priority=priority))
    queue = waitlist_for(world.manager, offers.housing.pk)
    assert [e.citizen for e in queue.entries] == [world.bo, world.anna]
    services.decide_end(actor=world.caseworker, decision=occupant, on=datetime.date(2026, 12, 20), reasons=REASONS)
    assert WaitlistEntry.objects.get(decision=decisions[1]).offered_on == datetime.date(2026, 12, 20)
    assert WaitlistEntry.objects.get(decision=decisions[0]).offered_on is None


def test_offers_and_citizens_of_other_municipality_are_refused(world, offers):
    case = services.open_case(actor=world.caseworker, citizen=world.casey)
    with pytest.raises(ValidationError, match="katalog"):
        services.request_offer(actor=world.caseworker, case=case, offer=offers.herlev_only)
    with pytest.raises(PermissionDenied):
        services.open_case(actor=world.caseworker, citizen=world.herlev_citizen)
    assert not Decision.objects.exists()


def test_workers_cannot_decide(world, offers):
    d = _request(world, offers.skp)
    with pytest.raises(PermissionDenied):
        _grant(world, d, actor=world.own_worker)


def test_request_change_is_prefilled_and_points_back(world, offers):
    d = services.activate_grant(actor=world.caseworker, decision=_grant(world, _request(world, offers.skp)),
                                on=datetime.date(2026, 11, 30))
    new = services.request_change(actor=world.caseworker, decision=d, hours_per_week=Decimal(6),
                                  reason="Borgeren har det værre og har brug for flere timer")
    assert (new.status, new.replaces, new.hours_per_week, new.case) == (S.REQUESTED, d, Decimal(6), d.case)
    assert new.deadline_on is not None


def test_deadline_notice(world, offers):
    d = _request(world, offers.skp)
    with pytest.raises(ValidationError, match="fremtiden"):
        services.send_deadline_notice(actor=world.caseworker, decision=d, expected_by=datetime.date(2020, 1, 1),
                                      reason="Afventer lægeerklæring")
    with pytest.raises(ValidationError, match="for langt ude i fremtiden"):  # "senest den 31. december 9999"
        services.send_deadline_notice(actor=world.caseworker, decision=d, expected_by=datetime.date(9999, 12, 31),
                                      reason="Afventer lægeerklæring")
    expected = timezone.localdate() + datetime.timedelta(days=60)
    notice = services.send_deadline_notice(actor=world.caseworker, decision=d,
                                           expected_by=expected, reason="Afventer lægeerklæring")
    assert letters.pdf(letters.deadline_notice_html(notice)).startswith(b"%PDF")
    assert formats.day(expected) in letters.deadline_notice_html(notice)
    [letter] = d.letters.all()  # kept as sent
    assert letter.kind == "deadline" and formats.day(expected) in letter.html
