from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tovholder.citizens.selectors import citizen_by_cpr_to_link

from . import registry, selectors, services
from .forms import ApproveForm, HoldForm, ReasonForm, RuleForm


def _rule_form(data=None) -> RuleForm:
    form = RuleForm(data)
    form.fields["kind"].choices = [("", "Vælg")] + [(k.key, k.label) for k in registry.kinds()]
    return form


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def overview_view(request):
    context = selectors.overview(request.user)
    hold_form, rule_form = HoldForm(), _rule_form()
    if request.method == "POST" and request.POST.get("action") == "hold":
        hold_form = HoldForm(request.POST)
        if hold_form.is_valid():
            try:
                citizen = citizen_by_cpr_to_link(request.user, hold_form.cleaned_data["cpr"])
            except ValidationError as exc:
                citizen = None
                hold_form.add_error("cpr", exc.messages)
            if citizen is None and not hold_form.has_error("cpr"):
                hold_form.add_error("cpr", "Der er ingen borger med det CPR-nummer i kommunen.")
            elif citizen is not None:
                try:
                    services.place_legal_hold(actor=request.user, citizen=citizen,
                                              reason=hold_form.cleaned_data["reason"])
                except ValidationError as exc:
                    _errors(hold_form, exc)
                else:
                    messages.success(request, "Den retlige tilbageholdelse er sat.")
                    return redirect("retention")
    elif request.method == "POST" and request.POST.get("action") == "rule":
        rule_form = _rule_form(request.POST)
        if rule_form.is_valid():
            try:
                services.set_rule(actor=request.user, **rule_form.cleaned_data)
            except ValidationError as exc:
                _errors(rule_form, exc)
            else:
                messages.success(request, "Opbevaringsreglen er gemt.")
                return redirect("retention")
    return render(request, "retention/overview.html", {**context, "hold_form": hold_form, "rule_form": rule_form,
                                                       "can_approve": request.user.has_perm(services.APPROVE),
                                                       "can_hold": request.user.has_perm(services.HOLD)})


def proposal_view(request, proposal_id: int):
    proposal = selectors.proposal_for(request.user, proposal_id)
    approve, reject, hold = ApproveForm(), ReasonForm(prefix="reject"), ReasonForm(prefix="hold")
    action = request.POST.get("action")
    if request.method == "POST":
        form = {"approve": ApproveForm(request.POST), "reject": ReasonForm(request.POST, prefix="reject"),
                "hold": ReasonForm(request.POST, prefix="hold")}.get(action or "")
        if form is not None and form.is_valid():
            try:
                if action == "approve":
                    record = services.approve_deletion(actor=request.user, proposal=proposal)
                    messages.success(request, "Borgerens oplysninger er slettet.")
                    return redirect("retention-record", record_id=record.pk)
                if action == "reject":
                    services.reject_deletion(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
                    messages.success(request, "Forslaget er afvist.")
                else:
                    services.hold_instead(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
                    messages.success(request, "Forslaget er afvist, og oplysningerne er tilbageholdt.")
                return redirect("retention")
            except ValidationError as exc:
                _errors(form, exc)
        if form is not None:
            approve, reject, hold = (form if action == "approve" else approve, form if action == "reject" else reject,
                                     form if action == "hold" else hold)
    return render(request, "retention/proposal.html", {
        "proposal": proposal, "approve": approve, "reject": reject, "hold": hold,
        "can_approve": request.user.has_perm(services.APPROVE), "can_hold": request.user.has_perm(services.HOLD)})


@require_POST
def release_view(request, hold_id: int):
    hold = selectors.hold_for(request.user, hold_id)
    try:
        services.release_legal_hold(actor=request.user, hold=hold)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Den retlige tilbageholdelse er ophævet.")
    return redirect("retention")


def record_view(request, record_id: int):
    return render(request, "retention/record.html", {"record": selectors.record_for(request.user, record_id)})
