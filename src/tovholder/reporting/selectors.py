"""Reporting's reads of citizen data, each through the one gate (`open_citizen`, logged)."""

from dataclasses import dataclass

from tovholder.accounts.principals import Actor
from tovholder.activities.models import Participation
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen
from tovholder.outcomes.models import Measurement
from tovholder.plans.models import Goal, Plan
from tovholder.support.models import Episode
from tovholder.visitation.models import Assessment, Decision


@dataclass
class CitizenRecord:
    """Everything one citizen's FHIR export shows, read once."""

    citizen: Citizen
    plan: Plan | None
    goals: list
    episodes: list
    decisions: list
    assessments: list
    measurements: list
    participations: list


def citizen_record(user: Actor, citizen_id: int) -> CitizenRecord:
    """One citizen's data for the FHIR export (need to know or break-the-glass; the read is logged)."""
    citizen, _grant = open_citizen(user, citizen_id, what="FHIR-udtræk")
    m = citizen.municipality_id
    plan = Plan.objects.filter(municipality_id=m, citizen=citizen).first()
    return CitizenRecord(
        citizen=citizen,
        plan=plan,
        goals=list(Goal.objects.filter(municipality_id=m, citizen=citizen).order_by("created_on", "pk")),
        episodes=list(Episode.objects.filter(municipality_id=m, citizen=citizen)
                      .select_related("offer").order_by("started_on", "pk")),
        decisions=list(Decision.objects.filter(municipality_id=m, citizen=citizen)
                       .select_related("offer", "case").order_by("requested_on", "pk")),
        assessments=list(Assessment.objects.filter(municipality_id=m, citizen=citizen)
                         .prefetch_related("scores").order_by("assessed_on", "pk")),
        measurements=list(Measurement.objects.filter(municipality_id=m, citizen=citizen,
                                                     replaced_by__isnull=True)
                          .select_related("version__instrument").prefetch_related("scores")
                          .order_by("measured_on", "pk")),
        participations=list(Participation.objects.filter(municipality_id=m, citizen=citizen)
                            .select_related("occasion").order_by("occasion__starts_at", "pk")),
    )
