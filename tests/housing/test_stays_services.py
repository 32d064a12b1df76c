"""Every stays service: starting a stay (the longest stay, the own home, the free bed, the offer's capacity),
moving the return, preparing the § 85 support at home through visitation, ending; the warnings and figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tovholder.audit.models import AuditEvent
from tovholder.citizens.models import Involvement
from tovholder.housing import services
from tovholder.housing.events import Event
from tovholder.housing.models import Stay
from tovholder.housing.selectors import running_stays_to_watch, stay_figures
from tovholder.offers.capacity import capacity_for
from tovholder.records import StaleEditError
from tovholder.visitation.models import Decision, Order, WaitlistEntry

from .conftest import TODAY, start

REASONS = "Borgeren har brug for støtte i eget hjem efter opholdet for at fastholde stabiliteten."


def _nothing_written():
    assert not Stay.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="stay.").exists()


def test_a_stay_starts_keeps_the_home_and_takes_a_bed(world, st):
    stay = start(world, st)
    assert stay.home_address == "Rosenvej 3, 2750 Ballerup" and "Lejebolig" in stay.home_tenancy
    assert stay.entry_reason == st.discharge and stay.referred_by == "Psykiatrisk Center Ballerup"
    assert Involvement.objects.filter(citizen=world.casey, unit=st.rehab_unit, ended_on__isnull=True).exists()
    assert capacity_for(st.rehab_offer, world.ballerup).figures == "1 af 2 pladser i brug"
    assert AuditEvent.objects.filter(action=Event.STAY_STARTED, citizen=world.casey).exists()


def test_a_stay_beyond_the_longest_needs_a_reason(world, st):
    with pytest.raises(ValidationError) as exc:
        start(world, st, days=120)
    assert "højst vare 90 dage" in str(exc.value) and "beyond_max_reason" in exc.value.error_dict
    _nothing_written()
    stay = start(world, st, days=120, beyond_max_reason="Boligen skal først sættes i stand efter en vandskade.")
    assert stay.beyond_max_reason.startswith("Boligen")


def test_the_acute_place_has_its_own_longest_stay(world, st):
    with pytest.raises(ValidationError, match="højst vare 14 dage"):
        start(world, st, place=st.acute_room, days=20)
    assert start(world, st, place=st.acute_room, days=14).beyond_max_reason == ""


@pytest.mark.parametrize("change,field", [
    (dict(days=0), "planned_return_on"),
    (dict(days=-5), "planned_return_on"),
    (dict(planned_return_on=None), "planned_return_on"),
    (dict(started_on=TODAY() + datetime.timedelta(days=3)), "started_on"),
    (dict(started_on=datetime.date(1890, 1, 1)), "started_on"),
    (dict(home_address="  "), "home_address"),
    (dict(home_tenancy=""), "home_tenancy"),
    (dict(home_address="<script>x</script>"), "home_address"),
])
def test_hostile_starts_get_a_danish_message_and_write_nothing(world, st, change, field):
    with pytest.raises(ValidationError) as exc:
        start(world, st, **change)
    assert field in exc.value.error_dict
    _nothing_written()


def _casework_knows(world, citizen):
    citizen.involvements.create(municipality=world.ballerup, unit=world.casework, worker=world.caseworker,
                                started_on=TODAY())


def test_one_bed_one_stay_one_running_stay_per_citizen_and_the_offer_full(world, st):
    start(world, st)
    with pytest.raises(ValidationError, match="allerede et ophold"):
        start(world, st, place=st.acute_room, days=5)
    _casework_knows(world, world.anna)
    with pytest.raises(ValidationError, match="Bolig 1 er optaget"):
        start(world, st, citizen=world.anna)
    st.rehab_offer.capacity = Decimal(1)
    st.rehab_offer.save()
    with pytest.raises(ValidationError, match="fuldt"):
        start(world, st, citizen=world.anna, place=st.acute_room, days=5)
    assert Stay.objects.count() == 1


def test_who_may_start_a_stay(world, st):
    with pytest.raises(PermissionDenied):  # knows Anna, but does not run stays
        start(world, st, citizen=world.anna, actor=world.own_worker)
    with pytest.raises(PermissionDenied):  # runs stays, but does not know Anna
        start(world, st, citizen=world.anna, actor=world.caseworker)
    with pytest.raises(PermissionDenied):
        start(world, st, actor=world.herlev_worker)
    with pytest.raises(PermissionDenied):
        start(world, st, actor=st.rehab_worker)
    _nothing_written()


def test_moving_the_return_needs_a_reason_and_the_current_version(world, st):
    stay = start(world, st)
    new = stay.planned_return_on + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        services.move_return(actor=world.caseworker, stay=stay, version=stay.version, planned_return_on=new, reason="")
    assert "reason" in exc.value.error_dict
    moved = services.move_return(actor=st.rehab_worker, stay=stay, version=stay.version, planned_return_on=new,
                                 reason="Støtten i eget hjem starter først om to uger.")
    assert moved.planned_return_on == new and moved.version == 2
    with pytest.raises(StaleEditError):
        services.move_return(actor=world.caseworker, stay=stay, version=1, planned_return_on=new,
                             reason="Endnu en ændring af datoen.")
    beyond = services.move_return(actor=world.caseworker, stay=moved, version=2,  # the reason covers the longer stay
                                  planned_return_on=stay.started_on + datetime.timedelta(days=100),
                                  reason="Venter på, at boligen er sat i stand.")
    assert beyond.beyond_max_reason == "Venter på, at boligen er sat i stand."
    with pytest.raises(PermissionDenied):
        services.move_return(actor=world.own_worker, stay=moved, version=3, planned_return_on=new,
                             reason="Uden adgang til borgeren.")


def test_the_support_at_home_is_granted_and_ordered_through_visitation(world, st):
    stay = start(world, st)
    decision = services.prepare_home_support(actor=world.caseworker, stay=stay, offer=st.skp,
                                             hours_per_week=Decimal(3), start_on=stay.planned_return_on,
                                             reasons=REASONS, goals="Klare indkøb og økonomi selv.")
    assert decision.status == Decision.Status.ORDERED and decision.offer == st.skp
    assert decision.start_on == stay.planned_return_on and decision.hours_per_week == Decimal(3)
    assert Order.objects.get(decision=decision).unit == world.skp
    assert decision.case.citizen == world.casey and decision.case.status == "open"
    stay.refresh_from_db()
    assert stay.home_support == decision
    assert AuditEvent.objects.filter(action=Event.STAY_HOME_SUPPORT_PREPARED).count() == 1
    with pytest.raises(ValidationError, match="allerede forberedt"):
        services.prepare_home_support(actor=world.caseworker, stay=stay, offer=st.skp, hours_per_week=Decimal(2),
                                      start_on=None, reasons=REASONS)


def test_a_full_support_offer_puts_the_citizen_on_its_waitlist(world, st):
    st.skp.capacity = Decimal(2)
    st.skp.save()
    stay = start(world, st)
    decision = services.prepare_home_support(actor=world.caseworker, stay=stay, offer=st.skp,
                                             hours_per_week=Decimal(3), start_on=None, reasons=REASONS)
    assert decision.status == Decision.Status.GRANTED
    assert WaitlistEntry.objects.get(decision=decision).reason.startswith("Der er 2 timer pr. uge ledige")


def test_preparing_support_is_the_caseworkers_and_only_a_home_support_offer(world, st):
    stay = start(world, st)
    with pytest.raises(ValidationError) as exc:
        services.prepare_home_support(actor=world.caseworker, stay=stay, offer=st.rehab_offer, hours_per_week=None,
                                      start_on=None, reasons=REASONS)
    assert "offer" in exc.value.error_dict
    with pytest.raises(ValidationError, match="tidligst starte i dag"):
        services.prepare_home_support(actor=world.caseworker, stay=stay, offer=st.skp, hours_per_week=Decimal(2),
                                      start_on=TODAY() - datetime.timedelta(days=1), reasons=REASONS)
    with pytest.raises(PermissionDenied):
        services.prepare_home_support(actor=st.rehab_worker, stay=stay, offer=st.skp, hours_per_week=Decimal(2),
                                      start_on=None, reasons=REASONS)
    assert not Decision.objects.exists()


def test_ending_at_home_needs_the_support_or_a_reason_and_frees_the_bed(world, st):
    stay = start(world, st)
    with pytest.raises(ValidationError) as exc:
        services.end_stay(actor=st.rehab_worker, stay=stay, version=stay.version, ended_on=TODAY(), outcome="home")
    assert "end_note" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:  # end before start
        services.end_stay(actor=st.rehab_worker, stay=stay, version=stay.version,
                          ended_on=stay.started_on - datetime.timedelta(days=1), outcome="hospital")
    assert "ended_on" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.end_stay(actor=st.rehab_worker, stay=stay, version=stay.version, ended_on=TODAY(), outcome="moon")
    assert "outcome" in exc.value.error_dict
    stay.refresh_from_db()
    assert stay.ended_on is None and stay.version == 1
    services.prepare_home_support(actor=world.caseworker, stay=stay, offer=st.skp, hours_per_week=Decimal(2),
                                  start_on=None, reasons=REASONS)
    stay.refresh_from_db()
    ended = services.end_stay(actor=st.rehab_worker, stay=stay, version=stay.version, ended_on=TODAY(),
                              outcome="home")
    assert ended.ended_on == TODAY() and ended.outcome == Stay.Outcome.HOME
    assert not Involvement.objects.filter(citizen=world.casey, unit=st.rehab_unit, ended_on__isnull=True).exists()
    assert capacity_for(st.rehab_offer, world.ballerup).figures == "0 af 2 pladser i brug"
    with pytest.raises((ValidationError, PermissionDenied)):
        services.end_stay(actor=world.caseworker, stay=ended, version=ended.version, ended_on=TODAY(),
                          outcome="home", note="Igen, igen og igen.")


def test_a_worker_outside_the_unit_may_not_end_a_stay(world, st):
    stay = start(world, st)
    with pytest.raises(PermissionDenied):
        services.end_stay(actor=world.own_worker, stay=stay, version=stay.version, ended_on=TODAY(),
                          outcome="other", note="Forsøg uden adgang.")
    with pytest.raises(PermissionDenied):
        services.end_stay(actor=world.herlev_worker, stay=stay, version=stay.version, ended_on=TODAY(),
                          outcome="other", note="Forsøg uden adgang.")


def test_warnings_before_and_after_the_planned_return(world, st):
    today = TODAY()
    stay = start(world, st, started_on=today - datetime.timedelta(days=80), days=85)
    assert stay.warning(today) == "Planlagt hjemkomst om 5 dage"
    assert stay.warning(today + datetime.timedelta(days=5)) == "Planlagt hjemkomst i dag"
    assert stay.warning(today + datetime.timedelta(days=6)) == "Planlagt hjemkomst er overskredet med 1 dag"
    assert stay.warning(today - datetime.timedelta(days=30)) == ""
    assert [s.pk for s in running_stays_to_watch(world.caseworker, today)] == [stay.pk]
    assert running_stays_to_watch(st.rehab_worker, today)[0].warning_text == "Planlagt hjemkomst om 5 dage"
    assert running_stays_to_watch(world.other_worker, today) == []  # does not know Casey
    assert running_stays_to_watch(world.admin, today) is None  # does not work with stays


def test_figures_occupancy_average_stay_and_share_returned_home(world, st):
    today = TODAY()
    a = start(world, st, started_on=today - datetime.timedelta(days=100), days=60)
    services.end_stay(actor=world.caseworker, stay=a, version=1, ended_on=today - datetime.timedelta(days=40),
                      outcome="home", note="Klarer sig med hjælp fra familien.")
    _casework_knows(world, world.anna)
    b = start(world, st, citizen=world.anna, started_on=today - datetime.timedelta(days=30), days=10,
              place=st.acute_room)
    services.end_stay(actor=world.caseworker, stay=b, version=1, ended_on=today - datetime.timedelta(days=10),
                      outcome="hospital")
    start(world, st, started_on=today - datetime.timedelta(days=20), days=60)
    figures = stay_figures(world.ballerup.pk, today)
    assert figures.ended == 2 and figures.average_days == Decimal("40.0")  # (60 + 20) / 2
    assert figures.returned_home_percent == Decimal("50.0")
    room, acute = sorted(figures.places, key=lambda r: r.place.name != "Bolig 1")
    assert (room.running, room.bed_days, acute.running, acute.bed_days) == (1, 80, 0, 20)
    assert figures.occupancy_percent == Decimal("13.7")  # 100 bed-days of 2 × 365
