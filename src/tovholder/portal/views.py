"""The citizen's own pages (/min/): thin — parse input, call a selector or a service, render."""

from functools import wraps

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from tovholder.layout import exports
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import forms, saml, selectors, services, shares
from .backends import REFUSAL
from .identity import Assurance, CitizenIdentity
from .login import is_citizen_session, is_relative_session, log_in, log_in_test_relative

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
        return view(request, *args, **kwargs)

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
    context = {"municipality": principal.municipality, "acute": acute_help(), **context}
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
    }
    return render(request, "portal/login.html", context)


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
    if is_relative_session(request):
        return redirect("portal:relative_home")
    return redirect(next_url or "portal:plan")


@login_not_required
@require_POST
def logout(request):
    auth.logout(request)
    messages.success(request, "Du er logget ud af Min Tovholder.")
    return redirect("portal:login")


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
