"""The administrator's pages for API clients: register a client, issue a token (shown once), revoke one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tovholder.accounts.principals import require_perm
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import forms, selectors, services
from .models import Scope


def client_list(request):
    rows = selectors.clients(request.user)
    return render(request, "api/clients.html", {"rows": rows})


def client_create(request):
    principal = require_perm(request.user, services.MANAGE)
    form = forms.ClientForm(request.POST or None, municipality=principal.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.register_client(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{client.name} er registreret. Udsted en nøgle til klienten.")
            return redirect("api_client", client.pk)
    return render(request, "layout/form_page.html", {
        "form": form, "title": "Ny API-klient", "button": "Registrér klienten", "back": "/api/klienter/",
        "lead": "En API-klient er et andet af kommunens systemer, fx jobcentrets. Den handler med en rolle og "
                "ser kun borgerne i sit dataområde; alt, hvad den læser, logges i dens navn."})


def client_detail(request, client_id: int):
    client = selectors.client(request.user, int_or_none(client_id))
    form = forms.TokenForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, shown = services.issue_token(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = forms.TokenForm()
    return render(request, "api/client.html", {
        "client": client, "tokens": selectors.tokens_of(client), "form": form, "shown": shown,
        "scope_labels": dict(Scope.choices)})


@require_POST
def token_revoke(request, client_id: int, token_id: int):
    client = selectors.client(request.user, int_or_none(client_id))
    token = selectors.token_of(client, int_or_none(token_id))
    try:
        services.revoke_token(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Nøglen {token.prefix}… er tilbagekaldt.")
    return redirect("api_client", client.pk)
