"""Housing's pages, thin: parse input, call a service or a selector, render. Two parts side by side:
Skolehaven's flats (the flats block) and the rehabilitating stays with Flex Bostøtte's quota (stays)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tovholder.layout.forms import add_service_errors
from tovholder.records import StaleEditError, int_or_none

from . import forms, selectors, services

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
                                                 "end": end})


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
