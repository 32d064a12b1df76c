"""What a relative may be told, by the citizen's consent per scope (ADR 0025-one-task-list, "relatives").

The relative's information page shows, for each scope the relative has a consent to, the parts registered
for that scope — and for the others only that they may not be told. Each app registers the parts it
holds from its `plugins.py` (a lower app never reads a higher one's data):

    @disclosure.part(key="efforts", scope=Consent.Scope.GENERAL, title="Indsatser", order=20)
    def efforts(user, citizen) -> list[str]: ...   # lines of plain text, read inside the page's logged read

Scopes that are permissions rather than information (may be contacted in a crisis, may take part in
meetings) are shown as such.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Consent

S = Consent.Scope

# What each scope means on the page, in plain words.
MEANING: dict[str, str] = {
    S.CONTACT: "Må kontaktes, hvis borgeren er i krise.",
    S.GENERAL: "Må få en generel orientering om støtten: hvem der hjælper, og hvilke indsatser borgeren har.",
    S.PLAN: "Må få at vide, hvad borgerens plan, mål og aftaler er.",
    S.HEALTH: "Må få at vide om borgerens helbred og behandling.",
    S.MEETINGS: "Må deltage i møder om borgerens støtte, når borgeren ønsker det.",
}


@dataclass(frozen=True)
class Part:
    key: str
    scope: str
    title: str
    order: int
    lines: Callable[[object, object], list[str]]


_parts: dict[str, Part] = {}


def part(*, key: str, scope: str, title: str, order: int):
    """Register `fn(user, citizen) -> list[str]`: what the page shows under `scope`."""

    def register(fn):
        _parts[key] = Part(key, scope, title, order, fn)
        return fn

    return register


def parts_for(scope: str) -> list[Part]:
    return sorted((p for p in _parts.values() if p.scope == scope), key=lambda p: (p.order, p.key))
