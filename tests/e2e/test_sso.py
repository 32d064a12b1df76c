"""The login factors in the browser, on a server configured by environment as in production: single
sign-on through the municipality's identity provider (a real OpenID Connect provider, tests/idp), and
the two-factor login that production requires of the roles that break the glass or administer."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD as DEMO_PASSWORD
from tests.e2e.conftest import _free_port, assert_accessible, running_server
from tests.oidc_idp import PASSWORD, environment, running_idp


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory, worker_id):
    port = _free_port()
    with running_idp([f"http://127.0.0.1:{port}/oidc/callback/"]) as issuer:
        env = {**environment(issuer), "TOVHOLDER_OTP_REQUIRED": "1"}
        with running_server(tmp_path_factory.mktemp("sso"), worker_id, extra_env=env, port=port,
                            label="_sso") as base:
            yield base


def start_at_the_municipality(page, base):
    page.goto(base + "/login/")
    assert_accessible(page)
    page.get_by_role("link", name="Log ind med kommunens login").click()
    expect(page.get_by_role("heading", name="Kommunens login (test-IdP)")).to_be_visible()


def test_leader_logs_in_through_the_municipality_and_lands_on_the_start_page(page, sso_server):
    start_at_the_municipality(page, sso_server)
    page.get_by_label("Bruger-id").fill("lise.leder")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind hos kommunen").click()
    page.wait_for_url(sso_server + "/")
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
    expect(page.locator(".portal-user .user")).to_have_text("Lise Lund, Leder")
    assert_accessible(page)


def test_a_user_without_a_role_is_sent_back_with_a_danish_message(page, sso_server):
    start_at_the_municipality(page, sso_server)
    page.get_by_label("Bruger-id").fill("rolf.uden.rolle")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind hos kommunen").click()
    page.wait_for_url(sso_server + "/login/")
    expect(page.get_by_text("din bruger har ingen rolle i Tovholder")).to_be_visible()
    assert_accessible(page)


def app_code(secret: str, drift: int = 0) -> str:
    """What the authenticator app shows for the secret typed in by hand."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, drift=drift):06d}"


def test_leader_enrols_an_authenticator_and_then_logs_in_with_a_code(page, sso_server):
    page.goto(sso_server + "/login/")
    page.get_by_label("Brugernavn").fill("leder")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind", exact=True).click()
    expect(page.get_by_role("heading", name="Slå totrinslogin til")).to_be_visible()
    expect(page.get_by_text("Din rolle kræver totrinslogin")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode til godkendelses-appen")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("[data-secret]").inner_text()
    page.get_by_role("textbox", name="Kode").fill(app_code(secret))
    page.get_by_role("button", name="Slå til").click()
    expect(page.get_by_role("heading", name="Dine gendannelseskoder")).to_be_visible()
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="Fortsæt").click()
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
    page.get_by_role("button", name="Log ud").click()

    page.get_by_label("Brugernavn").fill("leder")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind", exact=True).click()
    expect(page.get_by_role("heading", name="Skriv koden fra din godkendelses-app")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Kode").fill(codes[0])  # the phone is at home: a recovery code
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url(sso_server + "/")
    expect(page.get_by_text("Du har brugt en gendannelseskode. Du har 9 tilbage")).to_be_visible()
    page.goto(sso_server + "/konto/totrinslogin/")
    expect(page.locator("[data-count]")).to_have_text("9")
    assert_accessible(page)
