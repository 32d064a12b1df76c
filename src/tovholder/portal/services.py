"""What the citizen writes in the portal: a comment on a goal, an own step, a request for help, a message to the
team. Through the write gate with the citizen as actor (the citizen principal knows only itself) and audited in
the same transaction. Staff answer a message here too (`answer_message`), through the same gate."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen
from tovholder.plans.models import Goal
from tovholder.records import clean_text
from tovholder.visitation.models import Request, Source
from tovholder.visitation.services import register_request

from .events import Event
from .models import GoalEntry, Message, MessageThread
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


# ---- Bed om hjælp ----

HELP_PER_DAY = 5
MAX_HELP = 4000


def _own_citizen(principal: CitizenPrincipal) -> Citizen:
    return Citizen.objects.get(pk=principal.citizen_id, municipality_id=principal.municipality_id)


@transaction.atomic
def ask_for_help(*, actor: Actor, text: str) -> Request:
    """The citizen asks the municipality for help: a request in visitation with the source "Borgeren selv (Min
    Tovholder)", handed in through visitation's own service with the citizen as actor. At most HELP_PER_DAY a day."""
    principal = citizen_principal(actor)
    citizen = Citizen.objects.select_for_update().get(pk=principal.citizen_id,
                                                      municipality_id=principal.municipality_id)
    body = clean_text(text, field="text", label="det, du beder om hjælp til", required=True, max_length=MAX_HELP,
                      min_length=5)
    since = timezone.now() - datetime.timedelta(days=1)
    if Request.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, source=Source.PORTAL,
                              registered_at__gte=since).count() >= HELP_PER_DAY:
        raise ValidationError({"text": f"Du har allerede bedt om hjælp {HELP_PER_DAY} gange det seneste døgn. "
                                       "Vi vender tilbage. Har du brug for hjælp nu, så ring til kommunen – "
                                       "eller 112, hvis det er akut."})
    request = register_request(actor=actor, source=Source.PORTAL, asks_for=body,
                               received_on=timezone.localdate(), citizen=citizen,
                               requester_name=citizen.full_name[:200])
    audit(actor, request, Event.HELP_ASKED, citizen)
    return request


# ---- Beskeder ----

MESSAGES_PER_DAY = 10
MAX_MESSAGE = 4000
MAX_SUBJECT = 120


def _message_text(text: str) -> str:
    return clean_text(text, field="text", label="din besked", required=True, max_length=MAX_MESSAGE, min_length=2)


def _check_message_rate(citizen: Citizen) -> None:
    since = timezone.now() - datetime.timedelta(days=1)
    if Message.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, from_citizen=True,
                              written_at__gte=since).count() >= MESSAGES_PER_DAY:
        raise ValidationError({"text": f"Du har skrevet {MESSAGES_PER_DAY} beskeder det seneste døgn. Vent på svar, "
                                       "eller ring til kommunen. Er det akut, så ring 112."})


@transaction.atomic
def write_message(*, actor: Actor, subject: str, text: str) -> MessageThread:
    """The citizen starts a new conversation with their team."""
    principal = citizen_principal(actor)
    citizen = Citizen.objects.select_for_update().get(pk=principal.citizen_id,
                                                      municipality_id=principal.municipality_id)
    require_write(actor, citizen, perm=PERM)
    title = clean_text(subject, field="subject", label="emnet", required=True, max_length=MAX_SUBJECT,
                       min_length=2, markup=False)
    body = _message_text(text)
    _check_message_rate(citizen)
    now = timezone.now()
    thread = MessageThread.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, subject=title,
                                          last_at=now)
    message = Message.objects.create(municipality_id=citizen.municipality_id, thread=thread, citizen=citizen,
                                     from_citizen=True, text=body, written_by=principal.user)
    audit(actor, message, Event.MESSAGE_WRITTEN, citizen, traad=thread.pk)
    return thread


@transaction.atomic
def add_to_thread(*, actor: Actor, thread_id: int | None, text: str) -> Message:
    """The citizen writes again in one of their own threads (another citizen's thread: 404)."""
    principal = citizen_principal(actor)
    thread = (MessageThread.objects.select_for_update().select_related("citizen").filter(
        pk=thread_id, citizen_id=principal.citizen_id, municipality_id=principal.municipality_id).first()
        if thread_id is not None else None)
    if thread is None:
        raise Http404("Beskeden findes ikke.")
    require_write(actor, thread.citizen, perm=PERM)
    body = _message_text(text)
    _check_message_rate(thread.citizen)
    message = Message.objects.create(municipality_id=thread.municipality_id, thread=thread, citizen=thread.citizen,
                                     from_citizen=True, text=body, written_by=principal.user)
    thread.last_at, thread.answered = message.written_at, False
    thread.save(update_fields=["last_at", "answered"])
    audit(actor, message, Event.MESSAGE_WRITTEN, thread.citizen, traad=thread.pk)
    return message


ANSWER = "support.provide_support"


@transaction.atomic
def answer_message(*, actor: Actor, thread: MessageThread, text: str) -> Message:
    """A member of the citizen's team answers (need to know and a role that gives support; a break-the-glass
    grant reads, never answers)."""
    current = MessageThread.objects.select_for_update().select_related("citizen").get(pk=thread.pk)
    require_write(actor, current.citizen, perm=ANSWER)
    assert actor.is_authenticated
    body = clean_text(text, field="text", label="svaret", required=True, max_length=MAX_MESSAGE, min_length=2)
    message = Message.objects.create(municipality_id=current.municipality_id, thread=current,
                                     citizen=current.citizen, from_citizen=False, text=body, written_by=actor)
    current.last_at, current.answered = message.written_at, True
    current.save(update_fields=["last_at", "answered"])
    audit(actor, message, Event.MESSAGE_ANSWERED, current.citizen, traad=current.pk)
    return message
