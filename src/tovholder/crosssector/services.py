"""Every write of crosssector.

The inbox (`receive`): one bundle from the transport becomes a receipt and — only for a citizen of the
receiving municipality with support the law names (the legal filter) — an event on the stay. The acting
principal is the sending ward (partners as actors, ADR 0024): it passes the sharing gate (legal basis or
consent), and its message is audited and logged as a share. What a bundle does to a stay is derived by
replaying the stay's messages in the order they happened (`replay`): held messages wait for their
predecessor, corrections and cancellations restore the earlier state. A stay that opens or ends gives the
coordinator a task (todo).

Partners and consents (`register_partner`, `record_partner_consent`, `withdraw_partner_consent`): the
municipality's own records, by those who maintain partners, and a worker with need to know of the citizen.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen
from tovholder.layout.dates import check_date
from tovholder.records import check_day, clean_text
from tovholder.todo.services import create_task

from . import fhir, hospital_notification, sharing
from . import messages as care_messages
from .events import Event
from .hospital_notification import Notification
from .models import Admission, AdmissionEvent, Partner, PartnerConsent, Purpose, Receipt, Share
from .principals import acting_user
from .transport import Incoming, Transport, max_bytes

log = logging.getLogger(__name__)

MANAGE = "crosssector.manage_partners"
RECORD_CONSENT = "support.provide_support"
TASK_ADMITTED = "medcom.admitted"
TASK_DISCHARGED = "medcom.discharged"
TASK_DECEASED = "medcom.deceased"
ADMITTED_TITLE = "Kontakt afdelingen; overvej en udskrivningsaftale"
DISCHARGED_TITLE = "Genoptag støtten efter udskrivningen og følg op"
DECEASED_TITLE = "Borgeren er død under sygehusopholdet: afslut støtten og orientér de involverede"

OTHER_MUNICIPALITY = "Borgeren hører til en anden kommune end modtageren."
NAME_MISMATCH = "CPR-nummeret og navnet i beskeden passer ikke til den samme borger."
UNKNOWN_RECEIVER = "Modtageren (SOR/EAN) er ikke en af kommunens adresser."
UNKNOWN_SENDER = "Afsenderen (SOR/EAN) er ikke en kendt samarbejdspartner. Opret den under samarbejdspartnere."
NO_SUPPORT = "Borgeren modtager ikke støtte, der giver hjemmel til at bruge advis."


# --- the inbox ---------------------------------------------------------------------------------------

def _receipt(*, municipality_id: int | None, transport: str, bundle_id: str, digest: str, size: int,
             outcome: str, reason: str = "") -> Receipt:
    return Receipt.objects.create(municipality_id=municipality_id, transport=transport, bundle_id=bundle_id[:100],
                                  sha256=digest, size=size, outcome=outcome, reason=reason[:500])


def _own_municipality(org: fhir.Organisation) -> Partner | None:
    """The municipality's own address the bundle is sent to (by SOR code, else EAN)."""
    q = Q(sor_code=org.sor) if org.sor else Q(pk__in=[])
    if org.ean:
        q |= Q(ean_code=org.ean)
    return (Partner.objects.select_related("municipality", "unit").filter(q, kind=Partner.Kind.OWN, active=True)
            .order_by("pk").first())


def _partner(municipality_id: int, org: fhir.Organisation) -> Partner | None:
    q = Q(sor_code=org.sor) if org.sor else Q(pk__in=[])
    if org.ean:
        q |= Q(ean_code=org.ean)
    return Partner.objects.filter(q, municipality_id=municipality_id, active=True).exclude(
        kind=Partner.Kind.OWN).order_by("pk").first()


def _same_name(note: Notification, citizen: Citizen) -> bool:
    def words(text: str) -> set[str]:
        return {w for w in "".join(c if c.isalpha() else " " for c in text.casefold()).split() if w}

    family = words(note.family)
    if not family or not family <= words(citizen.last_name) | words(citizen.first_name):
        return False
    given = words(note.given)
    return not given or bool(given & words(citizen.first_name))


def receive(incoming: Incoming, *, transport: str = "folder") -> Receipt:
    """One bundle from the transport: a receipt always; an event on a stay only when the bundle is valid, for a
    citizen of the receiving municipality, who receives support the notification basis covers. Never raises
    for what a bundle says; a refused bundle's content is not kept."""
    data = incoming.data
    digest = hashlib.sha256(data).hexdigest() if data is not None else "0" * 64
    municipality_id: int | None = None
    bundle_id = ""

    def done(outcome: str, reason: str = "") -> Receipt:
        return _receipt(municipality_id=municipality_id, transport=transport, bundle_id=bundle_id, digest=digest,
                        size=incoming.size, outcome=outcome, reason=reason)

    try:
        obj = fhir.load_bundle(data, limit=max_bytes())
        if care_messages.is_care_communication(obj):  # a CareCommunication: care messages file it (ADR 0026)
            return care_messages.receive(data=data, size=incoming.size, transport=transport)[0]
        note = hospital_notification.read(obj)
    except fhir.Refusal as refusal:
        return done(Receipt.Outcome.REFUSED, refusal.reason)
    bundle_id = note.bundle_id
    own = _own_municipality(note.receiver)
    if own is None:
        return done(Receipt.Outcome.REFUSED, UNKNOWN_RECEIVER)
    municipality_id = own.municipality_id
    if Receipt.objects.filter(municipality_id=municipality_id, bundle_id=note.bundle_id, outcome__in=(
            Receipt.Outcome.ACCEPTED, Receipt.Outcome.HELD, Receipt.Outcome.DISCARDED)).exists():
        return done(Receipt.Outcome.DUPLICATE)
    citizen = Citizen.objects.filter(municipality_id=municipality_id, cpr=note.cpr).first()
    if citizen is None:
        if Citizen.objects.filter(cpr=note.cpr).exclude(municipality_id=municipality_id).exists():
            return done(Receipt.Outcome.REFUSED, OTHER_MUNICIPALITY)
        return done(Receipt.Outcome.DISCARDED)  # unknown here: no support, only the count
    sender = _partner(municipality_id, note.sender)
    if sender is None:
        return done(Receipt.Outcome.REFUSED, UNKNOWN_SENDER)
    day = timezone.localdate(note.occurred_at)
    basis, consent = sharing.allowed_by(citizen, sender, Purpose.NOTIFICATION, "in", day)
    if basis is None and consent is None:
        return done(Receipt.Outcome.DISCARDED)  # the legal filter: kept only as a count
    if not _same_name(note, citizen):
        return done(Receipt.Outcome.REFUSED, NAME_MISMATCH)
    ward = _partner(municipality_id, note.service_provider) or sender
    actor = acting_user(sender)
    try:
        with transaction.atomic():
            result = record_notification(actor=actor, citizen=citizen, note=note, sender=sender, ward=ward,
                                         own=own, bundle=obj)
            return done(Receipt.Outcome.HELD if result.held else Receipt.Outcome.ACCEPTED)
    except IntegrityError:  # the same bundle received at the same moment by another worker
        return done(Receipt.Outcome.DUPLICATE)
    except (PermissionDenied, ValidationError) as exc:
        return done(Receipt.Outcome.REFUSED, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))


@dataclass
class Recorded:
    admission: Admission
    event: AdmissionEvent
    before: str
    after: str
    held: bool
    tasks: list = field(default_factory=list)


@transaction.atomic
def record_notification(*, actor: Actor, citizen: Citizen, note: Notification, sender: Partner, ward: Partner,
                        own: Partner, bundle: dict) -> Recorded:
    """The ward (actor) hands in a notification about a citizen with support: the sharing gate, the stay and its
    event, the share's log, the audit, the replay and the coordinator's tasks — in one transaction."""
    require_perm(actor, "crosssector.send_notification")
    basis, consent = sharing.require_basis(actor, citizen, sender, purpose=Purpose.NOTIFICATION, direction="in",
                                           day=timezone.localdate(note.occurred_at))
    admission, _ = Admission.objects.select_for_update().get_or_create(
        municipality_id=citizen.municipality_id, episode_identifier=note.episode_identifier,
        defaults={"citizen": citizen, "ward": ward,
                  "kind": Admission.Kind.EMERGENCY if note.encounter_class != "IMP" else Admission.Kind.INPATIENT})
    if admission.citizen_id != citizen.pk:
        raise ValidationError("Forløbs-id'et hører til en anden borgers ophold.")
    event = AdmissionEvent.objects.create(
        municipality_id=citizen.municipality_id, admission=admission, citizen=citizen, activity=note.activity,
        bundle_id=note.bundle_id, header_id=note.header_id, occurred_at=note.occurred_at,
        encounter_status=note.encounter_status, encounter_class=note.encounter_class,
        period_start=note.period_start, period_end=note.period_end, leave_start=note.leave_start,
        leave_end=note.leave_end, deceased=note.deceased, sender=sender, bundle=bundle)
    sharing.log_share(actor, citizen, sender, purpose=Purpose.NOTIFICATION, direction="in",
                      what=event.get_activity_display(), basis=basis, consent=consent)
    before = admission.state
    replay(admission)
    audit(actor, event, Event.ADMISSION_NOTIFICATION_RECEIVED, citizen, aktivitet=note.activity, ophold=admission.pk,
          status=admission.state, hjemmel=str(basis) if basis else "samtykke")
    result = Recorded(admission, event, before, admission.state, held=admission.held > 0)
    result.tasks = _tasks(actor, admission, before, own)
    return result


def _tasks(actor: Actor, admission: Admission, before: str, own: Partner) -> list:
    """The coordinator's tasks when a stay opens or ends (to the team of the receiving address when the
    citizen has no coordinator)."""
    S = Admission.State
    opened = {S.ADMITTED, S.ON_LEAVE}
    ended = {S.DISCHARGED, S.DECEASED}
    citizen = admission.citizen
    assignee = citizen.coordinator if citizen.coordinator_id else None
    team = None if assignee is not None else own.unit
    if assignee is None and team is None:
        return []
    today = timezone.localdate()
    made = []
    ward = admission.ward.name if admission.ward is not None else "afdelingen"
    if admission.state in opened and before not in opened | ended:
        made.append(create_task(
            actor=actor, citizen=citizen, title=ADMITTED_TITLE, due=today + datetime.timedelta(days=1),
            source=TASK_ADMITTED, source_ref=admission, referral=True, assignee=assignee, team=team,
            detail=f"{citizen.full_name} er {admission.get_kind_display().lower()} på {ward}. Kontakt afdelingen om "
                   "udskrivningen, og overvej en udskrivningsaftale eller koordinationsplan."))
    if admission.state == S.DISCHARGED and before != S.DISCHARGED:
        days = int(getattr(settings, "DISCHARGE_FOLLOW_UP_DAYS", 3))
        made.append(create_task(
            actor=actor, citizen=citizen, title=DISCHARGED_TITLE, due=today + datetime.timedelta(days=days),
            source=TASK_DISCHARGED, source_ref=admission, referral=True, assignee=assignee, team=team,
            detail=f"{citizen.full_name} er udskrevet fra {ward}. Genoptag de aftaler, der var sat på pause, og følg "
                   f"op inden for {days} dage."))
    if admission.state == S.DECEASED and before != S.DECEASED:
        made.append(create_task(actor=actor, citizen=citizen, title=DECEASED_TITLE, due=today,
                                source=TASK_DECEASED, source_ref=admission, referral=True, assignee=assignee,
                                team=team))
    return made


# --- the replay ------------------------------------------------------------------------------------------

FIELDS = ("state", "kind", "admitted_at", "discharged_at", "leave_started_at", "leave_ended_at")


def derive(events: list[AdmissionEvent]) -> tuple[dict[str, Any], int]:
    """The stay's fields after its events in the order they happened, and how many are held (they cannot
    apply yet: a discharge before the admission, an end of leave before its start, a correction of what has
    not come). A cancellation restores the fields as they were before the step it cancels."""
    S = Admission.State
    now: dict[str, Any] = {"state": S.WAITING, "kind": Admission.Kind.INPATIENT, "admitted_at": None,
                           "discharged_at": None, "leave_started_at": None, "leave_ended_at": None}
    done: list[tuple[str, dict]] = []  # (step, the fields before it) for every step applied
    held = 0
    for e in sorted(events, key=lambda e: (e.occurred_at, e.pk or 0)):
        step, change = e.step, e.change
        applied = [i for i, (s, _) in enumerate(done) if s == step]
        if change == "cancel":
            if not applied:
                held += 1
                continue
            i = applied[-1]
            now = dict(done[i][1])
            if step == "admit":
                now["state"] = S.CANCELLED
            del done[i:]
        elif change == "revise" or not _may_start(step, now["state"]):
            if not applied:  # a correction of what has not come, or a step out of turn: held
                held += 1
                continue
            _apply(now, e, step, start=False)  # a correction (or the same step told again)
        else:
            done.append((step, dict(now)))
            _apply(now, e, step, start=True)
    return now, held


def _apply(now: dict, e: AdmissionEvent, step: str, *, start: bool) -> None:
    S = Admission.State
    if step == "admit":
        now["admitted_at"] = e.period_start or e.occurred_at
        now["kind"] = Admission.Kind.EMERGENCY if e.encounter_class != "IMP" else Admission.Kind.INPATIENT
        if start:
            now["state"] = S.ADMITTED
    elif step == "leave":
        now["leave_started_at"] = e.leave_start or e.occurred_at
        if start:
            now["leave_ended_at"] = None
            now["state"] = S.ON_LEAVE
    elif step == "return":
        now["leave_ended_at"] = e.leave_end or e.occurred_at
        if start:
            now["state"] = S.ADMITTED
    else:
        now["discharged_at"] = e.period_end or e.occurred_at
        if start or now["state"] in (S.DISCHARGED, S.DECEASED):
            now["state"] = S.DECEASED if e.deceased else S.DISCHARGED


def _may_start(step: str, state: str) -> bool:
    S = Admission.State
    return {"admit": state in (S.WAITING, S.CANCELLED), "leave": state == S.ADMITTED,
            "return": state == S.ON_LEAVE, "discharge": state in (S.ADMITTED, S.ON_LEAVE)}[step]


def replay(admission: Admission) -> Admission:
    """Derive the stay's state from all its events and save it (called inside the service's transaction)."""
    now, held = derive(list(admission.events.all()))
    for name in FIELDS:
        setattr(admission, name, now[name])
    admission.held = held
    admission.version += 1
    admission.save(update_fields=[*FIELDS, "held", "version", "updated_at"])
    return admission


# --- reading the transport ------------------------------------------------------------------------------

def receive_all(transport: Transport, *, limit: int | None = None) -> dict[str, int]:
    """Read what the transport has waiting: each bundle in its own transaction; the count per outcome."""
    counts: dict[str, int] = {}
    for item in transport.receive(limit=limit):
        try:
            receipt = receive(item, transport=transport.name)
        except Exception:  # a bug, not the bundle: leave the file for the next run and say so in the log
            log.exception("MedCom-beskeden %s kunne ikke behandles", item.handle)
            counts["error"] = counts.get("error", 0) + 1
            continue
        transport.acknowledge(item, accepted=receipt.outcome != Receipt.Outcome.REFUSED)
        counts[receipt.outcome] = counts.get(receipt.outcome, 0) + 1
    return counts


# --- partners and consents ------------------------------------------------------------------------------

def _digits(value: str, *, field: str, lengths: tuple[int, ...], label: str) -> str:
    value = "".join((value or "").split())
    if value and (not (value.isascii() and value.isdigit()) or len(value) not in lengths):
        raise ValidationError({field: f"{label} skal være {' eller '.join(str(n) for n in lengths)} cifre."})
    return value


@transaction.atomic
def register_partner(*, actor: Actor, name: str, kind: str, sor_code: str = "", ean_code: str = "",
                     phone: str = "", address: str = "", parent: Partner | None = None) -> Partner:
    principal = require_perm(actor, MANAGE)
    if kind not in Partner.Kind.values or kind == Partner.Kind.OWN:
        raise ValidationError({"kind": "Vælg en slags samarbejdspartner fra listen."})
    if parent is not None and parent.municipality_id != principal.municipality_id:
        raise ValidationError({"parent": "Vælg en samarbejdspartner fra listen."})
    fields = {
        "name": clean_text(name, field="name", label="navnet", required=True, max_length=200, markup=False),
        "sor_code": _digits(sor_code, field="sor_code", lengths=tuple(range(15, 19)), label="SOR-koden"),
        "ean_code": _digits(ean_code, field="ean_code", lengths=(13,), label="EAN-nummeret"),
        "phone": clean_text(phone, field="phone", label="telefonnummeret", required=False, max_length=20,
                            markup=False),
        "address": clean_text(address, field="address", label="adressen", required=False, max_length=200,
                              markup=False),
    }
    if not fields["sor_code"] and not fields["ean_code"]:
        raise ValidationError({"sor_code": "Skriv SOR-koden eller EAN-nummeret, så beskeder kan adresseres."})
    taken = Partner.objects.filter(municipality_id=principal.municipality_id).filter(
        (Q(sor_code=fields["sor_code"]) & ~Q(sor_code="")) | (Q(ean_code=fields["ean_code"]) & ~Q(ean_code="")))
    if taken.exists():
        raise ValidationError({"sor_code": "En samarbejdspartner med den SOR-kode eller det EAN-nummer findes "
                                           "allerede."})
    partner = Partner.objects.create(municipality=principal.municipality, kind=kind, parent=parent, **fields)
    audit(actor, partner, Event.PARTNER_REGISTERED, navn=partner.name, sor=partner.sor_code, ean=partner.ean_code)
    return partner


@transaction.atomic
def record_partner_consent(*, actor: Actor, citizen: Citizen, partner: Partner, purpose: str,
                           given_on: datetime.date, note: str = "") -> PartnerConsent:
    """The citizen consents to share one kind of information with a partner (a worker who knows the citizen)."""
    user = require_write(actor, citizen, perm=RECORD_CONSENT).user
    if partner.municipality_id != citizen.municipality_id or partner.is_own or not partner.active:
        raise ValidationError({"partner": "Vælg en samarbejdspartner fra listen."})
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": "Vælg, hvad der må deles."})
    check_date(given_on, field="given_on")
    check_day(given_on, field="given_on", what="Datoen for samtykket",
              years_back=citizen.municipality.backdate_years)
    consent = PartnerConsent.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, partner=partner, purpose=purpose,
        given_on=given_on, recorded_by=user,
        note=clean_text(note, field="note", label="bemærkningen", required=False, max_length=500))
    audit(actor, consent, Event.PARTNER_CONSENT_GIVEN, citizen, partner=partner.name, formaal=purpose)
    return consent


@transaction.atomic
def withdraw_partner_consent(*, actor: Actor, consent: PartnerConsent, on: datetime.date) -> PartnerConsent:
    require_write(actor, consent.citizen, perm=RECORD_CONSENT)
    current = PartnerConsent.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_on is not None:
        raise ValidationError("Samtykket er allerede trukket tilbage.")
    check_day(on, field="on", what="Datoen", years_back=1, not_before=current.given_on,
              before_what="datoen, samtykket blev givet")
    current.withdrawn_on = on
    current.save(update_fields=["withdrawn_on"])
    audit(actor, current, Event.PARTNER_CONSENT_WITHDRAWN, current.citizen, partner=current.partner_id)
    return current


@transaction.atomic
def share_with_partner(*, actor: Actor, citizen: Citizen, partner: Partner, purpose: str, what: str) -> Share:
    """Staff share something with a partner (a care message, a discharge agreement, a pathway plan): the
    sharing gate (consent or legal basis), the log and the audit. Callers send the content in the same
    transaction."""
    require_write(actor, citizen)
    basis, consent = sharing.require_basis(actor, citizen, partner, purpose=purpose, direction="out",
                                           day=timezone.localdate())
    what = clean_text(what, field="what", label="hvad der deles", required=True, max_length=300)
    share = sharing.log_share(actor, citizen, partner, purpose=purpose, direction="out", what=what, basis=basis,
                              consent=consent)
    audit(actor, share, Event.PARTNER_SHARED, citizen, partner=partner.name, formaal=purpose,
          hjemmel=str(basis) if basis else "samtykke")
    return share
