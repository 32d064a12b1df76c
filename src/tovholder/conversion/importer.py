"""The import itself: one citizen at a time, one row at a time, every write through the domain's services.

Each citizen is one transaction and each row in it a savepoint: a refused row is rolled back alone and the rest
goes on; a refused parent (a citizen, a case, a plan) refuses its children with the reason. A dry run does the
same writes and rolls each citizen back, so it refuses exactly what the import would refuse. A row whose id is
already in `ImportedRecord` is left as it is ("allerede indlæst"), so a second run creates nothing twice.
"""

import datetime
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from tovholder.accounts.principals import principal_of
from tovholder.citizens import services as citizen_services
from tovholder.citizens.cpr import clean_cpr
from tovholder.citizens.models import Citizen, Consent, Relative
from tovholder.layout.dates import check_date
from tovholder.offers.models import Offer
from tovholder.plans import services as plan_services
from tovholder.plans.models import GOAL_TYPES, Goal, Plan
from tovholder.visitation import services as visitation_services
from tovholder.visitation.models import Case, Decision, WaitlistEntry

from .models import ImportedRecord, ImportRun, Kind

logger = logging.getLogger(__name__)

CREATED, UNCHANGED, REFUSED = "created", "unchanged", "refused"
OUTCOMES = {CREATED: "Oprettet", UNCHANGED: "Allerede indlæst – intet ændret", REFUSED: "Afvist"}
DRY_OUTCOMES = {CREATED: "Ville blive oprettet", UNCHANGED: "Allerede indlæst – intet ændret", REFUSED: "Afvist"}
KIND_LABELS = dict(Kind.choices)
MODELS: dict[str, type[models.Model]] = {Kind.CITIZEN: Citizen, Kind.RELATIVE: Relative, Kind.CONSENT: Consent,
                                         Kind.CASE: Case, Kind.DECISION: Decision, Kind.PLAN: Plan, Kind.GOAL: Goal}
MAX_ID = 100
ID_CHARS = re.compile(r"^[\w\-.:/ ]+$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
GOAL_TYPE_WORDS = dict(zip(("udvikle", "fastholde", "begraense"), GOAL_TYPES, strict=True))
DECISION_STATUSES = {"requested": "ansøgt", "granted": "bevilget", "waiting": "bevilget, på venteliste",
                     "active": "i gang"}
SUB_ROWS = {Kind.RELATIVE: (Kind.CONSENT, "consents"), Kind.CASE: (Kind.DECISION, "decisions"),
            Kind.PLAN: (Kind.GOAL, "goals")}
PRIORITIES = {"urgent": WaitlistEntry.Priority.URGENT, "normal": WaitlistEntry.Priority.NORMAL}


class Refused(Exception):
    """A row refused by the import's own checks (the services raise ValidationError/PermissionDenied)."""


def message_of(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(dict.fromkeys(exc.messages))
    if isinstance(exc, (PermissionDenied, Refused)):
        return str(exc) or "Din rolle giver ikke adgang til dette."
    return f"Rækken kunne ikke gemmes (teknisk fejl: {type(exc).__name__}); resten af filen er indlæst."


# --- the fields of a row --------------------------------------------------------------------------------------

def text(row: dict, key: str, *, max_length: int, required: bool = False, label: str = "") -> str:
    value = row.get(key)
    if value is None or value == "":
        if required:
            raise Refused(f"Feltet \"{key}\" ({label or key}) mangler.")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Refused(f"Feltet \"{key}\" skal være tekst.")
    value = str(value).strip()
    if len(value) > max_length:
        raise Refused(f"Feltet \"{key}\" er på {len(value)} tegn; der er plads til {max_length}.")
    if required and not value:
        raise Refused(f"Feltet \"{key}\" ({label or key}) mangler.")
    return value


def day(row: dict, key: str, *, required: bool = False, kind: str = "any") -> datetime.date | None:
    value = row.get(key)
    if value is None or value == "":
        if required:
            raise Refused(f"Datoen \"{key}\" mangler.")
        return None
    if not isinstance(value, str) or not ISO_DAY.match(value.strip()):
        raise Refused(f"Feltet \"{key}\" skal være en dato som ÅÅÅÅ-MM-DD.")
    try:
        parsed = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(f"Datoen i feltet \"{key}\" findes ikke i kalenderen.") from None
    check_date(parsed, kind=kind)  # year 0001 and 9999 are refused here
    return parsed


def not_future(value: datetime.date | None, key: str) -> None:
    if value is not None and value > timezone.localdate():
        raise Refused(f"Datoen i feltet \"{key}\" ligger i fremtiden.")


def whole(row: dict, key: str, low: int, high: int) -> int | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Refused(f"Feltet \"{key}\" skal være et helt tal fra {low} til {high}.")
    return value


def amount(row: dict, key: str) -> Decimal | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)) or len(str(value)) > 10:
        raise Refused(f"Feltet \"{key}\" skal være et tal.")
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise Refused(f"Feltet \"{key}\" skal være et tal.") from None
    if not number.is_finite() or number < 0 or number > 999:
        raise Refused(f"Feltet \"{key}\" skal være et tal mellem 0 og 999.")
    return number.quantize(Decimal("0.01"))


def codes(row: dict, key: str) -> list[str]:
    value = row.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > 50 or not all(isinstance(v, str) and len(v) <= 36 for v in value):
        raise Refused(f"Feltet \"{key}\" skal være en liste af FFB-koder.")
    return value


def children(row: dict, key: str) -> list:
    value = row.get(key) if isinstance(row, dict) else None
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def count_rows(item: object) -> int:
    """The rows a citizen entry holds (itself, relatives and consents, cases and decisions, the plan and
    goals): the total the progress counts against."""
    if not isinstance(item, dict):
        return 1
    n = 0 if item.get("reference_only") else 1
    for relative in children(item, "relatives"):
        n += 1 + len(children(relative, "consents"))
    for case in children(item, "cases"):
        n += 1 + len(children(case, "decisions"))
    plan = item.get("plan")
    if plan is not None:
        n += 1 + len(children(plan, "goals"))
    return n


# --- the walk ---------------------------------------------------------------------------------------------------

@dataclass
class Importer:
    actor: object
    run: ImportRun
    data: dict
    on_progress: Callable[[int], None] | None = None
    report: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {CREATED: 0, UNCHANGED: 0, REFUSED: 0})
    done: int = 0

    def __post_init__(self):
        self.municipality = self.run.municipality
        self.dry_run = self.run.dry_run
        self.seen: set[tuple[str, str]] = set()
        self.known: dict[tuple[str, str], tuple[int, int]] = {
            (k, e): (o, c) for k, e, o, c in ImportedRecord.objects.filter(municipality=self.municipality)
            .values_list("kind", "external_id", "object_id", "citizen_id")}
        self.offers = {}
        for offer in Offer.objects.available_to(self.municipality).order_by("pk"):
            self.offers.setdefault(offer.name.casefold(), []).append(offer)
        self.local: dict[tuple[str, str], models.Model] = {}

    @property
    def total(self) -> int:
        return sum(count_rows(item) for item in self.data["citizens"])

    def execute(self) -> None:
        default_code = self.data.get("municipality_code")
        for item in self.data["citizens"]:
            self.local = {}
            with transaction.atomic():
                self._citizen(item, default_code)
                if self.dry_run:
                    transaction.set_rollback(True)
            if self.dry_run:
                principal_of(self.actor).known.clear()  # the ids of citizens rolled back may come again
            if self.on_progress is not None:
                self.on_progress(self.done)

    # one row

    def _log(self, kind: str, ext: str, citizen_ext: str, outcome: str, message: str = "") -> None:
        self.done += 1
        self.counts[outcome] += 1
        self.report.append({"n": self.done, "kind": kind, "id": ext, "citizen": citizen_ext, "outcome": outcome,
                            "message": message})

    def _ext(self, kind: str, item: object) -> str:
        if not isinstance(item, dict):
            raise Refused("Rækken er ikke et JSON-objekt.")
        value = item.get("id")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise Refused("Rækken mangler sit id fra det tidligere system (feltet \"id\").")
        value = value.strip()
        if len(value) > MAX_ID or not ID_CHARS.match(value):
            raise Refused(f"Id'et må højst være {MAX_ID} tegn og kun bestå af bogstaver, tal og - . : / _.")
        if (kind, value) in self.seen:
            raise Refused(f"Id'et {value} optræder mere end én gang i filen.")
        self.seen.add((kind, value))
        return value

    def _mapped(self, kind: str, ext: str):
        hit = self.known.get((kind, ext))
        if hit is None:
            return None
        obj = MODELS[kind].objects.filter(municipality=self.municipality, pk=hit[0]).first()  # type: ignore[attr-defined]
        if obj is None:
            raise Refused("Posten blev indlæst tidligere, men findes ikke længere i Tovholder (slettet).")
        return obj

    def _row(self, kind: str, item: object, citizen_ext: str, create: Callable[[dict], tuple[models.Model, str]]):
        """The object the row names (created now or by an earlier run), or None when it is refused."""
        raw = item.get("id") if isinstance(item, dict) else None
        ext = str(raw).strip()[:MAX_ID] if isinstance(raw, (str, int)) else ""
        try:
            ext = self._ext(kind, item)
            assert isinstance(item, dict)
            existing = self._mapped(kind, ext)
            if existing is not None:
                self._log(kind, ext, citizen_ext, UNCHANGED)
                return existing
            with transaction.atomic():
                obj, note = create(item)
                citizen_id = obj.pk if kind == Kind.CITIZEN else obj.citizen_id  # type: ignore[attr-defined]
                ImportedRecord.objects.create(municipality=self.municipality, run=self.run, citizen_id=citizen_id,
                                              kind=kind, external_id=ext, object_id=obj.pk)
        except (ValidationError, PermissionDenied, Refused) as exc:
            self._log(kind, ext, citizen_ext, REFUSED, message_of(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - one row's surprise must not stop the rest; logged for operators
            logger.exception("Indlæsning %s: rækken %s %s fejlede", self.run.pk, kind, ext)
            self._log(kind, ext, citizen_ext, REFUSED, message_of(exc))
            return None
        if not self.dry_run:
            self.known[(kind, ext)] = (obj.pk, citizen_id)
        self.local[(kind, ext)] = obj
        self._log(kind, ext, citizen_ext, CREATED, note)
        return obj

    def _refuse_all(self, kind: str, items: list, citizen_ext: str, reason: str) -> None:
        for item in items:
            ext = item.get("id") if isinstance(item, dict) else ""
            self._log(kind, str(ext or "")[:MAX_ID], citizen_ext, REFUSED, reason)
            sub = SUB_ROWS.get(kind)
            if sub is not None:
                self._refuse_all(sub[0], children(item, sub[1]), citizen_ext, reason)

    # the kinds of rows

    def _citizen(self, item: object, default_code) -> None:
        citizen_ext = str(item.get("id") or "")[:MAX_ID] if isinstance(item, dict) else ""
        if isinstance(item, dict) and item.get("reference_only"):  # a CSV of relatives names citizens already in
            hit = self.known.get((Kind.CITIZEN, citizen_ext))
            citizen = Citizen.objects.filter(municipality=self.municipality, pk=hit[0]).first() if hit else None
            if citizen is None:
                reason = f"Borgeren med id {citizen_ext or '(tomt)'} er ikke indlæst; indlæs borgerne først."
                self._refuse_all(Kind.RELATIVE, children(item, "relatives"), citizen_ext, reason)
                return
        else:
            citizen = self._row(Kind.CITIZEN, item, citizen_ext, lambda row: self._create_citizen(row, default_code))
        if citizen is None:
            reason = "Borgeren blev ikke indlæst, så heller ikke dette."
            self._refuse_all(Kind.RELATIVE, children(item, "relatives"), citizen_ext, reason)
            self._refuse_all(Kind.CASE, children(item, "cases"), citizen_ext, reason)
            if isinstance(item, dict) and item.get("plan") is not None:
                self._refuse_all(Kind.PLAN, [item["plan"]], citizen_ext, reason)
            return
        assert isinstance(item, dict)
        for relative_row in children(item, "relatives"):
            relative = self._row(Kind.RELATIVE, relative_row, citizen_ext,
                                 lambda row, c=citizen: self._create_relative(row, c))
            consents = children(relative_row, "consents")
            if relative is None:
                self._refuse_all(Kind.CONSENT, consents, citizen_ext, "Den pårørende blev ikke indlæst.")
                continue
            for consent_row in consents:
                self._row(Kind.CONSENT, consent_row, citizen_ext, lambda row, r=relative: self._create_consent(row, r))
        for case_row in children(item, "cases"):
            case = self._row(Kind.CASE, case_row, citizen_ext, lambda row, c=citizen: self._create_case(row, c))
            decisions = children(case_row, "decisions")
            if case is None:
                self._refuse_all(Kind.DECISION, decisions, citizen_ext, "Sagen blev ikke indlæst.")
                continue
            for decision_row in decisions:
                self._row(Kind.DECISION, decision_row, citizen_ext, lambda row, c=case: self._create_decision(row, c))
        plan_row = item.get("plan")
        if plan_row is not None:
            plan = self._row(Kind.PLAN, plan_row, citizen_ext, lambda row, c=citizen: self._create_plan(row, c))
            goals = children(plan_row, "goals")
            if plan is None:
                self._refuse_all(Kind.GOAL, goals, citizen_ext, "Planen blev ikke indlæst.")
                return
            for goal_row in goals:
                self._row(Kind.GOAL, goal_row, citizen_ext, lambda row, c=citizen: self._create_goal(row, c))

    def _create_citizen(self, row: dict, default_code) -> tuple[models.Model, str]:
        code = row.get("municipality_code") or default_code
        if code is not None and str(code).strip() != self.municipality.code:
            shown = str(code)[:10]
            raise Refused(f"Borgeren hører til en anden kommune (kommunekode {shown}); her indlæses kun "
                          f"{self.municipality.name}s borgere.")
        cpr = clean_cpr(text(row, "cpr", max_length=20, required=True, label="CPR-nummer"))
        known_from = day(row, "known_from")
        not_future(known_from, "known_from")
        citizen = citizen_services.create_citizen(
            actor=self.actor, cpr=cpr,
            first_name=text(row, "first_name", max_length=100, required=True, label="fornavn"),
            last_name=text(row, "last_name", max_length=100, required=True, label="efternavn"),
            phone=text(row, "phone", max_length=20), email=text(row, "email", max_length=200),
            address=text(row, "address", max_length=200), postal_code=text(row, "postal_code", max_length=4),
            city=text(row, "city", max_length=60), known_from=known_from)
        return citizen, ""

    def _create_relative(self, row: dict, citizen: Citizen) -> tuple[models.Model, str]:
        relative = citizen_services.add_relative(
            actor=self.actor, citizen=citizen, name=text(row, "name", max_length=200, required=True, label="navn"),
            relation=text(row, "relation", max_length=60, required=True, label="relation"),
            phone=text(row, "phone", max_length=20), email=text(row, "email", max_length=200))
        return relative, ""

    def _create_consent(self, row: dict, relative: Relative) -> tuple[models.Model, str]:
        scope = text(row, "scope", max_length=20, required=True, label="omfang")
        if scope not in Consent.Scope.values:
            raise Refused(f"Samtykkets omfang skal være et af: {', '.join(Consent.Scope.values)}.")
        given_on = day(row, "given_on", required=True)
        withdrawn_on = day(row, "withdrawn_on")
        if withdrawn_on is not None and given_on is not None and withdrawn_on < given_on:
            raise Refused("Samtykket er trukket tilbage før det blev givet (datoerne står i forkert rækkefølge).")
        assert given_on is not None
        consent = citizen_services.give_consent(actor=self.actor, relative=relative, scope=scope, given_on=given_on,
                                                note=text(row, "note", max_length=500))
        if withdrawn_on is not None:
            consent = citizen_services.withdraw_consent(actor=self.actor, consent=consent, withdrawn_on=withdrawn_on)
            return consent, "Trukket tilbage"
        return consent, ""

    def _create_case(self, row: dict, citizen: Citizen) -> tuple[models.Model, str]:
        opened_on = day(row, "opened_on", required=True)
        case = visitation_services.open_case(
            actor=self.actor, citizen=citizen, opened_on=opened_on, number=text(row, "number", max_length=40),
            citizen_wishes=text(row, "citizen_wishes", max_length=4000))
        return case, ""

    def _offer(self, name: str) -> Offer:
        found = self.offers.get(name.casefold(), [])
        if len(found) != 1:
            raise Refused(f"Tilbuddet \"{name}\" findes ikke i kommunens katalog." if not found else
                          f"Flere tilbud hedder \"{name}\"; navnet skal være entydigt.")
        return found[0]

    def _create_decision(self, row: dict, case: Case) -> tuple[models.Model, str]:
        offer = self._offer(text(row, "offer", max_length=160, required=True, label="tilbud"))
        status = text(row, "status", max_length=20, required=True, label="status")
        if status not in DECISION_STATUSES:
            raise Refused(f"Status skal være en af: {', '.join(DECISION_STATUSES)} (afsluttede og afslåede "
                          "afgørelser bliver i det tidligere system).")
        requested_on = day(row, "requested_on", required=True)
        decision = visitation_services.request_offer(actor=self.actor, case=case, offer=offer,
                                                     requested_on=requested_on)
        if status == "requested":
            return decision, DECISION_STATUSES[status]
        decided_on = day(row, "decided_on", required=True)
        if decided_on is not None and requested_on is not None and decided_on < requested_on:
            raise Refused("Afgørelsen er dateret før ansøgningen (datoerne står i forkert rækkefølge).")
        priority = text(row, "priority", max_length=10) or "normal"
        if priority not in PRIORITIES:
            raise Refused("Prioriteten skal være \"urgent\" eller \"normal\".")
        start_on, review_on = day(row, "start_on", required=True), day(row, "review_on", required=True,
                                                                       kind="planned")
        assert start_on is not None and review_on is not None
        decision = visitation_services.grant(
            actor=self.actor, decision=decision, version=decision.version, start_on=start_on, review_on=review_on,
            reasons=text(row, "reasons", max_length=8000, required=True, label="begrundelse"),
            decided_on=decided_on, hours_per_week=amount(row, "hours_per_week"),
            goals=text(row, "goals", max_length=4000), services=codes(row, "services"),
            priority=PRIORITIES[priority])
        waiting = WaitlistEntry.objects.filter(decision=decision).exists()
        if status == "waiting" and not waiting:
            visitation_services.place_on_waitlist(actor=self.actor, decision=decision, priority=PRIORITIES[priority],
                                                  reason=text(row, "waitlist_reason", max_length=500),
                                                  added_on=day(row, "waitlisted_on"))
        elif status == "active":
            activated_on = day(row, "activated_on", required=True)
            decision = visitation_services.activate_grant(actor=self.actor, decision=decision, on=activated_on)
        elif status == "granted" and waiting:
            return decision, "bevilget; tilbuddet er fuldt, så borgeren er skrevet på venteliste"
        return decision, DECISION_STATUSES[status]

    def _create_plan(self, row: dict, citizen: Citizen) -> tuple[models.Model, str]:
        if Plan.objects.filter(citizen=citizen).exists():
            raise Refused("Borgeren har allerede en plan i Tovholder; den er ikke overskrevet.")
        plan = plan_services.save_plan(actor=self.actor, citizen=citizen, version=0,
                                       aim=text(row, "aim", max_length=4000),
                                       review_on=day(row, "review_on", kind="planned"))
        return plan, ""

    def _create_goal(self, row: dict, citizen: Citizen) -> tuple[models.Model, str]:
        goal_type = text(row, "goal_type", max_length=36, required=True, label="måltype")
        goal_type = GOAL_TYPE_WORDS.get(goal_type.casefold(), goal_type)
        decision = None
        decision_ext = text(row, "decision", max_length=MAX_ID)
        if decision_ext:
            decision = self.local.get((Kind.DECISION, decision_ext))
            if decision is None:
                decision = self._mapped(Kind.DECISION, decision_ext)
            if decision is None:
                raise Refused(f"Afgørelsen {decision_ext}, som målet hører til, er ikke indlæst.")
        created_on = day(row, "created_on")
        not_future(created_on, "created_on")
        goal = plan_services.add_goal(
            actor=self.actor, citizen=citizen, text=text(row, "text", max_length=1000, required=True, label="mål"),
            goal_type=goal_type, next_follow_up_on=day(row, "next_follow_up_on", required=True, kind="planned"),
            condition=text(row, "condition", max_length=36), start_level=whole(row, "start_level", 0, 4),
            target_level=whole(row, "target_level", 0, 4), decision=decision,
            secondary_conditions=codes(row, "secondary_conditions"), created_on=created_on)
        return goal, ""
