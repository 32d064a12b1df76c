from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from tovholder.accounts.principals import principal_of
from tovholder.citizens.gate import knows, require_write
from tovholder.citizens.selectors import citizen_by_cpr_to_link, open_citizen
from tovholder.layout import charts
from tovholder.layout.exports import FORMATS, table_response
from tovholder.layout.forms import add_service_errors
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer
from tovholder.offers.selectors import catalogue
from tovholder.records import int_or_none

from . import forms, letters, selectors, services, youth
from .models import Case, DeadlineNotice, Decision, EndProposal, Letter, RoutingRule

S = Decision.Status
CASES = "visitation.handle_cases"
UNKNOWN_ACTION = "Handlingen findes ikke på denne side; intet er gemt. Brug knapperne på siden."


def _can_write(user, citizen) -> bool:
    """The page shows its write forms only to a caseworker with need to know: a break-the-glass grant reads."""
    return user.has_perm(CASES) and knows(user, citizen)


def _gate_post(request, citizen) -> None:
    """Every POST to a page of a case or decision passes the write gate before its form is read: a reader
    with a break-the-glass grant gets 403 whatever was posted (ADR 0005)."""
    if request.method == "POST":
        require_write(request.user, citizen)


def desk(request):
    desk = selectors.caseworker_desk(request.user, deadline=request.GET.get("frist", ""))
    return render(request, "visitation/desk.html", {"desk": desk,
                                                    "state": selectors.deadline_state})


def request_create(request):
    if not request.user.has_perm("visitation.register_requests"):
        raise PermissionDenied("Din rolle kan ikke registrere henvendelser.")
    form = forms.RequestForm(request.POST or None, offers=catalogue(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            citizen, new, given = None, None, ""
            if data["cpr"]:
                citizen = citizen_by_cpr_to_link(request.user, data["cpr"])
                if citizen is None and request.user.has_perm("accounts.manage_citizens"):
                    new = {"cpr": data["cpr"], "first_name": data["first_name"], "last_name": data["last_name"]}
                elif citizen is None:  # to the caseworkers as told, whether or not anyone has the number
                    given = data["cpr"]
            req = services.register_request(
                actor=request.user, source=data["source"], asks_for=data["asks_for"], received_on=data["received_on"],
                urgency=data["urgency"], citizen=citizen, new_citizen=new, anonymous_label=data["anonymous_label"],
                requester_name=data["requester_name"], offer_wanted=data["offer_wanted"], cpr_given=given,
                name_given=" ".join(filter(None, [data["first_name"].strip(), data["last_name"].strip()])))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Henvendelsen er registreret.")
            if req.citizen is not None and not request.user.has_perm("citizens.view_citizen", req.citizen):
                return redirect("home")  # registered for a citizen outside the user's need to know
            return redirect("request_detail", request_id=req.pk)
    return render(request, "visitation/request_form.html", {"form": form})


def request_detail(request, request_id: int):
    req = selectors.request_view(request.user, request_id)
    first, _, last = req.name_given.rpartition(" ")  # as the person told it: the last word is the last name
    identify = forms.IdentifyForm(request.POST or None, initial={
        "version": req.version, "cpr": req.cpr_given, "first_name": first, "last_name": last}) \
        if req.citizen_id is None and request.user.has_perm("visitation.register_requests") else None
    if request.method == "POST" and identify is not None and identify.is_valid():
        try:
            done = services.identify_request_citizen(actor=request.user, request=req, **identify.cleaned_data)
        except ValidationError as exc:
            add_service_errors(identify, exc)
        else:
            messages.success(request, "Borgeren er knyttet til henvendelsen." if done.citizen_id else
                             "CPR-nummeret er gemt på henvendelsen. En sagsbehandler knytter borgeren til.")
            return redirect("request_detail", request_id=req.pk)
    return render(request, "visitation/request_detail.html", {"req": req, "today": timezone.localdate(),
                                                              "identify": identify,
                                                              "suggestions": youth.request_suggestions(req),
                                                              "age": req.citizen.age(req.received_on)
                                                              if req.citizen_id else None})


def direct_help(request):
    if not request.user.has_perm("visitation.give_direct_help"):
        raise PermissionDenied("Din rolle kan ikke registrere hjælp uden visitation.")
    req = None
    if request.GET.get("henvendelse"):
        if (ref := int_or_none(request.GET["henvendelse"])) is None:
            raise Http404("Henvendelsen findes ikke.")
        req = selectors.request_view(request.user, ref)
    initial = {"anonymous_label": req.anonymous_label if req else "",
               "cpr": req.citizen.cpr if req and req.citizen else ""}
    form = forms.DirectHelpForm(request.POST or None, offers=catalogue(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            citizen = citizen_by_cpr_to_link(request.user, data["cpr"]) if data["cpr"] else None
            # a number the user may not link goes to the caseworkers as told: the same answer whether or not
            # anyone has it (no CPR oracle)
            services.give_direct_help(actor=request.user, offer=data["offer"], given_on=data["given_on"],
                                      minutes=data["minutes"], note=data["note"], citizen=citizen,
                                      anonymous_label=data["anonymous_label"], request=req,
                                      cpr_given=data["cpr"] if citizen is None else "")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Hjælpen er registreret.")
            return redirect("direct_help")
    return render(request, "visitation/direct_help.html",
                  {"form": form, "items": selectors.my_direct_help(request.user), "req": req})


def _caseworkers(user):
    return get_user_model().objects.filter(staff__municipality=principal_of(user).municipality,
                                           groups__permissions__codename="handle_cases").distinct()


def escalate(request, help_id: int):
    help_ = selectors.direct_help_for(request.user, help_id)
    form = forms.EscalateForm(request.POST or None, caseworkers=_caseworkers(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if help_.citizen_id is None and not data["cpr"]:
                raise ValidationError({"cpr": "Borgeren skal identificeres med sit CPR-nummer, før hjælpen kan blive "
                                              "en sag."})
            citizen = citizen_by_cpr_to_link(request.user, data["cpr"]) if data["cpr"] else None
            new = None
            if data["cpr"] and citizen is None:
                new = {"cpr": data["cpr"], "first_name": data["first_name"], "last_name": data["last_name"]}
            if new and request.user.has_perm("accounts.manage_citizens"):  # the citizen is created here
                if not (data["first_name"].strip() and data["last_name"].strip()):
                    raise ValidationError({"first_name": "Borgeren er ikke registreret: skriv borgerens fornavn og "
                                                         "efternavn, så borgeren kan oprettes."})
                new = {"cpr": data["cpr"], "first_name": data["first_name"], "last_name": data["last_name"]}
            result = services.escalate(actor=request.user, direct_help=help_, caseworker=data["caseworker"],
                                       citizen=citizen, new_citizen=new)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if isinstance(result, Case):
                messages.success(request, f"Sag {result.number} er oprettet og sendt til "
                                          f"{result.caseworker.get_full_name()}.")
            else:
                messages.success(request, "Borgeren er ikke registreret endnu. Hjælpen er sendt til sagsbehandlerne "
                                          "som en henvendelse; de opretter borgeren og sagen.")
            return redirect("direct_help")
    return render(request, "visitation/escalate.html", {"form": form, "help": help_})


@require_POST
def case_open(request, citizen_id: int):
    citizen, _ = open_citizen(request.user, citizen_id, what="Ny sag")
    req = None
    ref = request.POST.get("henvendelse", "")
    if ref:
        if int_or_none(ref) is None:
            raise Http404("Henvendelsen findes ikke.")
        req = selectors.request_view(request.user, int(ref))
    form = forms.OpenCaseForm(request.POST)
    back = redirect("request_detail", request_id=req.pk) if req else redirect("citizen", citizen_id=citizen.pk)
    if not form.is_valid():
        messages.error(request, "Sagen er ikke oprettet: " + " ".join(
            str(e) for errors in form.errors.values() for e in errors))
        return back
    try:
        case = services.open_case(actor=request.user, citizen=citizen, request=req,
                                  opened_on=form.cleaned_data["opened_on"], number=form.cleaned_data["number"])
    except ValidationError as exc:
        messages.error(request, "Sagen er ikke oprettet: " + " ".join(exc.messages))
        return back
    messages.success(request, f"Sag {case.number} er oprettet.")
    return redirect("case_detail", case_id=case.pk)


def case_detail(request, case_id: int):
    view = selectors.case_view(request.user, case_id)
    case = view.case
    _gate_post(request, case.citizen)
    wishes = forms.WishesForm(request.POST if request.POST.get("form") == "wishes" else None,
                              initial={"version": case.version, "citizen_wishes": case.citizen_wishes,
                                       "needs": case.needs})
    # a reader whose role holds no offer catalogue (the archivist) sees the case without the request form's offers
    offers = (catalogue(request.user) if request.user.has_perm("accounts.view_offer_catalogue")
              else Offer.objects.none())
    offer_form = forms.RequestOfferForm(request.POST if request.POST.get("form") == "offer" else None,
                                        offers=offers,
                                        initial={"requested_on": case.request.received_on} if case.request else None)
    groups = forms.TargetGroupsForm(request.POST if request.POST.get("form") == "groups" else None,
                                    initial={"version": case.version, "primary": case.primary_target_group,
                                             "others": case.target_groups})
    note = forms.CaseNoteForm(request.POST if request.POST.get("form") == "note" else None, prefix="note")
    status = forms.CaseStatusForm(request.POST if request.POST.get("form") == "status" else None, prefix="status",
                                  initial={"version": case.version})
    if request.method == "POST":
        try:
            if request.POST.get("form") == "note" and note.is_valid():
                services.write_case_note(actor=request.user, case=case, **note.cleaned_data)
                messages.success(request, "Sagsnotatet er gemt.")
                return redirect("case_detail", case_id=case.pk)
            if request.POST.get("form") == "status" and status.is_valid():
                change = services.close_case if case.status == case.Status.OPEN else services.reopen_case
                change(actor=request.user, case=case, **status.cleaned_data)
                messages.success(request, "Sagen er lukket." if change == services.close_case else "Sagen er genåbnet.")
                return redirect("case_detail", case_id=case.pk)
            if request.POST.get("form") == "wishes" and wishes.is_valid():
                services.record_wishes_and_needs(actor=request.user, case=case, version=wishes.cleaned_data["version"],
                                                 citizen_wishes=wishes.cleaned_data["citizen_wishes"],
                                                 needs=wishes.cleaned_data["needs"])
                messages.success(request, "Borgerens ønsker og behov er gemt.")
                return redirect("case_detail", case_id=case.pk)
            if request.POST.get("form") == "offer" and offer_form.is_valid():
                decision = services.request_offer(actor=request.user, case=case, offer=offer_form.cleaned_data["offer"],
                                                  requested_on=offer_form.cleaned_data["requested_on"])
                return redirect("decision_detail", decision_id=decision.pk)
            if request.POST.get("form") == "groups" and groups.is_valid():
                services.record_target_groups(actor=request.user, case=case, version=groups.cleaned_data["version"],
                                              primary=groups.cleaned_data["primary"],
                                              others=groups.cleaned_data["others"])
                messages.success(request, "Målgrupperne er gemt.")
                return redirect("case_detail", case_id=case.pk)
        except ValidationError as exc:
            bound = {"wishes": wishes, "offer": offer_form, "groups": groups, "note": note,
                     "status": status}.get(request.POST.get("form"), wishes)
            add_service_errors(bound, exc)
    return render(request, "visitation/case.html", {"v": view, "case": case, "wishes": wishes,
                                                    "offer_form": offer_form, "groups": groups, "note": note,
                                                    "status": status,
                                                    "can_write": _can_write(request.user, case.citizen)})


def case_note_correct(request, note_id: int):
    note = selectors.case_note_for_work(request.user, note_id)
    form = forms.CaseNoteCorrectionForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_case_note(actor=request.user, note=note, text=form.cleaned_data["text"],
                                       reason=form.cleaned_data["correction_reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Rettelsen af sagsnotatet er gemt; den tidligere version kan stadig læses.")
            return redirect("case_detail", case_id=note.case_id)
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": note.citizen, "title": "Ret sagsnotat", "button": "Gem rettelsen",
        "back": reverse("case_detail", args=[note.case_id]),
        "lead": f"Notatet fra {date_format(note.written_on)} rettes. Den tidligere version bevares og kan læses."})


def assessment_create(request, case_id: int):
    view = selectors.case_view(request.user, case_id)
    _gate_post(request, view.case.citizen)
    more = "more" in request.POST
    form = forms.AssessmentForm(request.POST or None)
    formset = forms.condition_formset(request.POST or None, more=more)
    if more:  # more rows asked for: the form again with what was typed, nothing saved
        form = forms.AssessmentForm(initial={k: request.POST.get(k, "") for k in ("assessed_on", "support_need",
                                                                                  "summary")})
        return render(request, "visitation/assessment_form.html", {"form": form, "formset": formset,
                                                                     "case": view.case, "more": True})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        scores = [f.cleaned_data for f in formset if f.cleaned_data.get("condition")]
        try:
            services.record_assessment(actor=request.user, case=view.case, scores=scores, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Udredningen er gemt.")
            return redirect("case_detail", case_id=view.case.pk)
    return render(request, "visitation/assessment_form.html", {"form": form, "formset": formset, "case": view.case})


def _decision_action(user, d, action: str, data: dict, proposal) -> str:
    """Run the page's action; returns the message that says what was done."""
    if action == "order":
        services.order(actor=user, decision=d, **data)
        return "Indsatsen er bestilt hos udføreren."
    if action == "activate":
        services.activate_grant(actor=user, decision=d, **data)
        return "Indsatsen er sat i gang."
    if action == "grant":
        services.grant(actor=user, decision=d, **data)
        return "Bevillingen er gemt. Sæt indsatsmål, og send afgørelsesbrevet."
    if action == "refuse":
        services.refuse(actor=user, decision=d, **data)
        return "Afslaget er gemt. Send afgørelsesbrevet."
    if action == "letter":
        services.send_decision_letter(actor=user, decision=d, **data)
        return "Afgørelsesbrevet er sendt og gemt på sagen."
    if action == "end":
        services.decide_end(actor=user, decision=d, **data)
        return "Afslutningen er afgjort, og brevet til borgeren er gemt på sagen."
    if action == "refuse_end" and proposal is not None:
        services.refuse_end(actor=user, proposal=proposal, version=data["proposal_version"], answer=data["answer"])
        return "Forslaget om afslutning er afvist; indsatsen fortsætter."
    if action == "cancel":
        services.cancel(actor=user, decision=d, reason=data["reason"], on=data["on"])
        return "Afgørelsen er annulleret."
    if action == "notice":
        services.send_deadline_notice(actor=user, decision=d, **data)
        return "Brevet om sagsbehandlingstiden er sendt og gemt på sagen."
    if action == "services":
        services.change_services(actor=user, decision=d, **data)
        return "Ændringen af ydelserne er gemt."
    if action == "follow_up":
        services.follow_up_effort(actor=user, decision=d, **data)
        return "Opfølgningen på indsatsen er gemt."
    raise ValidationError("Ukendt handling.")


def decision_detail(request, decision_id: int):
    d = selectors.decision_view(request.user, decision_id)
    _gate_post(request, d.citizen)
    action = request.POST.get("action", "")
    post = request.POST or None

    def bound_if(name, form_class, **kwargs):  # each form its prefix: the page holds several, ids stay unique
        return form_class(post if action == name else None, prefix=name, **kwargs)

    proposal = next((p for p in d.end_proposals.all() if p.status == EndProposal.Status.PROPOSED), None)
    f = {
        "grant": bound_if("grant", forms.GrantForm, offer=d.offer,
                          initial={"version": d.version, "hours_per_week": d.hours_per_week, "goals": d.goals,
                                   "services": d.services or d.offer.grant_services}),
        "refuse": bound_if("refuse", forms.RefuseForm, initial={"version": d.version}),
        "order": bound_if("order", forms.OrderForm),
        "activate": bound_if("activate", forms.StartedForm),
        "letter": bound_if("letter", forms.LetterForm),
        "end": bound_if("end", forms.EndDecisionForm, initial={"version": d.version, **(
            {"on": proposal.end_on} if proposal and proposal.end_on <= timezone.localdate() else {})}),
        "refuse_end": bound_if("refuse_end", forms.RefuseEndForm,
                               initial={"proposal_version": proposal.version if proposal else 0}),
        "cancel": bound_if("cancel", forms.ReasonForm),
        "notice": bound_if("notice", forms.DeadlineNoticeForm),
        "services": bound_if("services", forms.ServiceChangeForm, initial={"version": d.version,
                                                                           "services": d.services}),
        "follow_up": bound_if("follow_up", forms.EffortFollowUpForm),
    }
    bound = f.get(action)
    status = 200
    if request.method == "POST" and (bound is None or (action == "refuse_end" and proposal is None)):
        # a made-up action (or one this decision has nothing for) is refused, never answered "saved"
        messages.error(request, UNKNOWN_ACTION)
        bound, status = None, 400
    elif request.method == "POST" and bound is not None and bound.is_valid():
        try:
            done = _decision_action(request.user, d, action, bound.cleaned_data, proposal)
        except ValidationError as exc:
            add_service_errors(bound, exc)
        else:
            messages.success(request, done)
            return redirect("decision_detail", decision_id=d.pk)
    levels = selectors.latest_levels(d.citizen_id, d.municipality_id)
    goals = [(g, levels.get(g.condition)) for g in d.effort_goals.all()]
    capacity = (capacity_for(d.offer, d.municipality)
                if d.status in (S.REQUESTED, S.GRANTED, S.ORDERED, S.ACTIVE) else None)
    return render(request, "visitation/decision.html", {
        "d": d, "f": f, "action": action, "proposal": proposal, "goals": goals, "capacity": capacity,
        "state": selectors.deadline_state(d, timezone.localdate()), "can_write": _can_write(request.user, d.citizen)},
        status=status)


def decision_letter(request, decision_id: int):
    """The decision letter: the one sent last, or — before it is sent — a draft of it."""
    d = selectors.decision_view(request.user, decision_id)
    sent = [letter for letter in d.letters.all() if letter.kind in (Letter.Kind.GRANT, Letter.Kind.REFUSAL)]
    if sent:
        return _pdf_response(sent[-1].html, f"afgoerelse-{d.pk}.pdf")
    try:
        html = letters.decision_letter_html(d, draft=True)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("decision_detail", decision_id=d.pk)
    return _pdf_response(html, f"udkast-afgoerelse-{d.pk}.pdf")


def letter_pdf(request, letter_id: int):
    letter = selectors.letter_view(request.user, letter_id)
    return _pdf_response(letter.html, f"brev-{letter.pk}.pdf")


def _pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(letters.pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def notice_letter(request, notice_id: int):
    notice = get_object_or_404(DeadlineNotice, pk=notice_id, municipality=principal_of(request.user).municipality)
    d = selectors.decision_view(request.user, notice.decision_id)
    sent = next((letter for letter in d.letters.all() if letter.kind == Letter.Kind.DEADLINE
                 and letter.sent_on == notice.sent_on), None)
    return _pdf_response(sent.html if sent else letters.deadline_notice_html(notice), f"fristbrev-{notice.pk}.pdf")


def waitlists(request):
    queues = selectors.waitlists(request.user)
    return render(request, "visitation/waitlists.html", {"queues": queues, "fill": _fill_chart(queues)})


def _fill_chart(queues) -> charts.Chart | None:
    """How full each offer is, from the same capacity figures as the table."""
    if not queues:
        return None
    return charts.fill_bars(key="kapacitet", title="Kapacitet pr. tilbud: brugt af den faste kapacitet",
                            items=[charts.Fill(q.offer.name, q.capacity.used, q.capacity.total, q.capacity.unit)
                                   for q in queues])


def waitlist(request, offer_id: int):
    queue = selectors.waitlist_for(request.user, offer_id)
    if (fmt := request.GET.get("format")) in FORMATS:
        rows = ([e.position, e.citizen.full_name, e.get_priority_display(), e.added_on, e.waited_days,
                 None if e.expected_days is None else round(e.expected_days), e.offered_on] for e in queue.entries)
        return table_response(fmt, f"venteliste-{offer_id}", ["Nr.", "Borger", "Prioritet", "Skrevet op",
                                                              "Ventet (dage)", "Forventet ventetid (dage)",
                                                              "Tilbudt plads"], rows, title="Venteliste")
    return render(request, "visitation/waitlist.html", {"q": queue})


def rules(request):
    return render(request, "visitation/rules.html", {"rules": selectors.routing_rules(request.user)})


def rule_edit(request, rule_id: int | None = None):
    if not request.user.has_perm("visitation.edit_routing_rules"):
        raise PermissionDenied("Din rolle kan ikke ændre visitationsreglerne.")
    profile = principal_of(request.user)
    rule = get_object_or_404(RoutingRule, pk=rule_id, municipality=profile.municipality) if rule_id else None
    initial = {f: getattr(rule, f) for f in ("order", "name", "min_age", "max_age", "needs_all", "needs_any",
                                             "needs_none", "offer", "explanation", "active")} if rule else {}
    form = forms.RoutingRuleForm(request.POST or None, initial=initial, offers=catalogue(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_routing_rule(actor=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Reglen er gemt.")
            return redirect("routing_rules")
    return render(request, "visitation/rule_form.html", {"form": form, "rule": rule})
