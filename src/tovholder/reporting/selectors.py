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


# --- the KL FFB daily delivery (ADR 0029) -----------------------------------------------------------------

@dataclass
class FfbRecords:
    """A municipality's FFB records as of a day, read in a few queries and grouped by citizen. Read by the
    statutory delivery itself (no person reads them here); each citizen whose bundle is sent gets an audit
    event of its own (`ffb.bundle_sent`), so the citizen's log shows what went to KL."""

    citizens: dict
    cases: dict
    assessments: dict
    decisions: dict
    service_changes: dict
    first_services: dict
    follow_ups: dict
    goals: dict


def _by_citizen(rows) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row.citizen_id, []).append(row)
    return grouped


def ffb_records(municipality, day, *, citizen_ids=None) -> FfbRecords:
    """Everything the FFB report holds, as it stood at the end of `day` (records dated later are left
    out). `citizen_ids` narrows the read (a test, one citizen)."""
    from tovholder.audit.models import AuditEvent
    from tovholder.visitation.events import Event as VisitationEvent
    from tovholder.visitation.models import Case, EffortFollowUp, ServiceChange

    m = municipality.pk
    granted = ("granted", "ordered", "active", "ended")

    def only(qs):
        return qs.filter(citizen_id__in=citizen_ids) if citizen_ids is not None else qs

    cases = list(only(Case.objects.filter(municipality_id=m, opened_on__lte=day)).order_by("opened_on", "pk"))
    citizen_pks = {c.citizen_id for c in cases}
    citizens = {c.pk: c for c in Citizen.objects.filter(municipality_id=m, pk__in=citizen_pks)
                .only("pk", "cpr", "municipality_id")}
    assessments = list(only(Assessment.objects.filter(municipality_id=m, assessed_on__lte=day))
                       .prefetch_related("scores").order_by("assessed_on", "pk"))
    decisions = list(only(Decision.objects.filter(municipality_id=m, status__in=granted, decided_on__lte=day))
                     .select_related("offer").order_by("decided_on", "pk"))
    changes = list(only(ServiceChange.objects.filter(municipality_id=m, starts_on__lte=day))
                   .order_by("starts_on", "pk"))
    # the services an effort had before its first change are kept only in the change's audit event
    firsts: dict[int, int] = {}
    for change in changes:
        firsts.setdefault(change.decision_id, change.pk)
    before: dict = {}
    if firsts:
        events = AuditEvent.objects.filter(municipality_id=m, action=VisitationEvent.DECISION_SERVICES_CHANGED,
                                           object_type="visitation.servicechange",
                                           object_id__in=[str(pk) for pk in firsts.values()])
        by_change = {int(e.object_id): e.detail.get("foer") or [] for e in events}
        before = {decision: by_change.get(change, []) for decision, change in firsts.items()}
    follow_ups = list(only(EffortFollowUp.objects.filter(municipality_id=m, held_on__lte=day))
                      .order_by("held_on", "pk"))
    goals = list(only(Goal.objects.filter(municipality_id=m, decision__isnull=False, created_on__lte=day))
                 .order_by("created_on", "pk"))
    return FfbRecords(citizens=citizens, cases=_by_citizen(cases), assessments=_by_citizen(assessments),
                      decisions=_by_citizen(decisions), service_changes=_by_citizen(changes),
                      first_services=before, follow_ups=_by_citizen(follow_ups), goals=_by_citizen(goals))
