"""Who may do what with support: named predicates over need to know and the role's permissions."""

import rules

from tovholder.accounts.principals import Actor
from tovholder.citizens.gate import knows


@rules.predicate
def may_support(user: Actor, citizen) -> bool:
    """Works with the citizen's support: the role provides support and the citizen is in need to know."""
    return user.has_perm("support.provide_support") and knows(user, citizen)


rules.add_perm("support.work_with_citizen", may_support)
