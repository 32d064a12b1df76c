"""Logging a citizen in and out: the one path every login method ends in (ADR 0034)."""

from django.contrib import auth
from django.http import HttpRequest

from .backends import PATH, RELATIVE_PREFIX
from .identity import CitizenIdentity, pseudonym

SESSION_KEY = "tovholder_citizen"  # {"method": …, "assurance": …}: the session is a citizen's (middleware)
USER_PREFIX = "borger-"  # every citizen user's username starts so (`identity.pseudonym`)
LARGE_TEXT = "portal_large_text"  # the citizen chose large text (kept in the session, issue 18 item 10)
TOGETHER = "portal_together"  # "Sammen med en medarbejder": a shared screen (idle logout, nothing remembered)
TOGETHER_IDLE_SECONDS = 10 * 60
RELATIVE_SESSION_KEY = "tovholder_relative"  # the same for a relative's session (a citizen granted access)


def is_citizen_session(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY)) or user.get_username().startswith(USER_PREFIX)


def is_relative_session(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return (bool(session is not None and session.get(RELATIVE_SESSION_KEY))
            or user.get_username().startswith(RELATIVE_PREFIX))


def log_in(request: HttpRequest, identity: CitizenIdentity):
    """Authenticate the identity (through axes' throttle) and start a citizen session — or a relative's, when the
    CPR is not a citizen's but a citizen has granted it access; None if refused.
    A staff session in the same browser is ended first: the two never mix."""
    user = auth.authenticate(request, citizen_identity=identity, username=pseudonym(identity.cpr))
    return _start(request, user, identity.method, identity.assurance.name.title())


def log_in_test_relative(request: HttpRequest, account):
    """The demo's test login as a fictitious test relative (`RelativeAccount.test_login`)."""
    user = auth.authenticate(request, test_relative=account, username=account.user.get_username())
    return _start(request, user, "test", "Substantial")


def _start(request: HttpRequest, user, method: str, assurance: str):
    if user is None:
        return None
    if request.user.is_authenticated:
        auth.logout(request)
    auth.login(request, user, backend=PATH)
    key = RELATIVE_SESSION_KEY if user.get_username().startswith(RELATIVE_PREFIX) else SESSION_KEY
    request.session[key] = {"method": method, "assurance": assurance}
    return user


def supported_use(request: HttpRequest) -> dict:
    """The citizen's choices for how the portal is shown (any page of it, logged in or not)."""
    session = getattr(request, "session", None)
    return {"large_text": bool(session and session.get(LARGE_TEXT)),
            "together": bool(session and session.get(TOGETHER)), "together_minutes": TOGETHER_IDLE_SECONDS // 60}


def keep_together_mode(request: HttpRequest) -> None:
    """On a shared screen a citizen's session ends after a short idle time (the session renews on use)."""
    if request.session.get(TOGETHER) and request.user.is_authenticated:
        request.session.set_expiry(TOGETHER_IDLE_SECONDS)


def shared_screen_response(request: HttpRequest, response):
    """On a shared screen nothing of the page is kept by the browser: no cache, no autofill on any form."""
    from django.utils.cache import patch_cache_control

    if request.session.get(TOGETHER):
        patch_cache_control(response, no_store=True, no_cache=True, must_revalidate=True, private=True)
        if response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False):
            response.content = response.content.replace(b"<form ", b'<form autocomplete="off" ')
    return response
