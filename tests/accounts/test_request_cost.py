"""The fixed cost of a request (issue 15): the session row is not written on every request, and the
permissions and the staff scope are read once per request — kept on that request's user, so a changed role
counts from the next request and nothing carries over to another request or user."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tovholder.accounts.middleware import RENEW_AFTER


def _session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def _get(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, _session_writes(queries)


@pytest.mark.django_db
def test_two_requests_in_a_row_do_not_write_the_session(client, world):
    client.force_login(world.own_worker)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _get(client, reverse("home"))  # the first request after the login renews the session
        for url in (reverse("home"), reverse("citizen", args=[world.anna.pk])):
            status, writes = _get(client, url)
            assert status == 200
            assert writes == [], writes


@pytest.mark.django_db
def test_the_session_is_renewed_after_a_minute(client, world):
    client.force_login(world.own_worker)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _get(client, reverse("home"))
    with time_machine.travel(start + datetime.timedelta(seconds=RENEW_AFTER - 5), tick=False):
        assert _get(client, reverse("home")) == (200, [])
    with time_machine.travel(start + datetime.timedelta(seconds=RENEW_AFTER + 5), tick=False):
        status, writes = _get(client, reverse("home"))
        assert status == 200 and len(writes) == 1  # slid: a new expiry, 30 minutes from now
    with time_machine.travel(start + datetime.timedelta(seconds=RENEW_AFTER + 10), tick=False):
        assert _get(client, reverse("home")) == (200, [])


@pytest.mark.django_db
def test_permissions_are_read_once_per_request_in_one_query(client, world):
    client.force_login(world.own_worker)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("citizen", args=[world.anna.pk])).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([s for s in sql if '"auth_permission"' in s]) == 1, sql
    assert len([s for s in sql if 'FROM "accounts_staffprofile"' in s]) == 0, "the profile comes with the user"
    assert len([s for s in sql if 'FROM "auth_user"' in s and '"accounts_staffprofile"' in s]) == 1, sql
    assert len([s for s in sql if s.startswith("SELECT") and 'FROM "citizens_citizen"' in s
                and '"citizens_citizen"."cpr"' in s]) == 1, "the citizen row is read once"


@pytest.mark.django_db
def test_a_changed_role_counts_from_the_next_request(client, world):
    url = reverse("users")
    client.force_login(world.own_worker)
    assert client.get(url).status_code == 403
    world.own_worker.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    assert client.get(url).status_code == 200  # a permission of the user's own
    world.own_worker.user_permissions.clear()
    assert client.get(url).status_code == 403
    world.own_worker.groups.add(Group.objects.get(name="Administrator"))
    assert client.get(url).status_code == 200  # a role's permission
    world.own_worker.groups.remove(Group.objects.get(name="Administrator"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_nothing_carries_over_between_users(world):
    admin, worker = Client(), Client()
    admin.force_login(world.admin)
    worker.force_login(world.own_worker)
    for _ in range(2):  # interleaved, in one process: a cache on anything but the request's user would leak
        assert admin.get(reverse("users")).status_code == 200
        assert worker.get(reverse("users")).status_code == 403
        assert worker.get(reverse("citizen", args=[world.anna.pk])).status_code == 200
        assert admin.get(reverse("citizen", args=[world.anna.pk])).status_code in (403, 302)
