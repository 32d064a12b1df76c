"""The citizen's own pages (/min/): thin — parse input, call a selector or a service, render."""

from functools import wraps

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from tovholder.layout import exports, formats
from tovholder.layout.forms import add_service_errors
from tovholder.records import StaleEditError, int_or_none
from tovholder.visitation import letters

from . import calendar, datacopy, forms, saml, selectors, services, shares
from .backends import REFUSAL
from .identity import Assurance, CitizenIdentity
from .login import (
    LARGE_TEXT,
    TOGETHER,
    is_citizen_session,
    is_relative_session,
    keep_together_mode,
    log_in,
    log_in_test_relative,
    shared_screen_response,
    supported_use,
)

STAFF_SESSION = ("Du er logget ind som medarbejder. Min Tovholder er for borgere: log ud som medarbejder først, "
                 "så din og borgerens adgang aldrig blandes.")
REFUSED = {
    "assurance": "Dit login har ikke et højt nok sikringsniveau. Brug MitID med sikringsniveau betydelig eller høj.",
    "unknown": ("Vi kan ikke finde dig i Tovholder. Min Tovholder er for borgere, der får støtte fra "
                "socialpsykiatrien. Kontakt kommunen, hvis du mener, det er en fejl."),
}


def citizen_page(view):
    """A page of Min Tovholder: a citizen's session only (anyone else: the citizen login or 403)."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not is_citizen_session(request):
            raise PermissionDenied(STAFF_SESSION)
        keep_together_mode(request)
        return shared_screen_response(request, view(request, *args, **kwargs))

    return wrapper


def relative_page(view):
    """A relative's page: a relative's session only (anyone else: the login or 403)."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not is_relative_session(request):
            raise PermissionDenied("Siden er for pårørende, som en borger har givet adgang.")
        return view(request, *args, **kwargs)

    return wrapper


def _page(request, template: str, context: dict, status: int = 200):
    principal = services.citizen_principal(request.user)
    context = {"municipality": principal.municipality, "acute": acute_help(), **supported_use(request), **context}
    return render(request, template, context, status=status)


def acute_help() -> dict:
    return {"phone": settings.TOVHOLDER_ACUTE_PSYCHIATRY_PHONE, "label": settings.TOVHOLDER_ACUTE_PSYCHIATRY_LABEL}


@login_not_required
def login(request):
    if request.user.is_authenticated and is_citizen_session(request):
        return redirect("portal:plan")
    if request.user.is_authenticated and is_relative_session(request):
        return redirect("portal:relative_home")
    refusal = request.session.pop("portal_refusal", None)
    context = {
        "staff_session": request.user.is_authenticated,
        "test_login": settings.TOVHOLDER_CITIZEN_TEST_LOGIN,
        "test_citizens": selectors.test_citizens() if settings.TOVHOLDER_CITIZEN_TEST_LOGIN else [],
        "test_relatives": selectors.test_relatives() if settings.TOVHOLDER_CITIZEN_TEST_LOGIN else [],
        "saml": saml.enabled(),
        "next": _safe_next(request.GET.get("next")),
        "refusal": REFUSED.get(refusal or ""),
        "acute": acute_help(),
        **supported_use(request),
    }
    return shared_screen_response(request, render(request, "portal/login.html", context))


def _safe_next(value: str | None) -> str:
    value = value or ""
    return value if value.startswith("/min/") and "//" not in value and "\\" not in value else ""


@login_not_required
@require_POST
def test_login(request):
    """The demo's test login ("Testlogin – kun demo"): a fictitious test citizen, as if MitID had said so.
    Only when TOVHOLDER_CITIZEN_TEST_LOGIN is on (never in production: settings refuse it)."""
    if not settings.TOVHOLDER_CITIZEN_TEST_LOGIN:
        raise Http404("Testlogin er slået fra.")
    if request.user.is_authenticated and not (is_citizen_session(request) or is_relative_session(request)):
        raise PermissionDenied(STAFF_SESSION)
    if "paaroerende" in request.POST:  # a fictitious test relative
        account = selectors.test_relative(int_or_none(request.POST.get("paaroerende")))
        if account is None:
            messages.error(request, "Vælg en af de testpårørende på listen.")
            return redirect("portal:login")
        if log_in_test_relative(request, account) is None:
            raise PermissionDenied("For mange forsøg på at logge ind. Prøv igen om en halv time.")
        return redirect("portal:relative_home")
    citizen = selectors.test_identity_citizen(int_or_none(request.POST.get("konto")))
    if citizen is None:
        messages.error(request, "Vælg en af testborgerne på listen.")
        return redirect("portal:login")
    identity = CitizenIdentity(cpr=citizen.cpr, name=citizen.full_name, assurance=Assurance.SUBSTANTIAL,
                               method="test")
    return finish_login(request, identity, _safe_next(request.POST.get("next")))


def finish_login(request, identity: CitizenIdentity, next_url: str = ""):
    user = log_in(request, identity)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise PermissionDenied("For mange forsøg på at logge ind. Prøv igen om en halv time.")
        request.session["portal_refusal"] = getattr(request, REFUSAL, "unknown")
        return redirect("portal:login")
    keep_together_mode(request)
    if is_relative_session(request):
        return redirect("portal:relative_home")
    return redirect(next_url or "portal:plan")


@login_not_required
@require_POST
def logout(request):
    """Log out; "Log ud og ryd skærmen" (a shared screen) also asks the browser to forget what it kept of the
    pages, and leaves the screen ready for the next citizen, still in the shared-screen mode."""
    together = bool(request.session.get(TOGETHER)) or request.POST.get("ryd") == "1"
    large_text = bool(request.session.get(LARGE_TEXT)) and not together
    auth.logout(request)
    if together:
        request.session[TOGETHER] = True
    if large_text:
        request.session[LARGE_TEXT] = True
    messages.success(request, "Du er logget ud, og skærmen er ryddet." if together
                     else "Du er logget ud af Min Tovholder.")
    response = shared_screen_response(request, redirect("portal:login"))
    if together:
        response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@citizen_page
def plan(request):
    return _plan_page(request, selectors.my_plan(request.user))


def _plan_page(request, my, form=None, form_goal: int | None = None, status: int = 200):
    for card in my.goals:  # one form per goal, each with its own ids
        card.form = form if card.goal.pk == form_goal else forms.GoalEntryForm(auto_id=f"maal{card.goal.pk}_%s")
    return _page(request, "portal/plan.html", {"my": my, "form_goal": form_goal}, status=status)


@citizen_page
@require_POST
def goal_entry(request, goal_id: int):
    form = forms.GoalEntryForm(request.POST, auto_id=f"maal{goal_id}_%s")
    if form.is_valid():
        try:
            entry = services.add_goal_entry(actor=request.user, goal_id=goal_id, kind=form.cleaned_data["kind"],
                                            text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{entry.get_kind_display()} er gemt. Din tovholder kan nu se den.")
            return redirect(reverse("portal:plan") + f"#maal-{goal_id}")
    my = selectors.my_plan(request.user)
    if not any(card.goal.pk == goal_id for card in my.goals):
        raise Http404("Målet findes ikke.")
    return _plan_page(request, my, form, goal_id, status=400)


def _log_query(request) -> tuple[forms.PeriodForm, selectors.LogQuery, bool]:
    form = forms.PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, selectors.LogQuery(d.get("fra"), d.get("til"), bool(d.get("egne"))), True
    return form, selectors.LogQuery(), not form.is_bound


@citizen_page
def log(request):
    form, query, ok = _log_query(request)
    page_number = int_or_none(request.GET.get("side"))
    my = selectors.my_log(request.user, query, page_number=page_number)
    params = request.GET.copy()
    params.pop("side", None)
    return _page(request, "portal/log.html", {"my": my, "form": form, "params": params.urlencode()},
                 status=200 if ok else 400)


@citizen_page
def log_export(request):
    form, query, ok = _log_query(request)
    if not ok:
        messages.error(request, "Perioden er ikke gyldig; ret den og prøv igen.")
        return redirect("portal:log")
    rows = selectors.my_log_export(request.user, query)
    header = ["Tidspunkt", "Hvem (rolle)", "Enhed", "Hvad", "Hvorfor", "Uden for arbejdsområdet"]
    body = ([r.at, r.who, r.unit, r.what, r.why, "Ja" if r.break_glass else "Nej"] for r in rows)
    return exports.table_response("csv", "min-log", header, body, title="Min log")


def _check_in_page(request, form=None, alert_form=None, status: int = 200):
    my = selectors.my_check_ins(request.user)
    form = form or forms.CheckInForm(initial={"day": timezone.localdate()}, auto_id="tjek_%s")
    alert_form = alert_form or forms.CheckInAlertForm(
        initial={"days": (my.alert.days or 0) if my.alert else 0, "version": my.alert.version if my.alert else None},
        auto_id="besked_%s")
    return _page(request, "portal/check_in.html", {"my": my, "form": form, "alert_form": alert_form},
                 status=status)


@citizen_page
def check_in(request):
    if request.method != "POST":
        return _check_in_page(request)
    form = forms.CheckInForm(request.POST, auto_id="tjek_%s")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.check_in(actor=request.user, mood=d["mood"], sleep=d["sleep"], note=d["note"], day=d.get("day"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Tak. Dit tjek-ind er gemt.")
            return redirect(reverse("portal:check_in") + "#udvikling")
    return _check_in_page(request, form=form, status=400)
# ---- Supported use: large text, together with staff on a shared screen ----

def _back(request) -> str:
    return _safe_next(request.POST.get("next")) or reverse("portal:plan")


@login_not_required
@require_POST
def large_text(request):
    """The "Stor tekst" toggle on every portal page: kept in the session, no JavaScript; back to the page."""
    if request.user.is_authenticated and not is_citizen_session(request):
        raise PermissionDenied(STAFF_SESSION)
    request.session[LARGE_TEXT] = request.POST.get("til") == "1"
    return shared_screen_response(request, redirect(_back(request)))


@login_not_required
@require_POST
def together(request):
    """ "Sammen med en medarbejder": the citizen (never a staff session) chooses the shared-screen mode on the
    login page or in the menu — a banner, logout after a short idle time, nothing remembered by the browser."""
    if request.user.is_authenticated and not is_citizen_session(request):
        raise PermissionDenied(STAFF_SESSION)
    on = request.POST.get("til") == "1"
    if on:
        request.session[TOGETHER] = True
        keep_together_mode(request)
    else:
        request.session.pop(TOGETHER, None)
        if request.user.is_authenticated:
            request.session.set_expiry(None)  # back to the ordinary session
    messages.success(request, "Fælles skærm er slået til." if on else "Fælles skærm er slået fra.")
    return shared_screen_response(request, redirect(_back(request)))


# ---- My crisis plan ----

def _crisis_page(request, form=None, status: int = 200):
    my = selectors.my_crisis_plan(request.user)
    form = form or forms.CrisisPlanForm(initial=forms.crisis_plan_initial(my.current),
                                        rows=len(my.current.contacts) + 2 if my.current else 3)
    return _page(request, "portal/crisis_plan.html", {"my": my, "form": form}, status=status)


@citizen_page
def crisis_plan(request):
    if request.method != "POST":
        return _crisis_page(request)
    form = forms.CrisisPlanForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.save_crisis_plan(
                actor=request.user, warning_signs=d["warning_signs"], my_actions=d["my_actions"],
                others_actions=d["others_actions"], contacts=form.contacts(), written_with=d["written_with"],
                based_on=int_or_none(d["based_on"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Din kriseplan er gemt som version {plan.number}. De tidligere versioner "
                                      "kan du stadig se nederst på siden.")
            return redirect("portal:crisis_plan")
    return _crisis_page(request, form, status=400)


@citizen_page
@require_POST
def check_in_alert(request):
    form = forms.CheckInAlertForm(request.POST, auto_id="besked_%s")
    if form.is_valid():
        try:
            alert = services.set_check_in_alert(actor=request.user, days=form.cleaned_data["days"],
                                                version=form.cleaned_data["version"])
        except StaleEditError as exc:  # chosen in another window meanwhile: show the choice as it is now
            form = forms.CheckInAlertForm({"days": exc.current.days or 0, "version": exc.current.version},
                                          auto_id="besked_%s")
            form.is_valid()
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Din tovholder får besked, hvis du ikke har tjekket ind i {alert.days} dage."
                             if alert.days else "Din tovholder får ikke besked om manglende tjek-ind.")
            return redirect(reverse("portal:check_in") + "#besked")
    return _check_in_page(request, alert_form=form, status=400)


@citizen_page
@require_POST
def crisis_plan_share(request):
    share = request.POST.get("del") == "1"
    try:
        services.share_crisis_plan(actor=request.user, shared=share)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Din kriseplan er nu delt med din tovholder." if share
                         else "Din kriseplan er ikke længere delt med din tovholder.")
    return redirect(reverse("portal:crisis_plan") + "#deling")


@citizen_page
def crisis_plan_pdf(request):
    from django.template.loader import render_to_string

    my = selectors.my_crisis_plan(request.user, what="Min kriseplan, PDF (Min Tovholder)")
    if my.current is None:
        messages.error(request, "Du har ikke skrevet en kriseplan endnu.")
        return redirect("portal:crisis_plan")
    html = render_to_string("portal/crisis_plan_pdf.html", {"plan": my.current, "citizen": my.citizen,
                                                             "acute": acute_help()})
    from weasyprint import HTML  # imported here: loading Pango is slow and only the PDF needs it

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="min-kriseplan.pdf"'
    return response


ANSWER_DAYS = settings.TOVHOLDER_PORTAL_ANSWER_DAYS


@citizen_page
def ask_help(request):
    form = forms.HelpForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ask_for_help(actor=request.user, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Tak. Din henvendelse er sendt til kommunen. En sagsbehandler ser den og "
                                          f"kontakter dig, som regel inden for {ANSWER_DAYS} hverdage.")
                return redirect("portal:ask_help")
        status = 400
    _, requests = selectors.my_requests(request.user)
    return _page(request, "portal/ask_help.html", {"form": form, "requests": requests, "days": ANSWER_DAYS},
                 status=status)


@citizen_page
def threads(request):
    form = forms.MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = services.write_message(actor=request.user, subject=form.cleaned_data["subject"],
                                                text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Din besked er sendt. Du får som regel svar inden for {ANSWER_DAYS} "
                                          "hverdage.")
                return redirect("portal:thread", thread.pk)
        status = 400
    return _page(request, "portal/threads.html", {"form": form, "threads": selectors.my_threads(request.user),
                                                  "days": ANSWER_DAYS}, status=status)


@citizen_page
def thread(request, thread_id: int):
    current = selectors.my_thread(request.user, thread_id)
    form = forms.ReplyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_to_thread(actor=request.user, thread_id=current.pk, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Din besked er sendt.")
                return redirect("portal:thread", current.pk)
        status = 400
    return _page(request, "portal/thread.html", {"thread": current, "messages_": selectors.thread_messages(current),
                                                 "form": form, "days": ANSWER_DAYS}, status=status)


@citizen_page
def letters_list(request):
    return _page(request, "portal/letters.html", {"letters": selectors.my_letters(request.user)})


@citizen_page
def letter_pdf(request, letter_id: int):
    letter = selectors.my_letter(request.user, letter_id)
    response = HttpResponse(letters.pdf(letter.html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brev-{letter.pk}.pdf"'
    return response


# ---- the staff side: messages from citizens (/beskeder/) ----

def staff_inbox(request):
    return render(request, "portal/staff_inbox.html", {"threads": selectors.staff_inbox(request.user),
                                                        "days": ANSWER_DAYS})


def staff_thread(request, thread_id: int):
    current = selectors.staff_thread(request.user, thread_id)
    form = forms.AnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_message(actor=request.user, thread=current, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Svaret er sendt. Borgeren ser det i Min Tovholder.")
                return redirect("citizen_message", current.pk)
        status = 400
    return render(request, "portal/staff_thread.html", {
        "thread": current, "messages_": selectors.thread_messages(current), "form": form}, status=status)


# ---- Mine tilmeldinger ----

def _bookings_page(request, error: str = "", status: int = 200):
    return _page(request, "portal/bookings.html", {"my": selectors.my_bookings(request.user), "error": error},
                 status=status)


@citizen_page
def bookings(request):
    return _bookings_page(request)


def _booking_refused(request, exc: Exception):
    """A booking the services refused (full, already booked, begun …): the page again with why, status 400."""
    if isinstance(exc, ValidationError):
        message = " ".join(exc.messages)
    else:
        message = str(exc) or "Du kan ikke tilmelde dig her."
    return _bookings_page(request, message, status=400 if isinstance(exc, ValidationError) else 403)


@citizen_page
@require_POST
def book_course(request, course_id: int):
    course = selectors.bookable_course(request.user, int_or_none(course_id))
    try:
        enrolment = services.book_course(actor=request.user, course=course)
    except (ValidationError, PermissionDenied) as exc:
        return _booking_refused(request, exc)
    if enrolment.status == enrolment.Status.ENROLLED:
        messages.success(request, f"Du er tilmeldt »{course.title}«.")
    else:
        messages.success(request, f"Forløbet »{course.title}« er fuldt. Du står nu på ventelisten og får en plads, "
                                  "når der bliver en ledig.")
    return redirect("portal:bookings")


@citizen_page
@require_POST
def withdraw_course(request, enrolment_id: int):
    enrolment = selectors.my_enrolment(request.user, int_or_none(enrolment_id))
    try:
        services.withdraw_course(actor=request.user, enrolment=enrolment)
    except (ValidationError, PermissionDenied) as exc:
        return _booking_refused(request, exc)
    messages.success(request, f"Du er meldt fra »{enrolment.course.title}«.")
    return redirect("portal:bookings")


@citizen_page
@require_POST
def sign_up(request, activity_id: int, occasion_id: int):
    activity, occasion = selectors.bookable_session(request.user, int_or_none(activity_id), int_or_none(occasion_id))
    try:
        services.sign_up_activity(actor=request.user, activity=activity, occasion=occasion)
    except (ValidationError, PermissionDenied) as exc:
        return _booking_refused(request, exc)
    messages.success(request, f"Du er tilmeldt »{activity.title}« {formats.moment(occasion.starts_at)}.")
    return redirect("portal:bookings")


@citizen_page
@require_POST
def cancel_sign_up(request, participation_id: int):
    activity, participation = selectors.my_sign_up(request.user, int_or_none(participation_id))
    try:
        services.cancel_activity(actor=request.user, activity=activity, participation=participation)
    except (ValidationError, PermissionDenied) as exc:
        return _booking_refused(request, exc)
    messages.success(request, f"Du er meldt fra »{activity.title}« "
                              f"{formats.moment(participation.occasion.starts_at)}.")
    return redirect("portal:bookings")


@citizen_page
def bookings_calendar(request):
    """The citizen's own booked sessions as an .ics file (title, time and place; nobody else's data)."""
    body = calendar.my_ics(selectors.my_calendar(request.user), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-tilmeldinger.ics"'
    return response


LOG_PDF_ROWS = 2000  # a PDF is made in the request: longer logs as CSV (or a shorter period)


@citizen_page
def log_export_pdf(request):
    """Min log as a PDF, for the same filtered period as the page (and the CSV)."""
    form, query, ok = _log_query(request)
    if not ok:
        messages.error(request, "Perioden er ikke gyldig; ret den og prøv igen.")
        return redirect("portal:log")
    principal = services.citizen_principal(request.user)
    rows = selectors.my_log_export(request.user, query)
    html = render_to_string("portal/log_pdf.html", {
        "rows": rows[:LOG_PDF_ROWS], "cut": len(rows) > LOG_PDF_ROWS, "limit": LOG_PDF_ROWS, "query": query,
        "citizen": principal.account.citizen, "municipality": principal.municipality})
    response = HttpResponse(datacopy.pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="min-log.pdf"'
    return response


# ---- A copy of my data (GDPR art. 15) ----

def _copies_context(request, *, log: bool = True) -> dict:
    _, copies = selectors.my_data_copies(request.user, log=log)
    return {"copies": copies, "pending": any(c.pending for c in copies), "keep_days": datacopy.KEEP_DAYS,
            "max_per_day": datacopy.MAX_PER_DAY}


@citizen_page
def data_copy(request):
    return _page(request, "portal/data_copy.html", _copies_context(request))


@citizen_page
def data_copy_status(request):
    """The list of copies alone, polled by the page while a copy is being made (htmx)."""
    return render(request, "portal/data_copy_list.html", _copies_context(request, log=False))


@citizen_page
@require_POST
def data_copy_order(request):
    try:
        services.request_data_copy(actor=request.user)
    except ValidationError as exc:
        return _page(request, "portal/data_copy.html", {**_copies_context(request), "error": " ".join(exc.messages)},
                     status=400)
    messages.success(request, "Din kopi er bestilt. Den er klar om lidt; siden viser, hvor langt den er.")
    return redirect("portal:data_copy")


@citizen_page
def data_copy_download(request, copy_id: int):
    copy = selectors.my_data_copy(request.user, copy_id)
    path = services.download_data_copy(actor=request.user, copy=copy)
    if path is None:
        raise Http404("Kopien kan ikke hentes: den er ikke klar, eller tiden til at hente den er gået.")
    name = f"mine-data-{timezone.localtime(copy.finished_at or copy.created_at):%Y-%m-%d}.zip"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/zip")


# ---- Consents and relatives (the citizen's side) ----

def _relatives_page(request, form=None, status: int = 200):
    my = selectors.my_relatives(request.user)
    form = form or forms.GrantForm(parts=my.shares)
    form.fields["relative"].widget.choices = [("", "Vælg")] + [(c.relative.pk, str(c.relative))
                                                               for c in my.relatives]
    return _page(request, "portal/relatives.html", {"my": my, "form": form}, status=status)


@citizen_page
def relatives(request):
    return _relatives_page(request)


@citizen_page
@require_POST
def consent_withdraw(request, consent_id: int):
    try:
        consent = services.withdraw_own_consent(actor=request.user, consent_id=consent_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Dit samtykke til {consent.relative.name} ({consent.get_scope_display()}) er "
                                  "trukket tilbage. Dit team kan se det.")
    return redirect("portal:relatives")


@citizen_page
@require_POST
def grant_create(request):
    form = forms.GrantForm(request.POST, parts=shares.all_shares())
    if form.is_valid():
        try:
            grant = services.grant_relative_access(actor=request.user,
                                                   relative_id=int_or_none(form.cleaned_data["relative"]),
                                                   parts=form.cleaned_data["parts"], cpr=form.cleaned_data["cpr"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{grant.relative.name} har nu adgang. Når {grant.relative.name} logger ind "
                                      "med MitID, kan vedkommende se det, du har valgt. Du kan se det i Min log.")
            return redirect("portal:relatives")
    form.data = form.data.copy()
    form.data["cpr"] = ""  # never sent back to the browser
    return _relatives_page(request, form, status=400)


@citizen_page
@require_POST
def grant_withdraw(request, grant_id: int):
    try:
        grant = services.withdraw_relative_access(actor=request.user, grant_id=grant_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{grant.relative.name} har ikke længere adgang til Min Tovholder.")
    return redirect("portal:relatives")


# ---- The relative's pages ----

def _relative_page(request, template: str, context: dict):
    principal = selectors.relative_principal(request.user)
    context = {"municipality": principal.municipality, "acute": acute_help(), "relative_session": True, **context}
    return render(request, template, context)


@relative_page
def relative_home(request):
    return _relative_page(request, "portal/relative_home.html", {"grants": selectors.relative_grants(request.user)})


@relative_page
def relative_grant(request, grant_id: int):
    grant, parts = selectors.relative_view(request.user, int_or_none(grant_id))
    drawn = [(p.share, mark_safe(render_to_string(p.share.template, p.context, request=request)))  # noqa: S308
             for p in parts]
    return _relative_page(request, "portal/relative_grant.html", {"grant": grant, "parts": drawn})
