"""Sessions slide: each request renews the 30 minutes — but the session row is written at most once a
minute, not on every request (a read of a page should not be a write)."""

import time

from django.utils.cache import patch_cache_control

RENEW_AFTER = 60  # seconds
KEY = "_renewed"


class SlidingSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(KEY, 0) >= RENEW_AFTER:
                session[KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


class NoStoreMiddleware:
    """Every page a logged-in user gets may hold citizen data: no browser or proxy keeps a copy
    (`Cache-Control: no-store`, GDPR art. 32). Static files are served before this by WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, must_revalidate=True, private=True,
                                max_age=0)
        return response
