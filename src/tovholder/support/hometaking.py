"""The saving of taking an externally bought case home: the external price against the team's cost.

The team's cost is data on the offer the case comes home to (`Offer.price` and `price_unit`: the
kompetenceteam's hourly rate, or a price per place), never a number in code. Pure functions.
"""

from dataclasses import dataclass
from decimal import Decimal

CENT = Decimal("0.01")


def external_per_year(price: Decimal, unit: str) -> Decimal:
    return price * 12 if unit == "month" else price


def team_per_year(price: Decimal, unit: str, hours_per_week: Decimal | None) -> Decimal | None:
    """The offer's cost a year of one case: an hourly price times the planned hours for 52 weeks, or the
    price of a place. None when it cannot be told (no hours for an hourly price, an offer without a price)."""
    if unit == "hour":
        return None if not hours_per_week else price * hours_per_week * 52
    return {"day": price * 365, "month": price * 12, "year": price}.get(unit)


@dataclass(frozen=True)
class Saving:
    external_year: Decimal
    team_year: Decimal | None  # None: not planned yet

    @property
    def external(self) -> Decimal:  # per month
        return (self.external_year / 12).quantize(CENT)

    @property
    def team(self) -> Decimal | None:  # per month
        return None if self.team_year is None else (self.team_year / 12).quantize(CENT)

    @property
    def per_year(self) -> Decimal | None:
        return None if self.team_year is None else (self.external_year - self.team_year).quantize(CENT)

    @property
    def per_month(self) -> Decimal | None:
        return None if self.per_year is None else (self.per_year / 12).quantize(CENT)


def saving_of(placement) -> Saving:
    offer = placement.home_offer
    team = (team_per_year(offer.price, offer.price_unit, placement.home_hours_per_week)
            if offer is not None else None)
    return Saving(external_per_year(placement.price, placement.price_unit), team)
