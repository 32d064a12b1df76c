"""The demo's retention: a rule per record kind, three citizens whose history (a case among it) ended six to
eight years ago – two proposed for deletion, one under a legal hold – and the archivist (login `arkiv`)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models

from tovholder.accounts.models import StaffProfile, Unit
from tovholder.citizens.models import Citizen, Involvement, active_on
from tovholder.demo import organisation
from tovholder.demo.steps import DemoContext, step
from tovholder.support.models import Episode
from tovholder.visitation.models import Case, CaseStatusChange, Request, Source

from . import registry
from .models import LegalHold, RetentionRule
from .services import holdings, propose_due_deletions

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
    today = ctx.today
    quiet = sorted(Citizen.objects.filter(municipality=ctx.municipality, coordinator__isnull=True)
                   .exclude(pk__in=Case.objects.values("citizen_id"))
                   .exclude(pk__in=Episode.objects.values("citizen_id"))
                   .exclude(pk__in=Involvement.objects.filter(active_on(today)).values("citizen_id"))
                   .values_list("pk", flat=True))
    old = Citizen.objects.filter(pk__in=ctx.rng.sample(quiet, min(3, len(quiet)))).order_by("pk")
    cases, requests = [], []
    for citizen in old:
        years = ctx.rng.choice([6, 7, 8])
        _move_back(citizen, years)
        closed = today - datetime.timedelta(days=years * 365 + ctx.rng.randint(0, 200))
        opened = closed - datetime.timedelta(days=ctx.rng.randint(200, 900))
        caseworker = ctx.rng.choice(ctx.staff[casework])
        requests.append(Request(municipality=ctx.municipality, citizen=citizen, source=Source.CITIZEN,
                                asks_for="Hjælp til at klare hverdagen efter en indlæggelse.",
                                received_on=opened - datetime.timedelta(days=ctx.rng.randint(3, 20)),
                                received_by=caseworker, status=Request.Status.CASE))
        cases.append(Case(municipality=ctx.municipality, citizen=citizen, caseworker=caseworker, opened_on=opened,
                          status=Case.Status.CLOSED, closed_on=closed))
    for request, case in zip(Request.objects.bulk_create(requests), cases, strict=True):
        case.request = request  # every case starts with a request, as in the rest of the demo
    Case.objects.bulk_create(cases)
    CaseStatusChange.objects.bulk_create(  # closed cases are dated, as in the rest of the demo
        CaseStatusChange(municipality=ctx.municipality, case=case, citizen=case.citizen, status=Case.Status.CLOSED,
                         on=case.closed_on, reason="Indsatsen er afsluttet, og der er ikke behov for mere.",
                         by=case.caseworker) for case in cases)
    if cases:
        LegalHold.objects.create(municipality=ctx.municipality, citizen=cases[-1].citizen, placed_by=archivist,
                                 reason="Klage over afgørelsen behandles i Ankestyrelsen")
    propose_due_deletions(municipality_id=ctx.municipality.pk, today=today)


def _move_back(citizen: Citizen, years: int) -> None:
    """A citizen whose history happened `years` earlier: every date and time of their rows moves back."""
    shift = datetime.timedelta(days=years * 365)
    for model, pks in holdings(citizen).items():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.DateField))]
        if not fields:
            continue
        rows = list(model._base_manager.filter(pk__in=pks))
        for row in rows:
            for name in fields:
                if getattr(row, name) is not None:
                    setattr(row, name, getattr(row, name) - shift)
        model._base_manager.bulk_update(rows, fields)


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
