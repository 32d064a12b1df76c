"""Demo history for forecasts: the shipped example scenarios as the municipality's own, ready to run.

A handful of rows per municipality (constant time, whatever the number of citizens); only where the
catalogue has offers the examples map to and a manager exists to own them.
"""

from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer

from .models import Scenario
from .scenarios import DEFAULT_CATALOGUE, SHIPPED_TITLES, shipped_choices, shipped_dict


@step(order=90)
def example_scenarios(ctx: DemoContext) -> None:
    if not ctx.managers:
        return
    names = set(Offer.objects.filter(municipality=ctx.municipality).values_list("name", flat=True))
    if not names & set(DEFAULT_CATALOGUE.values()):
        return
    owner = sorted(ctx.managers, key=lambda user: user.pk)[0]
    rows = []
    for shipped, title in shipped_choices():
        data = shipped_dict(shipped)
        rows.append(Scenario(municipality=ctx.municipality, name=SHIPPED_TITLES.get(shipped, title), data=data,
                             description=str(data.get("description", ""))[:2000], based_on=shipped,
                             created_by=owner, updated_by=owner))
    Scenario.objects.bulk_create(rows)
