"""Demo money for the budget follow-up: the chart's functions for social psychiatry from 2016, the mapping of
the catalogue's offers per year by their legal basis, prices per offer (a step at new year and a price change
on 1 July this year), appropriations for 2016–2019, last year and this year with the 2016 budget agreement's
supplementary appropriations (2,5 m kr. in 2017, 2,0 m in 2018, 1,5 m in 2019; seed 000), the actual spend
of every month of this year that has ended, a handful of purchased places, and an explanation where the
expected result deviates. The original budgets are set near what the efforts cost, so the follow-up shows a
mix of small under- and overspends."""

import datetime
from collections import defaultdict
from decimal import Decimal

from tovholder.citizens.models import Citizen
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer
from tovholder.support.models import ExternalPlacement

from . import calc, chart, selectors
from .models import AccountFunction, ActualSpend, Appropriation, Explanation, FunctionMapping, OfferPrice, Supplement

AGREEMENT = {2017: Decimal(2_500_000), 2018: Decimal(2_000_000), 2019: Decimal(1_500_000)}
AGREEMENT_TEXT = ("Budgetforlig 2017: opprioritering af socialpsykiatrien – fire nye støtte-kontaktpersoner, en "
                  "stilling på Støberiet, gruppeforløb og kortere venteliste")
PURCHASED = [("Fonden Lindegården", "Bostøtte med døgndækning", Decimal(62_500), "month"),
             ("Privat leverandør: Støttehuset ApS", "Socialpædagogisk støtte, 12 timer om ugen", Decimal(28_900),
              "month"),
             ("Regionens højt specialiserede tilbud", "Midlertidigt ophold med behandling", Decimal(1_150_000),
              "year")]


def _months(today: datetime.date, n: int) -> datetime.date:
    month = today.month - 1 - n
    year = today.year + month // 12
    return datetime.date(year, month % 12 + 1, 1)


def _round(value: Decimal, to: int = 10_000) -> Decimal:
    return (value / to).quantize(Decimal(1)) * to


@step(order=97)
def budget(ctx: DemoContext) -> None:
    m, rng, today = ctx.municipality, ctx.rng, ctx.today
    lead = next(iter(ctx.managers), None)
    if lead is None:
        return
    year = today.year
    functions = AccountFunction.objects.bulk_create([
        AccountFunction(municipality=m, code=code, grouping=grouping, title=title, first_year=2016)
        for code, grouping, title in chart.STANDARD])
    by_account = {(f.code, f.grouping): f for f in functions}
    offers = list(Offer.objects.available_to(m).select_related("legal_basis").order_by("pk"))
    years = [2016, 2017, 2018, 2019, year - 1, year]
    mappings = []
    for offer in offers:
        account = chart.BY_PARAGRAPH.get(offer.legal_basis.paragraph if offer.legal_basis else "")
        if account is None:
            continue
        mappings += [FunctionMapping(municipality=m, offer=offer, year=y, function=by_account[account])
                     for y in range(2016, year + 1)]
    mappings += [FunctionMapping(municipality=m, offer=None, year=y, function=by_account[("5.38.38", "005")])
                 for y in range(2016, year + 1)]
    FunctionMapping.objects.bulk_create(mappings)
    prices = []
    for offer in offers:
        if offer.price_unit not in calc.UNITS or not offer.price:
            continue
        steps = [(datetime.date(2016, 1, 1), Decimal("0.86"), "Takst 2016"),
                 (datetime.date(year, 1, 1), Decimal("0.97"), f"Takst {year}")]
        if today >= datetime.date(year, 7, 1):
            steps.append((datetime.date(year, 7, 1), Decimal(1), "Ny takst efter overenskomst pr. 1. juli"))
        prices += [OfferPrice(municipality=m, offer=offer, valid_from=day, price=(offer.price * k).quantize(Decimal(1)),
                              unit=offer.price_unit, note=note, created_by=lead) for day, k, note in steps]
    OfferPrice.objects.bulk_create(prices)
    _purchased_places(ctx, offers, lead)
    # what the efforts cost per function and month this year: the base of the budgets and the booked spend
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    efforts = selectors._efforts(m.pk, first, last)
    price_rows = selectors._prices(m.pk, {e.offer_id for e in efforts if e.offer_id})
    mapped = {mp.offer_id: mp.function_id for mp in mappings if mp.year == year}
    monthly: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for effort in efforts:
        function_id = mapped.get(effort.offer_id)
        if function_id is None:
            continue
        for month in range(1, 13):
            month_first = datetime.date(year, month, 1)
            month_last = _months(month_first, -1) - calc.ONE_DAY
            monthly[function_id][month] += selectors._cost(effort, price_rows, month_first, month_last).amount
    appropriations, supplements, actuals = [], [], []
    for f in functions:
        cost = sum(monthly[f.pk].values(), Decimal(0))
        if not cost:
            continue
        base = _round(cost * Decimal(rng.uniform(0.92, 1.06)))
        for y in years:
            scale = Decimal(1) if y == year else Decimal(0.7 + 0.05 * (y - 2016)) if y < 2020 else Decimal("0.95")
            appropriations.append(Appropriation(municipality=m, function=f, year=y, original=_round(base * scale),
                                                updated_by=lead))
        for month in range(1, today.month):  # the months that have ended
            noise = Decimal(rng.uniform(0.94, 1.09))
            actuals.append(ActualSpend(municipality=m, function=f, year=year, month=month,
                                       amount=(monthly[f.pk][month] * noise).quantize(Decimal(1)), recorded_by=lead))
    skp = by_account[("5.38.38", "005")]
    supplements += [Supplement(municipality=m, function=skp, year=y, amount=amount,
                               decided_on=datetime.date(2016, 12, 19), text=AGREEMENT_TEXT, created_by=lead)
                    for y, amount in AGREEMENT.items()]
    if today.month > 3:
        supplements.append(Supplement(
            municipality=m, function=skp, year=year, amount=Decimal(-400_000), decided_on=datetime.date(year, 3, 25),
            text="Tilpasning: færre timer i kompetenceteamet, mens to stillinger står ledige", created_by=lead))
    Appropriation.objects.bulk_create(appropriations)
    Supplement.objects.bulk_create(supplements)
    ActualSpend.objects.bulk_create(actuals)
    Explanation.objects.bulk_create([Explanation(
        municipality=m, function=skp, year=year, updated_by=lead,
        text="Flere borgere har fået støtte i kompetenceteamet end forudsat, og tre borgere er i købte pladser "
             "hos eksterne leverandører. Hjemtagningen af to af dem er planlagt; det mindsker udgiften fra næste år.")])


def _purchased_places(ctx: DemoContext, offers: list[Offer], lead) -> None:
    """A handful of purchased external places beyond the kompetenceteam's: citizens with a case and no
    placement, bought for this year at a monthly or yearly price, some to come home to SKP."""
    m, today, rng = ctx.municipality, ctx.today, ctx.rng
    home = next((o for o in offers if o.name.startswith("SKP –")), None)
    unit = home.unit if home is not None and home.unit_id else None
    if unit is None:
        return
    taken = ExternalPlacement.objects.filter(municipality=m).values("citizen_id")
    citizens = list(Citizen.objects.filter(municipality=m, cases__isnull=False).exclude(pk__in=taken)
                    .distinct().order_by("pk").values_list("pk", flat=True)[:40])
    picked = rng.sample(citizens, min(len(PURCHASED), len(citizens)))
    ExternalPlacement.objects.bulk_create([ExternalPlacement(
        municipality=m, citizen_id=citizen_id, unit=unit, provider=provider, what=what, price=price,
        price_unit=per, starts_on=_months(today, rng.randint(2, 14)),
        ends_on=datetime.date(today.year + 1, 6, 30) if i == 0 else None,
        home_offer=home if i != 2 else None, created_by=lead)
        for i, (citizen_id, (provider, what, price, per)) in enumerate(zip(picked, PURCHASED, strict=False))])
