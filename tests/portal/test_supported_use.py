"""Supported use (issue 18, item 10): large text kept in the session, and "Sammen med en medarbejder" for a
shared screen at the drop-in centre — a banner, logout after a short idle time, nothing kept by the browser,
"Log ud og ryd skærmen"; a staff session stays out."""

import pytest
from django.urls import reverse

from tovholder.portal.login import TOGETHER, TOGETHER_IDLE_SECONDS

from .conftest import log_in_as


def test_large_text_is_kept_and_sets_the_class(client, portal):
    log_in_as(client, portal.anna)
    assert 'class="large-text"' not in client.get(reverse("portal:log")).content.decode()
    response = client.post(reverse("portal:large_text"), {"til": "1", "next": "/min/log/"})
    assert response.status_code == 302 and response["Location"] == "/min/log/"
    for name in ("portal:plan", "portal:log", "portal:crisis_plan"):
        page = client.get(reverse(name)).content.decode()
        assert '<html lang="da" class="large-text">' in page and 'aria-pressed="true"' in page
    client.post(reverse("portal:large_text"), {"til": "0", "next": "/min/"})
    assert 'class="large-text"' not in client.get(reverse("portal:plan")).content.decode()


def test_large_text_on_the_login_page_before_logging_in(client, portal):
    client.post(reverse("portal:large_text"), {"til": "1", "next": "/min/log-ind/"})
    assert 'class="large-text"' in client.get(reverse("portal:login")).content.decode()
    log_in_as(client, portal.anna)  # the choice survives the login
    assert 'class="large-text"' in client.get(reverse("portal:plan")).content.decode()


@pytest.mark.parametrize("next_url", ["https://ondt.example/", "//ondt.example/min/", "/borgere/", "/min/\\x",
                                      "", "javascript:alert(1)", "/min//ondt.example"])
def test_the_toggles_only_go_back_to_a_portal_page(client, portal, next_url):
    log_in_as(client, portal.anna)
    for name in ("portal:large_text", "portal:together"):
        response = client.post(reverse(name), {"til": "1", "next": next_url})
        assert response.status_code == 302 and response["Location"] == reverse("portal:plan")


def test_a_staff_session_cannot_use_the_toggles(client, world):
    client.force_login(world.own_worker)
    assert client.post(reverse("portal:large_text"), {"til": "1"}).status_code == 403
    assert client.post(reverse("portal:together"), {"til": "1"}).status_code == 403
    assert client.get(reverse("portal:large_text")).status_code == 405


def test_together_mode_chosen_on_the_login_page(client, portal):
    page = client.get(reverse("portal:login")).content.decode()
    assert "Sammen med en medarbejder" in page and "Fælles skærm: en medarbejder kigger med" not in page
    client.post(reverse("portal:together"), {"til": "1", "next": "/min/log-ind/"})
    response = client.get(reverse("portal:login"))
    assert "Fælles skærm: en medarbejder kigger med" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    log_in_as(client, portal.anna)
    assert client.session.get_expiry_age() == TOGETHER_IDLE_SECONDS  # logged out after 10 idle minutes
    for name in ("portal:plan", "portal:crisis_plan", "portal:log"):
        response = client.get(reverse(name))
        body = response.content.decode()
        assert "Fælles skærm: en medarbejder kigger med" in body and "Log ud og ryd skærmen" in body
        assert "no-store" in response["Cache-Control"]
        assert body.count("<form ") == body.count('<form autocomplete="off" ') > 0  # no autofill anywhere


def test_without_together_mode_nothing_changes(client, portal):
    log_in_as(client, portal.anna)
    response = client.get(reverse("portal:crisis_plan"))  # (no-store holds for every logged-in page anyway)
    assert "Fælles skærm" not in response.content.decode() and 'autocomplete="off"' not in response.content.decode()
    assert client.session.get_expiry_age() != TOGETHER_IDLE_SECONDS


def test_together_mode_from_the_menu_and_log_out_clearing_the_screen(client, portal):
    log_in_as(client, portal.anna)
    client.post(reverse("portal:together"), {"til": "1", "next": "/min/kriseplan/"})
    assert client.session.get_expiry_age() == TOGETHER_IDLE_SECONDS
    response = client.post(reverse("portal:logout"), {"ryd": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:login")
    assert response["Clear-Site-Data"] == '"cache", "storage"' and "no-store" in response["Cache-Control"]
    assert "_auth_user_id" not in client.session and client.session.get(TOGETHER) is True  # ready for the next
    page = client.get(reverse("portal:login")).content.decode()
    assert "Du er logget ud, og skærmen er ryddet" in page and "Fælles skærm" in page
    assert client.get(reverse("portal:plan")).status_code == 302  # Anna is gone


def test_together_mode_switched_off(client, portal):
    log_in_as(client, portal.anna)
    client.post(reverse("portal:together"), {"til": "1"})
    client.post(reverse("portal:together"), {"til": "0"})
    assert TOGETHER not in client.session and client.session.get_expiry_age() != TOGETHER_IDLE_SECONDS
    assert "Fælles skærm: en medarbejder" not in client.get(reverse("portal:plan")).content.decode()
