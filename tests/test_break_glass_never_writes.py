"""The one write gate, tried through every page that writes a citizen's data: a user whose role could
do each thing, but who reaches the citizen only by breaking the glass, gets 403 — and not one row
changes. Every citizen-data page of the apps is classified here, so a new page must be too."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import get_resolver, reverse
from django.utils import timezone

from tests.conftest import make_staff
from tests.support.conftest import days, goal, start
from tovholder.audit.models import AccessEvent
from tovholder.citizens import services as citizen_services
from tovholder.citizens.models import BreakGlassGrant, Involvement
from tovholder.crosssector.models import Partner, PartnerConsent
from tovholder.journal import services as journal
from tovholder.offers.models import LegalBasis, Offer
from tovholder.outcomes.models import InstrumentVersion
from tovholder.plans.models import GOAL_TYPE_DEVELOP
from tovholder.support import services as support
from tovholder.support.models import ExternalPlacement
from tovholder.todo.models import Task
from tovholder.transition.models import Transition
from tovholder.visitation import services as visitation
from tovholder.volunteers import services as volunteers
from tovholder.youth.programme import EDUCATION

TODAY = datetime.date.today


@pytest.fixture
def glass(world, sw, cw):
    """A worker in another team who also holds the caseworker's role: every write permission, but Anna and
    Casey only through a break-the-glass grant. And something of each kind to write on."""
    user = make_staff("glass", world.ballerup, world.ung, "Medarbejder")
    user.groups.add(Group.objects.get(name="Sagsbehandler"))
    episode = start(world, sw)
    g = goal(world)
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(hours=3), tick=False):
        [past] = support.plan_appointments(actor=world.own_worker, citizen=world.anna,
                                           starts_at=now - datetime.timedelta(hours=2), minutes=60)
    [future] = support.plan_appointments(actor=world.own_worker, citizen=world.anna,
                                         starts_at=now + datetime.timedelta(days=2), minutes=60)
    note = journal.write_note(actor=world.own_worker, citizen=world.anna, kind="phone", minutes=20,
                              occurred_at=now - datetime.timedelta(days=1), text="Telefonsamtale")
    earlier = support.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.counselling,
                                    started_on=days(-20), hours_per_week=Decimal(1))
    support.end_episode(actor=world.own_worker, episode=earlier, version=earlier.version, ended_on=days(-2),
                        reason="goals_met", klippekort_hours=Decimal(5), klippekort_valid_until=days(90))
    card = earlier.klippekort_given
    p107 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 107", title="Midlertidigt botilbud")
    housing = Offer.objects.create(municipality=world.ballerup, name="Bolig", legal_basis=p107, format="residential",
                                   capacity_kind="places", capacity=Decimal(5))
    case = visitation.open_case(actor=world.caseworker, citizen=world.casey)
    requested = visitation.request_offer(actor=world.caseworker, case=case, offer=sw.skp)
    granted = visitation.grant(actor=world.caseworker, decision=visitation.request_offer(
        actor=world.caseworker, case=case, offer=housing), version=1, start_on=TODAY(),
        review_on=TODAY() + datetime.timedelta(days=90), reasons="Borgeren har brug for en bolig med støtte.")
    active = visitation.activate_grant(actor=world.caseworker, decision=visitation.grant(
        actor=world.caseworker, decision=visitation.request_offer(actor=world.caseworker, case=case,
                                                                   offer=sw.komp),
        version=1, start_on=TODAY(), review_on=TODAY() + datetime.timedelta(days=90), hours_per_week=Decimal(2),
        reasons="Borgeren har brug for specialiseret støtte."))
    support_at_home = Offer.objects.create(municipality=world.ballerup, name="Bostøtte", legal_basis=p107,
                                           format="individual", capacity_kind="places", capacity=Decimal(5),
                                           unit=world.skp)
    ordered = visitation.order(actor=world.caseworker, decision=visitation.grant(
        actor=world.caseworker, decision=visitation.request_offer(actor=world.caseworker, case=case,
                                                                   offer=support_at_home),
        version=1, start_on=TODAY(), review_on=TODAY() + datetime.timedelta(days=90),
        reasons="Borgeren har brug for støtte i eget hjem."))
    visitation.propose_end(actor=world.caseworker, decision=active, end_on=TODAY(), reason="Målene er nået")
    case_note = visitation.write_case_note(actor=world.caseworker, case=case, text="Samtale med borgeren.")
    consent = world.anna.consents.get()
    coord = make_staff("coord", world.ballerup, world.management, "Frivilligkoordinator")
    lise = volunteers.register_volunteer(actor=coord, first_name="Lise", last_name="Frivillig", phone="12345678",
                                         interests=["walks"], availability=["mon-am"],
                                         certificate_seen_on=TODAY() - datetime.timedelta(days=10),
                                         certificate_renew_by=TODAY() + datetime.timedelta(days=700),
                                         consents_to_contact=True, max_agreements=2)
    wish = {"interests": ["walks"], "availability": ["mon-am"], "wish": "Gåture", "contact_arrangement": "Ring",
            "meeting_place": "Stationen", "consent_given_on": TODAY(), "consent": True}
    companion = volunteers.start_agreement(
        actor=coord, wish=volunteers.record_wish(actor=world.own_worker, citizen=world.anna, **wish), volunteer=lise,
        starts_on=TODAY() - datetime.timedelta(days=5), ends_on=TODAY() + datetime.timedelta(days=100))
    waiting = volunteers.record_wish(actor=world.caseworker, citizen=world.casey, **wish)
    course, course_enrolment = _course_with_anna(world, sw)
    care = _care_with_anna(world, cw)
    # a task about Anna for the glass user's team (made directly: no one may give a task to someone who does not
    # know the citizen)
    task = Task.objects.create(municipality=world.ballerup, citizen=world.anna, team=world.ung, title="Ring",
                               due=TODAY(), created_by=world.own_worker)
    transition = Transition.objects.create(municipality=world.ballerup, citizen=world.casey, case=case,
                                           caseworker=world.caseworker, opened_on=TODAY())
    partner = Partner.objects.create(municipality=world.ballerup, name="Psykiatrisk Center Ballerup", kind="ward",
                                     sor_code="900000000000001")
    partner_consent = PartnerConsent.objects.create(municipality=world.ballerup, citizen=world.anna, partner=partner,
                                                    purpose="care_message", given_on=TODAY(),
                                                    recorded_by=world.own_worker)
    stay = _stay_for_casey(world, housing)
    placement = ExternalPlacement.objects.create(  # bought externally for Anna, to be taken home by the SKP team
        municipality=world.ballerup, citizen=world.anna, unit=world.skp, provider="Lyngly ApS", what="§ 85-støtte",
        price=Decimal(50000), starts_on=TODAY() - datetime.timedelta(days=100), created_by=world.manager)
    for citizen in (world.anna, world.casey):
        citizen_services.break_glass(actor=user, citizen=citizen, reason="Akut henvendelse fra hospitalet")
    return {"task": task, "transition": transition, "partner": partner, "partner_consent": partner_consent,
            "user": user, "episode": episode, "goal": g, "past": past.participations.get(), "future": future,
            "note": note, "card": card, "case": case, "requested": requested, "granted": granted, "active": active,
            "consent": consent, "relative": consent.relative, "order": ordered.orders.get(),
            "case_note": case_note, "lise": lise, "companion": companion, "waiting": waiting,
            "course": course, "course_enrolment": course_enrolment, "stay": stay, "support_at_home": sw.skp,
            "placement": placement, "cw": cw, **care}


def _stay_for_casey(world, offer):
    """A rehabilitating stay for Casey (started by the caseworker, who knows her)."""
    from tovholder.housing import services as housing
    from tovholder.housing.models import StayEntryReason, StayPlace, StayPlaceType

    kind = StayPlaceType.objects.create(municipality=world.ballerup, offer=offer, name="Rehabiliterende ophold",
                                        max_days=90)
    place = StayPlace.objects.create(municipality=world.ballerup, place_type=kind, name="Bolig 1", capacity=2)
    StayPlace.objects.create(municipality=world.ballerup, place_type=kind, name="Bolig 2")
    reason = StayEntryReason.objects.create(municipality=world.ballerup, name="Udskrivelse fra hospital")
    return housing.start_stay(actor=world.caseworker, citizen=world.casey, place=place, entry_reason=reason,
                              started_on=TODAY(), planned_return_on=TODAY() + datetime.timedelta(days=30),
                              home_address="Rosenvej 3", home_tenancy="Lejebolig; huslejen betales")


def _care_with_anna(world, cw):
    """A care-message thread, a discharge agreement and a coordinated plan for Anna (issue 14)."""
    from tests.crosssector.care_world import incoming
    from tests.crosssector.test_agreements import content, save_plan
    from tovholder.crosssector import agreements, messages

    _receipt, message = messages.receive(data=incoming(cw))
    agreement = agreements.write_agreement(actor=world.own_worker, admission=cw.admission, kind="agreement",
                                           **content())
    from tovholder.portal.models import MessageThread

    portal_thread = MessageThread.objects.create(municipality=world.ballerup, citizen=world.anna,
                                                 subject="Aftale på torsdag", last_at=timezone.now())
    return {"thread": message.thread, "discharge": agreement, "coordinated": save_plan(world, cw),
            "portal_thread": portal_thread}


def _agreement_post(cw, version=None) -> dict:
    today = timezone.localdate()
    data = {"kind": "agreement", "legal_basis": "13a1", "meeting_on": today, "party_0_kind": "ward",
            "party_0_name": "Afsnittet", "party_1_kind": "municipal", "party_1_name": "SKP", "party_2_kind": "citizen",
            "party_2_name": "Anna", "action_0_party": "municipal", "action_0_what": "Besøg",
            "action_0_responsible": "Own", "action_0_due_on": today, "review_1": today + datetime.timedelta(days=30)}
    if version is not None:
        data["version"] = version
    return data


def _course_with_anna(world, sw):
    """A group course held last week with Anna on it (its coordinator and room made for it)."""
    from tovholder.courses import services as courses
    from tovholder.courses.models import Topic

    coordinator = make_staff("koord", world.ballerup, world.skp, "Forløbskoordinator")
    first = timezone.localdate() - datetime.timedelta(days=7)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=9), tick=False):
        room = courses.create_room(actor=coordinator, name="Sundhedshuset", address="Ballerup", capacity=12)
        course = courses.plan_course(actor=coordinator, title="Recoverykursus", topic=Topic.objects.get(key="recovery"),
                                     offer=sw.group, seats=6, leaders=[world.own_worker], audience="mixed")
        for day in (first, first + datetime.timedelta(days=14)):
            courses.add_session(actor=coordinator, course=course, day=day, starts=datetime.time(10),
                                ends=datetime.time(12), room=room)
        enrolment = courses.enrol(actor=world.own_worker, course=course, citizen=world.anna)
    return course, enrolment


def _prefixed(prefix: str, data: dict) -> dict:
    return {f"{prefix}-{k}": v for k, v in data.items()}


def _writes(world, sw, d):
    """(url name, url args, POST data) for every write on Anna's or Casey's data, with valid input."""
    a, c = world.anna.pk, world.casey.pk
    today, later = TODAY().isoformat(), (TODAY() + datetime.timedelta(days=30)).isoformat()
    who5 = InstrumentVersion.objects.get(instrument__key="who5", retired_at__isnull=True)
    return [
        ("course", [d["course"].pk], {"action": "enrol", "t-participant": f"c{a}"}),
        ("course", [d["course"].pk], {"action": "enrol", "t-participant": f"r{d['relative'].pk}"}),
        ("course_attendance", [d["course"].pk, d["course"].sessions.order_by("occasion__starts_at").first().pk],
         {f"seat-{d['course_enrolment'].seats.order_by('pk').first().pk}": "attended"}),
        ("course_withdraw", [d["course"].pk, d["course_enrolment"].pk], {"reason": "Flytter fra kommunen"}),
        ("course_evaluation", [d["course"].pk, d["course_enrolment"].pk],
         {"useful": "5", "group": "4", "use": "4", "text": "", "version": d["course_enrolment"].version}),
        ("citizen_contact", [a], {"phone": "12345678", "email": "", "address": "", "postal_code": "", "city": "",
                                  "version": world.anna.version}),
        ("relative_create", [a], {"name": "Ny Pårørende", "relation": "bror"}),
        ("consent_create", [a], {"relative": d["relative"].pk, "scope": "plan", "given_on": today}),
        ("consent_withdraw", [a, d["consent"].pk], {}),
        ("plan_edit", [a], {"version": d["goal"].plan.version, "aim": "At bo godt"}),
        ("goal_add", [a], {"text": "Jeg vil lave mad", "goal_type": GOAL_TYPE_DEVELOP, "next_follow_up_on": later}),
        ("goal_edit", [a, d["goal"].pk], {"version": d["goal"].version, "text": "Ændret",
                                          "goal_type": GOAL_TYPE_DEVELOP, "next_follow_up_on": later}),
        ("goal_follow_up", [a, d["goal"].pk], {"version": d["goal"].version, "held_on": today, "result": "continue",
                                               "next_on": later, "attainment": "1"}),
        ("measurement_create", [a, "who5"], {"version": who5.pk, "measured_on": today, "answered_by": "together",
                                             **{f"a_{k}": "3" for k in ("glad", "rolig", "aktiv", "udhvilet",
                                                                        "interesse")}}),
        ("episode_start", [a], {"offer": sw.group.pk, "started_on": today, "mode": "group", "hours_per_week": "1",
                                "worker": d["user"].pk}),
        ("episode_first_meeting", [a, d["episode"].pk], {"version": d["episode"].version, "met_on": today,
                                                         "expectations": "Vi har aftalt forventningerne."}),
        ("episode_intensity", [a, d["episode"].pk], {"version": d["episode"].version, "starts_on": today,
                                                     "mode": "individual", "hours_per_week": "1",
                                                     "reason": "Går bedre"}),
        ("episode_end", [a, d["episode"].pk], {"version": d["episode"].version, "ended_on": today,
                                               "reason": "goals_met"}),
        ("klippekort_return", [a, d["card"].pk], {"hours_per_week": "1.5"}),
        ("appointment_add", [a], {"day": later, "time": "10:00", "minutes": 60, "kind": "home_visit",
                                  "worker": d["user"].pk, "repeat_weeks": 0, "every_weeks": 1}),
        ("appointment_move", [a, d["future"].pk], {"version": d["future"].version, "day": later, "time": "11:00",
                                                   "minutes": 60}),
        ("appointment_cancel", [a, d["future"].pk], {"version": d["future"].version, "reason": "Syg"}),
        ("note_write", [a], {"kind": "phone", "status": "attended", "day": today, "time": "00:00", "minutes": 10,
                             "text": "Skrevet med brudt glas"}),
        ("note_write_for", [a, d["past"].pk], {"kind": "home_visit", "status": "attended", "day": today,
                                               "time": "08:00", "minutes": 60, "text": "Besøg"}),
        ("note_correct", [a, d["note"].pk], {"kind": "phone", "status": "attended", "day": today, "time": "08:00",
                                             "minutes": 20, "text": "Rettet", "reason": "Forkert tekst"}),
        ("case_open", [c], {}),
        ("case_detail", [d["case"].pk], {"form": "wishes", "version": d["case"].version,
                                         "citizen_wishes": "Et andet ønske", "needs": ["adhd"]}),
        ("case_detail", [d["case"].pk], {"form": "offer", "offer": sw.skp.pk}),
        ("assessment_create", [d["case"].pk], {"assessed_on": today, "summary": "", "t-TOTAL_FORMS": "1",
                                               "t-INITIAL_FORMS": "0", "t-MIN_NUM_FORMS": "0",
                                               "t-MAX_NUM_FORMS": "20",
                                               "t-0-condition": "01770afa-cd17-41fe-a966-b8895e4d55d8",
                                               "t-0-functional_level": "2"}),
        ("decision_detail", [d["requested"].pk], {"action": "grant", **_prefixed("grant", {
            "version": d["requested"].version, "decided_on": today, "hours_per_week": "2", "start_on": today,
            "review_on": later, "reasons": "En fuldt gyldig begrundelse her.", "priority": 2})}),
        ("decision_detail", [d["requested"].pk], {"action": "refuse", **_prefixed("refuse", {
            "version": d["requested"].version, "decided_on": today,
            "reasons": "En fuldt gyldig begrundelse for afslaget."})}),
        ("decision_detail", [d["requested"].pk], {"action": "notice", **_prefixed("notice", {
            "expected_by": later, "reason": "Mangler oplysninger fra lægen"})}),
        ("decision_detail", [d["granted"].pk], {"action": "order", "order-on": today}),
        ("decision_detail", [d["granted"].pk], {"action": "activate", "activate-on": today}),
        ("decision_detail", [d["granted"].pk], {"action": "letter", "letter-sent_on": today}),
        ("decision_detail", [d["granted"].pk], {"action": "cancel", "cancel-reason": "Fejl"}),
        ("decision_detail", [d["active"].pk], {"action": "end", **_prefixed("end", {
            "version": d["active"].version, "on": today, "decided_on": today,
            "reasons": "Borgeren har nået sine mål og klarer sig nu selv."})}),
        ("decision_detail", [d["active"].pk], {"action": "refuse_end", "refuse_end-proposal_version": 1,
                                               "refuse_end-answer": "Indsatsen fortsætter, til vi har fulgt op."}),
        ("case_detail", [d["case"].pk], {"form": "note", "note-written_on": today, "note-text": "Et sagsnotat"}),
        ("case_detail", [d["case"].pk], {"form": "status", "status-version": d["case"].version, "status-on": today,
                                         "status-reason": "Sagen er færdigbehandlet."}),
        ("case_note_correct", [d["case_note"].pk], {"text": "Rettet samtale", "correction_reason": "Forkert dato"}),
        ("citizen_coordinator", [a], {"coordinator": world.own_worker.pk, "since": today, "reason": "Skift"}),
        ("order", [d["order"].pk], {"action": "accept", "version": d["order"].version,
                                    "contact_person": world.own_worker.pk, "accepted_on": today}),
        ("wish_create", [a], {"wish": "Svømning", "interests": ["swimming"], "availability": ["mon-am"],
                              "contact_arrangement": "Ring", "meeting_place": "Stationen", "consent": "on",
                              "consent_given_on": today}),
        ("wish_match", [d["waiting"].pk], {"action": "start", "volunteer": d["lise"].pk, "starts_on": today,
                                           "ends_on": later}),
        ("wish_match", [d["waiting"].pk], {"action": "withdraw", "withdraw-reason": "Fortrudt"}),
        ("companion_agreement", [d["companion"].pk], {"action": "outing", "outing-day": today,
                                                      "outing-minutes": "60"}),
        ("companion_agreement", [d["companion"].pk], {"action": "end", "end-version": d["companion"].version,
                                                      "end-ended_on": today, "end-reason": "citizen_stops"}),
        ("care_message_new", [a], {"partner": d["cw"].ward.pk, "category": "psychiatry-social-disability",
                                   "topic": "Indlagt", "text": "Ring gerne"}),
        ("care_thread", [d["thread"].pk], {"action": "reply", "reply-text": "Vi kommer"}),
        ("care_thread", [d["thread"].pk], {"action": "forward", "forward-partner": d["cw"].bryde.pk}),
        ("care_thread", [d["thread"].pk], {"action": "read"}),
        ("discharge_agreement_new", [d["cw"].admission.pk], _agreement_post(d["cw"])),
        ("discharge_agreement", [d["discharge"].pk], {"partner": d["cw"].ward.pk}),
        ("discharge_agreement_revise", [d["discharge"].pk], _agreement_post(d["cw"], d["discharge"].version)),
        ("coordinated_plan_edit", [a], {"psychiatry": d["cw"].ward.pk, "psychiatry_contact": "Lone",
                                        "substance": d["cw"].bryde.pk, "substance_contact": "Kim", "aim": "Mål",
                                        "consent": "on", "consent_given_on": today}),
        ("coordinated_plan", [d["coordinated"].pk], {"action": "action", "action-party": "citizen",
                                                     "action-what": "Dagbog", "action-responsible": "Anna",
                                                     "action-due_on": later}),
        ("coordinated_plan", [d["coordinated"].pk], {"action": "share"}),
        ("task_reassign", [d["task"].pk], {"assignee": world.own_worker.pk, "version": d["task"].version}),
        ("task_complete", [d["task"].pk], {"version": d["task"].version}),
        ("transition_open", [world.casey.pk], {"request": ""}),
        ("relative_info", [a, d["relative"].pk], {"scopes": ["general"], "what": "Orienteret", "channel": "phone",
                                                  "told_on": today}),
        ("transition", [d["transition"].pk], {"action": "plan", "plan-version": d["transition"].version,
                                              "plan-meeting_on": today, "plan-continues": "Mentor"}),
        ("partner_consent_create", [a], {"partner": d["partner"].pk, "purpose": "discharge", "given_on": today}),
        ("partner_consent_withdraw", [a, d["partner_consent"].pk], {}),
        ("stay_start", [c], {"place": d["stay"].place_id, "entry_reason": d["stay"].entry_reason_id,
                             "started_on": today, "planned_return_on": later, "home_address": "Rosenvej 3",
                             "home_tenancy": "Lejebolig; huslejen betales"}),
        ("stay", [d["stay"].pk], {"action": "move", "move-version": d["stay"].version, "move-planned_return_on":
                                  (TODAY() + datetime.timedelta(days=40)).isoformat(),
                                  "move-reason": "Boligen er ikke klar endnu."}),
        ("stay", [d["stay"].pk], {"action": "support", "support-offer": d["support_at_home"].pk,
                                  "support-hours_per_week": "2", "support-start_on": later,
                                  "support-reasons": "Borgeren har brug for støtte i eget hjem efter opholdet."}),
        ("stay", [d["stay"].pk], {"action": "end", "end-version": d["stay"].version, "end-ended_on": today,
                                  "end-outcome": "other", "end-end_note": "Flyttet til familien."}),
        ("placement", [d["placement"].pk], {"action": "step", "text": "Møde med leverandøren", "due_on": later}),
        ("placement", [d["placement"].pk], {"action": "plan", "version": d["placement"].version,
                                            "target_on": later, "home_offer": sw.skp.pk, "hours_per_week": "4"}),
        ("youth_citizen", [a], {"action": "status", "status-status": "job", "status-since": today}),
        ("youth_citizen", [a], {"action": "meeting", "meeting-held_on": today, "meeting-agreement": "Aftalt",
                                "meeting-participants": [world.caseworker.pk]}),
        ("youth_citizen", [a], {"action": "goal", "goal-text": "Et job", "goal-condition": EDUCATION,
                                "goal-goal_type": GOAL_TYPE_DEVELOP, "goal-next_follow_up_on": later}),
        ("youth_citizen", [a], {"action": "move", "move-pension_granted_on": today, "move-moved_on": today,
                                "move-reasons": "Tilkendt førtidspension, overgår til SKP."}),
        ("flat_move_in", [d["order"].pk], {"flat": "1", "moved_in_on": today}),
        # Min Tovholder's bookings: a citizen's own session only (a member of staff's is refused outright)
        ("portal:book_course", [d["course"].pk], {}),
        ("portal:withdraw_course", [d["course_enrolment"].pk], {}),
        # the citizens' messages: staff answer on their side (the write gate refuses a break-the-glass reader);
        # the citizen's own thread page is a citizen's session only
        ("citizen_message", [d["portal_thread"].pk], {"text": "Svar fra en medarbejder uden for teamet"}),
        ("portal:thread", [d["portal_thread"].pk], {"text": "Hej fra en medarbejder"}),
    ]


# Pages that read a citizen's data, or write nothing of it but a referral (request_detail names the citizen of an
# anonymous request by CPR, as registering a request does) (every other page naming a citizen, case,
# decision, note … must be a write above).
READS = {"citizen", "citizen_break_glass", "citizen_access_log", "citizen_plan", "citizen_support", "episode",
         "citizen_notes", "note", "outcomes_citizen", "measurement_detail", "decision_letter", "notice_letter",
         "letter_pdf", "request_detail", "direct_help_escalate", "citizen_companion", "companion_sheet",
         "citizen_care", "care_attachment", "discharge_agreement_pdf", "citizen_stays",
         "citizen_fhir"}
OWNED = {"tovholder.citizens", "tovholder.visitation", "tovholder.plans", "tovholder.support", "tovholder.journal",
         "tovholder.outcomes", "tovholder.activities", "tovholder.volunteers", "tovholder.courses", "tovholder.todo",
         "tovholder.transition", "tovholder.crosssector", "tovholder.housing",
         "tovholder.youth", "tovholder.reporting", "tovholder.conversion", "tovholder.portal"}
RECORD_ARGS = {"citizen_id", "case_id", "decision_id", "notice_id", "request_id", "help_id", "order_id",
               "letter_id", "note_id", "wish_id", "agreement_id", "course_id", "enrolment_id", "session_id", "task_id",
               "transition_id", "consent_id", "stay_id", "placement_id", "thread_id", "segment_id", "admission_id",
               "plan_id"}


def _snapshot():
    """Every row of the project's tables, but for the access log and the grants (reads are logged)."""
    rows = {}
    for model in apps.get_models():
        if model.__module__.startswith("tovholder.") and model not in (AccessEvent, BreakGlassGrant):
            rows[model._meta.label] = sorted(model.objects.values_list(), key=repr)
    return rows


# Pages only the staff of the unit that runs the offer reach (404 for anyone else, grant or not): an order to the
# unit makes the unit know the citizen, so a break-the-glass grant can never be what opens them.
UNIT_ONLY = {"flat_move_in"}


def test_every_write_with_only_a_break_the_glass_grant_is_refused_and_writes_nothing(client, world, sw, glass):
    client.force_login(glass["user"])
    before = _snapshot()
    refused = []
    for name, args, data in _writes(world, sw, glass):
        response = client.post(reverse(name, args=args), data)
        if response.status_code != 403 and not (name in UNIT_ONLY and response.status_code == 404):
            refused.append((name, data.get("action") or data.get("form"), response.status_code))
    assert refused == []
    after = _snapshot()
    assert {k for k in before if before[k] != after[k]} == set()


def test_the_same_writes_go_through_with_need_to_know(client, world, sw, glass):
    """The check above would pass on a broken page too; with need to know the same POSTs write."""
    for citizen in (world.anna, world.casey):
        Involvement.objects.create(municipality=world.ballerup, citizen=citizen, unit=world.ung,
                                   started_on=TODAY())
    client.force_login(glass["user"])
    allowed = {("relative_create", None), ("plan_edit", None), ("goal_add", None), ("note_write", None),
               ("appointment_add", None), ("case_detail", "wishes"), ("decision_detail", "notice"),
               ("case_detail", "note"), ("decision_detail", "letter"), ("case_note_correct", None),
               ("companion_agreement", "outing"), ("task_complete", None),
               ("transition", "plan"), ("relative_info", None), ("partner_consent_create", None),
               ("stay", "move"), ("care_message_new", None), ("care_thread", "reply"),
               ("discharge_agreement_new", None), ("coordinated_plan", "action")}
    for name, args, data in _writes(world, sw, glass):
        if (name, data.get("action") or data.get("form")) in allowed:
            response = client.post(reverse(name, args=args), data)
            assert response.status_code == 302, name


WRITES = {"citizen_contact", "relative_create", "consent_create", "consent_withdraw", "plan_edit", "goal_add",
          "goal_edit", "goal_follow_up", "measurement_create", "episode_start", "episode_first_meeting",
          "episode_intensity", "episode_end", "klippekort_return", "appointment_add", "appointment_move",
          "appointment_cancel", "note_write", "note_write_for", "note_correct", "case_open", "case_detail",
          "assessment_create", "decision_detail", "citizen_coordinator", "order", "case_note_correct",
          "wish_create", "wish_match", "companion_agreement", "course", "course_attendance", "course_withdraw",
          "course_evaluation", "task_reassign", "task_complete", "transition_open", "transition",
          "relative_info", "partner_consent_create", "partner_consent_withdraw",
          "stay_start", "stay", "placement", "youth_citizen",
          "flat_move_in", "care_message_new", "care_thread", "discharge_agreement_new", "discharge_agreement",
          "discharge_agreement_revise", "coordinated_plan_edit", "coordinated_plan", "book_course", "withdraw_course",
          "citizen_message", "thread"}


def test_every_citizen_data_page_is_classified(world, sw, glass):
    assert {name.rsplit(":", 1)[-1] for name, _args, _data in _writes(world, sw, glass)} == WRITES
    names = {pattern.name for pattern, app in _patterns()
             if app in OWNED and set(pattern.pattern.converters) & RECORD_ARGS}
    assert names - WRITES - READS == set(), "classify the new page: a read, or a write tried above"
    assert READS & WRITES == set()


def _patterns():
    for resolver in get_resolver().url_patterns:
        module = getattr(resolver, "urlconf_name", None)
        app = module.__name__.rsplit(".", 1)[0] if hasattr(module, "__name__") else str(module).rsplit(".", 1)[0]
        for pattern in getattr(resolver, "url_patterns", []):
            yield pattern, app
