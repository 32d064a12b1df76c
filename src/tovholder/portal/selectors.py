"""What the citizen reads about themself. Every read goes through `open_citizen` with the citizen's own
id (the citizen principal knows only itself) and is logged — reading one's own log too. And what a relative
reads under a citizen's grant (`relative_view`): logged on the citizen, shown in Min log as "Pårørende (navn)"."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import StaffProfile
from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent
from tovholder.audit.services import record_access, record_list_access
from tovholder.citizens.models import Citizen, Consent, Involvement, Relative
from tovholder.citizens.selectors import open_citizen
from tovholder.courses.models import Course, Enrolment, Seat, Session
from tovholder.crosssector.models import Partner
from tovholder.dropin.models import Activity
from tovholder.layout import charts
from tovholder.outcomes.models import Measurement
from tovholder.plans.models import Goal, Plan
from tovholder.visitation.models import Decision, Letter, Request, Source

from . import shares
from .models import (
    CheckIn,
    CheckInAlert,
    CitizenAccount,
    CrisisPlan,
    CrisisPlanSharing,
    DataCopy,
    GoalEntry,
    Message,
    MessageThread,
    RelativeAccount,
    RelativeGrant,
)
from .principals import RelativePrincipal
from .services import citizen_principal

UPCOMING = 10


@dataclass
class Person:
    first_name: str
    role: str
    team: str


@dataclass
class GoalCard:
    goal: Goal
    sub_goals: list[Goal]
    entries: list[GoalEntry]
    form: object = None  # the form to write on the goal (set by the view)


@dataclass
class Effort:
    what: str
    hours_per_week: object
    status: str
    start_on: datetime.date | None
    review_on: datetime.date | None


@dataclass
class Dated:
    on: datetime.date
    what: str


@dataclass
class MyPlan:
    citizen: Citizen
    plan: Plan | None
    goals: list[GoalCard]
    efforts: list[Effort]
    people: list[Person]
    upcoming: list[Participation]
    follow_ups: list[Dated]


def _first(staff) -> str:
    """A staff member's first name only (the citizen sees no more of staff than that)."""
    return (getattr(staff, "first_name", "") or "").split(" ")[0] or "Ikke oplyst"


def my_plan(user: Actor) -> MyPlan:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Min plan (Min Tovholder)")
    today = timezone.localdate()
    plan = Plan.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id).first()
    goals = list(Goal.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id,
                                     status=Goal.Status.ACTIVE).order_by("created_on", "pk"))
    entries: dict[int, list[GoalEntry]] = defaultdict(list)
    for entry in GoalEntry.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id):
        entries[entry.goal_id].append(entry)
    subs: dict[int, list[Goal]] = defaultdict(list)
    for g in goals:
        if g.parent_id:
            subs[g.parent_id].append(g)
    cards = [GoalCard(g, subs.get(g.pk, []), entries.get(g.pk, [])) for g in goals if not g.parent_id]
    decisions = list(Decision.objects.filter(
        citizen=citizen, municipality_id=citizen.municipality_id,
        status__in=(Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE))
        .select_related("offer").order_by("start_on", "pk"))
    efforts = [Effort(d.offer.name, d.hours_per_week, d.get_status_display(), d.start_on, d.review_on)
               for d in decisions]
    people = _people(citizen, today)
    upcoming = upcoming_for(citizen)
    follow_ups = [Dated(g.next_follow_up_on, f"Opfølgning på målet: {g.text}") for g in goals
                  if g.next_follow_up_on and g.next_follow_up_on >= today]
    if plan is not None and plan.review_on and plan.review_on >= today:
        follow_ups.append(Dated(plan.review_on, "Planen evalueres"))
    follow_ups += [Dated(d.review_on, f"Opfølgning på indsatsen: {d.offer.name}") for d in decisions
                   if d.review_on and d.review_on >= today]
    follow_ups.sort(key=lambda d: d.on)
    return MyPlan(citizen, plan, cards, efforts, people, upcoming, follow_ups)


def upcoming_for(citizen: Citizen) -> list[Participation]:
    """The citizen's upcoming appointments and sessions (Min plan, and a relative with the "Aftaler" part)."""
    return list(Participation.objects.filter(
        citizen=citizen, municipality_id=citizen.municipality_id, status=Participation.Status.PLANNED,
        occasion__status=Occasion.Status.PLANNED, occasion__starts_at__gte=timezone.now())
        .select_related("occasion__offer", "occasion__unit").order_by("occasion__starts_at")[:UPCOMING])


def _people(citizen: Citizen, today: datetime.date) -> list[Person]:
    """The coordinator and the contact persons: first name, role in the citizen's support and team — never a
    member of staff's own phone, e-mail or surname."""
    people = []
    involvements = list(Involvement.objects.active_on(today).filter(
        citizen=citizen, municipality_id=citizen.municipality_id).select_related("unit", "worker")
        .order_by("started_on", "pk"))
    if citizen.coordinator_id:
        units = [i.unit.name for i in involvements if i.worker_id == citizen.coordinator_id]
        if not units:
            units = list(StaffProfile.units.through.objects.filter(
                staffprofile__user_id=citizen.coordinator_id).values_list("unit__name", flat=True)[:1])
        people.append(Person(_first(citizen.coordinator), "Din tovholder", units[0] if units else ""))
    for inv in involvements:
        if inv.worker_id and inv.worker_id != citizen.coordinator_id:
            people.append(Person(_first(inv.worker), "Kontaktperson", inv.unit.name))
        elif not inv.worker_id:
            people.append(Person("", "Team", inv.unit.name))
    return people


# ---- Min log ----

@dataclass
class LogRow:
    at: datetime.datetime
    who: str
    unit: str
    what: str
    why: str
    break_glass: bool
    own: bool


@dataclass
class LogQuery:
    start: datetime.date | None = None
    end: datetime.date | None = None
    include_own: bool = False


@dataclass
class MyLog:
    citizen: Citizen
    page: Page
    rows: list[LogRow]
    query: LogQuery
    show_names: bool = field(default=False)


def _events(citizen: Citizen, user: Actor, query: LogQuery):
    qs = AccessEvent.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
    tz = timezone.get_current_timezone()
    if query.start:
        qs = qs.filter(at__gte=datetime.datetime.combine(query.start, datetime.time.min, tzinfo=tz))
    if query.end:
        qs = qs.filter(at__lt=datetime.datetime.combine(query.end + datetime.timedelta(days=1), datetime.time.min,
                                                        tzinfo=tz))
    if not query.include_own:
        qs = qs.exclude(actor=user)
    return qs.select_related("actor").order_by("-at", "-pk")


def _rows(events, user: Actor) -> list[LogRow]:
    """Who looked, as the citizen is shown it: the role and unit; the name only if the municipality shows names
    (TOVHOLDER_PORTAL_SHOW_STAFF_NAMES), otherwise masked."""
    ids = {e.actor_id for e in events}
    units: dict[int, list[str]] = defaultdict(list)
    staff_ids = set()
    for user_id, unit in (StaffProfile.units.through.objects.filter(staffprofile__user_id__in=ids)
                          .values_list("staffprofile__user_id", "unit__name").order_by("unit__name")):
        units[user_id].append(unit)
    staff_ids |= set(StaffProfile.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    roles: dict[int, list[str]] = defaultdict(list)
    for user_id, name in Group.objects.filter(user__in=ids).values_list("user", "name").order_by("name"):
        roles[user_id].append(name)
    partners = dict(Partner.objects.filter(user_id__in=ids).values_list("user_id", "name"))
    citizens = set(CitizenAccount.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    relatives = _relative_names(events, ids)
    show_names = settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES
    rows = []
    for e in events:
        own = e.actor_id == user.pk
        if own:
            who, unit = "Dig selv (Min Tovholder)", ""
        elif e.actor_id in partners:
            who, unit = f"Samarbejdspartner: {partners[e.actor_id]}", ""
        elif e.actor_id in relatives:
            who, unit = f"Pårørende ({relatives[e.actor_id]})", ""
        elif e.actor_id in citizens:
            who, unit = "En anden borgerbruger", ""
        elif e.actor_id in staff_ids:
            role = ", ".join(roles.get(e.actor_id, [])) or "Medarbejder"
            name = e.actor.get_full_name() if show_names else ""
            who = f"{role} ({name})" if name else role
            unit = ", ".join(units.get(e.actor_id, []))
        else:
            who, unit = "Tovholder (systemet)", ""
        why = e.reason
        if e.actor_id in relatives and not why:
            why = "Du har givet den pårørende adgang i Min Tovholder"
        if e.break_glass:
            why = f"Opslag uden for arbejdsområdet. Begrundelse: {e.reason or 'ikke angivet'}"
        rows.append(LogRow(e.at, who, unit, e.what, why, e.break_glass, own))
    return rows


def _relative_names(events, ids) -> dict[int, str]:
    """The relatives among the actors, by the name the citizen's own registration gives them (the grant that
    carried their CPR hash), else the name from their login."""
    accounts = list(RelativeAccount.objects.filter(user_id__in=ids))
    if not accounts:
        return {}
    citizen_ids = {e.citizen_id for e in events}
    by_hash = {h: name for h, name in RelativeGrant.objects.filter(
        citizen_id__in=citizen_ids, cpr_hash__in=[a.cpr_hash for a in accounts])
        .order_by("granted_at", "pk").values_list("cpr_hash", "relative__name")}
    return {a.user_id: by_hash.get(a.cpr_hash) or a.name for a in accounts}


def my_log(user: Actor, query: LogQuery, *, page_number=None) -> MyLog:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Min log (Min Tovholder)")
    page = Paginator(_events(citizen, user, query), settings.PAGE_SIZE).get_page(page_number)
    return MyLog(citizen, page, _rows(list(page.object_list), user), query,
                 settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES)


EXPORT_LIMIT = 20_000


def my_log_export(user: Actor, query: LogQuery) -> list[LogRow]:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Min log, eksport (Min Tovholder)")
    return _rows(list(_events(citizen, user, query)[:EXPORT_LIMIT]), user)


# ---- A copy of my data (GDPR art. 15) ----

def my_data_copies(user: Actor, *, log: bool = True) -> tuple[Citizen | None, list[DataCopy]]:
    """The citizen's copies, newest first. The page opens the citizen (logged); its status poll reads only the
    copies' own state (`log=False`: no citizen data, so the log is not flooded every two seconds)."""
    principal = citizen_principal(user)
    citizen = open_citizen(user, principal.citizen_id, what="Kopi af mine data (Min Tovholder)")[0] if log else None
    copies = list(DataCopy.objects.filter(municipality_id=principal.municipality_id,
                                          citizen_id=principal.citizen_id).order_by("-created_at", "-pk")[:20])
    return citizen, copies


def my_data_copy(user: Actor, copy_id: int | None) -> DataCopy:
    """One of the citizen's own copies (another citizen's id, or an odd one: 404)."""
    principal = citizen_principal(user)
    copy = (DataCopy.objects.filter(pk=copy_id, municipality_id=principal.municipality_id,
                                    citizen_id=principal.citizen_id).select_related("citizen").first()
            if copy_id is not None else None)
    if copy is None:
        raise Http404("Kopien findes ikke.")
    return copy


@dataclass
class CopySection:
    key: str
    title: str
    labels: dict[str, str]  # the JSON key → the heading the PDF shows
    rows: list[dict]
    note: str = ""
    compact: bool = False  # many short rows: one table with a column per key in the PDF


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def _masked(staff) -> str:
    """Staff in the copy as in Min Tovholder: the first name only (never surname, phone or e-mail)."""
    return _first(staff) if staff is not None else ""


def data_copy_contents(user: Actor, citizen_id: int, progress=lambda fraction: None) -> list[CopySection]:
    """Everything Tovholder holds on the citizen, section by section, for the copy of their data (GDPR art. 15).
    The citizen opens themself (logged); staff appear by first name; the access log as Min log shows it.
    `progress(fraction)` is told how far the gathering has come."""
    from tovholder.citizens.models import Consent, Disclosure, Relative
    from tovholder.journal.models import Note
    from tovholder.outcomes.selectors import measurements_of
    from tovholder.plans.models import GoalFollowUp
    from tovholder.visitation.models import Case, CaseNote, Letter, Order

    citizen, _ = open_citizen(user, citizen_id, what="Kopi af mine data: samlet (Min Tovholder)")
    m = citizen.municipality_id
    sections: list[CopySection] = []
    sections.append(CopySection("stamdata", "Mine stamoplysninger", {
        "fornavn": "Fornavn", "efternavn": "Efternavn", "cpr": "CPR-nummer", "foedselsdato": "Fødselsdato",
        "adresse": "Adresse", "postnummer": "Postnummer", "by": "By", "telefon": "Telefon", "email": "E-mail",
        "tovholder": "Din tovholder", "kommune": "Kommune", "oprettet": "Oprettet i Tovholder"}, [{
        "fornavn": citizen.first_name, "efternavn": citizen.last_name, "cpr": citizen.cpr,
        "foedselsdato": citizen.birth_date, "adresse": citizen.address, "postnummer": citizen.postal_code,
        "by": citizen.city, "telefon": citizen.phone, "email": citizen.email,
        "tovholder": _masked(citizen.coordinator) if citizen.coordinator_id else "",
        "kommune": citizen.municipality.name, "oprettet": citizen.created_at}]))
    plan = Plan.objects.filter(citizen=citizen, municipality_id=m).first()
    sections.append(CopySection("plan", "Min plan", {"oenske": "Mit overordnede ønske", "evalueres": "Planen evalueres",
                                                     "opdateret": "Senest ændret"},
                                [{"oenske": plan.aim, "evalueres": plan.review_on, "opdateret": plan.updated_at}]
                                if plan else []))
    goals = list(Goal.objects.filter(citizen=citizen, municipality_id=m).select_related("responsible")
                 .order_by("created_on", "pk"))
    sections.append(CopySection("maal", "Mine mål", {
        "id": "Nummer", "tekst": "Målet", "delmaal_af": "Delmål af mål nummer", "status": "Status",
        "oprettet": "Oprettet", "afsluttet": "Afsluttet", "naeste_opfoelgning": "Næste opfølgning",
        "startniveau": "Funktionsevne ved start (0–4)", "maalniveau": "Mål for funktionsevne (0–4)",
        "ansvarlig": "Ansvarlig"}, [{
            "id": g.pk, "tekst": g.text, "delmaal_af": g.parent_id, "status": g.get_status_display(),
            "oprettet": g.created_on, "afsluttet": g.ended_on, "naeste_opfoelgning": g.next_follow_up_on,
            "startniveau": g.start_level, "maalniveau": g.target_level, "ansvarlig": _masked(g.responsible)}
            for g in goals]))
    follow_ups = GoalFollowUp.objects.filter(citizen=citizen, municipality_id=m).select_related("by").order_by(
        "held_on", "pk")
    sections.append(CopySection("opfoelgninger", "Opfølgning på mine mål", {
        "maal": "Mål nummer", "holdt": "Holdt", "resultat": "Resultat", "laert": "Hvad vi har lært",
        "niveau": "Funktionsevne nu (0–4)", "naeste": "Næste opfølgning", "af": "Af"}, [{
            "maal": f.goal_id, "holdt": f.held_on, "resultat": f.get_result_display(), "laert": f.learned,
            "niveau": f.level_reached, "naeste": f.next_on, "af": _masked(f.by)} for f in follow_ups]))
    entries = GoalEntry.objects.filter(citizen=citizen, municipality_id=m).order_by("written_at", "pk")
    sections.append(CopySection("mine_ord", "Det, jeg selv har skrevet på mine mål", {
        "maal": "Mål nummer", "type": "Type", "tekst": "Tekst", "skrevet": "Skrevet"}, [{
            "maal": e.goal_id, "type": e.get_kind_display(), "tekst": e.text, "skrevet": e.written_at}
            for e in entries]))
    progress(0.2)
    decisions = list(Decision.objects.filter(citizen=citizen, municipality_id=m)
                     .select_related("offer__legal_basis", "case").order_by("requested_on", "pk"))
    sections.append(CopySection("indsatser", "Mine indsatser og afgørelser", {
        "id": "Nummer", "tilbud": "Indsats", "paragraf": "Lovgrundlag", "status": "Status", "ansoegt": "Ansøgt",
        "afgjort": "Afgjort", "timer_pr_uge": "Timer pr. uge", "start": "Start", "opfoelgning": "Opfølgning",
        "maal": "Mål der følges op på", "begrundelse": "Begrundelse", "afsluttet": "Afsluttet",
        "aarsag_til_afslutning": "Årsag til afslutning"}, [{
            "id": d.pk, "tilbud": d.offer.name, "paragraf": str(d.offer.legal_basis) if d.offer.legal_basis_id else "",
            "status": d.get_status_display(), "ansoegt": d.requested_on, "afgjort": d.decided_on,
            "timer_pr_uge": d.hours_per_week, "start": d.start_on, "opfoelgning": d.review_on, "maal": d.goals,
            "begrundelse": d.reasons, "afsluttet": d.ended_on, "aarsag_til_afslutning": d.end_reason}
            for d in decisions]))
    orders = Order.objects.filter(citizen=citizen, municipality_id=m).select_related("unit", "contact_person").order_by(
        "ordered_on", "pk")
    sections.append(CopySection("bestillinger", "Bestillinger hos udførerne", {
        "indsats": "Indsats nummer", "udfoerer": "Udfører", "status": "Status", "bestilt": "Bestilt",
        "besked": "Besked til udfører", "startede": "Forløbet startede", "kontaktperson": "Kontaktperson"}, [{
            "indsats": o.decision_id, "udfoerer": _name(o.unit), "status": o.get_status_display(),
            "bestilt": o.ordered_on, "besked": o.message, "startede": o.started_on,
            "kontaktperson": _masked(o.contact_person)} for o in orders]))
    cases = Case.objects.filter(citizen=citizen, municipality_id=m).order_by("opened_on", "pk")
    sections.append(CopySection("sager", "Mine sager", {
        "sagsnummer": "Sagsnummer", "oprettet": "Oprettet", "status": "Status", "oensker": "Mine ønsker for fremtiden",
        "lukket": "Lukket"}, [{
            "sagsnummer": c.number, "oprettet": c.opened_on, "status": c.get_status_display(),
            "oensker": c.citizen_wishes, "lukket": c.closed_on} for c in cases]))
    letters = list(Letter.objects.filter(citizen=citizen, municipality_id=m).order_by("sent_on", "pk"))
    sections.append(CopySection("breve", "Breve fra kommunen", {
        "overskrift": "Overskrift", "slags": "Slags", "sendt": "Sendt", "fil": "Brevet (PDF i ZIP-filen)"}, [{
            "overskrift": letter.subject, "slags": letter.get_kind_display(), "sendt": letter.sent_on,
            "fil": letter_file_name(letter), "html": letter.html} for letter in letters]))
    progress(0.4)
    notes = Note.objects.filter(citizen=citizen, municipality_id=m).select_related(
        "author", "participation__occasion__offer").order_by("occurred_at", "pk")
    sections.append(CopySection("journalnotater", "Journalnotater", {
        "tidspunkt": "Kontakten", "tilbud": "Tilbud", "tekst": "Notat", "skrevet_af": "Skrevet af",
        "version": "Version", "retter": "Retter notat nummer", "aarsag": "Årsag til rettelsen", "id": "Nummer"}, [{
            "id": n.pk, "tidspunkt": n.occurred_at,
            "tilbud": _name(n.participation.occasion.offer),
            "tekst": n.text, "skrevet_af": _masked(n.author), "version": n.version_no, "retter": n.replaces_id,
            "aarsag": n.correction_reason} for n in notes],
        note=("Alle journalnotater om dig er med, også tidligere udgaver af rettede notater. Tovholder markerer "
              "ikke notater som undtaget fra indsigt; er der oplysninger om andre personer i et notat, kan du "
              "spørge kommunen.")))
    case_notes = CaseNote.objects.filter(citizen=citizen, municipality_id=m).select_related("author").order_by(
        "written_on", "pk")
    sections.append(CopySection("sagsnotater", "Sagsnotater", {
        "dato": "Dato", "tekst": "Notat", "skrevet_af": "Skrevet af", "version": "Version"}, [{
            "dato": n.written_on, "tekst": n.text, "skrevet_af": _masked(n.author), "version": n.version_no}
            for n in case_notes]))
    participations = Participation.objects.filter(citizen=citizen, municipality_id=m).select_related(
        "occasion__offer", "occasion__unit").order_by("occasion__starts_at", "pk")
    sections.append(CopySection("aftaler", "Aftaler, besøg og aktiviteter", {
        "tidspunkt": "Tidspunkt", "form": "Form", "tilbud": "Tilbud", "sted": "Enhed", "status": "Status",
        "minutter": "Minutter"}, [{
            "tidspunkt": p.occasion.starts_at, "form": p.occasion.get_kind_display(),
            "tilbud": _name(p.occasion.offer),
            "sted": _name(p.occasion.unit), "status": p.get_status_display(),
            "minutter": p.minutes} for p in participations], compact=True))
    progress(0.6)
    sections.append(CopySection("maalinger", "Målinger", {
        "dato": "Dato", "redskab": "Måleredskab", "svarede": "Hvem svarede", "svar": "Svar",
        "bemaerkning": "Bemærkning", "retter": "Retter en tidligere måling"}, [{
            "dato": ms.measured_on, "redskab": ms.version.instrument.name, "svarede": ms.get_answered_by_display(),
            "svar": {(s.area_label or s.area_key): s.value for s in ms.scores.all()}, "bemaerkning": ms.note,
            "retter": "Ja" if ms.replaces_id else "Nej"} for ms in measurements_of(citizen)]))
    relatives = Relative.objects.filter(citizen=citizen, municipality_id=m).order_by("name", "pk")
    sections.append(CopySection("paaroerende", "Mine pårørende", {
        "navn": "Navn", "relation": "Relation", "telefon": "Telefon", "email": "E-mail"}, [{
            "navn": r.name, "relation": r.relation, "telefon": r.phone, "email": r.email} for r in relatives]))
    consents = Consent.objects.filter(citizen=citizen, municipality_id=m).select_related("relative").order_by(
        "given_on", "pk")
    sections.append(CopySection("samtykker", "Mine samtykker", {
        "paaroerende": "Pårørende", "omfang": "Omfang", "givet": "Givet", "trukket_tilbage": "Trukket tilbage",
        "bemaerkning": "Bemærkning"}, [{
            "paaroerende": c.relative.name, "omfang": c.get_scope_display(), "givet": c.given_on,
            "trukket_tilbage": c.withdrawn_on, "bemaerkning": c.note} for c in consents]))
    disclosures = Disclosure.objects.filter(citizen=citizen, municipality_id=m).select_related(
        "relative", "told_by").order_by("told_on", "pk")
    sections.append(CopySection("videregivet", "Det, mine pårørende har fået at vide", {
        "dato": "Dato", "paaroerende": "Pårørende", "hvordan": "Hvordan", "hvad": "Hvad", "af": "Af"}, [{
            "dato": d.told_on, "paaroerende": d.relative.name, "hvordan": d.get_channel_display(), "hvad": d.what,
            "af": _masked(d.told_by)} for d in disclosures]))
    sections += _portal_sections(citizen)
    sections.append(_other_holdings(citizen))
    progress(0.8)
    rows = _rows(list(_events(citizen, user, LogQuery(include_own=True))[:EXPORT_LIMIT]), user)
    sections.append(CopySection("adgangslog", "Min log: hvem har set mine oplysninger", {
        "tidspunkt": "Tidspunkt", "hvem": "Hvem", "enhed": "Enhed", "hvad": "Hvad", "hvorfor": "Hvorfor",
        "uden_for_arbejdsomraadet": "Uden for arbejdsområdet"}, [{
            "tidspunkt": r.at, "hvem": r.who, "enhed": r.unit, "hvad": r.what, "hvorfor": r.why,
            "uden_for_arbejdsomraadet": r.break_glass} for r in rows],
        note="Medarbejdere står med rolle og enhed, som i Min log." if not settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES
        else "", compact=True))
    progress(0.9)
    return sections


def _portal_sections(citizen: Citizen) -> list[CopySection]:
    """What the citizen wrote and did in Min Tovholder itself: check-ins, the crisis plan's versions, messages to
    the team, bookings."""
    m = citizen.municipality_id
    check_ins = CheckIn.objects.filter(citizen=citizen, municipality_id=m).order_by("day", "pk")
    plans = CrisisPlan.objects.filter(citizen=citizen, municipality_id=m).order_by("number")
    messages = (Message.objects.filter(citizen=citizen, municipality_id=m).select_related("thread", "written_by")
                .order_by("written_at", "pk"))
    enrolments = (Enrolment.objects.filter(citizen=citizen, municipality_id=m).select_related("course")
                  .order_by("created_at", "pk"))
    return [
        CopySection("tjek_ind", "Mine tjek-ind", {"dag": "Dag", "humoer": "Humør (1–10)", "soevn": "Søvn (1–10)",
                                                   "note": "Note"},
                    [{"dag": c.day, "humoer": c.mood, "soevn": c.sleep, "note": c.note} for c in check_ins],
                    compact=True),
        CopySection("kriseplan", "Min kriseplan (alle versioner)", {
            "version": "Version", "gemt": "Gemt", "advarselstegn": "Mine advarselstegn", "jeg_goer": "Det gør jeg selv",
            "andre_goer": "Det kan andre gøre for mig", "ring_til": "Dem kan jeg ringe til",
            "sammen_med": "Skrevet sammen med"}, [{
                "version": c.number, "gemt": c.written_at, "advarselstegn": c.warning_sign_list,
                "jeg_goer": c.my_action_list, "andre_goer": c.others_action_list,
                "ring_til": [f"{x.get('name', '')}: {x.get('phone', '')}" for x in c.contacts],
                "sammen_med": c.written_with} for c in plans]),
        CopySection("beskeder", "Mine beskeder til og fra teamet", {
            "emne": "Emne", "skrevet": "Skrevet", "fra": "Fra", "tekst": "Besked"}, [{
                "emne": x.thread.subject, "skrevet": x.written_at,
                "fra": "Mig" if x.from_citizen else _masked(x.written_by), "tekst": x.text} for x in messages]),
        CopySection("tilmeldinger", "Mine tilmeldinger til forløb", {
            "forloeb": "Forløb", "status": "Status", "tilmeldt": "Tilmeldt"}, [{
                "forloeb": e.course.title, "status": e.get_status_display(), "tilmeldt": e.created_at}
                for e in enrolments]),
    ]


COVERED = {"portal.checkin", "portal.crisisplan", "portal.message", "portal.goalentry", "plans.plan", "plans.goal",
           "plans.goalfollowup", "visitation.decision", "visitation.order", "visitation.case", "visitation.letter",
           "visitation.casenote", "journal.note", "activities.participation", "outcomes.measurement",
           "citizens.relative", "citizens.consent", "citizens.disclosure", "courses.enrolment",
           "portal.datacopy", "portal.citizenaccount"}
SECRET = ("hash", "token", "password", "secret", "key")
OTHER_ROWS = 500  # a model's rows in the copy (more: the citizen asks the municipality)


def _other_holdings(citizen: Citizen) -> CopySection:
    """Everything else held with a direct link to the citizen, in every app (support episodes, stays, housing,
    the youth effort, hospital admissions, …), model by model with its fields' own names: so the copy holds all
    Tovholder holds, also what a new app adds. The logs are in their own section; secrets (hashes, tokens) never."""
    from django.apps import apps

    from tovholder.audit.models import AccessEvent, AuditEvent

    rows = []
    for model in sorted(apps.get_models(), key=lambda mm: mm._meta.label_lower):
        if model in (AccessEvent, AuditEvent, Citizen) or model._meta.label_lower in COVERED:
            continue
        links = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Citizen]
        if not links:
            continue
        fields = [f for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key
                  and f.name != "municipality" and not any(s in f.name for s in SECRET)]
        query = Q()
        for f in links:
            query |= Q(**{f.attname: citizen.pk})
        if any(f.name == "municipality" for f in model._meta.concrete_fields):
            query &= Q(municipality_id=citizen.municipality_id)
        for obj in model._base_manager.filter(query).order_by("pk")[:OTHER_ROWS]:
            rows.append({"hvad": str(model._meta.verbose_name).capitalize(), "oplysninger": {
                str(f.verbose_name).capitalize(): _plain(f.value_from_object(obj)) for f in fields
                if f.value_from_object(obj) not in (None, "", [], {})}})
    return CopySection("oevrige", "Øvrige oplysninger om mig", {"hvad": "Hvad", "oplysninger": "Oplysninger"}, rows,
                       note="Alt andet, Tovholder har registreret med direkte henvisning til dig, med felternes navne.")


def _plain(value):
    """A field's value as the copy shows it (dates and amounts stay themselves: the PDF and JSON format them)."""
    return value if isinstance(value, int | float | str | bool | list | dict | datetime.date | Decimal) else str(value)


def letter_file_name(letter) -> str:
    return f"breve/{letter.sent_on.isoformat()}-brev-{letter.pk}.pdf"


def test_citizens() -> list[CitizenAccount]:
    """The fictitious test citizens offered by the demo's test login (only when it is switched on)."""
    return list(CitizenAccount.objects.filter(test_login=True).select_related("citizen", "municipality")
                .order_by("municipality__name", "citizen__first_name", "pk")[:20])


def test_identity_citizen(account_id: int | None) -> Citizen | None:
    account = (CitizenAccount.objects.filter(pk=account_id, test_login=True).select_related("citizen").first()
               if account_id is not None else None)
    return account.citizen if account else None


# ---- check-ins ----

TREND_DAYS = 90


@dataclass
class CheckInTrend:
    check_ins: list[CheckIn]  # newest first
    measured: list[tuple[datetime.date, str]]  # instruments done together with staff: (day, plain words)
    chart: charts.Chart | None
    start: datetime.date


@dataclass
class MyCheckIns:
    citizen: Citizen
    trend: CheckInTrend
    alert: CheckInAlert | None
    done_today: bool


def _measured(citizen: Citizen, start: datetime.date) -> list[tuple[datetime.date, str]]:
    """The periodic instruments filled in with staff (outcomes), in plain words with their total where the
    instrument has one; corrected measurements in place of what they corrected."""
    out = []
    for m in (Measurement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                         measured_on__gte=start, replaced_by__isnull=True)
              .select_related("version__instrument").prefetch_related("scores").order_by("measured_on", "pk")):
        spec = m.version.spec
        total = spec.total({s.area_key: s.value for s in m.scores.all()})
        label = m.version.instrument.name
        if total is not None:
            label += f": {spec.scoring.total_label or 'samlet'} er {charts.number(total)}"
        out.append((m.measured_on, label))
    return out


def check_in_trend(citizen: Citizen, *, key: str, today: datetime.date | None = None) -> CheckInTrend:
    """The last 90 days of check-ins and, in the same picture, the measurements done with staff. Reads rows of a
    citizen already opened (the caller has logged the read)."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=TREND_DAYS)
    rows = list(CheckIn.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, day__gte=start)
                .order_by("-day", "-pk"))
    measured = _measured(citizen, start)
    chart = None
    if rows or measured:
        chart = charts.trend(
            key=f"{key}-tjekind", title="Humør og søvn de seneste tre måneder (1 er dårligst, 10 er bedst)",
            low=1, high=10, events=measured,
            series=[charts.Dated("Humør", [(c.day, c.mood) for c in rows]),
                    charts.Dated("Søvn", [(c.day, c.sleep) for c in rows])])
    return CheckInTrend(rows, measured, chart, start)


def my_check_ins(user: Actor) -> MyCheckIns:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine tjek-ind (Min Tovholder)")
    trend = check_in_trend(citizen, key="mine")
    alert = CheckInAlert.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen).first()
    today = timezone.localdate()
    return MyCheckIns(citizen, trend, alert, any(c.day == today for c in trend.check_ins))
# ---- My crisis plan ----

HISTORY = 50


@dataclass
class MyCrisisPlan:
    citizen: Citizen
    current: CrisisPlan | None
    earlier: list[CrisisPlan]
    shared: bool


def current_crisis_plan(citizen: Citizen) -> CrisisPlan | None:
    """The citizen's current crisis plan (the newest version), or None. No access check here: the caller has
    opened the citizen (or checked a relative's grant) first."""
    return (CrisisPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
            .order_by("-number").first())


def crisis_plan_shared(citizen: Citizen) -> bool:
    return CrisisPlanSharing.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                            shared=True).exists()


def shared_crisis_plan(citizen: Citizen) -> CrisisPlan | None:
    """The current crisis plan if the citizen has chosen to share it with staff (no access check: the caller,
    the citizen's plan page, has opened and logged the citizen)."""
    return current_crisis_plan(citizen) if crisis_plan_shared(citizen) else None


def my_crisis_plan(user: Actor, *, what: str = "Min kriseplan (Min Tovholder)") -> MyCrisisPlan:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what=what)
    versions = list(CrisisPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                    .order_by("-number")[:HISTORY + 1])
    return MyCrisisPlan(citizen, versions[0] if versions else None, versions[1:], crisis_plan_shared(citizen))
# ---- Bed om hjælp, beskeder, breve ----

SHOWN = 50


def my_requests(user: Actor) -> tuple[Citizen, list[Request]]:
    """The citizen's own requests for help made in Min Tovholder, newest first."""
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Bed om hjælp (Min Tovholder)")
    return citizen, list(Request.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                                source=Source.PORTAL).order_by("-registered_at", "-pk")[:SHOWN])


def my_threads(user: Actor) -> list[MessageThread]:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine beskeder (Min Tovholder)")
    return list(MessageThread.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                .order_by("-last_at", "-pk")[:SHOWN])


def my_thread(user: Actor, thread_id: int) -> MessageThread:
    """One of the citizen's own threads with its messages; another citizen's: 404."""
    principal = citizen_principal(user)
    thread = MessageThread.objects.filter(pk=thread_id, citizen_id=principal.citizen_id,
                                          municipality_id=principal.municipality_id).first()
    if thread is None:
        raise Http404("Beskeden findes ikke.")
    open_citizen(user, principal.citizen_id, what="Besked (Min Tovholder)")
    return thread


@dataclass
class ShownMessage:
    message: Message
    author: str  # staff by first name only, as the citizen is shown them

    @property
    def from_citizen(self) -> bool:
        return self.message.from_citizen


def thread_messages(thread: MessageThread) -> list[ShownMessage]:
    """The messages of a thread already opened (by `my_thread` or `staff_thread`)."""
    return [ShownMessage(m, "Dig" if m.from_citizen else _first(m.written_by))
            for m in thread.messages.select_related("written_by").order_by("written_at", "pk")]


def my_letters(user: Actor) -> list[Letter]:
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine breve (Min Tovholder)")
    return list(Letter.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                .select_related("dispatch").order_by("-sent_on", "-pk")[:200])


def my_letter(user: Actor, letter_id: int) -> Letter:
    """One of the citizen's own letters, to download as PDF (logged each time); another citizen's: 404."""
    principal = citizen_principal(user)
    letter = Letter.objects.filter(pk=letter_id, citizen_id=principal.citizen_id,
                                   municipality_id=principal.municipality_id).first()
    if letter is None:
        raise Http404("Brevet findes ikke.")
    open_citizen(user, principal.citizen_id, what=f"Brev hentet som PDF: {letter.subject} (Min Tovholder)")
    return letter


# ---- the staff side: messages from citizens ----

def staff_inbox(user: Actor) -> list[MessageThread]:
    """The threads of the citizens in the user's need to know, unanswered first; the list is logged."""
    profile = require_perm(user, "support.provide_support")
    threads = list(MessageThread.objects.filter(municipality_id=profile.municipality_id,
                                                citizen__in=Citizen.objects.known_to(user))
                   .select_related("citizen").order_by("answered", "-last_at", "-pk")[:SHOWN * 4])
    record_list_access(actor=user, citizens={t.citizen for t in threads}, what="Beskeder fra borgere")
    return threads


def staff_thread(user: Actor, thread_id: int) -> MessageThread:
    """One thread for staff: need to know (or a break-the-glass grant, to read), and the read is logged."""
    profile = principal_of(user)
    thread = MessageThread.objects.filter(pk=thread_id, municipality_id=profile.municipality_id).first()
    if thread is None:
        raise Http404("Beskeden findes ikke.")
    open_citizen(user, thread.citizen_id, what="Besked fra borgeren (Min Tovholder)")
    return thread
# ---- Mine tilmeldinger: group courses and Støberiet's activities the citizen may book themself ----

BOOKING_WEEKS = 6  # how far ahead the activities' sessions are offered
SESSIONS_PER_ACTIVITY = 6


@dataclass
class CourseBooking:
    enrolment: Enrolment
    sessions: list[Occasion]  # the citizen's own coming sessions of the course
    may_cancel: bool


@dataclass
class OpenCourse:
    course: Course
    sessions: list[Occasion]  # the coming sessions
    free: int
    waiting: int
    mine: Enrolment | None


@dataclass
class OpenSession:
    occasion: Occasion
    free: int | None  # None: no limit
    mine: bool


@dataclass
class OpenActivity:
    activity: Activity
    sessions: list[OpenSession]


@dataclass
class SignUp:
    participation: Participation
    activity: Activity
    may_cancel: bool


@dataclass
class MyBookings:
    citizen: Citizen
    enrolments: list[CourseBooking]
    signups: list[SignUp]
    courses: list[OpenCourse]
    activities: list[OpenActivity]


def _coming_course_sessions(course_ids) -> dict[int, list[Occasion]]:
    found: dict[int, list[Occasion]] = defaultdict(list)
    for s in (Session.objects.filter(course_id__in=course_ids, occasion__status=Occasion.Status.PLANNED,
                                     occasion__starts_at__gt=timezone.now())
              .select_related("occasion").order_by("occasion__starts_at", "pk")):
        found[s.course_id].append(s.occasion)
    return found


def my_bookings(user: Actor) -> MyBookings:
    """The citizen's own course enrolments and activity sign-ups, and what is open for them to book: courses and
    activities of their municipality that staff have opened for self-booking (never anything else)."""
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine tilmeldinger (Min Tovholder)")
    m = citizen.municipality_id
    now = timezone.now()
    mine = list(Enrolment.objects.filter(municipality_id=m, citizen=citizen, relative__isnull=True,
                                         status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITING))
                .select_related("course").order_by("created_at", "pk"))
    seats: dict[int, list[Occasion]] = defaultdict(list)
    for seat in (Seat.objects.filter(enrolment__in=mine, participation__status=Participation.Status.PLANNED,
                                     participation__occasion__starts_at__gt=now)
                 .select_related("participation__occasion").order_by("participation__occasion__starts_at")):
        seats[seat.enrolment_id].append(seat.participation.occasion)
    enrolments = [CourseBooking(e, seats.get(e.pk, []), True) for e in mine]
    courses = list(Course.objects.filter(municipality_id=m, open_for_booking=True)
                   .exclude(audience=Course.Audience.RELATIVES).order_by("title", "pk"))
    coming = _coming_course_sessions([c.pk for c in courses])
    has_sessions = set(Session.objects.filter(course__in=courses).values_list("course_id", flat=True))
    counts: dict[tuple[int, str], int] = {
        (r["course_id"], r["status"]): r["n"] for r in Enrolment.objects.filter(course__in=courses).exclude(
            status=Enrolment.Status.WITHDRAWN).values("course_id", "status").annotate(n=Count("pk"))}
    by_course = {e.course_id: e for e in mine}
    open_courses = [OpenCourse(c, coming.get(c.pk, []),
                               max(0, c.seats - counts.get((c.pk, Enrolment.Status.ENROLLED), 0)),
                               counts.get((c.pk, Enrolment.Status.WAITING), 0), by_course.get(c.pk))
                    for c in courses if coming.get(c.pk) or c.pk not in has_sessions]
    # Støberiet's activities and club evenings
    own = list(Participation.objects.filter(
        municipality_id=m, citizen=citizen, status=Participation.Status.PLANNED, occasion__series__isnull=False,
        occasion__status=Occasion.Status.PLANNED, occasion__starts_at__gt=now)
        .select_related("occasion").order_by("occasion__starts_at", "pk"))
    series = {a.series: a for a in Activity.objects.filter(series__in={p.occasion.series for p in own})}
    signups = [SignUp(p, series[p.occasion.series], series[p.occasion.series].open_for_booking)
               for p in own if p.occasion.series in series]
    activities = list(Activity.objects.filter(municipality_id=m, open_for_booking=True).order_by("title", "pk"))
    occasions = list(Occasion.objects.filter(
        series__in=[a.series for a in activities], status=Occasion.Status.PLANNED, starts_at__gt=now,
        starts_at__lt=now + datetime.timedelta(weeks=BOOKING_WEEKS)).order_by("starts_at", "pk"))
    taken = dict(Participation.objects.filter(occasion__in=occasions, status__in=(
        Participation.Status.PLANNED, Participation.Status.ATTENDED)).values("occasion_id")
        .annotate(n=Count("pk")).values_list("occasion_id", "n"))
    booked = {p.occasion_id for p in own}
    open_activities = []
    for a in activities:
        rows = [o for o in occasions if o.series == a.series][:SESSIONS_PER_ACTIVITY]
        if rows:
            open_activities.append(OpenActivity(a, [OpenSession(
                o, None if a.seats is None else max(0, a.seats - taken.get(o.pk, 0)), o.pk in booked)
                for o in rows]))
    return MyBookings(citizen, enrolments, signups, open_courses, open_activities)


def my_enrolment(user: Actor, enrolment_id: int | None) -> Enrolment:
    """One of the citizen's own course enrolments (another citizen's id, or none: 404)."""
    principal = citizen_principal(user)
    found = (Enrolment.objects.filter(pk=enrolment_id, citizen_id=principal.citizen_id, relative__isnull=True,
                                      municipality_id=principal.municipality_id)
             .select_related("citizen", "course").first() if enrolment_id is not None else None)
    if found is None:
        raise Http404("Tilmeldingen findes ikke.")
    return found


def bookable_course(user: Actor, course_id: int | None) -> Course:
    """A course of the citizen's municipality open for self-booking (anything else: 404)."""
    principal = citizen_principal(user)
    found = (Course.objects.filter(pk=course_id, municipality_id=principal.municipality_id, open_for_booking=True)
             .first() if course_id is not None else None)
    if found is None:
        raise Http404("Forløbet findes ikke, eller det er ikke åbent for tilmelding.")
    return found


def bookable_session(user: Actor, activity_id: int | None, occasion_id: int | None) -> tuple[Activity, Occasion]:
    """A session of an activity of the citizen's municipality open for self-booking (anything else: 404)."""
    principal = citizen_principal(user)
    activity = (Activity.objects.filter(pk=activity_id, municipality_id=principal.municipality_id,
                                        open_for_booking=True).first() if activity_id is not None else None)
    occasion = (Occasion.objects.filter(pk=occasion_id, series=activity.series).first()
                if activity is not None and occasion_id is not None else None)
    if activity is None or occasion is None:
        raise Http404("Aktiviteten findes ikke, eller den er ikke åben for tilmelding.")
    return activity, occasion


def my_sign_up(user: Actor, participation_id: int | None) -> tuple[Activity, Participation]:
    """One of the citizen's own sign-ups for an activity's session (another citizen's id, or none: 404)."""
    principal = citizen_principal(user)
    found = (Participation.objects.filter(pk=participation_id, citizen_id=principal.citizen_id,
                                          municipality_id=principal.municipality_id, occasion__series__isnull=False)
             .select_related("occasion", "citizen").first() if participation_id is not None else None)
    series = found.occasion.series if found is not None else None
    activity = Activity.objects.filter(series=series).first() if series is not None else None
    if found is None or activity is None:
        raise Http404("Tilmeldingen findes ikke.")
    return activity, found


@dataclass
class CalendarRow:
    occasion: Occasion
    title: str


def my_calendar(user: Actor) -> list[CalendarRow]:
    """The citizen's own coming course sessions and activity sessions, for the calendar file: the title, time
    and place only — no other participant, no member of staff."""
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Mine tilmeldinger, kalenderfil (Min Tovholder)")
    parts = list(Participation.objects.filter(
        municipality_id=citizen.municipality_id, citizen=citizen, status=Participation.Status.PLANNED,
        occasion__status=Occasion.Status.PLANNED, occasion__starts_at__gt=timezone.now())
        .filter(Q(occasion__series__isnull=False) | Q(occasion__course_session__isnull=False))
        .select_related("occasion__course_session__course").order_by("occasion__starts_at", "pk")[:500])
    series = dict(Activity.objects.filter(series__in={p.occasion.series for p in parts if p.occasion.series})
                  .values_list("series", "title"))
    rows = []
    for p in parts:
        o = p.occasion
        session = getattr(o, "course_session", None)
        title = (f"Gruppeforløb: {session.course.title}" if session is not None
                 else series.get(o.series, "") if o.series is not None else "")
        if title:
            rows.append(CalendarRow(o, title))
    return rows
def test_relatives() -> list[RelativeAccount]:
    """The fictitious test relatives offered by the demo's test login (only when it is switched on)."""
    return list(RelativeAccount.objects.filter(test_login=True).select_related("municipality")
                .order_by("municipality__name", "name", "pk")[:20])


def test_relative(account_id: int | None) -> RelativeAccount | None:
    return (RelativeAccount.objects.filter(pk=account_id, test_login=True).select_related("user").first()
            if account_id is not None else None)


# ---- Consents and relatives (the citizen's side) ----

@dataclass
class RelativeCard:
    relative: Relative
    consents: list[Consent]  # all, newest first
    grants: list[RelativeGrant]  # all, newest first
    active_grant: RelativeGrant | None


@dataclass
class MyRelatives:
    citizen: Citizen
    relatives: list[RelativeCard]
    shares: list[shares.Share]


def my_relatives(user: Actor) -> MyRelatives:
    """The citizen's registered relatives, what each may be told (consents) and what each may see in the portal
    (grants), withdrawn ones too."""
    principal = citizen_principal(user)
    citizen, _ = open_citizen(user, principal.citizen_id, what="Samtykker og pårørende (Min Tovholder)")
    relatives = list(Relative.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id)
                     .order_by("name", "pk"))
    consents: dict[int, list[Consent]] = defaultdict(list)
    for c in Consent.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id).order_by(
            "-given_on", "-pk"):
        consents[c.relative_id].append(c)
    grants: dict[int, list[RelativeGrant]] = defaultdict(list)
    for g in RelativeGrant.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id):
        grants[g.relative_id].append(g)
    cards = [RelativeCard(r, consents.get(r.pk, []), grants.get(r.pk, []),
                          next((g for g in grants.get(r.pk, []) if g.active), None)) for r in relatives]
    return MyRelatives(citizen, cards, shares.all_shares())


# ---- What a relative sees ----

def relative_principal(user: Actor) -> RelativePrincipal:
    principal = principal_of(user)
    if not isinstance(principal, RelativePrincipal):
        raise PermissionDenied("Siden er for pårørende, som en borger har givet adgang.")
    return principal


def relative_grants(user: Actor) -> list[RelativeGrant]:
    """The active grants to the relative (who granted access, and to what); the citizens listed are logged."""
    principal = relative_principal(user)
    grants = list(principal.grants().select_related("citizen", "relative").order_by("citizen__first_name", "pk"))
    record_list_access(actor=user, citizens=[g.citizen for g in grants], what="Pårørendeadgang: oversigt")
    return grants


@dataclass
class SharedPart:
    share: shares.Share
    context: dict


def relative_view(user: Actor, grant_id: int | None) -> tuple[RelativeGrant, list[SharedPart]]:
    """One citizen's shared parts, as the relative sees them; 404 for a grant not theirs or withdrawn. The view
    is logged on the citizen (Min log shows it as "Pårørende (name)")."""
    principal = relative_principal(user)
    grant = (principal.grants().select_related("citizen", "relative").filter(pk=grant_id).first()
             if grant_id is not None else None)
    if grant is None:
        raise Http404("Der er ikke delt noget med dig her.")
    parts = [SharedPart(s, s.read(grant.citizen) or {}) for s in shares.all_shares() if s.key in grant.parts]
    record_access(actor=user, citizen=grant.citizen,
                  what=f"Pårørendeadgang: {', '.join(p.share.label for p in parts)}")
    return grant, parts


@shares.share("crisis_plan", "Kriseplan", "portal/share_crisis_plan.html", order=10)
def _crisis_plan(citizen: Citizen) -> dict | None:
    plan = current_crisis_plan(citizen)
    return {"plan": plan, "level": 3} if plan is not None else None


@shares.share("appointments", "Aftaler", "portal/share_appointments.html", order=20)
def _appointments(citizen: Citizen) -> dict | None:
    return {"upcoming": upcoming_for(citizen)}
