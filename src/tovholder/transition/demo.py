"""Demo: young people approaching 18 in the main municipality (nine of the demo's own citizens) — known to a
caseworker in Social Vejledning and a mentor in Ungeindsats; most with a request from children's services;
three with a transition (one handed over at 18, two being prepared with a handover meeting planned); a task for
the caseworker for each at 17½ without one. Bulk inserts, deterministic."""

import datetime

from tovholder.citizens.cpr import serial_digit_for
from tovholder.citizens.models import Citizen, Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.layout import formats
from tovholder.todo.models import Task
from tovholder.todo.services import ref_of
from tovholder.visitation.models import Case, Request, Source

from .models import Transition, eighteenth_birthday, prepare_from
from .services import OPEN_BEFORE, TASK_SOURCE

# months until the 18th birthday (negative: turned 18 that long ago)
MONTHS = [-1, 1, 2, 3, 4, 5, 7, 9, 11]
HANDED_OVER = {-1}
PREPARING = {1, 3}
ASKS = "Overgang ved 18 år: den unge har haft støtte fra børne- og familieområdet (SEL § 52) og ønsker at fortsætte."
CONTINUES = ("Mentorforløb i Ballerup Ungeindsats (SEL § 85), 3 timer om ugen; fortsat kontakt til UU-vejleder om "
             "uddannelse.")


def _born(today: datetime.date, months_to_18: int, day: int) -> datetime.date:
    month = today.month + months_to_18
    year = today.year - 18 + (month - 1) // 12
    return datetime.date(year, (month - 1) % 12 + 1, day)


YOUNG_UNITS = ("Ballerup Ungeindsats", "ASF-teamet")


@step(order=5)
def young_people_approaching_18(ctx: DemoContext) -> None:
    """Before any other step: nine of the demo's own citizens (not extra ones: `--citizens N` means N) become
    young people approaching 18 — former citizens with only an ended involvement, their birth date and CPR
    number set to the months in MONTHS, now followed by a mentor in Ungeindsats (their coordinator). Chosen
    first, so the other steps see them as what they are (mentored young people, not former adults)."""
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    if "Social Vejledning" not in ctx.units or "Ballerup Ungeindsats" not in ctx.units:
        return
    mentors = ctx.staff["Ballerup Ungeindsats"]
    active = Involvement.objects.filter(municipality=m, ended_on__isnull=True).values("citizen_id")
    former = list(Involvement.objects.filter(municipality=m).exclude(citizen_id__in=active)
                  .select_related("citizen", "unit").order_by("citizen_id", "pk"))
    by_citizen: dict[int, Involvement] = {}
    for inv in former:
        by_citizen.setdefault(inv.citizen_id, inv)
    # young units first, then the rest; the last made (highest ids) first within each
    pool = sorted(by_citizen.values(), key=lambda i: (i.unit.name not in YOUNG_UNITS, -i.citizen_id))
    used = set(Citizen.objects.filter(municipality=m).values_list("cpr", flat=True))
    citizens, involvements = [], []
    for n, (months, inv) in enumerate(zip(MONTHS, pool, strict=False)):
        citizen = inv.citizen
        born = _born(today, months, rng.randint(1, 28))
        female = int(citizen.cpr[-1]) % 2 == 0
        for _ in range(1000):
            serial = rng.choice(serial_digit_for(born.year)) * 1000 + rng.randint(0, 999)
            cpr = f"{born:%d%m%y}{serial - serial % 2 + (0 if female else 1):04d}"
            if cpr not in used:
                used.add(cpr)
                break
        mentor = mentors[n % len(mentors)]
        citizen.cpr, citizen.birth_date, citizen.coordinator = cpr, born, mentor
        inv.unit, inv.worker, inv.ended_on = ctx.units["Ballerup Ungeindsats"], mentor, None
        inv.started_on = today - datetime.timedelta(days=rng.randint(30, 200))
        citizens.append(citizen)
        involvements.append(inv)
    Citizen.objects.bulk_update(citizens, ["cpr", "birth_date", "coordinator"])
    Involvement.objects.bulk_update(involvements, ["unit", "worker", "ended_on", "started_on"])


@step(order=96)
def young_people(ctx: DemoContext) -> None:
    """The young people approaching 18 (chosen in `young_people_approaching_18`): a caseworker in Social
    Vejledning, a request from children's services, cases and transitions, tasks."""
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    if "Social Vejledning" not in ctx.units or "Ballerup Ungeindsats" not in ctx.units:
        return
    caseworkers = ctx.staff["Social Vejledning"]
    mentors = dict(Involvement.objects.filter(municipality=m, unit=ctx.units["Ballerup Ungeindsats"],
                                              ended_on__isnull=True, worker__isnull=False)
                   .order_by("pk").values_list("citizen_id", "worker_id"))
    users = {u.pk: u for u in ctx.staff["Ballerup Ungeindsats"]}
    taken: set[int] = set()
    chosen = []
    for months in MONTHS:
        born = _born(today, months, 1)
        match = (Citizen.objects.filter(municipality=m, birth_date__year=born.year, birth_date__month=born.month,
                                        pk__in=list(mentors)).exclude(pk__in=taken).order_by("pk").first())
        if match is not None and mentors[match.pk] in users:
            taken.add(match.pk)
            chosen.append((match, months))
    involvements, requests, plans = [], [], []
    for i, (citizen, months) in enumerate(chosen):
        caseworker, mentor = caseworkers[i % len(caseworkers)], users[mentors[citizen.pk]]
        since = Involvement.objects.filter(municipality=m, citizen=citizen, unit=ctx.units["Ballerup Ungeindsats"],
                                           ended_on__isnull=True).order_by("pk").first().started_on
        involvements.append(Involvement(municipality=m, citizen=citizen, unit=ctx.units["Social Vejledning"],
                                        worker=caseworker, started_on=since))
        request = None
        if months <= 7:
            request = Request(municipality=m, citizen=citizen, source=Source.CHILDREN, asks_for=ASKS,
                              requester_name="Børne- og Familieafdelingen", received_on=since,
                              received_by=caseworker, status=Request.Status.CASE if months in HANDED_OVER | PREPARING
                              else Request.Status.OPEN)
            requests.append(request)
        plans.append((citizen, months, caseworker, mentor, request, since))
    Involvement.objects.bulk_create(involvements)
    Request.objects.bulk_create(requests)
    cases, transitions, tasks = [], [], []
    # a young person's open case (the mentor effort's) carries the transition; otherwise the request opens one
    open_cases = {c.citizen_id: c for c in Case.objects.filter(municipality=m, status=Case.Status.OPEN,
                                                               citizen_id__in=[c.pk for c, _ in chosen])
                  .order_by("-pk")}
    for citizen, months, caseworker, _mentor, request, since in plans:
        if months in HANDED_OVER | PREPARING and citizen.pk not in open_cases:
            cases.append(Case(municipality=m, citizen=citizen, request=request, caseworker=caseworker,
                              opened_on=since + datetime.timedelta(days=3)))
    Case.objects.bulk_create(cases)
    case_of = {**open_cases, **{c.citizen_id: c for c in cases}}
    for citizen, months, caseworker, mentor, request, since in plans:
        birthday = eighteenth_birthday(citizen.birth_date)
        if months in HANDED_OVER | PREPARING:
            held = months in HANDED_OVER
            meeting = birthday - datetime.timedelta(days=20) if held else today + datetime.timedelta(
                days=rng.randint(7, 21))
            transitions.append(Transition(
                municipality=m, citizen=citizen, case=case_of[citizen.pk], request=request, caseworker=caseworker,
                opened_on=since + datetime.timedelta(days=3), meeting_on=meeting, meeting_place="Ballerup Rådhus",
                participants=f"{citizen.first_name}, forældre, sagsbehandler fra børneområdet, "
                             f"{caseworker.get_full_name()}, {mentor.get_full_name()}",
                continues=CONTINUES, adult_coordinator=mentor if held or months == 1 else None,
                status=Transition.Status.HANDED_OVER if held else Transition.Status.PREPARING,
                handed_over_on=meeting if held else None))
        elif today >= prepare_from(citizen.birth_date) and birthday > today:
            tasks.append(Task(municipality=m, citizen=citizen, assignee=caseworker, created_by=caseworker,
                              title=f"Forbered overgangen til voksenområdet for {citizen.first_name}",
                              detail=f"Fylder 18 år den {formats.day(birthday)}.", source=TASK_SOURCE,
                              source_ref=ref_of(citizen), due=max(today, birthday - OPEN_BEFORE)))
    Transition.objects.bulk_create(transitions)
    Task.objects.bulk_create(tasks)
