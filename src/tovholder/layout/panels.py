"""Start-page panels as a registry. Each app adds the panels it has for a role (from its
`plugins.py`); the start page (`tovholder.home`) shows those whose permission the user holds, in
order. A panel's context function may return None to stay hidden, and names the citizens it shows
under the key "shown": the start page logs them as one read."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    order: int
    perm: str | None
    context: Callable[[object], dict | None]


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    template: str
    context: dict


_panels: dict[str, Panel] = {}


def panel(*, key: str, title: str, template: str, order: int, perm: str | None = None):
    """Register `fn(request) -> dict | None` as the context of a start-page panel."""

    def register(fn):
        _panels[key] = Panel(key, title, template, order, perm, fn)
        return fn

    return register


def panels_for(request) -> tuple[list[RenderedPanel], list]:
    """The panels the user sees, and every citizen they show."""
    rendered, shown = [], []
    for p in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if p.perm is not None and not request.user.has_perm(p.perm):
            continue
        context = p.context(request)
        if context is None:
            continue
        shown.extend(context.pop("shown", ()))
        rendered.append(RenderedPanel(p.key, p.title, p.template, context))
    return rendered, shown
