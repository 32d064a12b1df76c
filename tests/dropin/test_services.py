import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AuditEvent
from tovholder.dropin import selectors, services
from tovholder.dropin.models import (
    Activity,
    ActivityOutcome,
    Closure,
    CouncilMeeting,
    OpeningPeriod,
    Shift,
)

LONG = "x" * 10_000
T = datetime.time


def weekdays(opens, closes, days=range(5)):
    return {d: (opens, closes) for d in days}


# --- opening hours ---------------------------------------------------------------------------------

def test_opening_hours_history_cut_and_restored(dw):
    own = dw.w.own_worker
    services.add_opening_period(actor=own, offer=dw.centre, valid_from=datetime.date(2015, 1, 1),
                                hours=weekdays(T(9), T(17)), note="Før besparelsen")
    services.add_opening_period(actor=own, offer=dw.centre, valid_from=datetime.date(2016, 1, 1),
                                hours=weekdays(T(10), T(14), range(4)), note="Skåret ned")
    services.add_opening_period(actor=own, offer=dw.centre, valid_from=datetime.date(2017, 1, 1),
                                hours=weekdays(T(9), T(17)), note="Genoprettet efter budgetforliget 2016")
    week_2016 = services.opening_of(dw.centre, datetime.date(2016, 3, 7), datetime.date(2016, 3, 13))
    week_2017 = services.opening_of(dw.centre, datetime.date(2017, 3, 6), datetime.date(2017, 3, 12))
    assert sum(d.minutes for d in week_2016) == 4 * 4 * 60
    assert sum(d.minutes for d in week_2017) == 5 * 8 * 60
    assert [p.note for p in selectors.opening_history(dw.centre)][-1] == "Før besparelsen"  # history kept


def test_public_holiday_and_closure_close_the_day(dw):
    own = dw.w.own_worker
    services.add_opening_period(actor=own, offer=dw.centre, valid_from=datetime.date(2017, 1, 1),
                                hours=weekdays(T(9), T(17)))
    services.add_closure(actor=own, offer=dw.centre, day=datetime.date(2017, 4, 10), reason="Personaledag")
    days = services.opening_of(dw.centre, datetime.date(2017, 4, 10), datetime.date(2017, 4, 14))
    assert days[0].closed_because == "Personaledag"
    assert days[3].closed_because == "Helligdag: Skærtorsdag"
    assert days[4].closed_because == "Helligdag: Langfredag"
    assert days[1].is_open and days[2].is_open


@pytest.mark.parametrize("kwargs,message", [
    (dict(valid_from=datetime.date(2017, 5, 1), valid_to=datetime.date(2017, 4, 1),
          hours={0: (T(9), T(17))}), "Perioden kan ikke slutte, før den begynder."),
    (dict(valid_from=datetime.date(2017, 5, 1), hours={0: (T(17), T(9))}), "lukketiden"),
    (dict(valid_from=datetime.date(2017, 5, 1), hours={}), "mindst én ugedag"),
    (dict(valid_from=datetime.date(1, 1, 1), hours={0: (T(9), T(17))}), "uden for"),
    (dict(valid_from=datetime.date(2017, 5, 1), hours={0: (T(9), T(17))}, note=LONG), "10.000 tegn"),
])
def test_hostile_opening_periods_write_nothing(dw, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        services.add_opening_period(actor=dw.w.own_worker, offer=dw.centre, **kwargs)
    assert message in " ".join(exc.value.messages)
    assert not OpeningPeriod.objects.exists()


def test_closure_needs_a_reason_and_the_unit(dw):
    with pytest.raises(ValidationError):
        services.add_closure(actor=dw.w.own_worker, offer=dw.centre, day=datetime.date(2017, 4, 3), reason="")
    with pytest.raises(PermissionDenied):
        services.add_closure(actor=dw.w.other_worker, offer=dw.centre, day=datetime.date(2017, 4, 3), reason="Fest")
    assert not Closure.objects.exists()


# --- visits ------------------------------------------------------------------------------------------

def test_door_tally_is_anonymous(dw):
    own = dw.w.own_worker
    for _ in range(3):
        services.set_door_count(actor=own, offer=dw.centre, count=1, delta=True)
    assert services.set_door_count(actor=own, offer=dw.centre, count=-1, delta=True) == 2
    opening = Occasion.objects.get(kind=Occasion.Kind.DROPIN_OPENING)
    rows = list(Participation.objects.filter(occasion=opening))
    assert len(rows) == 1 and rows[0].citizen_id is None and rows[0].headcount == 2
    events = AuditEvent.objects.filter(action="door.counted")
    assert events.count() == 4 and not events.exclude(citizen__isnull=True).exists()


def test_tally_below_zero_is_refused(dw):
    own = dw.w.own_worker
    services.set_door_count(actor=own, offer=dw.centre, count=1, delta=True)
    with pytest.raises(ValidationError, match="under nul"):
        services.set_door_count(actor=own, offer=dw.centre, count=-2, delta=True)
    with pytest.raises(ValidationError, match="under nul"):
        services.set_door_count(actor=own, offer=dw.centre, count=-5)
    assert Participation.objects.get(citizen__isnull=True).headcount == 1


def test_tally_back_to_zero_removes_the_count(dw):
    own = dw.w.own_worker
    services.set_door_count(actor=own, offer=dw.centre, count=1, delta=True)
    assert services.set_door_count(actor=own, offer=dw.centre, count=0) == 0
    assert not Participation.objects.filter(citizen__isnull=True).exists()


def test_tally_only_by_the_centres_staff(dw):
    for user in (dw.w.other_worker, dw.w.herlev_worker, dw.w.caseworker):
        with pytest.raises(PermissionDenied):
            services.set_door_count(actor=user, offer=dw.centre, count=1, delta=True)
    assert not Occasion.objects.filter(kind=Occasion.Kind.DROPIN_OPENING).exists()


def test_named_check_in(dw):
    own = dw.w.own_worker
    services.check_in(actor=own, offer=dw.centre, citizen=dw.w.anna)
    with pytest.raises(ValidationError, match="allerede tjekket ind"):
        services.check_in(actor=own, offer=dw.centre, citizen=dw.w.anna)
    with pytest.raises(PermissionDenied):
        services.check_in(actor=own, offer=dw.centre, citizen=dw.w.bo)  # not in need to know
    assert Participation.objects.filter(citizen=dw.w.anna).count() == 1


# --- work list and user council ---------------------------------------------------------------------

def test_work_list_shift_taken_and_done(dw):
    own = dw.w.own_worker
    today = timezone.localdate()
    shift = services.add_shift(actor=own, offer=dw.centre, task_name="Cafévagt", day=today, hours="2,5")
    services.take_shift(actor=own, shift=shift, citizen=dw.w.anna, version=shift.version)
    with pytest.raises(ValidationError):
        services.take_shift(actor=own, shift=shift, citizen=dw.w.anna)  # already taken
    done = services.finish_shift(actor=own, shift=shift)
    assert done.done and done.hours == Decimal("2.5")
    f = selectors.figures(own, dw.centre, weeks=1)
    assert f.weeks[-1].work_hours == Decimal("2.5")


@pytest.mark.parametrize("task,hours,message", [
    ("Cafévagt", "-1", "højst 12 timer"), ("Cafévagt", "13", "højst 12 timer"), ("Cafévagt", "to", "som et tal"),
    ("Cafévagt", "nan", "12 timer"), (LONG, "2", "10.000 tegn"), ("", "2", "Skriv opgaven"),
])
def test_hostile_shifts_write_nothing(dw, task, hours, message):
    with pytest.raises(ValidationError) as exc:
        services.add_shift(actor=dw.w.own_worker, offer=dw.centre, task_name=task, day=timezone.localdate(),
                           hours=hours)
    assert message in " ".join(exc.value.messages)
    assert not Shift.objects.exists()


def test_shift_taken_by_someone_outside_need_to_know_is_refused(dw):
    shift = services.add_shift(actor=dw.w.own_worker, offer=dw.centre, task_name="Indkøb",
                               day=timezone.localdate(), hours="1")
    with pytest.raises(PermissionDenied):
        services.take_shift(actor=dw.w.own_worker, shift=shift, citizen=dw.w.bo)
    assert Shift.objects.get().citizen_id is None


def test_council_meeting_with_decisions(dw):
    meeting = services.record_council_meeting(
        actor=dw.w.own_worker, offer=dw.centre, held_on=timezone.localdate(), minutes="Vi talte om caféen.",
        decisions=[("Ny kaffemaskine", "Anna og personalet"), ("", "")])
    assert [d.text for d in meeting.decisions.all()] == ["Ny kaffemaskine"]
    with pytest.raises(ValidationError):
        services.record_council_meeting(actor=dw.w.own_worker, offer=dw.centre, held_on=timezone.localdate(),
                                        minutes=LONG)
    with pytest.raises(ValidationError):
        services.record_council_meeting(actor=dw.w.own_worker, offer=dw.centre, held_on=timezone.localdate(),
                                        minutes="Referat", decisions=[("Beslutning uden ansvarlig", "")])
    assert CouncilMeeting.objects.count() == 1


# --- activities --------------------------------------------------------------------------------------

def test_activity_sessions_in_the_leaders_calendar(dw):
    sessions = Occasion.objects.filter(series=dw.activity.series)
    assert sessions.count() == 4
    assert all(o.staff_rows.filter(user=dw.w.own_worker).exists() for o in sessions)


@pytest.mark.parametrize("kwargs,message", [
    (dict(minutes=-30), "mindst 15 minutter"), (dict(minutes=0), "mindst 15 minutter"),
    (dict(title=LONG), "10.000 tegn"), (dict(seats=0), "Pladser"), (dict(weeks=500), "uger"),
])
def test_hostile_activities_write_nothing(dw, kwargs, message):
    args = dict(actor=dw.w.own_worker, offer=dw.centre, title="Svømning", first_day=timezone.localdate(),
                starts=T(10), minutes=60, weeks=2)
    args.update(kwargs)
    before = Occasion.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_activity(**args)
    assert message in " ".join(exc.value.messages)
    assert Activity.objects.count() == 1 and Occasion.objects.count() == before


def test_sign_up_respects_seats_and_the_other_municipalitys_quota(dw):
    session = Occasion.objects.filter(series=dw.activity.series).first()
    w = dw.w
    services.sign_up(actor=w.own_worker, activity=dw.activity, occasion=session, citizen=w.anna)
    services.sign_up(actor=w.herlev_worker, activity=dw.activity, occasion=session, citizen=w.herlev_citizen)
    with pytest.raises(ValidationError, match="allerede tilmeldt"):
        services.sign_up(actor=w.own_worker, activity=dw.activity, occasion=session, citizen=w.anna)
    herlev2 = _herlev_citizen(w)
    with pytest.raises(ValidationError, match="Kommunens pladser"):
        services.sign_up(actor=w.herlev_worker, activity=dw.activity, occasion=session, citizen=herlev2)
    with pytest.raises(PermissionDenied):  # Herlev cannot sign up Ballerup's citizens
        services.sign_up(actor=w.herlev_worker, activity=dw.activity, occasion=session, citizen=w.bo)
    assert Participation.objects.filter(occasion=session).count() == 2
    hanne = Participation.objects.get(citizen=w.herlev_citizen)
    assert hanne.municipality_id == w.herlev.pk


def test_last_seat_full(dw):
    dw.activity.seats = 1
    dw.activity.save()
    session = Occasion.objects.filter(series=dw.activity.series).first()
    services.sign_up(actor=dw.w.own_worker, activity=dw.activity, occasion=session, citizen=dw.w.anna)
    with pytest.raises(ValidationError, match="ikke flere ledige pladser"):
        services.sign_up(actor=dw.w.herlev_worker, activity=dw.activity, occasion=session,
                         citizen=dw.w.herlev_citizen)


def test_outcome_moved_on_to_a_club(dw):
    w = dw.w
    services.record_outcome(actor=w.herlev_worker, activity=dw.activity, citizen=w.herlev_citizen,
                            kind=ActivityOutcome.Kind.ORDINARY_CLUB, day=timezone.localdate(), note="Herlev IF")
    with pytest.raises(PermissionDenied):
        services.record_outcome(actor=w.herlev_worker, activity=dw.activity, citizen=w.anna,
                                kind=ActivityOutcome.Kind.ORDINARY_CLUB, day=timezone.localdate())
    with pytest.raises(ValidationError):
        services.record_outcome(actor=w.own_worker, activity=dw.activity, citizen=w.anna, kind="nope",
                                day=timezone.localdate())
    assert ActivityOutcome.objects.get().citizen == w.herlev_citizen


def test_herlev_without_quota_cannot_see_the_activity(dw):
    from tovholder.offers.models import OfferQuota

    OfferQuota.objects.all().delete()
    with pytest.raises(PermissionDenied):
        services.require_activity(dw.w.herlev_worker, dw.activity)


# --- figures ------------------------------------------------------------------------------------------

def test_figures_count_visits_and_core_users(dw):
    own = dw.w.own_worker
    today = timezone.localdate()
    for k in range(10):
        day = today - datetime.timedelta(days=k)
        services.set_door_count(actor=own, offer=dw.centre, count=5, day=day)
        services.check_in(actor=own, offer=dw.centre, citizen=dw.w.anna, day=day)
    f = selectors.figures(own, dw.centre, weeks=3)
    assert sum(w.anonymous for w in f.weeks) == 50 and sum(w.named for w in f.weeks) == 10
    assert f.core_users == 1
    assert f.days[-1][1:] == (5, 1)
    with pytest.raises(PermissionDenied):
        selectors.figures(dw.w.other_worker, dw.centre)


def _herlev_citizen(w):
    from tests.conftest import make_citizen

    return make_citizen(w.herlev, "0505851238", "Henrik", "Herlevsen", unit=w.herlev_citizen.involvements.first().unit,
                        worker=w.herlev_worker)
