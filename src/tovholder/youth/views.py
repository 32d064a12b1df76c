import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Relative
from tovholder.layout import charts, exports
from tovholder.layout.forms import add_service_errors

from . import forms, selectors, services
from .models import Status

UNKNOWN_ACTION = "Handlingen findes ikke på denne side; intet er gemt. Brug knapperne på siden."


def youth_list(request):
    programme, rows = selectors.young_people(request.user)
    return render(request, "youth/list.html", {"programme": programme, "rows": rows,
                                               "figures": request.user.has_perm(selectors.FIGURES)})


def youth_citizen(request, citizen_id: int):
    if request.method == "POST":  # the write gate before any form is read: a break-the-glass grant only reads
        from tovholder.citizens.selectors import open_for_write

        require_write(request.user, open_for_write(request.user, citizen_id, what="Ballerup Ungeindsats"))
    yp = selectors.young_person(request.user, citizen_id)
    action = request.POST.get("action", "")
    post = request.POST or None
    staff_ids = [u.pk for u in yp.staff]

    def bound_if(name, form_class, **kwargs):
        return form_class(post if action == name else None, prefix=name, **kwargs)

    f = {
        "status": bound_if("status", forms.StatusForm),
        "meeting": bound_if("meeting", forms.MeetingForm,
                            staff=get_user_model().objects.filter(pk__in=staff_ids).order_by("first_name"),
                            contacts=Relative.objects.filter(pk__in=[r.pk for r in yp.jobcenter_contacts])),
        "goal": bound_if("goal", forms.GoalForm),
        "move": bound_if("move", forms.MoveForm),
    }
    status = 200
    bound = f.get(action)
    if request.method == "POST" and bound is None:
        messages.error(request, UNKNOWN_ACTION)
        status = 400
    elif request.method == "POST" and bound is not None and bound.is_valid():
        try:
            done = _act(request.user, yp.citizen, action, bound.cleaned_data)
        except ValidationError as exc:
            add_service_errors(bound, exc)
            status = 400
        else:
            messages.success(request, done)
            return redirect("youth_citizen", citizen_id=yp.citizen.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "youth/citizen.html", {
        "yp": yp, "f": f, "may_move": selectors.may_move(request.user, yp), "action": action}, status=status)


def _act(user, citizen, action: str, d: dict) -> str:
    if action == "status":
        services.record_status(actor=user, citizen=citizen, **d)
        return "Status er gemt."
    if action == "meeting":
        services.record_joint_meeting(actor=user, citizen=citizen, held_on=d["held_on"],
                                      participants=list(d["participants"]), agreement=d["agreement"],
                                      jobcenter_contact=d["jobcenter_contact"], jobcenter_part=d["jobcenter_part"])
        return "Det fælles visitationsmøde er gemt."
    if action == "goal":
        services.add_education_goal(actor=user, citizen=citizen, **d)
        return "Uddannelses- og jobmålet er sat i planen."
    move = services.move_to_skp(actor=user, citizen=citizen, **d)
    return (f"{citizen.full_name} overgår til SKP den {move.moved_on:%d-%m-%Y}. SKP er bestilt, mentorforløbet "
            "er afsluttet, og brevet er sendt.")


HEADER = ["Kvartal", "Opgjort den", *[str(label) for label in Status.labels], "Unge med status",
          *[f"{label}, andel (%)" for label in Status.labels], "Uden registreret status"]


def youth_figures(request):
    selectors.require_figures(request.user)
    quarters = selectors.quarterly_shares(request.user)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table_response(fmt, "ungeindsats-status", HEADER, [
            [q.label, q.on, *q.counts.values(), q.total, *[q.share(s) for s in Status.values], q.unknown]
            for q in quarters], title="Ungeindsatsen, status pr. kvartal")
    chart = None
    if quarters:
        shown = quarters[-2:]
        chart = charts.bars(
            key="status", title="Andel af de unge pr. status", category_label="Status",
            categories=[str(label) for label in Status.labels], low=0, high=100,
            series=[charts.Series(q.label, [q.share(s) for s in Status.values]) for q in shown])
    return render(request, "youth/figures.html", {"quarters": quarters, "chart": chart, "statuses": Status.choices,
                                                  "today": datetime.date.today()})
