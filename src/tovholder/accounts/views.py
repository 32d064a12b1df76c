from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from mozilla_django_oidc import views as oidc_views

from . import second_factor, sso
from .forms import CodeForm
from .selectors import organisation, users_and_roles


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_label": settings.TOVHOLDER_OIDC_LABEL,
                "sso_enabled": sso.enabled()}

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.session.get(second_factor.SESSION_KEY):
            return redirect(reverse("otp_verify") + "?" + urlencode({"next": self.get_success_url()}))
        return response


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def otp_verify_view(request):
    """The second step of a login: a code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not second_factor.enrolled(user):
        return redirect(reverse("otp_setup") + "?" + urlencode({"next": _next(request)}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", "Koden er forkert eller for gammel. Brug den kode, appen viser nu, "
                                   "eller en af dine gendannelseskoder. Efter en forkert kode skal du vente lidt, "
                                   "før du prøver igen.")
        else:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = second_factor.recovery_codes_left(user)
                messages.warning(request, f"Du har brugt en gendannelseskode. Du har {left} tilbage – lav nye "
                                          "under Totrinslogin, hvis du mangler din telefon.")
            return redirect(_next(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def otp_setup_view(request):
    """Totrinslogin: enrol an authenticator app (QR code and the secret as text), get recovery codes."""
    user = request.user
    if second_factor.enrolled(user):
        if not user.is_verified():
            return redirect(reverse("otp_verify") + "?" + urlencode({"next": request.get_full_path()}))
        if request.method == "POST" and request.POST.get("handling") == "nye-koder":
            codes = second_factor.new_recovery_codes(user)
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": _next(request)})
        if request.method == "POST" and request.POST.get("handling") == "ny-telefon":
            second_factor.forget_devices(user)
            request.session[second_factor.SESSION_KEY] = second_factor.required(user)
            return redirect("otp_setup")
        return render(request, "accounts/otp_status.html", {
            "left": second_factor.recovery_codes_left(user), "required": second_factor.role_requires(user)
            and settings.TOVHOLDER_OTP_REQUIRED})
    form = CodeForm(request.POST or None)
    posted = request.method == "POST" and form.is_valid()
    device = second_factor.pending_device(user, request.session, save=posted)
    if posted:
        if device.verify_token(form.cleaned_data["code"]):
            codes = second_factor.confirm(device, request.session)
            otp_login(request, device)
            request.session[second_factor.SESSION_KEY] = True
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": _next(request),
                                                               "enrolled": True})
        form.add_error("code", "Koden passer ikke. Tjek at telefonens ur er rigtigt, og skriv den kode, "
                               "appen viser nu. Efter en forkert kode skal du vente lidt, før du prøver igen.")
    must = request.session.get(second_factor.SESSION_KEY, False)
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr": second_factor.qr_svg(device), "secret": second_factor.secret_text(device),
        "must": must, "next": _next(request)})


def _sso_only(view_class):
    class View(view_class):
        def dispatch(self, request, *args, **kwargs):
            if not sso.enabled():
                raise Http404("Kommunens login er ikke sat op.")
            return super().dispatch(request, *args, **kwargs)

    return login_not_required(View.as_view())


sso_start_view = _sso_only(oidc_views.OIDCAuthenticationRequestView)
sso_callback_view = _sso_only(oidc_views.OIDCAuthenticationCallbackView)


def organisation_view(request):
    units = organisation(request.user)
    return render(request, "accounts/organisation.html", {"units": units})


def users_view(request):
    counts, rows, role = users_and_roles(request.user, role=request.GET.get("rolle", ""))
    return render(request, "accounts/users.html", {"counts": counts, "rows": rows, "role": role})
