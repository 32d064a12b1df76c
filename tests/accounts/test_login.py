import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

PASSWORD = "Korrekt-Hest-Batteri-9"


def test_login_page_logs_in_and_out(client, world):
    response = client.post(reverse("login"), {"username": "own", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("citizens")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("citizens")).status_code == 302


def test_wrong_password_gets_danish_message(client, world):
    response = client.post(reverse("login"), {"username": "own", "password": "forkert"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_five_failures_lock_the_user_out(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "own", "password": "forkert"})
    response = client.post(reverse("login"), {"username": "own", "password": PASSWORD})
    assert response.status_code == 429
    assert "midlertidigt spærret" in response.content.decode()
    assert client.get(reverse("citizens")).status_code == 302  # not logged in


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_sessions_slide_and_are_written_at_most_once_a_minute(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"username": "own", "password": PASSWORD})
        client.get(reverse("citizens"))
        session = Session.objects.get()
        first = session.expire_date
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        client.get(reverse("citizens"))
        assert Session.objects.get().expire_date == first  # not written again within the minute
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        client.get(reverse("citizens"))
        assert Session.objects.get().expire_date > first  # activity renews the 30 minutes
    with time_machine.travel(start + datetime.timedelta(minutes=45), tick=False):
        assert client.get(reverse("citizens")).status_code == 200  # 25 minutes after the renewal
    with time_machine.travel(start + datetime.timedelta(minutes=80), tick=False):
        assert client.get(reverse("citizens")).status_code == 302  # 35 minutes idle: logged out


@pytest.mark.parametrize("password", ["kort", "password123456", "123456789012345"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_strong_password_is_accepted():
    validate_password("Lang-og-sjov-Sætning-2026")


def test_organisation_page_shows_teams_staff_competences(client, db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("demo", citizens=50, seed=3, verbosity=0)
    client.force_login(get_user_model().objects.get(username="leder"))
    response = client.get(reverse("organisation"))
    units = {u.name: u for u in response.context["units"]}
    assert units["SKP-teamet"].staff_count == 9  # 8 SKP workers + team leader
    assert units["Kompetenceteamet"].staff_count == 4  # 3 specialist consultants + team leader
    assert units["Ballerup Ungeindsats"].staff_count == 11
    assert units["ASF-teamet"].staff_count == 2
    assert "Flex Bostøtte" not in units  # the neighbour's unit
    assert "Svær ADHD" in response.content.decode()


def test_roles_are_groups_with_permissions(db):
    from django.contrib.auth.models import Group

    perms = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert "break_glass" in perms["Sagsbehandler"] and "break_glass" not in perms["Medarbejder"]
    assert "view_access_log" in perms["Leder"]


def _fail(client, username, ip):
    return client.post(reverse("login"), {"username": username, "password": "forkert"}, REMOTE_ADDR=ip)


def test_a_username_is_locked_from_any_address(client, world, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "own", f"10.0.0.{i}")
    response = client.post(reverse("login"), {"username": "own", "password": PASSWORD}, REMOTE_ADDR="10.0.9.9")
    assert response.status_code == 429 and "Brugeren er midlertidigt spærret" in response.content.decode()


def test_colleagues_behind_one_address_are_not_locked_by_one_persons_typos(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "own", "192.0.2.10")
    response = client.post(reverse("login"), {"username": "other", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302  # a colleague on the same NAT logs in


def test_spraying_passwords_across_usernames_from_one_address_is_stopped(client, world, settings):
    assert settings.LOGIN_IP_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    for i in range(settings.LOGIN_IP_FAILURE_LIMIT):
        _fail(client, f"gaet{i}", "203.0.113.7")  # one guess each: no username reaches its limit
    response = client.post(reverse("login"), {"username": "own", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    text = response.content.decode()
    assert response.status_code == 429 and "spærret fra dit netværk" in text and "andre brugernavne" in text
    assert client.get(reverse("citizens")).status_code == 302  # not logged in
    other = client.post(reverse("login"), {"username": "own", "password": PASSWORD}, REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 302  # the user is not locked, only the address


def test_a_colleagues_login_does_not_clear_a_spray_from_the_same_address(client, world, settings):
    for i in range(settings.LOGIN_IP_FAILURE_LIMIT - 1):
        _fail(client, f"gaet{i}", "203.0.113.8")
    assert client.post(reverse("login"), {"username": "own", "password": PASSWORD},
                       REMOTE_ADDR="203.0.113.8").status_code == 302
    client.logout()
    _fail(client, "gaet-sidste", "203.0.113.8")
    assert _fail(client, "andet", "203.0.113.8").status_code == 429
