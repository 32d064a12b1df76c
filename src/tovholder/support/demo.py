"""Demo history for support: episodes behind the visitation demo's hour-based grants (two years),
their intensity moving, plans and goals with follow-ups (some overdue), klippekort (some used),
journal notes for the last eight weeks (and at first meetings and ends in the last year), and appointments
around today for the workers' days.

Deterministic for the seed (`ctx.rng`, `ctx.today`) and linear in the number of grants. The rows are
numbered here and written with plain multi-row INSERTs (executemany), because at 100 000 citizens
this step writes millions of rows and the ORM's per-row work would dominate the demo's time.
Each worker has a steady share of planned hours actually delivered (74–98 %) and a share of overdue
follow-ups, so delivered vs granted hours and the overdue lists show patterns, not noise.
"""

import datetime
import random
import zoneinfo
from collections import Counter
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.citizens.models import Citizen, Involvement
from tovholder.demo.steps import DemoContext, insert_rows, step
from tovholder.journal.models import Note, NoteGoal
from tovholder.offers.models import Offer
from tovholder.plans.models import GOAL_TYPE_DEVELOP, GOAL_TYPE_LIMIT_LOSS, GOAL_TYPE_MAINTAIN, Goal, GoalFollowUp, Plan
from tovholder.visitation.models import Decision

from .models import Episode, IntensityChange, Klippekort, Mode


class ContactKind:
    """The demo's contacts: occasion kinds, and two outcomes that are no contact at all."""

    HOME_VISIT = Occasion.Kind.HOME_VISIT
    PHONE = Occasion.Kind.PHONE
    MEETING = Occasion.Kind.MEETING
    GROUP_SESSION = Occasion.Kind.GROUP_SESSION
    NO_SHOW = Participation.Status.NO_SHOW
    CANCELLED = Participation.Status.CANCELLED


NOT_HELD = (ContactKind.NO_SHOW, ContactKind.CANCELLED)

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
BATCH = 2000
INSERT_BATCH = 5000
NOTE_WEEKS = 8
GROUP_SIZE = 8
APPOINTMENT_EPISODES_PER_WORKER = 25
DAY = datetime.timedelta(days=1)

AIMS = [
    "At bo i min egen lejlighed og have en hverdag, der hænger sammen.",
    "At komme i gang med en uddannelse og få nogle venner.",
    "At have det godt nok til at se min familie og ikke blive indlagt igen.",
    "At klare min økonomi selv og komme ud blandt andre.",
    "At få et job på nedsat tid og passe mig selv.",
]
# (text in the citizen's words, goal type, FFB condition code, start level, target level)
GOALS = [
    ("Jeg vil kunne handle ind selv uden at få angst i butikken.", GOAL_TYPE_DEVELOP,
     "01770afa-cd17-41fe-a966-b8895e4d55d8", 3, 1),
    ("Jeg vil have styr på mine regninger og åbne min post hver uge.", GOAL_TYPE_DEVELOP,
     "70443014-3faf-402d-abcf-396bfad32eb9", 3, 2),
    ("Jeg vil sove om natten og stå op om morgenen.", GOAL_TYPE_DEVELOP, "e6f82424-da5a-41d1-bd1a-5796aa79d5f2",
     3, 2),
    ("Jeg vil holde min lejlighed ren, så jeg har lyst til at få gæster.", GOAL_TYPE_MAINTAIN,
     "8f32c948-41c4-49d7-8913-cdeede2e7fe1", 2, 2),
    ("Jeg vil se min søster og mine venner mindst en gang om måneden.", GOAL_TYPE_DEVELOP,
     "4c082610-b122-4019-96f2-1061e287445e", 3, 1),
    ("Jeg vil begynde på en uddannelse eller i praktik.", GOAL_TYPE_DEVELOP, "8888edfa-642b-4329-9fe3-a9b180e6d3f4",
     4, 2),
    ("Jeg vil blive ved med at tage min medicin og gå til lægen.", GOAL_TYPE_MAINTAIN,
     "4a58417e-9a75-43f2-9763-66505050159f", 2, 2),
    ("Jeg vil ikke isolere mig, når jeg får det dårligt.", GOAL_TYPE_LIMIT_LOSS,
     "dcc6bb77-45af-4625-9c4d-7d7878307220", 3, 3),
    ("Jeg vil lave varm mad mindst tre gange om ugen.", GOAL_TYPE_DEVELOP, "b947f321-7cdb-4b33-9653-f3ff800572b0",
     3, 2),
    ("Jeg vil passe mit deltidsjob.", GOAL_TYPE_MAINTAIN, "685e8517-2f5c-4ef8-a7c4-fa2d008fdd9d", 2, 2),
]
SUB_GOALS = ["Lave en madplan sammen med kontaktpersonen hver mandag.", "Gå i Netto sammen en gang om ugen.",
             "Deltage i gruppeforløbet om mestring.", "Ringe til Jobcentret sammen.", "Sætte vækkeuret kl. 8."]
EXPECTATIONS = [
    "Vi har talt om, at støtten er midlertidig, og at det er dig, der bestemmer målene. Du tager selv del: du "
    "forbereder dig til møderne og siger til, hvis noget ikke virker.",
    "Vi aftalte at mødes hjemme hos dig, at du melder afbud senest dagen før, og at vi sammen ser på planen hver "
    "tredje måned. Støtten handler om, at du bliver bedre til selv at klare det.",
]
INTENSITY_REASONS = {
    "up": ["Forværring efter udskrivning", "Flere bekymringer om økonomien", "Ny bolig kræver mere støtte"],
    "down": ["Går godt; borgeren klarer mere selv", "Borgeren er startet i praktik", "Aftalt nedtrapning"],
    "group": ["Borgeren vil gerne i gruppeforløb", "Supplerer med gruppen om mestring"],
    "pause": ["Indlagt på psykiatrisk afdeling", "Borgeren er på ferie", "Borgeren har bedt om en pause"],
    "resume": ["Udskrevet; støtten genoptages", "Tilbage efter pausen"],
}
NOTE_OPENINGS = {
    ContactKind.HOME_VISIT: ["Hjemmebesøg.", "Hjemmebesøg; vi gik bagefter en tur i Ballerup."],
    ContactKind.PHONE: ["Vi talte i telefon."],
    ContactKind.MEETING: ["Samtale på kontoret.", "Første møde: forventningsafstemning."],
    ContactKind.GROUP_SESSION: ["Gruppeforløb om mestring.", "Gruppeforløb om økonomi og bolig."],
}
NOTE_MIDDLES = [
    "Vi gennemgik posten og betalte to regninger sammen.", "Borgeren fortalte om angst i butikken; vi øvede "
    "indkøb i Netto.", "Vi lavede en madplan for ugen.", "Borgeren har sovet dårligt og vil tale med lægen om det.",
    "Vi ryddede op i køkkenet, og borgeren støvsugede selv.", "Borgeren har været til samtale i Jobcentret.",
    "Vi talte om søsterens besøg, som gik godt.", "Borgeren var træt og ville helst kort samtale.",
    "Vi øvede at tage bussen til Sundhedshuset.", "Borgeren har fået rykker fra boligselskabet; vi ringede sammen.",
]
NOTE_ENDINGS = ["Næste gang: følge op på madplanen.", "Aftalt nyt besøg i næste uge.", "Borgeren virkede lettet.",
                "Vi følger op på målet ved næste opfølgning.", ""]
GROUP_NOTES = ["Deltog aktivt og fortalte om ugens indkøb.", "Lyttede mest; vil gerne sige mere næste gang.",
               "Hjalp en anden deltager med madplanen.", "Gik lidt før tid, men kommer igen."]
# Where a contact takes place, by its kind: a home visit at the citizen's address, a group session at
# Sundhedshuset, a meeting at the office or the café; a phone call has no place.
GROUP_PLACE = "Sundhedshuset"
MEETING_PLACES = ["Kontoret, Hold-An Vej", "Café Støberiet"]
END_REASONS = [(Episode.EndReason.GOALS_MET, 0.45), (Episode.EndReason.OWN_WISH, 0.2),
               (Episode.EndReason.OTHER_OFFER, 0.15), (Episode.EndReason.NO_CONTACT, 0.1),
               (Episode.EndReason.MOVED, 0.1)]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


def _weekday_before(day: datetime.date) -> datetime.date:
    """The day itself on a weekday, else the Friday before: staff visit on weekdays."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def _half(value: float) -> Decimal:
    return max(Decimal("0.5"), Decimal(round(value * 2)) / 2)


def _sqlite_datetime(value: datetime.datetime) -> str:
    """What Django stores for an aware datetime on SQLite: naive UTC text."""
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


class _Table:
    """Rows for one model, numbered here, written with executemany in the model's column order."""

    def __init__(self, model):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.columns = [f.column for f in self.fields]
        self.names = [f.attname for f in self.fields]
        self.defaults = {f.attname: (f.get_default() if f.has_default() else ("" if f.empty_strings_allowed
                                                                               and not f.null else None))
                         for f in self.fields}
        self.datetimes = [f.attname for f in self.fields if f.get_internal_type() == "DateTimeField"]
        self.adapt = _sqlite_datetime if connection.vendor == "sqlite" else None
        self.json = [f for f in self.fields if f.get_internal_type() == "JSONField"]
        self.next_id = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.rows: list[tuple] = []

    def add(self, **values) -> int:
        pk = self.next_id
        self.next_id += 1
        values["id"] = pk
        if self.adapt is not None:
            for name in self.datetimes:
                if values.get(name) is not None:
                    values[name] = self.adapt(values[name])
        for f in self.json:
            values[f.attname] = f.get_db_prep_value(values.get(f.attname, self.defaults[f.attname]), connection)
        defaults = self.defaults
        self.rows.append(tuple([values[n] if n in values else defaults[n] for n in self.names]))
        return pk

    def flush(self) -> None:
        insert_rows(self.model._meta.db_table, self.columns, self.rows, batch=INSERT_BATCH)
        self.rows.clear()


TABLES = (Episode, IntensityChange, Plan, Goal, GoalFollowUp, Klippekort, Occasion, OccasionStaff, Participation,
          Note, NoteGoal)


@step(order=40)
def support_history(ctx: DemoContext) -> None:
    offers = {o.pk: o for o in Offer.objects.filter(capacity_kind=Offer.CapacityKind.STAFF_HOURS)}
    workers = {(c, u): w for c, u, w in Involvement.objects.filter(
        municipality=ctx.municipality, worker__isnull=False).values_list("citizen_id", "unit_id", "worker_id")}
    decisions = (Decision.objects.filter(municipality=ctx.municipality, offer_id__in=list(offers),
                                         status__in=[Decision.Status.ACTIVE, Decision.Status.ENDED],
                                         hours_per_week__isnull=False, activated_on__isnull=False)
                 .order_by("pk").values_list("pk", "citizen_id", "offer_id", "hours_per_week", "activated_on",
                                             "ended_on"))
    gen = _Generator(ctx)
    for pk, citizen_id, offer_id, granted, start, end in decisions.iterator(chunk_size=BATCH):
        offer = offers[offer_id]
        worker_id = workers.get((citizen_id, offer.unit_id))
        if worker_id is not None:
            gen.episode(pk, citizen_id, offer, worker_id, granted, start, end)
        if len(gen.t[Note].rows) >= 20 * INSERT_BATCH:
            gen.flush()
    gen.group_sessions()
    gen.flush()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO journal_note_fts(rowid, text) SELECT id, text FROM journal_note "
                           "WHERE municipality_id = %s", [ctx.municipality.pk])
        for sql in connection.ops.sequence_reset_sql(no_style(), list(TABLES)):
            cursor.execute(sql)
        if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses badly after a bulk load
            for model in TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class _Generator:
    def __init__(self, ctx: DemoContext):
        self.ctx, self.rng, self.today, self.m = ctx, ctx.rng, ctx.today, ctx.municipality.pk
        self.t = {model: _Table(model) for model in TABLES}
        self.stamp = _at(ctx.today, 7)
        self.window = ctx.today - datetime.timedelta(weeks=NOTE_WEEKS)
        self.profile: dict[int, tuple[float, float]] = {}  # worker -> (share delivered, share overdue)
        self.appointment_episodes: dict[int, int] = {}
        self.offer_of: dict[int, tuple[int, int | None]] = {}  # episode -> (offer, unit)
        self.in_groups: list[tuple] = []  # running mixed episodes: (unit, offer, citizen, worker, mixed since)
        self.planned: set[int] = set()  # citizens who have their plan
        self._addresses: dict[int, str] | None = None

    def place(self, kind, citizen_id: int) -> str:
        if kind == ContactKind.HOME_VISIT:
            if self._addresses is None:
                self._addresses = {pk: f"{address}, {postal_code} {city}".strip(", ") for pk, address, postal_code, city
                                   in Citizen.objects.filter(municipality_id=self.m).values_list(
                                       "pk", "address", "postal_code", "city")}
            return self._addresses.get(citizen_id) or "Hjemme hos borgeren"
        if kind == ContactKind.GROUP_SESSION:
            return GROUP_PLACE
        if kind == ContactKind.MEETING:
            return self.rng.choice(MEETING_PLACES)
        return ""

    def flush(self) -> None:
        for model in TABLES:  # in dependency order
            self.t[model].flush()

    def episode(self, decision_id, citizen_id, offer, worker_id, granted, start, end) -> None:
        rng, today = self.rng, self.today
        if worker_id not in self.profile:
            self.profile[worker_id] = (rng.uniform(0.74, 0.98), rng.choice([0.05, 0.1, 0.15, 0.3]))
        ended = end if end is not None and end < today else None
        first_meeting = max(start, _weekday_before(min(start + datetime.timedelta(days=rng.randint(3, 14)),
                                                       ended or today)))
        steps = _intensity(rng, offer, granted, start, ended or today)
        end_reason = rng.choices([r for r, _ in END_REASONS], [w for _, w in END_REASONS])[0] if ended else ""
        episode_id = self.t[Episode].add(
            municipality_id=self.m, citizen_id=citizen_id, offer_id=offer.pk, unit_id=offer.unit_id,
            worker_id=worker_id, decision_id=decision_id, started_on=start, first_meeting_on=first_meeting,
            expectations=rng.choice(EXPECTATIONS), mode=steps[-1][1], hours_per_week=steps[-1][2], ended_on=ended,
            end_reason=end_reason, created_at=self.stamp, created_by_id=worker_id)
        self.offer_of[episode_id] = (offer.pk, offer.unit_id)
        for day, mode, hours, reason in steps:
            self.t[IntensityChange].add(municipality_id=self.m, episode_id=episode_id, citizen_id=citizen_id,
                                        starts_on=day, mode=mode, hours_per_week=hours, reason=reason,
                                        by_id=worker_id, created_at=self.stamp)
        goals = self.plan_and_goals(citizen_id, worker_id, offer.unit_id, start, ended)
        self.contacts(episode_id, citizen_id, worker_id, start, first_meeting, ended, steps, goals)
        if ended is None and steps[-1][1] == Mode.MIXED:
            since = next(day for day, mode, _h, _r in steps if mode == Mode.MIXED)
            self.in_groups.append((offer.unit_id, offer.pk, citizen_id, worker_id, since))
        if ended is not None and end_reason in (Episode.EndReason.GOALS_MET, Episode.EndReason.OWN_WISH) \
                and rng.random() < 0.35:
            self.klippekort(episode_id, citizen_id, offer, worker_id, ended)

    def plan_and_goals(self, citizen_id, worker_id, unit_id, start, ended) -> list[int]:
        """The plan (once per citizen), 1–3 goals and their follow-ups; returns the active goals."""
        rng, today = self.rng, self.today
        if citizen_id in self.planned:
            return []
        self.planned.add(citizen_id)
        plan_id = self.t[Plan].add(municipality_id=self.m, citizen_id=citizen_id, aim=rng.choice(AIMS),
                                   review_on=None if ended else today + datetime.timedelta(days=rng.randint(7, 180)),
                                   created_at=self.stamp, updated_at=self.stamp, updated_by_id=worker_id)
        overdue_share = self.profile[worker_id][1]
        stop = ended or today
        active = []
        for text, kind, condition, level, target in rng.sample(GOALS, rng.choice([1, 2, 2, 3] if ended is None
                                                                              else [1, 1, 2])):
            created = min(start + datetime.timedelta(days=rng.randint(7, 30)), stop)
            follow_ups, status, ended_on = [], Goal.Status.ACTIVE, None
            due = created + datetime.timedelta(days=rng.randint(80, 120))
            while due <= stop:
                if ended is None and due > today - datetime.timedelta(days=60) and rng.random() < overdue_share:
                    break  # not held: overdue
                held = due + datetime.timedelta(days=rng.randint(-5, 10))
                if held > stop:
                    break
                result = rng.choices(["continue", "change", "revisit", "end"], [0.6, 0.2, 0.1, 0.1])[0]
                if ended is not None and due + datetime.timedelta(days=180) > stop:
                    result = "end"
                nxt = None if result == "end" else held + datetime.timedelta(days=rng.randint(100, 180))
                follow_ups.append((due, held, result, nxt))
                if result == "end":
                    status, ended_on = Goal.Status.ENDED, held
                    break
                due = nxt
            if status == Goal.Status.ACTIVE and ended is not None:
                status, ended_on = Goal.Status.ENDED, ended
            next_on = due if status == Goal.Status.ACTIVE else None
            goal_id = self.t[Goal].add(
                municipality_id=self.m, plan_id=plan_id, citizen_id=citizen_id, unit_id=unit_id, text=text,
                goal_type=kind, condition=condition, start_level=level, target_level=target,
                responsible_id=worker_id, next_follow_up_on=next_on, status=status, created_on=created,
                created_by_id=worker_id, ended_on=ended_on)
            for due_on, held, result, nxt in follow_ups:
                self.t[GoalFollowUp].add(municipality_id=self.m, goal_id=goal_id, citizen_id=citizen_id, due_on=due_on,
                                         held_on=held, result=result, next_on=nxt, by_id=worker_id,
                                         learned="" if result == "continue" else rng.choice(NOTE_MIDDLES),
                                         created_at=self.stamp)
            if status == Goal.Status.ACTIVE:
                active.append(goal_id)
                if rng.random() < 0.3:
                    self.t[Goal].add(municipality_id=self.m, plan_id=plan_id, citizen_id=citizen_id, parent_id=goal_id,
                                     unit_id=unit_id, text=rng.choice(SUB_GOALS), goal_type=kind,
                                     responsible_id=worker_id, next_follow_up_on=next_on, created_on=created,
                                     created_by_id=worker_id)
        return active

    def contacts(self, episode_id, citizen_id, worker_id, start, first_meeting, ended, steps, goals) -> None:
        """Notes at the first meeting, in the last weeks and at the end; appointments around today."""
        rng, today = self.rng, self.today
        share = self.profile[worker_id][0]
        usual = ContactKind.GROUP_SESSION if steps[-1][1] == Mode.GROUP else ContactKind.HOME_VISIT
        contacts = []
        recent = today - datetime.timedelta(days=365)
        if first_meeting >= recent:
            contacts.append((first_meeting, ContactKind.MEETING, 60))
        if ended is not None and ended >= recent:
            contacts.append((max(start, _weekday_before(ended)), ContactKind.HOME_VISIT, 60))
        day, last = max(start + DAY, self.window), min(ended or today, today - DAY)
        while day <= last:
            hours = next((h for d, _mode, h, _r in reversed(steps) if d <= day), Decimal(0))
            # the day's share of the week's hours, in visits of about 95 minutes
            if hours and day.weekday() < 5 and rng.random() < float(hours) / 5 / 1.58:
                if rng.random() < share:
                    contacts.append((day, usual if rng.random() < 0.8 else ContactKind.PHONE,
                                     rng.choice([90, 105, 120]) if rng.random() < 0.85 else 30))
                else:
                    contacts.append((day, rng.choice([ContactKind.NO_SHOW, ContactKind.CANCELLED]), 0))
            day += DAY
        with_appointments = (ended is None and
                             self.appointment_episodes.get(worker_id, 0) < APPOINTMENT_EPISODES_PER_WORKER)
        if with_appointments:
            self.appointment_episodes[worker_id] = self.appointment_episodes.get(worker_id, 0) + 1
        for day, kind, minutes in contacts:
            if day >= today:
                continue
            at = _at(day, rng.randint(8, 15), rng.choice([0, 15, 30, 45]))
            planned_kind = usual if kind in NOT_HELD else kind
            outcome = {"outcome": kind, "counted": minutes}
            if with_appointments and (today - day).days <= 7:  # planned first, then written up
                participation_id = self._visit(episode_id, citizen_id, worker_id, at, minutes or 60, planned_kind,
                                               **outcome)
            else:
                participation_id = self._occasion(episode_id, citizen_id, worker_id, at, minutes or 60, planned_kind,
                                                  **outcome)
            note_id = self.t[Note].add(
                municipality_id=self.m, citizen_id=citizen_id, participation_id=participation_id, author_id=worker_id,
                occurred_at=at, written_at=at,
                text=_note_text(rng, kind) if minutes else "Borgeren var ikke hjemme / meldte afbud. Ny tid aftalt.")
            if minutes and goals and rng.random() < 0.5:
                self.t[NoteGoal].add(municipality_id=self.m, note_id=note_id, goal_id=rng.choice(goals))
        if with_appointments:
            if rng.random() < 0.3:  # a past appointment not written up yet
                d = _weekday_before(today - datetime.timedelta(days=rng.randint(1, 4)))
                self._visit(episode_id, citizen_id, worker_id, _at(d, rng.randint(8, 15)), 60, usual)
            for week in (0, 1, 2):
                d = today + datetime.timedelta(days=rng.randint(0, 6) + 7 * week)
                if d.weekday() >= 5:
                    d += datetime.timedelta(days=7 - d.weekday())
                self._visit(episode_id, citizen_id, worker_id, _at(d, rng.randint(8, 15), rng.choice([0, 30])),
                            rng.choice([60, 90]), usual)

    def _occasion(self, episode_id, citizen_id, worker_id, at, minutes, kind, *, place="", outcome=None,
                  counted=0) -> int:
        """An occasion with the worker and the citizen; `outcome` (a kind in NOT_HELD, or any other kind
        for attended) records what happened, None leaves it planned. Returns the participation's id."""
        offer_id, unit_id = self.offer_of[episode_id]
        if outcome is None:
            status, p_status, p_minutes = Occasion.Status.PLANNED, Participation.Status.PLANNED, None
        elif outcome in NOT_HELD:
            status, p_status, p_minutes = Occasion.Status.NOT_HELD, outcome, 0
        else:
            status, p_status, p_minutes = Occasion.Status.HELD, Participation.Status.ATTENDED, counted
        occasion_id = self.t[Occasion].add(
            municipality_id=self.m, kind=kind, offer_id=offer_id, unit_id=unit_id, starts_at=at,
            ends_at=at + datetime.timedelta(minutes=minutes), place=place, status=status, created_by_id=worker_id,
            created_at=self.stamp)
        self.t[OccasionStaff].add(municipality_id=self.m, occasion_id=occasion_id, user_id=worker_id)
        return self.t[Participation].add(municipality_id=self.m, occasion_id=occasion_id, citizen_id=citizen_id,
                                         offer_id=offer_id, status=p_status, minutes=p_minutes)

    def _visit(self, episode_id, citizen_id, worker_id, at, minutes, kind, **outcome) -> int:
        """A planned visit, at a place."""
        return self._occasion(episode_id, citizen_id, worker_id, at, minutes, kind,
                              place=self.place(kind, citizen_id), **outcome)

    def group_sessions(self) -> None:
        """A weekly group session in each team with citizens in mixed support (Thursday 10–12, two leaders),
        for the last weeks: each citizen's participation counts on their episode, each leader's time once.
        Its own random stream, so the individual contacts stay as they were."""
        rng = random.Random(self.ctx.seed * 7919 + self.m)
        by_unit: dict[int, list[tuple]] = {}
        for unit_id, offer_id, citizen_id, worker_id, since in self.in_groups:
            by_unit.setdefault(unit_id, []).append((offer_id, citizen_id, worker_id, since))
        thursday = self.today - datetime.timedelta(days=(self.today.weekday() - 3) % 7)
        for unit_id, everyone in sorted(by_unit.items()):
            for n, start in enumerate(range(0, len(everyone), GROUP_SIZE)):
                members = everyone[start:start + GROUP_SIZE]
                if len(members) < 3:
                    continue
                leaders = [w for w, _count in Counter(m[2] for m in members).most_common(2)]
                for week in range(NOTE_WEEKS):
                    day = thursday - datetime.timedelta(weeks=week) - datetime.timedelta(days=n // 2)
                    if day >= self.today:
                        continue
                    self._group_session(rng, unit_id, members, leaders, _at(day, 10 if n % 2 == 0 else 13))

    def _group_session(self, rng, unit_id, members, leaders, at) -> None:
        occasion_id = self.t[Occasion].add(
            municipality_id=self.m, kind=Occasion.Kind.GROUP_SESSION, offer_id=members[0][0], unit_id=unit_id,
            starts_at=at, ends_at=at + datetime.timedelta(hours=2), place=GROUP_PLACE,
            status=Occasion.Status.HELD, created_by_id=leaders[0], created_at=self.stamp)
        for leader in leaders:
            self.t[OccasionStaff].add(municipality_id=self.m, occasion_id=occasion_id, user_id=leader)
        for offer_id, citizen_id, _worker, since in members:
            if since > at.date():
                continue
            roll = rng.random()
            status = "attended" if roll < 0.7 else "no_show" if roll < 0.8 else "cancelled"
            participation_id = self.t[Participation].add(
                municipality_id=self.m, occasion_id=occasion_id, citizen_id=citizen_id, offer_id=offer_id,
                status=status, minutes=120 if status == "attended" else 0)
            if status == "attended" and rng.random() < 0.5:
                self.t[Note].add(municipality_id=self.m, citizen_id=citizen_id, participation_id=participation_id,
                                 author_id=leaders[0], occurred_at=at, written_at=at + datetime.timedelta(hours=3),
                                 text=rng.choice(NOTE_OPENINGS[ContactKind.GROUP_SESSION]) + " "
                                 + rng.choice(GROUP_NOTES))

    def klippekort(self, episode_id, citizen_id, offer, worker_id, ended) -> None:
        """A klippekort after the end; a quarter are used for a return within their period."""
        rng, today = self.rng, self.today
        valid_from, valid_until = ended, ended + datetime.timedelta(days=182)
        card_id = self.t[Klippekort].add(municipality_id=self.m, citizen_id=citizen_id, from_episode_id=episode_id,
                                         hours=Decimal(rng.choice([10, 15, 20])), valid_from=valid_from,
                                         valid_until=valid_until, created_by_id=worker_id, created_at=self.stamp)
        last_day = min(valid_until, today - datetime.timedelta(days=14))
        if rng.random() < 0.25 and last_day > valid_from:
            back = valid_from + datetime.timedelta(days=rng.randint(0, (last_day - valid_from).days))
            end = back + datetime.timedelta(days=rng.randint(14, 60))
            end = end if end < today else None
            steps = [(back, Mode.INDIVIDUAL, Decimal("1.5"), "Tilbage på klippekort")]
            return_id = self.t[Episode].add(
                municipality_id=self.m, citizen_id=citizen_id, offer_id=offer.pk, unit_id=offer.unit_id,
                worker_id=worker_id, klippekort_id=card_id, started_on=back, first_meeting_on=back,
                mode=Mode.INDIVIDUAL, hours_per_week=Decimal("1.5"), ended_on=end,
                end_reason=Episode.EndReason.KLIPPEKORT_USED if end else "", created_at=self.stamp,
                created_by_id=worker_id)
            self.offer_of[return_id] = (offer.pk, offer.unit_id)
            self.t[IntensityChange].add(municipality_id=self.m, episode_id=return_id, citizen_id=citizen_id,
                                        starts_on=back, mode=Mode.INDIVIDUAL, hours_per_week=Decimal("1.5"),
                                        reason=steps[0][3], by_id=worker_id, created_at=self.stamp)
            self.contacts(return_id, citizen_id, worker_id, back, back, end, steps, [])


def _intensity(rng, offer, granted: Decimal, start: datetime.date, end: datetime.date) -> list[tuple]:
    """(from, mode, hours, reason) steps over the episode, within the grant."""
    mode = Mode.INDIVIDUAL if offer.format != Offer.Format.GROUP else Mode.GROUP
    hours = min(granted, _half(float(granted) * rng.choice([0.75, 1.0, 1.0, 1.0])))
    steps = [(start, mode, hours, "Forløbet starter")]
    day = start + datetime.timedelta(days=rng.randint(60, 200))
    paused = False
    while day < end:
        if paused:
            steps.append((day, mode, hours, rng.choice(INTENSITY_REASONS["resume"])))
            paused = False
        else:
            kind = rng.choices(["up", "down", "group", "pause"], [0.3, 0.4, 0.15, 0.15])[0]
            if kind == "pause":
                paused = True
                steps.append((day, Mode.PAUSED, Decimal(0), rng.choice(INTENSITY_REASONS["pause"])))
                day += datetime.timedelta(days=rng.randint(14, 45))
                continue
            if kind == "group" and offer.format == Offer.Format.MIXED and mode == Mode.INDIVIDUAL:
                mode = Mode.MIXED
            elif kind == "up":
                hours = min(granted, hours + Decimal("0.5"))
            else:
                kind = "down"
                hours = max(Decimal("0.5"), hours - Decimal("0.5"))
            if (mode, hours) != steps[-1][1:3]:
                steps.append((day, mode, hours, rng.choice(INTENSITY_REASONS[kind])))
        day += datetime.timedelta(days=rng.randint(60, 200))
    return steps


def _note_text(rng, kind: str) -> str:
    first, second = rng.sample(NOTE_MIDDLES, 2)
    return " ".join(t for t in (rng.choice(NOTE_OPENINGS[kind]), first, second, rng.choice(NOTE_ENDINGS)) if t)

from . import demo_kompetence  # noqa: E402, F401 - the kompetenceteam and the ASF offer (step 75)
