"""What figures plugs in: the figures (registered by importing the catalogue), the menu entry and the
manager's start-page panel (read from snapshots only)."""

from tovholder.layout import menu
from tovholder.layout.panels import panel

from . import catalogue  # noqa: F401 - registers the figures
from .selectors import PERM, headline

menu.add(label="Styringstal", url_name="figures_dashboard", order=35, perms=(PERM,))


@panel(key="styringstal", title="Styringstal", template="figures/panel.html", order=3, perm=PERM)
def figures_panel(request) -> dict | None:
    """The figures that matter most, from the latest filled day's snapshots (one query)."""
    return {"h": headline(request.user), "shown": []}
