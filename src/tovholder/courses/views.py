from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from tovholder.accounts.principals import principal_of
from tovholder.activities.models import Participation
from tovholder.layout import exports, formats
from tovholder.layout.forms import add_service_errors
from tovholder.offers.models import Offer

from . import forms, selectors, services


def _may_see(request) -> None:
    if not selectors.may_see_courses(request.user):
        raise PermissionDenied("Din rolle giver ikke adgang til gruppeforløb.")


def _coordinator(request) -> None:
    if not request.user.has_perm(services.COORDINATE):
        raise PermissionDenied("Kun forløbskoordinatorer planlægger gruppeforløb.")


def course_list(request):
    _may_see(request)
    return render(request, "courses/list.html", {"courses": selectors.course_rows(request.user)})


def course_new(request):
    _coordinator(request)
    municipality = principal_of(request.user).municipality
    offers = Offer.objects.available_to(municipality).filter(active=True, format="group")
    form = forms.CourseForm(request.POST or None, offers=offers, staff=forms.staff_of(municipality))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            course = services.plan_course(actor=request.user, title=d["title"], topic=d["topic"], offer=d["offer"],
                                          seats=d["seats"], leaders=d["leaders"], audience=d["audience"],
                                          partner=d["partner"], description=d["description"],
                                          open_for_booking=bool(d.get("open_for_booking")))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Forløbet er oprettet. Planlæg nu dets kursusgange.")
            return redirect("course", course.pk)
    return render(request, "layout/form_page.html", {"form": form, "title": "Nyt gruppeforløb",
                                                      "button": "Opret forløbet", "back": reverse("courses")})


def course_detail(request, course_id: int):
    _may_see(request)
    view = selectors.course_view(request.user, course_id)
    course = view.course
    session_form = enrol_form = None
    if view.is_coordinator:
        session_form = forms.SessionForm(request.POST if request.POST.get("action") == "session" else None,
                                         rooms=selectors.rooms(request.user).filter(active=True), prefix="s")
    if request.user.has_perm(services.ENROL) and not view.past:
        citizens, relatives = selectors.enrol_choices(request.user, course)
        enrol_form = forms.EnrolForm(request.POST if request.POST.get("action") == "enrol" else None,
                                     citizens=citizens, relatives=relatives, takes_citizens=course.takes_citizens,
                                     prefix="t")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "session" and session_form is not None:
                if session_form.is_valid():
                    d = session_form.cleaned_data
                    services.add_session(actor=request.user, course=course, day=d["day"], starts=d["starts"],
                                         ends=d["ends"], room=d["room"])
                    messages.success(request, "Kursusgangen er planlagt.")
                    return redirect("course", course.pk)
            elif action == "enrol" and enrol_form is not None:
                chosen = request.POST.get("t-participant", "")
                if not chosen:
                    enrol_form.is_valid()  # shows "required"
                else:
                    enrolment = _enrol(request, course, chosen)
                    if enrolment.status == enrolment.Status.WAITING:
                        messages.warning(request, f"Forløbet er fuldt. {enrolment.who} står nu på ventelisten "
                                                  "og rykker op, når en plads bliver ledig.")
                    else:
                        messages.success(request, f"{enrolment.who} er tilmeldt forløbet.")
                    return redirect("course", course.pk)
            elif action == "move_up":
                moved = services.move_up(actor=request.user, course=course)
                messages.success(request, f"{len(moved)} er rykket op fra ventelisten.")
                return redirect("course", course.pk)
            else:
                raise PermissionDenied("Handlingen findes ikke.")
        except ValidationError as exc:
            form = session_form if action == "session" else enrol_form
            if form is not None:
                add_service_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
    return render(request, "courses/course.html", {"v": view, "c": course, "session_form": session_form,
                                                   "enrol_form": enrol_form})


def _enrol(request, course, value: str):
    """The participant chosen: a citizen of the municipality (or a relative of one); the service's gate
    decides whether the user may enrol them (403 outside need to know)."""
    citizen, relative = selectors.participant(request.user, value)
    return services.enrol(actor=request.user, course=course, citizen=citizen, relative=relative)


def withdraw(request, course_id: int, enrolment_id: int):
    _may_see(request)
    course = selectors.get_course(request.user, course_id)
    enrolment = selectors.enrolment_of(request.user, course, enrolment_id)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.withdraw(actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = f"{enrolment.who} er afmeldt forløbet."
            if moved:
                text += " " + ", ".join(e.who for e in moved) + " er rykket op fra ventelisten."
            messages.success(request, text)
            return redirect("course", course.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "title": f"Afmeld {enrolment.who}", "button": "Afmeld",
        "lead": f"Forløb: {course.title}. Kommende kursusgange aflyses for deltageren; "
                "den første på ventelisten rykker op.", "back": reverse("course", args=[course.pk])})


def attendance(request, course_id: int, session_id: int):
    _may_see(request)
    course = selectors.get_course(request.user, course_id)
    view = selectors.session_view(request.user, course, session_id)
    error = ""
    if request.method == "POST":
        shown = {seat.pk for seat in view.seats}
        statuses = {}
        for key, value in request.POST.items():
            if key.startswith("seat-") and value:
                seat_id = int(key[5:]) if key[5:].isdigit() else 0
                if seat_id not in shown:
                    raise PermissionDenied("Deltageren er uden for dit arbejdsområde.")
                statuses[seat_id] = value
        try:
            count = services.record_session(actor=request.user, session=view.session, statuses=statuses)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Fremmødet er registreret ({count} ændret).")
            return redirect("course", course.pk)
    choices = [(s, Participation.Status(s).label) for s in services.STATUSES]
    return render(request, "courses/attendance.html", {"c": course, "v": view, "choices": choices,
                                                       "error": error})


def evaluation(request, course_id: int, enrolment_id: int):
    _may_see(request)
    course = selectors.get_course(request.user, course_id)
    enrolment = selectors.enrolment_of(request.user, course, enrolment_id)
    initial = {"version": enrolment.version, "useful": enrolment.eval_useful, "group": enrolment.eval_group,
               "use": enrolment.eval_use, "text": enrolment.eval_text}
    form = forms.EvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.evaluate(actor=request.user, enrolment=enrolment, useful=d["useful"], group=d["group"],
                              use=d["use"], text=d["text"], version=d["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Evalueringen er gemt.")
            return redirect("course", course.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "title": f"Evaluering: {enrolment.who}", "button": "Gem evalueringen",
        "lead": f"Forløb: {course.title}. Udfyldes sammen med deltageren ved forløbets afslutning.",
        "back": reverse("course", args=[course.pk])})


def room_list(request):
    _may_see(request)
    form = None
    if request.user.has_perm(services.COORDINATE):
        form = forms.RoomForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                room = services.create_room(actor=request.user, name=d["name"], address=d["address"],
                                            capacity=d["capacity"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Lokalet {room.name} er oprettet.")
                return redirect("rooms")
    elif request.method == "POST":
        raise PermissionDenied("Kun forløbskoordinatorer opretter lokaler.")
    return render(request, "courses/rooms.html", {"rooms": selectors.rooms(request.user), "form": form})


HEADER = ["Periode", "Mål (forløb)", "Holdt", "I gang", "Planlagt", "Pladser", "Tilmeldte", "Pladser fyldt (%)",
          "Fremmøde (%)", "Gennemført (%)", "Pårørende", "Evalueringer"]


def figures(request):
    if not request.user.has_perm("courses.view_course_figures"):
        raise PermissionDenied("Din rolle giver ikke adgang til gruppeforløbenes tal.")
    rows = selectors.target_figures(request.user)
    form = None
    if request.user.has_perm(services.COORDINATE):
        form = forms.TargetForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.set_target(actor=request.user, first_year=d["first_year"], last_year=d["last_year"],
                                    courses=d["courses"], source=d["source"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Målet er gemt.")
                return redirect("course_figures")
    elif request.method == "POST":
        raise PermissionDenied("Kun forløbskoordinatorer sætter mål.")
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table_response(fmt, "gruppeforloeb-maal", HEADER, [
            [f"{r.target.first_year}–{r.target.last_year}", r.target.courses, r.held, r.running, r.planned, r.seats,
             r.enrolled, r.fill_percent, r.attendance_percent, r.completion_percent, r.relatives, r.evaluations]
            for r in rows], title="Gruppeforløb mod målet")
    return render(request, "courses/figures.html", {"rows": rows, "form": form, "hours": formats.hours})
