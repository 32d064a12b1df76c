"""Every write of care messages (MedCom CareCommunication): a new thread, a reply, a forward, and the
receipt of an incoming bundle. Outgoing messages are signed per segment by the employee who writes them
(name, role, phone), built as a FHIR bundle, validated with `fhir.resources` (R4B) and written by the
transport; incoming bundles are read, checked and filed in the citizen's thread and the team's inbox, or
refused with a stored reason – never an exception to the caller (ADR 0026-care-messages-and-agreements).

Sharing with a partner needs the citizen's consent for the purpose and partner (`PartnerConsent`), or a
legal basis for sharing without consent (`SharingBasis`, data: psykiatriloven § 13 c for a discharge
agreement or a coordination plan); each message out is logged as a `Share` with what allowed it."""

import datetime
import hashlib
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen, Involvement
from tovholder.records import clean_text

from . import carecommunication as cc
from . import sharing
from .fhir import Refusal, load_bundle, validate_structure
from .message_events import Event
from .models import CareMessage, CareSegment, CareThread, Partner, Purpose, Receipt, Share
from .principals import acting_user
from .transport import get_transport, max_bytes

PERM = "crosssector.exchange_care_messages"
MESSAGE_TYPE = "CareCommunication"

def signature(actor: Actor, at: datetime.datetime) -> cc.Signature:
    """The logged-in employee's signature: full name, role (job title) and phone (own, else the
    municipality's)."""
    principal = principal_of(actor)
    profile = getattr(actor, "staff", None)
    role = profile.title if profile is not None else ""
    phone = (getattr(profile, "phone", "") or principal.municipality.contact_phone or "") if profile else ""
    name = actor.get_full_name() or actor.get_username()
    return cc.Signature(name=name, role=role, phone=phone, at=at)


def _pdf(data: bytes | None, title: str) -> cc.Attachment | None:
    if data is None:
        return None
    if len(data) > cc.MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": "Bilaget må højst fylde 10 MB."})
    if not data.startswith(b"%PDF"):
        raise ValidationError({"attachment": "Bilaget skal være en PDF-fil."})
    title = clean_text(title, field="attachment", label="bilagets navn", required=False, max_length=200,
                       markup=False) or "Bilag"
    return cc.Attachment(title, "application/pdf", data)


def _share(actor: Actor, citizen: Citizen, partner: Partner, purpose: str, what: str) -> Share:
    """The sharing gate (`crosssector.sharing`: the citizen's consent for the purpose and partner, or a legal
    basis as data) and the share's log, in the caller's transaction; a Danish refusal on the form otherwise."""
    try:
        basis, consent = sharing.require_basis(actor, citizen, partner, purpose=purpose, direction="out",
                                               day=timezone.localdate())
    except PermissionDenied:
        what_is = Purpose(purpose).label.lower()
        raise ValidationError({"partner": f"Borgeren har ikke givet samtykke til, at {what_is} deles med "
                                          f"{partner.name}, og der er ingen hjemmel til at dele uden samtykke. "
                                          "Registrér borgerens samtykke først."}) from None
    return sharing.log_share(actor, citizen, partner, purpose=purpose, direction="out", what=what, basis=basis,
                             consent=consent)


def own_address(actor: Actor | None, municipality) -> Partner:
    """The municipality's own address (a partner of kind OWN) that sends: the one of the actor's team, else
    the municipality's first."""
    own = Partner.objects.filter(municipality=municipality, kind=Partner.Kind.OWN, active=True).order_by("pk")
    unit = principal_of(actor).first_unit if actor is not None else None
    found = (own.filter(unit=unit).first() if unit is not None else None) or own.first()
    if found is None:
        raise ValidationError("Kommunen har ingen egen SOR- eller EAN-adresse at sende fra. En administrator skal "
                              "oprette den under samarbejdspartnere.")
    return found


def _unit_of(actor: Actor) -> Unit:
    unit = principal_of(actor).first_unit
    if unit is None:
        raise ValidationError("Du er ikke tilknyttet et team, så meddelelsen har ingen indbakke at høre til.")
    return unit


def check_partner(actor: Actor, partner: Partner | None) -> Partner:
    if partner is None or partner.municipality_id != principal_of(actor).municipality_id or partner.is_own:
        raise ValidationError({"partner": "Vælg en samarbejdspartner fra listen."})
    if not partner.active:
        raise ValidationError({"partner": f"{partner.name} er ikke længere en aktiv samarbejdspartner."})
    if not (partner.sor_code or partner.ean_code):
        raise ValidationError({"partner": "Samarbejdspartneren har hverken SOR- eller EAN-nummer og kan ikke "
                                          "modtage meddelelser."})
    return partner


def party(partner: Partner) -> cc.Party:
    return cc.Party(name=partner.name, sor=partner.sor_code, ean=partner.ean_code)


def _segment_row(message: CareMessage, s: cc.Segment) -> CareSegment:
    return CareSegment(municipality=message.municipality, message=message, identifier=s.identifier, text=s.text,
                       attachment_title=s.attachment.title if s.attachment else "",
                       attachment=s.attachment.data if s.attachment else None, signed_name=s.signature.name,
                       signed_role=s.signature.role, signed_phone=s.signature.phone, signed_at=s.signature.at)


def _send(actor: Actor, thread: CareThread, *, kind: str, replies_to: CareMessage | None, partner: Partner,
          text: str, attachment: cc.Attachment | None, purpose: str) -> CareMessage:
    """Check what allows the share, sign, build, validate and hand the bundle to the transport; store the
    message, its new segments and the share."""
    citizen = thread.citizen
    share = _share(actor, citizen, partner, purpose, f"Korrespondancemeddelelse: {thread.topic}")
    now = timezone.now()
    sig = signature(actor, now)
    segments = []
    if text:
        segments.append(cc.Segment(sig, text=text))
    if attachment is not None:
        segments.append(cc.Segment(sig, attachment=attachment))
    earlier = [cc.Segment(cc.Signature(s.signed_name, s.signed_role, s.signed_phone, s.signed_at),
                          text=s.text, identifier=s.identifier)
               for s in CareSegment.objects.filter(message__thread=thread, attachment__isnull=True)
               .order_by("-signed_at", "-pk")[:50]]
    message_id = str(uuid.uuid4())
    bundle = cc.build_bundle(
        message_id=message_id, thread_id=thread.thread_id, kind=kind,
        replies_to=replies_to.message_id if replies_to else "", category=thread.category, topic=thread.topic,
        cpr=citizen.cpr, given=citizen.first_name, family=citizen.last_name,
        sender=party(own_address(actor, thread.municipality)), receiver=party(partner), sent_at=now,
        segments=segments + earlier)
    try:
        validate_structure(bundle)
    except Refusal as exc:  # a bug of ours: never send a bundle that is not valid FHIR
        raise ValidationError(f"Meddelelsen kunne ikke bygges korrekt og er ikke sendt. {exc.reason}") from None
    message = CareMessage.objects.create(
        municipality=thread.municipality, thread=thread, direction=CareMessage.Direction.OUT, kind=kind,
        message_id=message_id, replies_to=replies_to, partner=partner, at=now, sent_by=actor, share=share)
    CareSegment.objects.bulk_create([_segment_row(message, s) for s in segments])
    message.file_name = get_transport().send(bundle, name=f"carecommunication-{message_id}")
    message.save(update_fields=["file_name"])
    CareThread.objects.filter(pk=thread.pk).update(last_at=now)
    audit(actor, message, Event.CARE_MESSAGE_SENT, citizen, art=kind, partner=partner.pk, kategori=thread.category,
          deling=share.pk, bilag=attachment is not None)
    return message


def _text(text: str, required: bool) -> str:
    return clean_text(text, field="text", label="teksten", required=required, max_length=cc.MAX_SEGMENT)


@transaction.atomic
def start_thread(*, actor: Actor, citizen: Citizen, partner: Partner | None, category: str, topic: str, text: str,
                 attachment: bytes | None = None, attachment_title: str = "",
                 purpose: str = Purpose.CARE_MESSAGE) -> CareMessage:
    """A new care message about the citizen to a partner organisation: a new thread."""
    require_write(actor, citizen, perm=PERM)
    partner = check_partner(actor, partner)
    if category not in cc.CATEGORY_LABELS:
        raise ValidationError({"category": "Vælg en kategori fra MedComs liste."})
    topic = clean_text(topic, field="topic", label="emnet", required=True, max_length=cc.MAX_TOPIC, markup=False)
    pdf = _pdf(attachment, attachment_title)
    text = _text(text, required=pdf is None)
    thread = CareThread.objects.create(municipality=citizen.municipality, citizen=citizen, partner=partner,
                                       unit=_unit_of(actor), category=category, topic=topic,
                                       thread_id=str(uuid.uuid4()), last_at=timezone.now())
    return _send(actor, thread, kind="new", replies_to=None, partner=partner, text=text, attachment=pdf,
                 purpose=purpose)


def _last_message(thread: CareThread) -> CareMessage:
    last = thread.messages.order_by("-at", "-pk").first()
    if last is None:
        raise ValidationError("Korrespondancen har ingen meddelelser at svare på.")
    return last


@transaction.atomic
def reply(*, actor: Actor, thread: CareThread, text: str, attachment: bytes | None = None,
          attachment_title: str = "") -> CareMessage:
    """A reply in the thread to its partner; the thread's earlier text segments travel with it."""
    require_write(actor, thread.citizen, perm=PERM)
    thread = CareThread.objects.select_for_update().select_related("citizen", "partner").get(pk=thread.pk)
    pdf = _pdf(attachment, attachment_title)
    text = _text(text, required=pdf is None)
    return _send(actor, thread, kind="reply", replies_to=_last_message(thread), partner=thread.partner, text=text,
                 attachment=pdf, purpose=Purpose.CARE_MESSAGE)


@transaction.atomic
def forward(*, actor: Actor, message: CareMessage, partner: Partner | None, text: str) -> CareMessage:
    """Forward a message to another partner: a new thread with the forwarded text and a note."""
    thread = message.thread
    require_write(actor, thread.citizen, perm=PERM)
    partner = check_partner(actor, partner)
    if partner.pk == thread.partner_id:
        raise ValidationError({"partner": "Vælg en anden samarbejdspartner end den, korrespondancen er med. Vil du "
                                          "svare, så brug Svar."})
    text = _text(text, required=False)
    new_thread = CareThread.objects.create(
        municipality=thread.municipality, citizen=thread.citizen, partner=partner, unit=_unit_of(actor),
        category=thread.category, topic=f"VS: {thread.topic}"[:cc.MAX_TOPIC], thread_id=str(uuid.uuid4()),
        last_at=timezone.now())
    forwarded = "\n\n".join(s.text for s in message.segments.order_by("signed_at", "pk") if s.text)
    body = "\n\n".join(p for p in (text, f"Videresendt meddelelse fra {thread.partner.name}:\n{forwarded}") if p)
    return _send(actor, new_thread, kind="forward", replies_to=message, partner=partner,
                 text=body[:cc.MAX_SEGMENT], attachment=None, purpose=Purpose.CARE_MESSAGE)


@transaction.atomic
def mark_read(*, actor: Actor, thread: CareThread) -> int:
    """The thread's incoming messages are read (by the actor, now)."""
    require_write(actor, thread.citizen, perm=PERM)
    count = CareMessage.objects.filter(thread=thread, direction=CareMessage.Direction.IN,
                                       read_at__isnull=True).update(read_at=timezone.now(), read_by=actor)
    CareThread.objects.filter(pk=thread.pk).update(unread=0)
    if count:
        audit(actor, thread, Event.CARE_THREAD_READ, thread.citizen, antal=count)
    return count


# --- receipt -----------------------------------------------------------------------------------

def _receipt(municipality, *, data: bytes, size: int, transport: str, outcome: str, reason: str = "",
             bundle_id: str = "") -> Receipt:
    return Receipt.objects.create(municipality=municipality, transport=transport[:40], message_type=MESSAGE_TYPE,
                                  bundle_id=bundle_id[:100], sha256=hashlib.sha256(data).hexdigest(), size=size,
                                  outcome=outcome, reason=reason[:500])


def _find_partner(municipality, found: cc.Party) -> Partner | None:
    partners = Partner.objects.filter(municipality=municipality).exclude(kind=Partner.Kind.OWN)
    if found.sor:
        row = partners.filter(sor_code=found.sor).first()
        if row is not None:
            return row
    return partners.filter(ean_code=found.ean).first() if found.ean else None


def _inbox_unit(citizen: Citizen) -> Unit | None:
    today = timezone.localdate()
    involvement = (Involvement.objects.active_on(today).filter(municipality_id=citizen.municipality_id, citizen=citizen)
                   .order_by("started_on", "pk").first())
    if involvement is not None:
        return involvement.unit
    profile = getattr(citizen.coordinator, "staff", None) if citizen.coordinator_id else None
    return profile.units.order_by("pk").first() if profile is not None else None


def _check(municipality, own: Partner, parsed: cc.Parsed
           ) -> tuple[Citizen, Partner, CareThread | None, CareMessage | None, Unit | None]:
    partner = _find_partner(municipality, parsed.sender)
    if partner is None:
        raise cc.BundleError(f"Afsenderen (SOR {parsed.sender.sor or '–'}, EAN {parsed.sender.ean or '–'}) er ikke "
                             "en kendt samarbejdspartner.")
    if not partner.active:
        raise cc.BundleError(f"Afsenderen {partner.name} er ikke længere en aktiv samarbejdspartner.")
    citizen = Citizen.objects.filter(municipality=municipality, cpr=parsed.cpr).first()
    if citizen is None:
        raise cc.BundleError("Borgeren med CPR-nummeret i meddelelsen er ikke kendt i kommunen.")
    family = parsed.patient_name.split(" ")[-1].casefold() if parsed.patient_name else ""
    if family and family != citizen.last_name.casefold():
        raise cc.BundleError("CPR-nummeret og navnet i meddelelsen passer ikke sammen.")
    thread = CareThread.objects.filter(municipality=municipality, thread_id=parsed.thread_id).first()
    replied = None
    if parsed.kind != "new":
        replied = CareMessage.objects.filter(municipality=municipality, message_id=parsed.replies_to).first()
        if thread is None and (replied is None or parsed.kind == "reply"):
            raise cc.BundleError("Meddelelsen er et svar i en korrespondance, der ikke findes hos kommunen.")
    if thread is not None and thread.citizen_id != citizen.pk:
        raise cc.BundleError("Meddelelsen hører til en korrespondance om en anden borger.")
    unit = _inbox_unit(citizen) or own.unit
    if thread is None and unit is None:
        raise cc.BundleError("Borgeren er ikke tilknyttet et team, så meddelelsen har ingen indbakke.")
    return citizen, partner, thread, replied, unit


def is_care_communication(obj: object) -> bool:
    """The bundle's MessageHeader names the CareCommunication event (for the transport's dispatch)."""
    entries = obj.get("entry") if isinstance(obj, dict) else None
    first = entries[0].get("resource") if isinstance(entries, list) and entries and isinstance(entries[0], dict) \
        else None
    event = first.get("eventCoding") if isinstance(first, dict) else None
    return isinstance(event, dict) and event.get("code") == cc.EVENT_CODE


def _receiver(parsed: cc.Parsed) -> Partner | None:
    """The municipality's own address the message is for (by SOR, else EAN), in any municipality."""
    own = Partner.objects.filter(kind=Partner.Kind.OWN, active=True).select_related("municipality")
    found = own.filter(sor_code=parsed.receiver.sor).first() if parsed.receiver.sor else None
    return found or (own.filter(ean_code=parsed.receiver.ean).first() if parsed.receiver.ean else None)


def receive(*, data: bytes | None, size: int | None = None, transport: str = "folder"
            ) -> tuple[Receipt, CareMessage | None]:
    """File one incoming CareCommunication bundle (bytes from the transport) and say what became of it (a
    `Receipt`, as every MedCom bundle gets). The same message twice is stored once (DUPLICATE); a bundle we
    cannot accept is REFUSED with its reason and nothing else is written. Never raises for the content.
    The sending partner acts (its own user, ADR 0024), so the audit trail names the ward or centre."""
    raw = data or b""
    base = {"transport": transport, "data": raw, "size": size if size is not None else len(raw)}
    with transaction.atomic():
        try:
            obj = load_bundle(data, limit=max_bytes())
            validate_structure(obj)
            parsed = cc.parse_bundle(obj)
        except (Refusal, cc.BundleError) as exc:
            return _receipt(None, outcome=Receipt.Outcome.REFUSED, reason=exc.reason, **base), None
        own = _receiver(parsed)
        if own is None:
            return _receipt(None, outcome=Receipt.Outcome.REFUSED, bundle_id=parsed.message_id,
                            reason="Meddelelsen er ikke sendt til kommunen (modtagerens SOR- og EAN-nummer passer "
                                   "ikke).", **base), None
        municipality = own.municipality
        base |= {"bundle_id": parsed.message_id}
        done = CareMessage.objects.filter(municipality=municipality, message_id=parsed.message_id).first()
        if done is not None:
            return _receipt(municipality, outcome=Receipt.Outcome.DUPLICATE, **base), done
        try:
            citizen, partner, thread, replied, unit = _check(municipality, own, parsed)
        except cc.BundleError as exc:
            return _receipt(municipality, outcome=Receipt.Outcome.REFUSED, reason=exc.reason, **base), None
        try:
            with transaction.atomic():
                message = _file(acting_user(partner), municipality, parsed, citizen, partner, thread, replied,
                                unit)
        except IntegrityError:  # the same message filed by a parallel receipt
            return (_receipt(municipality, outcome=Receipt.Outcome.DUPLICATE, **base),
                    CareMessage.objects.get(municipality=municipality, message_id=parsed.message_id))
        return _receipt(municipality, outcome=Receipt.Outcome.ACCEPTED, **base), message


def _file(actor, municipality, parsed: cc.Parsed, citizen: Citizen, partner: Partner, thread: CareThread | None,
          replied: CareMessage | None, unit: Unit | None) -> CareMessage:
    if thread is None:
        assert unit is not None  # checked by _check
        thread = CareThread.objects.create(
            municipality=municipality, citizen=citizen, partner=partner, unit=unit, category=parsed.category,
            topic=(parsed.topic or cc.CATEGORY_LABELS[parsed.category])[:cc.MAX_TOPIC], thread_id=parsed.thread_id,
            last_at=parsed.sent_at)
    kind = {"new": CareMessage.Kind.NEW, "reply": CareMessage.Kind.REPLY, "forward": CareMessage.Kind.FORWARD}
    message = CareMessage.objects.create(
        municipality=municipality, thread=thread, direction=CareMessage.Direction.IN, kind=kind[parsed.kind],
        message_id=parsed.message_id, replies_to=replied, partner=partner, at=parsed.sent_at)
    known = set(CareSegment.objects.filter(message__thread=thread).values_list("identifier", flat=True))
    CareSegment.objects.bulk_create([_segment_row(message, s) for s in parsed.segments
                                     if s.identifier not in known])
    CareThread.objects.filter(pk=thread.pk).update(unread=F("unread") + 1,
                                                   last_at=max(thread.last_at, parsed.sent_at))
    thread.refresh_from_db(fields=["unread", "last_at"])
    basis, consent = sharing.allowed_by(citizen, partner, Purpose.CARE_MESSAGE, "in", timezone.localdate())
    if basis is not None or consent is not None:  # what the partner shares with us is logged as well
        sharing.log_share(actor, citizen, partner, purpose=Purpose.CARE_MESSAGE, direction="in",
                          what=f"Korrespondancemeddelelse: {thread.topic}", basis=basis, consent=consent)
    audit(actor, message, Event.CARE_MESSAGE_RECEIVED, citizen, kategori=parsed.category, partner=partner.pk,
          art=parsed.kind)
    return message
