"""The action-plan pages (thin): the plan, an effort, a goal with its status history, and the download."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from tovholder.accounts.principals import principal_of
from tovholder.layout import charts, exports
from tovholder.layout.forms import add_service_errors

from . import forms, indicators, selectors, services

HEADER = ["Fokusområde", "Indsats", "Ansvarlig enhed", "Start", "Slut", "Mål", "Indikator", "Målværdi",
          "Aktuel værdi", "Enhed", "Status", "Status pr.", "Kommentar"]


def plan(request):
    p = selectors.plan(request.user)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:  # a download leaves need to know: small groups suppressed for everyone
        rows = []
        for a in p.areas:
            for e in a.efforts:
                for g in e.goals or [None]:
                    if g is None:
                        rows.append([str(a.area), e.effort.title, e.effort.owner_unit.name, e.effort.starts_on,
                                     e.effort.ends_on, "", "", None, None, "", "", None, ""])
                        continue
                    value = None if g.reading.suppressed else g.reading.value
                    rows.append([str(a.area), e.effort.title, e.effort.owner_unit.name, e.effort.starts_on,
                                 e.effort.ends_on, g.goal.text, g.indicator.label if g.indicator else "",
                                 g.goal.target, value, g.unit,
                                 g.latest.get_status_display() if g.latest else "Ingen status endnu",
                                 g.latest.on if g.latest else None, g.latest.comment if g.latest else ""])
        return exports.table_response(fmt, "handleplan", HEADER, rows, title="Psykiatripolitikkens handleplan")
    status = 200
    if request.method == "POST":
        if request.POST.get("action") != "focus_areas":
            messages.error(request, "Handlingen findes ikke på denne side; intet er gemt.")
            status = 400
        else:
            made = services.create_focus_areas(actor=request.user, municipality=principal_of(request.user).municipality)
            messages.success(request, f"{len(made)} fokusområder er oprettet.")
            return redirect("actionplan")
    return render(request, "actionplan/plan.html", {"plan": p, "counts": p.status_counts()}, status=status)


def effort_new(request, area_id: int):
    area = selectors.focus_area(request.user, area_id)
    if not request.user.has_perm(selectors.MANAGE):
        raise PermissionDenied("Din rolle giver kun læseadgang til handleplanen.")
    form = forms.EffortForm(request.POST or None, units=selectors.owner_units(request.user),
                            owners=selectors.owner_choices(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            unit = next((u for u in selectors.owner_units(request.user) if u.pk == d["owner_unit"]), None)
            owner = get_user_model().objects.filter(pk=d["owner"]).first() if d["owner"] else None
            try:
                if unit is None:
                    raise ValidationError({"owner_unit": "Vælg en enhed fra listen."})
                effort = services.add_effort(actor=request.user, focus_area=area, title=d["title"],
                                             description=d["description"], owner_unit=unit, owner=owner,
                                             starts_on=d["starts_on"], ends_on=d["ends_on"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Indsatsen “{effort.title}” er oprettet. Sæt nu dens mål.")
                return redirect("actionplan_effort", effort_id=effort.pk)
    return render(request, "actionplan/effort_new.html", {"area": area, "form": form}, status=status)


def effort(request, effort_id: int):
    ev = selectors.effort(request.user, effort_id)
    may_manage = request.user.has_perm(selectors.MANAGE)
    form = forms.GoalForm(request.POST or None) if may_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Din rolle giver kun læseadgang til handleplanen.")
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                goal = services.add_goal(actor=request.user, effort=ev.effort, **d)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Målet er sat. Giv det en status, når der er noget at melde.")
                return redirect("actionplan_goal", goal_id=goal.pk)
    return render(request, "actionplan/effort.html", {"ev": ev, "form": form, "may_manage": may_manage},
                  status=status)


def goal(request, goal_id: int):
    detail = selectors.goal(request.user, goal_id)
    g = detail.view.goal
    manual = g.indicator == indicators.MANUAL
    form = forms.StatusForm(request.POST or None, manual=manual, initial={"version": g.version}) \
        if detail.may_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Din rolle giver kun læseadgang til handleplanen.")
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.record_status(actor=request.user, goal=g, status=d["status"], comment=d["comment"],
                                       on=d["on"], version=d["version"], manual_value=d.get("manual_value"))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Status er gemt og lagt i historikken.")
                return redirect("actionplan_goal", goal_id=g.pk)
    chart = None
    points = sorted([(e.on, v) for e, v in detail.history if v is not None])
    if len(points) > 1:
        values = [float(v) for _, v in points] + [float(g.target)]
        chart = charts.lines(key="vaerdi", title="Indikatorens værdi ved hver status", low=min(0.0, *values),
                             high=max(values) * 1.1 or 1, points=points, value_label="Værdi")
    return render(request, "actionplan/goal.html", {"d": detail, "g": g, "form": form, "chart": chart},
                  status=status)
