"""Demo: fictitious test citizens for the test login ("Testlogin – kun demo"), with a comment on a goal,
a Min log that holds ordinary reads, a list view and a read outside need to know (break the glass), a message
thread answered by the coordinator and a request for help made from Min Tovholder. Every letter of the demo is
in the letter outbox as "Demo: ikke sendt" (nothing is sent from a demo)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from tovholder.audit.models import AccessEvent
from tovholder.citizens.models import BreakGlassGrant, Citizen, Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.plans.models import Goal
from tovholder.visitation import letters
from tovholder.visitation.models import Decision, Letter, LetterDispatch, Request, Source

from .identity import pseudonym
from .models import CitizenAccount, GoalEntry, Message, MessageThread

TEST_CITIZENS = 3
COMMENTS = [
    "Jeg synes, det går bedre med at komme ud af døren om morgenen.",
    "Jeg vil gerne tale om det her målet næste gang, vi ses.",
    "Det er svært i weekenderne. Kan vi finde på noget sammen?",
]
STEPS = ["Gå en tur hver dag efter frokost.", "Ringe til min søster om søndagen.", "Handle ind om tirsdagen."]
THREADS = [
    ("Aftale på torsdag", "Hej. Jeg kan ikke komme til vores aftale på torsdag, fordi jeg skal til lægen. "
                          "Kan vi flytte den?",
     "Hej. Tak for beskeden. Vi flytter den til mandag kl. 10. Skriv, hvis det ikke passer."),
    ("Spørgsmål om gruppeforløbet", "Jeg vil gerne vide, om jeg må tage min søster med første gang.",
     "Ja, det må du gerne. Hun er velkommen første gang."),
    ("Tak for sidst", "Tak for turen i går. Det var godt at komme ud.", "Det var dejligt. Vi ses på tirsdag."),
]
HELP = [
    "Jeg har svært ved at klare min post og mine regninger. Kan jeg få hjælp til det?",
    "Jeg vil gerne have hjælp til at finde et sted, hvor jeg kan møde andre om aftenen.",
    "Jeg har fået et brev fra boligselskabet, som jeg ikke forstår. Kan nogen hjælpe mig?",
]
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
    events, entries, requests, threads, answers = [], [], [], [], []
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
        subject, asked, answer = THREADS[i % len(THREADS)]
        threads.append(MessageThread(municipality=m, citizen=citizen, subject=subject, last_at=timezone.now(),
                                     answered=True))
        answers.append((user, citizen, asked, answer))
        requests.append(Request(municipality=m, citizen=citizen, source=Source.PORTAL,
                                requester_name=citizen.full_name[:200], asks_for=HELP[i % len(HELP)],
                                received_on=ctx.today - datetime.timedelta(days=1), received_by=user))
    GoalEntry.objects.bulk_create(entries)
    AccessEvent.objects.bulk_create(events)
    Request.objects.bulk_create(requests)
    Letter.objects.bulk_create(_letters_for(m, [citizens[r["citizen_id"]] for r in ranked]))
    MessageThread.objects.bulk_create(threads)
    Message.objects.bulk_create([
        msg for thread, (user, citizen, asked, answer) in zip(threads, answers, strict=True) for msg in (
            Message(municipality=m, thread=thread, citizen=citizen, from_citizen=True, text=asked, written_by=user),
            Message(municipality=m, thread=thread, citizen=citizen, from_citizen=False, text=answer,
                    written_by_id=citizen.coordinator_id))])
    # the demo sends nothing: every letter is in the outbox as "Demo: ikke sendt" (no file: the demo letters)
    LetterDispatch.objects.bulk_create([
        LetterDispatch(municipality=m, letter_id=pk, citizen_id=citizen_id, status=LetterDispatch.Status.DEMO,
                       transport="demo", handled_at=timezone.now())
        for pk, citizen_id in Letter.objects.filter(municipality=m, dispatch__isnull=True)
        .values_list("pk", "citizen_id").order_by("pk")], batch_size=500)


LETTERS = 2
LETTERED = (Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE, Decision.Status.REFUSED)


def _letters_for(m, citizens: list[Citizen]) -> list[Letter]:
    """A test citizen has a decision letter or two in Mine breve: the letter of a decision that has none yet."""
    made = []
    for citizen in citizens:
        have = Letter.objects.filter(municipality=m, citizen=citizen).count()
        decisions = (Decision.objects.filter(municipality=m, citizen=citizen, status__in=LETTERED,
                                             decided_on__isnull=False)
                     .exclude(reasons="").exclude(letters__kind__in=[Letter.Kind.GRANT, Letter.Kind.REFUSAL])
                     .select_related("case", "offer", "citizen", "municipality").order_by("decided_on", "pk"))
        for d in decisions[:max(0, LETTERS - have)]:
            kind = Letter.Kind.REFUSAL if d.status == Decision.Status.REFUSED else Letter.Kind.GRANT
            made.append(Letter(municipality=m, case=d.case, decision=d, citizen=citizen, kind=kind,
                               subject=letters.subject_of(kind, d), sent_on=d.decided_on,
                               html=letters.decision_letter_html(d, d.decided_on), by_id=d.case.caseworker_id))
    return made
