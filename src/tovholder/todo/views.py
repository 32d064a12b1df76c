from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tovholder.citizens.selectors import open_for_write
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import forms, selectors, services

WHEN = {"": "Alle frister", "overdue": "Overskredet", "week": "Inden for en uge"}
SHOW = {"open": "Åbne", "done": "Løst de seneste 30 dage"}


def _back(request, default: str) -> str:
    """The page to return to: a path of this site (never another host, never a bare word), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                                  require_https=request.is_secure()):
        return target
    return default


def task_list(request):
    team_param = request.GET.get("team", "")
    team_id = int_or_none(team_param) if team_param else None
    if team_param and team_id is None:
        team_id = -1  # a malformed id: "the team does not exist"
    source = request.GET.get("source", "")[:60]
    if not (source.isascii() and source.isprintable()):  # a source key is plain text ("visitation.deadline")
        source = ""
    when = request.GET.get("when", "")
    when = when if when in WHEN else ""
    show = request.GET.get("show", "open")
    show = show if show in SHOW else "open"
    data = selectors.task_list(request.user, team_id=team_id if team_param else None, source=source, when=when,
                               show=show)
    return render(request, "todo/list.html", {"data": data, "source": source, "when": when, "show": show,
                                              "when_choices": WHEN.items(), "show_choices": SHOW.items(),
                                              "here": request.get_full_path()})


def task_create(request):
    citizen = None
    citizen_id = request.GET.get("borger")
    if citizen_id is not None:
        parsed = int_or_none(citizen_id)
        citizen = open_for_write(request.user, parsed if parsed is not None else -1, what="Ny opgave")
    form = forms.TaskForm(request.POST or None, staff=selectors.staff_choices(request.user),
                          teams=selectors.team_choices(request.user))
    back = reverse("citizen", args=[citizen.pk]) if citizen else reverse("task_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.create_task(actor=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Opgaven er oprettet.")
            return redirect(back)
    return render(request, "layout/form_page.html", {"form": form, "title": "Ny opgave", "button": "Opret opgaven",
                                                     "back": back, "citizen": citizen})


def task_complete(request, task_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    task = selectors.task_for_work(request.user, task_id)
    version = int_or_none(request.POST.get("version"))
    try:
        services.complete_task(actor=request.user, task=task, version=version if version is not None else -1)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Opgaven »{task.title}« er løst.")
    return HttpResponseRedirect(_back(request, reverse("task_list")))


def task_reassign(request, task_id: int):
    task = selectors.task_for_work(request.user, task_id)
    form = forms.ReassignForm(request.POST or None, staff=selectors.staff_choices(request.user),
                              teams=selectors.team_choices(request.user), initial={"version": task.version})
    back = _back(request, reverse("task_list"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reassign_task(actor=request.user, task=task, assignee=data["assignee"], team=data["team"],
                                   version=data["version"] if data["version"] is not None else -1)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Opgaven »{task.title}« er givet videre.")
            return HttpResponseRedirect(back)
    return render(request, "todo/reassign.html", {"form": form, "task": task, "back": back,
                                                  "title": "Giv opgaven videre", "button": "Giv videre",
                                                  "citizen": task.citizen})
