"""Suggesting offers from the municipality's routing rules (a table, not `if` chains).

The caseworker decides; a suggestion only says which rule matched and why.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    offer_id: int
    offer_name: str
    rule_name: str
    explanation: str


def rule_matches(rule, age: int, needs: set[str]) -> bool:
    if rule.min_age is not None and age < rule.min_age:
        return False
    if rule.max_age is not None and age > rule.max_age:
        return False
    if rule.needs_all and not set(rule.needs_all) <= needs:
        return False
    if rule.needs_any and not set(rule.needs_any) & needs:
        return False
    return not (rule.needs_none and set(rule.needs_none) & needs)


def suggest(rules: Iterable, *, age: int, needs: Iterable[str]) -> list[Suggestion]:
    """Every active rule that matches, in rule order; one suggestion per offer (the first rule wins)."""
    needs = set(needs)
    seen: set[int] = set()
    found = []
    for rule in sorted(rules, key=lambda r: (r.order, r.pk or 0)):
        if rule.active and rule_matches(rule, age, needs) and rule.offer_id not in seen:
            seen.add(rule.offer_id)
            found.append(Suggestion(rule.offer_id, rule.offer.name, rule.name, rule.explanation))
    return found
