"""Every write of volunteers, wishes, agreements and outings. Keyword-only, the acting user first, the
gate first, one transaction, audited.

Who may write (ADR 0014-volunteer-companions):
- volunteers: the volunteer coordinator (`volunteers.coordinate_volunteers`), for the municipality's
  own records (no citizen data);
- a citizen's wish: a worker with need to know of the citizen (`citizens.gate.require_write`);
- matching, agreements, outings and ending: the coordinator, who reaches a citizen only through a wish
  given with consent, and writes only the volunteer records (`require_referral`: municipality and
  permission, no read of the citizen's case); or a worker with need to know of the citizen.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm, require_same_municipality
from tovholder.activities.services import record_outing_without_staff
from tovholder.audit.services import audit
from tovholder.citizens.gate import knows, require_referral, require_write
from tovholder.citizens.models import Citizen
from tovholder.offers.models import Offer
from tovholder.records import check_day, clean_text, lock_version

from .events import Event
from .matching import certificate_problem
from .models import INTEREST_LABELS, SLOT_LABELS, Agreement, CompanionWish, Outing, Volunteer

COORDINATE = "volunteers.coordinate_volunteers"
RECORD_WISH = "volunteers.record_companion_wish"
MAX_AGREEMENT_YEARS = 3
MAX_OUTING_MINUTES = 12 * 60


# --- checks ------------------------------------------------------------------------------------

def _codes(values, table: dict, *, field: str, what: str) -> list[str]:
    values = list(dict.fromkeys(values or ()))
    if not values:
        raise ValidationError({field: f"Vælg mindst {what}."})
    if any(not isinstance(v, str) or v not in table for v in values):
        raise ValidationError({field: "Vælg blandt mulighederne på listen."})
    return [code for code in table if code in values]


def _interests(values, field="interests"):
    return _codes(values, INTEREST_LABELS, field=field, what="én interesse")


def _times(values, field="availability"):
    return _codes(values, SLOT_LABELS, field=field, what="ét tidspunkt om ugen")


def _phone(value: str) -> str:
    value = clean_text(value, field="phone", label="telefonnummeret", required=False, max_length=20)
    if value and not all(c.isdigit() or c in " +-" for c in value):
        raise ValidationError({"phone": "Skriv telefonnummeret med cifre (fx 12 34 56 78)."})
    return value


def require_agreement_work(actor: Actor, citizen: Citizen) -> None:
    """The coordinator (reaches the citizen through the wish; writes only volunteer records), or a
    worker with need to know of the citizen. A break-the-glass grant never writes."""
    principal = principal_of(actor)
    if principal.has_perm(COORDINATE):
        require_referral(actor, citizen, perm=COORDINATE)
        return
    require_write(actor, citizen, perm=RECORD_WISH)


# --- volunteers --------------------------------------------------------------------------------

def _volunteer_fields(actor: Actor, data: dict) -> dict:
    municipality = principal_of(actor).municipality
    seen = data.get("certificate_seen_on")
    renew = data.get("certificate_renew_by")
    if seen is not None:
        check_day(seen, field="certificate_seen_on", what="Datoen for attesten", years_back=10)
    if renew is not None:
        check_day(renew, field="certificate_renew_by", what="Fornyelsesdatoen", years_back=municipality.backdate_years,
                  allow_future=True, not_before=seen, before_what="datoen, attesten blev set")
        if seen is not None and renew == seen:
            raise ValidationError({"certificate_renew_by": "Fornyelsesdatoen skal ligge efter datoen, attesten "
                                                           "blev set."})
    if (seen is None) != (renew is None):
        raise ValidationError({"certificate_renew_by" if seen else "certificate_seen_on":
                               "Skriv både hvornår attesten blev set, og hvornår den skal fornyes."})
    max_agreements = data.get("max_agreements") or 1
    if not isinstance(max_agreements, int) or not 1 <= max_agreements <= 5:
        raise ValidationError({"max_agreements": "En frivillig kan være ledsager for 1–5 borgere ad gangen."})
    email = clean_text(data.get("email"), field="email", label="e-mailadressen", required=False, max_length=200)
    return {
        "first_name": clean_text(data.get("first_name"), field="first_name", label="fornavnet", required=True,
                                 max_length=100),
        "last_name": clean_text(data.get("last_name"), field="last_name", label="efternavnet", required=True,
                                max_length=100),
        "phone": _phone(data.get("phone", "")),
        "email": email,
        "interests": _interests(data.get("interests")),
        "availability": _times(data.get("availability")),
        "certificate_seen_on": seen,
        "certificate_renew_by": renew,
        "consents_to_contact": bool(data.get("consents_to_contact")),
        "max_agreements": max_agreements,
        "active": bool(data.get("active", True)),
        "note": clean_text(data.get("note"), field="note", label="bemærkningen", required=False, max_length=1000),
    }


@transaction.atomic
def register_volunteer(*, actor: Actor, **data) -> Volunteer:
    """A new volunteer: contact data, interests, times, the certificate seen and its renewal date, consent."""
    principal = require_perm(actor, COORDINATE)
    fields = _volunteer_fields(actor, data)
    if not fields["phone"] and not fields["email"]:
        raise ValidationError({"phone": "Skriv et telefonnummer eller en e-mailadresse, så den frivillige kan "
                                        "kontaktes."})
    volunteer = Volunteer.objects.create(municipality=principal.municipality, **fields)
    audit(actor, volunteer, Event.VOLUNTEER_REGISTERED, None, attest_til=volunteer.certificate_renew_by,
          samtykke=volunteer.consents_to_contact)
    return volunteer


@transaction.atomic
def update_volunteer(*, actor: Actor, volunteer: Volunteer, version: int | None, **data) -> Volunteer:
    """Change a volunteer (a renewed certificate, new times); a stale save is refused."""
    require_perm(actor, COORDINATE)
    require_same_municipality(actor, volunteer)
    current = lock_version(Volunteer, volunteer, version)
    fields = _volunteer_fields(actor, data)
    if not fields["phone"] and not fields["email"]:
        raise ValidationError({"phone": "Skriv et telefonnummer eller en e-mailadresse."})
    before = {k: str(getattr(current, k)) for k in fields if getattr(current, k) != fields[k]}
    for key, value in fields.items():
        setattr(current, key, value)
    current.version += 1
    current.save()
    audit(actor, current, Event.VOLUNTEER_CHANGED, None, foer=before)
    return current


# --- wishes ------------------------------------------------------------------------------------

@transaction.atomic
def record_wish(*, actor: Actor, citizen: Citizen, interests, availability, wish: str, contact_arrangement: str,
                meeting_place: str, consent_given_on: datetime.date | None, consent: bool) -> CompanionWish:
    """The citizen's wish for a companion, with the citizen's consent to share first name, contact
    arrangement and meeting place with a volunteer. One waiting or matched wish at a time."""
    require_write(actor, citizen, perm=RECORD_WISH)
    assert actor.is_authenticated
    if not consent:
        raise ValidationError({"consent": "Borgeren skal give samtykke, før ønsket kan sendes til "
                                          "frivilligkoordinatoren."})
    given_on = check_day(consent_given_on, field="consent_given_on", what="Samtykket",
                         years_back=citizen.municipality.backdate_years)
    waiting = CompanionWish.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                           status=CompanionWish.Status.WAITING).exists()
    if waiting or Agreement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                           ended_on__isnull=True).exists():
        raise ValidationError("Borgeren har allerede et ønske om en frivillig ledsager, der venter, eller en "
                              "aftale, der løber.")
    row = CompanionWish.objects.create(
        municipality=citizen.municipality, citizen=citizen, interests=_interests(interests),
        availability=_times(availability),
        wish=clean_text(wish, field="wish", label="borgerens ønske", required=True, max_length=1000),
        contact_arrangement=clean_text(contact_arrangement, field="contact_arrangement", label="kontaktaftalen",
                                       required=True, max_length=500),
        meeting_place=clean_text(meeting_place, field="meeting_place", label="mødestedet", required=True,
                                 max_length=200),
        consent_given_on=given_on, recorded_by=actor)
    audit(actor, row, Event.COMPANION_WISH_RECORDED, citizen, samtykke=given_on)
    return row


@transaction.atomic
def withdraw_wish(*, actor: Actor, wish: CompanionWish, reason: str) -> CompanionWish:
    """A waiting wish is withdrawn (the citizen no longer wants a companion, or withdrew consent)."""
    require_agreement_work(actor, wish.citizen)
    current = lock_version(CompanionWish, wish, None)
    if current.status != CompanionWish.Status.WAITING:
        raise ValidationError("Kun et ønske, der venter på en frivillig, kan trækkes tilbage.")
    current.withdrawn_reason = clean_text(reason, field="reason", label="årsagen", required=True, max_length=500)
    current.status = CompanionWish.Status.WITHDRAWN
    current.version += 1
    current.save(update_fields=["withdrawn_reason", "status", "version"])
    audit(actor, current, Event.COMPANION_WISH_WITHDRAWN, current.citizen, aarsag=current.withdrawn_reason)
    return current


# --- agreements --------------------------------------------------------------------------------

def open_load(municipality_id: int) -> dict[int, int]:
    """How many open agreements each volunteer has."""
    rows = Agreement.objects.filter(municipality_id=municipality_id, ended_on__isnull=True).values_list(
        "volunteer_id", flat=True)
    load: dict[int, int] = {}
    for volunteer_id in rows:
        load[volunteer_id] = load.get(volunteer_id, 0) + 1
    return load


@transaction.atomic
def start_agreement(*, actor: Actor, wish: CompanionWish, volunteer: Volunteer, starts_on: datetime.date | None,
                    ends_on: datetime.date | None, offer: Offer | None = None,
                    reasons: list[str] | None = None) -> Agreement:
    """The coordinator's decision: this volunteer goes with this citizen from `starts_on` to `ends_on`.
    Refused for a volunteer whose certificate is not valid on the start day, who has not consented to be
    contacted, who is full, or when the agreement would end before it starts."""
    require_perm(actor, COORDINATE)
    require_referral(actor, wish.citizen, perm=COORDINATE)
    assert actor.is_authenticated
    require_same_municipality(actor, volunteer, offer)
    current = lock_version(CompanionWish, wish, None)
    if current.status != CompanionWish.Status.WAITING:
        raise ValidationError("Ønsket venter ikke længere på en frivillig.")
    if starts_on is None:
        raise ValidationError({"starts_on": "Skriv hvornår aftalen starter."})
    if ends_on is None:
        raise ValidationError({"ends_on": "Skriv hvornår aftalen slutter."})
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "Aftalen kan ikke slutte, før den starter. Vælg en slutdato efter "
                                          "startdatoen."})
    check_day(starts_on, field="starts_on", what="Starten", years_back=1, allow_future=True)
    if ends_on > starts_on + datetime.timedelta(days=365 * MAX_AGREEMENT_YEARS):
        raise ValidationError({"ends_on": f"En aftale kan højst vare {MAX_AGREEMENT_YEARS} år ad gangen."})
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not locked.active:
        raise ValidationError({"volunteer": "Den frivillige er ikke aktiv."})
    problem = certificate_problem(locked, max(starts_on, timezone.localdate()))
    if problem:
        raise ValidationError({"volunteer": f"{locked.full_name} kan ikke matches: {problem}"})
    if not locked.consents_to_contact:
        raise ValidationError({"volunteer": f"{locked.full_name} har ikke givet samtykke til at blive kontaktet."})
    load = Agreement.objects.filter(municipality_id=locked.municipality_id, volunteer=locked,
                                    ended_on__isnull=True).count()
    if load >= locked.max_agreements:
        raise ValidationError({"volunteer": f"{locked.full_name} er allerede ledsager for så mange borgere, som "
                                            "vedkommende har sagt ja til."})
    if offer is not None and (offer.requires_visitation or not Offer.objects.available_to(
            principal_of(actor).municipality).filter(pk=offer.pk, active=True).exists()):
        raise ValidationError({"offer": "Vælg et tilbud uden visitation (fx et aktivitetstilbud) eller intet."})
    agreement = Agreement.objects.create(
        municipality=current.municipality, wish=current, citizen_id=current.citizen_id, volunteer=locked,
        offer=offer, starts_on=starts_on, ends_on=ends_on, match_reasons=list(reasons or []), created_by=actor)
    current.status = CompanionWish.Status.MATCHED
    current.version += 1
    current.save(update_fields=["status", "version"])
    audit(actor, agreement, Event.COMPANION_AGREEMENT_STARTED, current.citizen, frivillig=locked.pk, start=starts_on,
          slut=ends_on)
    return agreement


@transaction.atomic
def log_outing(*, actor: Actor, agreement: Agreement, day: datetime.date | None, minutes: int | None,
               what: str = "", place: str = "", at: datetime.time = datetime.time(13, 0)) -> Outing:
    """An outing the volunteer reports: the citizen's participation in an OUTING occasion without staff
    (never staff hours); it counts under the agreement's offer when one is named."""
    require_agreement_work(actor, agreement.citizen)
    current = lock_version(Agreement, agreement, None)
    if current.ended_on is not None:
        raise ValidationError("Aftalen er afsluttet; der kan ikke registreres flere ledsagelser.")
    if day is None:
        raise ValidationError({"day": "Skriv datoen for ledsagelsen."})
    if day < current.starts_on:
        raise ValidationError({"day": "Ledsagelsen kan ikke ligge før aftalens start."})
    if day > timezone.localdate():
        raise ValidationError({"day": "En ledsagelse registreres, når den har fundet sted."})
    if minutes is None or not isinstance(minutes, int) or not 0 < minutes <= MAX_OUTING_MINUTES:
        raise ValidationError({"minutes": "Skriv varigheden i minutter (højst 12 timer)."})
    what = clean_text(what, field="what", label="hvad I lavede", required=False, max_length=200)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, at))
    if starts_at > timezone.now():
        starts_at = timezone.now() - datetime.timedelta(minutes=minutes)
    participation = record_outing_without_staff(
        actor=actor, citizen=current.citizen, perm=COORDINATE if actor.has_perm(COORDINATE) else RECORD_WISH,
        starts_at=starts_at, minutes=minutes, offer=current.offer, place=place)
    outing = Outing.objects.create(municipality=current.municipality, agreement=current,
                                   participation=participation, what=what)
    audit(actor, outing, Event.COMPANION_AGREEMENT_OUTING_LOGGED, current.citizen, dag=day, minutter=minutes)
    return outing


@transaction.atomic
def end_agreement(*, actor: Actor, agreement: Agreement, ended_on: datetime.date | None, reason: str,
                  note: str = "", version: int | None = None) -> Agreement:
    """End the agreement on a day (not before it started, not in the future) with a reason."""
    require_agreement_work(actor, agreement.citizen)
    current = lock_version(Agreement, agreement, version)
    if current.ended_on is not None:
        raise ValidationError("Aftalen er allerede afsluttet.")
    if reason not in Agreement.EndReason.values:
        raise ValidationError({"reason": "Vælg en årsag til afslutningen."})
    check_day(ended_on, field="ended_on", what="Afslutningen", years_back=current.municipality.backdate_years,
              not_before=current.starts_on, before_what="aftalens start")
    note = clean_text(note, field="note", label="bemærkningen", required=reason == Agreement.EndReason.OTHER,
                      max_length=500)
    current.ended_on, current.end_reason, current.end_note = ended_on, reason, note
    current.version += 1
    current.save(update_fields=["ended_on", "end_reason", "end_note", "version"])
    audit(actor, current, Event.COMPANION_AGREEMENT_ENDED, current.citizen, afsluttet=ended_on, aarsag=reason)
    return current


def may_work_on(actor: Actor, citizen: Citizen) -> bool:
    """The actor could pass `require_agreement_work` (for showing forms)."""
    try:
        principal = principal_of(actor)
    except PermissionDenied:
        return False
    if principal.has_perm(COORDINATE):
        return citizen.municipality_id == principal.municipality_id
    return principal.has_perm(RECORD_WISH) and knows(actor, citizen)
