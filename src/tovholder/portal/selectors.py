"""What the citizen reads about themself. Every read goes through `open_citizen` with the citizen's own
id (the citizen principal knows only itself) and is logged — reading one's own log too."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import StaffProfile
from tovholder.accounts.principals import Actor
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent
from tovholder.citizens.models import Citizen, Involvement
from tovholder.citizens.selectors import open_citizen
from tovholder.crosssector.models import Partner
from tovholder.plans.models import Goal, Plan
from tovholder.visitation.models import Decision

from .models import CitizenAccount, DataCopy, GoalEntry
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
    upcoming = list(Participation.objects.filter(
        citizen=citizen, municipality_id=citizen.municipality_id, status=Participation.Status.PLANNED,
        occasion__status=Occasion.Status.PLANNED, occasion__starts_at__gte=timezone.now())
        .select_related("occasion__offer", "occasion__unit").order_by("occasion__starts_at")[:UPCOMING])
    follow_ups = [Dated(g.next_follow_up_on, f"Opfølgning på målet: {g.text}") for g in goals
                  if g.next_follow_up_on and g.next_follow_up_on >= today]
    if plan is not None and plan.review_on and plan.review_on >= today:
        follow_ups.append(Dated(plan.review_on, "Planen evalueres"))
    follow_ups += [Dated(d.review_on, f"Opfølgning på indsatsen: {d.offer.name}") for d in decisions
                   if d.review_on and d.review_on >= today]
    follow_ups.sort(key=lambda d: d.on)
    return MyPlan(citizen, plan, cards, efforts, people, upcoming, follow_ups)


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
    show_names = settings.TOVHOLDER_PORTAL_SHOW_STAFF_NAMES
    rows = []
    for e in events:
        own = e.actor_id == user.pk
        if own:
            who, unit = "Dig selv (Min Tovholder)", ""
        elif e.actor_id in partners:
            who, unit = f"Samarbejdspartner: {partners[e.actor_id]}", ""
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
        if e.break_glass:
            why = f"Opslag uden for arbejdsområdet. Begrundelse: {e.reason or 'ikke angivet'}"
        rows.append(LogRow(e.at, who, unit, e.what, why, e.break_glass, own))
    return rows


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
