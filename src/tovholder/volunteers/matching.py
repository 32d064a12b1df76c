"""Matching a citizen's wish with volunteers: who could go, and why (shown to the coordinator, who decides).

A volunteer is suggested when they are active, consent to be contacted, have room for one more citizen,
share at least one time of the week with the citizen, and their criminal-record certificate is valid on
the day the agreement would start. A volunteer whose certificate has expired (or was never seen) is never
suggested; `services.start_agreement` refuses one chosen anyway. Suggestions are ranked by shared
interests first, then shared times."""

import datetime
from dataclasses import dataclass, field

from tovholder.layout import formats

from .models import INTEREST_LABELS, SLOT_LABELS, CompanionWish, Volunteer, labels

RENEWAL_WARNING = datetime.timedelta(days=60)


@dataclass
class Suggestion:
    volunteer: Volunteer
    shared_interests: list[str]
    shared_times: list[str]
    reasons: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def score(self) -> tuple[int, int]:
        return (len(self.shared_interests), len(self.shared_times))


@dataclass
class NotSuggested:
    volunteer: Volunteer
    reason: str


def certificate_problem(volunteer: Volunteer, day: datetime.date) -> str:
    """Why the volunteer's certificate does not allow an agreement starting on `day` ('' when it does)."""
    if volunteer.certificate_seen_on is None or volunteer.certificate_renew_by is None:
        return "Der er ikke set en børne-/straffeattest."
    if volunteer.certificate_renew_by < day:
        return f"Børne-/straffeattesten udløb {formats.day(volunteer.certificate_renew_by)} og er ikke fornyet."
    if volunteer.certificate_seen_on > day:
        return "Attesten er set efter aftalens start."
    return ""


def rank(wish: CompanionWish, volunteers: list[Volunteer], *, day: datetime.date,
         load: dict[int, int]) -> tuple[list[Suggestion], list[NotSuggested]]:
    """The suggestions for the wish (best first) and the volunteers left out, each with the reason."""
    suggested, left_out = [], []
    for v in volunteers:
        problem = certificate_problem(v, day)
        if not v.active:
            left_out.append(NotSuggested(v, "Er ikke aktiv som frivillig."))
            continue
        if problem:
            left_out.append(NotSuggested(v, problem))
            continue
        if not v.consents_to_contact:
            left_out.append(NotSuggested(v, "Har ikke givet samtykke til at blive kontaktet."))
            continue
        if load.get(v.pk, 0) >= v.max_agreements:
            left_out.append(NotSuggested(v, f"Er allerede ledsager for {load.get(v.pk, 0)} borger(e) "
                                            f"(højst {v.max_agreements})."))
            continue
        interests = labels(set(wish.interests) & set(v.interests), INTEREST_LABELS)
        times = labels(set(wish.availability) & set(v.availability), SLOT_LABELS)
        if not times:
            left_out.append(NotSuggested(v, "Kan ikke på de tidspunkter, borgeren kan."))
            continue
        reasons = [f"Fælles interesser: {', '.join(interests)}." if interests else "Ingen fælles interesser.",
                   f"Kan begge: {', '.join(times)}.",
                   f"Attesten er set {formats.day(v.certificate_seen_on)} og gælder til "
                   f"{formats.day(v.certificate_renew_by)}."]
        warnings = []
        assert v.certificate_renew_by is not None  # checked above
        if v.certificate_renew_by - day <= RENEWAL_WARNING:
            warnings.append("Attesten skal snart fornyes.")
        suggested.append(Suggestion(v, interests, times, reasons, warnings))
    suggested.sort(key=lambda s: (-s.score[0], -s.score[1], s.volunteer.first_name, s.volunteer.pk))
    return suggested, left_out
