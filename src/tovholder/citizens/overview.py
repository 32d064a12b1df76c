"""Sections of the citizen overview. Each app registers the section it contributes
(plan and goals, episodes, decisions, notes …); the overview shows them in order.

A section's context function runs inside the overview's read, which `open_citizen` has already
checked for need to know and logged. It may also return the app's dated events under the key
"timeline" (a list of `citizens.timeline.TimelineItem`), made from the rows it has already read, so
the overview's timeline costs no query of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    order: int
    context: Callable[[object, object], dict]


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    template: str
    context: dict


_sections: dict[str, Section] = {}


def section(*, key: str, title: str, template: str, order: int):
    """Register `fn(user, citizen) -> dict | None` as the context of an overview section (None: the section is
    not shown for this citizen, e.g. a young person's transition for an adult)."""

    def register(fn):
        _sections[key] = Section(key, title, template, order, fn)
        return fn

    return register


def sections_for(user, citizen) -> tuple[list[RenderedSection], list]:
    """The rendered sections in order, and the timeline items they gave."""
    rendered, items = [], []
    for s in sorted(_sections.values(), key=lambda s: s.order):
        context = s.context(user, citizen)
        if context is None:
            continue
        items.extend(context.pop("timeline", ()))
        rendered.append(RenderedSection(s.key, s.title, s.template, context))
    return rendered, items
