"""The demo's retention: a rule per record kind, three citizens whose cases closed more than five years ago –
two proposed for deletion, one under a legal hold – and the archivist (login `arkiv`) who decides."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tovholder.accounts.models import StaffProfile, Unit
from tovholder.citizens.cpr import serial_digit_for
from tovholder.citizens.models import Citizen
from tovholder.demo import organisation
from tovholder.demo.steps import DemoContext, step
from tovholder.visitation.models import Case

from . import registry
from .models import LegalHold, RetentionRule
from .services import propose_due_deletions

BASIS = {
    "case": "Arkivloven og KL's journalplan: sager efter serviceloven opbevares 5 år efter, at sagen er lukket",
    "episode": "Som sagen: dokumentation af leveret støtte opbevares 5 år efter forløbets afslutning",
}


@step(order=95)
def retention(ctx: DemoContext) -> None:
    RetentionRule.objects.bulk_create(
        RetentionRule(municipality=ctx.municipality, kind=kind.key, years=5, basis=BASIS.get(kind.key, ""))
        for kind in registry.kinds())
    if ctx.municipality.code != organisation.MAIN[0]:
        propose_due_deletions(municipality_id=ctx.municipality.pk, today=ctx.today)
        return
    archivist = _archivist(ctx)
    casework = next(name for name, unit in ctx.units.items() if unit.kind == Unit.Kind.CASEWORK)
    used = set(Citizen.objects.filter(municipality=ctx.municipality).values_list("cpr", flat=True))
    old = []
    for _ in range(3):
        born = ctx.today - datetime.timedelta(days=ctx.rng.randint(35 * 365, 70 * 365))
        female = ctx.rng.random() < 0.5
        cpr = ""
        while not cpr or cpr in used:
            serial = ctx.rng.choice(serial_digit_for(born.year)) * 1000 + ctx.rng.randint(0, 999)
            cpr = f"{born:%d%m%y}{serial - serial % 2 + (0 if female else 1):04d}"
        used.add(cpr)
        old.append(Citizen(municipality=ctx.municipality, cpr=cpr, birth_date=born,
                           first_name=ctx.fake.first_name_female() if female else ctx.fake.first_name_male(),
                           last_name=ctx.fake.last_name(), address=ctx.fake.street_address()))
    old = Citizen.objects.bulk_create(old)
    cases = []
    for citizen in old:
        closed = ctx.today - datetime.timedelta(days=ctx.rng.randint(int(5.2 * 365), 8 * 365))
        cases.append(Case(municipality=ctx.municipality, citizen=citizen,
                          caseworker=ctx.rng.choice(ctx.staff[casework]),
                          opened_on=closed - datetime.timedelta(days=ctx.rng.randint(200, 900)),
                          status=Case.Status.CLOSED, closed_on=closed))
    Case.objects.bulk_create(cases)
    LegalHold.objects.create(municipality=ctx.municipality, citizen=old[-1], placed_by=archivist,
                             reason="Klage over afgørelsen behandles i Ankestyrelsen")
    propose_due_deletions(municipality_id=ctx.municipality.pk, today=ctx.today)


def _archivist(ctx: DemoContext):
    """The archivist, with the demo password (the hash of a colleague's: the same password)."""
    colleague = get_user_model().objects.filter(staff__municipality=ctx.municipality).order_by("pk").first()
    assert colleague is not None
    user = get_user_model().objects.create(username="arkiv", password=colleague.password,
                                           first_name=ctx.fake.first_name(), last_name=ctx.fake.last_name(),
                                           email="arkiv@demo.invalid")
    user.groups.add(Group.objects.get(name="Arkivansvarlig"))
    profile = StaffProfile.objects.create(user=user, municipality=ctx.municipality, fte=1,
                                          title="Arkivansvarlig (opbevaring og sletning)")
    profile.units.add(next(u for u in ctx.units.values() if u.kind == Unit.Kind.MANAGEMENT))
    return user
