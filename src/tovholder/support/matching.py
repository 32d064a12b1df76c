"""The contact-person suggestion at the provider's intake: which worker of the providing team fits the
citizen? A pure function over plain data (no database), so it is easy to test and to explain.

The citizen's needs are codes with a label and where they come from (the case's needs, its FFB target
groups, the FFB conditions of the latest assessment); each worker has competences, each covering some
codes (`accounts.Competence.covers`), and a current caseload. A worker matches a need when one of their
competences covers its code. The ranking: most needs matched first, then the lightest caseload, then the
name. The suggestion explains itself; the leader decides.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tovholder.layout import formats


@dataclass(frozen=True)
class CitizenNeed:
    code: str
    label: str
    source: str  # "behov", "målgruppe", "tilstand"


@dataclass(frozen=True)
class Skill:
    name: str
    covers: frozenset[str]


@dataclass(frozen=True)
class Candidate:
    worker_id: int
    name: str
    skills: tuple[Skill, ...]
    caseload: int  # citizens the worker is contact person for now


@dataclass(frozen=True)
class Match:
    competence: str
    need: CitizenNeed


@dataclass
class Suggestion:
    worker_id: int
    name: str
    caseload: int
    matches: list[Match] = field(default_factory=list)

    @property
    def needs_matched(self) -> int:
        return len({m.need.code for m in self.matches})

    @property
    def reasons(self) -> list[str]:
        """One line per competence: "Kompetence: Misbrug – matcher målgruppe Stofmisbrug og behov Misbrug"."""
        by_competence: dict[str, list[str]] = {}
        for m in self.matches:
            by_competence.setdefault(m.competence, []).append(f"{m.need.source} {m.need.label}")
        return [f"Kompetence: {name} – matcher {' og '.join(needs)}" for name, needs in by_competence.items()]

    @property
    def caseload_text(self) -> str:
        if self.caseload == 0:
            return "ingen borgere nu"
        return f"{formats.number(self.caseload)} borger{'e' if self.caseload != 1 else ''} nu"

    @property
    def summary(self) -> str:
        """The reasons and the caseload in one line (the picker's hint)."""
        parts = self.reasons or ["Ingen af kompetencerne matcher borgerens behov"]
        return "; ".join([*parts, self.caseload_text])


def suggest(needs: Sequence[CitizenNeed], candidates: Iterable[Candidate]) -> list[Suggestion]:
    """Every candidate, ranked: most of the citizen's needs matched, then the lightest caseload, then name."""
    first: dict[str, CitizenNeed] = {}
    for n in needs:
        if n.code:
            first.setdefault(n.code, n)
    unique = list(first.values())
    found = []
    for c in candidates:
        s = Suggestion(c.worker_id, c.name, c.caseload)
        for skill in sorted(c.skills, key=lambda k: k.name):
            s.matches += [Match(skill.name, need) for need in unique if need.code in skill.covers]
        found.append(s)
    return sorted(found, key=lambda s: (-s.needs_matched, s.caseload, s.name.casefold(), s.worker_id))
