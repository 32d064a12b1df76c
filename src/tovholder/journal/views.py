from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from tovholder.activities.selectors import participation_of
from tovholder.layout import formats
from tovholder.layout.forms import add_service_errors
from tovholder.plans import selectors as plan_selectors
from tovholder.records import StaleEditError
from tovholder.support import selectors as support_selectors

from . import selectors, services
from .forms import CorrectionForm, NoteForm, NoteSearchForm


def search(request):
    form = NoteSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    result = selectors.search_notes(request.user, query, page_number=request.GET.get("side")) if query else None
    return render(request, "journal/search.html", {"form": form, "result": result, "query": query,
                                                   "params": urlencode({"q": query})})


def citizen_notes(request, citizen_id: int):
    notes = selectors.citizen_notes(request.user, citizen_id, page_number=request.GET.get("side"))
    return render(request, "journal/citizen_notes.html", {"n": notes, "citizen": notes.citizen})


def note(request, citizen_id: int, note_id: int):
    citizen, note, chain = selectors.note_versions(request.user, citizen_id, note_id)
    return render(request, "journal/note.html", {"citizen": citizen, "note": note, "chain": chain})


def _write_page(request, citizen, participation):
    initial = {}
    if participation is not None:
        local = timezone.localtime(participation.occasion.starts_at)
        initial = {"kind": participation.occasion.kind, "day": local.date(), "time": local.time(),
                   "minutes": participation.occasion.minutes}
    form = NoteForm(request.POST or None, goals=plan_selectors.goals_to_choose(citizen), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.write_note(actor=request.user, citizen=citizen, kind=data["kind"], occurred_at=form.occurred_at(),
                                minutes=data["minutes"], status=data["status"], text=data["text"],
                                goals=data["goals"], participation=participation)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Notatet om {citizen.full_name} fra {formats.moment(form.occurred_at())} "
                                      "er gemt.")
            return redirect("citizen_notes", citizen_id=citizen.pk)
    return render(request, "journal/write.html", {"form": form, "citizen": citizen, "participation": participation,
                                                  "title": "Skriv journalnotat"})


def write(request, citizen_id: int):
    """A note about a contact that was not planned (a call, an unplanned visit)."""
    citizen = support_selectors.open_for_work(request.user, citizen_id, what="Journalnotat (nyt)")
    return _write_page(request, citizen, None)


def write_for(request, citizen_id: int, participation_id: int):
    """A note about a planned visit: it records what happened at it."""
    citizen = support_selectors.open_for_work(request.user, citizen_id, what="Journalnotat (nyt)")
    return _write_page(request, citizen, participation_of(citizen, participation_id))


def correct(request, citizen_id: int, note_id: int):
    citizen = support_selectors.open_for_work(request.user, citizen_id, what="Journalnotat (rettelse)")
    old = selectors.note_to_correct(citizen, note_id)
    if old.author_id != request.user.pk:
        raise PermissionDenied("Kun den, der skrev notatet, kan rette det.")
    local = timezone.localtime(old.occurred_at)
    participation = old.participation
    initial = {"kind": participation.occasion.kind, "status": participation.status, "day": local.date(),
               "time": local.time(), "minutes": participation.minutes or 0, "goals": list(old.goals.all()),
               "text": old.text}
    form = CorrectionForm(request.POST or None, goals=plan_selectors.goals_to_choose(citizen, also=initial["goals"]),
                          initial=initial)
    newer = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.correct_note(actor=request.user, note=old, text=data["text"], reason=data["reason"],
                                        kind=data["kind"], occurred_at=form.occurred_at(), minutes=data["minutes"],
                                        status=data["status"], goals=data["goals"])
        except StaleEditError as exc:
            add_service_errors(form, exc)
            newer = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Rettelsen er gemt som en ny version. Den gamle version er bevaret.")
            return redirect("note", citizen_id=citizen.pk, note_id=new.pk)
    return render(request, "journal/write.html", {"form": form, "citizen": citizen, "old": old, "newer": newer,
                                                  "title": "Ret journalnotat"})
