"""Sections of the citizen's plan page contributed by higher apps (the dual-diagnosis coordinated plan of
crosssector …): a higher app registers `fn(user, citizen) -> dict`; the plan page shows them in order,
after the plan and goals. The plan page has opened (and logged) the citizen before they run."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    order: int
    context: Callable[[object, object], dict | None]


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    template: str
    context: dict


_sections: dict[str, Section] = {}


def section(*, key: str, title: str, template: str, order: int):
    """Register `fn(user, citizen) -> dict | None` (None: nothing to show) as a section of the plan page."""

    def register(fn):
        _sections[key] = Section(key, title, template, order, fn)
        return fn

    return register


def sections_for(user, citizen) -> list[RenderedSection]:
    rendered = []
    for s in sorted(_sections.values(), key=lambda s: s.order):
        context = s.context(user, citizen)
        if context is not None:
            rendered.append(RenderedSection(s.key, s.title, s.template, context))
    return rendered
