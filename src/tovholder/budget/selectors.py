"""The follow-up as the manager reads it: per function the columns Danish municipalities use (oprindeligt
budget, tillægsbevillinger, korrigeret budget, forbrug til dato, forventet regnskab, forventet afvigelse,
forklaring), with the committed spend for the rest of the year computed from the granted and ordered
efforts and the purchased places; per offer the recipients, full-year persons, average price, own and
purchased places; and the most expensive single cases, named only within need to know.

The efforts and placements are read as bare numbers (dates, hours, prices) for the arithmetic in `calc`;
names are read only for the expensive cases, through `Citizen.objects.known_to(user)`, and logged."""

import datetime
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from tovholder.accounts.principals import Actor, Principal, principal_of, require_perm
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen
from tovholder.offers.models import Offer
from tovholder.support.models import ExternalPlacement
from tovholder.visitation.models import Decision

from . import calc
from .models import (
    AccountFunction,
    ActualSpend,
    Appropriation,
    Explanation,
    FunctionMapping,
    OfferPrice,
    SpendImport,
    Supplement,
)
from .services import MONTHS

FOLLOW = "budget.follow_budget"
MANAGE = "budget.manage_budget"
S = Decision.Status
COUNTED = (S.GRANTED, S.ORDERED, S.ACTIVE, S.ENDED)
IN_FORCE = (S.GRANTED, S.ORDERED, S.ACTIVE)
Z90 = 1.645  # a 90 % band
DEFAULT_THRESHOLD = Decimal(500_000)
EXPENSIVE_SHOWN = 25


def require_follow(user: Actor) -> Principal:
    return require_perm(user, FOLLOW)


# --- the inputs of the arithmetic --------------------------------------------------------------------------

@dataclass(frozen=True)
class Effort:
    """One granted effort, or one purchased place (purchased=True), as numbers."""

    citizen_id: int
    offer_id: int | None
    start: datetime.date
    end: datetime.date | None
    hours: Decimal | None
    in_force: bool
    purchased: bool = False
    prices: tuple[calc.Price, ...] = ()  # a purchased place's own price


def _prices(municipality_id: int, offer_ids) -> dict[int, list[calc.Price]]:
    """The prices of each offer over time: the budget's price rows, or — for an offer without one — the
    catalogue's price (if it is per hour, day, month or year), valid always."""
    prices: dict[int, list[calc.Price]] = defaultdict(list)
    for offer_id, valid_from, price, unit in OfferPrice.objects.filter(
            municipality_id=municipality_id, offer_id__in=offer_ids).values_list("offer_id", "valid_from", "price",
                                                                                 "unit"):
        prices[offer_id].append(calc.Price(valid_from, price, unit))
    for offer_id, price, unit in Offer.objects.filter(pk__in=offer_ids).values_list("pk", "price", "price_unit"):
        if offer_id not in prices and unit in calc.UNITS:
            prices[offer_id].append(calc.Price(datetime.date(1900, 1, 1), price, unit))
    return prices


def _efforts(municipality_id: int, first: datetime.date, last: datetime.date) -> list[Effort]:
    out = []
    rows = (Decision.objects.filter(municipality_id=municipality_id, status__in=COUNTED)
            .exclude(ended_on__lt=first)
            .values_list("citizen_id", "offer_id", "status", "activated_on", "start_on", "decided_on", "ended_on",
                         "hours_per_week"))
    for citizen_id, offer_id, status, activated_on, start_on, decided_on, ended_on, hours in rows:
        start = activated_on or start_on or decided_on
        if start is None or start > last or (ended_on is not None and ended_on < start):
            continue
        out.append(Effort(citizen_id, offer_id, start, ended_on, hours, status in IN_FORCE))
    placements = (ExternalPlacement.objects.filter(municipality_id=municipality_id, starts_on__lte=last)
                  .exclude(ends_on__lt=first)
                  .values_list("citizen_id", "home_offer_id", "starts_on", "ends_on", "taken_home_on", "price",
                               "price_unit"))
    for citizen_id, offer_id, starts_on, ends_on, taken_home_on, price, unit in placements:
        end = ends_on
        if taken_home_on is not None:
            home_end = taken_home_on - calc.ONE_DAY
            end = home_end if end is None else min(end, home_end)
        if end is not None and end < starts_on:
            continue
        out.append(Effort(citizen_id, offer_id, starts_on, end, None, True, purchased=True,
                          prices=(calc.Price(starts_on, price, unit),)))
    return out


def _cost(effort: Effort, prices: dict[int, list[calc.Price]], first: datetime.date, last: datetime.date
          ) -> calc.Cost:
    part = calc.clip(effort.start, effort.end, first, last)
    if part is None:
        return calc.Cost(Decimal(0))
    own = effort.prices if effort.purchased else tuple(prices.get(effort.offer_id or 0, ()))
    return calc.cost(*part, own, hours_per_week=effort.hours)


# --- the follow-up table --------------------------------------------------------------------------------------

@dataclass
class Line:
    function: AccountFunction
    original: Decimal = Decimal(0)
    appropriation_version: int | None = None
    supplements: list = field(default_factory=list)
    actual: Decimal = Decimal(0)
    monthly: dict[int, Decimal] = field(default_factory=dict)
    committed: Decimal = Decimal(0)
    committed_from: datetime.date | None = None
    band: tuple[Decimal, Decimal] | None = None
    explanation: Explanation | None = None
    offers: list[str] = field(default_factory=list)
    unpriced: int = 0  # efforts of the function with days no price covered (or no hours for an hourly price)

    @property
    def supplement_total(self) -> Decimal:
        return sum((s.amount for s in self.supplements), Decimal(0))

    @property
    def corrected(self) -> Decimal:
        return self.original + self.supplement_total

    @property
    def booked_through(self) -> int:
        return max(self.monthly, default=0)

    @property
    def booked_through_name(self) -> str:
        return MONTHS[self.booked_through - 1] if self.booked_through else ""

    @property
    def expected(self) -> Decimal:
        return self.actual + self.committed

    @property
    def deviation(self) -> Decimal:
        """Corrected budget minus the expected result: positive is an underspend (mindreforbrug)."""
        return self.corrected - self.expected


@dataclass
class FollowUp:
    year: int
    today: datetime.date
    lines: list[Line]
    unmapped: list[str]  # offers with spend in the year but no function
    imports: list[SpendImport]

    def total(self, attr: str) -> Decimal:
        return sum((getattr(line, attr) for line in self.lines), Decimal(0))

    @property
    def totals(self) -> dict[str, Decimal]:
        return {a: self.total(a) for a in ("original", "supplement_total", "corrected", "actual", "committed",
                                           "expected", "deviation")}


def _band(monthly: dict[int, Decimal], booked_through: int) -> float | None:
    """Half the width of a 90 % band on the rest of the year: the months still to come vary as the booked
    months did (their standard deviation), independently (so it grows with the square root of their number).
    Only with at least three booked months and a month left."""
    if len(monthly) < 3 or booked_through >= 12:
        return None
    sd = statistics.stdev(float(v) for v in monthly.values())
    if sd == 0:
        return None
    return Z90 * sd * math.sqrt(12 - booked_through)


def follow_up(user: Actor, year: int, *, today: datetime.date | None = None) -> FollowUp:
    principal = require_follow(user)
    m = principal.municipality_id
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    functions = [f for f in AccountFunction.objects.filter(municipality_id=m) if f.valid_in(year)]
    lines = {f.pk: Line(f) for f in functions}
    for a in Appropriation.objects.filter(municipality_id=m, year=year):
        if a.function_id in lines:
            lines[a.function_id].original, lines[a.function_id].appropriation_version = a.original, a.version
    for s in Supplement.objects.filter(municipality_id=m, year=year).order_by("decided_on", "pk"):
        if s.function_id in lines:
            lines[s.function_id].supplements.append(s)
    for function_id, month, amount in ActualSpend.objects.filter(municipality_id=m, year=year).values_list(
            "function_id", "month", "amount"):
        if function_id in lines:
            lines[function_id].monthly[month] = amount
            lines[function_id].actual += amount
    for e in Explanation.objects.filter(municipality_id=m, year=year):
        if e.function_id in lines:
            lines[e.function_id].explanation = e
    mapping: dict[int | None, int] = dict(FunctionMapping.objects.filter(municipality_id=m, year=year)
                                          .values_list("offer_id", "function_id"))
    names = dict(Offer.objects.filter(pk__in=[o for o in mapping if o]).values_list("pk", "name"))
    for offer_id, function_id in mapping.items():
        if function_id in lines:
            lines[function_id].offers.append(names[offer_id] if offer_id else "købte pladser uden tilbud")
    for line in lines.values():
        line.offers.sort()
        booked = line.booked_through
        line.committed_from = datetime.date(year, booked + 1, 1) if booked < 12 else None
    efforts = _efforts(m, first, last)
    prices = _prices(m, {e.offer_id for e in efforts if e.offer_id})
    unmapped: set[int] = set()
    for effort in efforts:
        found = lines.get(mapping.get(effort.offer_id) or 0)
        if found is None:
            if effort.offer_id and (effort.purchased or prices.get(effort.offer_id)):
                unmapped.add(effort.offer_id)
            continue
        if found.committed_from is None:
            continue
        c = _cost(effort, prices, found.committed_from, last)
        found.committed += c.amount
        found.unpriced += 1 if c.unpriced_days else 0
    for line in lines.values():
        half = _band(line.monthly, line.booked_through)
        if half is not None:
            expected = float(line.expected)
            line.band = (calc.rounded(Decimal(expected - half), "1"), calc.rounded(Decimal(expected + half), "1"))
    unmapped_names = sorted(Offer.objects.filter(pk__in=unmapped).values_list("name", flat=True))
    imports = list(SpendImport.objects.filter(municipality_id=m).select_related("imported_by")[:5])
    ordered = sorted(lines.values(), key=lambda line: (line.function.code, line.function.grouping))
    return FollowUp(year, today, ordered, unmapped_names, imports)


def years(user: Actor) -> list[int]:
    """The years the follow-up can be shown for: those with an appropriation, and this year."""
    principal = require_follow(user)
    found = set(Appropriation.objects.filter(municipality_id=principal.municipality_id)
                .values_list("year", flat=True).distinct())
    found.add(timezone.localdate().year)
    return sorted(found)


# --- price × quantity per offer ---------------------------------------------------------------------------------

@dataclass
class OfferLine:
    offer_id: int
    name: str
    function: str
    recipients: int = 0
    full_year_persons: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)  # the year's cost of the own efforts
    purchased_cost: Decimal = Decimal(0)
    own_now: int = 0
    purchased_now: int = 0
    unpriced: int = 0

    @property
    def total(self) -> Decimal:
        return self.cost + self.purchased_cost

    @property
    def average(self) -> Decimal | None:
        """The average price per full-year person (own and purchased)."""
        return calc.rounded(self.total / self.full_year_persons, "1") if self.full_year_persons else None


@dataclass
class ByOffer:
    year: int
    lines: list[OfferLine]
    recipients: int  # distinct citizens over all offers: one citizen counted once
    full_year_persons: Decimal  # days covered by any effort, overlaps across offers counted once


def by_offer(user: Actor, year: int, *, today: datetime.date | None = None) -> ByOffer:
    principal = require_follow(user)
    m = principal.municipality_id
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    efforts = [e for e in _efforts(m, first, last) if e.offer_id]
    prices = _prices(m, {e.offer_id for e in efforts})
    mapping = dict(FunctionMapping.objects.filter(municipality_id=m, year=year).values_list("offer_id",
                                                                                           "function_id"))
    accounts = {f.pk: f.account for f in AccountFunction.objects.filter(municipality_id=m)}
    offers = dict(Offer.objects.filter(pk__in={e.offer_id for e in efforts} | {o for o in mapping if o})
                  .values_list("pk", "name"))
    lines = {pk: OfferLine(pk, name, accounts.get(mapping.get(pk, 0), "")) for pk, name in offers.items()}
    per_offer: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    per_citizen: dict[int, list] = defaultdict(list)
    for e in efforts:
        offer_id = e.offer_id or 0
        line = lines[offer_id]
        c = _cost(e, prices, first, last)
        if e.purchased:
            line.purchased_cost += c.amount
        else:
            line.cost += c.amount
        line.unpriced += 1 if c.unpriced_days else 0
        covers_today = e.start <= today and (e.end is None or today <= e.end) and e.in_force
        if covers_today and first <= today <= last:
            if e.purchased:
                line.purchased_now += 1
            else:
                line.own_now += 1
        per_offer[offer_id][e.citizen_id].append((e.start, e.end))
        per_citizen[e.citizen_id].append((e.start, e.end))
    for offer_id, citizens in per_offer.items():
        line = lines[offer_id]
        line.recipients = len(citizens)
        line.full_year_persons = sum((calc.full_year_persons(iv, year) for iv in citizens.values()), Decimal(0))
    total_fyp = sum((calc.full_year_persons(iv, year) for iv in per_citizen.values()), Decimal(0))
    shown = sorted((line for line in lines.values() if line.recipients or line.function),
                   key=lambda line: (line.function or "9", line.name))
    return ByOffer(year, shown, len(per_citizen), total_fyp)


# --- the most expensive single cases -----------------------------------------------------------------------------

@dataclass
class ExpensiveCase:
    rank: int
    cost: Decimal
    offers: list[str]
    purchased: bool
    citizen: Citizen | None  # only when the reader knows the citizen
    offer_ids: tuple[int, ...] = ()


def expensive_cases(user: Actor, year: int, *, threshold: Decimal = DEFAULT_THRESHOLD, named: bool = True
                    ) -> list[ExpensiveCase]:
    """The citizens whose efforts and purchased places cost more than the threshold in the year, dearest
    first. A citizen the reader has need to know of is named (and the list's showing is logged); the
    others are shown without a name. With `named=False` (the committee report) nobody is named or read."""
    principal = require_follow(user)
    m = principal.municipality_id
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    efforts = _efforts(m, first, last)
    prices = _prices(m, {e.offer_id for e in efforts if e.offer_id})
    totals: dict[int, Decimal] = defaultdict(Decimal)
    offers: dict[int, set] = defaultdict(set)
    bought: set[int] = set()
    for e in efforts:
        amount = _cost(e, prices, first, last).amount
        if amount:
            totals[e.citizen_id] += amount
            if e.offer_id:
                offers[e.citizen_id].add(e.offer_id)
            if e.purchased:
                bought.add(e.citizen_id)
    above = sorted(((amount, cid) for cid, amount in totals.items() if amount > threshold), reverse=True)
    above = above[:EXPENSIVE_SHOWN]
    names = dict(Offer.objects.filter(pk__in={o for cid in totals for o in offers[cid]}).values_list("pk", "name"))
    known = {c.pk: c for c in Citizen.objects.known_to(user).filter(pk__in=[cid for _a, cid in above])} \
        if named else {}
    cases = [ExpensiveCase(i, amount, sorted(names[o] for o in offers[cid]), cid in bought, known.get(cid),
                           tuple(sorted(offers[cid]))) for i, (amount, cid) in enumerate(above, start=1)]
    if any(case.citizen for case in cases) and principal_of(user).municipality_id == m:
        record_list_access(actor=user, citizens=[case.citizen for case in cases if case.citizen],
                           what="Økonomi: dyreste enkeltsager")
    return cases
