"""Logging a citizen in and out: the one path every login method ends in (ADR 0034)."""

from django.contrib import auth
from django.http import HttpRequest

from .backends import PATH
from .identity import CitizenIdentity, pseudonym

SESSION_KEY = "tovholder_citizen"  # {"method": …, "assurance": …}: the session is a citizen's (middleware)
USER_PREFIX = "borger-"  # every citizen user's username starts so (`identity.pseudonym`)


def is_citizen_session(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY)) or user.get_username().startswith(USER_PREFIX)


def log_in(request: HttpRequest, identity: CitizenIdentity):
    """Authenticate the identity (through axes' throttle) and start a citizen session; None if refused.
    A staff session in the same browser is ended first: the two never mix."""
    user = auth.authenticate(request, citizen_identity=identity, username=pseudonym(identity.cpr))
    if user is None:
        return None
    if request.user.is_authenticated:
        auth.logout(request)
    auth.login(request, user, backend=PATH)
    request.session[SESSION_KEY] = {"method": identity.method, "assurance": identity.assurance.name.title()}
    return user
