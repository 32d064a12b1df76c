"""Every service of volunteers: registering, wishes with consent, matching and agreements, outings
(never staff time), ending; hostile input gets a Danish message and writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tovholder.activities import ledger
from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.audit.models import AuditEvent
from tovholder.volunteers import services
from tovholder.volunteers.matching import rank
from tovholder.volunteers.models import Agreement, CompanionWish, Outing, Volunteer

from .conftest import days, volunteer_data, wish_data


def _counts():
    return (Volunteer.objects.count(), CompanionWish.objects.count(), Agreement.objects.count(),
            Outing.objects.count(), Occasion.objects.count(), AuditEvent.objects.count())


def test_register_and_update_a_volunteer_audited(world, coord):
    v = services.register_volunteer(actor=coord, **volunteer_data(interests=["walks", "swimming", "walks"]))
    assert v.interests == ["walks", "swimming"]  # in the table's order, once
    assert AuditEvent.objects.filter(action="volunteer.registered", object_id=str(v.pk), citizen=None).exists()
    v = services.update_volunteer(actor=coord, volunteer=v, version=1,
                                  **volunteer_data(certificate_renew_by=days(900)))
    assert v.version == 2 and v.certificate_renew_by == days(900)
    with pytest.raises(ValidationError):
        services.update_volunteer(actor=coord, volunteer=v, version=1, **volunteer_data())


def test_only_the_coordinator_registers_volunteers(world):
    for user in (world.own_worker, world.manager, world.caseworker, world.admin):
        with pytest.raises(PermissionDenied):
            services.register_volunteer(actor=user, **volunteer_data())


@pytest.mark.parametrize("over, field", [
    ({"first_name": "x" * 10_000}, "first_name"),
    ({"first_name": "  "}, "first_name"),
    ({"note": "n" * 10_000}, "note"),
    ({"interests": []}, "interests"),
    ({"interests": ["hacking"]}, "interests"),
    ({"availability": ["mon-night"]}, "availability"),
    ({"phone": "<script>"}, "phone"),
    ({"phone": "", "email": ""}, "phone"),
    ({"certificate_renew_by": None}, "certificate_renew_by"),
    ({"certificate_seen_on": days(3)}, "certificate_seen_on"),
    ({"certificate_renew_by": days(-200)}, "certificate_renew_by"),
    ({"certificate_renew_by": days(-100)}, "certificate_renew_by"),
    ({"max_agreements": 50}, "max_agreements"),
])
def test_hostile_volunteer_input_is_refused_in_danish_and_writes_nothing(world, coord, over, field):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.register_volunteer(actor=coord, **volunteer_data(**over))
    assert field in exc.value.error_dict
    assert _counts() == before


def test_year_9999_and_0001_are_refused(world, coord):
    import datetime
    with pytest.raises(ValidationError):
        services.register_volunteer(actor=coord, **volunteer_data(certificate_renew_by=datetime.date(9999, 1, 1)))
    with pytest.raises(ValidationError):
        services.register_volunteer(actor=coord, **volunteer_data(certificate_seen_on=datetime.date(1, 1, 1)))


def test_html_in_a_name_is_kept_as_text(world, coord):
    v = services.register_volunteer(actor=coord, **volunteer_data(first_name="<b>Lise</b>"))
    assert v.first_name == "<b>Lise</b>"  # escaped where it is shown (see test_pages)


def test_a_wish_needs_need_to_know_and_consent(world, coord):
    with pytest.raises(PermissionDenied):
        services.record_wish(actor=world.other_worker, citizen=world.anna, **wish_data())
    with pytest.raises(PermissionDenied):
        services.record_wish(actor=coord, citizen=world.anna, **wish_data())
    with pytest.raises(PermissionDenied):
        services.record_wish(actor=world.herlev_worker, citizen=world.anna, **wish_data())
    with pytest.raises(ValidationError) as exc:
        services.record_wish(actor=world.own_worker, citizen=world.anna, **wish_data(consent=False))
    assert "samtykke" in exc.value.error_dict["consent"][0].messages[0]
    before = _counts()
    for over in ({"contact_arrangement": "x" * 10_000}, {"meeting_place": ""}, {"interests": ["x"]},
                 {"consent_given_on": days(2)}, {"consent_given_on": None}):
        with pytest.raises(ValidationError):
            services.record_wish(actor=world.own_worker, citizen=world.anna, **wish_data(**over))
    assert _counts() == before
    wish = services.record_wish(actor=world.own_worker, citizen=world.anna, **wish_data())
    assert AuditEvent.objects.filter(action="companion_wish.recorded", citizen=world.anna).count() == 1
    with pytest.raises(ValidationError):  # one waiting wish at a time
        services.record_wish(actor=world.own_worker, citizen=world.anna, **wish_data())
    services.withdraw_wish(actor=world.own_worker, wish=wish, reason="Vil ikke alligevel")
    services.record_wish(actor=world.own_worker, citizen=world.anna, **wish_data())


def test_matching_suggests_by_interest_and_time_with_reasons_never_an_expired_certificate(world, vw):
    walker = services.register_volunteer(actor=vw["coord"], **volunteer_data(
        first_name="Walt", interests=["walks"], availability=["mon-pm"]))
    services.register_volunteer(actor=vw["coord"], **volunteer_data(
        first_name="Nat", interests=["swimming"], availability=["sun-eve"]))
    services.register_volunteer(actor=vw["coord"], **volunteer_data(first_name="Nej", consents_to_contact=False))
    suggested, left_out = rank(vw["wish"], list(Volunteer.objects.all()), day=days(0), load={})
    assert [s.volunteer.first_name for s in suggested] == ["Lise", "Walt"]  # shared interest first
    assert suggested[0].reasons[0] == "Fælles interesser: Svømning."
    assert "Mandag eftermiddag" in suggested[0].reasons[1]
    assert suggested[1].reasons[0] == "Ingen fælles interesser."
    why = {n.volunteer.first_name: n.reason for n in left_out}
    assert "udløb" in why["Ole"] and "Nat" in why and "samtykke" in why["Nej"]
    assert walker.pk in {s.volunteer.pk for s in suggested}
    full, _ = rank(vw["wish"], [vw["lise"]], day=days(0), load={vw["lise"].pk: 1})
    assert full == []


def test_an_expired_certificate_is_refused_if_chosen_and_nothing_is_written(world, vw):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["old"], starts_on=days(0),
                                 ends_on=days(200))
    assert "udløb" in exc.value.error_dict["volunteer"][0].messages[0]
    assert _counts() == before


@pytest.mark.parametrize("start, end, field", [(10, 5, "ends_on"), (10, 10, "ends_on"), (0, 5000, "ends_on"),
                                               (-800, -700, "starts_on")])
def test_an_agreement_ending_before_it_starts_is_refused(world, vw, start, end, field):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(start),
                                 ends_on=days(end))
    assert field in exc.value.error_dict
    assert _counts() == before


def test_only_the_coordinator_starts_an_agreement(world, vw):
    for user in (world.own_worker, world.manager, world.herlev_worker):
        with pytest.raises(PermissionDenied):
            services.start_agreement(actor=user, wish=vw["wish"], volunteer=vw["lise"], starts_on=days(0),
                                     ends_on=days(100))


def test_agreement_outings_count_for_the_citizen_never_as_staff_time(world, sw, vw):
    with pytest.raises(ValidationError):  # an offer that needs visitation: never
        services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(-30),
                                 ends_on=days(300), offer=sw.skp)
    a = services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(-30),
                                 ends_on=days(300), offer=sw.counselling, reasons=["Fælles interesser: Svømning."])
    assert CompanionWish.objects.get(pk=vw["wish"].pk).status == "matched"
    with pytest.raises(ValidationError):  # the volunteer is full
        services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(0),
                                 ends_on=days(30))
    outing = services.log_outing(actor=vw["coord"], agreement=a, day=days(-2), minutes=150, what="Svømmehallen",
                                 place="Ballerup Svømmehal")
    p = outing.participation
    assert (p.occasion.kind, p.status, p.minutes, p.offer_id) == ("outing", "attended", 150, sw.counselling.pk)
    assert not OccasionStaff.objects.filter(occasion=p.occasion).exists()
    mondays = [ledger.monday(days(-2))]
    assert ledger.staff_minutes_by_week(municipality_id=world.ballerup.pk, mondays=mondays) == {}
    assert [r[3] for r in ledger.citizen_minutes_by_day(municipality_id=world.ballerup.pk,
                                                        citizen_ids=[world.anna.pk])] == [150]
    # the citizen's worker (need to know) may log an outing too; a worker without need to know may not
    services.log_outing(actor=world.own_worker, agreement=a, day=days(-1), minutes=60)
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.log_outing(actor=world.other_worker, agreement=a, day=days(-1), minutes=60)
    for day, minutes in ((days(1), 60), (days(-40), 60), (days(-1), 0), (days(-1), 10_000), (None, 60)):
        with pytest.raises(ValidationError):
            services.log_outing(actor=vw["coord"], agreement=a, day=day, minutes=minutes)
    with pytest.raises(ValidationError):
        services.log_outing(actor=vw["coord"], agreement=a, day=days(-1), minutes=60, what="x" * 10_000)
    assert _counts() == before
    assert Participation.objects.filter(citizen=world.anna, occasion__kind="outing").count() == 2


def test_an_agreement_without_offer_counts_under_no_offer(world, vw):
    a = services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(-3),
                                 ends_on=days(300))
    outing = services.log_outing(actor=vw["coord"], agreement=a, day=days(-1), minutes=90)
    assert outing.participation.offer_id is None
    assert ledger.citizen_minutes_by_day(municipality_id=world.ballerup.pk, citizen_ids=[world.anna.pk]) == []


def test_ending_an_agreement(world, vw):
    a = services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(-30),
                                 ends_on=days(300))
    before = _counts()
    for ended_on, reason, note in ((days(-31), "citizen_stops", ""), (days(2), "citizen_stops", ""),
                                   (days(-1), "bored", ""), (days(-1), "other", ""),
                                   (days(-1), "other", "x" * 10_000), (None, "citizen_stops", "")):
        with pytest.raises(ValidationError):
            services.end_agreement(actor=vw["coord"], agreement=a, ended_on=ended_on, reason=reason, note=note)
    with pytest.raises(PermissionDenied):
        services.end_agreement(actor=world.other_worker, agreement=a, ended_on=days(-1), reason="citizen_stops")
    assert _counts() == before
    a = services.end_agreement(actor=vw["coord"], agreement=a, ended_on=days(-1), reason="citizen_stops",
                               version=a.version)
    assert a.ended_on == days(-1)
    assert AuditEvent.objects.filter(action="companion_agreement.ended", citizen=world.anna).exists()
    with pytest.raises(ValidationError):
        services.log_outing(actor=vw["coord"], agreement=a, day=days(-1), minutes=60)
    with pytest.raises(ValidationError):
        services.end_agreement(actor=vw["coord"], agreement=a, ended_on=days(-1), reason="citizen_stops")
    # after the end, the citizen may wish again
    services.record_wish(actor=world.own_worker, citizen=world.anna, **wish_data())


def test_a_withdrawn_wish_cannot_be_matched(world, vw):
    services.withdraw_wish(actor=vw["coord"], wish=vw["wish"], reason="Borgeren har trukket samtykket tilbage")
    with pytest.raises(ValidationError):
        services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(0),
                                 ends_on=days(30))
    with pytest.raises(ValidationError):
        services.withdraw_wish(actor=vw["coord"], wish=vw["wish"], reason="igen")
