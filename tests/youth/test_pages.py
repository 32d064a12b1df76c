import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_citizen
from tests.support.conftest import days
from tovholder.audit.models import AccessEvent
from tovholder.visitation import services as visitation
from tovholder.visitation.models import RoutingRule
from tovholder.youth import services
from tovholder.youth.models import JointMeeting, Move, StatusEntry

# who may open Bo's Ungeindsats page: his mentor, the manager over the team; not the SKP worker, not the
# the caseworker of his case; not the other municipality (the admin is refused by role or need to know)
ALLOWED = {"other_worker", "manager", "caseworker"}


@pytest.mark.parametrize("who", ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker"])
def test_need_to_know_on_the_young_persons_page(client, world, yw, who):
    user = getattr(world, who)
    client.force_login(user)
    response = client.get(reverse("youth_citizen", args=[world.bo.pk]))
    if who in ALLOWED:
        assert response.status_code == 200
        assert AccessEvent.objects.filter(actor=user, citizen=world.bo).exists()
    else:
        assert response.status_code in (403, 404) or response.status_code == 302  # refused, or asked to break the glass
        assert not AccessEvent.objects.filter(actor=user, citizen=world.bo, break_glass=False).exists()


@pytest.mark.parametrize("who", ["own_worker", "other_worker", "manager", "caseworker", "herlev_worker"])
def test_the_list_shows_only_known_young_people(client, world, yw, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("youth_list"))
    assert response.status_code == 200
    assert (world.bo.full_name in response.content.decode()) == (who in ALLOWED)


@pytest.mark.parametrize("who, status", [("manager", 200), ("other_worker", 403), ("caseworker", 403)])
def test_the_quarterly_figures_are_for_managers(client, world, yw, who, status):
    client.force_login(getattr(world, who))
    assert client.get(reverse("youth_figures")).status_code == status


def test_quarterly_shares_page_chart_and_downloads(client, world, yw):
    services.record_status(actor=world.other_worker, citizen=world.bo, status="clarifying", since=days(-150))
    services.record_status(actor=world.other_worker, citizen=world.bo, status="education", since=days(-1))
    client.force_login(world.manager)
    page = client.get(reverse("youth_figures")).content.decode()
    assert "I uddannelse" in page and 'class="mark"' in page and "100,0 %" in page
    csv = client.get(reverse("youth_figures") + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "I uddannelse" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("youth_figures") + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_pages_write_and_refuse_hostile_input(client, world, yw):
    client.force_login(world.other_worker)
    url = reverse("youth_citizen", args=[world.bo.pk])
    ok = client.post(url, {"action": "status", "status-status": "job", "status-since": days(-2).isoformat()})
    assert ok.status_code == 302 and StatusEntry.objects.count() == 1
    for since in (days(2).isoformat(), "0001-01-01", "x"):
        bad = client.post(url, {"action": "status", "status-status": "job", "status-since": since})
        assert bad.status_code == 400
    meeting = client.post(url, {"action": "meeting", "meeting-held_on": days(-1).isoformat(),
                                "meeting-agreement": "Praktik i april."})
    assert meeting.status_code == 400 and "deltagere" in meeting.content.decode()
    made_up = client.post(url, {"action": "delete"})
    assert made_up.status_code == 400
    assert StatusEntry.objects.count() == 1 and not JointMeeting.objects.exists()


def test_move_through_the_page_is_refused_for_the_mentor_and_done_by_the_leader(client, world, yw):
    url = reverse("youth_citizen", args=[world.bo.pk])
    data = {"action": "move", "move-pension_granted_on": days(-10).isoformat(),
            "move-moved_on": days(0).isoformat(),
            "move-reasons": "Du har fået tilkendt førtidspension og overgår derfor til SKP."}
    client.force_login(world.other_worker)
    assert "Flyt Bo til SKP" not in client.get(url).content.decode()
    assert client.post(url, data).status_code == 403
    client.force_login(world.manager)
    assert client.post(url, data).status_code == 302
    assert Move.objects.count() == 1


def test_a_request_for_a_young_person_is_routed_to_ungeindsats(client, world, yw, sw):
    RoutingRule.objects.create(municipality=world.ballerup, order=10, name="Unge under 30 → Ungeindsats",
                               min_age=16, max_age=29, needs_none=["early_pension"], offer=yw.offer,
                               explanation="Alle unge henvises som udgangspunkt til et mentorforløb.")
    RoutingRule.objects.create(municipality=world.ballerup, order=20, name="30 år og derover → SKP", min_age=30,
                               offer=sw.skp, explanation="Borgere fra 30 år får SKP.")
    young = make_citizen(world.ballerup, "0505054238", "Ida", "Ung", unit=world.casework, worker=world.caseworker)
    request = visitation.register_request(actor=world.caseworker, source="citizen", asks_for="Hjælp til hverdagen",
                                          received_on=datetime.date.today(), citizen=young)
    client.force_login(world.caseworker)
    page = client.get(reverse("request_detail", args=[request.pk])).content.decode()
    assert "Ungeindsats" in page and "Alle unge henvises" in page and "30 år og derover" not in page


def test_a_status_in_the_future_is_told_in_danish(client, world, yw):
    client.force_login(world.other_worker)
    url = reverse("youth_citizen", args=[world.bo.pk])
    bad = client.post(url, {"action": "status", "status-status": "job", "status-since": days(3).isoformat()})
    assert "kan ikke ligge i fremtiden" in bad.content.decode()


def test_the_citizen_overview_shows_the_mentor_effort_and_status(client, world, yw):
    services.record_status(actor=world.other_worker, citizen=world.bo, status="education", since=days(-4))
    client.force_login(world.other_worker)
    page = client.get(reverse("citizen", args=[world.bo.pk])).content.decode()
    assert "I uddannelse" in page and reverse("youth_citizen", args=[world.bo.pk]) in page


def test_a_psychologist_talk_is_planned_like_a_visit_and_shown(client, world, yw):
    from tovholder.support import services as support

    [talk] = support.plan_appointments(actor=world.other_worker, citizen=world.bo, kind="psychologist",
                                       starts_at=timezone.now() + datetime.timedelta(days=2), minutes=50)
    assert talk.kind == "psychologist"
    client.force_login(world.other_worker)
    page = client.get(reverse("youth_citizen", args=[world.bo.pk])).content.decode()
    assert "Samtaler med psykolog" in page and "Planlagt" in page


def test_only_those_who_plan_support_get_the_link_to_plan_a_talk(client, world, yw):
    url = reverse("youth_citizen", args=[world.bo.pk])
    plan = reverse("appointment_add", args=[world.bo.pk])
    client.force_login(world.other_worker)
    assert plan in client.get(url).content.decode()
    for user in (world.manager, world.caseworker):
        client.force_login(user)
        assert plan not in client.get(url).content.decode()
