"""Which units a staff member works in or leads: the root of need-to-know."""

from django.core.exceptions import PermissionDenied

from .models import StaffProfile, Unit


def staff_profile(user) -> StaffProfile:
    """The user's staff profile, or PermissionDenied for accounts that are not staff."""
    if not user.is_authenticated:
        raise PermissionDenied("Du skal være logget ind.")
    try:
        return user.staff
    except StaffProfile.DoesNotExist:
        raise PermissionDenied("Din bruger er ikke knyttet til en kommune.") from None


def unit_ids_in_scope(user) -> set[int]:
    """The user's own units, plus every unit below them when the role sees sub-units (managers)."""
    profile = staff_profile(user)
    own = set(profile.units.values_list("id", flat=True))
    if not user.has_perm("accounts.see_subunit_citizens"):
        return own
    parents = dict(Unit.objects.filter(municipality=profile.municipality).values_list("id", "parent_id"))
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, stack = set(own), list(own)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def require_perm(user, perm: str) -> StaffProfile:
    profile = staff_profile(user)
    if not user.has_perm(perm):
        raise PermissionDenied("Din rolle giver ikke adgang til dette.")
    return profile
