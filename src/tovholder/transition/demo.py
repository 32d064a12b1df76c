"""Demo: young people approaching 18 in the main municipality — known to a caseworker in Social Vejledning
and a mentor in Ungeindsats; most with a request from children's services; three with a transition (one
handed over at 18, two being prepared with a handover meeting planned); a task for the caseworker for each
at 17½ without one. Bulk inserts, deterministic."""

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


@step(order=96)
def young_people(ctx: DemoContext) -> None:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    if "Social Vejledning" not in ctx.units or "Ballerup Ungeindsats" not in ctx.units:
        return
    caseworkers, mentors = ctx.staff["Social Vejledning"], ctx.staff["Ballerup Ungeindsats"]
    used = set(Citizen.objects.filter(municipality=m).values_list("cpr", flat=True))
    rows = []
    for months in MONTHS:
        born = _born(today, months, rng.randint(1, 28))
        female = rng.random() < 0.5
        for _ in range(1000):
            serial = rng.choice(serial_digit_for(born.year)) * 1000 + rng.randint(0, 999)
            cpr = f"{born:%d%m%y}{serial - serial % 2 + (0 if female else 1):04d}"
            if cpr not in used:
                used.add(cpr)
                break
        first = ctx.fake.first_name_female() if female else ctx.fake.first_name_male()
        rows.append(Citizen(municipality=m, cpr=cpr, birth_date=born, first_name=first, last_name=ctx.fake.last_name(),
                            postal_code="2750", city="Ballerup", address=ctx.fake.street_address()))
    Citizen.objects.bulk_create(rows)
    involvements, requests, plans = [], [], []
    for i, (citizen, months) in enumerate(zip(rows, MONTHS, strict=True)):
        caseworker, mentor = caseworkers[i % len(caseworkers)], mentors[i % len(mentors)]
        since = today - datetime.timedelta(days=rng.randint(30, 200))
        involvements += [Involvement(municipality=m, citizen=citizen, unit=ctx.units["Social Vejledning"],
                                     worker=caseworker, started_on=since),
                         Involvement(municipality=m, citizen=citizen, unit=ctx.units["Ballerup Ungeindsats"],
                                     worker=mentor, started_on=since)]
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
    for citizen, months, caseworker, _mentor, request, since in plans:
        if months in HANDED_OVER | PREPARING:
            cases.append(Case(municipality=m, citizen=citizen, request=request, caseworker=caseworker,
                              opened_on=since + datetime.timedelta(days=3)))
    Case.objects.bulk_create(cases)
    case_of = {c.citizen_id: c for c in cases}
    for citizen, months, caseworker, mentor, request, since in plans:
        birthday = eighteenth_birthday(citizen.birth_date)
        if citizen.pk in case_of:
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
