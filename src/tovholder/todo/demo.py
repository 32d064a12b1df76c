"""Demo: stored tasks on the workers' start pages — a few for each worker about citizens they coordinate
(some overdue, some done), and one for each team without a citizen. Computed tasks (orders waiting,
deadlines, follow-ups, citizens without a coordinator) come from the other apps' demo data by themselves.
Bulk inserts, deterministic."""

import datetime

from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.citizens.models import Citizen
from tovholder.demo.steps import DemoContext, step

from .models import Task

ABOUT_A_CITIZEN = [
    ("Ring og aftal næste hjemmebesøg", ""),
    ("Send referat af netværksmødet til egen læge", "Med borgerens samtykke."),
    ("Følg op på brevet fra boligselskabet om huslejen", "Borgeren har bedt om hjælp til at læse brevet."),
    ("Husk tandlægetid – tilbyd følgeskab", ""),
    ("Aftal evaluering af planen med borgeren", ""),
    ("Undersøg mulighed for praktik via Jobcentret", "Borgeren ønsker at prøve et arbejde igen."),
]
TEAM_TASKS = ["Fordel nye bestillinger på teammødet", "Opdatér teamets telefonliste", "Planlæg sommerens udflugt"]


@step(order=97)
def tasks(ctx: DemoContext) -> None:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(15)))  # the demo's day, not the clock
    rows = []
    coordinated: dict[int, list[int]] = {}  # coordinator -> their first four citizens (one query, not one each)
    for citizen_id, coordinator_id in (Citizen.objects.filter(municipality=m, coordinator__isnull=False)
                                       .order_by("pk").values_list("pk", "coordinator_id")):
        first = coordinated.setdefault(coordinator_id, [])
        if len(first) < 4:
            first.append(citizen_id)
    for unit_name, workers in sorted(ctx.staff.items()):
        unit = ctx.units[unit_name]
        for worker in workers:
            citizens = coordinated.get(worker.pk, [])
            for i, citizen in enumerate(citizens[:rng.randint(1, 4)]):
                title, detail = ABOUT_A_CITIZEN[(worker.pk + i) % len(ABOUT_A_CITIZEN)]
                due = today + datetime.timedelta(days=rng.randint(-6, 14))
                done = rng.random() < 0.2
                rows.append(Task(municipality=m, citizen_id=citizen, assignee=worker, team=unit, title=title,
                                 detail=detail, due=due, created_by=worker,
                                 status=Task.Status.DONE if done else Task.Status.OPEN,
                                 done_by=worker if done else None, done_at=now if done else None))
        if unit.kind == Unit.Kind.TEAM and workers:
            rows.append(Task(municipality=m, team=unit, title=TEAM_TASKS[unit.pk % len(TEAM_TASKS)],
                             due=today + datetime.timedelta(days=rng.randint(2, 10)), created_by=workers[0]))
    Task.objects.bulk_create(rows)
