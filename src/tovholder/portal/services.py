"""What the citizen writes in the portal: a comment on a goal, an own step. Through the write gate with the
citizen as actor (the citizen principal knows only itself) and audited in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.plans.models import Goal
from tovholder.records import clean_text

from .events import Event
from .models import GoalEntry
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
