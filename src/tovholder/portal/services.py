"""What the citizen writes in the portal: a comment on a goal, an own step; withdrawing a consent; granting a
relative access to chosen parts of the portal and withdrawing it. Through the write gate with the
citizen as actor (the citizen principal knows only itself) and audited in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import audit
from tovholder.citizens import services as citizen_services
from tovholder.citizens.cpr import clean_cpr
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen, Consent, Relative
from tovholder.plans.models import Goal
from tovholder.records import clean_text

from . import shares
from .events import Event
from .identity import relative_cpr_hash
from .models import GoalEntry, RelativeGrant
from .principals import CitizenPrincipal

PERM = "portal.write_own"
MAX_TEXT = 2000


def citizen_principal(actor: Actor) -> CitizenPrincipal:
    principal = principal_of(actor)
    if not isinstance(principal, CitizenPrincipal):
        raise PermissionDenied("Min Tovholder er for borgeren selv.")
    return principal


@transaction.atomic
def add_goal_entry(*, actor: Actor, goal_id: int | None, kind: str, text: str) -> GoalEntry:
    """Write the citizen's comment or own step on one of their own active goals."""
    principal = citizen_principal(actor)
    if kind not in GoalEntry.Kind.values:
        raise ValidationError({"kind": "Vælg om det er en kommentar eller et skridt."})
    goal = (Goal.objects.select_related("citizen").filter(
        pk=goal_id, citizen_id=principal.citizen_id, municipality_id=principal.municipality_id).first()
        if goal_id is not None else None)
    if goal is None:
        raise Http404("Målet findes ikke.")
    require_write(actor, goal.citizen, perm=PERM)
    if not goal.is_active:
        raise ValidationError({"text": "Målet er afsluttet; du kan ikke skrive på det længere."})
    label = "din kommentar" if kind == GoalEntry.Kind.COMMENT else "dit skridt"
    body = clean_text(text, field="text", label=label, required=True, max_length=MAX_TEXT, min_length=2)
    entry = GoalEntry.objects.create(municipality_id=goal.municipality_id, goal=goal, citizen=goal.citizen,
                                     kind=kind, text=body, written_by=principal.user)
    audit(actor, entry, Event.GOAL_COMMENTED if kind == GoalEntry.Kind.COMMENT else Event.STEP_ADDED,
          goal.citizen, goal=goal.pk)
    return entry


def _own_citizen(actor: Actor) -> tuple[CitizenPrincipal, Citizen]:
    principal = citizen_principal(actor)
    citizen = Citizen.objects.get(pk=principal.citizen_id, municipality_id=principal.municipality_id)
    require_write(actor, citizen, perm=PERM)
    return principal, citizen


@transaction.atomic
def withdraw_own_consent(*, actor: Actor, consent_id: int | None) -> Consent:
    """The citizen withdraws one of their consents (the row is kept with today's date; staff see it)."""
    principal = citizen_principal(actor)
    consent = (Consent.objects.select_related("citizen", "relative").filter(
        pk=consent_id, citizen_id=principal.citizen_id, municipality_id=principal.municipality_id).first()
        if consent_id is not None else None)
    if consent is None:
        raise Http404("Samtykket findes ikke.")
    return citizen_services.withdraw_consent(actor=actor, consent=consent, withdrawn_on=timezone.localdate(),
                                             perm=PERM)


@transaction.atomic
def grant_relative_access(*, actor: Actor, relative_id: int | None, parts: list[str], cpr: str) -> RelativeGrant:
    """The citizen lets one of their registered relatives see chosen parts of the portal. The relative's CPR
    number (so the relative can log in with MitID) is kept only as a keyed hash, never as the number."""
    principal, citizen = _own_citizen(actor)
    if relative_id is None:
        raise ValidationError({"relative": "Vælg en af dine pårørende på listen."})
    relative = Relative.objects.filter(pk=relative_id, citizen=citizen, municipality_id=citizen.municipality_id).first()
    if relative is None:
        raise Http404("Den pårørende findes ikke.")
    chosen = [s.key for s in shares.all_shares() if s.key in set(parts)]
    if not chosen or len(set(parts)) != len(chosen):
        raise ValidationError({"parts": "Vælg mindst én af de dele, du vil dele."})
    try:
        number = clean_cpr(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages[0].replace("borgerens", "den pårørendes")}) from None
    if number == citizen.cpr:
        raise ValidationError({"cpr": "Det er dit eget CPR-nummer. Skriv den pårørendes CPR-nummer."})
    if RelativeGrant.objects.select_for_update().filter(relative=relative, withdrawn_at__isnull=True).exists():
        raise ValidationError({"relative": f"{relative.name} har allerede adgang. Træk adgangen tilbage først, "
                                           "hvis du vil ændre, hvad du deler."})
    grant = RelativeGrant.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, relative=relative,
                                         cpr_hash=relative_cpr_hash(number), parts=chosen, granted_by=principal.user)
    audit(actor, grant, Event.RELATIVE_GRANTED, citizen, paaroerende=relative.pk, dele=chosen)
    return grant


@transaction.atomic
def withdraw_relative_access(*, actor: Actor, grant_id: int | None) -> RelativeGrant:
    """The citizen takes a relative's access back; the grant is kept with the time it ended."""
    principal, citizen = _own_citizen(actor)
    grant = (RelativeGrant.objects.select_for_update().select_related("relative").filter(
        pk=grant_id, citizen=citizen, municipality_id=citizen.municipality_id).first()
        if grant_id is not None else None)
    if grant is None:
        raise Http404("Adgangen findes ikke.")
    if grant.withdrawn_at is not None:
        raise ValidationError(f"Adgangen for {grant.relative.name} er allerede trukket tilbage.")
    grant.withdrawn_at = timezone.now()
    grant.save(update_fields=["withdrawn_at"])
    audit(actor, grant, Event.RELATIVE_GRANT_WITHDRAWN, citizen, paaroerende=grant.relative_id)
    return grant
