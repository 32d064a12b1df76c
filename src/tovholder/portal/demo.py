"""Demo: fictitious test citizens for the test login ("Testlogin – kun demo"), with a comment on a goal and
a Min log that holds ordinary reads, a list view and a read outside need to know (break the glass); the first
test citizen has two registered relatives, one granted the crisis plan and the appointments, and both are test
relatives of the test login (the other has no access until the citizen grants it)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from tovholder.audit.models import AccessEvent
from tovholder.citizens.models import BreakGlassGrant, Citizen, Involvement, Relative
from tovholder.demo.steps import DemoContext, step
from tovholder.plans.models import Goal

from .backends import RELATIVE_PREFIX
from .identity import pseudonym, relative_cpr_hash
from .models import CitizenAccount, GoalEntry, RelativeAccount, RelativeGrant

TEST_CITIZENS = 3
COMMENTS = [
    "Jeg synes, det går bedre med at komme ud af døren om morgenen.",
    "Jeg vil gerne tale om det her målet næste gang, vi ses.",
    "Det er svært i weekenderne. Kan vi finde på noget sammen?",
]
STEPS = ["Gå en tur hver dag efter frokost.", "Ringe til min søster om søndagen.", "Handle ind om tirsdagen."]
REASONS = [
    "Borgeren henvendte sig i Akuttelefonens åbningstid; tovholderen var ikke på arbejde.",
    "Borgeren mødte op på værestedet og bad om hjælp til at finde sin aftale.",
    "Opfølgning efter udskrivning fra psykiatrisk afdeling (weekendvagt).",
]


@step(order=97)
def test_citizens(ctx: DemoContext) -> None:
    m, rng = ctx.municipality, ctx.rng
    ranked = list(Goal.objects.filter(municipality=m, status=Goal.Status.ACTIVE, parent__isnull=True,
                                      citizen__coordinator__isnull=False)
                  .values("citizen_id").annotate(n=Count("pk")).order_by("-n", "citizen_id")[:TEST_CITIZENS])
    citizens = Citizen.objects.in_bulk([r["citizen_id"] for r in ranked])
    User = get_user_model()
    # only staff whose role may break the glass read outside their work (not the archivist, the council …)
    all_staff = sorted((u for u in {u.pk: u for users in ctx.staff.values() for u in users}.values()
                        if u.has_perm("accounts.break_glass")), key=lambda u: u.pk)
    moment = timezone.make_aware(datetime.datetime.combine(ctx.today - datetime.timedelta(days=3),
                                                           datetime.time(10)))
    events, entries = [], []
    for i, row in enumerate(ranked):
        citizen = citizens[row["citizen_id"]]
        user = User.objects.create_user(username=f"{pseudonym(citizen.cpr)}-{m.pk}", password=None,
                                        first_name=citizen.first_name[:150], last_name=citizen.last_name[:150])
        CitizenAccount.objects.create(municipality=m, citizen=citizen, user=user, test_login=True)
        goals = list(Goal.objects.filter(municipality=m, citizen=citizen, status=Goal.Status.ACTIVE,
                                         parent__isnull=True).order_by("pk")[:2])
        entries.append(GoalEntry(municipality=m, goal=goals[0], citizen=citizen, kind=GoalEntry.Kind.COMMENT,
                                 text=COMMENTS[i % len(COMMENTS)], written_by=user))
        if len(goals) > 1:
            entries.append(GoalEntry(municipality=m, goal=goals[1], citizen=citizen, kind=GoalEntry.Kind.STEP,
                                     text=STEPS[i % len(STEPS)], written_by=user))
        involved = set(Involvement.objects.filter(municipality=m, citizen=citizen).values_list("worker_id", flat=True))
        outsiders = [u for u in all_staff if u.pk not in involved and u.pk != citizen.coordinator_id]
        reason = REASONS[i % len(REASONS)]
        if outsiders:
            outsider = rng.choice(outsiders)
            BreakGlassGrant.objects.create(municipality=m, citizen=citizen, user=outsider, reason=reason,
                                           expires_at=moment + datetime.timedelta(minutes=60))
            events.append(AccessEvent(municipality=m, actor=outsider, citizen=citizen, what="Borgeroverblik",
                                      reason=reason, break_glass=True))
        events += [AccessEvent(municipality=m, actor_id=citizen.coordinator_id, citizen=citizen, what=what)
                   for what in ("Borgerliste", "Borgeroverblik", "Plan og mål")]
    GoalEntry.objects.bulk_create(entries)
    AccessEvent.objects.bulk_create(events)


# fictitious test relatives (name, relation, CPR number typed by the citizen; only its hash is stored)
TEST_RELATIVES = [("Kirsten Lund", "Søster", "1203724518"), ("Ole Bach", "Ven", "0507813390")]
GRANTED_PARTS = ["crisis_plan", "appointments"]


@step(order=98)
def test_relatives(ctx: DemoContext) -> None:
    m = ctx.municipality
    account = (CitizenAccount.objects.filter(municipality=m, test_login=True).select_related("citizen", "user")
               .order_by("pk").first())
    if account is None:
        return
    citizen = account.citizen
    relatives = Relative.objects.bulk_create([Relative(municipality=m, citizen=citizen, name=name, relation=relation)
                                              for name, relation, _ in TEST_RELATIVES])
    User = get_user_model()
    accounts = []
    for name, _, cpr in TEST_RELATIVES:
        digest = relative_cpr_hash(cpr)
        first, _, last = name.partition(" ")
        user = User.objects.create_user(username=f"{RELATIVE_PREFIX}{digest[:16]}-{m.pk}", password=None,
                                        first_name=first, last_name=last)
        accounts.append(RelativeAccount(municipality=m, user=user, cpr_hash=digest, name=name, test_login=True))
    RelativeAccount.objects.bulk_create(accounts)
    granted = relatives[0]
    RelativeGrant.objects.bulk_create([RelativeGrant(municipality=m, citizen=citizen, relative=granted,
                                                     cpr_hash=accounts[0].cpr_hash, parts=GRANTED_PARTS,
                                                     granted_by=account.user)])
    AccessEvent.objects.bulk_create([AccessEvent(municipality=m, actor=accounts[0].user, citizen=citizen,
                                                 what="Pårørendeadgang: Kriseplan, Aftaler")])
