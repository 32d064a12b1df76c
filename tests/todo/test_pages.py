import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent
from tovholder.todo import services
from tovholder.todo.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    return services.create_task(actor=world.own_worker, citizen=world.anna, title="Ring til Anna",
                                due=timezone.localdate() + datetime.timedelta(days=2), team=world.skp)


def test_start_page_shows_and_logs_the_task(client, world, task):
    client.force_login(world.own_worker)
    page = client.get(reverse("home")).content.decode()
    assert "Ring til Anna" in page
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna, what="Min dag").exists()


@pytest.mark.parametrize("who,sees", [("own_worker", True), ("other_worker", False), ("manager", False),
                                      ("caseworker", False), ("herlev_worker", False)])
def test_need_to_know_on_the_list(client, world, task, who, sees):
    client.force_login(getattr(world, who))
    page = client.get(reverse("task_list")).content.decode()
    assert ("Ring til Anna" in page) is sees
    assert AccessEvent.objects.filter(actor=getattr(world, who), citizen=world.anna, what="Opgaver").exists() is sees


@pytest.mark.parametrize("who,status", [("own_worker", 200), ("manager", 200), ("other_worker", 403),
                                        ("herlev_worker", 404)])
def test_team_list(client, world, task, who, status):
    client.force_login(getattr(world, who))
    response = client.get(reverse("task_list") + f"?team={world.skp.pk}")
    assert response.status_code == status
    if status == 200:
        assert "Ring til Anna" in response.content.decode()


@pytest.mark.parametrize("query", ["?team=abc", "?team=99999999999999999999999", "?team=-1",
                                   "?when=x&show=y&source=<b>"])
def test_malformed_filters(client, world, query):
    client.force_login(world.own_worker)
    assert client.get(reverse("task_list") + query).status_code in (200, 404)


@pytest.mark.parametrize("who,status", [("own_worker", 302), ("other_worker", 403), ("herlev_worker", 404)])
def test_complete(client, world, task, who, status):
    client.force_login(getattr(world, who))
    response = client.post(reverse("task_complete", args=[task.pk]), {"version": task.version})
    assert response.status_code == status
    task.refresh_from_db()
    assert task.done is (status == 302)


def test_complete_twice_says_so(client, world, task):
    client.force_login(world.own_worker)
    client.post(reverse("task_complete", args=[task.pk]), {"version": task.version})
    response = client.post(reverse("task_complete", args=[task.pk]), {"version": task.version + 1}, follow=True)
    assert "allerede løst" in response.content.decode()
    assert Task.objects.get().version == 2


def test_complete_needs_post_and_a_real_id(client, world, task):
    client.force_login(world.own_worker)
    assert client.get(reverse("task_complete", args=[task.pk])).status_code == 405
    assert client.post("/opgaver/99999999999999999999/loest/", {"version": "x"}).status_code == 404


def test_next_off_site_is_ignored(client, world, task):
    client.force_login(world.own_worker)
    response = client.post(reverse("task_complete", args=[task.pk]), {"version": task.version,
                                                                      "next": "https://example.com/"})
    assert response["Location"] == reverse("task_list")


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "herlev"])
def test_reassign_hostile_assignee(client, world, task, value):
    client.force_login(world.own_worker)
    if value == "herlev":
        value = str(world.herlev_worker.pk)
    response = client.post(reverse("task_reassign", args=[task.pk]), {"assignee": value, "version": task.version})
    assert response.status_code == 200
    assert "Medarbejderen findes ikke i kommunen" in response.content.decode()
    task.refresh_from_db()
    assert task.version == 1


def test_reassign_to_someone_who_does_not_know_the_citizen(client, world, task):
    client.force_login(world.own_worker)
    response = client.post(reverse("task_reassign", args=[task.pk]), {"assignee": world.other_worker.pk,
                                                                      "version": task.version})
    assert "arbejdsområde" in response.content.decode()
    task.refresh_from_db()
    assert task.team == world.skp and task.assignee is None


def test_reassign(client, world, task):
    client.force_login(world.own_worker)
    response = client.post(reverse("task_reassign", args=[task.pk]), {"assignee": world.own_worker.pk,
                                                                      "version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == world.own_worker


def test_create_page(client, world):
    client.force_login(world.own_worker)
    url = reverse("task_create") + f"?borger={world.anna.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Følg op", "due": "9999-01-01"})
    assert response.status_code == 200 and not Task.objects.exists()
    response = client.post(url, {"title": "Følg op", "due": (timezone.localdate()).isoformat()})
    assert response.status_code == 302
    assert Task.objects.get().assignee == world.own_worker
    client.force_login(world.other_worker)
    assert client.get(url).status_code == 403
    assert client.get(reverse("task_create") + "?borger=abc").status_code == 404


@pytest.mark.parametrize("value", ["abc", "-1", "a\x00b", "x" * 10_000, "//example.com/", "javascript:alert(1)"])
def test_hostile_next_and_version(client, world, task, value):
    client.force_login(world.own_worker)
    response = client.post(reverse("task_complete", args=[task.pk]), {"version": value, "next": value})
    assert response.status_code == 302 and response["Location"] == reverse("task_list")
    response = client.post(reverse("task_reassign", args=[task.pk]), {"version": value, "next": value,
                                                                      "assignee": value, "team": value})
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.version == 1


def test_a_filter_with_a_nul_byte_is_ignored_not_a_server_error(client, world):
    """PostgreSQL refuses a NUL byte in a string it is asked to compare: the task list's source filter ignores
    anything that is not a plain source key."""
    client.force_login(world.own_worker)
    response = client.get(reverse("task_list"), {"source": "a\x00b", "when": "a\x00b"})
    assert response.status_code == 200
