"""Pages of care messages, discharge agreements and the coordinated plan (thin: parse, call, render)."""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tovholder.layout.forms import add_service_errors
from tovholder.records import StaleEditError

from . import agreements, care_forms, care_selectors, messages
from .carecommunication import CATEGORY_LABELS
from .models import LEGAL_BASIS_LABELS, PARTY_LABELS, DischargeAgreement


def _pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    safe = "".join(c for c in name if c.isalnum() or c in " ._-")[:100] or "bilag.pdf"
    response["Content-Disposition"] = f'inline; filename="{safe}"'
    return response


# --- care messages -----------------------------------------------------------------------------

def inbox(request):
    box = care_selectors.inbox(request.user, request.GET.get("kategori", ""))
    return render(request, "crosssector/care_inbox.html", {"box": box, "labels": CATEGORY_LABELS})


def citizen_care(request, citizen_id: int):
    view = care_selectors.citizen_care(request.user, citizen_id)
    return render(request, "crosssector/citizen_care.html", {"v": view, "citizen": view.citizen})


def message_new(request, citizen_id: int):
    citizen = care_selectors.citizen_for_write(request.user, citizen_id, what="Korrespondancemeddelelse (ny)")
    partners = care_selectors.partners(request.user)
    form = care_forms.MessageForm(request.POST or None, request.FILES or None, partners=partners,
                                  initial={"partner": request.GET.get("til", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        pdf = d.get("attachment")
        try:
            message = messages.start_thread(
                actor=request.user, citizen=citizen, partner=care_selectors.partner_for(request.user, d["partner"]),
                category=d["category"], topic=d["topic"], text=d["text"], attachment=pdf["data"] if pdf else None,
                attachment_title=pdf["name"] if pdf else "")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, f"Meddelelsen er sendt til {message.partner.name}.")
            return redirect("care_thread", thread_id=message.thread_id)
    return render(request, "crosssector/message_form.html", {
        "form": form, "citizen": citizen, "title": "Ny korrespondancemeddelelse", "button": "Send meddelelsen",
        "back": reverse("citizen_care", args=[citizen.pk]), "multipart": True,
        "lead": "Meddelelsen underskrives med dit navn, din stilling og dit telefonnummer. Den sendes kun, hvis "
                "borgeren har givet samtykke til at dele med modtageren, eller der er hjemmel til det."})


def thread(request, thread_id: int):
    page = care_selectors.thread_page(request.user, thread_id)
    partners = care_selectors.partners(request.user)
    action = request.POST.get("action")
    reply = care_forms.ReplyForm(request.POST if action == "reply" else None,
                                 request.FILES if action == "reply" else None, prefix="reply")
    forward = care_forms.ForwardForm(request.POST if action == "forward" else None, prefix="forward",
                                     partners=[p for p in partners if p.pk != page.thread.partner_id])
    if request.method == "POST":
        if not page.can_write:
            raise PermissionDenied("Du kan se, men ikke skrive i korrespondancen.")
        current = care_selectors.thread_for_write(request.user, thread_id)
        try:
            if action == "read":
                messages.mark_read(actor=request.user, thread=current)
                return redirect("care_thread", thread_id=current.pk)
            if action == "reply" and reply.is_valid():
                pdf = reply.cleaned_data.get("attachment")
                messages.reply(actor=request.user, thread=current, text=reply.cleaned_data["text"],
                               attachment=pdf["data"] if pdf else None, attachment_title=pdf["name"] if pdf else "")
                flash.success(request, "Svaret er sendt.")
                return redirect("care_thread", thread_id=current.pk)
            if action == "forward" and forward.is_valid():
                last = page.messages[-1]
                sent = messages.forward(
                    actor=request.user, message=care_selectors.message_for_write(request.user, last.pk),
                    partner=care_selectors.partner_for(request.user, forward.cleaned_data["partner"]),
                    text=forward.cleaned_data["text"])
                flash.success(request, f"Meddelelsen er videresendt til {sent.partner.name}.")
                return redirect("care_thread", thread_id=sent.thread_id)
        except ValidationError as exc:
            add_service_errors(reply if action == "reply" else forward, exc)
    return render(request, "crosssector/thread.html", {"p": page, "t": page.thread, "citizen": page.thread.citizen,
                                                       "reply": reply, "forward": forward,
                                                       "labels": CATEGORY_LABELS})


def attachment(request, segment_id: int):
    segment = care_selectors.attachment(request.user, segment_id)
    return _pdf_response(bytes(segment.attachment), segment.attachment_title or "bilag.pdf")


# --- discharge agreements ------------------------------------------------------------------------

def _agreement_page(request, form, citizen, title, button, back, **extra):
    return render(request, "crosssector/agreement_form.html", {
        "form": form, "citizen": citizen, "title": title, "button": button, "back": back, **extra})


def agreement_new(request, admission_id: int):
    admission = care_selectors.admission_for_write(request.user, admission_id)
    citizen = admission.citizen
    notified = agreements.notified_on(admission)
    deadline = agreements.meeting_deadline(notified)
    unit = getattr(getattr(request.user, "staff", None), "units", None)
    first_unit = unit.order_by("pk").first() if unit is not None else None
    initial = {"kind": DischargeAgreement.Kind.AGREEMENT, "legal_basis": "13a1", "meeting_on": deadline,
               "party_0_kind": "ward", "party_0_name": admission.ward.name if admission.ward else "",
               "party_1_kind": "municipal", "party_1_name": first_unit.name if first_unit else "",
               "party_1_contact": request.user.get_full_name(),
               "party_2_kind": "citizen", "party_2_name": citizen.full_name,
               "party_3_kind": "gp"}
    form = care_forms.AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            head = agreements.write_agreement(actor=request.user, admission=admission, kind=form.cleaned_data["kind"],
                                              **form.content())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, f"{head.get_kind_display().split(' (')[0]} er gemt som version 1.")
            return redirect("discharge_agreement", agreement_id=head.pk)
    return _agreement_page(request, form, citizen, "Ny udskrivningsaftale eller koordinationsplan", "Gem aftalen",
                           reverse("citizen_care", args=[citizen.pk]), admission=admission, notified=notified,
                           deadline=deadline)


def agreement(request, agreement_id: int):
    page = care_selectors.agreement_page(request.user, agreement_id)
    partners = care_selectors.partners(request.user)
    ward = page.agreement.admission.ward_id
    send = care_forms.SendForm(request.POST or None, partners=partners, initial={"partner": ward or ""})
    if request.method == "POST":
        if not page.can_write:
            raise PermissionDenied("Du kan se, men ikke sende aftalen.")
        current = care_selectors.agreement_for_write(request.user, agreement_id)
        if send.is_valid():
            try:
                message = agreements.send_agreement(
                    actor=request.user, agreement=current,
                    partner=care_selectors.partner_for(request.user, send.cleaned_data["partner"]),
                    text=send.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(send, exc)
            else:
                flash.success(request, f"Aftalen er sendt som PDF til {message.partner.name}.")
                return redirect("care_thread", thread_id=message.thread_id)
    return render(request, "crosssector/agreement.html", {
        "p": page, "a": page.agreement, "v": page.current, "citizen": page.agreement.citizen, "send": send,
        "party_labels": PARTY_LABELS, "basis": LEGAL_BASIS_LABELS.get(page.current.legal_basis, ""),
        "today": timezone.localdate()})


def agreement_revise(request, agreement_id: int):
    head = care_selectors.agreement_for_write(request.user, agreement_id)
    latest = head.versions.order_by("-number").first()
    form = care_forms.AgreementForm(request.POST or None, fixed_kind=True,
                                    initial={"version": head.version, "kind": head.kind,
                                             **care_forms.agreement_initial(latest)})
    if request.method == "POST" and form.is_valid():
        try:
            row = agreements.revise_agreement(actor=request.user, agreement=head, version=form.cleaned_data["version"],
                                              **form.content())
        except StaleEditError as exc:
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, f"Version {row.number} er gemt.")
            return redirect("discharge_agreement", agreement_id=head.pk)
    notified = latest.notified_on
    title = f"Ny version af {head.get_kind_display().split(' (')[0].lower()}"
    return _agreement_page(request, form, head.citizen, title,
                           "Gem ny version", reverse("discharge_agreement", args=[head.pk]), admission=head.admission,
                           notified=notified, deadline=agreements.meeting_deadline(notified))


def agreement_pdf(request, agreement_id: int, number: int):
    row = care_selectors.agreement_version(request.user, agreement_id, number)
    return _pdf_response(agreements.agreement_pdf(row), f"aftale-version-{row.number}.pdf")


# --- the coordinated plan ------------------------------------------------------------------------

def plan_edit(request, citizen_id: int):
    citizen = care_selectors.citizen_for_write(request.user, citizen_id, what="Fælles forløbsplan (redigering)")
    current = care_selectors.plan_section(request.user, citizen)["coordinated"]
    if current is not None and not current.consent_active:
        current = None
    partners = care_selectors.partners(request.user)
    initial = {"consent_given_on": timezone.localdate()}
    if current is not None:
        initial = {"version": current.version, "psychiatry": current.psychiatry_id,
                   "psychiatry_contact": current.psychiatry_contact, "substance": current.substance_id,
                   "substance_contact": current.substance_contact, "aim": current.aim, "consent": True,
                   "consent_given_on": current.consent_given_on}
    form = care_forms.CoordinatedPlanForm(request.POST or None, partners=partners, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            plan = agreements.save_plan(
                actor=request.user, citizen=citizen, plan=current, version=d.pop("version"),
                psychiatry=care_selectors.partner_for(request.user, d.pop("psychiatry")),
                substance=care_selectors.partner_for(request.user, d.pop("substance")), **d)
        except (StaleEditError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, "Den fælles forløbsplan er gemt.")
            return redirect("coordinated_plan", plan_id=plan.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": citizen, "title": "Fælles forløbsplan (dobbeltdiagnose)", "button": "Gem planen",
        "back": reverse("citizen_plan", args=[citizen.pk]),
        "lead": "Én sammenhængende forløbsplan med psykiatrien og rusmiddelcentret, som borgeren giver samtykke "
                "til. Samtykket gælder også deling af planen med de to parter."})


def coordinated_plan(request, plan_id: int):
    plan, can_write = care_selectors.plan_page(request.user, plan_id)
    action = request.POST.get("action")
    act = care_forms.PlanActionForm(request.POST if action == "action" else None, prefix="action")
    assess = care_forms.AssessmentForm(request.POST if action == "assessment" else None, prefix="assessment")
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Du kan se, men ikke ændre planen.")
        current = care_selectors.plan_for_write(request.user, plan_id)
        form = act if action == "action" else assess if action == "assessment" else None
        try:
            if action == "share":
                agreements.share_plan(actor=request.user, plan=current)
                flash.success(request, "Planen er sendt som PDF til psykiatrien og rusmiddelcentret.")
                return redirect("coordinated_plan", plan_id=plan.pk)
            if action == "withdraw":
                agreements.withdraw_consent(actor=request.user, plan=current, on=timezone.localdate())
                flash.success(request, "Samtykket er trukket tilbage. Planen deles ikke længere.")
                return redirect("coordinated_plan", plan_id=plan.pk)
            if form is not None and form.is_valid():
                if form is act:
                    agreements.add_action(actor=request.user, plan=current, **form.cleaned_data)
                    flash.success(request, "Handlingen er tilføjet.")
                else:
                    agreements.add_assessment(actor=request.user, plan=current, **form.cleaned_data)
                    flash.success(request, "Datoen for den fælles vurdering er tilføjet.")
                return redirect("coordinated_plan", plan_id=plan.pk)
        except ValidationError as exc:
            if form is not None:
                add_service_errors(form, exc)
            else:
                flash.error(request, " ".join(exc.messages))
                return redirect("coordinated_plan", plan_id=plan.pk)
    return render(request, "crosssector/coordinated_plan.html", {
        "p": plan, "citizen": plan.citizen, "can_write": can_write and plan.consent_active, "act": act,
        "assess": assess, "today": timezone.localdate()})
