from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from tovholder.activities import services as activity_services
from tovholder.layout import formats
from tovholder.layout.exports import table_response
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import selectors, services
from .forms import (
    ActivityForm,
    CheckInForm,
    ClosureForm,
    CouncilMeetingForm,
    DoorCountForm,
    OpeningPeriodForm,
    OutcomeForm,
    ShiftForm,
)


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def index(request):
    return render(request, "dropin/index.html", {"offers": selectors.dropin_offers(request.user),
                                                 "activities": selectors.activities_for(request.user)})


def day(request, offer_id: int):
    offer = selectors.dropin_offer(request.user, offer_id)
    page = selectors.day_page(request.user, offer)
    count_form = DoorCountForm(prefix="taelling", initial={"count": page.tally})
    checkin_form = CheckInForm(prefix="tjekind", citizens=page.citizens)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("plus", "minus"):
                new = services.set_door_count(actor=request.user, offer=offer, count=1 if action == "plus" else -1,
                                              delta=True)
                messages.success(request, f"Talt ved døren: {formats.number(new)} i dag.")
                return redirect("dropin_day", offer.pk)
            if action == "set":
                count_form = DoorCountForm(request.POST, prefix="taelling")
                if count_form.is_valid():
                    new = services.set_door_count(actor=request.user, offer=offer,
                                                  count=count_form.cleaned_data["count"])
                    messages.success(request, f"Antallet i dag er sat til {formats.number(new)}.")
                    return redirect("dropin_day", offer.pk)
            if action == "checkin":
                checkin_form = CheckInForm(request.POST, prefix="tjekind", citizens=page.citizens)
                if checkin_form.is_valid():
                    citizen = selectors.citizen_for_write(request.user, checkin_form.cleaned_data["citizen"])
                    services.check_in(actor=request.user, offer=offer, citizen=citizen)
                    messages.success(request, f"{citizen.full_name} er tjekket ind.")
                    return redirect("dropin_day", offer.pk)
        except ValidationError as exc:
            if action == "checkin":
                add_service_errors(checkin_form, exc)
            elif action == "set":
                add_service_errors(count_form, exc)
            else:
                _error(request, exc)
                return redirect("dropin_day", offer.pk)
    return render(request, "dropin/day.html", {"offer": offer, "p": page, "count_form": count_form,
                                               "checkin_form": checkin_form})


def hours(request, offer_id: int):
    """The opening hours and their history: read by the unit's managers too; changed by its staff."""
    offer = selectors.dropin_offer(request.user, offer_id, figures=request.method == "GET")
    period_form = OpeningPeriodForm(prefix="periode")
    closure_form = ClosureForm(prefix="lukket")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "period":
            period_form = OpeningPeriodForm(request.POST, prefix="periode")
            if period_form.is_valid():
                try:
                    d = period_form.cleaned_data
                    services.add_opening_period(actor=request.user, offer=offer, valid_from=d["valid_from"],
                                                valid_to=d["valid_to"], hours=period_form.hours(), note=d["note"])
                    messages.success(request, "De nye åbningstider er gemt. De gamle står i historikken.")
                    return redirect("dropin_hours", offer.pk)
                except ValidationError as exc:
                    add_service_errors(period_form, exc)
        elif action == "closure":
            closure_form = ClosureForm(request.POST, prefix="lukket")
            if closure_form.is_valid():
                try:
                    services.add_closure(actor=request.user, offer=offer, day=closure_form.cleaned_data["day"],
                                         reason=closure_form.cleaned_data["reason"])
                    messages.success(request, "Lukkedagen er gemt.")
                    return redirect("dropin_hours", offer.pk)
                except ValidationError as exc:
                    add_service_errors(closure_form, exc)
    return render(request, "dropin/hours.html", {
        "offer": offer, "periods": selectors.opening_history(offer), "closed": selectors.coming_closed_days(offer),
        "period_form": period_form, "closure_form": closure_form})


def work_list(request, offer_id: int):
    offer = selectors.dropin_offer(request.user, offer_id)
    form = ShiftForm(prefix="vagt")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                form = ShiftForm(request.POST, prefix="vagt")
                if form.is_valid():
                    d = form.cleaned_data
                    services.add_shift(actor=request.user, offer=offer, task_name=d["task"], day=d["day"],
                                       hours=d["hours"])
                    messages.success(request, "Vagten er sat på arbejdslisten.")
                    return redirect("dropin_worklist", offer.pk)
            elif action in ("take", "done"):
                shift = selectors.shift_of(offer, request.POST.get("shift"))
                if action == "take":
                    citizen = selectors.citizen_for_write(request.user, request.POST.get("citizen"))
                    services.take_shift(actor=request.user, shift=shift, citizen=citizen,
                                        version=int_or_none(request.POST.get("version")))
                    messages.success(request, f"{citizen.full_name} har taget vagten: {shift.task.name}.")
                else:
                    services.finish_shift(actor=request.user, shift=shift)
                    messages.success(request, "Vagten er markeret udført.")
                return redirect("dropin_worklist", offer.pk)
        except ValidationError as exc:
            if action == "add":
                add_service_errors(form, exc)
            else:
                _error(request, exc)
                return redirect("dropin_worklist", offer.pk)
    return render(request, "dropin/worklist.html", {"offer": offer, "w": selectors.work_list(request.user, offer),
                                                    "form": form})


def council(request, offer_id: int):
    offer = selectors.dropin_offer(request.user, offer_id)
    form = CouncilMeetingForm(request.POST or None, prefix="moede")
    if request.method == "POST" and form.is_valid():
        try:
            services.record_council_meeting(actor=request.user, offer=offer, held_on=form.cleaned_data["held_on"],
                                            minutes=form.cleaned_data["minutes"], decisions=form.decisions())
            messages.success(request, "Mødet og referatet er gemt.")
            return redirect("dropin_council", offer.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "dropin/council.html", {"offer": offer, "meetings": selectors.council_meetings(offer),
                                                   "form": form})


def figures(request, offer_id: int):
    offer = selectors.dropin_offer(request.user, offer_id, figures=True)
    f = selectors.figures(request.user, offer)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return table_response(fmt, "vaerested-uger", ["Uge fra", "Åbningstimer", "Besøg anonymt", "Besøg med navn",
                                                      "Besøg i alt", "Brugerarbejde (timer)"],
                              [[w.monday, w.opening_hours, w.anonymous, w.named, w.visits, w.work_hours]
                               for w in f.weeks], title="Værested pr. uge")
    return render(request, "dropin/figures.html", {"offer": offer, "f": f})


# --- the activity calendar -----------------------------------------------------------------------

def activity_create(request):
    """Plan a recurring activity of an offer the user works in (Støberiet's workshops, the club evening)."""
    offers = selectors.activity_offers(request.user)
    if not offers:
        raise PermissionDenied("Du arbejder ikke i en enhed, der holder aktiviteter.")
    form = ActivityForm(request.POST or None, offers=offers)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        offer = next(o for o in offers if o.pk == d["offer"])
        try:
            activity = services.create_activity(actor=request.user, offer=offer, title=d["title"], kind=d["kind"],
                                                first_day=d["first_day"], starts=d["starts"], minutes=d["minutes"],
                                                weeks=d["weeks"], seats=d["seats"], place=d["place"],
                                                open_for_booking=bool(d.get("open_for_booking")))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Aktiviteten {activity.title} er planlagt med {formats.number(d['weeks'])} "
                                      "gange. Du står som leder og finder gangene i din kalender.")
            return redirect("activity_detail", activity.pk)
    return render(request, "dropin/activity_create.html", {"form": form})


def activity_detail(request, activity_id: int):
    act = selectors.activity(request.user, activity_id)
    page = selectors.activity_page(request.user, act)
    outcome_form = OutcomeForm(prefix="udfald", citizens=[c for c in page.citizens])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "signup":
                session = services.session_of(act, request.POST.get("session"))
                citizen = selectors.citizen_for_write(request.user, request.POST.get("citizen"))
                services.sign_up(actor=request.user, activity=act, occasion=session, citizen=citizen)
                messages.success(request, f"{citizen.full_name} er tilmeldt.")
                return redirect("activity_detail", act.pk)
            if action in ("attended", "no_show"):
                part = selectors.named_participation(act, request.POST.get("participation"))
                activity_services.record_attendance(actor=request.user, participation=part, status=action)
                messages.success(request, "Fremmødet er registreret.")
                return redirect("activity_detail", act.pk)
            if action == "outcome":
                outcome_form = OutcomeForm(request.POST, prefix="udfald", citizens=page.citizens)
                if outcome_form.is_valid():
                    d = outcome_form.cleaned_data
                    services.record_outcome(actor=request.user, activity=act,
                                            citizen=selectors.citizen_for_write(request.user, d["citizen"]),
                                            kind=d["kind"],
                                            day=d["day"], note=d["note"])
                    messages.success(request, "Udfaldet er gemt.")
                    return redirect("activity_detail", act.pk)
        except ValidationError as exc:
            if action == "outcome":
                add_service_errors(outcome_form, exc)
            else:
                _error(request, exc)
                return redirect("activity_detail", act.pk)
    return render(request, "dropin/activity.html", {"a": act, "p": page, "outcome_form": outcome_form,
                                                    "own": services.is_operator(request.user, act),
                                                    "now": timezone.now()})

