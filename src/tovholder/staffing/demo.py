"""The demo's staffing plan 2016–now with the 2016 budget agreement's step in 2017 (seed 000: four more
support workers and one position at Støberiet), and employment periods for the demo staff.

The demo's reading of the seeds: the 2014 plan (seed 002, Bilag 2) set SKP at 8, the kompetenceteam at 3,
Ungeindsats at 10 and ASF at 2; the 2016 savings had left SKP at 4 and Støberiet a position short, and the
agreement's five positions came back from 2017 — hired through the year, one of them part time at first.
Leaders are not in the plan (it counts the positions of the teams' staff)."""

import datetime
from decimal import Decimal

from tovholder.accounts.models import Unit
from tovholder.demo.steps import DemoContext, step

from .models import EmploymentPeriod, PlannedStaffing

FIRST_YEAR = 2016
AGREEMENT = "Budgetforlig 2016: fire nye støtte-kontaktpersoner"
STOEBERIET = "Budgetforlig 2016: én stilling mere på Støberiet"

# unit -> (FTE 2016, FTE from 2017, the reason of the 2017 change)
BALLERUP_PLAN = {
    "SKP-teamet": (Decimal("4"), Decimal("8"), AGREEMENT),
    "Kompetenceteamet": (Decimal("3"), Decimal("3"), ""),
    "Ballerup Ungeindsats": (Decimal("10"), Decimal("10"), ""),
    "ASF-teamet": (Decimal("2"), Decimal("2"), ""),
    "Støberiet": (Decimal("2.7"), Decimal("3.7"), STOEBERIET),
    "Skolehaven": (Decimal("4.5"), Decimal("4.5"), ""),
    "Akut- og rehabiliteringspladserne": (Decimal("2.7"), Decimal("2.7"), ""),
    "Social Vejledning": (Decimal("5"), Decimal("5"), ""),
}
D = datetime.date
# the agreement's new hires: username -> [(from, to, FTE)]
HIRES = {
    "skp5": [(D(2017, 2, 1), None, "1")],
    "skp6": [(D(2017, 3, 16), None, "1")],  # mid-month
    "skp7": [(D(2017, 5, 1), D(2018, 12, 31), "0.8"), (D(2019, 1, 1), None, "1")],  # part time at first
    "skp8": [(D(2017, 9, 1), None, "1")],
    "stoeb4": [(D(2017, 4, 1), None, "1")],
}
# part time now (the vacancies the manager sees today)
REDUCED = {"asf2": (D(2022, 8, 1), "0.8"), "skp3": (D(2024, 1, 1), "0.8")}


def _author(ctx: DemoContext):
    return next((u for u in ctx.managers if u.username in ("leder", "herlev-leder")), ctx.managers[0])


@step(order=92)
def staffing_plan(ctx: DemoContext) -> None:
    if not ctx.managers:
        return
    author = _author(ctx)
    plans, periods = [], []
    teams = {name: unit for name, unit in ctx.units.items() if unit.kind != Unit.Kind.MANAGEMENT}
    spec = BALLERUP_PLAN if ctx.municipality.code == "151" else {
        name: (Decimal(len(ctx.staff.get(name, []))),) * 2 + ("",) for name in teams}
    for name, (before, after, reason) in spec.items():
        unit = ctx.units.get(name)
        if unit is None:
            continue
        if ctx.municipality.code == "151" and ctx.scale > 1:  # a larger demo: the plan grew with its teams
            before, after = ((fte * ctx.scale).quantize(Decimal("0.1")) for fte in (before, after))
        for year in range(FIRST_YEAR, ctx.today.year + 2):
            fte = before if year == FIRST_YEAR else after
            note = reason if year == FIRST_YEAR + 1 else ""
            plans.append(PlannedStaffing(municipality=ctx.municipality, unit=unit, year=year, fte=fte, note=note,
                                         updated_by=author))
        for user in ctx.staff.get(name, []):
            profile = user.staff
            for start, end, fte in _periods(ctx, user.username, Decimal(profile.fte)):
                periods.append(EmploymentPeriod(municipality=ctx.municipality, staff=profile, unit=unit,
                                                starts_on=start, ends_on=end, fte=Decimal(fte),
                                                registered_by=author))
    PlannedStaffing.objects.bulk_create(plans)
    EmploymentPeriod.objects.bulk_create(periods)


def _periods(ctx: DemoContext, username: str, fte: Decimal) -> list[tuple]:
    if username in HIRES:
        return HIRES[username]
    start = D(ctx.rng.randint(2006, 2015), ctx.rng.randint(1, 12), 1)
    if username in REDUCED:
        since, part = REDUCED[username]
        return [(start, since - datetime.timedelta(days=1), str(fte)), (since, None, part)]
    return [(start, None, str(fte))]
