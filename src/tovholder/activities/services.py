"""Every write of occasions and participations — the ledger of delivered time — and of calendar
addresses. Keyword-only, the acting user first, through the write gate for every citizen named, one
transaction, audited.

Higher apps compose these: support plans visits under an episode's offer, journal records the contact
a note documents, courses (later) plan sessions and mark attendance.
"""

import datetime
import hashlib
import secrets
import uuid
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, principal_of, require_perm, require_same_municipality
from tovholder.audit.services import audit as _audit
from tovholder.audit.services import lock_naming_editor
from tovholder.citizens.gate import NO_PERMISSION, check_worker_knows, require_referral, require_write
from tovholder.citizens.models import Citizen
from tovholder.layout import formats
from tovholder.offers.models import Offer
from tovholder.records import check_day, clean_text

from .events import Event
from .models import MAX_MINUTES, CalendarToken, Occasion, OccasionStaff, Participation

PERM = "activities.plan_occasions"
MAX_PLANNED_MINUTES = 12 * 60
MAX_REPEATS = 52
FUTURE_SLACK = datetime.timedelta(minutes=5)
NOMINAL_MINUTES = 60  # the length of a contact that did not happen and had no planned length
P = Participation.Status
O = Occasion.Status  # noqa: E741


class OverlapWarning(ValidationError):
    """A member of staff already has a planned occasion in that time. Saving needs `allow_overlap=True`."""

    def __init__(self, message, overlaps):
        super().__init__(message)
        self.overlaps = overlaps


# --- checks ------------------------------------------------------------------------------------

def _aware(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _check_planned_time(starts_at: datetime.datetime, minutes: int | None) -> datetime.datetime:
    starts_at = _aware(starts_at)
    if minutes is None or minutes < 5:
        raise ValidationError({"minutes": "En aftale varer mindst 5 minutter."})
    if minutes > MAX_PLANNED_MINUTES:
        raise ValidationError({"minutes": "En aftale kan højst vare 12 timer. Del den op i flere aftaler."})
    if starts_at < timezone.now() - datetime.timedelta(minutes=15):
        raise ValidationError({"starts_at": "Tidspunktet er passeret. En aftale planlægges frem i tiden; "
                                            "skriv et journalnotat om en kontakt, der har fundet sted."})
    if starts_at > timezone.now() + datetime.timedelta(days=366):
        raise ValidationError({"starts_at": "En aftale kan højst planlægges et år frem."})
    return starts_at


def _check_kind(kind: str) -> None:
    if kind not in Occasion.Kind.values:
        raise ValidationError({"kind": "Vælg en kontaktform."})


def _check_offer(actor: Actor, offer: Offer | None) -> None:
    if offer is not None and not Offer.objects.available_to(principal_of(actor).municipality).filter(
            pk=offer.pk, active=True).exists():
        raise ValidationError({"offer": "Tilbuddet findes ikke i kommunens katalog."})


def _overlaps(user: Actor, starts_at, ends_at, exclude=()) -> list[Occasion]:
    assert user.is_authenticated
    return list(Occasion.objects.filter(
        municipality_id=principal_of(user).municipality_id, staff_rows__user=user, status=O.PLANNED,
        starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(pk__in=exclude))


def _overlap_message(overlaps: Sequence[Occasion]) -> str:
    times = ", ".join(f"{formats.moment(o.starts_at)}–{timezone.localtime(o.ends_at):%H:%M}" for o in overlaps[:5])
    more = f" og {len(overlaps) - 5} flere" if len(overlaps) > 5 else ""
    return (f"Medarbejderen har allerede en aftale i tidsrummet ({times}{more}). Vælg et andet tidspunkt, "
            "eller bekræft at aftalerne må overlappe.")


def _require_occasion_work(actor: Actor, occasion: Occasion) -> None:
    """Changing an occasion: the role, and need to know of every citizen on it; an occasion without
    named citizens (a drop-in opening) is changed by its staff or its unit's staff."""
    principal = require_perm(actor, PERM)
    assert actor.is_authenticated
    require_same_municipality(actor, occasion)
    citizens = list(Citizen.objects.filter(participations__occasion=occasion).distinct())
    for citizen in citizens:
        require_write(actor, citizen, perm=PERM)
    if not citizens and not (occasion.staff_rows.filter(user=actor).exists()
                             or (occasion.unit_id is not None and occasion.unit_id in principal.unit_ids)):
        raise PermissionDenied(NO_PERMISSION)


def _settle(occasion: Occasion) -> None:
    """The occasion's status follows its participations once someone is recorded: held when anyone
    attended, not held when everyone stayed away, planned while some are still to be recorded."""
    if occasion.status == O.CANCELLED:
        return
    states = set(occasion.participations.values_list("status", flat=True))
    if P.ATTENDED in states:
        status = O.HELD
    elif P.PLANNED in states or not states:
        status = O.PLANNED
    else:
        status = O.NOT_HELD
    if status != occasion.status:
        occasion.status = status
        occasion.version += 1
        occasion.save(update_fields=["status", "version"])


# --- planning ----------------------------------------------------------------------------------

@transaction.atomic
def plan_occasions(
    *,
    actor: Actor,
    kind: str,
    starts_at: datetime.datetime,
    minutes: int,
    citizens: Iterable[Citizen] = (),
    staff: Iterable | None = None,
    offer: Offer | None = None,
    unit: Unit | None = None,
    place: str = "",
    repeat_weeks: int = 0,
    every_weeks: int = 1,
    allow_overlap: bool = False,
) -> list[Occasion]:
    """Plan an occasion with its staff (the actor by default) and citizens, optionally repeated
    `repeat_weeks` more times every `every_weeks` weeks. Each citizen's time will count under `offer`.
    Overlaps with the staff's other planned occasions raise OverlapWarning unless allowed."""
    principal = require_perm(actor, PERM)
    assert actor.is_authenticated
    citizens = list(citizens)
    staff = list(staff) if staff is not None else [actor]
    for citizen in citizens:
        require_write(actor, citizen, perm=PERM)
    if not staff:
        raise ValidationError({"worker": "Vælg mindst én medarbejder."})
    for user in staff:
        profile = getattr(user, "staff", None)
        if profile is None or profile.municipality_id != principal.municipality_id:
            raise ValidationError({"worker": "Medarbejderen findes ikke i kommunen."})
        for citizen in citizens:
            check_worker_knows(user, citizen)
    require_same_municipality(actor, unit)
    _check_offer(actor, offer)
    _check_kind(kind)
    starts_at = _check_planned_time(starts_at, minutes)
    place = clean_text(place, field="place", label="stedet", required=False, max_length=200)
    if not 0 <= repeat_weeks <= MAX_REPEATS:
        raise ValidationError({"repeat_weeks": f"En aftale kan gentages højst {MAX_REPEATS} gange."})
    if not 1 <= every_weeks <= 8:
        raise ValidationError({"every_weeks": "Gentag hver 1. til 8. uge."})
    local = timezone.localtime(starts_at)
    times = []
    for i in range(repeat_weeks + 1):
        # Same wall-clock time every week, across daylight saving changes.
        day = local.date() + datetime.timedelta(weeks=i * every_weeks)
        start = timezone.make_aware(datetime.datetime.combine(day, local.time().replace(tzinfo=None)))
        times.append((start, start + datetime.timedelta(minutes=minutes)))
    if times[-1][0] > timezone.now() + datetime.timedelta(days=366):  # the one-year rule holds for the series
        last = formats.day(timezone.localtime(times[-1][0]).date())
        raise ValidationError({"repeat_weeks": f"Den sidste aftale i serien ville ligge den {last}. En aftale kan "
                                               "højst planlægges et år frem; gentag færre gange."})
    overlaps = [o for user in staff for start, end in times for o in _overlaps(user, start, end)]
    if overlaps and not allow_overlap:
        raise OverlapWarning(_overlap_message(overlaps), overlaps)
    series = uuid.uuid4() if repeat_weeks else None
    municipality = principal.municipality
    created = Occasion.objects.bulk_create([
        Occasion(municipality=municipality, kind=kind, offer=offer, unit=unit or principal.first_unit,
                 starts_at=start, ends_at=end, place=place, series=series, created_by=actor)
        for start, end in times])
    OccasionStaff.objects.bulk_create([OccasionStaff(municipality=municipality, occasion=o, user=user)
                                       for o in created for user in staff])
    Participation.objects.bulk_create([Participation(municipality=municipality, occasion=o, citizen=c, offer=offer)
                                       for o in created for c in citizens])
    for occasion in created:
        _audit(actor, occasion, Event.OCCASION_PLANNED, citizens[0] if len(citizens) == 1 else None,
               start=occasion.starts_at, borgere=[c.pk for c in citizens], overlap=bool(overlaps))
    return created


@transaction.atomic
def join_occasions(*, actor: Actor, occasions: Sequence[Occasion], citizen: Citizen | None = None,
                   offer: Offer | None = None) -> list[Participation]:
    """Add one participant to occasions already planned (a course's sessions when someone enrols):
    a named citizen (their time counts under `offer`), or with `citizen=None` one anonymous person (a
    relative on a course; no citizen's time). Only occasions still planned and not yet begun."""
    require_perm(actor, PERM)
    if citizen is not None:
        require_write(actor, citizen, perm=PERM)
    _check_offer(actor, offer)
    now = timezone.now()
    rows = []
    for occasion in occasions:
        require_same_municipality(actor, occasion)
        if occasion.status != O.PLANNED or occasion.starts_at <= now:
            continue
        rows.append(Participation(municipality_id=occasion.municipality_id, occasion=occasion, citizen=citizen,
                                  offer=offer if citizen is not None else None))
    created = Participation.objects.bulk_create(rows)
    for row in created:
        _audit(actor, row, Event.PARTICIPATION_JOINED, citizen, aktivitet=row.occasion_id)
    return created


@transaction.atomic
def withdraw_participations(*, actor: Actor, participations: Sequence[Participation], reason: str) -> int:
    """Cancel participations still planned (someone leaves a course): the occasions stay planned for the
    others. Returns how many."""
    count = 0
    for participation in participations:
        if participation.citizen_id is not None:
            assert participation.citizen is not None
            require_write(actor, participation.citizen, perm=PERM)
        else:
            require_perm(actor, PERM)
            require_same_municipality(actor, participation)
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        if current.status != P.PLANNED:
            continue
        current.status, current.minutes = P.CANCELLED, 0
        current.version += 1
        current.save(update_fields=["status", "minutes", "version"])
        _audit(actor, current, Event.PARTICIPATION_CANCELLED, participation.citizen, aarsag=reason)
        count += 1
    return count


@transaction.atomic
def move_occasion(*, actor: Actor, occasion: Occasion, version: int, starts_at: datetime.datetime, minutes: int,
                  place: str | None = None, allow_overlap: bool = False) -> Occasion:
    _require_occasion_work(actor, occasion)
    current = lock_naming_editor(Occasion, occasion, version, "Aftalen")
    if current.status != O.PLANNED:
        raise ValidationError("Aftalen er holdt eller aflyst og kan ikke flyttes.")
    if current.participations.exclude(status=P.PLANNED).exists():
        raise ValidationError("Der er registreret fremmøde på aftalen; den kan ikke flyttes.")
    starts_at = _check_planned_time(starts_at, minutes)
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    overlaps = [o for row in current.staff_rows.select_related("user")
                for o in _overlaps(row.user, starts_at, ends_at, exclude=[current.pk])]
    if overlaps and not allow_overlap:
        raise OverlapWarning(_overlap_message(overlaps), overlaps)
    before = current.starts_at
    current.starts_at, current.ends_at = starts_at, ends_at
    if place is not None:
        current.place = clean_text(place, field="place", label="stedet", required=False, max_length=200)
    current.version += 1
    current.save(update_fields=["starts_at", "ends_at", "place", "version"])
    _audit(actor, current, Event.OCCASION_MOVED, None, fra=before, til=starts_at)
    return current


@transaction.atomic
def cancel_occasion(*, actor: Actor, occasion: Occasion, version: int | None, reason: str) -> Occasion:
    _require_occasion_work(actor, occasion)
    current = lock_naming_editor(Occasion, occasion, version, "Aftalen")
    if current.status == O.CANCELLED:
        raise ValidationError("Aftalen er allerede aflyst.")
    if current.status != O.PLANNED or current.participations.exclude(status__in=[P.PLANNED, P.CANCELLED]).exists():
        raise ValidationError("Der er registreret fremmøde på aftalen; den kan ikke aflyses.")
    reason = clean_text(reason, field="reason", label="hvorfor aftalen aflyses", required=True, max_length=500,
                        min_length=3)
    _cancel(actor, current, reason)
    return current


def _cancel(actor: Actor, occasion: Occasion, reason: str) -> None:
    occasion.status, occasion.cancel_reason = O.CANCELLED, reason
    occasion.version += 1
    occasion.save(update_fields=["status", "cancel_reason", "version"])
    occasion.participations.filter(status=P.PLANNED).update(status=P.CANCELLED, minutes=0)
    _audit(actor, occasion, Event.OCCASION_CANCELLED, None, aarsag=reason)


@transaction.atomic
def cancel_future_participations(*, actor: Actor, citizen: Citizen, offer: Offer, after: datetime.datetime,
                                 reason: str) -> int:
    """The citizen's planned participations under `offer` from `after` on are cancelled (an episode has
    ended); an occasion left with nobody planned is cancelled too. Returns how many."""
    require_write(actor, citizen)
    rows = list(Participation.objects.select_for_update().filter(
        municipality_id=citizen.municipality_id, citizen=citizen, offer=offer, status=P.PLANNED,
        occasion__starts_at__gte=after).select_related("occasion"))
    for row in rows:
        row.status, row.minutes = P.CANCELLED, 0
        row.version += 1
        row.save(update_fields=["status", "minutes", "version"])
        occasion = row.occasion
        if not occasion.participations.filter(status=P.PLANNED).exists() and occasion.status == O.PLANNED:
            _cancel(actor, occasion, reason)
        else:
            _audit(actor, row, Event.PARTICIPATION_CANCELLED, citizen, aarsag=reason)
    return len(rows)


# --- what happened -----------------------------------------------------------------------------

def _check_outcome(status: str, minutes: int | None, default: int) -> int:
    if status not in (P.ATTENDED, P.NO_SHOW, P.CANCELLED):
        raise ValidationError({"status": "Vælg om borgeren deltog, udeblev eller meldte afbud."})
    if status != P.ATTENDED:
        return 0
    minutes = default if minutes is None else minutes
    if not isinstance(minutes, int) or minutes <= 0:
        raise ValidationError({"minutes": "En kontakt varer mere end 0 minutter. Vælg 'udeblev' eller 'meldte "
                                          "afbud', hvis den ikke blev til noget."})
    if minutes > MAX_MINUTES:
        raise ValidationError({"minutes": "En kontakt kan ikke vare 24 timer eller mere. Registrér hver kontakt."})
    return minutes


@transaction.atomic
def record_attendance(*, actor: Actor, participation: Participation, status: str, minutes: int | None = None,
                      version: int | None = None) -> Participation:
    """What happened to one participation: attended (with the citizen's minutes, by default the
    occasion's length), no-show or cancelled. The occasion's status follows."""
    if participation.citizen_id is not None:
        assert participation.citizen is not None  # citizen_id is set
        require_write(actor, participation.citizen, perm=PERM)
    else:
        _require_occasion_work(actor, participation.occasion)
    current = lock_naming_editor(Participation, participation, version, "Fremmødet")
    occasion = Occasion.objects.select_for_update().get(pk=current.occasion_id)
    if occasion.status == O.CANCELLED:
        raise ValidationError("Aftalen er aflyst; der kan ikke registreres fremmøde.")
    if occasion.starts_at > timezone.now() + FUTURE_SLACK:
        raise ValidationError("Aftalen ligger i fremtiden; fremmøde registreres, når den er holdt.")
    before = (current.status, current.minutes)
    current.minutes = _check_outcome(status, minutes, occasion.minutes)
    current.status = status
    current.version += 1
    current.save(update_fields=["status", "minutes", "version"])
    _settle(occasion)
    _audit(actor, current, Event.PARTICIPATION_RECORDED, current.citizen, status=status, minutter=current.minutes,
           foer=list(before))
    return current


def _check_contact_time(starts_at: datetime.datetime | None, municipality) -> datetime.datetime:
    if starts_at is None:
        raise ValidationError({"occurred_at": "Skriv hvornår kontakten fandt sted."})
    starts_at = _aware(starts_at)
    if starts_at > timezone.now() + FUTURE_SLACK:
        raise ValidationError({"occurred_at": "En kontakt kan ikke registreres i fremtiden. Skriv den efter "
                                              "kontakten."})
    check_day(timezone.localtime(starts_at).date(), field="occurred_at", what="Kontakten",
              years_back=municipality.backdate_years)
    return starts_at


@transaction.atomic
def record_contact(*, actor: Actor, citizen: Citizen, kind: str, starts_at: datetime.datetime, minutes: int | None,
                   status: str = P.ATTENDED, offer: Offer | None = None, unit: Unit | None = None,
                   place: str = "") -> Participation:
    """A contact that took place without being planned (a call, an unplanned visit): the occasion, held
    by the actor, with the citizen's participation, in one step."""
    principal = require_write(actor, citizen, perm=PERM)
    assert actor.is_authenticated
    require_same_municipality(actor, unit)
    _check_kind(kind)
    _check_offer(actor, offer)
    starts_at = _check_contact_time(starts_at, citizen.municipality)
    if minutes is None or not isinstance(minutes, int) or minutes < 0:
        raise ValidationError({"minutes": "Skriv varigheden i minutter."})
    counted = _check_outcome(status, minutes, minutes)
    length = datetime.timedelta(minutes=counted or minutes or NOMINAL_MINUTES)
    occasion = Occasion.objects.create(
        municipality=citizen.municipality, kind=kind, offer=offer, unit=unit or principal.first_unit,
        starts_at=starts_at, ends_at=starts_at + length, status=O.HELD if status == P.ATTENDED else O.NOT_HELD,
        place=clean_text(place, field="place", label="stedet", required=False, max_length=200), created_by=actor)
    OccasionStaff.objects.create(municipality=citizen.municipality, occasion=occasion, user=actor)
    participation = Participation.objects.create(municipality=citizen.municipality, occasion=occasion,
                                                 citizen=citizen, offer=offer, status=status, minutes=counted)
    _audit(actor, participation, Event.PARTICIPATION_CONTACT_RECORDED, citizen, form=kind, status=status,
           minutter=counted)
    return participation


@transaction.atomic
def record_outing_without_staff(*, actor: Actor, citizen: Citizen, perm: str, starts_at: datetime.datetime,
                                minutes: int | None, offer: Offer | None = None, place: str = "") -> Participation:
    """An outing no member of staff held (a volunteer companion's): an OUTING occasion without staff rows,
    with the citizen's attended participation. It is the citizen's time only – a member of staff's time
    is counted from the staff on an occasion, and there are none. `offer`, when given, must be one
    without visitation. The calling app has checked its own reach first (volunteers); here: the
    municipality and the caller's permission."""
    require_referral(actor, citizen, perm=perm)
    assert actor.is_authenticated
    starts_at = _check_contact_time(starts_at, citizen.municipality)
    _check_offer(actor, offer)
    if offer is not None and offer.requires_visitation:
        raise ValidationError({"offer": "En ledsagelse tæller kun under et tilbud uden visitation."})
    if minutes is None or not isinstance(minutes, int) or not 0 < minutes <= MAX_PLANNED_MINUTES:
        raise ValidationError({"minutes": "Skriv varigheden i minutter (højst 12 timer)."})
    occasion = Occasion.objects.create(
        municipality=citizen.municipality, kind=Occasion.Kind.OUTING, offer=offer, unit=None, starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes), status=O.HELD,
        place=clean_text(place, field="place", label="stedet", required=False, max_length=200), created_by=actor)
    participation = Participation.objects.create(municipality=citizen.municipality, occasion=occasion,
                                                 citizen=citizen, offer=offer, status=P.ATTENDED, minutes=minutes)
    _audit(actor, participation, Event.PARTICIPATION_CONTACT_RECORDED, citizen, form=Occasion.Kind.OUTING,
           status=P.ATTENDED, minutter=minutes, uden_personale=True)
    return participation


@transaction.atomic
def correct_contact(*, actor: Actor, participation: Participation, kind: str, starts_at: datetime.datetime,
                    minutes: int | None, status: str) -> Participation:
    """Correct what was recorded about a contact (a note's correction). The citizen's own part always
    changes; the occasion's time and form only when the citizen was its only participant."""
    assert participation.citizen is not None  # a note's contact: always a citizen's
    require_write(actor, participation.citizen, perm=PERM)
    current = Participation.objects.select_for_update().select_related("occasion").get(pk=participation.pk)
    occasion = Occasion.objects.select_for_update().get(pk=current.occasion_id)
    _check_kind(kind)
    starts_at = _check_contact_time(starts_at, occasion.municipality)
    if minutes is None or not isinstance(minutes, int) or minutes < 0:
        raise ValidationError({"minutes": "Skriv varigheden i minutter."})
    counted = _check_outcome(status, minutes, minutes)
    shared = occasion.participations.exclude(pk=current.pk).exists()
    if shared and (kind != occasion.kind or starts_at != occasion.starts_at):
        raise ValidationError("Kontakten var en fælles aktivitet med flere deltagere; dens tidspunkt og form "
                              "rettes på aktiviteten, ikke i et notat.")
    before = {"form": occasion.kind, "start": str(occasion.starts_at), "status": current.status,
              "minutter": current.minutes}
    if not shared:
        occasion.kind, occasion.starts_at = kind, starts_at
        occasion.ends_at = starts_at + datetime.timedelta(minutes=counted or minutes or occasion.minutes)
        occasion.version += 1
        occasion.save(update_fields=["kind", "starts_at", "ends_at", "version"])
    current.status, current.minutes = status, counted
    current.version += 1
    current.save(update_fields=["status", "minutes", "version"])
    _settle(occasion)
    _audit(actor, current, Event.PARTICIPATION_CORRECTED, current.citizen, foer=before,
           efter={"form": kind, "start": str(starts_at), "status": status, "minutter": counted})
    return current


# --- the calendar feed -------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_calendar_token(*, actor: Actor) -> str:
    """A new secret calendar address for the actor; any earlier address stops working. Returns the
    token once (only its hash is stored)."""
    principal = require_perm(actor, PERM)
    assert actor.is_authenticated
    revoke_calendar_tokens(actor=actor)
    token = secrets.token_urlsafe(32)
    expires_at = timezone.now() + datetime.timedelta(days=settings.CALENDAR_TOKEN_DAYS)
    row = CalendarToken.objects.create(municipality=principal.municipality, user=actor,
                                       token_hash=token_hash(token), expires_at=expires_at)
    _audit(actor, row, Event.CALENDAR_TOKEN_CREATED, None, udloeber=expires_at.isoformat())
    return token


@transaction.atomic
def revoke_calendar_tokens(*, actor: Actor) -> int:
    principal = principal_of(actor)
    assert actor.is_authenticated
    rows = list(CalendarToken.objects.select_for_update().filter(municipality_id=principal.municipality_id,
                                                                 user=actor, revoked_at__isnull=True))
    now = timezone.now()
    for row in rows:
        row.revoked_at = now
        row.save(update_fields=["revoked_at"])
        _audit(actor, row, Event.CALENDAR_TOKEN_REVOKED, None)
    return len(rows)
