from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

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
    return render(request, "journal/search.html", {"form": form, "result": result, "query": query})


def citizen_notes(request, citizen_id: int):
    notes = selectors.citizen_notes(request.user, citizen_id, page_number=request.GET.get("side"))
    return render(request, "journal/citizen_notes.html", {"n": notes, "citizen": notes.citizen})


def note(request, citizen_id: int, note_id: int):
    citizen, note, chain = selectors.note_versions(request.user, citizen_id, note_id)
    return render(request, "journal/note.html", {"citizen": citizen, "note": note, "chain": chain})


def write(request, citizen_id: int):
    citizen = support_selectors.open_for_work(request.user, citizen_id, what="Journalnotat (nyt)")
    appointment = selectors.appointment_to_note(citizen, request.GET.get("aftale") or request.POST.get("aftale"))
    initial = {}
    if appointment is not None:
        local = timezone.localtime(appointment.starts_at)
        initial = {"kind": appointment.kind, "day": local.date(), "time": local.time(), "minutes": appointment.minutes}
    form = NoteForm(request.POST or None, goals=plan_selectors.goals_to_choose(citizen), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.write_note(actor=request.user, citizen=citizen, kind=data["kind"], occurred_at=form.occurred_at(),
                                minutes=data["minutes"], text=data["text"], goals=data["goals"],
                                appointment=appointment)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Notatet er gemt.")
            return redirect("citizen_notes", citizen_id=citizen.pk)
    return render(request, "journal/write.html", {"form": form, "citizen": citizen, "appointment": appointment,
                                                  "title": "Skriv journalnotat"})


def correct(request, citizen_id: int, note_id: int):
    citizen = support_selectors.open_for_work(request.user, citizen_id, what="Journalnotat (rettelse)")
    old = selectors.note_to_correct(citizen, note_id)
    if old.author_id != request.user.pk:
        raise PermissionDenied("Kun den, der skrev notatet, kan rette det.")
    local = timezone.localtime(old.occurred_at)
    initial = {"kind": old.kind, "day": local.date(), "time": local.time(), "minutes": old.minutes,
               "goals": list(old.goals.all()), "text": old.text}
    form = CorrectionForm(request.POST or None, goals=plan_selectors.goals_to_choose(citizen, also=initial["goals"]),
                          initial=initial)
    newer = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.correct_note(actor=request.user, note=old, text=data["text"], reason=data["reason"],
                                        kind=data["kind"], occurred_at=form.occurred_at(), minutes=data["minutes"],
                                        goals=data["goals"])
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
