import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tovholder.activities import services as activities
from tovholder.activities.selectors import occasion_of
from tovholder.layout import charts, formats
from tovholder.layout.forms import add_service_errors
from tovholder.offers.models import Offer
from tovholder.records import StaleEditError, int_or_none
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision

from . import forms, selectors, services


def _initial_or(form_cls, request, initial, **kwargs):
    return form_cls(request.POST or None, initial=initial, **kwargs)


def _stale(request, form, exc):
    add_service_errors(form, exc)
    messages.error(request, exc.messages[0])


# --- the worker's day, hours, calendar -----------------------------------------------------------

def hours(request):
    unit_id = request.GET.get("enhed")
    if unit_id and int_or_none(unit_id) is None:
        raise Http404("Enheden findes ikke.")
    unit_id = int_or_none(unit_id)
    report = selectors.hours_report(request.user, unit_id=unit_id)
    return render(request, "support/hours.html", {"r": report, "chart": _chart(report.weeks)})


def _chart(weeks) -> charts.Chart | None:
    """Granted (outline) and delivered (filled) hours per week, from the rows of the table."""
    if not weeks:
        return None
    return charts.bars(key="timer", title="Bevilgede og leverede timer pr. uge", category_label="Uge fra",
                       categories=[charts.day(w.week) for w in weeks],
                       series=[charts.Series("Bevilget", [w.granted for w in weeks]),
                               charts.Series("Leveret", [w.delivered for w in weeks])])


# --- the intake of orders ------------------------------------------------------------------------

def intake(request):
    return render(request, "support/intake.html", {"i": selectors.intake(request.user)})


def order(request, order_id: int):
    view = selectors.order_view(request.user, order_id)
    o = view.order
    action = request.POST.get("action", "")
    accept = forms.AcceptOrderForm(request.POST if action == "accept" else None, unit=o.unit,
                                   suggestions=view.suggestions, initial={"version": o.version})
    decline = forms.DeclineOrderForm(request.POST if action == "decline" else None, initial={"version": o.version})
    if request.method == "POST":
        if not view.can_answer:
            raise PermissionDenied("Bestillingen kan ikke besvares af dig.")
        bound = accept if action == "accept" else decline
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                if action == "accept":
                    visitation.accept_order(actor=request.user, order=o, version=data["version"],
                                            contact_person=data["contact_person"], accepted_on=data["accepted_on"])
                    messages.success(request, f"Bestillingen er modtaget. {data['contact_person'].get_full_name()} "
                                              f"er kontaktperson for {o.citizen.full_name}.")
                else:
                    visitation.decline_order(actor=request.user, order=o, version=data["version"],
                                             reason=data["reason"])
                    messages.success(request, "Bestillingen er afvist og sendt tilbage til sagsbehandleren.")
            except StaleEditError as exc:
                _stale(request, bound, exc)
            except ValidationError as exc:
                add_service_errors(bound, exc)
            else:
                return redirect("intake")
    return render(request, "support/order.html", {"v": view, "o": o, "accept": accept, "decline": decline,
                                                  "citizen": o.citizen})


# --- a citizen's support -------------------------------------------------------------------------

def citizen_support(request, citizen_id: int):
    overview = selectors.citizen_support(request.user, citizen_id)
    return render(request, "support/citizen.html", {"s": overview, "citizen": overview.citizen})


def episode_start(request, citizen_id: int):
    citizen = selectors.open_for_work(request.user, citizen_id, what="Forløb (start)")
    offers = Offer.objects.available_to(citizen.municipality).filter(requires_visitation=False, active=True)
    decisions = selectors.usable_decisions(citizen)
    initial = {}
    chosen = request.GET.get("bevilling", "")
    if int_or_none(chosen) is not None and decisions.filter(pk=int(chosen)).exists():  # started from an accepted order
        decision = decisions.get(pk=int(chosen))
        accepted = decision.orders.filter(status="accepted").order_by("-pk").first()
        initial = {"decision": decision.pk, "hours_per_week": decision.hours_per_week,
                   "started_on": accepted.answered_on if accepted else None,
                   "worker": accepted.contact_person_id if accepted else request.user.pk}
    form = forms.EpisodeStartForm(request.POST or None, decisions=decisions, offers=offers, user=request.user,
                                  initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = data["decision"]
        try:
            episode = services.start_episode(
                actor=request.user, citizen=citizen, offer=decision.offer if decision else data["offer"],
                decision=decision, started_on=data["started_on"], mode=data["mode"],
                hours_per_week=data["hours_per_week"], worker=data["worker"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Forløbet er startet. Hold første møde og skriv forventningsafstemningen.")
            return redirect("episode", citizen_id=citizen.pk, episode_id=episode.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": citizen, "title": "Start forløb", "button": "Start forløbet",
        "back": reverse("citizen_support", args=[citizen.pk]),
        "lead": "Et forløb starter fra en bevilling eller fra hjælp uden visitation. Hold derefter første møde "
                "og skriv forventningsafstemningen."})


def episode(request, citizen_id: int, episode_id: int):
    view = selectors.episode_detail(request.user, citizen_id, episode_id)
    e = view.episode
    can_work = request.user.has_perm("support.work_with_citizen", e.citizen)
    return render(request, "support/episode.html", {"v": view, "e": e, "citizen": e.citizen, "can_work": can_work,
                                                    "timeline": _intensity_chart(view)})


def _intensity_chart(view) -> charts.Chart | None:
    """The agreed intensity over the episode: each change holds until the next (pauses grey)."""
    changes = view.changes
    if not changes:
        return None
    end = view.episode.ended_on or max(timezone.localdate(), changes[-1].starts_on)
    periods = [charts.Step(c.starts_on, changes[i + 1].starts_on if i + 1 < len(changes) else end,
                           c.hours_per_week, "Pause" if c.mode == "paused" else "")
               for i, c in enumerate(changes)]
    return charts.steps(key="intensitet", title="Aftalt intensitet over forløbet", periods=periods,
                        value_label="Timer pr. uge")


def first_meeting(request, citizen_id: int, episode_id: int):
    e = selectors.episode_for_work(request.user, citizen_id, episode_id, what="Forløb (første møde)")
    form = _initial_or(forms.FirstMeetingForm, request, {"version": e.version, "met_on": e.first_meeting_on
                                                         or timezone.localdate(), "expectations": e.expectations})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_first_meeting(actor=request.user, episode=e, **form.cleaned_data)
        except StaleEditError as exc:
            _stale(request, form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Første møde og forventningsafstemningen er gemt.")
            return redirect("episode", citizen_id=citizen_id, episode_id=e.pk)
    return render(request, "layout/form_page.html", {"form": form, "citizen": e.citizen, "title": "Første møde",
                                                 "button": "Gem", "back": reverse("episode", args=[citizen_id, e.pk])})


def intensity(request, citizen_id: int, episode_id: int):
    e = selectors.episode_for_work(request.user, citizen_id, episode_id, what="Forløb (intensitet)")
    form = _initial_or(forms.IntensityForm, request, {"version": e.version, "starts_on": timezone.localdate(),
                                                      "mode": e.mode, "hours_per_week": e.hours_per_week})
    beyond = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_intensity(actor=request.user, episode=e, version=data["version"],
                                      starts_on=data["starts_on"], mode=data["mode"],
                                      hours_per_week=data["hours_per_week"], reason=data["reason"])
        except services.BeyondScopeError as exc:
            beyond = True
            if data["request_decision"] and e.decision_id:
                try:
                    services.request_more_hours(actor=request.user, episode=e, hours_per_week=data["hours_per_week"],
                                                reason=data["reason"])
                except ValidationError as exc2:
                    add_service_errors(form, exc2)
                else:
                    messages.success(request, "Sagsbehandleren er bedt om en ny afgørelse. Intensiteten er "
                                              "uændret, indtil afgørelsen foreligger.")
                    return redirect("episode", citizen_id=citizen_id, episode_id=e.pk)
            else:
                add_service_errors(form, exc)
        except StaleEditError as exc:
            _stale(request, form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Intensiteten er ændret.")
            return redirect("episode", citizen_id=citizen_id, episode_id=e.pk)
    if not (beyond and e.decision_id):
        form.fields.pop("request_decision")
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": e.citizen, "title": f"Ændr intensitet – {e.offer.name}", "button": "Gem ændringen",
        "back": reverse("episode", args=[citizen_id, e.pk]),
        "lead": (f"Bevilget: {formats.hours(e.decision.hours_per_week)} timer pr. uge." if e.decision_id and
                 e.decision.hours_per_week else "Forløbet er uden bevilling; ændringer holdes inden for tilbuddet.")})


def episode_end(request, citizen_id: int, episode_id: int):
    """The provider's end: under a running grant a proposal to the caseworker, otherwise the end itself."""
    e = selectors.episode_for_work(request.user, citizen_id, episode_id, what="Forløb (afslutning)")
    proposing = e.decision_id is not None and e.decision.status == Decision.Status.ACTIVE
    pending = selectors.pending_end_proposal(e) if proposing else None
    form = _initial_or(forms.EndEpisodeForm, request, {"version": e.version})
    if e.klippekort_id:
        form.fields.pop("klippekort_hours")
        form.fields.pop("klippekort_valid_until")
    if proposing:
        form.fields["ended_on"].label = "Foreslået slutdato"
    if request.method == "POST" and pending is None and form.is_valid():
        data = form.cleaned_data
        write = services.propose_end if proposing else services.end_episode
        try:
            write(actor=request.user, episode=e, version=data["version"], ended_on=data["ended_on"],
                  reason=data["reason"], note=data["note"], klippekort_hours=data.get("klippekort_hours"),
                  klippekort_valid_until=data.get("klippekort_valid_until"))
        except StaleEditError as exc:
            _stale(request, form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Forslaget om afslutning er sendt til sagsbehandleren." if proposing
                             else "Forløbet er afsluttet.")
            return redirect("episode", citizen_id=citizen_id, episode_id=e.pk)
    if pending is not None:
        lead = (f"Afslutning pr. {date_format(pending.end_on)} er foreslået {date_format(pending.registered_at)} "
                f"og venter på sagsbehandlerens afgørelse ({pending.reason}).")
        return render(request, "layout/form_page.html", {
            "citizen": e.citizen, "title": f"Afslut forløb – {e.offer.name}", "lead": lead,
            "back": reverse("episode", args=[citizen_id, e.pk])})
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": e.citizen,
        "title": f"{'Foreslå afslutning' if proposing else 'Afslut forløb'} – {e.offer.name}",
        "button": "Send forslaget til sagsbehandleren" if proposing else "Afslut forløbet",
        "lead": ("Forløbet hører under en bevilling. Sagsbehandleren træffer afgørelsen om at afslutte og sender "
                 "brevet til borgeren; indtil da fortsætter støtten." if proposing else ""),
        "back": reverse("episode", args=[citizen_id, e.pk])})


def klippekort_return(request, citizen_id: int, card_id: int):
    card = selectors.klippekort_for_work(request.user, citizen_id, card_id)
    form = forms.KlippekortReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.return_on_klippekort(actor=request.user, klippekort=card,
                                                    hours_per_week=form.cleaned_data["hours_per_week"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Borgeren er tilbage på klippekortet – et nyt forløb er startet.")
            return redirect("episode", citizen_id=citizen_id, episode_id=episode.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": card.citizen, "title": "Tilbage på klippekort",
        "button": "Start forløb på klippekortet",
        "back": reverse("citizen_support", args=[citizen_id]),
        "lead": f"Klippekortet gælder til og med {formats.day(card.valid_until)}."})


# --- appointments --------------------------------------------------------------------------------

def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def appointment_add(request, citizen_id: int):
    citizen = selectors.open_for_work(request.user, citizen_id, what="Aftale (ny)")
    form = forms.AppointmentForm(request.POST or None, user=request.user)
    overlap = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.plan_appointments(
                actor=request.user, citizen=citizen, starts_at=_at(data["day"], data["time"]), minutes=data["minutes"],
                kind=data["kind"], place=data["place"], worker=data["worker"], repeat_weeks=data["repeat_weeks"],
                every_weeks=data["every_weeks"], allow_overlap=data["allow_overlap"])
        except activities.OverlapWarning as exc:
            overlap = True
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Aftalen er planlagt." if len(made) == 1 else f"{len(made)} aftaler er planlagt.")
            return redirect("citizen_support", citizen_id=citizen_id)
    if not overlap:
        form.fields.pop("allow_overlap")
    return render(request, "layout/form_page.html", {"form": form, "citizen": citizen, "title": "Planlæg aftale",
                                                 "button": "Planlæg", "back": reverse("citizen_support",
                                                                                      args=[citizen_id])})


def _occasion_for_work(request, citizen_id: int, occasion_id: int, what: str):
    citizen = selectors.open_for_work(request.user, citizen_id, what=what)
    return citizen, occasion_of(citizen, occasion_id)


def appointment_move(request, citizen_id: int, occasion_id: int):
    citizen, o = _occasion_for_work(request, citizen_id, occasion_id, "Aftale (flyt)")
    local = timezone.localtime(o.starts_at)
    form = _initial_or(forms.MoveAppointmentForm, request, {"version": o.version, "day": local.date(),
                                                            "time": local.time(), "minutes": o.minutes,
                                                            "place": o.place})
    overlap = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activities.move_occasion(actor=request.user, occasion=o, version=data["version"],
                                     starts_at=_at(data["day"], data["time"]), minutes=data["minutes"],
                                     place=data["place"], allow_overlap=data["allow_overlap"])
        except activities.OverlapWarning as exc:
            overlap = True
            form.add_error(None, exc.messages)
        except StaleEditError as exc:
            _stale(request, form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Aftalen er flyttet.")
            return redirect("citizen_support", citizen_id=citizen_id)
    if not overlap:
        form.fields.pop("allow_overlap")
    return render(request, "layout/form_page.html", {"form": form, "citizen": citizen, "title": "Flyt aftale",
                                                     "button": "Flyt", "back": reverse("citizen_support",
                                                                                       args=[citizen_id])})


def appointment_cancel(request, citizen_id: int, occasion_id: int):
    citizen, o = _occasion_for_work(request, citizen_id, occasion_id, "Aftale (aflys)")
    form = _initial_or(forms.CancelAppointmentForm, request, {"version": o.version})
    if request.method == "POST" and form.is_valid():
        try:
            activities.cancel_occasion(actor=request.user, occasion=o, **form.cleaned_data)
        except StaleEditError as exc:
            _stale(request, form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Aftalen er aflyst.")
            return redirect("citizen_support", citizen_id=citizen_id)
    return render(request, "layout/form_page.html", {"form": form, "citizen": citizen, "title": "Aflys aftale",
                                                     "button": "Aflys aftalen", "back": reverse("citizen_support",
                                                                                                args=[citizen_id])})


# --- externally bought cases and taking them home --------------------------------------------------

def home_taking(request):
    units = selectors.lead_units(request.user)
    overview = selectors.home_taking(request.user)
    form = forms.PlacementForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen = selectors.citizen_by_cpr(request.user, data["cpr"])
        if citizen is None:
            form.add_error("cpr", "Der er ingen borger med det CPR-nummer i kommunen. Opret borgeren først.")
        else:
            try:
                placement = services.register_placement(
                    actor=request.user, citizen=citizen, unit=data["unit"], provider=data["provider"],
                    what=data["what"], price=data["price"], price_unit=data["price_unit"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Den eksternt købte sag er registreret. Læg nu en plan for hjemtagningen.")
                return redirect("placement", placement_id=placement.pk)
    return render(request, "support/home_taking.html", {"h": overview, "form": form})


def placement(request, placement_id: int):
    action = request.POST.get("action", "") if request.method == "POST" else ""
    view = selectors.placement_view(request.user, placement_id, write=request.method == "POST")
    p = view.placement
    plan = forms.HomeTakingPlanForm(
        request.POST if action == "plan" else None, offers=selectors.home_offers(p.unit),
        staff=selectors.unit_staff(p.unit),
        initial={"version": p.version, "target_on": p.target_on, "home_offer": p.home_offer_id,
                 "hours_per_week": p.home_hours_per_week, "responsible": p.responsible_id, "note": p.plan_note})
    step = forms.HomeTakingStepForm(request.POST if action == "step" else None)
    home = forms.TakenHomeForm(request.POST if action == "home" else None,
                               initial={"version": p.version, "on": timezone.localdate()})
    if request.method == "POST":
        try:
            if action == "plan" and plan.is_valid():
                d = plan.cleaned_data
                services.plan_home_taking(actor=request.user, placement=p, version=d["version"],
                                          target_on=d["target_on"], home_offer=d["home_offer"],
                                          hours_per_week=d["hours_per_week"], responsible=d["responsible"],
                                          note=d["note"])
                messages.success(request, "Planen for hjemtagningen er gemt.")
                return redirect("placement", placement_id=p.pk)
            if action == "step" and step.is_valid():
                services.add_home_taking_step(actor=request.user, placement=p, **step.cleaned_data)
                messages.success(request, "Trinnet er tilføjet.")
                return redirect("placement", placement_id=p.pk)
            if action == "done":
                done = next((s for s in view.steps if s.pk == int_or_none(request.POST.get("step"))), None)
                if done is None:
                    raise Http404("Trinnet findes ikke.")
                services.complete_home_taking_step(actor=request.user, step=done)
                messages.success(request, "Trinnet er markeret som gjort.")
                return redirect("placement", placement_id=p.pk)
            if action == "home" and home.is_valid():
                services.record_taken_home(actor=request.user, placement=p, **home.cleaned_data)
                messages.success(request, "Sagen er hjemtaget.")
                return redirect("placement", placement_id=p.pk)
            if action not in ("plan", "step", "home"):
                messages.error(request, "Handlingen findes ikke.")
        except StaleEditError as exc:
            _stale(request, {"plan": plan, "home": home}.get(action, plan), exc)
        except ValidationError as exc:
            add_service_errors({"plan": plan, "step": step, "home": home}.get(action, plan), exc)
            if action == "done":
                messages.error(request, exc.messages[0])
    return render(request, "support/placement.html", {"v": view, "p": p, "citizen": p.citizen, "plan": plan,
                                                      "step": step, "home": home})
