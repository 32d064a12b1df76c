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


class SecondFactorMiddleware:
    """A session that must give a second factor (decided at login, `accounts.second_factor`) reaches only
    the login, the code and the enrolment pages until it has."""

    OPEN = {"login", "logout", "otp_verify", "otp_setup", "oidc_authentication_init", "oidc_authentication_callback"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from urllib.parse import urlencode

        from django.shortcuts import redirect
        from django.urls import reverse

        from .second_factor import SESSION_KEY, SSO_BACKEND, required

        user = request.user
        if not user.is_authenticated:
            return None
        session = request.session
        if SESSION_KEY not in session:  # a session from before the check
            session[SESSION_KEY] = session.get("_auth_user_backend") != SSO_BACKEND and required(user)
        if not session[SESSION_KEY] or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in self.OPEN:
            return None
        return redirect(reverse("otp_verify") + "?" + urlencode({"next": request.get_full_path()}))
