"""A budget world on top of the standing world, in the fixed year 2025 (not a leap year), so every figure
can be computed by hand:

- the chart loaded from 2024; SKP (§ 85, hourly) booked on 5.38.38.005, the housing (§ 107, per day) on
  5.38.52;
- SKP costs 500 kr./hour from 1 January 2024 and 550 kr./hour from 1 July 2025 (a price change mid-year);
  the housing has no price of its own, so the catalogue's 1.000 kr. per day holds;
- Anna: SKP 2 hours a week all of 2025 (running), and the housing 1–31 March 2025 (ended): one citizen in
  two offers;
- Bo: SKP 3 hours a week from 15 November 2024 to 10 February 2025 (a period crossing a year);
- Casey: a purchased place (home offer SKP) at 40.000 kr. a month from 1 October to 15 December 2025 (ending
  mid-month)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tovholder.budget import services
from tovholder.budget.models import AccountFunction
from tovholder.offers.models import LegalBasis, Offer
from tovholder.support.models import ExternalPlacement
from tovholder.visitation.models import Case, Decision

Y = 2025
D = datetime.date
S = Decision.Status


@dataclass
class BudgetWorld:
    skp: Offer
    housing: Offer
    f85: AccountFunction
    f107: AccountFunction


def effort(world, citizen, offer, *, start, end=None, hours=None, status=S.ACTIVE) -> Decision:
    case = Case.objects.create(municipality=world.ballerup, citizen=citizen, caseworker=world.caseworker,
                               opened_on=start - datetime.timedelta(days=30))
    return Decision.objects.create(municipality=world.ballerup, case=case, citizen=citizen, offer=offer,
                                   status=status, requested_on=start - datetime.timedelta(days=30),
                                   decided_on=start - datetime.timedelta(days=10), start_on=start,
                                   activated_on=start, ended_on=end, hours_per_week=hours,
                                   reasons="Bevilget til budgettest.")


@pytest.fixture
def bw(world) -> BudgetWorld:
    p85, _ = LegalBasis.objects.get_or_create(law="Serviceloven", paragraph="§ 85",
                                              defaults={"title": "Socialpædagogisk støtte"})
    p107, _ = LegalBasis.objects.get_or_create(law="Serviceloven", paragraph="§ 107",
                                               defaults={"title": "Midlertidigt botilbud"})
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", legal_basis=p85, format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(40), unit=world.skp)
    housing = Offer.objects.create(municipality=world.ballerup, name="Botilbud", legal_basis=p107,
                                   format="residential", capacity_kind="places", capacity=Decimal(5),
                                   price=Decimal(1000), price_unit="day")
    m = world.manager
    services.load_standard_chart(actor=m, first_year=2024)
    f85 = AccountFunction.objects.get(municipality=world.ballerup, code="5.38.38", grouping="005")
    f107 = AccountFunction.objects.get(municipality=world.ballerup, code="5.38.52")
    for year in (2024, Y):
        services.set_mapping(actor=m, offer=skp, year=year, function=f85)
        services.set_mapping(actor=m, offer=housing, year=year, function=f107)
    services.set_price(actor=m, offer=skp, valid_from=D(2024, 1, 1), price="500", unit="hour")
    services.set_price(actor=m, offer=skp, valid_from=D(Y, 7, 1), price="550", unit="hour")
    effort(world, world.anna, skp, start=D(Y, 1, 1), hours=Decimal(2))
    effort(world, world.anna, housing, start=D(Y, 3, 1), end=D(Y, 3, 31), status=S.ENDED)
    effort(world, world.bo, skp, start=D(2024, 11, 15), end=D(Y, 2, 10), hours=Decimal(3), status=S.ENDED)
    ExternalPlacement.objects.create(municipality=world.ballerup, citizen=world.casey, unit=world.skp,
                                     provider="Privat leverandør", what="Bostøtte", price=Decimal(40000),
                                     price_unit="month", starts_on=D(Y, 10, 1), ends_on=D(Y, 12, 15),
                                     home_offer=skp, created_by=m)
    return BudgetWorld(skp, housing, f85, f107)
