from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from tovholder.layout.forms import add_service_errors
from tovholder.records import StaleEditError, int_or_none

from . import forms, sections, selectors, services


def _stale(request, form, exc):
    add_service_errors(form, exc)
    messages.error(request, exc.messages[0])


def citizen_plan(request, citizen_id: int):
    view = selectors.citizen_plan(request.user, citizen_id)
    return render(request, "plans/citizen.html", {"p": view, "citizen": view.citizen,
                                                  "sections": sections.sections_for(request.user, view.citizen)})


def _page(request, citizen, form, title, button, **extra):
    return render(request, "plans/form.html", {"form": form, "citizen": citizen, "title": title, "button": button,
                                               "back": reverse("citizen_plan", args=[citizen.pk]), **extra})


def plan_edit(request, citizen_id: int):
    citizen = selectors.open_for_plan_work(request.user, citizen_id, what="Plan (redigering)")
    plan = selectors.plan_of(citizen)
    initial = {"version": plan.version if plan else 0, "aim": plan.aim if plan else "",
               "review_on": plan.review_on if plan else None}
    form = forms.PlanForm(request.POST or None, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(actor=request.user, citizen=citizen, **form.cleaned_data)
        except StaleEditError as exc:
            _stale(request, form, exc)
            current = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Planen er gemt.")
            return redirect("citizen_plan", citizen_id=citizen_id)
    if current is not None:
        form = forms.PlanForm(initial={"version": current.version, "aim": form.data.get("aim", ""),
                                       "review_on": form.data.get("review_on")})
    return _page(request, citizen, form, "Borgerens plan", "Gem planen", current_plan=current)


def goal_add(request, citizen_id: int):
    citizen = selectors.open_for_plan_work(request.user, citizen_id, what="Mål (nyt)")
    effort = selectors.effort_of(citizen, request.GET.get("indsats") or request.POST.get("indsats"))
    parent = None
    under = request.GET.get("under") or request.POST.get("under")
    if under:
        if int_or_none(under) is None:
            raise Http404("Målet findes ikke.")
        parent = selectors.goal_for(request.user, citizen_id, int(under), what="Mål (delmål)")
    form = forms.GoalForm(request.POST or None, user=request.user, initial={"responsible": request.user.pk},
                          new=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.add_goal(actor=request.user, citizen=citizen, parent=parent, decision=effort, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Delmålet er tilføjet." if parent else "Målet er tilføjet til planen.")
            if effort is not None:
                return redirect("decision_detail", decision_id=effort.pk)
            return redirect("citizen_plan", citizen_id=citizen_id)
    title = (f"Delmål under: {parent}" if parent else f"Indsatsmål for {effort.offer.name}" if effort
             else "Nyt mål")
    return _page(request, citizen, form, title, "Tilføj", parent=parent, effort=effort)


def goal_edit(request, citizen_id: int, goal_id: int):
    goal = selectors.goal_for(request.user, citizen_id, goal_id, what="Mål (redigering)")
    initial = {f: getattr(goal, f) for f in services.GOAL_FIELDS}
    initial["responsible"] = goal.responsible_id
    initial["version"] = goal.version
    form = forms.GoalForm(request.POST or None, user=request.user, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_goal(actor=request.user, goal=goal, version=version if version is not None else -1,
                                 **data)
        except StaleEditError as exc:
            _stale(request, form, exc)
            current = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Målet er gemt.")
            return redirect("citizen_plan", citizen_id=citizen_id)
    if current is not None:
        data = form.data.copy()
        data["version"] = current.version
        form = forms.GoalForm(data, user=request.user)
        form.is_valid()
    return _page(request, goal.citizen, form, "Ret mål", "Gem målet", current_goal=current,
                 revisions=list(goal.revisions.all()))
