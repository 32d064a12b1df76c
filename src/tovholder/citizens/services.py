"""Every write of citizen data: keyword-only, takes the acting user, one transaction, audited."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm, require_same_municipality
from tovholder.audit.services import record_access, record_audit
from tovholder.layout import formats
from tovholder.layout.dates import check_date
from tovholder.records import StaleEditError, check_day, clean_text, lock_version  # noqa: F401 (part of the API)

from .cpr import birth_date as cpr_birth_date
from .cpr import clean_cpr
from .events import Event
from .gate import check_worker_knows, require_write
from .models import BreakGlassGrant, Citizen, Consent, CoordinatorAssignment, Disclosure, Involvement, Relative
from .validators import validate_person_name, validate_postal_code


def _validate_names(**names: str) -> None:
    errors = {}
    for field, value in names.items():
        try:
            validate_person_name(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_citizen(
    *,
    actor: Actor,
    cpr: str,
    first_name: str,
    last_name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    postal_code: str = "",
    city: str = "",
    coordinator=None,
    known_from: datetime.date | None = None,
) -> Citizen:
    """`known_from`: the day the municipality met the citizen (a request received earlier, typed in now);
    the registering unit's involvement and the coordinator start then."""
    profile = require_perm(actor, "accounts.manage_citizens")
    assert actor.is_authenticated
    number = clean_cpr(cpr)
    _validate_names(first_name=first_name, last_name=last_name)
    _validate_postal_code(postal_code)
    if Citizen.objects.filter(municipality=profile.municipality, cpr=number).exists():
        raise ValidationError({"cpr": "Der findes allerede en borger med dette CPR-nummer i kommunen."})
    citizen = Citizen(
        municipality=profile.municipality,
        cpr=number,
        birth_date=cpr_birth_date(number),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        postal_code=postal_code.strip(),
        city=city.strip(),
        coordinator=coordinator,
    )
    citizen.full_clean()
    citizen.save()
    if coordinator is not None:
        CoordinatorAssignment.objects.create(municipality=citizen.municipality, citizen=citizen,
                                             coordinator=coordinator, started_on=known_from or timezone.localdate(),
                                             by=actor)
    record_audit(actor=actor, municipality=profile.municipality, action=Event.CITIZEN_CREATED, obj=citizen,
                 citizen=citizen)
    # The one who registers the citizen takes the case: their unit is involved, they are the contact.
    if profile.first_unit is not None:
        _involve(actor, citizen, profile.first_unit, actor, min(known_from or timezone.localdate(),
                                                                timezone.localdate()))
    return citizen


def _validate_postal_code(value: str) -> None:
    try:
        validate_postal_code((value or "").strip())
    except ValidationError as exc:
        raise ValidationError({"postal_code": exc.messages}) from None


CONTACT_FIELDS = ("phone", "email", "address", "postal_code", "city")


@transaction.atomic
def update_contact(*, actor: Actor, citizen: Citizen, version: int, **fields: str) -> Citizen:
    """Change contact data. A save based on an older version is refused (no lost updates)."""
    require_write(actor, citizen, perm="accounts.manage_citizens")
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    current = lock_version(Citizen, citizen, version,
                           "En anden har gemt ændringer på borgeren, mens du redigerede. Dine ændringer er ikke "
                           "gemt; se de nye oplysninger og prøv igen.")
    before = {f: getattr(current, f) for f in fields}
    for field, value in fields.items():
        setattr(current, field, value.strip())
    _validate_postal_code(current.postal_code)
    current.version += 1
    current.full_clean()
    current.save()
    record_audit(actor=actor, municipality=current.municipality, action=Event.CITIZEN_CONTACT_CHANGED, obj=current,
                 citizen=current, detail={"før": before, "efter": {f: getattr(current, f) for f in fields}})
    return current


@transaction.atomic
def set_coordinator(*, actor: Actor, citizen: Citizen, coordinator, since: datetime.date | None = None,
                    reason: str = "") -> Citizen:
    """Name the citizen's one coordinator across the units (or none), from a date, with a reason. The one
    before keeps their period in the history."""
    require_write(actor, citizen, perm="citizens.assign_coordinator")
    assert actor.is_authenticated
    since = check_day(since or timezone.localdate(), field="since", what="Tovholderens start",
                      years_back=citizen.municipality.backdate_years)
    reason = clean_text(reason, field="reason", label="begrundelsen", required=False, max_length=500)
    if coordinator is not None:
        check_worker_knows(coordinator, citizen, "coordinator")
    current = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if current.coordinator_id == (coordinator.pk if coordinator else None):
        raise ValidationError({"coordinator": "Det er allerede borgerens tovholder."})
    last = current.coordinator_history.filter(ended_on__isnull=True).order_by("-started_on", "-pk").first()
    if last is not None:
        if since < last.started_on:
            raise ValidationError({"since": f"Den nuværende tovholder har været det siden "
                                            f"{formats.day(last.started_on)}; "
                                            "den nye kan tidligst starte den dag."})
        last.ended_on = since
        last.save(update_fields=["ended_on"])
    if coordinator is not None:
        CoordinatorAssignment.objects.create(municipality=current.municipality, citizen=current,
                                             coordinator=coordinator, started_on=since, reason=reason, by=actor)
    before = current.coordinator_id
    current.coordinator = coordinator
    current.version += 1
    current.save(update_fields=["coordinator", "version"])
    record_audit(actor=actor, municipality=current.municipality, action=Event.CITIZEN_COORDINATOR_SET, obj=current,
                 citizen=current, detail={"før": before, "tovholder": coordinator.pk if coordinator else None,
                                          "fra": str(since), "begrundelse": reason})
    citizen.coordinator, citizen.version = current.coordinator, current.version
    return current


@transaction.atomic
def add_relative(*, actor: Actor, citizen: Citizen, name: str, relation: str, phone: str = "", email: str = ""
                 ) -> Relative:
    require_write(actor, citizen, perm="accounts.manage_citizens")
    _validate_names(name=name)
    relative = Relative(municipality=citizen.municipality, citizen=citizen, name=name.strip(),
                        relation=relation.strip(), phone=phone.strip(), email=email.strip())
    relative.full_clean()
    relative.save()
    record_audit(actor=actor, municipality=citizen.municipality, action=Event.RELATIVE_ADDED, obj=relative,
                 citizen=citizen)
    return relative


@transaction.atomic
def give_consent(
    *, actor: Actor, relative: Relative, scope: str, given_on: datetime.date, note: str = ""
) -> Consent:
    require_write(actor, relative.citizen, perm="accounts.manage_citizens")
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "Et samtykke kan ikke være givet i fremtiden."})
    check_date(given_on, born=relative.citizen.birth_date, field="given_on")
    if relative.consents.filter(scope=scope, withdrawn_on__isnull=True).exists():
        raise ValidationError({"scope": "Den pårørende har allerede et gældende samtykke med dette omfang."})
    consent = Consent(municipality=relative.municipality, citizen_id=relative.citizen_id, relative=relative,
                      scope=scope, given_on=given_on, note=note.strip())
    consent.full_clean()
    consent.save()
    record_audit(actor=actor, municipality=relative.municipality, action=Event.CONSENT_GIVEN, obj=consent,
                 citizen=relative.citizen, detail={"omfang": scope})
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent, withdrawn_on: datetime.date,
                     perm: str = "accounts.manage_citizens") -> Consent:
    """Withdrawal keeps the consent and its history; it only dates the end. Staff withdraw under their role's
    permission; the citizen in the portal under the portal's own (`perm="portal.write_own"`)."""
    require_write(actor, consent.citizen, perm=perm)
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_on is not None:
        raise ValidationError("Samtykket er allerede trukket tilbage.")
    if withdrawn_on < current.given_on:
        raise ValidationError({"withdrawn_on": "Datoen for tilbagetrækning ligger før samtykket blev givet."})
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": "Datoen for tilbagetrækning kan ikke ligge i fremtiden."})
    current.withdrawn_on = withdrawn_on
    current.save(update_fields=["withdrawn_on"])
    record_audit(actor=actor, municipality=current.municipality, action=Event.CONSENT_WITHDRAWN, obj=current,
                 citizen=current.citizen)
    return current


@transaction.atomic
def start_involvement(*, actor: Actor, citizen: Citizen, unit, worker=None, started_on: datetime.date
                      ) -> Involvement:
    require_write(actor, citizen, perm="accounts.manage_citizens")
    require_same_municipality(actor, unit)
    return _involve(actor, citizen, unit, worker, started_on)


def _involve(actor: Actor, citizen: Citizen, unit, worker, started_on: datetime.date) -> Involvement:
    involvement = Involvement(municipality=citizen.municipality, citizen=citizen, unit=unit, worker=worker,
                              started_on=started_on)
    involvement.full_clean()
    involvement.save()
    record_audit(actor=actor, municipality=citizen.municipality, action=Event.INVOLVEMENT_STARTED, obj=involvement,
                 citizen=citizen, detail={"enhed": unit.name})
    return involvement


MIN_REASON = 10


@transaction.atomic
def break_glass(*, actor: Actor, citizen: Citizen, reason: str) -> BreakGlassGrant:
    """Open a citizen outside one's need to know, for a limited time, with a reason; flagged in the log."""
    require_perm(actor, "accounts.break_glass")
    assert actor.is_authenticated
    require_same_municipality(actor, citizen)
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": f"Skriv en begrundelse på mindst {MIN_REASON} tegn."})
    if len(reason) > 500:
        raise ValidationError({"reason": "Begrundelsen må højst være 500 tegn."})
    grant = BreakGlassGrant.objects.create(
        municipality=citizen.municipality, citizen=citizen, user=actor, reason=reason,
        expires_at=timezone.now() + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    record_access(actor=actor, citizen=citizen, what="Adgang uden for arbejdsområde", reason=reason,
                  break_glass=True)
    record_audit(actor=actor, municipality=citizen.municipality, action=Event.CITIZEN_BREAK_GLASS, obj=grant,
                 citizen=citizen, detail={"begrundelse": reason})
    return grant


@transaction.atomic
def record_disclosure(*, actor: Actor, relative: Relative, scopes: list[str], told_on: datetime.date | None,
                      channel: str, what: str) -> Disclosure:
    """What a member of staff told a relative: only under consents the relative had on that day, each scope
    named. Any member of staff who knows the citizen (a break-the-glass grant never writes)."""
    citizen = relative.citizen
    require_write(actor, citizen)
    assert actor.is_authenticated
    told_on = check_day(told_on, field="told_on", what="Datoen", years_back=citizen.municipality.backdate_years)
    labels = dict(Consent.Scope.choices)
    scopes = list(dict.fromkeys(scopes or ()))
    if not scopes:
        raise ValidationError({"scopes": "Vælg hvad den pårørende fik at vide."})
    if any(s not in labels for s in scopes):
        raise ValidationError({"scopes": "Vælg blandt mulighederne på listen."})
    allowed = set(Consent.objects.filter(municipality_id=citizen.municipality_id, relative=relative,
                                         given_on__lte=told_on).exclude(withdrawn_on__lte=told_on)
                  .values_list("scope", flat=True))
    refused = [str(labels[s]).lower() for s in scopes if s not in allowed]
    if refused:
        raise ValidationError({"scopes": f"{relative.name} havde ikke borgerens samtykke til: {', '.join(refused)}. "
                                         "Intet er registreret."})
    if channel not in Disclosure.Channel.values:
        raise ValidationError({"channel": "Vælg hvordan oplysningerne blev givet."})
    row = Disclosure.objects.create(
        municipality=citizen.municipality, citizen=citizen, relative=relative, told_on=told_on, told_by=actor,
        channel=channel, scopes=[s for s in labels if s in scopes],
        what=clean_text(what, field="what", label="hvad den pårørende fik at vide", required=True, max_length=2000))
    record_audit(actor=actor, municipality=citizen.municipality, action=Event.RELATIVE_TOLD, obj=row,
                 citizen=citizen, detail={"paaroerende": relative.pk, "omfang": row.scopes})
    return row
