"""Two-factor login (TOTP with django-otp): real codes computed from the device's key, no mocks."""

import base64
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Korrekt-Hest-Batteri-9"


def code_for(secret: str) -> str:
    """What the app shows for the secret typed in by hand from the enrolment page."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def code(device: TOTPDevice, offset: int = 0) -> str:
    """The code the authenticator app shows now (offset: steps later)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                 drift=device.drift + offset)
    return f"{value:06d}"


@pytest.fixture
def enforced(settings):
    settings.TOVHOLDER_OTP_REQUIRED = True


def login(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "next": "/borgere/"})


def enrol(client):
    """The enrolment page (no row written by showing it) and the secret it shows."""
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200 and not TOTPDevice.objects.exists()
    return page, page.context["secret"]


def test_manager_must_enrol_then_give_a_code_at_the_next_login(client, world, enforced):
    response = login(client, "manager")
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))
    assert client.get(reverse("citizens")).url.startswith(reverse("otp_verify"))  # nothing else opens
    response = client.get(response.url)
    assert response.url.startswith(reverse("otp_setup"))  # not enrolled yet: enrol first
    page, secret = enrol(client)
    html = page.content.decode()
    assert '<svg role="img" aria-label="QR-kode til godkendelses-appen"' in html
    assert secret in html
    assert client.get(reverse("otp_setup")).context["secret"] == secret  # the same QR code on a reload
    wrong = client.post(reverse("otp_setup"), {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert "Koden passer ikke" in wrong.content.decode()
    time.sleep(1.1)  # a wrong code throttles the next try for a second (django-otp)
    done = client.post(reverse("otp_setup"), {"code": code_for(secret), "next": "/borgere/"})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    assert client.get(reverse("citizens")).status_code == 200
    client.post(reverse("logout"))

    response = login(client, "manager")
    assert response.url.startswith(reverse("otp_verify"))
    assert client.get(reverse("citizens")).status_code == 302
    device = TOTPDevice.objects.get(user__username="manager", confirmed=True)
    bad = client.post(reverse("otp_verify"), {"code": "12345x", "next": "/borgere/"})
    assert "Koden er forkert" in bad.content.decode()
    time.sleep(1.1)
    ok = client.post(reverse("otp_verify"), {"code": code(device, offset=1), "next": "/borgere/"})
    assert ok.status_code == 302 and ok.url == "/borgere/"
    assert client.get(reverse("citizens")).status_code == 200


def test_recovery_code_works_once(client, world, enforced):
    login(client, "casew")
    _, secret = enrol(client)
    codes = client.post(reverse("otp_setup"), {"code": code_for(secret)}).context["codes"]
    client.post(reverse("logout"))

    login(client, "casew")
    ok = client.post(reverse("otp_verify"), {"code": codes[0].upper(), "next": "/borgere/"}, follow=True)
    assert ok.status_code == 200 and "Du har 9 tilbage" in ok.content.decode()
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    client.post(reverse("logout"))

    login(client, "casew")
    again = client.post(reverse("otp_verify"), {"code": codes[0], "next": "/borgere/"})
    assert again.status_code == 200 and "Koden er forkert" in again.content.decode()
    assert client.get(reverse("citizens")).status_code == 302


def test_worker_without_break_glass_logs_in_with_password_only(client, world, enforced):
    response = login(client, "own")
    assert response.url == "/borgere/"
    assert client.get(reverse("citizens")).status_code == 200


@pytest.mark.parametrize("username", ["manager", "casew", "admin"])
def test_enforcement_is_off_in_the_demo_by_default(client, world, settings, username):
    settings.TOVHOLDER_OTP_REQUIRED = False
    assert login(client, username).url == "/borgere/"


def test_anyone_may_enrol_and_is_then_asked_for_a_code(client, world):
    login(client, "own")
    _, secret = enrol(client)
    client.post(reverse("otp_setup"), {"code": code_for(secret)})
    status = client.get(reverse("otp_setup"))
    assert "slået til" in status.content.decode() and status.context["left"] == 10
    client.post(reverse("logout"))
    assert login(client, "own").url.startswith(reverse("otp_verify"))


def test_an_enrolled_user_cannot_re_enrol_before_giving_a_code(client, world, enforced):
    login(client, "manager")
    _, secret = enrol(client)
    client.post(reverse("otp_setup"), {"code": code_for(secret)})
    client.post(reverse("logout"))
    login(client, "manager")
    response = client.get(reverse("otp_setup"))
    assert response.url.startswith(reverse("otp_verify"))
    response = client.post(reverse("otp_setup"), {"handling": "ny-telefon"})
    assert response.url.startswith(reverse("otp_verify"))
    assert TOTPDevice.objects.filter(confirmed=True).count() == 1


@pytest.mark.parametrize("hostile", ["", "<script>", "1" * 40, "'; drop table --", "٣٣٣٣٣٣"])
def test_hostile_codes_get_a_danish_message(client, world, enforced, hostile):
    login(client, "manager")
    enrol(client)
    response = client.post(reverse("otp_setup"), {"code": hostile})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert "<script>" not in response.content.decode()


def test_open_redirects_are_refused(client, world):
    login(client, "own")
    response = client.get(reverse("otp_verify"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.url


def test_logins_command_says_whether_two_factor_is_enforced(settings, db):  # db: it lists the test citizens
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    settings.TOVHOLDER_OTP_REQUIRED = True
    call_command("logins", stdout=out)
    assert "Totrinslogin (TOTP) er KRÆVET" in out.getvalue()
    out = StringIO()
    settings.TOVHOLDER_OTP_REQUIRED = False
    call_command("logins", stdout=out)
    assert "Totrinslogin (TOTP) er ikke krævet" in out.getvalue()
