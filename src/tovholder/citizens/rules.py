"""Need to know as named predicates. The filter itself is `Citizen.objects.known_to(user)`
(citizens.models, per kind of principal in citizens.scopes); lists use it directly, and the
django-rules permissions below ask the same filter about one citizen."""

import rules

from tovholder.accounts.principals import Actor

from .gate import knows


@rules.predicate
def has_need_to_know(user: Actor, citizen) -> bool:
    return knows(user, citizen)


@rules.predicate
def is_coordinator(user: Actor, citizen) -> bool:
    return citizen is not None and citizen.coordinator_id == user.pk


rules.add_perm("citizens.view_citizen", has_need_to_know)
