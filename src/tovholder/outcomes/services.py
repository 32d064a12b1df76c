"""Every write of outcome data: keyword-only, takes the acting user, one transaction, audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tovholder.accounts.principals import Actor, StaffPrincipal, principal_of, require_perm
from tovholder.audit.services import record_audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen
from tovholder.plans import services as plan_services
from tovholder.plans.models import Goal, GoalFollowUp

from . import definitions, sources
from .definitions import AreasFrom
from .events import Event
from .models import Instrument, InstrumentVersion, Measurement, Score

EARLIEST = datetime.date(2000, 1, 1)
GAS_KEY = "maalopfyldelse"
NOTE_LIMIT = 2000
GAS_VALUES = (-2, -1, 0, 1, 2)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError({"note": f"Bemærkningen må højst være {NOTE_LIMIT} tegn."})
    return note


def _unit_for(actor: Actor, citizen: Citizen):
    """The actor's unit that works with the citizen, else the actor's first unit."""
    principal = principal_of(actor)
    units = principal.units if isinstance(principal, StaffPrincipal) else []  # only staff work in units
    involved = set(citizen.involvements.filter(ended_on__isnull=True).values_list("unit_id", flat=True))
    return next((u for u in units if u.pk in involved), units[0] if units else None)


def check_answers(version: InstrumentVersion, answers: dict[str, int], *, allowed_keys: set[str] | None = None
                  ) -> dict[str, int]:
    """Validate the answers against the version's definition; returns them with int values."""
    spec = version.spec
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    keys = allowed_keys if allowed_keys is not None else {a.key for a in spec.areas}
    for key, raw in answers.items():
        if raw is None or raw == "":
            continue
        if key not in keys:
            errors.setdefault("__all__", []).append(f"Området '{key}' findes ikke i {spec.name}.")
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors.setdefault(key, []).append("Svaret skal være et helt tal.")
            continue
        if isinstance(raw, float) and raw != value:
            errors.setdefault(key, []).append("Svaret skal være et helt tal.")
            continue
        if not spec.scale_min <= value <= spec.scale_max:
            errors.setdefault(key, []).append(
                f"Svaret skal ligge mellem {spec.scale_min} og {spec.scale_max}; {value} er uden for skalaen.")
            continue
        clean[key] = value
    if not errors:
        if not clean:
            errors["__all__"] = ["Besvar mindst ét område."]
        elif spec.scoring.all_required and spec.areas_from == AreasFrom.DEFINITION and len(clean) < len(spec.areas):
            missing = [a.label for a in spec.areas if a.key not in clean]
            errors["__all__"] = [f"{spec.name} skal besvares helt. Mangler: {'; '.join(missing)}."]
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def record_measurement(
    *,
    actor: Actor,
    citizen: Citizen,
    version: InstrumentVersion,
    measured_on: datetime.date,
    answered_by: str,
    answers: dict[str, int],
    note: str = "",
    replaces: Measurement | None = None,
) -> Measurement:
    """Save a filled-in instrument. A correction passes `replaces`: the old measurement is kept and
    points to the new one; a measurement can be corrected once (a stale correction is refused)."""
    require_write(actor, citizen, perm="outcomes.record_measurement")
    assert actor.is_authenticated
    version = InstrumentVersion.objects.select_related("instrument").get(pk=version.pk)
    instrument = version.instrument
    if instrument.municipality_id not in (None, citizen.municipality_id):
        raise PermissionDenied("Måleredskabet hører til en anden kommune.")
    if not version.current:
        raise ValidationError(
            f"Versionen af {instrument.name} er udgået og kan ikke længere besvares. Åbn skemaet igen for at "
            "bruge den gældende version.")
    if answered_by not in Measurement.AnsweredBy.values:
        raise ValidationError({"answered_by": "Vælg hvem der svarede."})
    today = timezone.localdate()
    if measured_on > today:
        raise ValidationError({"measured_on": "Datoen kan ikke ligge i fremtiden."})
    if measured_on < max(EARLIEST, citizen.birth_date):
        raise ValidationError({"measured_on": "Datoen ligger før borgeren blev født eller før år 2000."})
    note = _clean_note(note)
    goals: dict[str, sources.GoalRef] = {}
    allowed = None
    if version.spec.areas_from == AreasFrom.GOALS:
        goals = {g.key: g for g in sources.goals_for(citizen)}
        allowed = set(goals)
    answers = check_answers(version, answers, allowed_keys=allowed)
    if replaces is not None:
        old = Measurement.objects.select_for_update().filter(pk=replaces.pk, citizen=citizen).first()
        if old is None:
            raise ValidationError("Målingen, der skal rettes, findes ikke for denne borger.")
        if Measurement.objects.filter(replaces=old).exists():
            raise ValidationError("Målingen er allerede rettet af en anden. Se den nye måling og ret den i stedet.")
        if old.version.instrument_id != instrument.pk:
            raise ValidationError("En rettelse skal bruge samme måleredskab.")
    measurement = Measurement(
        municipality=citizen.municipality, citizen=citizen, version=version, measured_on=measured_on,
        answered_by=answered_by, recorded_by=actor, unit=_unit_for(actor, citizen), note=note, replaces=replaces,
    )
    measurement.full_clean()
    measurement.save()
    Score.objects.bulk_create(
        Score(municipality=citizen.municipality, measurement=measurement, area_key=key, value=value,
              area_label=goals[key].text[:300] if key in goals else "",
              goal_id=goals[key].goal_id if key in goals else None)
        for key, value in answers.items()
    )
    record_audit(actor=actor, municipality=citizen.municipality,
                 action=Event.MEASUREMENT_CORRECTED if replaces else Event.MEASUREMENT_RECORDED, obj=measurement,
                 citizen=citizen, detail={"redskab": instrument.key, "version": version.number,
                                          "svar": answers, **({"retter": replaces.pk} if replaces else {})})
    return measurement


def record_goal_attainment(*, actor: Actor, citizen: Citizen, measured_on: datetime.date, attainment: dict[int, int],
                           answered_by: str = Measurement.AnsweredBy.TOGETHER, note: str = "") -> Measurement:
    """Goal attainment (GAS, −2 … +2), per goal id. Only the citizen's active goals are accepted."""
    version = current_gas_version()
    return record_measurement(actor=actor, citizen=citizen, version=version, measured_on=measured_on,
                              answered_by=answered_by, note=note,
                              answers={sources.goal_key(goal_id): value for goal_id, value in attainment.items()})


def current_gas_version() -> InstrumentVersion:
    return InstrumentVersion.objects.select_related("instrument").get(
        instrument__municipality__isnull=True, instrument__key=GAS_KEY, retired_at__isnull=True)


def _check_key_free(municipality, key: str) -> None:
    if Instrument.objects.filter(municipality__isnull=True, key=key).exists():
        raise ValidationError(f"Nøglen '{key}' bruges af et måleredskab, som følger med Tovholder. Vælg en anden "
                              "nøgle i filen.")


@transaction.atomic
def import_instrument(*, actor: Actor, data: dict) -> InstrumentVersion:
    """Import a definition for the actor's municipality: a new instrument, or a new version of one
    the municipality already has (the old version is retired; its measurements keep it)."""
    profile = require_perm(actor, "outcomes.manage_instruments")
    assert actor.is_authenticated
    spec = definitions.parse(data)
    _check_key_free(profile.municipality, spec.key)
    instrument, created = Instrument.objects.select_for_update().get_or_create(
        municipality=profile.municipality, key=spec.key, defaults={"name": spec.name})
    latest = instrument.versions.order_by("-number").first()
    if latest is not None and latest.definition == data:
        raise ValidationError("Filen er magen til den gældende version; der er intet at importere.")
    number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    instrument.versions.filter(retired_at__isnull=True).update(retired_at=now)
    version = InstrumentVersion.objects.create(instrument=instrument, number=number, definition=data,
                                               created_by=actor)
    if instrument.name != spec.name or instrument.retired_at is not None:
        instrument.name = spec.name
        instrument.retired_at = None
        instrument.save(update_fields=["name", "retired_at"])
    record_audit(actor=actor, municipality=profile.municipality, action=Event.INSTRUMENT_IMPORTED, obj=version,
                 detail={"nøgle": spec.key, "version": number, "nyt": created})
    return version


@transaction.atomic
def retire_instrument(*, actor: Actor, instrument: Instrument) -> Instrument:
    """Stop using a municipality's own instrument; its measurements stay."""
    profile = require_perm(actor, "outcomes.manage_instruments")
    if instrument.municipality_id != profile.municipality_id:
        raise PermissionDenied("Kun kommunens egne måleredskaber kan tages ud af brug.")
    current = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if current.retired_at is not None:
        raise ValidationError("Måleredskabet er allerede taget ud af brug.")
    current.retired_at = timezone.now()
    current.save(update_fields=["retired_at"])
    record_audit(actor=actor, municipality=profile.municipality, action=Event.INSTRUMENT_RETIRED, obj=current,
                 detail={"nøgle": current.key})
    return current


@transaction.atomic
def follow_up_goal(*, actor: Actor, goal: Goal, held_on: datetime.date, result: str, learned: str = "",
                   next_on: datetime.date | None = None, version: int | None = None,
                   attainment: int | None = None, level_reached: int | None = None) -> GoalFollowUp:
    """A follow-up on a goal (`plans.services.record_follow_up`) with, optionally, the goal attainment
    scored at it (GAS, −2 … +2) as an outcome measurement — both or neither. The attainment is recorded
    first, while the goal is still active (the follow-up may end it); the follow-up's own rules are
    checked before anything is written, so its messages come first."""
    if attainment is not None:
        if attainment not in GAS_VALUES:
            raise ValidationError({"attainment": "Målopfyldelsen skal være mellem −2 og +2."})
        plan_services.check_follow_up(goal, held_on=held_on, result=result, learned=learned, next_on=next_on,
                                      level_reached=level_reached)
        record_goal_attainment(actor=actor, citizen=goal.citizen, measured_on=held_on,
                               attainment={goal.pk: attainment}, note=f"Opfølgning på mål {goal.pk}")
    return plan_services.record_follow_up(actor=actor, goal=goal, held_on=held_on, result=result, learned=learned,
                                          next_on=next_on, version=version, level_reached=level_reached)
