"""KL's Fælles Faglige Begreber (FFB), loaded from the CodeSystem the project ships.

Source: Kommunernes Landsforening, FFB for the adult specialised social area, FHIR CodeSystem
urn:oid:1.2.208.176.2.22, version 20240530 (hl7dk/kl-term). Codes are UUIDs, names Danish.
"""

import json
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings


@dataclass(frozen=True)
class Concept:
    code: str
    display: str
    definition: str
    parent: str | None
    path: tuple[str, ...] = field(default=())


@cache
def concepts() -> dict[str, Concept]:
    data = json.loads(settings.FFB_CODESYSTEM.read_text(encoding="utf-8"))
    found: dict[str, Concept] = {}

    def walk(items, parent, path):
        for item in items:
            concept = Concept(
                code=item["code"],
                display=item.get("display", ""),
                definition=item.get("definition", ""),
                parent=parent,
                path=path,
            )
            found[concept.code] = concept
            walk(item.get("concept", []), concept.code, (*path, concept.display))

    walk(data["concept"], None, ())
    return found


def display(code: str) -> str:
    concept = concepts().get(code)
    return concept.display if concept else ""


def under(category: str) -> list[Concept]:
    """All concepts below a top-level category, e.g. 'Ydelse', 'Tilbud', 'Målgruppe'."""
    return [c for c in concepts().values() if category in c.path]


def is_code_in(code: str, category: str) -> bool:
    concept = concepts().get(code)
    return concept is not None and category in concept.path


@cache
def _parents() -> frozenset[str]:
    return frozenset(c.parent for c in concepts().values() if c.parent)


def leaves(category: str) -> list[Concept]:
    """The concepts below a category that have no children: the codes a record names (a target group,
    a service), sorted by name."""
    return sorted((c for c in under(category) if c.code not in _parents()), key=lambda c: c.display)


def is_leaf_in(code: str, category: str) -> bool:
    return is_code_in(code, category) and code not in _parents()


def grouped_choices(category: str, *, empty: str) -> list:
    """Choices for a select: the category's leaves grouped under their parent's name."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for c in leaves(category):
        groups.setdefault(concepts()[c.parent].display if c.parent else category, []).append((c.code, c.display))
    return [("", empty)] + sorted(groups.items())
