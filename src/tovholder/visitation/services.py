"""Every write in visitation: one service per transition, audited in the same transaction.

No transition is possible from a wrong state; records carry a version so two caseworkers deciding
the same case at once cannot both win.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, StaffPrincipal, principal_of, require_perm, require_same_municipality
from tovholder.audit.services import audit as _audit
from tovholder.citizens import services as citizen_services
from tovholder.citizens.cpr import clean_cpr
from tovholder.citizens.gate import NO_PERMISSION, OUTSIDE_NEED_TO_KNOW, knows, require_referral, require_write
from tovholder.citizens.models import Citizen, Involvement
from tovholder.layout import formats
from tovholder.layout.dates import check_date
from tovholder.offers import ffb
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer
from tovholder.records import check_day, clean_text
from tovholder.records import lock_version as _lock

from . import endings, letters, outbox
from .capacity import need_of
from .deadlines import deadline_for
from .events import Event
from .models import (
    Assessment,
    Case,
    CaseNote,
    CaseStatusChange,
    ConditionScore,
    DeadlineNotice,
    Decision,
    DirectHelp,
    EffortFollowUp,
    EndProposal,
    Letter,
    Need,
    Order,
    Request,
    RoutingRule,
    ServiceChange,
    Source,
    Urgency,
    WaitlistEntry,
)

S = Decision.Status
MIN_REASONS = 20
MAX_HOURS = Decimal(60)
MAX_CONDITIONS = 100


def _today() -> datetime.date:
    return timezone.localdate()


CASES = "visitation.handle_cases"


def _require_grant_keeper(actor: Actor, decision: Decision) -> None:
    """Starting and ending a grant: the caseworker, or the provider's worker who gives the support —
    in both cases with need to know of the citizen."""
    principal = require_write(actor, decision.citizen)
    if not (principal.has_perm(CASES) or principal.has_perm("support.provide_support")):
        raise PermissionDenied(NO_PERMISSION)


def _day(day: datetime.date | None, municipality, *, field: str, what: str, not_before=None, before_what="",
         allow_future=False) -> datetime.date:
    """A date as it happened, as far back as the municipality allows (records.check_day)."""
    return check_day(day, field=field, what=what, years_back=municipality.backdate_years, not_before=not_before,
                     before_what=before_what, allow_future=allow_future)


def _not_future(day: datetime.date, field: str, what: str, municipality) -> None:
    _day(day, municipality, field=field, what=what)


# --- requests and help without visitation -------------------------------------------------------

@transaction.atomic
def register_request(
    *, actor: Actor, source: str, asks_for: str, received_on: datetime.date, urgency: str = Urgency.NORMAL,
    citizen: Citizen | None = None, new_citizen: dict | None = None, anonymous_label: str = "",
    requester_name: str = "", offer_wanted: Offer | None = None, cpr_given: str = "", name_given: str = "",
) -> Request:
    """A request for help. The citizen may be known, created here, or (for offers without
    visitation) anonymous. A CPR number the registering role may not link (`cpr_given`, with the name as
    told) goes with the request to the caseworkers, who identify the citizen."""
    profile = require_referral(actor, citizen, perm="visitation.register_requests")
    assert actor.is_authenticated
    check_date(received_on, born=citizen.birth_date if citizen else None, field="received_on")
    _not_future(received_on, "received_on", "Modtagelsesdatoen", profile.municipality)
    if offer_wanted is not None and not _offer_available_to(offer_wanted, profile.municipality):
        raise ValidationError({"offer_wanted": "Tilbuddet findes ikke i kommunens katalog."})
    if new_citizen:
        if not actor.has_perm("accounts.manage_citizens"):
            raise ValidationError("Din rolle kan ikke oprette nye borgere. Registrér henvendelsen anonymt, eller "
                                  "send borgeren videre til Social Vejledning.")
        citizen = citizen_services.create_citizen(actor=actor, **new_citizen, known_from=received_on)
    anonymous_label = anonymous_label.strip()
    cpr_given = clean_cpr(cpr_given) if cpr_given and citizen is None else ""
    if cpr_given and not anonymous_label:
        anonymous_label = CPR_LABEL
    if citizen is None:
        if not anonymous_label:
            raise ValidationError("Vælg en borger, opret en ny, eller giv en anonym henvendelse en betegnelse.")
        if offer_wanted is not None and offer_wanted.requires_visitation:
            raise ValidationError({"offer_wanted": "Et tilbud, der kræver visitation, kan ikke søges anonymt."})
    request = Request(municipality=profile.municipality, citizen=citizen, anonymous_label=anonymous_label,
                      source=source, requester_name=requester_name.strip(), asks_for=asks_for.strip(),
                      urgency=urgency, received_on=received_on, received_by=actor, offer_wanted=offer_wanted,
                      cpr_given=cpr_given, name_given=name_given.strip()[:200] if cpr_given else "")
    request.full_clean()
    request.save()
    _audit(actor, request, Event.REQUEST_REGISTERED, citizen, kilde=source, hast=urgency)
    return request


CPR_LABEL = "Borger med oplyst CPR-nummer"


def _offer_available_to(offer: Offer, municipality) -> bool:
    return Offer.objects.available_to(municipality).filter(pk=offer.pk).exists()


@transaction.atomic
def give_direct_help(
    *, actor: Actor, offer: Offer, given_on: datetime.date, minutes: int, note: str = "",
    citizen: Citizen | None = None, anonymous_label: str = "", request: Request | None = None,
    cpr_given: str = "",
) -> DirectHelp:
    """Help at once, without a case or a decision (Holbæk model). A CPR number the worker may not link
    (`cpr_given`) is handed to the caseworkers as a request carrying the help; they identify the citizen."""
    profile = require_referral(actor, citizen, perm="visitation.give_direct_help")
    assert actor.is_authenticated
    require_same_municipality(actor, request)
    if not _offer_available_to(offer, profile.municipality):
        raise ValidationError({"offer": "Tilbuddet findes ikke i kommunens katalog."})
    if offer.requires_visitation:
        raise ValidationError({"offer": "Dette tilbud kræver visitation. Opret en sag i stedet."})
    check_date(given_on, born=citizen.birth_date if citizen else None, field="given_on")
    _not_future(given_on, "given_on", "Datoen", profile.municipality)
    if not 1 <= minutes <= 12 * 60:
        raise ValidationError({"minutes": "Varigheden skal være mellem 1 minut og 12 timer."})
    cpr_given = clean_cpr(cpr_given) if cpr_given and citizen is None else ""
    if cpr_given and not anonymous_label.strip():
        anonymous_label = CPR_LABEL
    if citizen is None and not anonymous_label.strip():
        raise ValidationError("Vælg borgeren eller giv en anonym betegnelse (fx 'Kvinde ca. 40 år').")
    help_ = DirectHelp(municipality=profile.municipality, citizen=citizen, anonymous_label=anonymous_label.strip(),
                       request=request, offer=offer, given_on=given_on, minutes=minutes, note=note.strip(),
                       worker=actor)
    help_.full_clean()
    help_.save()
    if request is not None and request.status == Request.Status.OPEN:
        request.status = Request.Status.DIRECT_HELP
        request.version += 1
        request.save(update_fields=["status", "version"])
    _audit(actor, help_, Event.DIRECT_HELP_GIVEN, citizen, tilbud=offer.name, minutter=minutes)
    if cpr_given:
        if request is None:
            _cpr_to_caseworkers(actor, help_, cpr_given)
        elif not request.cpr_given and request.citizen_id is None:
            Request.objects.filter(pk=request.pk).update(cpr_given=cpr_given, version=F("version") + 1)
    return help_


def _cpr_to_caseworkers(actor: Actor, help_: DirectHelp, cpr: str) -> Request:
    """Help given to someone who told their CPR number, which the worker may not link: an open request
    for the caseworkers carrying the help and the number, to identify the citizen (the help follows)."""
    assert actor.is_authenticated
    carried = _carried(DirectHelp.objects.filter(pk=help_.pk))
    text = f"Hjælp uden visitation til en borger, der oplyste sit CPR-nummer:\n{carried}"
    request = Request.objects.create(
        municipality=help_.municipality, anonymous_label=help_.anonymous_label or CPR_LABEL, source=Source.STAFF,
        requester_name=actor.get_full_name(), asks_for=text[:4000], received_on=help_.given_on, received_by=actor,
        cpr_given=cpr)
    DirectHelp.objects.filter(pk=help_.pk).update(request=request)
    _audit(actor, request, Event.REQUEST_REGISTERED, None, kilde=Source.STAFF, hjælp=help_.pk)
    return request


@transaction.atomic
def escalate(*, actor: Actor, direct_help: DirectHelp, caseworker, citizen: Citizen | None = None,
             new_citizen: dict | None = None) -> Case | Request:
    """When help without visitation turns complex: one action makes it a case for a caseworker,
    carrying what was recorded (all of the citizen's help not yet escalated). A person not yet
    registered is created from their CPR number and name by a role that may create citizens; anyone
    else hands the help over as a request, with what the person told, for the caseworker to register."""
    require_same_municipality(actor, direct_help, citizen)
    current = DirectHelp.objects.select_for_update(of=("self",)).select_related("request").get(pk=direct_help.pk)
    if current.escalated_to_id:
        raise ValidationError("Hjælpen er allerede sendt videre til en sag.")
    citizen = current.citizen or citizen
    require_referral(actor, citizen, perm="visitation.give_direct_help")
    if current.worker_id != actor.pk and citizen is not None and not knows(actor, citizen):
        # escalating is the giver's referral; anyone else needs to know the citizen
        raise PermissionDenied(OUTSIDE_NEED_TO_KNOW)
    if not caseworker.has_perm(CASES):
        raise ValidationError("Den valgte medarbejder er ikke sagsbehandler.")
    require_same_municipality(actor, principal_of(caseworker))
    if citizen is None and new_citizen and actor.has_perm("accounts.manage_citizens"):
        citizen = citizen_services.create_citizen(actor=actor, **new_citizen, known_from=current.given_on)
    if citizen is None:
        return _hand_over(actor, current, new_citizen or {})
    earlier = DirectHelp.objects.filter(municipality=current.municipality, escalated_to__isnull=True).filter(
        citizen=citizen) | DirectHelp.objects.filter(pk=current.pk)
    case = _open_case(actor=actor, citizen=citizen, caseworker=caseworker, request=current.request,
                      wishes="", note=f"Oprettet fra hjælp uden visitation:\n{_carried(earlier)}")
    earlier.update(escalated_to=case, citizen=citizen)
    _audit(actor, case, Event.DIRECT_HELP_ESCALATED, citizen, hjælp=current.pk)
    return case


def _carried(helps) -> str:
    return "\n".join(f"{formats.day(h.given_on)} · {h.offer.name} · {h.minutes} min: {h.note}"
                     for h in helps.select_related("offer").order_by("given_on", "pk"))


def _hand_over(actor: Actor, current: DirectHelp, given: dict) -> Request:
    """Anonymous help for someone this role may not register: an open request for the caseworkers,
    carrying the help and what the person told (CPR number, name), to register them and open the case."""
    assert actor.is_authenticated
    cpr = clean_cpr(given["cpr"]) if given.get("cpr") else ""
    name = " ".join(filter(None, [given.get("first_name", "").strip(), given.get("last_name", "").strip()]))[:200]
    request = current.request
    if request is not None and request.status == Request.Status.OPEN and request.source == Source.STAFF:
        raise ValidationError("Hjælpen er allerede sendt videre til sagsbehandlerne som en henvendelse.")
    text = f"Hjælp uden visitation, der skal blive en sag:\n{_carried(DirectHelp.objects.filter(pk=current.pk))}"
    request = Request.objects.create(
        municipality=current.municipality, anonymous_label=current.anonymous_label or "Ikke registreret",
        source=Source.STAFF, requester_name=actor.get_full_name(), asks_for=text[:4000], offer_wanted=None,
        received_on=_today(), received_by=actor, cpr_given=cpr, name_given=name)
    DirectHelp.objects.filter(pk=current.pk).update(request=request)
    _audit(actor, request, Event.REQUEST_REGISTERED, None, kilde=Source.STAFF, hjælp=current.pk)
    return request


@transaction.atomic
def identify_request_citizen(*, actor: Actor, request: Request, version: int | None, cpr: str, first_name: str = "",
                             last_name: str = "") -> Request:
    """Name the citizen of an anonymous request by CPR number: the registered citizen, or — by a role that
    may create citizens — a new one. The request's help without visitation follows the citizen."""
    require_perm(actor, "visitation.register_requests")
    current = _lock(Request, request, version)
    if current.citizen_id:
        raise ValidationError("Henvendelsen har allerede en borger.")
    number = clean_cpr(cpr)
    citizen = Citizen.objects.filter(municipality=current.municipality, cpr=number).first()
    if not (actor.has_perm("accounts.break_glass") or actor.has_perm("accounts.manage_citizens")
            or knows(actor, citizen)):
        # a role that may not learn whether the number is a citizen: kept as told, for the caseworkers –
        # the same answer whether or not anyone has it
        current.cpr_given = number
        current.name_given = " ".join(filter(None, [first_name.strip(), last_name.strip()]))[:200]
        current.version += 1
        current.save(update_fields=["cpr_given", "name_given", "version"])
        _audit(actor, current, Event.REQUEST_CPR_GIVEN, None)
        return current
    if citizen is None:
        if not actor.has_perm("accounts.manage_citizens"):
            raise ValidationError("Der findes ingen borger med dette CPR-nummer, og din rolle kan ikke oprette "
                                  "borgere.")
        citizen = citizen_services.create_citizen(actor=actor, cpr=number, first_name=first_name,
                                                  last_name=last_name, known_from=current.received_on)
    require_referral(actor, citizen, perm="visitation.register_requests")
    current.citizen, current.cpr_given, current.name_given = citizen, "", ""
    current.version += 1
    current.save(update_fields=["citizen", "cpr_given", "name_given", "version"])
    DirectHelp.objects.filter(request=current, citizen__isnull=True).update(citizen=citizen)
    _audit(actor, current, Event.REQUEST_CITIZEN_IDENTIFIED, citizen)
    return current


# --- cases and assessments ---------------------------------------------------------------------

def _casework_unit(caseworker) -> Unit | None:
    principal = principal_of(caseworker)
    units = principal.units if isinstance(principal, StaffPrincipal) else []  # only staff work in units
    return next((u for u in units if u.kind == Unit.Kind.CASEWORK), None)


MAX_CASE_NUMBER = 40


def _case_number(number: str, municipality) -> str:
    number = clean_text(number, field="number", label="sagsnummeret", required=False, max_length=MAX_CASE_NUMBER)
    if number and Case.objects.filter(municipality=municipality, number=number).exists():
        raise ValidationError({"number": f"Sagsnummeret {number} er allerede brugt i kommunen."})
    return number


def _open_case(*, actor: Actor, citizen, caseworker, request, wishes, note="", opened_on=None, number="") -> Case:
    municipality = citizen.municipality
    opened_on = _day(opened_on or (request.received_on if request else _today()), municipality, field="opened_on",
                     what="Sagens oprettelse", not_before=request.received_on if request else None,
                     before_what="henvendelsen blev modtaget")
    case = Case(municipality=municipality, citizen=citizen, request=request, caseworker=caseworker,
                opened_on=opened_on, citizen_wishes=wishes.strip(), number=_case_number(number, municipality))
    case.full_clean()
    case.save()
    if not case.number:  # the municipality's own number, or one of ours: year and a running number
        case.number = f"{opened_on.year}-{case.pk:06d}"
        case.save(update_fields=["number"])
    unit = _casework_unit(caseworker)
    if unit and not Involvement.objects.filter(citizen=citizen, unit=unit, worker=caseworker,
                                               ended_on__isnull=True).exists():
        Involvement.objects.create(municipality=municipality, citizen=citizen, unit=unit,
                                   worker=caseworker, started_on=opened_on)
    if request is not None:
        Request.objects.filter(pk=request.pk).update(status=Request.Status.CASE, version=request.version + 1)
        # help without visitation handed over with the request goes with it into the case
        DirectHelp.objects.filter(request=request, escalated_to__isnull=True).update(escalated_to=case,
                                                                                    citizen=citizen)
    _audit(actor, case, Event.CASE_OPENED, citizen, sagsbehandler=caseworker.pk, note=note)
    return case


@transaction.atomic
def open_case(*, actor: Actor, citizen: Citizen, request: Request | None = None, citizen_wishes: str = "",
              opened_on: datetime.date | None = None, number: str = "") -> Case:
    """A case for the acting caseworker. Taking a request for the citizen into casework is a referral
    (the caseworker may not know the citizen yet); otherwise the caseworker must know the citizen."""
    if request is not None:
        require_referral(actor, citizen, perm=CASES)
        require_same_municipality(actor, request)
        if request.citizen_id != citizen.pk:
            raise ValidationError("Henvendelsen gælder en anden borger.")
    else:
        require_write(actor, citizen, perm=CASES)
    if Case.objects.filter(citizen=citizen, status=Case.Status.OPEN).exists():
        raise ValidationError("Borgeren har allerede en åben sag.")
    return _open_case(actor=actor, citizen=citizen, caseworker=actor, request=request, wishes=citizen_wishes,
                      opened_on=opened_on, number=number)


def _target_groups() -> set[str]:
    return {c.code for c in ffb.leaves("Målgruppe")}


@transaction.atomic
def record_target_groups(*, actor: Actor, case: Case, version: int, primary: str, others: list[str]) -> Case:
    """The case's target groups from FFB (KL's national reporting names them): one primary, any others."""
    require_write(actor, case.citizen, perm=CASES)
    known = _target_groups()
    others = [code for code in dict.fromkeys(others or []) if code]
    if primary and primary not in known or any(code not in known for code in others):
        raise ValidationError({"primary": "Vælg målgrupper fra FFB's liste."})
    if others and not primary:
        raise ValidationError({"primary": "Vælg den primære målgruppe først."})
    current = _lock(Case, case, version)
    if current.status != Case.Status.OPEN:
        raise ValidationError("Sagen er lukket.")
    before = [current.primary_target_group, *current.target_groups]
    current.primary_target_group, current.target_groups = primary, [c for c in others if c != primary]
    current.version += 1
    current.save(update_fields=["primary_target_group", "target_groups", "version"])
    _audit(actor, current, Event.CASE_TARGET_GROUPS_RECORDED, current.citizen, foer=before,
           efter=[primary, *current.target_groups])
    return current


@transaction.atomic
def record_wishes_and_needs(*, actor: Actor, case: Case, version: int, citizen_wishes: str, needs: list[str]) -> Case:
    require_write(actor, case.citizen, perm=CASES)
    unknown = set(needs) - set(Need.values)
    if unknown:
        raise ValidationError({"needs": "Ukendt behov."})
    current = _lock(Case, case, version)
    if current.status != Case.Status.OPEN:
        raise ValidationError("Sagen er lukket.")
    current.citizen_wishes = citizen_wishes.strip()
    current.needs = sorted(set(needs))
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, current, Event.CASE_WISHES_RECORDED, current.citizen, behov=",".join(current.needs))
    return current


def _activity_conditions() -> set[str]:
    return {c.code for c in ffb.under("Aktivitet og deltagelse")}


def _leaf_conditions() -> set[str]:
    return {c.code for c in ffb.under("FFB tilstande") if len(c.path) >= 3}


def _support_needs() -> set[str]:
    return {c.code for c in ffb.under("Støttebehovsniveau")}


@transaction.atomic
def record_assessment(
    *, actor: Actor, case: Case, assessed_on: datetime.date, scores: list[dict], summary: str = "",
    support_need: str = "",
) -> Assessment:
    """Assess functioning on FFB conditions. VUM: conditions under "Aktivitet og deltagelse" carry a
    functional level 0–4; others may. The overall support need is FFB's støttebehovsniveau."""
    require_write(actor, case.citizen, perm=CASES)
    assert actor.is_authenticated
    _day(assessed_on, case.municipality, field="assessed_on", what="Udredningen", not_before=case.opened_on,
         before_what="sagen blev oprettet")
    if not scores:
        raise ValidationError("Vurdér mindst én tilstand.")
    if len(scores) > MAX_CONDITIONS:
        raise ValidationError(f"En udredning kan højst have {MAX_CONDITIONS} tilstande.")
    if support_need and support_need not in _support_needs():
        raise ValidationError({"support_need": "Vælg et støttebehov fra FFB's liste."})
    summary = clean_text(summary, field="summary", label="sammenfatningen", required=False, max_length=4000)
    leaf, activity, needs = _leaf_conditions(), _activity_conditions(), _support_needs()
    seen = set()
    errors = []
    for row in scores:
        code, level = row["condition"], row.get("functional_level")
        name = ffb.display(code) or code
        if code not in leaf:
            errors.append(f"'{name}' er ikke en FFB-tilstand.")
        elif code in seen:
            errors.append(f"'{name}' er vurderet to gange.")
        elif level is None and code in activity:
            errors.append(f"'{name}' hører under Aktivitet og deltagelse og skal have et funktionsevneniveau (0–4).")
        elif level is not None and not 0 <= level <= 4:
            errors.append(f"Funktionsevneniveauet for '{name}' skal være mellem 0 og 4.")
        elif row.get("support_need") and row["support_need"] not in needs:
            errors.append(f"Støttebehovet for '{name}' er ikke et FFB-støttebehovsniveau.")
        seen.add(code)
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(municipality=case.municipality, case=case, citizen=case.citizen,
                                           assessed_on=assessed_on, assessed_by=actor, summary=summary,
                                           support_need=support_need)
    ConditionScore.objects.bulk_create(
        ConditionScore(municipality=case.municipality, assessment=assessment, condition=row["condition"],
                       functional_level=row.get("functional_level"), support_need=row.get("support_need") or "",
                       note=(row.get("note") or "").strip()[:1000])
        for row in scores)
    _audit(actor, assessment, Event.ASSESSMENT_RECORDED, case.citizen, tilstande=len(scores))
    return assessment


# --- decisions ---------------------------------------------------------------------------------

@transaction.atomic
def request_offer(*, actor: Actor, case: Case, offer: Offer, requested_on: datetime.date | None = None) -> Decision:
    """The case asks for an offer: a decision is now due, with the offer's deadline."""
    require_write(actor, case.citizen, perm=CASES)
    if not _offer_available_to(offer, case.municipality):
        raise ValidationError({"offer": "Tilbuddet findes ikke i kommunens katalog."})
    if not offer.grantable:
        raise ValidationError({"offer": "Tilbuddet bruges uden visitation, og kommunen har ikke valgt, at det også "
                                        "kan bevilges formelt."})
    if case.status != Case.Status.OPEN:
        raise ValidationError("Sagen er lukket.")
    requested_on = _day(requested_on or _today(), case.municipality, field="requested_on", what="Ansøgningen",
                        not_before=case.request.received_on if case.request is not None else None,
                        before_what="henvendelsen blev modtaget")
    if Decision.objects.filter(case=case, offer=offer, status=S.REQUESTED).exists():
        raise ValidationError({"offer": "Der er allerede en ansøgning om dette tilbud på sagen."})
    decision = Decision.objects.create(municipality=case.municipality, case=case, citizen=case.citizen, offer=offer,
                                       requested_on=requested_on, deadline_on=deadline_for(offer, requested_on))
    _audit(actor, decision, Event.DECISION_REQUESTED, case.citizen, tilbud=offer.name, frist=decision.deadline_on)
    return decision


def _check_decided_on(decision: Decision, decided_on: datetime.date) -> None:
    _day(decided_on, decision.municipality, field="decided_on", what="Afgørelsen", not_before=decision.requested_on,
         before_what="ansøgningen")


def _check_reasons(reasons: str) -> str:
    reasons = reasons.strip()
    if len(reasons) < MIN_REASONS:
        raise ValidationError({"reasons": f"Skriv en begrundelse på mindst {MIN_REASONS} tegn; borgeren har krav "
                                          "på at vide, hvorfor afgørelsen er truffet."})
    return reasons


@transaction.atomic
def grant(
    *, actor: Actor, decision: Decision, version: int, start_on: datetime.date, review_on: datetime.date,
    reasons: str, decided_on: datetime.date | None = None, hours_per_week: Decimal | None = None,
    goals: str = "", priority: int = WaitlistEntry.Priority.NORMAL, services: list[str] | tuple = (),
) -> Decision:
    """Grant the offer. When it is full, the citizen goes on its waitlist."""
    require_write(actor, decision.citizen, perm=CASES)
    current = _lock(Decision, decision, version)
    if current.status != S.REQUESTED:
        raise ValidationError(f"Der er allerede truffet afgørelse ({current.get_status_display().lower()}).")
    decided_on = decided_on or _today()
    _check_decided_on(current, decided_on)
    if start_on < decided_on:
        raise ValidationError({"start_on": "Starten kan ikke ligge før afgørelsen."})
    if review_on <= start_on:
        raise ValidationError({"review_on": "Opfølgningen skal ligge efter starten."})
    check_date(review_on, kind="planned", field="review_on")
    offer = current.offer
    if offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS:
        if hours_per_week is None or hours_per_week <= 0:
            raise ValidationError({"hours_per_week": "Angiv et positivt antal timer pr. uge."})
        if hours_per_week > MAX_HOURS:
            raise ValidationError({"hours_per_week": f"Mere end {MAX_HOURS} timer pr. uge er ikke muligt her."})
    elif hours_per_week is not None and hours_per_week <= 0:
        raise ValidationError({"hours_per_week": "Timer pr. uge skal være et positivt tal."})
    current.status = S.GRANTED
    current.services = _services(services or offer.grant_services)  # none chosen: the offer's own services
    current.hours_per_week = hours_per_week
    current.start_on, current.review_on = start_on, review_on
    current.reasons = _check_reasons(reasons)
    current.goals = goals.strip()
    current.decided_on, current.decided_by = decided_on, actor
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, current, Event.DECISION_GRANTED, current.citizen, timer=hours_per_week, start=start_on)
    capacity, need = capacity_for(offer, current.municipality, lock=True), need_of(offer, hours_per_week)
    if not capacity.has_room_for(need):
        _put_on_waitlist(actor, current, priority, capacity.no_room_reason(need))
    return current


def _services(codes) -> list[str]:
    codes = [c for c in dict.fromkeys(codes or []) if c]
    if any(not ffb.is_leaf_in(code, "Ydelse") for code in codes):
        raise ValidationError({"services": "Vælg ydelser fra FFB's liste."})
    return codes


@transaction.atomic
def change_services(*, actor: Actor, decision: Decision, version: int | None, starts_on: datetime.date,
                    services: list[str], reason: str) -> ServiceChange:
    """The effort's services change from a date (e.g. from one activity to another in the same offer)."""
    require_write(actor, decision.citizen, perm=CASES)
    assert actor.is_authenticated
    current = _lock(Decision, decision, version)
    if not current.in_force:
        raise ValidationError("Indsatsen er ikke i kraft; dens ydelser kan ikke ændres.")
    codes = _services(services)
    if not codes:
        raise ValidationError({"services": "Vælg mindst én ydelse."})
    if codes == current.services:
        raise ValidationError({"services": "Ydelserne er de samme som nu; intet er ændret."})
    last = current.service_changes.order_by("-starts_on", "-pk").values_list("starts_on", flat=True).first()
    starts_on = _day(starts_on, current.municipality, field="starts_on", what="Ændringen",
                     not_before=max(filter(None, [current.decided_on, last])) if current.decided_on else None,
                     before_what="afgørelsen eller den forrige ændring", allow_future=True)
    reason = clean_text(reason, field="reason", label="en begrundelse", required=True, max_length=1000, min_length=5)
    change = ServiceChange.objects.create(municipality=current.municipality, decision=current,
                                          citizen=current.citizen, starts_on=starts_on, services=codes, reason=reason,
                                          by=actor)
    before = current.services
    current.services = codes
    current.version += 1
    current.save(update_fields=["services", "version"])
    _audit(actor, change, Event.DECISION_SERVICES_CHANGED, current.citizen, fra=starts_on, foer=before, efter=codes)
    return change


def _effort_statuses() -> set[str]:
    return {c.code for c in ffb.under("Status på indsats")}


@transaction.atomic
def follow_up_effort(*, actor: Actor, decision: Decision, held_on: datetime.date, status: str, note: str = "",
                     next_on: datetime.date | None = None) -> EffortFollowUp:
    """The authority's follow-up on an effort, with FFB's status (continue; end; end and re-assess). A
    follow-up that continues the effort sets its next follow-up date."""
    require_write(actor, decision.citizen, perm=CASES)
    assert actor.is_authenticated
    if not decision.in_force:
        raise ValidationError("Indsatsen er ikke i kraft.")
    if status not in _effort_statuses():
        raise ValidationError({"status": "Vælg status på indsatsen fra FFB."})
    held_on = _day(held_on, decision.municipality, field="held_on", what="Opfølgningen",
                   not_before=decision.decided_on, before_what="afgørelsen")
    continues = ffb.display(status).startswith("Træf afgørelse om fortsættelse")
    if continues and next_on is None:
        raise ValidationError({"next_on": "Vælg datoen for næste opfølgning, når indsatsen fortsætter."})
    if next_on is not None and next_on <= held_on:
        raise ValidationError({"next_on": "Næste opfølgning skal ligge efter denne."})
    check_date(next_on, kind="planned", field="next_on")
    note = clean_text(note, field="note", label="hvad opfølgningen viste", required=False, max_length=4000)
    current = _lock(Decision, decision, None)
    row = EffortFollowUp.objects.create(municipality=current.municipality, decision=current,
                                        citizen=current.citizen, held_on=held_on, status=status, note=note,
                                        next_on=next_on, by=actor)
    if next_on is not None:
        current.review_on = next_on
        current.version += 1
        current.save(update_fields=["review_on", "version"])
    _audit(actor, row, Event.DECISION_FOLLOWED_UP, current.citizen, status=ffb.display(status), naeste=next_on)
    return row


def _put_on_waitlist(actor: Actor, decision: Decision, priority: int, reason: str) -> WaitlistEntry:
    entry = WaitlistEntry.objects.create(
        municipality=decision.municipality, decision=decision, offer=decision.offer, citizen=decision.citizen,
        priority=priority, added_on=decision.decided_on or _today(), reason=reason)
    _audit(actor, entry, Event.WAITLIST_ADDED, decision.citizen, tilbud=decision.offer.name)
    return entry


@transaction.atomic
def place_on_waitlist(*, actor: Actor, decision: Decision, priority: int = WaitlistEntry.Priority.NORMAL,
                      reason: str = "", added_on: datetime.date | None = None) -> WaitlistEntry:
    """Put a granted decision on its offer's waitlist although the offer may have room: an entry brought over
    from the system the municipality used before (conversion), dated the day it was written up there."""
    require_write(actor, decision.citizen, perm=CASES)
    current = _lock(Decision, decision, None)
    if current.status != S.GRANTED:
        raise ValidationError("Kun en bevilget afgørelse, der ikke er sat i gang, kan stå på venteliste.")
    if WaitlistEntry.objects.filter(decision=current).exists():
        raise ValidationError("Afgørelsen står allerede på ventelisten.")
    if priority not in WaitlistEntry.Priority.values:
        raise ValidationError({"priority": "Vælg en prioritet: haster eller almindelig."})
    reason = clean_text(reason, field="reason", label="årsagen", required=False, max_length=500)
    added_on = _day(added_on or current.decided_on, current.municipality, field="added_on",
                    what="Datoen for optagelse på ventelisten", not_before=current.decided_on,
                    before_what="afgørelsen")
    entry = WaitlistEntry.objects.create(
        municipality=current.municipality, decision=current, offer=current.offer, citizen=current.citizen,
        priority=priority, added_on=added_on, reason=reason)
    _audit(actor, entry, Event.WAITLIST_ADDED, current.citizen, tilbud=current.offer.name, fra=added_on)
    return entry


@transaction.atomic
def refuse(*, actor: Actor, decision: Decision, version: int, reasons: str, decided_on: datetime.date | None = None
           ) -> Decision:
    require_write(actor, decision.citizen, perm=CASES)
    current = _lock(Decision, decision, version)
    if current.status != S.REQUESTED:
        raise ValidationError(f"Der er allerede truffet afgørelse ({current.get_status_display().lower()}).")
    decided_on = decided_on or _today()
    _check_decided_on(current, decided_on)
    current.reasons = _check_reasons(reasons)
    current.status = S.REFUSED
    current.decided_on, current.decided_by = decided_on, actor
    current.version += 1
    current.save()
    _audit(actor, current, Event.DECISION_REFUSED, current.citizen)
    return current


DECIDED = (S.GRANTED, S.ORDERED, S.ACTIVE, S.ENDED, S.REFUSED)


@transaction.atomic
def send_decision_letter(*, actor: Actor, decision: Decision, sent_on: datetime.date | None = None) -> Letter:
    """Send the decision letter (grant or refusal) as the decision stands — after the effort's goals are
    set, and again after a change. The letter is kept as sent."""
    require_write(actor, decision.citizen, perm=CASES)
    current = _lock(Decision, decision, None)
    if current.status not in DECIDED:
        raise ValidationError("Der er endnu ikke truffet en afgørelse, så der kan ikke sendes et afgørelsesbrev.")
    sent_on = _day(sent_on or _today(), current.municipality, field="sent_on", what="Brevet",
                   not_before=current.decided_on, before_what="afgørelsen")
    kind = Letter.Kind.REFUSAL if current.status == S.REFUSED else Letter.Kind.GRANT
    return _send_letter(actor, current, kind, sent_on, letters.decision_letter_html(current, sent_on))


def _send_letter(actor: Actor, decision: Decision, kind: str, sent_on: datetime.date, html: str) -> Letter:
    """The letter as it is sent, kept (append-only) for the case and the citizen."""
    assert actor.is_authenticated
    letter = Letter.objects.create(municipality=decision.municipality, case=decision.case, decision=decision,
                                   citizen=decision.citizen, kind=kind, subject=letters.subject_of(kind, decision),
                                   sent_on=sent_on, html=html, by=actor)
    outbox.put_in_outbox(letter)
    _audit(actor, letter, Event.LETTER_SENT, decision.citizen, slags=kind, sendt=sent_on)
    return letter


def _waiting(decision: Decision) -> WaitlistEntry | None:
    return WaitlistEntry.objects.filter(decision=decision, removed_on__isnull=True).first()


def _require_room(decision: Decision) -> None:
    offer = decision.offer
    capacity, need = capacity_for(offer, decision.municipality, lock=True), need_of(offer, decision.hours_per_week)
    if not capacity.has_room_for(need):
        raise ValidationError(f"{capacity.no_room_reason(need)}. Borgeren står på ventelisten, til der bliver "
                              "plads.")


@transaction.atomic
def order(*, actor: Actor, decision: Decision, on: datetime.date | None = None, unit: Unit | None = None,
          message: str = "") -> Decision:
    """Order the granted effort from the provider (bestilling): it takes its place or hours, and the
    provider unit finds it on its intake list. A shared offer run by another municipality is ordered
    from them outside Tovholder (no unit here)."""
    require_write(actor, decision.citizen, perm=CASES)
    assert actor.is_authenticated
    current = _lock(Decision, decision, None)
    if current.status != S.GRANTED:
        raise ValidationError("Kun en bevilget afgørelse kan bestilles.")
    on = _day(on or _today(), current.municipality, field="on", what="Bestillingen", not_before=current.decided_on,
              before_what="afgørelsen")
    offer = current.offer
    unit = unit or (offer.unit if offer.unit is not None and offer.unit.municipality_id == current.municipality_id
                    else None)
    if unit is not None and unit.municipality_id != current.municipality_id:
        raise ValidationError({"unit": "Den udførende enhed hører til en anden kommune."})
    if unit is None and offer.municipality_id == current.municipality_id:
        raise ValidationError({"unit": f"{offer.name} har ingen udførende enhed i kataloget. Vælg enheden."})
    message = clean_text(message, field="message", label="beskeden", required=False, max_length=2000)
    _require_room(current)
    current.status, current.ordered_on = S.ORDERED, on
    current.version += 1
    current.save()
    sent = Order.objects.create(municipality=current.municipality, decision=current, citizen=current.citizen,
                                unit=unit, ordered_on=on, ordered_by=actor, message=message)
    _audit(actor, current, Event.DECISION_ORDERED, current.citizen, enhed=unit.name if unit else "anden kommune",
           bestilling=sent.pk)
    return current


ANSWER = "visitation.answer_orders"


def _require_answer(actor: Actor, order: Order) -> None:
    """The provider's leader answers an order to a unit in their scope (the order is their need to know)."""
    principal = require_write(actor, order.citizen, perm=ANSWER)
    if order.unit_id is None or order.unit_id not in principal.scope_unit_ids:
        raise PermissionDenied("Bestillingen er sendt til en anden enhed.")


@transaction.atomic
def accept_order(*, actor: Actor, order: Order, version: int | None, contact_person,
                 accepted_on: datetime.date | None = None) -> Order:
    """The provider accepts the order and names the contact person: their unit becomes involved with the
    citizen (which is what gives the provider need to know), and a citizen without a coordinator gets
    the contact person as coordinator (changed on the coordinator page if someone else should be)."""
    _require_answer(actor, order)
    assert actor.is_authenticated
    current = _lock(Order, order, version)
    if current.status != Order.Status.SENT:
        raise ValidationError(f"Bestillingen er allerede {current.get_status_display().lower()}.")
    accepted_on = _day(accepted_on or _today(), current.municipality, field="accepted_on", what="Modtagelsen",
                       not_before=current.ordered_on, before_what="bestillingen")
    profile = getattr(contact_person, "staff", None)
    if (profile is None or profile.municipality_id != current.municipality_id
            or not profile.units.filter(pk=current.unit_id).exists()):
        raise ValidationError({"contact_person": "Kontaktpersonen skal være medarbejder i den enhed, der har fået "
                                                 "bestillingen."})
    current.status, current.answered_on, current.answered_by = Order.Status.ACCEPTED, accepted_on, actor
    current.contact_person = contact_person
    current.version += 1
    current.save()
    citizen = current.citizen
    if not Involvement.objects.filter(citizen=citizen, unit_id=current.unit_id, worker=contact_person,
                                      ended_on__isnull=True).exists():
        Involvement.objects.create(municipality=current.municipality, citizen=citizen, unit_id=current.unit_id,
                                   worker=contact_person, started_on=accepted_on)
    _audit(actor, current, Event.ORDER_ACCEPTED, citizen, kontaktperson=contact_person.pk, dato=accepted_on)
    if citizen.coordinator_id is None:
        citizen_services.set_coordinator(actor=actor, citizen=citizen, coordinator=contact_person, since=accepted_on,
                                         reason="Kontaktperson på den første bestilling")
    return current


@transaction.atomic
def decline_order(*, actor: Actor, order: Order, version: int | None, reason: str) -> Order:
    """The provider cannot take the order: it goes back to the caseworker, the grant frees its place."""
    _require_answer(actor, order)
    assert actor.is_authenticated
    current = _lock(Order, order, version)
    if current.status != Order.Status.SENT:
        raise ValidationError(f"Bestillingen er allerede {current.get_status_display().lower()}.")
    reason = clean_text(reason, field="reason", label="hvorfor bestillingen afvises", required=True, max_length=500,
                        min_length=5)
    current.status, current.answered_on, current.answered_by = Order.Status.DECLINED, _today(), actor
    current.decline_reason = reason
    current.version += 1
    current.save()
    decision = _lock(Decision, current.decision, None)
    if decision.status == S.ORDERED:
        decision.status, decision.ordered_on = S.GRANTED, None
        decision.version += 1
        decision.save(update_fields=["status", "ordered_on", "version"])
        offer_next(actor=actor, offer=decision.offer, municipality=decision.municipality, on=_today())
    _audit(actor, current, Event.ORDER_DECLINED, current.citizen, aarsag=reason)
    return current


@transaction.atomic
def activate_grant(*, actor: Actor, decision: Decision, on: datetime.date | None = None) -> Decision:
    """The support starts. Starting takes the citizen off the waitlist."""
    _require_grant_keeper(actor, decision)
    current = _lock(Decision, decision, None)
    if current.status not in (S.GRANTED, S.ORDERED):
        raise ValidationError("Kun en bevilget eller bestilt afgørelse kan sættes i gang.")
    on = _day(on or _today(), current.municipality, field="on", what="Starten",
              not_before=current.ordered_on or current.decided_on, before_what="afgørelsen eller bestillingen")
    if current.status == S.GRANTED:
        _require_room(current)
    current.status, current.activated_on = S.ACTIVE, on
    current.version += 1
    current.save()
    Order.objects.filter(decision=current, status__in=[Order.Status.SENT, Order.Status.ACCEPTED]).update(
        status=Order.Status.STARTED, started_on=on)
    entry = _waiting(current)
    if entry is not None:
        entry.removed_on, entry.removal_reason = on, "Startet i tilbuddet"
        entry.save(update_fields=["removed_on", "removal_reason"])
    _audit(actor, current, Event.DECISION_ACTIVATED, current.citizen, start=on)
    return current


# --- ending an effort: the provider proposes, the caseworker decides -----------------------------

@transaction.atomic
def propose_end(*, actor: Actor, decision: Decision, end_on: datetime.date, reason: str, reason_code: str = "",
                note: str = "", klippekort_hours: Decimal | None = None,
                klippekort_valid_until: datetime.date | None = None) -> EndProposal:
    """The provider proposes to end a running effort on a date, with the reason. The support goes on
    until the caseworker has decided (support.services.propose_end checks the provider's own fields)."""
    _require_grant_keeper(actor, decision)
    assert actor.is_authenticated
    current = _lock(Decision, decision, None)
    if current.status != S.ACTIVE:
        raise ValidationError("Kun en indsats, der er i gang, kan foreslås afsluttet.")
    if current.end_proposals.filter(status=EndProposal.Status.PROPOSED).exists():
        raise ValidationError("Der er allerede et forslag om afslutning, som venter på sagsbehandleren.")
    end_on = _day(end_on, current.municipality, field="end_on", what="Slutdatoen", not_before=current.activated_on,
                  before_what="indsatsens start", allow_future=True)
    reason = clean_text(reason, field="reason", label="hvorfor indsatsen skal afsluttes", required=True,
                        max_length=200)
    note = clean_text(note, field="note", label="en bemærkning", required=False, max_length=2000)
    proposal = EndProposal.objects.create(
        municipality=current.municipality, decision=current, citizen=current.citizen, end_on=end_on,
        reason_code=reason_code, reason=reason, note=note, klippekort_hours=klippekort_hours,
        klippekort_valid_until=klippekort_valid_until, proposed_by=actor)
    _audit(actor, proposal, Event.DECISION_END_PROPOSED, current.citizen, slut=end_on, aarsag=reason)
    return proposal


@transaction.atomic
def decide_end(*, actor: Actor, decision: Decision, on: datetime.date, reasons: str, version: int | None = None,
               decided_on: datetime.date | None = None) -> Decision:
    """The caseworker decides that a running effort ends on a date — on the provider's proposal or on
    their own (e.g. after a follow-up). The ending letter with reasons and klagevejledning is sent; what
    runs under the effort ends with it (`endings`); the freed place or hours go to the next waiting."""
    require_write(actor, decision.citizen, perm=CASES)
    assert actor.is_authenticated
    current = _lock(Decision, decision, version)
    if current.status != S.ACTIVE:
        raise ValidationError("Kun en indsats, der er i gang, kan afsluttes. En bevilling, der ikke er startet, "
                              "annulleres.")
    on = _day(on, current.municipality, field="on", what="Afslutningen", not_before=current.activated_on,
              before_what="indsatsens start")
    decided_on = _day(decided_on or _today(), current.municipality, field="decided_on", what="Afgørelsen",
                      not_before=current.activated_on, before_what="indsatsens start")
    reasons = _check_reasons(reasons)
    proposal = current.end_proposals.select_for_update().filter(status=EndProposal.Status.PROPOSED).first()
    current.status, current.ended_on, current.end_reason = S.ENDED, on, reasons[:500]
    current.version += 1
    current.save()
    if proposal is not None:
        proposal.status, proposal.answered_on, proposal.answered_by = EndProposal.Status.ACCEPTED, decided_on, actor
        proposal.answer, proposal.version = reasons, proposal.version + 1
        proposal.save()
    _audit(actor, current, Event.DECISION_ENDED, current.citizen, slut=on, forslag=proposal.pk if proposal else None)
    _send_letter(actor, current, Letter.Kind.END, decided_on,
                 letters.end_letter_html(current, reasons, decided_on, proposal))
    endings.effort_ended(actor, current, on, proposal)
    offer_next(actor=actor, offer=current.offer, municipality=current.municipality, on=on)
    return current


@transaction.atomic
def refuse_end(*, actor: Actor, proposal: EndProposal, version: int | None, answer: str) -> EndProposal:
    """The caseworker does not end the effort: the support goes on, and the provider reads why."""
    require_write(actor, proposal.citizen, perm=CASES)
    assert actor.is_authenticated
    current = _lock(EndProposal, proposal, version)
    if current.status != EndProposal.Status.PROPOSED:
        raise ValidationError("Forslaget er allerede besvaret.")
    current.answer = clean_text(answer, field="answer", label="hvorfor indsatsen fortsætter", required=True,
                                max_length=4000, min_length=10)
    current.status, current.answered_on, current.answered_by = EndProposal.Status.REFUSED, _today(), actor
    current.version += 1
    current.save()
    _audit(actor, current, Event.DECISION_END_REFUSED, current.citizen)
    return current


@transaction.atomic
def cancel(*, actor: Actor, decision: Decision, reason: str, on: datetime.date | None = None) -> Decision:
    require_write(actor, decision.citizen, perm=CASES)
    current = _lock(Decision, decision, None)
    if current.status not in (S.REQUESTED, S.GRANTED, S.ORDERED):
        raise ValidationError("Kun en ansøgt, bevilget eller bestilt afgørelse kan annulleres.")
    if not reason.strip():
        raise ValidationError({"reason": "Skriv hvorfor afgørelsen annulleres."})
    was_occupying = current.occupies_capacity
    on = on or _today()
    current.status, current.ended_on, current.end_reason = S.CANCELLED, on, reason.strip()[:500]
    current.version += 1
    current.save()
    Order.objects.filter(decision=current, status__in=[Order.Status.SENT, Order.Status.ACCEPTED]).update(
        status=Order.Status.WITHDRAWN)
    entry = _waiting(current)
    if entry is not None:
        entry.removed_on, entry.removal_reason = on, "Annulleret"
        entry.save(update_fields=["removed_on", "removal_reason"])
    _audit(actor, current, Event.DECISION_CANCELLED, current.citizen)
    if was_occupying:
        offer_next(actor=actor, offer=current.offer, municipality=current.municipality, on=on)
    return current


def offer_next(*, actor: Actor, offer: Offer, municipality, on: datetime.date) -> WaitlistEntry | None:
    """Offer the freed place or hours to the first waiting citizen who fits (priority, then date)."""
    capacity = capacity_for(offer, municipality, lock=True)
    for entry in WaitlistEntry.objects.filter(offer=offer, municipality=municipality, removed_on__isnull=True,
                                              offered_on__isnull=True).select_related("decision"):
        if capacity.has_room_for(need_of(offer, entry.decision.hours_per_week)):
            entry.offered_on = on
            entry.save(update_fields=["offered_on"])
            _audit(actor, entry, Event.WAITLIST_OFFERED, entry.citizen, tilbud=offer.name)
            return entry
        break  # first come, first served: nobody jumps the queue
    return None


@transaction.atomic
def request_change(*, actor: Actor, decision: Decision, hours_per_week: Decimal | None, reason: str) -> Decision:
    """A new decision is needed (e.g. more hours than granted): a requested decision on the same case,
    prefilled from the current one and pointing to it."""
    _require_grant_keeper(actor, decision)
    if decision.status not in (S.GRANTED, S.ORDERED, S.ACTIVE):
        raise ValidationError("Der kan kun søges om ændring af en gældende bevilling.")
    if not reason.strip():
        raise ValidationError({"reason": "Skriv hvorfor der søges om en ændring."})
    if hours_per_week is not None and not 0 < hours_per_week <= MAX_HOURS:
        raise ValidationError({"hours_per_week": f"Timer pr. uge skal være mellem 0 og {MAX_HOURS}."})
    case = decision.case
    today = _today()
    if case.status != Case.Status.OPEN:
        current = _lock(Case, case, None)
        _change_status(actor, current, Case.Status.OPEN, today, f"Der søges om ændring: {reason.strip()}"[:1000],
                       Event.CASE_REOPENED)
    new = Decision.objects.create(
        municipality=decision.municipality, case=case, citizen=decision.citizen, offer=decision.offer,
        requested_on=today, deadline_on=deadline_for(decision.offer, today), hours_per_week=hours_per_week,
        goals=decision.goals, reasons=f"Ønsket ændring: {reason.strip()}"[:8000], replaces=decision)
    _audit(actor, new, Event.DECISION_CHANGE_REQUESTED, decision.citizen, fra=decision.pk, timer=hours_per_week)
    return new


@transaction.atomic
def send_deadline_notice(
    *, actor: Actor, decision: Decision, expected_by: datetime.date, reason: str
) -> DeadlineNotice:
    """The written notice the citizen must get when the deadline cannot be met."""
    require_write(actor, decision.citizen, perm=CASES)
    assert actor.is_authenticated
    if decision.status != S.REQUESTED:
        raise ValidationError("Der er allerede truffet afgørelse.")
    if expected_by <= _today():
        raise ValidationError({"expected_by": "Den forventede afgørelsesdato skal ligge i fremtiden."})
    check_date(expected_by, kind="planned", field="expected_by")
    if not reason.strip():
        raise ValidationError({"reason": "Skriv hvorfor fristen ikke kan overholdes."})
    notice = DeadlineNotice.objects.create(municipality=decision.municipality, decision=decision, sent_on=_today(),
                                           expected_by=expected_by, reason=reason.strip(), sent_by=actor)
    _audit(actor, notice, Event.DECISION_DEADLINE_NOTICE, decision.citizen, forventet=expected_by)
    _send_letter(actor, decision, Letter.Kind.DEADLINE, notice.sent_on, letters.deadline_notice_html(notice))
    return notice


@transaction.atomic
def save_routing_rule(*, actor: Actor, rule=None, **fields):
    """Create or change a routing rule (the municipality's own table)."""
    profile = require_perm(actor, "visitation.edit_routing_rules")
    require_same_municipality(actor, rule, fields.get("offer"))
    if fields.get("offer") is not None and not _offer_available_to(fields["offer"], profile.municipality):
        raise ValidationError({"offer": "Tilbuddet findes ikke i kommunens katalog."})
    rule = rule or RoutingRule(municipality=profile.municipality)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    _audit(actor, rule, Event.ROUTING_RULE_SAVED, None, navn=rule.name)
    return rule


# --- closing a case, and the caseworker's own notes --------------------------------------------

OPEN_EFFORT = (S.REQUESTED, S.GRANTED, S.ORDERED, S.ACTIVE)


@transaction.atomic
def close_case(*, actor: Actor, case: Case, version: int | None, on: datetime.date, reason: str) -> Case:
    """Close a case with no open efforts (none applied for, granted, ordered or running), on a date."""
    require_write(actor, case.citizen, perm=CASES)
    current = _lock(Case, case, version)
    if current.status != Case.Status.OPEN:
        raise ValidationError("Sagen er allerede lukket.")
    open_efforts = list(current.decisions.filter(status__in=OPEN_EFFORT).select_related("offer"))
    if open_efforts:
        names = ", ".join(f"{d.offer.name} ({d.get_status_display().lower()})" for d in open_efforts)
        raise ValidationError(f"Sagen har indsatser, der ikke er afsluttet: {names}. Afslut eller annullér dem "
                              "først.")
    last = current.decisions.exclude(ended_on__isnull=True).order_by("-ended_on").values_list(
        "ended_on", flat=True).first()
    on = _day(on, current.municipality, field="on", what="Lukningen",
              not_before=max(filter(None, [current.opened_on, last])), before_what="sagens sidste hændelse")
    return _change_status(actor, current, Case.Status.CLOSED, on, reason, Event.CASE_CLOSED)


@transaction.atomic
def reopen_case(*, actor: Actor, case: Case, version: int | None, on: datetime.date, reason: str) -> Case:
    require_write(actor, case.citizen, perm=CASES)
    current = _lock(Case, case, version)
    if current.status != Case.Status.CLOSED:
        raise ValidationError("Sagen er ikke lukket.")
    on = _day(on, current.municipality, field="on", what="Genåbningen", not_before=current.closed_on,
              before_what="lukningen")
    return _change_status(actor, current, Case.Status.OPEN, on, reason, Event.CASE_REOPENED)


def _change_status(actor: Actor, case: Case, status: str, on: datetime.date, reason: str, event) -> Case:
    assert actor.is_authenticated
    reason = clean_text(reason, field="reason", label="en begrundelse", required=True, max_length=1000, min_length=5)
    CaseStatusChange.objects.create(municipality=case.municipality, case=case, citizen=case.citizen, status=status,
                                    on=on, reason=reason, by=actor)
    case.status = status
    case.closed_on = on if status == Case.Status.CLOSED else None
    case.version += 1
    case.save(update_fields=["status", "closed_on", "version"])
    _audit(actor, case, event, case.citizen, dato=on)
    return case


MAX_CASE_NOTE = 8000


@transaction.atomic
def write_case_note(*, actor: Actor, case: Case, text: str, written_on: datetime.date | None = None) -> CaseNote:
    """The caseworker's own note on the case (sagsnotat), dated as it happened."""
    require_write(actor, case.citizen, perm=CASES)
    assert actor.is_authenticated
    text = clean_text(text, field="text", label="notatet", required=True, max_length=MAX_CASE_NOTE)
    written_on = _day(written_on or _today(), case.municipality, field="written_on", what="Notatet",
                      not_before=case.opened_on, before_what="sagen blev oprettet")
    note = CaseNote.objects.create(municipality=case.municipality, case=case, citizen=case.citizen,
                                   written_on=written_on, text=text, author=actor)
    _audit(actor, note, Event.CASE_NOTE_WRITTEN, case.citizen, sag=case.pk)
    return note


@transaction.atomic
def correct_case_note(*, actor: Actor, note: CaseNote, text: str, reason: str) -> CaseNote:
    """A correction is a new version; the earlier one stays readable (append-only, as journal notes)."""
    require_write(actor, note.citizen, perm=CASES)
    assert actor.is_authenticated
    current = CaseNote.objects.select_for_update().get(pk=note.pk)
    if not current.is_current:
        raise ValidationError("Notatet er allerede rettet; ret den nyeste version.")
    text = clean_text(text, field="text", label="notatet", required=True, max_length=MAX_CASE_NOTE)
    reason = clean_text(reason, field="correction_reason", label="hvorfor notatet rettes", required=True,
                        max_length=500, min_length=5)
    if text == current.text:
        raise ValidationError({"text": "Teksten er den samme som før; intet at rette."})
    new = CaseNote.objects.create(municipality=current.municipality, case=current.case, citizen=current.citizen,
                                  written_on=current.written_on, text=text, author=actor, replaces=current,
                                  correction_reason=reason, version_no=current.version_no + 1)
    _audit(actor, new, Event.CASE_NOTE_CORRECTED, current.citizen, retter=current.pk)
    return new
