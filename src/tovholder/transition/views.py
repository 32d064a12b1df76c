from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tovholder.layout.forms import add_service_errors
from tovholder.todo.selectors import staff_choices

from . import forms, selectors, services


def young_people(request):
    if request.method == "POST":
        try:
            made = services.create_transition_tasks(actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{len(made)} opgave{'r' if len(made) != 1 else ''} oprettet." if made
                             else "Der var ingen nye opgaver at oprette.")
        return redirect("transition_young_people")
    rows = selectors.young_people(request.user)
    return render(request, "transition/young_people.html", {"rows": rows, "today": timezone.localdate()})


def transition_open(request, citizen_id: int):
    citizen = selectors.citizen_for_opening(request.user, citizen_id)
    requests = list(selectors.children_requests(citizen))
    form = forms.OpenForm(request.POST or None, requests=requests)
    if request.method == "POST" and form.is_valid():
        chosen = {r.pk: r for r in requests}.get(form.cleaned_data["request"])
        try:
            row = services.open_transition(actor=request.user, citizen=citizen, request=chosen,
                                           opened_on=form.cleaned_data["opened_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Overgangen er oprettet. Planlæg overleveringsmødet.")
            return redirect("transition", row.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": citizen, "title": "Ny overgang til voksenområdet", "button": "Opret overgangen",
        "back": reverse("transition_young_people"),
        "lead": "Overgangen forberedes fra den unge er 17½ år: et overleveringsmøde, hvad der fortsætter fra det "
                "18. år, og hvem der bliver tovholder i voksenområdet."})


def transition(request, transition_id: int):
    if request.method == "POST":  # a write: need to know and the role (403 on a break-the-glass grant)
        row, grant = selectors.transition_for_work(request.user, transition_id), None
    else:
        row, grant = selectors.transition_view(request.user, transition_id)
    can_write = grant is None and request.user.has_perm(services.CASES)
    plan = handover = None
    if can_write:
        staff = staff_choices(request.user)
        action = request.POST.get("action") if request.method == "POST" else None
        plan = forms.PlanForm(request.POST if action == "plan" else None, staff=staff, prefix="plan", initial={
            "meeting_on": row.meeting_on, "meeting_place": row.meeting_place, "participants": row.participants,
            "continues": row.continues, "adult_coordinator": row.adult_coordinator_id, "version": row.version})
        handover = forms.HandoverForm(request.POST if action == "handover" else None, prefix="held",
                                      initial={"held_on": row.meeting_on, "version": row.version})
        if action in ("plan", "handover"):
            form = plan if action == "plan" else handover
            if form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version")
                try:
                    if action == "plan":
                        services.plan_handover(actor=request.user, transition=row,
                                               version=version if version is not None else -1, **data)
                    else:
                        services.record_handover(actor=request.user, transition=row,
                                                 version=version if version is not None else -1, **data)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, "Overgangen er gemt." if action == "plan"
                                     else "Overgangen er overleveret til voksenområdet.")
                    return redirect("transition", row.pk)
    return render(request, "transition/transition.html", {"t": row, "grant": grant, "plan": plan,
                                                          "handover": handover, "can_write": can_write})
