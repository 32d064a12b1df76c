"""Sections of the citizen overview. Each app registers the section it contributes
(plan and goals, episodes, decisions, notes …); the overview shows them in order.

A section's context function runs inside the overview's read, which `open_citizen` has already
checked for need to know and logged.
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
    """Register `fn(user, citizen) -> dict` as the context of an overview section."""

    def register(fn):
        _sections[key] = Section(key, title, template, order, fn)
        return fn

    return register


def sections_for(user, citizen) -> list[RenderedSection]:
    ordered = sorted(_sections.values(), key=lambda s: s.order)
    return [RenderedSection(s.key, s.title, s.template, s.context(user, citizen)) for s in ordered]
