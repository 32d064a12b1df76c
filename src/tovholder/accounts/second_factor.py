"""Two-factor login with TOTP (django-otp): who must give a code, enrolment and recovery codes.

Who must: everyone who has enrolled, and — when `TOVHOLDER_OTP_REQUIRED` is on (production) — every
holder of a permission in `roles.SECOND_FACTOR_PERMS` (the roles that break the glass or administer).
Decided once at login and kept in the session, so a page costs no extra read. A login through the
municipality's identity provider brings the provider's own second factor (ADR 0015).
"""

import base64

import segno
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .roles import SECOND_FACTOR_PERMS

SESSION_KEY = "tovholder_otp_required"
PENDING_KEY = "tovholder_otp_pending_key"
SSO_BACKEND = "tovholder.accounts.sso.MunicipalOIDCBackend"
RECOVERY_NAME = "Gendannelseskoder"
RECOVERY_COUNT = 10


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def role_requires(user) -> bool:
    """The user's role breaks the glass or administers."""
    return user.is_superuser or user.is_staff or any(user.has_perm(p) for p in SECOND_FACTOR_PERMS)


def required(user) -> bool:
    return enrolled(user) or (settings.TOVHOLDER_OTP_REQUIRED and role_requires(user))


def on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: decide whether this session must give a code before it may do anything."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = getattr(user, "backend", "") != SSO_BACKEND and required(user)


def pending_device(user, session, *, save: bool) -> TOTPDevice:
    """The authenticator being enrolled. Its key waits in the session (the QR code stays the same over
    reloads, and showing the page writes no row); the device is saved when a code is tried (`save`),
    so django-otp's throttling counts the tries, and confirmed by the first right code."""
    key = session.get(PENDING_KEY)
    if not key:
        key = session[PENDING_KEY] = random_hex(20)
    device = TOTPDevice.objects.filter(user=user, confirmed=False, key=key).first()
    if device is None:
        device = TOTPDevice(user=user, name="Godkendelses-app", key=key, confirmed=False)
        if save:
            device.save()
    return device


def confirm(device: TOTPDevice, session) -> list[str]:
    """The first right code: the device counts from now on; returns the new recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    session.pop(PENDING_KEY, None)
    return new_recovery_codes(device.user)


def secret_text(device: TOTPDevice) -> str:
    """The secret as the apps take it by hand: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG QR code (segno; no script, no external image)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")
    label = format_html('<svg role="img" aria-label="{}" ', "QR-kode til godkendelses-appen")
    return mark_safe(svg.replace("<svg ", label, 1))  # noqa: S308 - segno's own SVG, no user text in it


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes (each works once) and return the new ones to show once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def forget_devices(user) -> None:
    """Remove the user's authenticator and recovery codes (moving to a new phone: enrol again)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
