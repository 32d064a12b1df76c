"""Who is in the programme, and what an Ungeindsats plan must hold (read helpers for services and
selectors; no access logging here)."""

from tovholder.plans.models import GOAL_TYPES
from tovholder.visitation.models import Decision

from .models import Programme

# FFB conditions (tilstande) an education/job goal is set on (KL's codes): "Varetage uddannelse" and
# "Varetage beskæftigelse" (Aktivitet og deltagelse / Samfundsliv), "Uddannelse og job" (Sociale forhold).
EDUCATION = "8888edfa-642b-4329-9fe3-a9b180e6d3f4"
EMPLOYMENT = "685e8517-2f5c-4ef8-a7c4-fa2d008fdd9d"
EDUCATION_AND_JOB = "f695cec7-2b39-4c7e-8731-da8558a4fb3f"
EDUCATION_JOB_CONDITIONS = (EDUCATION, EMPLOYMENT, EDUCATION_AND_JOB)

S = Decision.Status
IN_FORCE = (S.GRANTED, S.ORDERED, S.ACTIVE)


def programme_of(municipality_id: int) -> Programme | None:
    return Programme.objects.filter(municipality_id=municipality_id).select_related(
        "offer", "offer__unit", "pension_offer").first()


def mentor_effort(citizen, programme: Programme | None, *, statuses=IN_FORCE) -> Decision | None:
    """The citizen's mentor effort (the programme's offer) in one of `statuses`, latest first."""
    if programme is None:
        return None
    return (Decision.objects.filter(citizen=citizen, offer_id=programme.offer_id, status__in=statuses)
            .select_related("case", "offer", "offer__unit").order_by("-pk").first())


def is_education_goal(goal) -> bool:
    return goal.condition in EDUCATION_JOB_CONDITIONS and goal.goal_type in GOAL_TYPES
