"""Housing's pages: thin – parse input, call a selector or a service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tovholder.layout.forms import add_service_errors
from tovholder.records import StaleEditError, int_or_none

from . import forms, selectors, services

# === flats (Skolehaven) ==============================================================================


def flats(request):
    """The housing offers with flats the user works with; with one, its page at once."""
    if not selectors.may_see_flats(request.user):
        raise PermissionDenied("Din rolle giver ikke adgang til lejlighederne.")
    offers = list(selectors.flat_offers(request.user))
    if len(offers) == 1:
        return redirect("flats_offer", offer_id=offers[0].pk)
    return render(request, "housing/flats_index.html", {"offers": offers})


def flats_offer(request, offer_id: int):
    offer = selectors.flat_offer(request.user, offer_id)
    page = selectors.flats_page(request.user, offer)
    return render(request, "housing/flats.html", {"p": page, "offer": offer,
                                                  "can_meet": request.user.has_perm(services.MEET)})


def move_in(request, order_id: int):
    order = selectors.order_for_move_in(request.user, order_id)
    offer = order.decision.offer
    day = timezone.localdate()
    form = forms.MoveInForm(request.POST or None, flats=offer.flats.order_by("number"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            residency = services.move_in(actor=request.user, order=order, flat=d["flat"],
                                         moved_in_on=d["moved_in_on"], planned_move_out_on=d["planned_move_out_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{order.citizen.full_name} er flyttet ind i lejlighed {residency.flat.number}. "
                                      "Planlæg hjælpen pr. uge.")
            return redirect("residency", residency_id=residency.pk)
    vacant = list(selectors.vacant_flats(offer, day))
    lead = (f"Ledige lejligheder i dag: {', '.join(f.number for f in vacant)}." if vacant
            else "Der er ingen ledige lejligheder i dag.")
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": order.citizen, "title": f"Flyt ind i {offer.name}", "button": "Flyt ind",
        "back": reverse("flats_offer", args=[offer.pk]), "lead": lead})


def residency(request, residency_id: int):
    page = selectors.residency_page(request.user, residency_id)
    r = page.residency
    action = request.POST.get("action", "")
    post = request.POST or None
    help_form = forms.WeeklyHelpForm(post if action == "help" else None, current=page.help, prefix="help")
    plan_form = forms.PlanMoveOutForm(post if action == "plan" else None, prefix="plan",
                                      initial={"version": r.version, "planned_on": r.planned_move_out_on})
    out_form = forms.MoveOutForm(post if action == "out" else None, prefix="out", initial={"version": r.version})
    bound = {"help": help_form, "plan": plan_form, "out": out_form}.get(action)
    status = 200
    if request.method == "POST":
        if bound is None:
            messages.error(request, "Ukendt handling; intet er gemt.")
            status = 400
        elif bound.is_valid():
            d = bound.cleaned_data
            try:
                if action == "help":
                    services.plan_weekly_help(actor=request.user, residency=r, plan=help_form.plan(),
                                              starts_on=d["starts_on"])
                    done = "Hjælpen pr. uge er planlagt."
                elif action == "plan":
                    services.plan_move_out(actor=request.user, residency=r, version=d["version"],
                                           planned_on=d["planned_on"])
                    done = "Den planlagte fraflytning er gemt."
                else:
                    services.move_out(actor=request.user, residency=r, version=d["version"],
                                      moved_out_on=d["moved_out_on"], reason=d["reason"])
                    done = (f"{r.citizen.full_name} er flyttet ud; lejlighed {r.flat.number} er ledig. "
                            "Sagsbehandleren har fået forslag om at afslutte indsatsen.")
            except StaleEditError as exc:
                add_service_errors(bound, exc)
            except ValidationError as exc:
                add_service_errors(bound, exc)
            else:
                messages.success(request, done)
                return redirect("residency", residency_id=r.pk)
    return render(request, "housing/residency.html", {
        "v": page, "r": r, "citizen": r.citizen, "help_form": help_form, "plan_form": plan_form,
        "out_form": out_form}, status=status)


def residents(request, offer_id: int):
    offer = selectors.flat_offer(request.user, offer_id)
    return render(request, "housing/residents.html", {"p": selectors.residents_page(request.user, offer),
                                                      "offer": offer})


def meeting_new(request, offer_id: int):
    offer = selectors.flat_offer(request.user, offer_id)
    if not request.user.has_perm(services.MEET):
        raise PermissionDenied("Din rolle giver ikke adgang til husmøderne.")
    form = forms.PlanMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.plan_house_meeting(actor=request.user, offer=offer, starts_at=form.starts_at(),
                                                  minutes=d["minutes"], place=d["place"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Husmødet er planlagt, og beboerne er inviteret.")
            return redirect("house_meeting", meeting_id=meeting.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "title": f"Planlæg husmøde i {offer.name}", "button": "Planlæg husmødet",
        "back": reverse("flats_offer", args=[offer.pk]),
        "lead": "Alle beboere inviteres. På husmødet skriver beboerne næste uges madplan."})


def meeting(request, meeting_id: int):
    page = selectors.meeting_page(request.user, meeting_id)
    m = page.meeting
    held = m.occasion.starts_at <= timezone.now() + services.activities.FUTURE_SLACK
    initial = {"version": m.version, "minutes_text": m.minutes_text, "decisions": m.decisions, "week_of": m.week_of}
    for meal in page.meals:
        i = (meal.day - m.week_of).days
        if 0 <= i < 7:
            initial.update({f"dish_{i}": meal.dish, f"cook_{i}": str(meal.cook.citizen_id if meal.cook else ""),
                            f"shopper_{i}": str(meal.shopper.citizen_id if meal.shopper else ""),
                            f"ingredients_{i}": meal.ingredients})
    form = forms.MealPlanForm(request.POST or None, residents=page.residents, initial=initial)
    error = ""
    if request.method == "POST":
        if not held:
            raise PermissionDenied("Husmødet er ikke holdt endnu.")
        shown = {p.pk for p in page.participations}
        attendance = {}
        for key, value in request.POST.items():
            if key.startswith("p-") and value:
                pk = int_or_none(key[2:])
                if pk not in shown:
                    raise Http404("Deltageren hører ikke til husmødet.")
                attendance[pk] = value
        if form.is_valid():
            try:
                services.save_house_meeting(actor=request.user, meeting=m, version=form.cleaned_data["version"],
                                            attendance=attendance, minutes_text=form.cleaned_data["minutes_text"],
                                            decisions=form.cleaned_data["decisions"],
                                            week_of=form.cleaned_data["week_of"], meals=form.meals())
            except ValidationError as exc:
                add_service_errors(form, exc)
                error = " ".join(exc.messages)
            else:
                messages.success(request, "Husmødet er registreret med fremmøde, referat og madplan.")
                return redirect("house_meeting", meeting_id=m.pk)
        for p in page.participations:  # the page shows again what was chosen (nothing was saved)
            p.status = attendance.get(p.pk, p.status)
    choices = [(s, label) for s, label in services.ATTENDANCE_CHOICES]
    return render(request, "housing/meeting.html", {"v": page, "m": m, "form": form, "held": held,
                                                    "choices": choices, "error": error})


# === stays: rehabilitating stays and acute places (§ 107) ========================================


def stays(request):
    page = selectors.stays_page(request.user, timezone.localdate())
    return render(request, "housing/stays.html", {"p": page})


def _pick(rows, value):
    pk = int_or_none(value)
    return next((r for r in rows if r.pk == pk), None)


def _address(citizen) -> str:
    town = f"{citizen.postal_code} {citizen.city}".strip()
    return ", ".join(part for part in (citizen.address, town) if part)


def stay_start(request, citizen_id: int):
    choices = selectors.start_choices(request.user, citizen_id)
    citizen = choices.citizen
    today = timezone.localdate()
    form = forms.StartStayForm(request.POST or None, places=choices.places, reasons=choices.reasons,
                               initial={"started_on": today, "home_address": _address(citizen)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = _pick([p for p, _ in choices.places], data["place"])
        reason = _pick(choices.reasons, data["entry_reason"])
        try:
            if place is None or reason is None:
                raise ValidationError("Vælg en plads og en indskrivningsårsag fra listen.")
            stay = services.start_stay(
                actor=request.user, citizen=citizen, place=place, entry_reason=reason,
                started_on=data["started_on"], planned_return_on=data["planned_return_on"],
                home_address=data["home_address"], home_tenancy=data["home_tenancy"],
                referred_by=data["referred_by"], beyond_max_reason=data["beyond_max_reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{citizen.full_name} er indskrevet på {stay.place.name}.")
            return redirect("stay", stay.pk)
    return render(request, "housing/stay_start.html", {
        "form": form, "citizen": citizen, "running": choices.running, "has_places": bool(choices.places),
        "back": reverse("citizen", args=[citizen.pk])})


def stay(request, stay_id: int):
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None:
        found = selectors.stay_for_write(request.user, stay_id)
    detail = selectors.stay_detail(request.user, stay_id, today)
    s = detail.stay
    move = forms.MoveReturnForm(request.POST if action == "move" else None, prefix="move",
                                initial={"version": s.version, "planned_return_on": s.planned_return_on})
    support = forms.HomeSupportForm(request.POST if action == "support" else None, prefix="support",
                                    offers=detail.support_offers, initial={"start_on": s.planned_return_on})
    end = forms.EndStayForm(request.POST if action == "end" else None, prefix="end",
                            initial={"version": s.version, "ended_on": today})
    if action is not None:
        if action == "move" and not detail.may_keep or action == "end" and not detail.may_keep \
                or action == "support" and not detail.may_prepare or action not in ("move", "support", "end"):
            raise PermissionDenied("Din rolle kan ikke ændre opholdet.")
        form = {"move": move, "support": support, "end": end}[action]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "move":
                    services.move_return(actor=request.user, stay=found, version=data["version"],
                                         planned_return_on=data["planned_return_on"], reason=data["reason"])
                    messages.success(request, "Den planlagte hjemkomst er flyttet.")
                elif action == "support":
                    offer = _pick(detail.support_offers, data["offer"])
                    if offer is None:
                        raise ValidationError({"offer": "Vælg et tilbud fra listen."})
                    decision = services.prepare_home_support(
                        actor=request.user, stay=found, offer=offer, hours_per_week=data["hours_per_week"],
                        start_on=data["start_on"], reasons=data["reasons"], goals=data["goals"])
                    messages.success(request, f"{offer.name} er bevilget og bestilt fra {decision.start_on:%d-%m-%Y}."
                                     if decision.status == decision.Status.ORDERED else
                                     f"{offer.name} er bevilget; borgeren står på ventelisten, til der er plads.")
                else:
                    services.end_stay(actor=request.user, stay=found, version=data["version"],
                                      ended_on=data["ended_on"], outcome=data["outcome"], note=data["end_note"])
                    messages.success(request, "Opholdet er afsluttet.")
            except StaleEditError as exc:
                add_service_errors(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("stay", s.pk)
    return render(request, "housing/stay.html", {"d": detail, "s": s, "move": move, "support": support,
                                                 "end": end, "may_see_stays": selectors.may_see_stays(request.user)})


# === stays: Flex Bostøtte's shared quota ========================================================


def shared(request):
    rows = selectors.shared_offers(request.user)
    overruns = selectors.quota_overruns(request.user)
    return render(request, "housing/shared.html", {"rows": rows, "overruns": overruns})


def quota_edit(request, offer_id: int, municipality_id: int):
    offer, quota = selectors.shared_offer_for_quota(request.user, offer_id, municipality_id)
    form = forms.QuotaForm(request.POST or None, initial={"places": quota.places})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_quota(actor=request.user, offer=offer, municipality=quota.municipality,
                               places=form.cleaned_data["places"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{quota.municipality.name}s kvote i {offer.name} er gemt.")
            return redirect("shared_offers")
    return render(request, "layout/form_page.html", {
        "form": form, "title": f"Kvote i {offer.name}: {quota.municipality.name}", "button": "Gem kvoten",
        "back": reverse("shared_offers"),
        "lead": "Kvoten er det antal pladser, kommunen kan bestille. Den kan ikke sættes lavere end det, kommunen "
                "bruger nu."})


def served(request, offer_id: int):
    page = selectors.served_citizens(request.user, offer_id)
    return render(request, "housing/served.html", {"p": page})
