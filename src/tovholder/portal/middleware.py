"""A citizen's session stays inside the citizen's own pages (/min/) and the municipality's public pages:
the start page sends it to "Min plan", every other page answers 403. The citizen principal holds no staff
permission anyway; this keeps even a page that asks only for a login (or for need to know, which the
citizen has of itself) out of reach. A relative's session (a citizen granted access) is kept tighter still: only
the relative's own pages (/min/paaroerende/), logging in and out, and the public pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .login import is_citizen_session, is_relative_session

OPEN_NAMESPACES = {"portal", "tenancy"}
# a relative's session: only the relative's own pages, logging in and out (and the municipality's public pages)
RELATIVE_PAGES = {"relative_home", "relative_grant", "login", "test_login", "logout"}
RELATIVE_REFUSED = "Som pårørende kan du kun se det, borgeren har delt med dig."


class CitizenSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_relative_session(request):
            return _relative(request)
        if not is_citizen_session(request):
            return None
        match = request.resolver_match
        if match is not None and OPEN_NAMESPACES.intersection(match.namespaces):
            return None
        if match is not None and match.url_name in ("home", "health"):
            return redirect("portal:plan") if match.url_name == "home" else None
        raise PermissionDenied("Siden er for kommunens medarbejdere. Du er logget ind på Min Tovholder.")


def _relative(request):
    match = request.resolver_match
    if match is not None and "tenancy" in match.namespaces:
        return None
    if match is not None and "portal" in match.namespaces and match.url_name in RELATIVE_PAGES:
        return None
    if match is not None and match.url_name in ("home", "health"):
        return redirect("portal:relative_home") if match.url_name == "home" else None
    raise PermissionDenied(RELATIVE_REFUSED)
