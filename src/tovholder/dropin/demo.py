"""Demo history of Støberiet, the ASF club evening and IF Aktivisterne (bulk inserts, deterministic).

- Opening hours: Monday to Friday 9–17 before the cuts, cut to Monday to Thursday 10–15 in 2016,
  restored after the 2016 budget agreement from 2017.
- Six months of daily visits: an anonymous tally at the door every open day and a core of about 30
  users who like to be checked in with their name, a few more who come now and then.
- The work list (shifts users took, with hours), a user council meeting each month.
- Støberiet's activity calendar, the ASF club evening on Thursdays with attendance, and IF Aktivisterne
  with participants from Ballerup and (in the neighbour's step) Herlev.
"""

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.citizens.models import Citizen, Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer

from . import services
from .models import (
    Activity,
    ActivityOutcome,
    Closure,
    CouncilDecision,
    CouncilMeeting,
    OpeningHours,
    OpeningPeriod,
    Shift,
    WorkTask,
)

T = datetime.time
P = Participation.Status
O = Occasion.Status  # noqa: E741
CORE = 30
OCCASIONAL = 6
HISTORY_DAYS = 182
ACTIVITIES = [  # title, kind, weekday, start, minutes, seats, place
    ("Svømning", Occasion.Kind.OUTING, 1, T(10), 90, None, "Ballerup Svømmehal"),
    ("Volleyball", Occasion.Kind.GROUP_SESSION, 3, T(14), 90, 12, "Skovlunde-hallen"),
    ("Kreativt værksted", Occasion.Kind.GROUP_SESSION, 2, T(13), 120, 8, "Værkstedet, Torvevej 29"),
    ("Cykelværksted", Occasion.Kind.GROUP_SESSION, 4, T(10), 120, 6, "Cykelkælderen, Torvevej 29"),
    ("Små ture ud af huset", Occasion.Kind.OUTING, 0, T(11), 180, 8, "Mødested: caféen"),
    ("Samtalegruppen »Det gode liv«", Occasion.Kind.GROUP_SESSION, 2, T(10), 90, 10, "Mødelokalet"),
]
TASKS = [("Cafévagt", Decimal("3"), 1.0), ("Indkøb", Decimal("1.5"), 0.5), ("Rengøring", Decimal("2"), 0.6),
         ("Cykelreparation", Decimal("2.5"), 0.3), ("Opvask", Decimal("1"), 0.7)]
MINUTES = [
    "Caféens åbningstider og menuen for næste måned blev drøftet.",
    "Brugerne vil selv stå for indkøb til caféen; arbejdslisten blev gennemgået.",
    "Evaluering af sommerturen og forslag til nye ture ud af huset.",
    "Volleyballholdet mangler en fast hal om torsdagen.",
    "Forslag om en ekstra åbningsaften; personalet undersøger bemandingen.",
    "Nye brugere skal have en makker de første uger.",
]
DECISIONS = [("Brugerne overtager indkøb til caféen", "Brugerrådets formand og personalet"),
             ("Ny kaffemaskine købes", "Personalet"), ("Sommerturen går til Møns Klint", "Turudvalget"),
             ("Arbejdslisten hænges op ved indgangen", "Brugerrådet")]


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


def _sessions(ctx: DemoContext, activity: Activity, weekday: int, start: T, minutes: int, leaders: list,
              weeks_back: int, weeks_ahead: int) -> list[Occasion]:
    today = ctx.today
    first = today - datetime.timedelta(days=(today.weekday() - weekday) % 7) - datetime.timedelta(weeks=weeks_back)
    occasions = []
    for i in range(weeks_back + weeks_ahead + 1):
        day = first + datetime.timedelta(weeks=i)
        if services.public_holiday(day):
            continue
        starts = _at(day, start)
        occasions.append(Occasion(
            municipality=activity.municipality, kind=activity.kind, offer=activity.offer,
            unit_id=activity.offer.unit_id, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=minutes),
            place=activity.place, series=activity.series, created_by=activity.created_by,
            status=O.HELD if day < today else O.PLANNED))
    created = Occasion.objects.bulk_create(occasions)
    OccasionStaff.objects.bulk_create([OccasionStaff(municipality=activity.municipality, occasion=o, user=u)
                                       for o in created for u in leaders])
    return created


def _participations(ctx: DemoContext, sessions: list[Occasion], pool: list[Citizen], share: float,
                    seats: int | None, municipality=None) -> list[Participation]:
    rows = []
    today = ctx.today
    for o in sessions:
        chosen = [c for c in pool if ctx.rng.random() < share]
        if seats is not None:
            chosen = chosen[:seats]
        for c in chosen:
            past = timezone.localdate(o.starts_at) < today
            status = (P.ATTENDED if ctx.rng.random() < 0.85 else P.NO_SHOW) if past else P.PLANNED
            rows.append(Participation(municipality=municipality or c.municipality, occasion=o, citizen=c,
                                      offer=o.offer, status=status,
                                      minutes=o.minutes if status == P.ATTENDED else (0 if past else None)))
    return rows


def _activity(offer: Offer, title: str, kind: str, seats, place: str, by) -> Activity:
    return Activity.objects.create(municipality=offer.municipality, offer=offer, title=title, kind=kind,
                                   seats=seats, place=place, created_by=by, series=uuid.uuid4())


@step(order=70)
def dropin_history(ctx: DemoContext) -> None:
    if "Støberiet" not in ctx.units:
        _herlev_in_if_aktivisterne(ctx)
        return
    unit = ctx.units["Støberiet"]
    staff = ctx.staff["Støberiet"]
    lead = staff[0]
    centre = Offer.objects.get(municipality=ctx.municipality, format=Offer.Format.DROPIN, unit=unit,
                               name__startswith="Støberiet")
    m = ctx.municipality

    # opening hours: before the cuts, cut in 2016, restored from 2017
    periods = [(datetime.date(2014, 1, 1), datetime.date(2015, 12, 31), {d: (T(9), T(17)) for d in range(5)},
                "Før besparelserne"),
               (datetime.date(2016, 1, 1), datetime.date(2016, 12, 31), {d: (T(10), T(15)) for d in range(4)},
                "Reduceret åbningstid efter besparelserne"),
               (datetime.date(2017, 1, 1), None, {**{d: (T(9), T(17)) for d in range(4)}, 4: (T(9), T(15)),
                                                  5: (T(10), T(14))},
                "Genoprettet efter budgetforliget 2016; lørdagsåbent drevet af brugerne")]
    for valid_from, valid_to, hours, note in periods:
        period = OpeningPeriod.objects.create(municipality=m, offer=centre, valid_from=valid_from, valid_to=valid_to,
                                              note=note, created_by=lead)
        OpeningHours.objects.bulk_create([OpeningHours(municipality=m, period=period, weekday=w, opens=o, closes=c)
                                          for w, (o, c) in hours.items()])
    start = ctx.today - datetime.timedelta(days=HISTORY_DAYS)
    closures = {start + datetime.timedelta(days=40): "Personaledag", start + datetime.timedelta(days=120):
                "Vandskade i caféen"}
    Closure.objects.bulk_create([Closure(municipality=m, offer=centre, day=d, reason=r, created_by=lead)
                                 for d, r in closures.items()])

    # the users: those Støberiet supports, and SKP citizens who also come (involved from today's history)
    pool = list(Citizen.objects.filter(municipality=m, involvements__unit=unit, involvements__ended_on__isnull=True)
                .distinct().order_by("pk")[:CORE + OCCASIONAL])
    if len(pool) < CORE + OCCASIONAL:
        extra = list(Citizen.objects.filter(municipality=m, involvements__unit__name="SKP-teamet",
                                            involvements__ended_on__isnull=True).exclude(pk__in=[c.pk for c in pool])
                     .distinct().order_by("pk")[:CORE + OCCASIONAL - len(pool)])
        Involvement.objects.bulk_create([Involvement(municipality=m, citizen=c, unit=unit, started_on=start)
                                         for c in extra])
        pool += extra
    core, occasional = pool[:CORE], pool[CORE:]

    # visits: one opening a day, an anonymous tally and the named check-ins
    days = [d for d in services.opening_of(centre, start, ctx.today - datetime.timedelta(days=1)) if d.is_open]
    openings = Occasion.objects.bulk_create([
        Occasion(municipality=m, kind=Occasion.Kind.DROPIN_OPENING, offer=centre, unit=unit,
                 starts_at=_at(d.day, d.opens), ends_at=_at(d.day, d.closes), status=O.HELD, created_by=lead)
        for d in days if d.opens and d.closes])
    OccasionStaff.objects.bulk_create([OccasionStaff(municipality=m, occasion=o, user=staff[i % len(staff)])
                                       for i, o in enumerate(openings)])
    visits = []
    for o in openings:
        saturday = timezone.localdate(o.starts_at).weekday() == 5
        visits.append(Participation(municipality=m, occasion=o, offer=centre, status=P.ATTENDED,
                                    headcount=ctx.rng.randint(6, 12) if saturday else ctx.rng.randint(12, 26)))
        visits += [Participation(municipality=m, occasion=o, citizen=c, offer=centre, status=P.ATTENDED)
                   for c in core if ctx.rng.random() < 0.4]
        visits += [Participation(municipality=m, occasion=o, citizen=c, offer=centre, status=P.ATTENDED)
                   for c in occasional if ctx.rng.random() < 0.03]
    Participation.objects.bulk_create(visits, batch_size=2000)

    # the work list: six months back, two weeks ahead
    tasks = {name: WorkTask.objects.create(municipality=m, offer=centre, name=name) for name, _, _ in TASKS}
    shifts = []
    for d in services.opening_of(centre, start, ctx.today + datetime.timedelta(weeks=2)):
        if not d.is_open:
            continue
        for name, hours, chance in TASKS:
            if ctx.rng.random() > chance:
                continue
            past = d.day < ctx.today
            taken = past or ctx.rng.random() < 0.3
            who = ctx.rng.choice(core) if taken and core else None
            shifts.append(Shift(municipality=m, task=tasks[name], day=d.day, hours=hours, citizen=who,
                                done=past and who is not None))
    Shift.objects.bulk_create(shifts)

    # the user council: monthly
    for i in range(6):
        held = ctx.today - datetime.timedelta(days=15 + 30 * i)
        meeting = CouncilMeeting.objects.create(municipality=m, offer=centre, held_on=held, created_by=lead,
                                                minutes=f"Til stede: 7 brugere og 1 medarbejder. {MINUTES[i]}")
        CouncilDecision.objects.bulk_create([CouncilDecision(municipality=m, meeting=meeting, text=t, follow_up=w)
                                             for t, w in ctx.rng.sample(DECISIONS, ctx.rng.randint(1, 2))])

    # Støberiet's activity calendar
    parts: list[Participation] = []
    for title, kind, weekday, time, minutes, seats, place in ACTIVITIES:
        act = _activity(centre, title, kind, seats, place, lead)
        sessions = _sessions(ctx, act, weekday, time, minutes, [staff[ctx.rng.randrange(len(staff))]], 8, 4)
        parts += _participations(ctx, sessions, ctx.rng.sample(core, min(16, len(core))), 0.45, seats)

    # the ASF club evening, Thursdays 18–21, held by the ASF team
    asf_offer = Offer.objects.filter(municipality=m, name__startswith="ASF").first()
    if asf_offer is not None and ctx.staff.get("ASF-teamet"):
        asf_staff = ctx.staff["ASF-teamet"]
        club = _activity(asf_offer, "Klubaften", Occasion.Kind.CLUB_EVENING, 14, "Klublokalet, Torvevej 19",
                         asf_staff[0])
        sessions = _sessions(ctx, club, 3, T(18), 180, asf_staff, 12, 4)
        asf_unit = ctx.units["ASF-teamet"]
        members = list(Citizen.objects.filter(municipality=m, involvements__unit=asf_unit,
                                              involvements__ended_on__isnull=True).distinct().order_by("pk")[:14])
        if len(members) < 8:  # young citizens of Ungeindsats with autism who also come to the club
            extra = list(Citizen.objects.filter(municipality=m, involvements__unit__name="Ballerup Ungeindsats",
                                                involvements__ended_on__isnull=True)
                         .exclude(pk__in=[c.pk for c in members]).distinct().order_by("pk")[:8 - len(members)])
            Involvement.objects.bulk_create([Involvement(municipality=m, citizen=c, unit=asf_unit,
                                                         worker=asf_staff[i % len(asf_staff)],
                                                         started_on=ctx.today - datetime.timedelta(weeks=13))
                                             for i, c in enumerate(extra)])
            members += extra
        parts += _participations(ctx, sessions, members, 0.7, 14)

    # IF Aktivisterne: Tuesdays 15–17, shared with Herlev (Herlev's participants in the neighbour's step)
    sports = Offer.objects.filter(municipality=m, name="IF Aktivisterne").first()
    if sports is not None:
        act = _activity(sports, "IF Aktivisterne – træning", Occasion.Kind.GROUP_SESSION, 20, "Ballerup Idrætspark",
                        lead)
        sessions = _sessions(ctx, act, 1, T(15), 120, [lead], 12, 4)
        sporty = ctx.rng.sample(core, min(10, len(core)))
        parts += _participations(ctx, sessions, sporty, 0.6, 14)
        notes = ["Ballerup Volleyballklub", "Skovlunde IF, badminton"]
        ActivityOutcome.objects.bulk_create([
            ActivityOutcome(municipality=m, activity=act, citizen=c, kind=ActivityOutcome.Kind.ORDINARY_CLUB,
                            day=ctx.today - datetime.timedelta(days=20 * (i + 1)), created_by=lead, note=notes[i])
            for i, c in enumerate(sporty[:2])])
    Participation.objects.bulk_create(parts, batch_size=2000)


def _herlev_in_if_aktivisterne(ctx: DemoContext) -> None:
    """The neighbour's citizens take part in IF Aktivisterne (the main municipality's step made it)."""
    act = Activity.objects.filter(title="IF Aktivisterne – træning").select_related("offer").first()
    if act is None or not act.offer.quotas.filter(municipality=ctx.municipality).exists():
        return
    herlev = list(Citizen.objects.filter(municipality=ctx.municipality, involvements__ended_on__isnull=True)
                  .distinct().order_by("pk")[:6])
    sessions = list(Occasion.objects.filter(series=act.series).order_by("starts_at"))
    Participation.objects.bulk_create(_participations(ctx, sessions, herlev, 0.5, 6))
    lead = next(iter(u for users in ctx.staff.values() for u in users))
    if herlev:
        ActivityOutcome.objects.create(municipality=ctx.municipality, activity=act, citizen=herlev[0],
                                       kind=ActivityOutcome.Kind.ORDINARY_CLUB, created_by=lead,
                                       day=ctx.today - datetime.timedelta(days=35), note="Herlev Løbeklub")
