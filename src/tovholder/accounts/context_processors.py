from django.core.exceptions import PermissionDenied

from .backends import role_names
from .principals import StaffPrincipal, principal_of


def staff(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        principal = principal_of(user)
    except PermissionDenied:
        return {}
    if not isinstance(principal, StaffPrincipal):
        return {}
    return {
        "staff_profile": principal.profile,
        "current_municipality": principal.municipality,
        "role_names": role_names(user),
    }
