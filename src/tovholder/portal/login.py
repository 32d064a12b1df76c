"""Logging a citizen in and out: the one path every login method ends in (ADR 0034)."""

from django.contrib import auth
from django.http import HttpRequest

from .backends import PATH, RELATIVE_PREFIX
from .identity import CitizenIdentity, pseudonym

SESSION_KEY = "tovholder_citizen"  # {"method": …, "assurance": …}: the session is a citizen's (middleware)
USER_PREFIX = "borger-"  # every citizen user's username starts so (`identity.pseudonym`)
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
