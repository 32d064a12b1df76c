"""The demo's casework as it happened: a request behind every case, dates registered when they happened
(a few cases brought in from paper later), FFB target groups, services and the overall support need,
orders answered by the provider, letters kept as sent (grants, refusals, ends), closed cases, the
coordinator's history, case notes, effort follow-ups and the providers' proposals to end; and new cases at
every stage — applied for, granted without a letter yet, ordered and waiting in a unit's intake list,
accepted and waiting to start, refused — and open requests on the caseworkers' desk."""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Q

from tovholder.citizens.models import Citizen, CoordinatorAssignment, Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.offers import ffb
from tovholder.offers.models import Offer

from .. import letters
from ..deadlines import deadline_for
from ..models import (
    Assessment,
    Case,
    CaseNote,
    CaseStatusChange,
    ConditionScore,
    Decision,
    EffortFollowUp,
    EndProposal,
    Letter,
    Order,
    Request,
    Source,
)

S = Decision.Status
CPH = ZoneInfo("Europe/Copenhagen")
LETTER_DAYS = 400  # decisions of the last year or so have their letters in Tovholder; older ones were on paper

SOURCES = [Source.CITIZEN, Source.RELATIVE, Source.HOSPITAL, Source.GP, Source.JOBCENTER, Source.THIRD_PARTY]
ASKS = {
    Source.CITIZEN: "Borgeren ringer selv og beder om hjælp til at få hverdagen til at hænge sammen.",
    Source.RELATIVE: "Moren er bekymret: hendes søn isolerer sig og har svært ved at passe lejligheden.",
    Source.HOSPITAL: "Psykiatrisk Center Ballerup: udskrives i næste uge og har brug for støtte i eget hjem.",
    Source.GP: "Egen læge henviser: angst og depression, svært ved at komme ud af døren.",
    Source.JOBCENTER: "Jobcentret: borgeren har brug for støtte ved siden af det beskæftigelsesrettede forløb.",
    Source.THIRD_PARTY: "En nabo har henvendt sig, fordi borgeren ikke har været ude i flere uger.",
}
TARGET_GROUPS = ["Angst", "Depression", "Forandret virkelighedsopfattelse", "Personlighedsforstyrrelse",
                 "Spiseforstyrrelse", "Autismespektrum", "Opmærksomhedsforstyrrelse", "Social isolation",
                 "Stofmisbrug", "Alkoholmisbrug", "Selvskadende adfærd", "Stressbelastning"]
NOTES = ["Telefonsamtale med borgeren om ansøgningen.", "Indhentet oplysninger fra egen læge efter samtykke.",
         "Møde med borgeren og kontaktpersonen: status på målene.", "Borgeren har fået aktindsigt i sagen.",
         "Talt med jobcentret om koordinering af indsatserne."]
REASONS = "Udredningen viser, at borgeren har behov for støtte til at mestre sin hverdag og sine relationer."
END_REASONS = "Borgeren har nået målene for indsatsen og klarer nu hverdagen med den støtte, netværket giver."


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


def _code(display: str, category: str) -> str:
    return next(c.code for c in ffb.leaves(category) if c.display == display)


def _services_for(offer: Offer) -> list[str]:
    """The FFB services (ydelser) an offer delivers: its own service, or the leaves under it."""
    concept = ffb.concepts().get(offer.ffb_service)
    if concept is None:
        return []
    under = [c.code for c in ffb.leaves("Ydelse") if concept.display in c.path]
    return sorted(under) or [concept.code]


@step(order=26)
def casework(ctx: DemoContext) -> None:
    story = _Story(ctx)
    if not story.caseworkers:
        return
    story.history()
    story.new_cases()
    story.open_requests()
    story.coordinators()


class _Story:
    def __init__(self, ctx: DemoContext):
        self.ctx, self.rng, self.today, self.m = ctx, ctx.rng, ctx.today, ctx.municipality
        self.caseworkers = next((users for name, users in ctx.staff.items() if ctx.units[name].kind == "casework"),
                                [])
        self.groups = [_code(name, "Målgruppe") for name in TARGET_GROUPS]
        self.needs = sorted(c.code for c in ffb.under("Støttebehovsniveau") if c.display != "Ikke vurderet")
        self.continues = next(c.code for c in ffb.under("Status på indsats") if "fortsættelse" in c.display)
        self.workers = {(c, u): w for c, u, w in Involvement.objects.filter(
            municipality=self.m, worker__isnull=False, ended_on__isnull=True).values_list(
            "citizen_id", "unit_id", "worker_id")}

    # --- the cases behind the involvements, told as they happened ------------------------------------

    def history(self) -> None:
        rng, today = self.rng, self.today
        cases = list(Case.objects.filter(municipality=self.m).select_related("citizen", "caseworker").order_by("pk"))
        requests = []
        for case in cases:
            source = rng.choice(SOURCES)
            received = case.opened_on - datetime.timedelta(days=rng.randint(0, 6))
            requests.append(Request(
                municipality=self.m, citizen_id=case.citizen_id, source=source, asks_for=ASKS[source],
                requester_name="" if source == Source.CITIZEN else rng.choice(["Birthe", "Psykiatrisk Center",
                                                                               "Dr. Holm", "Naboen"]),
                received_on=received, received_by=case.caseworker, status=Request.Status.CASE))
        Request.objects.bulk_create(requests, batch_size=1000)
        paper = set(rng.sample(range(len(cases)), len(cases) // 15))  # brought in from paper, months later
        for n, (case, request) in enumerate(zip(cases, requests, strict=True)):
            case.request = request
            request.registered_at = _at(request.received_on, 9)
            late = datetime.timedelta(days=rng.randint(60, 200)) if n in paper else datetime.timedelta(0)
            case.registered_at = _at(min(today, case.opened_on + late), 11)
            case.primary_target_group = rng.choice(self.groups)
            case.target_groups = [g for g in rng.sample(self.groups, rng.randint(0, 2))
                                  if g != case.primary_target_group]
        Request.objects.bulk_update(requests, ["registered_at"], batch_size=1000)
        Case.objects.bulk_update(cases, ["request", "registered_at", "primary_target_group", "target_groups"],
                                 batch_size=1000)
        assessments = list(Assessment.objects.filter(municipality=self.m).order_by("pk"))
        for a in assessments:
            a.support_need = rng.choice(self.needs)
            a.registered_at = _at(a.assessed_on, 14)
        Assessment.objects.bulk_update(assessments, ["support_need", "registered_at"], batch_size=1000)
        self._efforts(cases)

    def _efforts(self, cases: list[Case]) -> None:
        rng, today = self.rng, self.today
        by_case = {c.pk: c for c in cases}
        decisions = list(Decision.objects.filter(municipality=self.m).select_related(
            "offer__legal_basis", "offer__unit", "citizen", "case__caseworker").order_by("pk"))
        orders, letters_, follow_ups, proposals, closings = [], [], [], [], []
        last_end: dict[int, datetime.date] = {}
        for d in decisions:
            d.case = by_case.get(d.case_id, d.case)
            d.registered_at = _at(d.requested_on, 12)
            if d.status in (S.ACTIVE, S.ENDED):
                d.services = rng.sample(_services_for(d.offer), min(2, len(_services_for(d.offer))))
                provider = d.offer.unit if d.offer.municipality_id == self.m.pk else None
                if provider is not None and d.decided_on and d.activated_on:
                    d.ordered_on = d.decided_on
                    answered = min(d.activated_on, d.decided_on + datetime.timedelta(days=rng.randint(1, 5)))
                    orders.append(Order(
                        municipality=self.m, decision=d, citizen_id=d.citizen_id, unit=provider,
                        status=Order.Status.STARTED, ordered_on=d.ordered_on, ordered_by=d.case.caseworker,
                        answered_on=answered, answered_by=d.case.caseworker,
                        contact_person_id=self.workers.get((d.citizen_id, provider.pk)),
                        started_on=d.activated_on))
            recent = d.decided_on is not None and (today - d.decided_on).days <= LETTER_DAYS
            if d.status in (S.ACTIVE, S.ENDED, S.GRANTED) and recent and d.reasons:
                sent = min(today, d.decided_on + datetime.timedelta(days=rng.randint(0, 2)))
                letters_.append(self._letter(d, Letter.Kind.GRANT, sent, letters.decision_letter_html(d, sent)))
            if d.status == S.ENDED and d.ended_on:
                d.end_reason = END_REASONS[:500]
                if (today - d.ended_on).days <= LETTER_DAYS:
                    sent = max(d.activated_on or d.ended_on, d.ended_on - datetime.timedelta(days=rng.randint(0, 14)))
                    letters_.append(self._letter(d, Letter.Kind.END, sent,
                                                 letters.end_letter_html(d, END_REASONS, sent, None)))
                last_end[d.case_id] = max(last_end.get(d.case_id, d.ended_on), d.ended_on)
            if d.status == S.ACTIVE and d.activated_on and (today - d.activated_on).days > 200:
                held = d.activated_on + datetime.timedelta(days=182)
                follow_ups.append(EffortFollowUp(
                    municipality=self.m, decision=d, citizen_id=d.citizen_id, held_on=held, status=self.continues,
                    note="Borgeren er godt i gang; indsatsen fortsætter med samme omfang.",
                    next_on=held + datetime.timedelta(days=182), by=d.case.caseworker))
                d.review_on = held + datetime.timedelta(days=182)
            if (d.status == S.ACTIVE and d.offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS
                    and d.activated_on and (today - d.activated_on).days > 120 and rng.random() < 0.06):
                worker = self.workers.get((d.citizen_id, d.offer.unit_id))
                if worker is not None:
                    proposals.append(EndProposal(
                        municipality=self.m, decision=d, citizen_id=d.citizen_id,
                        end_on=today + datetime.timedelta(days=rng.choice([-3, 0, 7, 14])),
                        reason_code="goals_met", reason="Målene er nået",
                        note="Borgeren klarer indkøb, rengøring og økonomi selv og ønsker at stoppe.",
                        proposed_by_id=worker))
        Decision.objects.bulk_update(decisions, ["registered_at", "services", "ordered_on", "end_reason",
                                                 "review_on"], batch_size=1000)
        Order.objects.bulk_create(orders, batch_size=1000)
        Letter.objects.bulk_create(letters_, batch_size=500)
        EffortFollowUp.objects.bulk_create(follow_ups, batch_size=1000)
        EndProposal.objects.bulk_create(proposals, batch_size=1000)
        for case in cases:
            if case.status == Case.Status.CLOSED:
                closed = min(today, last_end.get(case.pk, case.opened_on) + datetime.timedelta(
                    days=self.rng.randint(1, 20)))
                case.closed_on = closed
                closings.append(CaseStatusChange(municipality=self.m, case=case, citizen_id=case.citizen_id,
                                                 status=Case.Status.CLOSED, on=closed, by=case.caseworker,
                                                 reason="Indsatsen er afsluttet, og borgeren har ikke søgt andet."))
        Case.objects.bulk_update([c for c in cases if c.closed_on], ["closed_on"], batch_size=1000)
        CaseStatusChange.objects.bulk_create(closings, batch_size=1000)
        notes = [CaseNote(municipality=self.m, case=c, citizen_id=c.citizen_id, author=c.caseworker,
                          written_on=max(c.opened_on, self.today - datetime.timedelta(days=self.rng.randint(0, 60))),
                          text=self.rng.choice(NOTES))
                 for c in cases if c.status == Case.Status.OPEN for _ in range(self.rng.randint(1, 2))]
        CaseNote.objects.bulk_create(notes, batch_size=1000)

    def _letter(self, d: Decision, kind: str, sent: datetime.date, html: str) -> Letter:
        return Letter(municipality=self.m, case=d.case, decision=d, citizen_id=d.citizen_id, kind=kind,
                      subject=letters.subject_of(kind, d), sent_on=sent, html=html, by=d.case.caseworker)

    # --- new cases, one at each stage ------------------------------------------------------------------

    STAGES = ["ordered", "refused", "granted", "accepted", "ordered", "requested"]

    def new_cases(self) -> None:
        """Citizens the caseworkers have taken on (a casework involvement) without a case yet get one,
        at the stages in turn: the desk, the decisions' pages and the units' intake lists show them."""
        rng, today = self.rng, self.today
        offers = {o.name: o for o in Offer.objects.filter(municipality=self.m).select_related("unit",
                                                                                               "legal_basis")}
        young, adult = offers.get("Ballerup Ungeindsats – mentorforløb"), offers.get(
            "SKP – støtte-kontaktperson-ordning")
        if young is None or adult is None:
            return
        with_case = Case.objects.filter(municipality=self.m).values("citizen_id")
        taken = list(Involvement.objects.filter(municipality=self.m, unit__kind="casework", ended_on__isnull=True)
                     .exclude(citizen_id__in=with_case).select_related("citizen", "worker").order_by("pk"))
        activity = sorted(c.code for c in ffb.under("Aktivitet og deltagelse") if len(c.path) >= 3)
        for n, inv in enumerate(taken):
            stage = self.STAGES[n % len(self.STAGES)]
            citizen, caseworker = inv.citizen, inv.worker or rng.choice(self.caseworkers)
            offer = young if citizen.age(today) < 30 else adult
            received = max(inv.started_on, today - datetime.timedelta(days=70)) - datetime.timedelta(
                days=rng.randint(0, 5))
            source = rng.choice(SOURCES)
            request = Request.objects.create(
                municipality=self.m, citizen=citizen, source=source, asks_for=ASKS[source], received_on=received,
                received_by=caseworker, status=Request.Status.CASE)
            opened = received + datetime.timedelta(days=rng.randint(0, 3))
            case = Case.objects.create(
                municipality=self.m, citizen=citizen, request=request, caseworker=caseworker, opened_on=opened,
                primary_target_group=rng.choice(self.groups), citizen_wishes="At få en hverdag, der hænger sammen.")
            case.number = f"{opened.year}-{case.pk:06d}"
            assessed = min(today, opened + datetime.timedelta(days=rng.randint(3, 10)))
            assessment = Assessment.objects.create(
                municipality=self.m, case=case, citizen=citizen, assessed_on=assessed, assessed_by=caseworker,
                summary="Udredning efter VUM sammen med borgeren.", support_need=rng.choice(self.needs))
            ConditionScore.objects.bulk_create(
                ConditionScore(municipality=self.m, assessment=assessment, condition=code,
                               functional_level=rng.choice([1, 2, 2, 3, 3, 4]))
                for code in rng.sample(activity, 6))
            requested = assessed
            d = Decision.objects.create(municipality=self.m, case=case, citizen=citizen, offer=offer,
                                        requested_on=requested, deadline_on=deadline_for(offer, requested))
            Request.objects.filter(pk=request.pk).update(registered_at=_at(received, 9))
            Case.objects.filter(pk=case.pk).update(number=case.number, registered_at=_at(opened, 11))
            if stage == "requested":
                continue
            decided = min(today, requested + datetime.timedelta(days=rng.randint(5, 20)))
            d.decided_on, d.decided_by, d.reasons = decided, caseworker, REASONS
            if stage == "refused":
                d.status = S.REFUSED
                d.reasons = ("Udredningen viser, at borgerens behov kan dækkes af tilbud uden visitation på "
                             "Støberiet; der er ikke behov for socialpædagogisk støtte efter § 85.")
                d.save()
                Letter.objects.bulk_create([self._letter(d, Letter.Kind.REFUSAL, decided,
                                                         letters.decision_letter_html(d, decided))])
                continue
            d.status, d.hours_per_week = S.GRANTED, rng.choice([2, 3, 4])
            d.start_on, d.review_on = decided + datetime.timedelta(days=14), decided + datetime.timedelta(days=196)
            d.services = rng.sample(_services_for(offer), 2)
            if stage == "granted":
                d.save()  # the letter is not sent yet: the desk says so
                continue
            letter_on = decided
            Letter.objects.bulk_create([self._letter(d, Letter.Kind.GRANT, letter_on,
                                                     letters.decision_letter_html(d, letter_on))])
            d.status, d.ordered_on = S.ORDERED, min(today, decided + datetime.timedelta(days=1))
            d.save()
            order = Order(municipality=self.m, decision=d, citizen=citizen, unit=offer.unit, ordered_on=d.ordered_on,
                          ordered_by=caseworker, status=Order.Status.SENT,
                          message=rng.choice(["Borgeren ønsker besøg om formiddagen.",
                                              "Borgeren vil gerne have en kontaktperson, der kan tale engelsk.", ""]))
            if stage == "accepted":
                worker = rng.choice(self.ctx.staff.get(offer.unit.name, [caseworker]))
                order.status, order.answered_on, order.contact_person = (
                    Order.Status.ACCEPTED, min(today, d.ordered_on + datetime.timedelta(days=2)), worker)
                order.answered_by = worker
                Involvement.objects.create(municipality=self.m, citizen=citizen, unit=offer.unit, worker=worker,
                                           started_on=order.answered_on)
            order.save()

    def open_requests(self) -> None:
        """Requests not yet handled: from citizens without a case, anonymous ones, and help without
        visitation handed over by Støberiet's staff for a person not yet registered."""
        rng, today = self.rng, self.today
        free = list(Citizen.objects.filter(municipality=self.m).exclude(
            Q(cases__isnull=False) | Q(involvements__ended_on__isnull=True)).order_by("pk")[:4])
        rows = [Request(municipality=self.m, citizen=c, source=rng.choice(SOURCES), asks_for=ASKS[Source.GP],
                        received_on=today - datetime.timedelta(days=rng.randint(0, 6)),
                        received_by=rng.choice(self.caseworkers)) for c in free]
        rows.append(Request(municipality=self.m, anonymous_label="Kvinde ca. 45 år", source=Source.RELATIVE,
                            asks_for="Datteren ringer: moren har ikke forladt lejligheden i en måned.",
                            received_on=today - datetime.timedelta(days=1), received_by=rng.choice(self.caseworkers)))
        staff = self.ctx.staff.get("Støberiet", [])
        if staff:
            rows.append(Request(
                municipality=self.m, anonymous_label="Mand ca. 30 år", source=Source.STAFF,
                requester_name=staff[0].get_full_name(), received_on=today - datetime.timedelta(days=2),
                received_by=staff[0], cpr_given="0106952347", name_given="Jonas Friis Holm",
                asks_for="Hjælp uden visitation, der skal blive en sag: han har brug for hjælp til økonomi og "
                         "bolig og er ikke registreret."))
        Request.objects.bulk_create(rows)
        Request.objects.filter(pk__in=[r.pk for r in rows]).update(registered_at=_at(today, 9))

    def coordinators(self) -> None:
        """The coordinator's history behind today's coordinators; and a few citizens with an effort under
        way and no coordinator, for the caseworkers to fix (the desk lists them)."""
        current = list(Citizen.objects.filter(municipality=self.m, coordinator__isnull=False).order_by("pk")
                       .values_list("pk", "coordinator_id"))
        since = dict(Involvement.objects.filter(municipality=self.m, ended_on__isnull=True, worker__isnull=False)
                     .values_list("citizen_id", "started_on"))
        CoordinatorAssignment.objects.bulk_create(
            CoordinatorAssignment(municipality=self.m, citizen_id=citizen, coordinator_id=worker,
                                  started_on=since.get(citizen, self.today), reason="Kontaktperson i det første "
                                                                                    "forløb")
            for citizen, worker in current)
        running = defaultdict(list)
        for citizen, status in Decision.objects.filter(municipality=self.m, status__in=[S.ORDERED, S.ACTIVE],
                                                       citizen__coordinator__isnull=False).values_list(
                "citizen_id", "status").order_by("citizen_id"):
            running[citizen].append(status)
        chosen = self.rng.sample(sorted(running), min(4, len(running)))
        CoordinatorAssignment.objects.filter(citizen_id__in=chosen).update(
            ended_on=self.today - datetime.timedelta(days=10), reason="Kontaktpersonen er stoppet")
        Citizen.objects.filter(pk__in=chosen).update(coordinator=None)
