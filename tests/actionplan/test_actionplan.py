"""The action plan: the focus areas, efforts and goals, status history (append-only), the indicators against
hand-computed values, hostile input, and need to know (the council reads, suppressed; another
municipality is 404)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_citizen, make_staff
from tests.forecast.conftest import make_decision, wait
from tovholder.actionplan import indicators, selectors, services
from tovholder.actionplan.models import Effort, FocusArea, GoalStatus, PolicyGoal
from tovholder.activities.models import Occasion
from tovholder.courses.models import Course, Room, Session, Topic
from tovholder.dropin.models import OpeningHours, OpeningPeriod
from tovholder.offers.models import Offer
from tovholder.support.models import Episode

D = Decimal
TODAY = timezone.localdate


@pytest.fixture
def council(world):
    user = make_staff("raad", world.ballerup, world.management, "Psykiatriråd", "Medlem af Psykiatrirådet")
    user.staff.units.clear()
    return user


@pytest.fixture
def plan(world):
    areas = services.create_focus_areas(actor=world.manager, municipality=world.ballerup)
    effort = services.add_effort(actor=world.manager, focus_area=areas[1], title="Én plan og én tovholder",
                                 owner_unit=world.skp, owner=world.manager, starts_on=datetime.date(2017, 1, 1))
    goal = services.add_goal(actor=world.manager, effort=effort, text="Ventelisten er højst 10 borgere",
                             indicator="waitlist", target="10", direction="at_most")
    return areas, effort, goal


# --- the indicators against values computed by hand -----------------------------------------------------------

def test_waitlist_counts_each_citizen_once_on_the_day(world):
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", format="mixed")
    komp = Offer.objects.create(municipality=world.ballerup, name="Komp", format="mixed")
    day = datetime.date(2025, 5, 1)
    wait(world, make_decision(world, world.anna, skp, requested_on=day), added_on=datetime.date(2025, 4, 1))
    wait(world, make_decision(world, world.anna, komp, requested_on=day), added_on=datetime.date(2025, 4, 2))
    wait(world, make_decision(world, world.bo, skp, requested_on=day), added_on=datetime.date(2025, 4, 3),
         removed_on=datetime.date(2025, 4, 20))
    wait(world, make_decision(world, world.casey, skp, requested_on=day), added_on=datetime.date(2025, 5, 2))
    other = Offer.objects.create(municipality=world.herlev, name="Flex", format="mixed")
    wait(world, make_decision(world, world.herlev_citizen, other, requested_on=day), added_on=day)
    ind = indicators.get("waitlist")
    assert ind.read(world.ballerup.pk, day) == indicators.Reading(D(1), 1)  # Anna, once; Bo left; Casey later
    assert ind.read(world.ballerup.pk, datetime.date(2025, 4, 19)).value == D(2)  # Anna and Bo
    assert ind.read(world.ballerup.pk, datetime.date(2025, 4, 19)).suppressed


def _course(world, offer, room, topic, first: datetime.datetime):
    course = Course.objects.create(municipality=world.ballerup, title="Recovery", topic=topic, offer=offer, seats=8,
                                   coordinator=world.manager)
    for week in range(3):
        occasion = Occasion.objects.create(municipality=world.ballerup, kind="group", offer=offer,
                                           starts_at=first + datetime.timedelta(weeks=week),
                                           ends_at=first + datetime.timedelta(weeks=week, hours=2),
                                           created_by=world.manager)
        Session.objects.create(municipality=world.ballerup, course=course, occasion=occasion, room=room)
    return course


def test_group_courses_counts_the_courses_begun_in_the_year(world):
    offer = Offer.objects.create(municipality=world.ballerup, name="Gruppeforløb", format="group")
    room = Room.objects.create(municipality=world.ballerup, name="Sundhedshuset", address="Ballerup", capacity=10)
    topic = Topic.objects.first()
    tz = timezone.get_current_timezone()
    _course(world, offer, room, topic, datetime.datetime(2016, 12, 20, 10, tzinfo=tz))  # begun the year before
    _course(world, offer, room, topic, datetime.datetime(2017, 2, 1, 10, tzinfo=tz))
    _course(world, offer, room, topic, datetime.datetime(2017, 9, 1, 10, tzinfo=tz))
    ind = indicators.get("group_courses")
    assert ind.read(world.ballerup.pk, datetime.date(2017, 12, 31)).value == D(2)
    assert ind.read(world.ballerup.pk, datetime.date(2017, 6, 30)).value == D(1)  # the autumn course not yet
    assert ind.read(world.ballerup.pk, datetime.date(2016, 12, 31)).value == D(1)


def test_dropin_hours_is_the_schedule_valid_on_the_day(world):
    offer = Offer.objects.create(municipality=world.ballerup, name="Støberiet", format="dropin",
                                 requires_visitation=False)
    cut = OpeningPeriod.objects.create(municipality=world.ballerup, offer=offer, valid_from=datetime.date(2016, 6, 1),
                                       valid_to=datetime.date(2017, 2, 28), created_by=world.manager)
    for weekday in range(4):  # 4 × 5 hours = 20
        OpeningHours.objects.create(municipality=world.ballerup, period=cut, weekday=weekday,
                                    opens=datetime.time(10), closes=datetime.time(15))
    back = OpeningPeriod.objects.create(municipality=world.ballerup, offer=offer, valid_from=datetime.date(2017, 3, 1),
                                        created_by=world.manager)
    for weekday in range(5):  # 5 × 6,5 hours = 32,5
        OpeningHours.objects.create(municipality=world.ballerup, period=back, weekday=weekday,
                                    opens=datetime.time(9, 30), closes=datetime.time(16))
    ind = indicators.get("dropin_hours")
    assert ind.read(world.ballerup.pk, datetime.date(2017, 1, 10)).value == D("20.00")
    assert ind.read(world.ballerup.pk, datetime.date(2017, 3, 1)).value == D("32.50")
    assert ind.read(world.ballerup.pk, datetime.date(2016, 1, 1)).value == D("0.00")


def test_young_share_of_the_years_new_citizens(world, sw):
    # first episodes in 2025: Anna (born 1990: 35), Bo (born 1995: 29), Casey (born 1980: 44), and Dina (born
    # 2001: 24); Erik began in 2024 (not new in 2025) -> 2 young of 4 = 50,0 %
    dina = make_citizen(world.ballerup, "0505014234", "Dina", "Dahl")
    erik = make_citizen(world.ballerup, "0606021234", "Erik", "Eriksen")
    for citizen, on in ((world.anna, datetime.date(2025, 3, 1)), (world.bo, datetime.date(2025, 4, 1)),
                        (world.casey, datetime.date(2025, 5, 1)), (dina, datetime.date(2025, 6, 1)),
                        (erik, datetime.date(2024, 6, 1)), (erik, datetime.date(2025, 2, 1)),
                        (world.bo, datetime.date(2025, 9, 1))):
        Episode.objects.create(municipality=world.ballerup, citizen=citizen, offer=sw.skp, worker=world.own_worker,
                               started_on=on, created_by=world.own_worker)
    ind = indicators.get("young_share")
    assert ind.read(world.ballerup.pk, datetime.date(2025, 12, 31)) == indicators.Reading(D("50.0"), 4)
    # on 15 April: Anna and Bo -> 1 of 2, a group under five
    reading = ind.read(world.ballerup.pk, datetime.date(2025, 4, 15))
    assert reading == indicators.Reading(D("50.0"), 2) and reading.suppressed
    assert ind.read(world.ballerup.pk, datetime.date(2023, 12, 31)) == indicators.Reading(None, 0)


def test_a_new_indicator_registers_itself():
    @indicators.indicator("test_constant", "Et fast tal", "stk.")
    def constant(municipality_id, day):
        return indicators.Reading(D(7))

    try:
        assert ("test_constant", "Et fast tal") in indicators.choices()
        assert indicators.get("test_constant").read(1).value == D(7)
    finally:
        indicators._registry.pop("test_constant")


# --- the writes -----------------------------------------------------------------------------------------------

def test_the_seven_focus_areas_once(world):
    made = services.create_focus_areas(actor=world.manager, municipality=world.ballerup)
    assert [a.code for a in made] == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7"]
    assert made[6].name == "Uddannelse, beskæftigelse og meningsfulde aktiviteter"
    assert services.create_focus_areas(actor=world.manager, municipality=world.ballerup) == []


def test_status_history_is_appended_with_the_value_then(world, plan):
    _, _, goal = plan
    first = services.record_status(actor=world.manager, goal=goal, status="at_risk", comment="Ventelisten vokser",
                                   on=TODAY() - datetime.timedelta(days=30), version=goal.version)
    goal.refresh_from_db()
    second = services.record_status(actor=world.manager, goal=goal, status="on_track", comment="Nye medarbejdere",
                                    version=goal.version)
    assert first.value == D(0) and first.group_size == 0
    detail = selectors.goal(world.manager, goal.pk)
    assert [e.status for e, _ in detail.history] == ["on_track", "at_risk"]
    assert detail.view.latest == second
    with pytest.raises(ValidationError):  # a stale status: the goal moved on since the page was opened
        services.record_status(actor=world.manager, goal=goal, status="off_track", comment="For gammel side",
                               version=1)
    with pytest.raises(DatabaseError), transaction.atomic():  # the history is never rewritten
        GoalStatus.objects.filter(pk=first.pk).update(comment="Ændret")
    with pytest.raises(DatabaseError), transaction.atomic():
        GoalStatus.objects.filter(pk=first.pk).delete()


def test_a_manual_goal_takes_its_value(world, plan):
    _, effort, _ = plan
    goal = services.add_goal(actor=world.manager, effort=effort, text="Samarbejdsaftaler med lægerne",
                             indicator="manual", target="12", manual_unit="aftaler")
    with pytest.raises(ValidationError):  # no value yet
        services.record_status(actor=world.manager, goal=goal, status="on_track", comment="Godt i gang",
                               version=goal.version)
    entry = services.record_status(actor=world.manager, goal=goal, status="on_track", comment="Godt i gang",
                                   version=goal.version, manual_value="7,5")
    goal.refresh_from_db()
    assert entry.value == D("7.5") and goal.manual_value == D("7.5") and goal.manual_on == TODAY()
    view = selectors.goal(world.manager, goal.pk).view
    assert view.value == D("7.5") and view.unit == "aftaler" and view.reached is False


@pytest.mark.parametrize("kwargs", [
    {"status": "great"}, {"comment": ""}, {"comment": "ok"}, {"comment": "x" * 2001},
    {"on": datetime.date(1800, 1, 1)}, {"on": datetime.date(2016, 12, 31)},
    {"on": datetime.date.today() + datetime.timedelta(days=3)}])
def test_hostile_status_is_refused_and_writes_nothing(world, plan, kwargs):
    _, _, goal = plan
    data = {"status": "on_track", "comment": "Alt går efter planen", "version": goal.version} | kwargs
    with pytest.raises(ValidationError):
        services.record_status(actor=world.manager, goal=goal, **data)
    assert not GoalStatus.objects.exists()


@pytest.mark.parametrize("kwargs", [
    {"indicator": "nope"}, {"target": "abc"}, {"target": "1e999"}, {"target": "NaN"}, {"target": "1,234"},
    {"text": ""}, {"text": "<script>"}, {"direction": "sideways"}])
def test_hostile_goals_are_refused(world, plan, kwargs):
    _, effort, _ = plan
    data = {"text": "Flere gruppeforløb", "indicator": "group_courses", "target": "14"} | kwargs
    with pytest.raises(ValidationError):
        services.add_goal(actor=world.manager, effort=effort, **data)
    assert PolicyGoal.objects.count() == 1


def test_hostile_efforts_are_refused(world, plan):
    areas, _, _ = plan
    with pytest.raises(ValidationError):
        services.add_effort(actor=world.manager, focus_area=areas[0], title="Ok titel", owner_unit=world.skp,
                            starts_on=datetime.date(2018, 1, 1), ends_on=datetime.date(2017, 1, 1))
    with pytest.raises(ValidationError):
        services.add_effort(actor=world.manager, focus_area=areas[0], title="Ok titel", owner_unit=world.skp,
                            owner=world.herlev_worker, starts_on=datetime.date(2018, 1, 1))
    herlev_unit = world.herlev_worker.staff.units.get()
    with pytest.raises(PermissionDenied):
        services.add_effort(actor=world.manager, focus_area=areas[0], title="Ok titel", owner_unit=herlev_unit,
                            starts_on=datetime.date(2018, 1, 1))
    assert Effort.objects.count() == 1


def test_only_a_manager_writes(world, plan, council):
    areas, effort, goal = plan
    for user in (council, world.own_worker, world.caseworker):
        with pytest.raises(PermissionDenied):
            services.record_status(actor=user, goal=goal, status="on_track", comment="Alt vel", version=goal.version)
        with pytest.raises(PermissionDenied):
            services.add_effort(actor=user, focus_area=areas[0], title="Ny", owner_unit=world.skp,
                                starts_on=TODAY())
    herlev_leader = make_staff("hleder", world.herlev, world.herlev_worker.staff.units.get(), "Leder")
    with pytest.raises(PermissionDenied):
        services.record_status(actor=herlev_leader, goal=goal, status="on_track", comment="Alt vel",
                               version=goal.version)


# --- need to know ---------------------------------------------------------------------------------------------

def test_the_council_reads_without_names_and_with_small_groups_suppressed(client, world, plan, council):
    _, effort, goal = plan
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", format="mixed")
    wait(world, make_decision(world, world.anna, skp, requested_on=TODAY()), added_on=TODAY())
    services.record_status(actor=world.manager, goal=goal, status="on_track", comment="Kort venteliste",
                           version=goal.version)
    client.force_login(council)
    page = client.get(reverse("actionplan")).content.decode()
    assert "Én plan og én tovholder" in page and "færre end 5" in page
    assert "Ny indsats" not in page and "Opret psykiatripolitikkens" not in page
    goal_page = client.get(reverse("actionplan_goal", args=[goal.pk])).content.decode()
    assert "Kort venteliste" in goal_page and "færre end 5" in goal_page
    assert "Manager" not in goal_page and "Gem status" not in goal_page  # no staff names, no form
    effort_page = client.get(reverse("actionplan_effort", args=[effort.pk])).content.decode()
    assert "Manager" not in effort_page and "Sæt målet" not in effort_page
    assert client.post(reverse("actionplan_goal", args=[goal.pk]), {
        "status": "off_track", "comment": "Rådet skriver", "on": TODAY().isoformat(), "version": goal.version
    }).status_code == 403
    assert client.get(reverse("actionplan_effort_new", args=[effort.focus_area_id])).status_code == 403
    assert client.post(reverse("actionplan"), {"action": "focus_areas"}).status_code == 403
    assert GoalStatus.objects.count() == 1
    assert client.get(reverse("staffing")).status_code == 403
    # the manager sees the figure itself
    client.force_login(world.manager)
    page = client.get(reverse("actionplan")).content.decode()
    assert "færre end 5" not in page


def test_the_download_suppresses_small_groups_for_everyone(client, world, plan):
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", format="mixed")
    wait(world, make_decision(world, world.anna, skp, requested_on=TODAY()), added_on=TODAY())
    client.force_login(world.manager)
    text = client.get(reverse("actionplan") + "?format=csv").content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Fokusområde;Indsats;Ansvarlig enhed")
    cells = row.split(";")
    assert cells[1] == "Én plan og én tovholder" and cells[8] == ""  # the value of one citizen is left out


def test_another_municipality_gets_404_and_staff_without_the_role_403(client, world, plan):
    areas, effort, goal = plan
    herlev_leader = make_staff("hleder", world.herlev, world.herlev_worker.staff.units.get(), "Leder")
    client.force_login(herlev_leader)
    for name, args in (("actionplan_goal", [goal.pk]), ("actionplan_effort", [effort.pk]),
                       ("actionplan_effort_new", [areas[0].pk])):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert "Én plan" not in client.get(reverse("actionplan")).content.decode()
    client.force_login(world.own_worker)
    assert client.get(reverse("actionplan")).status_code == 403
    assert client.get(reverse("actionplan_goal", args=[goal.pk])).status_code == 403


def test_the_manager_walks_the_pages(client, world):
    client.force_login(world.manager)
    assert client.post(reverse("actionplan"), {"action": "focus_areas"}).status_code == 302
    area = FocusArea.objects.get(code="6.7")
    response = client.post(reverse("actionplan_effort_new", args=[area.pk]), {
        "title": "Flere gruppeforløb i Sundhedshuset", "owner_unit": world.skp.pk, "owner": "",
        "starts_on": "2017-01-01", "ends_on": "2019-12-31", "description": ""})
    assert response.status_code == 302
    effort = Effort.objects.get()
    response = client.post(reverse("actionplan_effort", args=[effort.pk]), {
        "text": "14 gruppeforløb i 2017–19", "indicator": "group_courses", "target": "14", "direction": "at_least",
        "due_on": "", "manual_unit": ""})
    assert response.status_code == 302
    goal = PolicyGoal.objects.get()
    response = client.post(reverse("actionplan_goal", args=[goal.pk]), {
        "status": "at_risk", "comment": "Kun to forløb i gang", "on": TODAY().isoformat(), "version": goal.version})
    assert response.status_code == 302
    page = client.get(reverse("actionplan_goal", args=[goal.pk])).content.decode()
    assert "I risiko" in page and "Kun to forløb i gang" in page
    # hostile posts: a message, nothing written
    for data in ({"status": "x", "comment": "Kun to", "on": TODAY().isoformat(), "version": goal.version},
                 {"status": "on_track", "comment": "Fint nok", "on": "0001-01-01", "version": goal.version},
                 {"status": "on_track", "comment": "Fint\x00", "on": TODAY().isoformat(), "version": "abc"}):
        assert client.post(reverse("actionplan_goal", args=[goal.pk]), data).status_code == 400
    assert client.post(reverse("actionplan_effort", args=[effort.pk]), {
        "text": "Mål", "indicator": "findes_ikke", "target": "1", "direction": "at_least"}).status_code == 400
    assert client.post(reverse("actionplan_effort_new", args=[area.pk]), {
        "title": "T", "owner_unit": "99999999999999999999", "starts_on": "2017-01-01"}).status_code == 400
    assert client.post(reverse("actionplan"), {"action": "slet"}).status_code == 400
    assert GoalStatus.objects.count() == 1 and PolicyGoal.objects.count() == 1 and Effort.objects.count() == 1


def test_the_council_role_reads_only(world):
    group = Group.objects.get(name="Psykiatriråd")
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert perms == {"actionplan.view_action_plan"}
