"""Reading journal notes: one citizen's notes (through `open_citizen`), one note with its versions,
and full-text search inside what the user may see. Every read is logged."""

import datetime
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Q, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen
from tovholder.layout.pages import ListPage, page_of

from .models import Note

PAGE = 25
NOTES_TO_WRITE_DAYS = 30
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def _with_relations(qs):
    return qs.select_related("author", "participation__occasion", "participation__offer", "replaces",
                             "replaced_by").prefetch_related("goals")


@dataclass
class CitizenNotes:
    citizen: Citizen
    read_only: bool
    page: Page


def citizen_notes(user: Actor, citizen_id: int, *, page_number=None) -> CitizenNotes:
    citizen, grant = open_citizen(user, citizen_id, what="Journalnotater")
    qs = _with_relations(Note.objects.filter(municipality=citizen.municipality, citizen=citizen)).order_by(
        "-occurred_at", "-pk")
    read_only = grant is not None or not user.has_perm("support.provide_support")
    return CitizenNotes(citizen, read_only, Paginator(qs, PAGE).get_page(page_number))


def latest_notes(citizen: Citizen, limit: int = 5) -> list[Note]:
    """For the overview's section (already opened and logged by the overview)."""
    return list(_with_relations(Note.objects.filter(municipality=citizen.municipality, citizen=citizen,
                                                    replaced_by__isnull=True)).order_by("-occurred_at", "-pk")[:limit])


def note_versions(user: Actor, citizen_id: int, note_id: int) -> tuple[Citizen, Note, list[Note]]:
    """A note and every version in its chain, oldest first."""
    citizen, _grant = open_citizen(user, citizen_id, what="Journalnotat med versioner")
    note = _with_relations(Note.objects.filter(municipality=citizen.municipality, citizen=citizen,
                                               pk=note_id)).first()
    if note is None:
        raise Http404("Notatet findes ikke.")
    chain = [note]
    older = note
    while older.replaces_id:
        older = _with_relations(Note.objects.filter(pk=older.replaces_id)).get()
        chain.insert(0, older)
    newer = note
    while True:
        newer = _with_relations(Note.objects.filter(replaces=newer)).first()
        if newer is None:
            break
        chain.append(newer)
    return citizen, note, chain


def words(query: str) -> list[str]:
    return WORD.findall((query or "").lower())[:MAX_WORDS]


def _matching(qs, terms: list[str]):
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{t}:*" for t in terms)
        return qs.alias(found=RawSQL("journal_note.search_vector @@ to_tsquery('danish'::regconfig, %s)",
                                     [tsquery], output_field=BooleanField())).filter(found=True)
    match = " ".join(f'"{t}"*' for t in terms)
    return qs.filter(pk__in=RawSQL("SELECT rowid FROM journal_note_fts WHERE journal_note_fts MATCH %s", [match]))


@dataclass
class NoteSearch:
    query: str
    page: ListPage | None
    message: str


# journal search reads newest first through widening windows of time (issue 15): the page comes from the last 30
# days if they hold it, else the last year, else all time. A window holding the rows up to the page's end plus
# one holds exactly the rows an unbounded search would show (every note outside it is older), so the answer is
# the same; PostgreSQL then reads a common word's matches of a month, not of every year (139 597 for "angst" at
# 120 000 citizens), and a rare word costs at most one read per window.
SEARCH_WINDOWS = (datetime.timedelta(days=30), datetime.timedelta(days=365), None)


def _newest_first(qs, now: datetime.datetime):
    """fetch(offset, limit) for `page_of`: the rows from the narrowest window that holds them all, the notes' goals
    read once for the rows kept."""
    def fetch(offset: int, limit: int) -> list[Note]:
        rows: list[Note] = []
        for window in SEARCH_WINDOWS:
            within = qs if window is None else qs.filter(occurred_at__gte=now - window)
            rows = list(within.prefetch_related(None)[offset:offset + limit])
            if len(rows) == limit:
                break
        prefetch_related_objects(rows, "goals")
        return rows
    return fetch


def search_notes(user: Actor, query: str, *, page_number=None) -> NoteSearch:
    """Full-text search in the notes of the citizens the user may see (need to know). Words must all
    occur (word beginnings on SQLite; Danish stems on PostgreSQL). The citizens shown are logged."""
    profile = principal_of(user)
    text = " ".join((query or "").split())[:200]
    terms = words(text)
    if not terms or sum(len(t) for t in terms) < 2:
        return NoteSearch(text, None, "Skriv mindst et ord på to bogstaver.")
    found = _matching(Note.objects.filter(Q(municipality=profile.municipality),
                                          citizen__in=Citizen.objects.known_to(user)), terms)
    qs = _with_relations(found).select_related("citizen").order_by("-occurred_at", "-pk")
    page = page_of(_newest_first(qs, timezone.now()), page_number, PAGE, count=True, counted=found)
    seen: dict[int | None, Citizen] = {}
    for note in page.object_list:
        seen.setdefault(note.citizen_id, note.citizen)
    record_list_access(actor=user, citizens=seen.values(), what=f"Søgning i journalnotater: {text}"[:120])
    message = "" if page.count else "Ingen notater i dit arbejdsområde matcher søgningen."
    return NoteSearch(text, page, message)


# --- for writing (the citizen has been opened with support.selectors.open_for_work) ---------------

def note_to_correct(citizen: Citizen, note_id: int) -> Note:
    note = Note.objects.filter(pk=note_id, citizen=citizen, municipality_id=citizen.municipality_id).select_related(
        "citizen", "participation__occasion").first()
    if note is None:
        raise Http404("Notatet findes ikke.")
    return note


# --- the worker's notes to write (a start-page panel) ----------------------------------------------

def notes_to_write(user: Actor, *, limit: int = 50) -> list[Participation]:
    """Participations in the user's past, planned occasions (last 30 days) that nobody has recorded
    or written a note about yet, for citizens in the user's need to know."""
    principal = principal_of(user)
    assert user.is_authenticated
    now = timezone.now()
    return list(Participation.objects.filter(
        municipality_id=principal.municipality_id, occasion__staff_rows__user=user, status=Participation.Status.PLANNED,
        occasion__status=Occasion.Status.PLANNED, occasion__ends_at__lt=now,
        occasion__ends_at__gte=now - datetime.timedelta(days=NOTES_TO_WRITE_DAYS), notes__isnull=True,
        citizen__in=Citizen.objects.known_to(user),
    ).select_related("citizen", "occasion").order_by("-occasion__starts_at", "pk")[:limit])
