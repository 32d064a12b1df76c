"""The drop-in pages with the standing users: need to know (allowed/refused and the access event
written), hostile input through the pages, the export, and IF Aktivisterne across municipalities:
the neighbour never sees the names of the other's citizens."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.activities.selectors import my_occasions
from tovholder.audit.models import AccessEvent
from tovholder.dropin import services
from tovholder.dropin.models import CouncilMeeting, OpeningPeriod, Shift

OK, DENY, NOTFOUND = 200, 403, 404
USERS = ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker"]
STAFF_PAGE = dict(own_worker=OK, other_worker=DENY, manager=DENY, caseworker=DENY, admin=DENY,
                  herlev_worker=NOTFOUND)
FIGURES = dict(STAFF_PAGE, manager=OK)
ACTIVITY = dict(own_worker=OK, other_worker=DENY, manager=DENY, caseworker=DENY, admin=DENY, herlev_worker=OK)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("name,expected", [("dropin_day", STAFF_PAGE), ("dropin_hours", FIGURES),
                                           ("dropin_worklist", STAFF_PAGE), ("dropin_council", STAFF_PAGE),
                                           ("dropin_figures", FIGURES)])
def test_need_to_know_of_the_centres_pages(client, dw, user, name, expected):
    services.check_in(actor=dw.w.own_worker, offer=dw.centre, citizen=dw.w.anna)
    client.force_login(getattr(dw.w, user))
    before = AccessEvent.objects.filter(citizen=dw.w.anna).count()
    response = client.get(reverse(name, args=[dw.centre.pk]))
    assert response.status_code == expected[user]
    if name == "dropin_day" and expected[user] == OK:
        assert "Anna Jensen" in response.content.decode()
        assert AccessEvent.objects.filter(citizen=dw.w.anna).count() == before + 1
    elif response.status_code != OK or name in ("dropin_figures", "dropin_hours"):
        assert "Anna" not in response.content.decode()


@pytest.mark.parametrize("user", USERS)
def test_need_to_know_of_the_activity_page(client, dw, user):
    client.force_login(getattr(dw.w, user))
    assert client.get(reverse("activity_detail", args=[dw.activity.pk])).status_code == ACTIVITY[user]


def test_the_neighbour_sees_only_counts_of_the_others_citizens(client, dw):
    """IF Aktivisterne across Ballerup and Herlev: names of one's own citizens, counts of the other's —
    on the activity page, the drop-in day, the start page and in the access log."""
    w = dw.w
    session = Occasion.objects.filter(series=dw.activity.series).first()
    services.sign_up(actor=w.own_worker, activity=dw.activity, occasion=session, citizen=w.anna)
    services.sign_up(actor=w.herlev_worker, activity=dw.activity, occasion=session, citizen=w.herlev_citizen)
    client.force_login(w.herlev_worker)
    page = client.get(reverse("activity_detail", args=[dw.activity.pk])).content.decode()
    assert "Hanne Herlevsen" in page and "Anna" not in page and "Jensen" not in page
    assert "1 fra Ballerup Kommune" in page
    assert not AccessEvent.objects.filter(actor=w.herlev_worker, citizen=w.anna).exists()
    client.force_login(w.own_worker)
    page = client.get(reverse("activity_detail", args=[dw.activity.pk])).content.decode()
    assert "Anna Jensen" in page and "Hanne" not in page and "Herlevsen" not in page
    assert "1 fra Herlev Kommune" in page
    feed_rows = my_occasions(w.own_worker, start=session.starts_at, end=session.ends_at)
    assert [c.pk for r in feed_rows for c in r.citizens] == [w.anna.pk] and feed_rows[0].others == 1


def test_herlev_signs_up_through_the_page(client, dw):
    w = dw.w
    session = Occasion.objects.filter(series=dw.activity.series).first()
    client.force_login(w.herlev_worker)
    response = client.post(reverse("activity_detail", args=[dw.activity.pk]),
                           {"action": "signup", "session": session.pk, "citizen": w.herlev_citizen.pk}, follow=True)
    assert "er tilmeldt" in response.content.decode()
    response = client.post(reverse("activity_detail", args=[dw.activity.pk]),
                           {"action": "signup", "session": session.pk, "citizen": w.anna.pk}, follow=True)
    assert "Vælg en borger fra listen" in response.content.decode()
    assert Participation.objects.filter(occasion=session).count() == 1


def test_door_count_through_the_page(client, dw):
    client.force_login(dw.w.own_worker)
    url = reverse("dropin_day", args=[dw.centre.pk])
    client.post(url, {"action": "plus"})
    client.post(url, {"action": "plus"})
    response = client.post(url, {"action": "set", "taelling-count": "-3"})
    assert "under nul" in response.content.decode()
    response = client.post(url, {"action": "set", "taelling-count": "tre"})
    assert "helt tal" in response.content.decode()
    assert Participation.objects.get(citizen__isnull=True).headcount == 2


def test_the_manager_reads_the_hours_but_cannot_change_them(client, dw):
    client.force_login(dw.w.manager)
    url = reverse("dropin_hours", args=[dw.centre.pk])
    page = client.get(url).content.decode()
    assert "Historik" in page and "Gem åbningstiderne" not in page
    response = client.post(url, {"action": "closure", "lukket-day": "2017-04-03", "lukket-reason": "Fest"})
    assert response.status_code == DENY and not OpeningPeriod.objects.exists()


def test_hostile_input_on_the_pages_writes_nothing(client, dw):
    client.force_login(dw.w.own_worker)
    response = client.post(reverse("dropin_hours", args=[dw.centre.pk]), {
        "action": "period", "periode-valid_from": "2017-05-01", "periode-valid_to": "2017-04-01",
        "periode-opens_0": "09:00", "periode-closes_0": "17:00"})
    assert response.status_code == 200 and "Perioden kan ikke slutte, før den begynder." in response.content.decode()
    response = client.post(reverse("dropin_worklist", args=[dw.centre.pk]), {
        "action": "add", "vagt-task": "x" * 10_000, "vagt-day": timezone.localdate().isoformat(), "vagt-hours": "2"})
    assert "10.000 tegn" in response.content.decode()
    response = client.post(reverse("dropin_council", args=[dw.centre.pk]), {
        "moede-held_on": timezone.localdate().isoformat(), "moede-minutes": "y" * 10_000})
    assert "10.000 tegn" in response.content.decode()
    assert not OpeningPeriod.objects.exists() and not Shift.objects.exists() and not CouncilMeeting.objects.exists()


def test_html_in_names_is_escaped(client, dw):
    client.force_login(dw.w.own_worker)
    services.add_shift(actor=dw.w.own_worker, offer=dw.centre, task_name="<script>alert(1)</script>",
                       day=timezone.localdate(), hours="1")
    dw.w.anna.first_name = "<b>Anna</b>"
    dw.w.anna.save()
    services.check_in(actor=dw.w.own_worker, offer=dw.centre, citizen=dw.w.anna)
    page = client.get(reverse("dropin_day", args=[dw.centre.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Anna</b>" not in page and "&lt;b&gt;Anna&lt;/b&gt;" in page


def test_figures_export(client, dw):
    services.add_opening_period(actor=dw.w.own_worker, offer=dw.centre, valid_from=datetime.date(2016, 1, 1),
                                hours={d: (datetime.time(9), datetime.time(16, 30)) for d in range(5)})
    services.set_door_count(actor=dw.w.own_worker, offer=dw.centre, count=7)
    client.force_login(dw.w.manager)
    response = client.get(reverse("dropin_figures", args=[dw.centre.pk]) + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Uge fra;Åbningstimer")
    assert ";7;0;7;" in text.splitlines()[-1]
    response = client.get(reverse("dropin_figures", args=[dw.centre.pk]) + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_start_page_panel_and_citizen_overview(client, dw):
    w = dw.w
    services.set_door_count(actor=w.own_worker, offer=dw.centre, count=4)
    services.add_shift(actor=w.own_worker, offer=dw.centre, task_name="Rengøring", day=timezone.localdate(),
                       hours="1,5")
    client.force_login(w.own_worker)
    page = client.get(reverse("home")).content.decode()
    assert "Værested og aktiviteter i dag" in page and "Rengøring" in page
    session = Occasion.objects.filter(series=dw.activity.series).first()
    services.sign_up(actor=w.own_worker, activity=dw.activity, occasion=session, citizen=w.anna)
    page = client.get(reverse("citizen", args=[w.anna.pk])).content.decode()
    assert "Aktiviteter og værested" in page and "Volleyball" in page


@pytest.mark.parametrize("user", USERS)
def test_who_may_plan_an_activity(client, dw, user):
    """Staff who plan occasions may plan an activity, but only for the offers their own units run: the other
    team and Herlev run none of the offers here, the manager and the caseworker plan no occasions."""
    client.force_login(getattr(dw.w, user))
    response = client.get(reverse("activity_create"))
    assert response.status_code == (OK if user == "own_worker" else DENY)
    if user == "own_worker":
        assert "Støberiet" in response.content.decode() and "IF Aktivisterne" in response.content.decode()
    response = client.post(reverse("activity_create"), _activity_post(dw))
    assert dw.centre.activities.filter(title="Cykelværksted").exists() == (user == "own_worker")


def _activity_post(dw, **changes):
    data = {"offer": dw.centre.pk, "title": "Cykelværksted", "kind": Occasion.Kind.GROUP_SESSION,
            "first_day": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(), "starts": "13:00",
            "minutes": "120", "weeks": "8", "seats": "6", "place": "Værkstedet"}
    return {**data, **changes}


def test_planning_an_activity_through_the_page(client, dw):
    client.force_login(dw.w.own_worker)
    response = client.post(reverse("activity_create"), _activity_post(dw))
    activity = dw.centre.activities.get(title="Cykelværksted")
    assert response.status_code == 302 and response["Location"] == reverse("activity_detail", args=[activity.pk])
    sessions = Occasion.objects.filter(series=activity.series)
    assert sessions.count() == 8 and all(o.staff.get() == dw.w.own_worker for o in sessions)
    assert "Cykelværksted" in client.get(reverse("dropin_index")).content.decode()


@pytest.mark.parametrize("changes,message", [
    ({"weeks": "0"}, "mindst én uge"), ({"weeks": "10000"}, "højst 52 uger"), ({"seats": "10000"}, "Højst 500"),
    ({"seats": "0"}, "Mindst 1 plads"), ({"minutes": "-5"}, "mindst 15 minutter"), ({"first_day": "9999-12-31"}, ""),
    ({"first_day": "0001-01-01"}, ""), ({"title": ""}, ""), ({"title": "x" * 10000}, ""), ({"starts": "25:99"}, ""),
    ({"offer": "abc"}, "Vælg et tilbud"), ({"offer": "99999999999999999999"}, "Vælg et tilbud"),
])
def test_planning_an_activity_refuses_bad_input(client, dw, changes, message):
    client.force_login(dw.w.own_worker)
    before = (dw.centre.activities.count(), Occasion.objects.count())
    response = client.post(reverse("activity_create"), _activity_post(dw, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (dw.centre.activities.count(), Occasion.objects.count()) == before


def test_an_activity_title_with_html_is_shown_as_text(client, dw):
    client.force_login(dw.w.own_worker)
    client.post(reverse("activity_create"), _activity_post(dw, title="<b>Værksted</b>"))
    page = client.get(reverse("dropin_index")).content.decode()
    assert "&lt;b&gt;Værksted&lt;/b&gt;" in page and "<b>Værksted</b>" not in page
