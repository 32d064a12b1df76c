"""What a plan must always hold, registered by the apps whose efforts require it (Ungeindsats: an
education/job goal). A requirement is `fn(citizen, active_goals) -> str | None`: the Danish message when
the plan would break it. Ending or changing a goal that would break one is refused (plans.services)."""

from collections.abc import Callable

_requirements: list[Callable] = []


def requirement(fn: Callable) -> Callable:
    _requirements.append(fn)
    return fn


def broken(citizen, active_goals: list) -> list[str]:
    """The messages of the requirements the plan would break with these active goals."""
    return [message for fn in _requirements if (message := fn(citizen, active_goals))]
