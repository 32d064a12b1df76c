"""Single sign-on through a real OpenID Connect provider (tests/idp: panva's oidc-provider on Node.js),
started on a free port: the test client goes to the IdP, a `requests` session logs in on the IdP's own
login page and brings the code back to Tovholder, which fetches the tokens and the claims from the IdP."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.conftest import make_staff
from tests.oidc_idp import PASSWORD, configure, running_idp
from tovholder.accounts.models import Unit

CALLBACK = "http://testserver/oidc/callback/"


@pytest.fixture(scope="module")
def idp():
    with running_idp([CALLBACK]) as issuer:
        yield issuer


@pytest.fixture
def sso(settings, idp):
    configure(settings, idp)
    return idp


def sso_login(client, issuer: str, login: str, password: str = PASSWORD):
    """Through the real flow; returns Tovholder's answer to the IdP's redirect back (the callback)."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start.url.startswith(issuer + "/auth?")
    browser = requests.Session()  # the user's browser at the IdP
    page = browser.get(start.url, timeout=10)
    assert "Kommunens login (test-IdP)" in page.text
    action = re.search(r'action="([^"]+)"', page.text).group(1)
    answer = browser.post(urljoin(page.url, action), data={"login": login, "password": password},
                          allow_redirects=False, timeout=10)
    while answer.is_redirect:
        location = urljoin(answer.url, answer.headers["location"])
        if location.startswith(CALLBACK):
            back = urlsplit(location)
            return client.get(back.path + "?" + back.query)
        answer = browser.get(location, allow_redirects=False, timeout=10)
    return answer  # the IdP's own page (a wrong password)


def test_leader_logs_in_through_the_municipality_and_gets_role_and_units(client, world, sso, settings):
    settings.TOVHOLDER_OTP_REQUIRED = True  # the IdP brings its own second factor (ADR 0015)
    response = sso_login(client, sso, "lise.leder")
    assert response.status_code == 302 and response.url == reverse("home")
    user = get_user_model().objects.get(username="lise.leder")
    assert (user.first_name, user.last_name, user.email) == ("Lise", "Lund", "lise.leder@ballerup.example")
    assert list(user.groups.values_list("name", flat=True)) == ["Leder"]
    assert user.staff.municipality == world.ballerup
    assert list(user.staff.units.all()) == [world.management]
    assert not user.has_usable_password()
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Lise Lund, Leder" in home.content.decode()
    assert client.get(reverse("citizens")).status_code == 200  # no code asked after SSO


def test_the_provider_is_the_source_of_roles_and_units(client, world, sso):
    user = make_staff("sune.skp", world.ballerup, world.ung, "Leder")
    sso_login(client, sso, "sune.skp")
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["Medarbejder"]
    assert list(user.staff.units.all()) == [world.skp]
    assert user.first_name == "Sune"


def test_user_without_a_valid_role_is_refused_in_danish(client, world, sso):
    response = sso_login(client, sso, "rolf.uden.rolle")
    assert response.status_code == 302 and response.url == "/login/"
    page = client.get(response.url)
    assert "din bruger har ingen rolle i Tovholder" in page.content.decode()
    assert not get_user_model().objects.filter(username="rolf.uden.rolle").exists()
    assert client.get(reverse("citizens")).status_code == 302  # not logged in


def test_a_user_of_another_municipality_is_refused(client, world, sso):
    make_staff("lise.leder", world.herlev, Unit.objects.get(name="Flex Bostøtte"), "Medarbejder")
    response = sso_login(client, sso, "lise.leder")
    assert response.url == "/login/"
    assert "hører til en anden kommune" in client.get("/login/").content.decode()
    assert list(Group.objects.filter(user__username="lise.leder").values_list("name", flat=True)) == ["Medarbejder"]


def test_wrong_password_stays_at_the_provider(client, world, sso):
    response = sso_login(client, sso, "lise.leder", password="forkert")
    assert "Forkert bruger-id eller adgangskode" in response.text
    assert not get_user_model().objects.filter(username="lise.leder").exists()


def test_login_page_offers_the_municipal_login_only_when_configured(client, world, sso, settings):
    assert "Log ind med kommunens login" in client.get(reverse("login")).content.decode()
    settings.OIDC_RP_CLIENT_ID = ""
    assert "kommunens login" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_forged_callback_is_refused(client, world, sso):
    response = client.get(reverse("oidc_authentication_callback"), {"code": "forfalsket", "state": "forfalsket"})
    assert response.status_code in (302, 400)
    assert client.get(reverse("citizens")).status_code == 302
