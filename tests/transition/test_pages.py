import pytest
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent
from tovholder.transition import services
from tovholder.transition.models import Transition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who,status", [("caseworker", 200), ("own_worker", 403), ("manager", 403),
                                        ("herlev_worker", 403)])
def test_young_people_page(client, world, youth, who, status):
    client.force_login(getattr(world, who))
    response = client.get(reverse("transition_young_people"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Sofie" in page and "Lars" in page and "Olga" not in page and "Asger" not in page
        assert AccessEvent.objects.filter(actor=world.caseworker, citizen=youth["soon"],
                                          what="Unge der fylder 18").exists()


def test_tasks_button(client, world, youth):
    client.force_login(world.caseworker)
    response = client.post(reverse("transition_young_people"), follow=True)
    assert "1 opgave oprettet" in response.content.decode()


@pytest.mark.parametrize("who,status", [("caseworker", 200), ("own_worker", 403), ("herlev_worker", 403)])
def test_open_page(client, world, youth, who, status):
    client.force_login(getattr(world, who))
    assert client.get(reverse("transition_open", args=[youth["soon"].pk])).status_code == status


def test_open_and_plan(client, world, youth):
    client.force_login(world.caseworker)
    response = client.post(reverse("transition_open", args=[youth["soon"].pk]), {"request": "", "opened_on": ""})
    t = Transition.objects.get()
    assert response["Location"] == reverse("transition", args=[t.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Planlæg overgangen" in page
    today = timezone.localdate().isoformat()
    response = client.post(reverse("transition", args=[t.pk]), {
        "action": "plan", "plan-meeting_on": today, "plan-continues": "Mentor", "plan-version": t.version,
        "plan-adult_coordinator": world.own_worker.pk})
    assert response.status_code == 302
    response = client.post(reverse("transition", args=[t.pk]), {"action": "handover", "held-held_on": today,
                                                                  "held-version": t.version + 1})
    assert response.status_code == 302
    assert Transition.objects.get().status == Transition.Status.HANDED_OVER


@pytest.mark.parametrize("data", [{"request": "abc"}, {"request": "99999999999999999999"}, {"opened_on": "0001-01-01"},
                                  {"opened_on": "9999-12-31"}])
def test_open_hostile(client, world, youth, data):
    client.force_login(world.caseworker)
    response = client.post(reverse("transition_open", args=[youth["soon"].pk]), data)
    assert response.status_code == 200
    assert not Transition.objects.exists()


@pytest.mark.parametrize("data", [{"plan-meeting_on": "0001-01-01"}, {"plan-meeting_on": "9999-01-01"},
                                  {"plan-adult_coordinator": "abc"}, {"plan-version": "x"}])
def test_plan_hostile(client, world, youth, data):
    t = services.open_transition(actor=world.caseworker, citizen=youth["soon"])
    client.force_login(world.caseworker)
    response = client.post(reverse("transition", args=[t.pk]), {"action": "plan", "plan-version": t.version, **data})
    assert response.status_code == 200
    t.refresh_from_db()
    assert t.version == 1


@pytest.mark.parametrize("who,status", [("caseworker", 200), ("other_worker", 403), ("manager", 200),
                                        ("herlev_worker", 404)])
def test_transition_page_need_to_know(client, world, youth, who, status):
    t = services.open_transition(actor=world.caseworker, citizen=youth["soon"])
    client.force_login(getattr(world, who))
    response = client.get(reverse("transition", args=[t.pk]))
    assert response.status_code == status or (who == "manager" and response.status_code in (302, 403))
    assert client.get("/overgang/99999999999999999999/").status_code == 404


def test_overview_section_for_the_young_only(client, world, youth):
    services.open_transition(actor=world.caseworker, citizen=youth["soon"])
    client.force_login(world.caseworker)
    assert "Overgang til voksenområdet" in client.get(reverse("citizen", args=[youth["soon"].pk])).content.decode()
    assert "Overgang til voksenområdet" not in client.get(reverse("citizen", args=[world.casey.pk])).content.decode()
