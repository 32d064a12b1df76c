"""Retention's writes. `approve_deletion` is the one way citizen data is deleted (ARCHITECTURE.md rule 3,
ADR 0019): it removes every row that leads to the citizen through a foreign key, anonymises the
citizen row (kept, so the logs keep their integrity), redacts the personal fields of the citizen's access
log and audit trail (the rows stay), and writes a `DeletionRecord` – all in one transaction."""

import datetime
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm, require_same_municipality
from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.audit.services import audit
from tovholder.citizens.models import Citizen, Involvement, active_on

from . import registry
from .events import Event
from .models import DEFAULT_YEARS, DeletionProposal, DeletionRecord, LegalHold, RetentionRule

APPROVE = "retention.approve_deletion"
HOLD = "retention.place_legal_hold"
REPROPOSE_AFTER_DAYS = 365  # a rejected proposal is not made again for a year
REDACTED = "Slettet efter opbevaringsregler"
# Rows that stay when a citizen is deleted: the logs (redacted) and retention's own record of the deletion.
KEPT = (AccessEvent, AuditEvent, DeletionProposal, DeletionRecord)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- what is due ---------------------------------------------------------------------------------------

def due_citizens(municipality_id: int, today: datetime.date,
                 citizen_ids: set[int] | None = None) -> dict[int, datetime.date]:
    """Citizens whose every registered record kind ended more than its period ago, with nothing running (no
    open record, no active involvement) and no legal hold in force: {citizen_id: the last day anything ended}."""
    years = dict(RetentionRule.objects.filter(municipality_id=municipality_id).values_list("kind", "years"))
    ends: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for kind in registry.kinds():
        for citizen_id, ended in kind.ends(municipality_id).items():
            if citizen_ids is None or citizen_id in citizen_ids:
                ends[citizen_id].append((kind.key, ended))
    blocked = set(LegalHold.objects.filter(municipality_id=municipality_id, released_at__isnull=True)
                  .values_list("citizen_id", flat=True))
    blocked |= set(Involvement.objects.filter(municipality_id=municipality_id).filter(active_on(today))
                   .values_list("citizen_id", flat=True))
    blocked |= set(DeletionRecord.objects.filter(municipality_id=municipality_id).values_list("citizen_id", flat=True))
    due: dict[int, datetime.date] = {}
    for citizen_id, found in ends.items():
        if citizen_id in blocked or any(ended is None for _, ended in found):
            continue
        if all(add_years(ended, years.get(key, DEFAULT_YEARS)) <= today for key, ended in found):
            due[citizen_id] = max(ended for _, ended in found)
    return due


@transaction.atomic
def propose_due_deletions(*, municipality_id: int, today: datetime.date) -> list[DeletionProposal]:
    """The daily job: propose every due citizen not already proposed (or rejected within a year)."""
    due = due_citizens(municipality_id, today)
    taken = set(DeletionProposal.objects.filter(municipality_id=municipality_id, citizen_id__in=due).filter(
        models.Q(status=DeletionProposal.Status.PROPOSED)
        | models.Q(status=DeletionProposal.Status.REJECTED,
                   decided_at__date__gte=today - datetime.timedelta(days=REPROPOSE_AFTER_DAYS)))
        .values_list("citizen_id", flat=True))
    return DeletionProposal.objects.bulk_create(
        DeletionProposal(municipality_id=municipality_id, citizen_id=citizen_id, proposed_on=today,
                         last_ended_on=ended)
        for citizen_id, ended in sorted(due.items()) if citizen_id not in taken)


# --- rules and holds -----------------------------------------------------------------------------------

@transaction.atomic
def set_rule(*, actor: Actor, kind: str, years: int, basis: str = "") -> RetentionRule:
    principal = require_perm(actor, APPROVE)
    if kind not in {k.key for k in registry.kinds()}:
        raise ValidationError({"kind": "Vælg en slags oplysninger fra listen."})
    if not 1 <= years <= 100:
        raise ValidationError({"years": "Skriv et antal år mellem 1 og 100."})
    rule, _ = RetentionRule.objects.update_or_create(
        municipality_id=principal.municipality_id, kind=kind,
        defaults={"years": years, "basis": " ".join((basis or "").split())[:300]})
    audit(actor, rule, Event.RETENTION_RULE_SET, kind=kind, years=years)
    return rule


def _reason(reason: str, field: str = "reason") -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 10:
        raise ValidationError({field: "Skriv begrundelsen med mindst 10 tegn."})
    if len(reason) > 500:
        raise ValidationError({field: "Begrundelsen må højst være 500 tegn."})
    return reason


@transaction.atomic
def place_legal_hold(*, actor: Actor, citizen: Citizen, reason: str) -> LegalHold:
    user = require_perm(actor, HOLD).user
    require_same_municipality(actor, citizen)
    if hasattr(citizen, "deletion_record"):
        raise ValidationError("Borgerens oplysninger er allerede slettet.")
    hold = LegalHold.objects.create(municipality_id=citizen.municipality_id, citizen=citizen,
                                    reason=_reason(reason), placed_by=user)
    audit(actor, hold, Event.LEGAL_HOLD_PLACED, citizen)
    return hold


@transaction.atomic
def release_legal_hold(*, actor: Actor, hold: LegalHold) -> LegalHold:
    user = require_perm(actor, HOLD).user
    require_same_municipality(actor, hold)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise ValidationError("Tilbageholdelsen er allerede ophævet.")
    hold.released_at, hold.released_by = timezone.now(), user
    hold.save(update_fields=["released_at", "released_by"])
    audit(actor, hold, Event.LEGAL_HOLD_RELEASED, hold.citizen)
    return hold


def _open(proposal: DeletionProposal) -> DeletionProposal:
    current = DeletionProposal.objects.select_for_update().select_related("citizen").get(pk=proposal.pk)
    if current.status != DeletionProposal.Status.PROPOSED:
        raise ValidationError(f"Forslaget er allerede {current.get_status_display().lower()}.")
    return current


@transaction.atomic
def reject_deletion(*, actor: Actor, proposal: DeletionProposal, reason: str) -> DeletionProposal:
    user = require_perm(actor, APPROVE).user
    require_same_municipality(actor, proposal)
    reason = _reason(reason)
    proposal = _open(proposal)
    proposal.status, proposal.reason = DeletionProposal.Status.REJECTED, reason
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit(actor, proposal, Event.DELETION_REJECTED, proposal.citizen)
    return proposal


@transaction.atomic
def hold_instead(*, actor: Actor, proposal: DeletionProposal, reason: str) -> LegalHold:
    """Reject the proposal because the data must be kept, and place a legal hold with the same reason."""
    require_perm(actor, HOLD)
    reject_deletion(actor=actor, proposal=proposal, reason=reason)
    return place_legal_hold(actor=actor, citizen=proposal.citizen, reason=reason)


# --- the deletion --------------------------------------------------------------------------------------

def holdings(citizen: Citizen) -> dict[type[models.Model], set[int]]:
    """Every row that leads to the citizen through foreign keys (a note through its episode, a goal through
    its plan, …), by model: what a deletion removes. The logs and retention's own records are kept."""
    children: dict[Any, list[tuple[type[models.Model], str]]] = defaultdict(list)
    for model in apps.get_models(include_auto_created=True):
        if model in KEPT or model is Citizen:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and (field.many_to_one or field.one_to_one) and field.related_model is not None:
                children[field.related_model].append((model, field.attname))
    found: dict[type[models.Model], set[int]] = {Citizen: {citizen.pk}}
    queue: list[type[models.Model]] = [Citizen]
    while queue:
        parent = queue.pop(0)
        for child, attname in children.get(parent, []):
            pks = set(child._base_manager.filter(**{f"{attname}__in": sorted(found[parent])})
                      .values_list("pk", flat=True)) - found.get(child, set())
            if pks:
                found.setdefault(child, set()).update(pks)
                queue.append(child)
    del found[Citizen]
    for model, pks in found.items():  # never another citizen's rows (a shared occasion's other participants)
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Citizen and model._base_manager.filter(
                    pk__in=pks).exclude(**{f"{field.attname}__isnull": True}).exclude(
                    **{field.attname: citizen.pk}).exists():
                raise ValidationError(f"{str(model._meta.verbose_name_plural).capitalize()} deles med andre borgere; "
                                      "sletningen er ikke gennemført.")
    return found


class _Redacting:
    """The retention switch, for the rest of this block only: the logs' triggers (audit 0004) let their
    personal fields be overwritten, and letters and case notes (visitation 0008) let their rows be deleted.
    PostgreSQL: a transaction-local setting; SQLite: a flag row in `audit_redaction` that never outlives
    the transaction. Only `approve_deletion` uses it."""

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL tovholder.redaction = 'on'")
            else:
                cursor.execute("INSERT INTO audit_redaction (on_) VALUES (1)")

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL tovholder.redaction = 'off'")
            else:
                cursor.execute("DELETE FROM audit_redaction")


def _label(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural)


@transaction.atomic
def approve_deletion(*, actor: Actor, proposal: DeletionProposal) -> DeletionRecord:
    """Delete the citizen's data (the one service that deletes citizen data). Refused under a legal hold or
    when the citizen is no longer due (a case reopened, support started)."""
    user = require_perm(actor, APPROVE).user
    require_same_municipality(actor, proposal)
    proposal = _open(proposal)
    citizen = Citizen.objects.select_for_update().get(pk=proposal.citizen_id)
    if LegalHold.objects.filter(citizen=citizen, released_at__isnull=True).exists():
        raise ValidationError("Borgeren er under retlig tilbageholdelse; oplysningerne må ikke slettes.")
    if citizen.pk not in due_citizens(citizen.municipality_id, timezone.localdate(), {citizen.pk}):
        raise ValidationError("Borgeren er ikke længere klar til sletning (noget er åbnet eller startet igen). "
                              "Afvis forslaget.")
    found = holdings(citizen)
    registry.run_before_erase(found)
    counts: dict[str, int] = {}
    with _Redacting():  # letters as sent and case notes refuse DELETE but for this (visitation 0008)
        for model, pks in found.items():
            ordered = sorted(pks)
            for start in range(0, len(ordered), 500):
                model._base_manager.filter(pk__in=ordered[start:start + 500])._raw_delete(connection.alias)
            counts[_label(model)] = counts.get(_label(model), 0) + len(pks)
    Citizen.objects.filter(pk=citizen.pk).update(
        cpr=f"X{citizen.pk:09d}"[:10], first_name="Slettet", last_name="borger", birth_date=datetime.date(1900, 1, 1),
        phone="", email="", address="", postal_code="", city="", coordinator=None, version=citizen.version + 1)
    counts["borgere (anonymiseret)"] = 1
    with _Redacting():
        accessed = models.QuerySet.update(AccessEvent.objects.filter(citizen=citizen), what=REDACTED, reason="")
        audited = models.QuerySet.update(AuditEvent.objects.filter(citizen=citizen), detail={})
    connection.check_constraints()
    proposal.status, proposal.decided_by, proposal.decided_at = (DeletionProposal.Status.APPROVED, user,
                                                                 timezone.now())
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    record = DeletionRecord.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, proposal=proposal, approved_by=user,
        counts=dict(sorted(counts.items())), redacted={_label(AccessEvent): accessed, _label(AuditEvent): audited})
    audit(actor, record, Event.DELETION_APPROVED, citizen, rows=sum(counts.values()))
    return record
