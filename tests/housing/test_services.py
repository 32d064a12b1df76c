"""Every housing service for flats: what it writes and what it refuses (a Danish message, nothing written)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AuditEvent
from tovholder.housing import services
from tovholder.housing.models import Flat, HelpKind, HouseMeeting, Meal, Residency, WeeklyHelp
from tovholder.offers.capacity import capacity_for
from tovholder.visitation.models import Decision, EndProposal, Order

from .conftest import accepted_order, days, new_citizen

pytestmark = pytest.mark.django_db


def test_add_flat(world, fw):
    flat = services.add_flat(actor=world.manager, offer=fw.offer, number="12", size_m2="52,5".replace(",", "."),
                             floor=1, accessible=True)
    assert (flat.number, str(flat.size_m2), flat.floor, flat.accessible) == ("12", "52.5", 1, True)
    assert AuditEvent.objects.filter(action="flat.added").exists()
    with pytest.raises(ValidationError, match="allerede en lejlighed nummer 12"):
        services.add_flat(actor=world.manager, offer=fw.offer, number="12", size_m2=40, floor=1, accessible=False)
    with pytest.raises(ValidationError, match="mellem 10 og 300"):
        services.add_flat(actor=world.manager, offer=fw.offer, number="13", size_m2=-4, floor=1, accessible=False)
    with pytest.raises(PermissionDenied):
        services.add_flat(actor=fw.worker, offer=fw.offer, number="14", size_m2=40, floor=1, accessible=False)
    assert Flat.objects.filter(offer=fw.offer).count() == 4


def test_move_in_from_an_accepted_order_starts_the_effort(world, fw):
    erik = new_citizen(world, "0505751238", "Erik")
    order = accepted_order(world, fw, erik)
    residency = services.move_in(actor=fw.worker, order=order, flat=fw.flats[1], moved_in_on=days(-2),
                                 planned_move_out_on=days(300))
    assert residency.flat == fw.flats[1] and residency.decision_id == order.decision_id
    decision = Decision.objects.get(pk=order.decision_id)
    assert decision.status == Decision.Status.ACTIVE and decision.activated_on == days(-2)
    assert Order.objects.get(pk=order.pk).status == Order.Status.STARTED
    assert AuditEvent.objects.filter(action="flat.moved_in", citizen=erik).exists()
    # one place in use, counted once (the running grant; the residency is not counted twice)
    assert capacity_for(fw.offer, world.ballerup).used == 1


def test_move_in_refuses_an_occupied_flat_and_a_second_flat(world, fw, resident):
    other = new_citizen(world, "0606761239", "Frida")
    order = accepted_order(world, fw, other)
    with pytest.raises(ValidationError, match="ikke ledig"):
        services.move_in(actor=fw.worker, order=order, flat=fw.flats[0], moved_in_on=days(-1))
    assert Residency.objects.count() == 1
    assert Decision.objects.get(pk=order.decision_id).status == Decision.Status.ORDERED
    # a second order for Erik cannot give him two flats
    again = accepted_order(world, fw, resident.citizen)
    with pytest.raises(ValidationError, match="bor allerede"):
        services.move_in(actor=fw.worker, order=again, flat=fw.flats[1], moved_in_on=days(-1))
    assert Residency.objects.count() == 1


def test_move_in_needs_an_accepted_order_and_a_flat_of_the_offer(world, fw, sw):
    erik = new_citizen(world, "0505751238", "Erik")
    order = accepted_order(world, fw, erik)
    other_offer_flat = Flat.objects.create(municipality=world.ballerup, offer=sw.skp, number="X", size_m2=30, floor=0)
    with pytest.raises(ValidationError, match="hører ikke til"):
        services.move_in(actor=fw.worker, order=order, flat=other_offer_flat, moved_in_on=days(-1))
    with pytest.raises(ValidationError, match="før modtagelsen"):
        services.move_in(actor=fw.worker, order=order, flat=fw.flats[1], moved_in_on=days(-20))
    with pytest.raises(ValidationError, match="før indflytningen"):
        services.move_in(actor=fw.worker, order=order, flat=fw.flats[1], moved_in_on=days(-1),
                         planned_move_out_on=days(-3))
    Order.objects.filter(pk=order.pk).update(status=Order.Status.SENT)
    with pytest.raises(ValidationError, match="taget imod"):
        services.move_in(actor=fw.worker, order=order, flat=fw.flats[1], moved_in_on=days(-1))
    assert not Residency.objects.exists()


def test_move_in_needs_to_know(world, fw):
    erik = new_citizen(world, "0505751238", "Erik")
    order = accepted_order(world, fw, erik)
    with pytest.raises(PermissionDenied):
        services.move_in(actor=world.own_worker, order=order, flat=fw.flats[1], moved_in_on=days(-1))
    assert not Residency.objects.exists()


def test_plan_move_out(world, fw, resident):
    r = services.plan_move_out(actor=fw.worker, residency=resident, version=resident.version, planned_on=days(60))
    assert r.planned_move_out_on == days(60)
    with pytest.raises(ValidationError, match="før indflytningen"):
        services.plan_move_out(actor=fw.worker, residency=r, version=r.version, planned_on=days(-30))
    assert Residency.objects.get(pk=r.pk).planned_move_out_on == days(60)


def test_move_out_frees_the_flat_and_proposes_the_end(world, fw, resident):
    with pytest.raises(ValidationError, match="før indflytningen"):
        services.move_out(actor=fw.worker, residency=resident, version=resident.version, moved_out_on=days(-9),
                          reason="Egen bolig")
    assert Residency.objects.get(pk=resident.pk).moved_out_on is None
    r = services.move_out(actor=fw.worker, residency=resident, version=resident.version, moved_out_on=days(-1),
                          reason="Flyttet i egen lejlighed")
    assert r.moved_out_on == days(-1)
    proposal = EndProposal.objects.get(decision=r.decision)
    assert proposal.end_on == days(-1) and proposal.status == EndProposal.Status.PROPOSED
    # the flat is free: a new resident moves in the same day
    other = new_citizen(world, "0606761239", "Frida")
    services.move_in(actor=fw.worker, order=accepted_order(world, fw, other, accepted=-1), flat=fw.flats[0],
                     moved_in_on=days(-1))
    with pytest.raises(ValidationError, match="flyttede ud"):
        services.move_out(actor=fw.worker, residency=r, version=r.version, moved_out_on=days(0), reason="Igen")


def test_plan_weekly_help(world, fw, resident):
    rows = services.plan_weekly_help(actor=fw.worker, residency=resident, plan={
        HelpKind.FINANCES: (1, 60), HelpKind.COOKING: (3, 45), HelpKind.LAUNDRY: (0, 0)})
    assert {(r.kind, r.times_per_week, r.minutes_each) for r in rows} == {("finances", 1, 60), ("cooking", 3, 45)}
    with pytest.raises(ValidationError, match="samme som nu"):
        services.plan_weekly_help(actor=fw.worker, residency=resident, plan={HelpKind.COOKING: (3, 45)})
    with pytest.raises(ValidationError, match="minutter"):
        services.plan_weekly_help(actor=fw.worker, residency=resident, plan={HelpKind.CLEANING: (2, 0)})
    with pytest.raises(ValidationError, match="mellem 0 og 14"):
        services.plan_weekly_help(actor=fw.worker, residency=resident, plan={HelpKind.CLEANING: (-1, 30)})
    with pytest.raises(ValidationError, match="listen"):
        services.plan_weekly_help(actor=fw.worker, residency=resident, plan={"massage": (1, 30)})
    assert WeeklyHelp.objects.count() == 2


def _meeting(fw, *, ago_minutes=1):
    start = timezone.now() - datetime.timedelta(minutes=ago_minutes)
    return services.plan_house_meeting(actor=fw.worker, offer=fw.offer, starts_at=start)


def test_house_meeting_attendance_minutes_and_meal_plan(world, fw, resident):
    other = new_citizen(world, "0606761239", "Frida")
    services.move_in(actor=fw.worker, order=accepted_order(world, fw, other), flat=fw.flats[1], moved_in_on=days(-3))
    meeting = _meeting(fw)
    assert meeting.occasion.kind == Occasion.Kind.HOUSE_MEETING and meeting.occasion.offer == fw.offer
    rows = {p.citizen_id: p for p in meeting.occasion.participations.all()}
    assert set(rows) == {resident.citizen_id, other.pk}
    monday = services.next_monday(timezone.localdate())
    assert meeting.week_of == monday
    meals = [{"day": monday, "dish": "Lasagne", "cook": other, "shopper": resident.citizen,
              "ingredients": "Hakket oksekød\nLasagneplader\nTomater"},
             {"day": monday + datetime.timedelta(days=1), "dish": "Fiskefrikadeller", "cook": resident.citizen,
              "shopper": resident.citizen, "ingredients": "Fiskefars\ntomater\nKartofler"}]
    saved = services.save_house_meeting(
        actor=fw.worker, meeting=meeting, version=meeting.version,
        attendance={rows[resident.citizen_id].pk: "attended", rows[other.pk].pk: "cancelled"},
        minutes_text="Vi talte om fællesspisningen og rengøring af trappen.", decisions="Fællesspisning torsdag.",
        week_of=monday, meals=meals)
    assert saved.minutes_text.startswith("Vi talte") and saved.recorded_by == fw.worker
    assert Participation.objects.get(pk=rows[resident.citizen_id].pk).status == "attended"
    assert Occasion.objects.get(pk=meeting.occasion_id).status == Occasion.Status.HELD
    assert [m.dish for m in Meal.objects.filter(meeting=meeting)] == ["Lasagne", "Fiskefrikadeller"]
    from tovholder.housing.selectors import meeting_page

    page = meeting_page(fw.worker, meeting.pk)
    erik_list = dict(page.shopping_list)[resident.citizen.full_name]
    assert erik_list == ["Hakket oksekød", "Lasagneplader", "Tomater", "Fiskefars", "Kartofler"]


def test_meal_plan_refusals_write_nothing(world, fw, resident):
    meeting = _meeting(fw)
    last_monday = services.next_monday(timezone.localdate()) - datetime.timedelta(days=14)
    with pytest.raises(ValidationError, match="er gået"):
        services.write_meal_plan(actor=fw.worker, meeting=meeting, week_of=last_monday,
                                 meals=[{"day": last_monday, "dish": "Suppe"}])
    monday = services.next_monday(timezone.localdate())
    with pytest.raises(ValidationError, match="i ugen"):
        services.write_meal_plan(actor=fw.worker, meeting=meeting, week_of=monday,
                                 meals=[{"day": monday - datetime.timedelta(days=1), "dish": "Suppe"}])
    with pytest.raises(ValidationError, match="beboer"):
        services.write_meal_plan(actor=fw.worker, meeting=meeting, week_of=monday,
                                 meals=[{"day": monday, "dish": "Suppe", "cook": world.anna}])
    with pytest.raises(ValidationError, match="< og >"):
        services.write_meal_plan(actor=fw.worker, meeting=meeting, week_of=monday,
                                 meals=[{"day": monday, "dish": "<script>"}])
    assert not Meal.objects.exists()
    # the whole meeting is one transaction: a bad meal plan keeps the attendance and minutes unwritten
    p = meeting.occasion.participations.get()
    with pytest.raises(ValidationError):
        services.save_house_meeting(actor=fw.worker, meeting=meeting, version=meeting.version,
                                    attendance={p.pk: "attended"}, minutes_text="Et referat af mødet.",
                                    decisions="", week_of=last_monday, meals=[{"day": last_monday, "dish": "Suppe"}])
    assert Participation.objects.get(pk=p.pk).status == "planned"
    assert HouseMeeting.objects.get(pk=meeting.pk).minutes_text == ""


def test_house_meeting_only_by_the_units_staff_and_not_ahead(world, fw, resident):
    with pytest.raises(PermissionDenied):
        services.plan_house_meeting(actor=world.own_worker, offer=fw.offer, starts_at=timezone.now())
    ahead = services.plan_house_meeting(actor=fw.worker, offer=fw.offer,
                                        starts_at=timezone.now() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="fremtiden"):
        services.record_house_meeting(actor=fw.worker, meeting=ahead, version=ahead.version, attendance={},
                                      minutes_text="Et referat af mødet.")
    with pytest.raises(PermissionDenied):
        services.record_house_meeting(actor=world.own_worker, meeting=ahead, version=ahead.version, attendance={},
                                      minutes_text="Et referat af mødet.")


def test_retention_finds_a_residents_rows_without_touching_the_other_residents(world, fw, resident):
    """Erasing a former resident (retention) finds their residency, help and the meal-plan days they cooked,
    and is not blocked by another resident named on the same day."""
    from tovholder.retention.services import holdings

    other = new_citizen(world, "0606761239", "Frida")
    services.move_in(actor=fw.worker, order=accepted_order(world, fw, other), flat=fw.flats[1], moved_in_on=days(-3))
    services.plan_weekly_help(actor=fw.worker, residency=resident, plan={HelpKind.CLEANING: (1, 30)})
    meeting = _meeting(fw)
    monday = services.next_monday(timezone.localdate())
    services.write_meal_plan(actor=fw.worker, meeting=meeting, week_of=monday, meals=[
        {"day": monday, "dish": "Suppe", "cook": resident.citizen, "shopper": other}])
    found = holdings(resident.citizen)
    assert found[Residency] == {resident.pk} and len(found[WeeklyHelp]) == 1 and len(found[Meal]) == 1
    assert Residency.objects.get(citizen=other).pk not in found[Residency]


def test_the_forecasts_starting_state_counts_a_flat_lived_in_after_its_grant_ended(world, fw, resident):
    """The forecast starts from the places in use as the offers' capacity counts them (the waitlist page and the
    start pages read the same function): a resident whose grant has ended but who has not moved out holds a place."""
    from tovholder.forecast.scenarios import CATALOGUE_KEY
    from tovholder.forecast.selectors import initial_state

    data = {"offers": [{"name": "Skolehaven", CATALOGUE_KEY: fw.offer.name}]}
    [state] = initial_state(world.ballerup, data, days(0))
    assert state.source == "database" and state.in_support == 1
    Decision.objects.filter(pk=resident.decision_id).update(status=Decision.Status.ENDED, ended_on=days(-1))
    [state] = initial_state(world.ballerup, data, days(0))
    assert state.in_support == int(capacity_for(fw.offer, world.ballerup).used) == 1
