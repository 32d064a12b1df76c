"""The follow-up, the figures per offer and the expensive cases on the budget world (conftest), each
against the hand-computed value."""

from decimal import Decimal

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.budget import selectors, services

from .conftest import D, Y


def _book_first_half(world, bw):
    for month in range(1, 7):
        services.record_actual(actor=world.manager, function=bw.f85, year=Y, month=month, amount="10.000")


def test_the_follow_up_line_for_paragraph_85(world, bw):
    m = world.manager
    services.set_original(actor=m, function=bw.f85, year=Y, amount="300.000")
    services.add_supplement(actor=m, function=bw.f85, year=Y, amount="50.000", decided_on=D(2024, 12, 19),
                            text="Budgetforlig: flere støtte-kontaktpersoner")
    _book_first_half(world, bw)
    data = selectors.follow_up(m, Y, today=D(Y, 7, 20))
    line = next(x for x in data.lines if x.function == bw.f85)
    assert (line.original, line.supplement_total, line.corrected) == (Decimal(300000), Decimal(50000),
                                                                      Decimal(350000))
    assert line.actual == Decimal(60000) and line.booked_through == 6
    # from 1 July: Anna 2 h × 550 × 184/7 = 28.914,29; Bo ended in February; Casey's place 99.354,84
    assert line.committed == Decimal("28914.29") + Decimal("99354.84")
    assert line.expected == Decimal(60000) + line.committed
    assert line.deviation == Decimal(350000) - line.expected
    assert line.band is None  # the six booked months are all equal: no spread
    assert line.offers == ["SKP"]


def test_committed_spend_counts_from_the_month_after_the_last_booked(world, bw):
    data = selectors.follow_up(world.manager, Y, today=D(Y, 7, 20))
    f85 = next(x for x in data.lines if x.function == bw.f85)
    f107 = next(x for x in data.lines if x.function == bw.f107)
    # nothing booked: the whole year from the efforts: Anna 54.771,43 + Bo 41 days × 3 h/7 × 500 = 8.785,71
    # + Casey 99.354,84; the housing 31 days × 1.000
    assert f85.committed == Decimal("54771.43") + Decimal("8785.71") + Decimal("99354.84")
    assert f107.committed == Decimal(31000)
    assert data.totals["expected"] == f85.committed + f107.committed


def test_the_band_comes_from_the_spread_of_the_booked_months(world, bw):
    for month, amount in ((1, "10.000"), (2, "12.000"), (3, "14.000")):
        services.record_actual(actor=world.manager, function=bw.f85, year=Y, month=month, amount=amount)
    line = next(x for x in selectors.follow_up(world.manager, Y).lines if x.function == bw.f85)
    # sd of 10, 12, 14 thousand = 2.000; nine months left: 1,645 × 2.000 × 3 = 9.870
    assert line.band == (round(line.expected - 9870), round(line.expected + 9870))


def test_per_offer_a_citizen_counts_in_both_offers_but_once_in_all(world, bw):
    data = selectors.by_offer(world.manager, Y, today=D(Y, 10, 10))
    skp = next(x for x in data.lines if x.name == "SKP")
    housing = next(x for x in data.lines if x.name == "Botilbud")
    assert (skp.recipients, housing.recipients, data.recipients) == (3, 1, 3)  # Anna in both, once in all
    assert round(skp.full_year_persons, 9) == round(Decimal(365 + 41 + 76) / 365, 9)
    assert round(housing.full_year_persons, 9) == round(Decimal(31) / 365, 9)
    # Anna's March is inside her SKP year
    assert round(data.full_year_persons, 9) == round(Decimal(365 + 41 + 76) / 365, 9)
    assert skp.cost == Decimal("54771.43") + Decimal("8785.71") and skp.purchased_cost == Decimal("99354.84")
    assert skp.average == ((skp.cost + skp.purchased_cost) * 365 / (365 + 41 + 76)).quantize(Decimal(1))
    assert (skp.own_now, skp.purchased_now) == (1, 1) and housing.own_now == 0
    assert skp.function == "5.38.38.005" and housing.function == "5.38.52"


def test_expensive_cases_name_only_those_the_reader_knows_and_the_list_is_logged(world, bw):
    cases = selectors.expensive_cases(world.manager, Y, threshold=Decimal(80000))
    # Casey 99.354,84 (a purchased place), Anna 54.771,43 + 31.000; Bo 8.785,71 is under the threshold
    assert [c.cost for c in cases] == [Decimal("99354.84"), Decimal("85771.43")]
    assert cases[0].purchased and cases[0].citizen is None  # the manager does not know Casey
    assert cases[1].citizen == world.anna and cases[1].offers == ["Botilbud", "SKP"]
    logged = set(AccessEvent.objects.filter(actor=world.manager).values_list("citizen_id", flat=True))
    assert logged == {world.anna.pk}


def test_every_write_is_audited(world, bw):
    assert AuditEvent.objects.filter(action__startswith="budget.mapping_set").count() == 4
    assert AuditEvent.objects.filter(action="budget.price_set").count() == 2
