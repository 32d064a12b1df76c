from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tovholder.citizens.selectors import open_for_write
from tovholder.layout.forms import add_service_errors
from tovholder.offers.models import Offer
from tovholder.records import StaleEditError

from . import forms, selectors, services
from .models import Volunteer


def _form_page(request, form, title, button, back, **extra):
    return render(request, "volunteers/form.html", {"form": form, "title": title, "button": button, "back": back,
                                                    **extra})


def volunteer_list(request):
    rows = selectors.volunteers(request.user)
    return render(request, "volunteers/list.html", {"rows": rows, "today": timezone.localdate()})


def volunteer_create(request):
    selectors.volunteers(request.user)  # the coordinator's role, or 403
    form = forms.VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            volunteer = services.register_volunteer(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{volunteer.full_name} er registreret som frivillig.")
            return redirect("volunteer_list")
    return _form_page(request, form, "Ny frivillig", "Registrér den frivillige", reverse("volunteer_list"),
                      lead="Frivillige er ikke medarbejdere og har ingen adgang til Tovholder.")


def volunteer_edit(request, volunteer_id: int):
    volunteer = selectors.volunteer_for(request.user, volunteer_id)
    initial = {f: getattr(volunteer, f) for f in forms.VolunteerForm.base_fields if hasattr(volunteer, f)}
    form = forms.VolunteerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_volunteer(actor=request.user, volunteer=volunteer,
                                      version=version if version is not None else -1, **data)
        except StaleEditError as exc:
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Den frivillige er gemt.")
            return redirect("volunteer_list")
    return _form_page(request, form, f"Ret {volunteer.full_name}", "Gem", reverse("volunteer_list"))


def wish_list(request):
    today = timezone.localdate()
    return render(request, "volunteers/wishes.html", {
        "wishes": selectors.waiting_wishes(request.user), "agreements": selectors.open_agreements(request.user)[0],
        "due": selectors.certificates_due(request.user, today=today), "today": today})


def wish_match(request, wish_id: int):
    page = selectors.match_page(request.user, wish_id)
    today = timezone.localdate()
    form = forms.AgreementForm(request.POST or None, initial={"starts_on": today,
                                                             "ends_on": today.replace(year=today.year + 1)
                                                             if not (today.month == 2 and today.day == 29)
                                                             else today.replace(year=today.year + 1, day=28)})
    withdraw = forms.WithdrawForm(request.POST if request.POST.get("action") == "withdraw" else None,
                                  prefix="withdraw")
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        if withdraw.is_valid():
            try:
                services.withdraw_wish(actor=request.user, wish=page.wish, reason=withdraw.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(withdraw, exc)
            else:
                messages.success(request, "Ønsket er trukket tilbage.")
                return redirect("wish_list")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer = Volunteer.objects.filter(municipality_id=page.wish.municipality_id, pk=data["volunteer"]).first()
        offer = (Offer.objects.filter(pk=data["offer"]).first() if data.get("offer") else None)
        chosen = next((s for s in page.suggestions if s.volunteer.pk == data["volunteer"]), None)
        if volunteer is None:
            form.add_error(None, "Vælg en frivillig på listen.")
        elif data.get("offer") and offer is None:
            form.add_error(None, "Tilbuddet findes ikke.")
        else:
            try:
                agreement = services.start_agreement(
                    actor=request.user, wish=page.wish, volunteer=volunteer, starts_on=data["starts_on"],
                    ends_on=data["ends_on"], offer=offer, reasons=chosen.reasons if chosen else [])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Aftalen med {volunteer.full_name} er startet.")
                return redirect("companion_agreement", agreement_id=agreement.pk)
    chosen_id = form.data.get("volunteer") if form.is_bound else None
    return render(request, "volunteers/match.html", {"p": page, "form": form, "withdraw": withdraw,
                                                     "chosen": str(chosen_id or "")})


def citizen_companion(request, citizen_id: int):
    view = selectors.citizen_companion(request.user, citizen_id)
    return render(request, "volunteers/citizen.html", {"v": view, "citizen": view.citizen})


def wish_create(request, citizen_id: int):
    citizen = open_for_write(request.user, citizen_id, what="Ønske om frivillig ledsager",
                             perm=services.RECORD_WISH)
    form = forms.WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_wish(actor=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Ønsket er sendt til frivilligkoordinatoren.")
            return redirect("citizen_companion", citizen_id=citizen.pk)
    return _form_page(request, form, "Ønske om en frivillig ledsager", "Send ønsket til koordinatoren",
                      reverse("citizen_companion", args=[citizen.pk]), citizen=citizen,
                      lead="En frivillig ledsager kan følge borgeren til almene tilbud: sociale og kulturelle "
                           "aktiviteter, motion, foreninger. Den frivillige får kun borgerens fornavn, "
                           "kontaktaftalen og mødestedet at vide.")


def agreement(request, agreement_id: int):
    page = selectors.agreement_page(request.user, agreement_id)
    a = page.agreement
    action = request.POST.get("action")
    outing = forms.OutingForm(request.POST if action == "outing" else None, prefix="outing",
                              initial={"day": timezone.localdate(), "minutes": 120})
    end = forms.EndForm(request.POST if action == "end" else None, prefix="end",
                        initial={"version": a.version, "ended_on": timezone.localdate()})
    if request.method == "POST":
        if not page.can_work:
            raise PermissionDenied("Du kan se, men ikke ændre aftalen.")
        form = outing if action == "outing" else end if action == "end" else None
        if form is not None and form.is_valid():
            try:
                if form is outing:
                    services.log_outing(actor=request.user, agreement=a, day=form.cleaned_data["day"],
                                        minutes=form.cleaned_data["minutes"], what=form.cleaned_data["what"],
                                        place=form.cleaned_data["place"])
                    messages.success(request, "Ledsagelsen er registreret.")
                else:
                    services.end_agreement(actor=request.user, agreement=a, **form.cleaned_data)
                    messages.success(request, "Aftalen er afsluttet.")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("companion_agreement", agreement_id=a.pk)
    return render(request, "volunteers/agreement.html", {"p": page, "a": a, "outing": outing, "end": end})


def agreement_sheet(request, agreement_id: int):
    return render(request, "volunteers/sheet.html", {"a": selectors.sheet(request.user, agreement_id)})
