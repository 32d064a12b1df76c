"""Two citizens take the last seat of a course in Min Tovholder at the same moment, on two real database
connections: exactly one gets the seat, the other goes on the waitlist (the courses' own service locks the
course row). And two citizens take the last seat of an activity's session: exactly one wins.
The threads need committed rows: `committed_db` and `race` (tests/races.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from tests.conftest import make_citizen, make_staff
from tests.races import race
from tovholder.activities.models import Occasion, Participation
from tovholder.courses import services as courses
from tovholder.courses.models import Course, Enrolment, Topic
from tovholder.dropin import services as dropin
from tovholder.dropin.models import Activity
from tovholder.offers.models import Offer
from tovholder.portal import services
from tovholder.portal.backends import account_for
from tovholder.portal.identity import Assurance, CitizenIdentity

ROUNDS = 10


def _accounts(world):
    citizens = [make_citizen(world.ballerup, f"0502{80 + i:02d}41{20 + i:02d}", f"Borger{i}", "Samtidig",
                             unit=world.skp) for i in (0, 1)]
    return [account_for(c, CitizenIdentity(cpr=c.cpr, name=c.full_name, assurance=Assurance.SUBSTANTIAL,
                                           method="test")) for c in citizens]


def _book(user_id, course_id):
    user = get_user_model().objects.get(pk=user_id)
    return services.book_course(actor=user, course=Course.objects.get(pk=course_id)).status


def test_two_citizens_and_the_last_course_seat(committed_db, world, sw):
    accounts = _accounts(world)
    coordinator = make_staff("koord-race", world.ballerup, world.skp, "Forløbskoordinator", "Forløbskoordinator")
    room = courses.create_room(actor=coordinator, name="Sundhedshuset", address="Ballerup", capacity=12)
    outcomes = []
    for n in range(ROUNDS):
        course = courses.plan_course(actor=coordinator, title=f"Runde {n}", topic=Topic.objects.get(key="recovery"),
                                     offer=sw.group, seats=1, leaders=[coordinator], audience="users")
        courses.add_session(actor=coordinator, course=course,
                            day=datetime.date.today() + datetime.timedelta(days=1 + n), starts=datetime.time(10),
                            ends=datetime.time(12), room=room)
        Course.objects.filter(pk=course.pk).update(open_for_booking=True)
        results = race([lambda a=a, course=course: _book(a.user_id, course.pk) for a in accounts])
        outcomes.append(sorted(str(r) for r in results))
        assert Enrolment.objects.filter(course=course, status="enrolled").count() == 1, results
    assert outcomes == [["enrolled", "waiting"]] * ROUNDS


def _outcome(result) -> str:
    if isinstance(result, Participation):
        return "won"
    if isinstance(result, ValidationError) and "ledige pladser" in " ".join(result.messages):
        return "full"
    return f"error: {result!r}"


def test_two_citizens_and_the_last_seat_of_an_activity(committed_db, world):
    accounts = _accounts(world)
    offer = Offer.objects.create(municipality=world.ballerup, name="Støberiets aktiviteter", format=Offer.Format.GROUP,
                                 capacity_kind=Offer.CapacityKind.SEATS, requires_visitation=False, unit=world.skp)
    activity = dropin.create_activity(actor=world.own_worker, offer=offer, title="Kreativt værksted", seats=1,
                                      first_day=datetime.date.today() + datetime.timedelta(days=1),
                                      starts=datetime.time(18), minutes=60, weeks=ROUNDS)
    Activity.objects.filter(pk=activity.pk).update(open_for_booking=True)
    activity.refresh_from_db()
    users = [get_user_model().objects.get(pk=a.user_id) for a in accounts]
    for session in Occasion.objects.filter(series=activity.series).order_by("starts_at"):
        results = [_outcome(r) for r in race([
            lambda user=user, session=session: services.sign_up_activity(actor=get_user_model().objects.get(
                pk=user.pk), activity=activity, occasion=session) for user in users])]
        assert sorted(results) == ["full", "won"], results
        assert Participation.objects.filter(occasion=session).count() == 1
