"""The user's own password: changed while logged in, or reset through a link sent by e-mail (Django's views
and forms, under /adgangskode/, with the templates in accounts/templates/accounts/password_*.html). Kept apart
from the login flow (accounts/urls.py). At the project level because the change is audited and accounts and
audit sit on one layer (tests/test_layers.py). Django's token in the link is single-use and lasts
settings.PASSWORD_RESET_TIMEOUT; the reset page never tells whether an address is known."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse_lazy
from django.utils.decorators import method_decorator

from tovholder.accounts.models import StaffProfile
from tovholder.accounts.principals import Actor
from tovholder.audit.events import EventCode
from tovholder.audit.services import record_audit


class Event(EventCode):
    PASSWORD_CHANGED = "password.changed"
    PASSWORD_RESET = "password.reset"


@transaction.atomic
def set_own_password(*, actor: Actor, form: SetPasswordForm | PasswordChangeForm, reset: bool = False) -> None:
    """Save a valid password form for the acting user (never another user's) and record it."""
    assert actor.is_authenticated and form.user.pk == actor.pk and form.is_valid()
    form.save()
    staff = StaffProfile.objects.filter(user=actor).select_related("municipality").first()
    if staff is not None:  # the trail is kept per municipality; a user outside one has none
        record_audit(actor=actor, municipality=staff.municipality, obj=staff,
                     action=Event.PASSWORD_RESET if reset else Event.PASSWORD_CHANGED)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        set_own_password(actor=self.request.user, form=form)
        update_session_auth_hash(self.request, form.user)  # stay logged in here; other sessions end
        messages.success(self.request, "Din adgangskode er skiftet.")
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_done.html"
    extra_context = {"title": "Adgangskoden er skiftet", "text": "Din adgangskode er skiftet."}


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_done.html"
    extra_context = {
        "title": "Tjek din e-mail",
        "text": "Hvis adressen hører til en bruger i Tovholder, har vi sendt en e-mail med et link, hvor du kan "
                "vælge en ny adgangskode. Linket virker i en time og kun én gang. Kommer der ingen e-mail, så "
                "tjek at adressen er den, din arbejdsplads har registreret, eller kontakt din administrator.",
        "login_link": True,
    }


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        set_own_password(actor=form.user, form=form, reset=True)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_done.html"
    extra_context = {"title": "Din nye adgangskode er gemt",
                     "text": "Du kan nu logge ind med din nye adgangskode.", "login_link": True}

urlpatterns = [
    path("", PasswordChangeView.as_view(), name="password_change"),
    path("skiftet/", PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("glemt/", PasswordResetView.as_view(), name="password_reset"),
    path("glemt/sendt/", PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("ny/<uidb64>/<token>/", PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("ny/faerdig/", PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
