"""Need to know on every flats page with the standing users and Skolehaven's own staff: allowed or
refused, residents named only to those who know them, and an access event for each citizen shown; the
forms on the pages; the start-page panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent
from tovholder.housing import services
from tovholder.housing.models import Meal, Residency

from .conftest import accepted_order, days, new_citizen

pytestmark = pytest.mark.django_db
OK, DENY, NOTFOUND = 200, 403, 404
USERS = ["skole", "skoleleder", "own_worker", "manager", "caseworker", "admin", "herlev_worker"]
# the unit's staff and its leaders see the flats; other staff have no flats of their own
FLATS = dict(skole=OK, skoleleder=OK, own_worker=NOTFOUND, manager=OK, caseworker=DENY, admin=DENY,
             herlev_worker=NOTFOUND)
# writing pages for a resident: the unit's support staff (leaders hold no support role)
WRITE = dict(FLATS, skoleleder=DENY, manager=DENY)
MEETING = dict(FLATS, skoleleder=DENY, manager=DENY)


@pytest.fixture
def pages(world, fw, resident):
    other = new_citizen(world, "0606761239", "Frida")
    waiting = accepted_order(world, fw, other)
    meeting = services.plan_house_meeting(actor=fw.worker, offer=fw.offer,
                                          starts_at=timezone.now() - datetime.timedelta(minutes=1))
    return {
        "flats_offer": (reverse("flats_offer", args=[fw.offer.pk]), FLATS),
        "flat_residents": (reverse("flat_residents", args=[fw.offer.pk]), FLATS),
        "residency": (reverse("residency", args=[resident.pk]), WRITE),
        "flat_move_in": (reverse("flat_move_in", args=[waiting.pk]), WRITE),
        "house_meeting_new": (reverse("house_meeting_new", args=[fw.offer.pk]), MEETING),
        "house_meeting": (reverse("house_meeting", args=[meeting.pk]), MEETING),
    }


def _user(world, fw, name):
    return {"skole": fw.worker, "skoleleder": fw.leader}.get(name) or getattr(world, name)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("page", ["flats_offer", "flat_residents", "residency", "flat_move_in",
                                  "house_meeting_new", "house_meeting"])
def test_need_to_know(client, world, fw, resident, pages, user, page):
    url, expected = pages[page]
    client.force_login(_user(world, fw, user))
    before = AccessEvent.objects.filter(citizen=resident.citizen).count()
    response = client.get(url)
    status = response.status_code
    if expected[user] == DENY:
        assert status in (DENY, NOTFOUND), status
    else:
        assert status == expected[user], status
    if status == OK and page not in ("house_meeting_new", "flat_move_in"):
        assert "Erik Beboer" in response.content.decode()
        assert AccessEvent.objects.filter(citizen=resident.citizen).count() > before
    if status != OK:
        assert "Erik Beboer" not in response.content.decode()


def test_the_index_leads_to_the_one_offer(client, world, fw, resident):
    client.force_login(fw.worker)
    assert client.get(reverse("flats")).url == reverse("flats_offer", args=[fw.offer.pk])
    client.force_login(world.caseworker)
    assert client.get(reverse("flats")).status_code == DENY


def test_start_page_panel_for_staff_and_leaders(client, world, fw, resident):
    for user in (fw.worker, fw.leader, world.manager):
        client.force_login(user)
        html = client.get("/").content.decode()
        assert "Lejligheder: beboet og ledige" in html
        assert 'data-figure="occupied">1<' in html
    client.force_login(world.own_worker)
    assert "Lejligheder: beboet og ledige" not in client.get("/").content.decode()


def test_move_in_and_out_through_the_pages(client, world, fw, resident):
    other = new_citizen(world, "0606761239", "Frida")
    order = accepted_order(world, fw, other)
    client.force_login(fw.worker)
    url = reverse("flat_move_in", args=[order.pk])
    occupied = client.post(url, {"flat": fw.flats[0].pk, "moved_in_on": days(0).isoformat()})
    assert occupied.status_code == 200 and "ikke ledig" in occupied.content.decode()
    assert client.post(url, {"flat": "99999999999999999999999", "moved_in_on": days(0).isoformat()}).status_code == 200
    done = client.post(url, {"flat": fw.flats[1].pk, "moved_in_on": days(0).isoformat()})
    residency = Residency.objects.get(citizen=other)
    assert done.url == reverse("residency", args=[residency.pk])
    page = reverse("residency", args=[residency.pk])
    early = client.post(page, {"action": "out", "out-version": residency.version,
                               "out-moved_out_on": days(-3).isoformat(), "out-reason": "Egen bolig"})
    assert "før indflytningen" in early.content.decode()
    help_ = client.post(page, {"action": "help", "help-starts_on": days(0).isoformat(), "help-cooking_times": "3",
                               "help-cooking_minutes": "45"})
    assert help_.status_code == 302
    out = client.post(page, {"action": "out", "out-version": residency.version, "out-moved_out_on": days(0).isoformat(),
                             "out-reason": "Egen bolig"})
    assert out.status_code == 302 and Residency.objects.get(pk=residency.pk).moved_out_on == days(0)
    assert client.post(page, {"action": "bogus"}).status_code == 400


def test_house_meeting_page_writes_the_meal_plan(client, world, fw, resident):
    meeting = services.plan_house_meeting(actor=fw.worker, offer=fw.offer,
                                          starts_at=timezone.now() - datetime.timedelta(minutes=1))
    p = meeting.occasion.participations.get()
    client.force_login(fw.worker)
    url = reverse("house_meeting", args=[meeting.pk])
    monday = services.next_monday(timezone.localdate())
    data = {f"p-{p.pk}": "attended", "version": meeting.version, "minutes_text": "Vi aftalte madplanen sammen.",
            "decisions": "Tacos fredag.", "week_of": monday.isoformat(), "dish_4": "Tacos",
            "cook_4": str(resident.citizen_id), "shopper_4": str(resident.citizen_id),
            "ingredients_4": "Tortillas\nOst"}
    past = dict(data, week_of=(monday - datetime.timedelta(days=14)).isoformat())
    refused = client.post(url, past)
    assert refused.status_code == 200 and "er gået" in refused.content.decode()
    assert not Meal.objects.exists()
    assert client.post(url, dict(data, **{"p-999999": "attended"})).status_code == 404
    assert client.post(url, data).status_code == 302
    html = client.get(url).content.decode()
    assert "Tacos" in html and "Tortillas" in html
    residents = client.get(reverse("flat_residents", args=[fw.offer.pk])).content.decode()
    assert "Tacos fredag." in residents and "Deltog" in residents
