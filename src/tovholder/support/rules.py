"""Who may do what with support: named predicates over need to know and the role's permissions."""

import rules

from tovholder.citizens.models import Citizen
from tovholder.citizens.rules import need_to_know


def knows(user, citizen) -> bool:
    """The citizen is inside the user's need to know (not via a break-the-glass grant)."""
    if citizen is None or getattr(user, "staff", None) is None:
        return False
    return Citizen.objects.filter(need_to_know(user), pk=citizen.pk).exists()


@rules.predicate
def may_support(user, citizen) -> bool:
    """Works with the citizen's support: the role provides support and the citizen is in need to know."""
    return user.has_perm("support.provide_support") and knows(user, citizen)


@rules.predicate
def is_coordinator(user, citizen) -> bool:
    return citizen is not None and citizen.coordinator_id == user.pk


rules.add_perm("support.work_with_citizen", may_support)
