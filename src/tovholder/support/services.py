"""Every write in support: episodes and their intensity, klippekort, the plan, goals and follow-ups,
appointments and calendar addresses. Keyword-only, the acting user first, one transaction, audited.

Other apps may call: `start_episode`, `change_intensity`, `end_episode`, `return_on_klippekort`,
`add_goal`, `update_goal`, `record_follow_up`, `plan_appointments`.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.accounts.principals import require_same_municipality as _same_municipality
from tovholder.activities import services as activities
from tovholder.activities.ledger import start_of
from tovholder.activities.models import Occasion
from tovholder.audit.services import audit as _audit
from tovholder.audit.services import lock_naming_editor
from tovholder.citizens.gate import check_worker_knows, knows, require_referral, require_write
from tovholder.citizens.models import Citizen, Involvement
from tovholder.layout import formats
from tovholder.layout.dates import check_date
from tovholder.offers.models import Offer
from tovholder.records import check_day, clean_text
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision

from .delivered import klippekort_balance
from .events import Event
from .models import Episode, ExternalPlacement, HomeTakingStep, IntensityChange, Klippekort, Mode

MAX_HOURS_PER_WEEK = Decimal(60)
MAX_KLIPPEKORT_HOURS = Decimal(100)
MAX_KLIPPEKORT_DAYS = 2 * 366
MAX_FOLLOW_UP_DAYS = 2 * 366
MIN_REASON = 5

class BeyondScopeError(ValidationError):
    """An intensity beyond the granted scope: a new decision must be requested from the caseworker."""


# --- checks ------------------------------------------------------------------------------------

def _today() -> datetime.date:
    return timezone.localdate()


def require_support(actor: Actor, citizen: Citizen):
    """The write gate with the support role: need to know, never a break-the-glass grant."""
    return require_write(actor, citizen, perm="support.provide_support")


def _hours(value, *, field: str = "hours_per_week") -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({field: "Skriv et antal timer, fx 2,5."}) from None
    if hours < 0 or hours > MAX_HOURS_PER_WEEK:
        raise ValidationError({field: f"Timer pr. uge skal være mellem 0 og {MAX_HOURS_PER_WEEK}."})
    return hours.quantize(Decimal("0.01"))


# --- episodes ----------------------------------------------------------------------------------

def _offer_usable(offer: Offer, citizen: Citizen) -> bool:
    return Offer.objects.available_to(citizen.municipality).filter(pk=offer.pk).exists()


def _check_scope(episode_offer: Offer, decision, mode: str, hours: Decimal) -> None:
    if mode in (Mode.GROUP, Mode.MIXED) and episode_offer.format == Offer.Format.INDIVIDUAL:
        raise BeyondScopeError({"mode": f"{episode_offer.name} giver kun individuel støtte; gruppebaseret støtte "
                                        "kræver en ny afgørelse."}, code="beyond_scope")
    if decision is not None and decision.hours_per_week is not None and hours > decision.hours_per_week:
        granted = formats.hours(decision.hours_per_week)
        raise BeyondScopeError({"hours_per_week": f"{formats.hours(hours)} timer pr. "
                                                  f"uge ligger ud over bevillingen på {granted} timer pr. uge. Bed "
                                                  "sagsbehandleren om en ny afgørelse."}, code="beyond_scope")


def _check_mode_hours(mode: str, hours: Decimal) -> None:
    if mode not in Mode.values:
        raise ValidationError({"mode": "Vælg en form for støtten."})
    if mode == Mode.PAUSED and hours != 0:
        raise ValidationError({"hours_per_week": "Under en pause er der 0 timer pr. uge."})
    if mode != Mode.PAUSED and hours <= 0:
        raise ValidationError({"hours_per_week": "Skriv hvor mange timer om ugen støtten har (mere end 0)."})


@transaction.atomic
def start_episode(
    *,
    actor: Actor,
    citizen: Citizen,
    offer: Offer,
    started_on: datetime.date,
    hours_per_week,
    mode: str = Mode.INDIVIDUAL,
    worker=None,
    unit=None,
    decision=None,
    direct_help=None,
    klippekort: Klippekort | None = None,
) -> Episode:
    """Start a support episode from a grant, from help without visitation, or on a klippekort.
    A granted or ordered decision is set going (visitation.activate_grant)."""
    profile = require_support(actor, citizen)
    assert actor.is_authenticated
    _same_municipality(actor, decision, direct_help, klippekort, unit)
    worker = worker or actor
    check_worker_knows(worker, citizen)
    if not _offer_usable(offer, citizen) or not offer.active:
        raise ValidationError({"offer": "Tilbuddet kan ikke bruges af borgeren."})
    if started_on is not None and started_on > _today():
        raise ValidationError({"started_on": "Et forløb kan ikke starte i fremtiden. Planlæg en aftale i stedet."})
    check_day(started_on, field="started_on", what="Forløbets start", years_back=citizen.municipality.backdate_years,
              not_before=decision.decided_on if decision is not None and decision.decided_on else None,
              before_what="afgørelsen")
    hours = _hours(hours_per_week)
    _check_mode_hours(mode, hours)
    if mode == Mode.PAUSED:
        raise ValidationError({"mode": "Et forløb kan ikke starte på pause."})

    if decision is not None:
        if decision.citizen_id != citizen.pk or decision.offer_id != offer.pk:
            raise ValidationError({"decision": "Bevillingen gælder en anden borger eller et andet tilbud."})
        if decision.status not in (Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE):
            raise ValidationError({"decision": "Bevillingen er ikke gældende."})
        if decision.episodes.filter(ended_on__isnull=True).exists():
            raise ValidationError({"decision": "Der er allerede et forløb i gang på bevillingen."})
    elif klippekort is not None:
        if klippekort.citizen_id != citizen.pk:
            raise ValidationError({"klippekort": "Klippekortet tilhører en anden borger."})
    elif offer.requires_visitation and direct_help is None:
        raise ValidationError({"offer": f"{offer.name} kræver en bevilling fra en sagsbehandler."})
    if direct_help is not None and direct_help.citizen_id not in (None, citizen.pk):
        raise ValidationError({"direct_help": "Hjælpen er givet til en anden borger."})
    if Episode.objects.filter(citizen=citizen, offer=offer, ended_on__isnull=True).exists():
        raise ValidationError({"offer": "Borgeren har allerede et forløb i gang i dette tilbud."})
    last_end = Episode.objects.filter(citizen=citizen, offer=offer).aggregate(m=Max("ended_on"))["m"]
    if last_end is not None and started_on < last_end:
        # delivered time is counted by offer and day; two episodes in one offer must not overlap
        raise ValidationError({"started_on": f"Borgerens forrige forløb i {offer.name} sluttede "
                                             f"{formats.day(last_end)}; et nyt forløb kan tidligst starte den dag."})
    if decision is not None:
        _check_scope(offer, decision, mode, hours)
    elif mode in (Mode.GROUP, Mode.MIXED) and offer.format == Offer.Format.INDIVIDUAL:
        _check_scope(offer, None, mode, hours)
    unit = unit or offer.unit or profile.first_unit
    episode = Episode.objects.create(
        municipality=citizen.municipality, citizen=citizen, offer=offer, unit=unit, worker=worker,
        decision=decision, direct_help=direct_help, klippekort=klippekort, started_on=started_on, mode=mode,
        hours_per_week=hours, created_by=actor)
    IntensityChange.objects.create(municipality=citizen.municipality, episode=episode, citizen=citizen,
                                   starts_on=started_on, mode=mode, hours_per_week=hours,
                                   reason="Forløbet starter", by=actor)
    _audit(actor, episode, Event.EPISODE_STARTED, citizen, tilbud=offer.name, timer=hours, form=mode,
           kilde=episode.source_display)
    if decision is not None and decision.status in (Decision.Status.GRANTED, Decision.Status.ORDERED):

        visitation.activate_grant(actor=actor, decision=decision, on=started_on)
    return episode


@transaction.atomic
def record_first_meeting(*, actor: Actor, episode: Episode, version: int, met_on: datetime.date,
                         expectations: str) -> Episode:
    """The first meeting and the expectation alignment: what taking part in the support means."""
    require_support(actor, episode.citizen)
    current = lock_naming_editor(Episode, episode, version, "Forløbet")
    expectations = clean_text(expectations, field="expectations", label="hvad I har aftalt om forventningerne",
                         required=True, max_length=4000, min_length=10)
    if met_on > _today():
        raise ValidationError({"met_on": "Mødet kan ikke ligge i fremtiden."})
    if met_on < current.started_on:
        raise ValidationError({"met_on": "Mødet kan ikke ligge før forløbets start."})
    current.first_meeting_on, current.expectations = met_on, expectations
    current.version += 1
    current.save(update_fields=["first_meeting_on", "expectations", "version"])
    _audit(actor, current, Event.EPISODE_FIRST_MEETING, current.citizen, dato=met_on)
    return current


@transaction.atomic
def change_intensity(
    *,
    actor: Actor,
    episode: Episode,
    version: int | None,
    starts_on: datetime.date,
    mode: str,
    hours_per_week,
    reason: str,
) -> IntensityChange:
    """Move the intensity: form and hours from a date, with a reason, within the granted scope.
    Beyond it raises BeyondScopeError (the view then offers `request_more_hours`)."""
    require_support(actor, episode.citizen)
    assert actor.is_authenticated
    current = lock_naming_editor(Episode, episode, version, "Forløbet")
    if current.ended_on is not None:
        raise ValidationError("Forløbet er afsluttet; intensiteten kan ikke ændres.")
    hours = _hours(hours_per_week)
    _check_mode_hours(mode, hours)
    reason = clean_text(reason, field="reason", label="en begrundelse", required=True, max_length=1000,
                   min_length=MIN_REASON)
    last = current.intensity_changes.order_by("-starts_on", "-pk").first()
    if starts_on < current.started_on:
        raise ValidationError({"starts_on": "Ændringen kan ikke ligge før forløbets start."})
    if last is not None and starts_on < last.starts_on:
        raise ValidationError({"starts_on": f"Der er allerede en ændring fra {formats.day(last.starts_on)}; en ny "
                                            "ændring skal ligge samme dag eller senere."})
    if starts_on > _today() + datetime.timedelta(days=90):
        raise ValidationError({"starts_on": "En ændring kan højst planlægges 90 dage frem."})
    if last is not None and last.mode == mode and last.hours_per_week == hours:
        raise ValidationError("Intensiteten er allerede sådan; intet er ændret.")
    _check_scope(current.offer, current.decision, mode, hours)
    change = IntensityChange.objects.create(
        municipality=current.municipality, episode=current, citizen=current.citizen, starts_on=starts_on,
        mode=mode, hours_per_week=hours, reason=reason, by=actor)
    current.mode, current.hours_per_week = mode, hours
    current.version += 1
    current.save(update_fields=["mode", "hours_per_week", "version"])
    _audit(actor, current, Event.EPISODE_INTENSITY_CHANGED, current.citizen, fra=starts_on, form=mode, timer=hours,
           begrundelse=reason)
    return change


def pause_episode(*, actor: Actor, episode: Episode, version: int | None, starts_on: datetime.date, reason: str):
    return change_intensity(actor=actor, episode=episode, version=version, starts_on=starts_on,
                            mode=Mode.PAUSED, hours_per_week=0, reason=reason)


@transaction.atomic
def request_more_hours(*, actor: Actor, episode: Episode, hours_per_week, reason: str):
    """Ask the caseworker for a new decision (prefilled from the current grant) when the support
    needs more than granted. Returns the requested Decision."""
    require_support(actor, episode.citizen)
    if episode.decision_id is None:
        raise ValidationError("Forløbet hviler ikke på en bevilling; der er ingen afgørelse at ændre.")
    hours = _hours(hours_per_week)
    reason = clean_text(reason, field="reason", label="en begrundelse", required=True, max_length=1000,
                   min_length=MIN_REASON)

    assert episode.decision is not None  # decision_id was checked above
    new = visitation.request_change(actor=actor, decision=episode.decision, hours_per_week=hours, reason=reason)
    _audit(actor, episode, Event.EPISODE_MORE_HOURS_REQUESTED, episode.citizen, timer=hours, afgoerelse=new.pk)
    return new


def _klippekort_limits(hours, valid_until: datetime.date | None, ended_on: datetime.date) -> Decimal:
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, TypeError):
        raise ValidationError({"klippekort_hours": "Skriv et antal timer, fx 10."}) from None
    if value <= 0 or value > MAX_KLIPPEKORT_HOURS:
        raise ValidationError({"klippekort_hours": f"Et klippekort har mellem 1 og {MAX_KLIPPEKORT_HOURS} timer."})
    if valid_until is None or valid_until <= ended_on:
        raise ValidationError({"klippekort_valid_until": "Klippekortet skal gælde efter forløbets afslutning."})
    if (valid_until - ended_on).days > MAX_KLIPPEKORT_DAYS:
        raise ValidationError({"klippekort_valid_until": "Et klippekort kan højst gælde i to år."})
    return value.quantize(Decimal("0.1"))


def _check_end(current: Episode, *, ended_on: datetime.date, reason: str, note: str, klippekort_hours,
               klippekort_valid_until: datetime.date | None, allow_future: bool = False):
    """The rules of an end (the provider's own end, or a proposal to the caseworker). Returns the cleaned
    note and the klippekort hours (None: no klippekort)."""
    if current.ended_on is not None:
        raise ValidationError("Forløbet er allerede afsluttet.")
    if reason not in Episode.EndReason.values:
        raise ValidationError({"reason": "Vælg hvorfor forløbet afsluttes."})
    note = clean_text(note, field="note", label="en bemærkning", required=reason == Episode.EndReason.OTHER,
                      max_length=2000)
    if ended_on > _today() and not allow_future:
        raise ValidationError({"ended_on": "Afslutningen kan ikke ligge i fremtiden."})
    if ended_on < current.started_on:
        raise ValidationError({"ended_on": "Afslutningen kan ikke ligge før forløbets start."})
    last_change = current.intensity_changes.order_by("-starts_on").values_list("starts_on", flat=True).first()
    if last_change is not None and ended_on < last_change:
        raise ValidationError({"ended_on": f"Der er en ændring af intensiteten fra {formats.day(last_change)}; "
                                           "afslutningen kan ikke ligge før den."})
    give = klippekort_hours not in (None, "", 0, Decimal(0))
    if give and current.klippekort_id:
        raise ValidationError({"klippekort_hours": "Et forløb på klippekort giver ikke et nyt klippekort."})
    hours = _klippekort_limits(klippekort_hours, klippekort_valid_until, ended_on) if give else None
    return note, hours


def _close(actor: Actor, current: Episode, *, ended_on: datetime.date, reason: str, note: str,
           hours: Decimal | None, klippekort_valid_until: datetime.date | None) -> Episode:
    current.ended_on, current.end_reason, current.end_note = ended_on, reason, note
    current.version += 1
    current.save(update_fields=["ended_on", "end_reason", "end_note", "version"])
    _audit(actor, current, Event.EPISODE_ENDED, current.citizen, slut=ended_on, aarsag=reason)
    activities.cancel_future_participations(actor=actor, citizen=current.citizen, offer=current.offer,
                                            after=start_of(ended_on + datetime.timedelta(days=1)),
                                            reason="Forløbet er afsluttet")
    if hours is not None:
        assert klippekort_valid_until is not None and actor.is_authenticated
        card = Klippekort.objects.create(
            municipality=current.municipality, citizen=current.citizen, from_episode=current, hours=hours,
            valid_from=ended_on, valid_until=klippekort_valid_until, created_by=actor)
        _audit(actor, card, Event.KLIPPEKORT_GIVEN, current.citizen, timer=hours, til=klippekort_valid_until)
    return current


def _under_grant(episode: Episode) -> bool:
    return episode.decision is not None and episode.decision.status == Decision.Status.ACTIVE


@transaction.atomic
def end_episode(
    *,
    actor: Actor,
    episode: Episode,
    version: int | None,
    ended_on: datetime.date,
    reason: str,
    note: str = "",
    klippekort_hours=None,
    klippekort_valid_until: datetime.date | None = None,
) -> Episode:
    """End an episode the provider may end on its own — help without visitation, a klippekort — with the
    reason; optionally give a klippekort. Planned appointments after the end are cancelled. An episode
    under a running grant is not ended here: the provider proposes the end (`propose_end`) and the
    caseworker decides it."""
    require_support(actor, episode.citizen)
    current = lock_naming_editor(Episode, episode, version, "Forløbet")
    if _under_grant(current):
        raise ValidationError("Forløbet hører under en bevilling. Foreslå afslutningen; sagsbehandleren træffer "
                              "afgørelsen og sender brevet.")
    note, hours = _check_end(current, ended_on=ended_on, reason=reason, note=note, klippekort_hours=klippekort_hours,
                             klippekort_valid_until=klippekort_valid_until)
    return _close(actor, current, ended_on=ended_on, reason=reason, note=note, hours=hours,
                  klippekort_valid_until=klippekort_valid_until)


@transaction.atomic
def propose_end(
    *,
    actor: Actor,
    episode: Episode,
    version: int | None,
    ended_on: datetime.date,
    reason: str,
    note: str = "",
    klippekort_hours=None,
    klippekort_valid_until: datetime.date | None = None,
):
    """The provider proposes to end an episode under a grant (reason, date, optionally a klippekort); the
    support goes on until the caseworker decides (visitation.decide_end, which closes the episode)."""
    require_support(actor, episode.citizen)
    current = lock_naming_editor(Episode, episode, version, "Forløbet")
    if not _under_grant(current):
        raise ValidationError("Forløbet hører ikke under en bevilling, der er i gang; afslut det direkte.")
    note, hours = _check_end(current, ended_on=ended_on, reason=reason, note=note, klippekort_hours=klippekort_hours,
                             klippekort_valid_until=klippekort_valid_until, allow_future=True)
    assert current.decision is not None
    return visitation.propose_end(actor=actor, decision=current.decision, end_on=ended_on,
                                  reason=Episode.EndReason(reason).label, reason_code=reason, note=note,
                                  klippekort_hours=hours,
                                  klippekort_valid_until=klippekort_valid_until if hours else None)


def close_for_ended_effort(actor: Actor, decision: Decision, on: datetime.date, proposal) -> None:
    """Registered with visitation.endings: when the caseworker decides an effort's end, its running
    episodes end on that day, with the provider's reason and klippekort from the proposal. (The write
    gate was passed by the caseworker's decision, in this transaction.)"""
    for current in Episode.objects.select_for_update().filter(decision=decision, ended_on__isnull=True):
        reason = proposal.reason_code if proposal and proposal.reason_code in Episode.EndReason.values \
            else Episode.EndReason.GRANT_ENDED
        note = (proposal.note if proposal else "") or f"Afsluttet ved afgørelse: {decision.end_reason}"
        hours = proposal.klippekort_hours if proposal and not current.klippekort_id else None
        _close(actor, current, ended_on=max(on, current.started_on), reason=reason, note=note[:2000], hours=hours,
               klippekort_valid_until=proposal.klippekort_valid_until if hours else None)


@transaction.atomic
def return_on_klippekort(*, actor: Actor, klippekort: Klippekort, on: datetime.date | None = None,
                         hours_per_week=Decimal("1.5"), worker=None) -> Episode:
    """A return within the klippekort's period, in one action: a new episode in the same offer, with the
    same unit and (if possible) the same contact person, drawing on the klippekort's hours."""
    on = on or _today()
    require_support(actor, klippekort.citizen)
    card = Klippekort.objects.select_for_update().select_related("from_episode").get(pk=klippekort.pk)
    if not card.valid_on(on):
        raise ValidationError(f"Klippekortet gælder fra {formats.day(card.valid_from)} til og med "
                              f"{formats.day(card.valid_until)}.")
    if card.episodes.filter(ended_on__isnull=True).exists():
        raise ValidationError("Der er allerede et forløb i gang på klippekortet.")
    if klippekort_balance(card) <= 0:
        raise ValidationError("Klippekortets timer er brugt.")
    previous = card.from_episode
    if worker is None:
        worker = previous.worker if knows(previous.worker, card.citizen) else actor
    episode = start_episode(actor=actor, citizen=card.citizen, offer=previous.offer, started_on=on,
                            hours_per_week=hours_per_week, mode=Mode.INDIVIDUAL, worker=worker,
                            unit=previous.unit, klippekort=card)
    _audit(actor, card, Event.KLIPPEKORT_USED, card.citizen, forloeb=episode.pk)
    return episode


# --- visits ----------------------------------------------------------------------------------

def running_episode(citizen: Citizen, day: datetime.date, worker=None) -> Episode | None:
    """The citizen's episode running on `day` (the worker's own first): the offer a contact on that day
    is delivered under."""
    running = Episode.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id,
                                     started_on__lte=day).exclude(ended_on__lt=day)
    if worker is not None:
        own = running.filter(worker=worker).order_by("-started_on", "-pk").first()
        if own is not None:
            return own
    return running.order_by("-started_on", "-pk").first()


@transaction.atomic
def plan_appointments(
    *,
    actor: Actor,
    citizen: Citizen,
    starts_at: datetime.datetime,
    minutes: int,
    kind: str = Occasion.Kind.HOME_VISIT,
    place: str = "",
    worker=None,
    episode: Episode | None = None,
    repeat_weeks: int = 0,
    every_weeks: int = 1,
    allow_overlap: bool = False,
) -> list[Occasion]:
    """Plan a visit (optionally repeated) with the citizen under the episode's offer — the running
    episode unless one is named — so the time it delivers counts toward the episode."""
    require_support(actor, citizen)
    _same_municipality(actor, episode)
    if episode is not None and (episode.citizen_id != citizen.pk or episode.ended_on is not None):
        raise ValidationError({"episode": "Forløbet hører til en anden borger eller er afsluttet."})
    episode = episode or running_episode(citizen, timezone.localtime(starts_at).date() if timezone.is_aware(
        starts_at) else starts_at.date(), worker or actor) or running_episode(citizen, _today())
    return activities.plan_occasions(
        actor=actor, kind=kind, starts_at=starts_at, minutes=minutes, citizens=[citizen], staff=[worker or actor],
        offer=episode.offer if episode else None, unit=episode.unit if episode else None, place=place,
        repeat_weeks=repeat_weeks, every_weeks=every_weeks, allow_overlap=allow_overlap)


# --- externally bought cases and taking them home (hjemtagning) -----------------------------------

LEAD = "support.view_delivered_hours"  # the team's leader and the managers above it
MAX_PRICE = Decimal("100000000")


def require_home_taking(actor: Actor, unit) -> None:
    """Externally bought cases are the business of the team's leader and the managers of its unit."""
    principal = principal_of(actor)
    if not principal.has_perm(LEAD) or unit is None or unit.pk not in principal.scope_unit_ids:
        raise PermissionDenied("Hjemtagning af eksternt købte sager hører til enhedens leder.")


def _price(value) -> Decimal:
    try:
        price = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({"price": "Skriv prisen i kroner, fx 62500."}) from None
    if not price.is_finite() or price < 0:
        raise ValidationError({"price": "Prisen kan ikke være negativ."})
    if price > MAX_PRICE:
        raise ValidationError({"price": "Prisen er urimeligt høj; skriv den i kroner pr. måned eller pr. år."})
    return price.quantize(Decimal("0.01"))


@transaction.atomic
def register_placement(*, actor: Actor, citizen: Citizen, unit, provider: str, what: str, price, price_unit: str,
                       starts_on: datetime.date | None, ends_on: datetime.date | None = None) -> ExternalPlacement:
    """Register a case the municipality buys externally, to be taken home by the unit. The unit becomes
    involved with the citizen (need to know for the home-taking), as an accepted order would make it."""
    require_home_taking(actor, unit)
    require_referral(actor, citizen, perm=LEAD)
    assert actor.is_authenticated
    _same_municipality(actor, unit)
    provider = clean_text(provider, field="provider", label="leverandøren", required=True, max_length=200,
                          markup=False)
    what = clean_text(what, field="what", label="hvad der købes", required=True, max_length=300, markup=False)
    price = _price(price)
    if price_unit not in ExternalPlacement.PriceUnit.values:
        raise ValidationError({"price_unit": "Vælg om prisen er pr. måned eller pr. år."})
    starts_on = check_day(starts_on, field="starts_on", what="Købet", years_back=citizen.municipality.backdate_years,
                          allow_future=True)
    if ends_on is not None:
        check_date(ends_on, kind="planned", field="ends_on")
        if ends_on < starts_on:
            raise ValidationError({"ends_on": "Slutdatoen kan ikke ligge før starten."})
    placement = ExternalPlacement.objects.create(
        municipality=citizen.municipality, citizen=citizen, unit=unit, provider=provider, what=what, price=price,
        price_unit=price_unit, starts_on=starts_on, ends_on=ends_on, created_by=actor)
    if not Involvement.objects.filter(citizen=citizen, unit=unit, ended_on__isnull=True).exists():
        Involvement.objects.create(municipality=citizen.municipality, citizen=citizen, unit=unit,
                                   started_on=min(_today(), starts_on))
    _audit(actor, placement, Event.PLACEMENT_REGISTERED, citizen, leverandoer=provider, pris=price,
           pr=price_unit, fra=starts_on, til=ends_on)
    return placement


@transaction.atomic
def plan_home_taking(*, actor: Actor, placement: ExternalPlacement, version: int | None,
                     target_on: datetime.date | None, home_offer: Offer | None, hours_per_week,
                     responsible, note: str = "") -> ExternalPlacement:
    """The plan: when the case comes home, to which of the unit's offers, with how many hours a week (the
    team's cost follows from the offer's price) and who is responsible."""
    require_home_taking(actor, placement.unit)
    require_write(actor, placement.citizen, perm=LEAD)
    current = lock_naming_editor(ExternalPlacement, placement, version, "Hjemtagningen")
    if current.taken_home_on is not None:
        raise ValidationError("Sagen er allerede hjemtaget.")
    if target_on is None:
        raise ValidationError({"target_on": "Skriv datoen, sagen skal hjemtages."})
    check_date(target_on, kind="planned", field="target_on")
    if target_on < current.starts_on:
        raise ValidationError({"target_on": "Hjemtagningen kan ikke ligge før købet startede."})
    if home_offer is None or home_offer.unit_id != current.unit_id or not home_offer.active:
        raise ValidationError({"home_offer": "Vælg et af enhedens egne tilbud."})
    hours = None
    if hours_per_week not in (None, ""):
        hours = _hours(hours_per_week)
        if hours <= 0:
            raise ValidationError({"hours_per_week": "Skriv hvor mange timer om ugen (mere end 0)."})
    if home_offer.price_unit == Offer.PriceUnit.HOUR and hours is None:
        raise ValidationError({"hours_per_week": f"{home_offer.name} koster pr. time: skriv timer pr. uge hjemme."})
    if responsible is not None:
        profile = getattr(responsible, "staff", None)
        if profile is None or not profile.units.filter(pk=current.unit_id).exists():
            raise ValidationError({"responsible": "Den ansvarlige skal være medarbejder i enheden."})
    current.target_on, current.home_offer, current.home_hours_per_week = target_on, home_offer, hours
    current.responsible = responsible
    current.plan_note = clean_text(note, field="note", label="om planen", required=False, max_length=2000)
    current.version += 1
    current.save()
    _audit(actor, current, Event.PLACEMENT_HOME_TAKING_PLANNED, current.citizen, maal=target_on, tilbud=home_offer.name,
           timer=hours)
    return current


@transaction.atomic
def add_home_taking_step(*, actor: Actor, placement: ExternalPlacement, text: str,
                         due_on: datetime.date | None) -> HomeTakingStep:
    require_home_taking(actor, placement.unit)
    require_write(actor, placement.citizen, perm=LEAD)
    assert actor.is_authenticated
    if placement.taken_home_on is not None:
        raise ValidationError("Sagen er allerede hjemtaget.")
    text = clean_text(text, field="text", label="trinnet", required=True, max_length=300, min_length=3, markup=False)
    if due_on is None:
        raise ValidationError({"due_on": "Skriv hvornår trinnet senest skal være gjort."})
    check_date(due_on, kind="planned", field="due_on")
    step = HomeTakingStep.objects.create(municipality=placement.municipality, placement=placement,
                                         citizen=placement.citizen, text=text, due_on=due_on, created_by=actor)
    _audit(actor, step, Event.PLACEMENT_STEP_ADDED, placement.citizen, trin=text, senest=due_on)
    return step


@transaction.atomic
def complete_home_taking_step(*, actor: Actor, step: HomeTakingStep, done_on: datetime.date | None = None
                              ) -> HomeTakingStep:
    require_home_taking(actor, step.placement.unit)
    require_write(actor, step.citizen, perm=LEAD)
    current = HomeTakingStep.objects.select_for_update().get(pk=step.pk)
    if current.done_on is not None:
        raise ValidationError("Trinnet er allerede gjort.")
    current.done_on = check_day(done_on or _today(), field="done_on", what="Trinnet",
                                years_back=current.municipality.backdate_years)
    current.save(update_fields=["done_on"])
    _audit(actor, current, Event.PLACEMENT_STEP_DONE, current.citizen, trin=current.text, gjort=current.done_on)
    return current


@transaction.atomic
def record_taken_home(*, actor: Actor, placement: ExternalPlacement, version: int | None,
                      on: datetime.date | None) -> ExternalPlacement:
    """The case is home: the external purchase ends that day (the team's episode starts from its order)."""
    require_home_taking(actor, placement.unit)
    require_write(actor, placement.citizen, perm=LEAD)
    current = lock_naming_editor(ExternalPlacement, placement, version, "Hjemtagningen")
    if current.taken_home_on is not None:
        raise ValidationError("Sagen er allerede hjemtaget.")
    if current.home_offer_id is None:
        raise ValidationError("Læg først en plan for hjemtagningen (tilbud og timer), så besparelsen kan ses.")
    on = check_day(on, field="on", what="Hjemtagningen", years_back=current.municipality.backdate_years,
                   not_before=current.starts_on, before_what="købet startede")
    current.taken_home_on = on
    if current.ends_on is None or current.ends_on > on:
        current.ends_on = on
    current.version += 1
    current.save()
    _audit(actor, current, Event.PLACEMENT_TAKEN_HOME, current.citizen, dato=on)
    return current
