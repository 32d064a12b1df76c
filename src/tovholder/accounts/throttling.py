"""Login throttling (django-axes) with two limits: one per username and a higher one per network address.

Axes counts the failures per lockout parameter (`AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`) and
compares the largest count with one limit. Here each parameter has its own: a username is locked after
`AXES_FAILURE_LIMIT` failures (from any address), an address after `LOGIN_IP_FAILURE_LIMIT` failures (for any
usernames). So password spraying (a few guesses at many usernames from one address) is stopped, while
colleagues behind one municipal NAT are not locked out by one person's typos."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

REASON = "tovholder_locked_by"  # set on the request: "username" or "ip_address" (the page says which)


def _limits() -> dict[str, int]:
    return {"username": settings.AXES_FAILURE_LIMIT, "ip_address": settings.LOGIN_IP_FAILURE_LIMIT}


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures that count against axes' one limit (the username's): each parameter's own count,
        moved down by how much higher its own limit is."""
        limits = _limits()
        limit = limits["username"]
        counted, reason = 0, None
        for parameter, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS,
                                       self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            shifted = failures - limits[parameter] + limit
            if shifted > counted:
                counted = shifted
            if failures >= limits[parameter] and reason is None:
                reason = parameter
        setattr(request, REASON, reason)
        return counted

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears the user's own failures, never the address's others: a colleague
        logging in from the same address does not wipe out a spray of other usernames."""
        attempts = self.filter_user_attempts(request, credentials)[0]  # the username's
        count, _ = attempts.delete()
        return count
