
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from tovholder.layout import formats
from tovholder.layout.exports import FORMATS, table_response
from tovholder.layout.forms import add_service_errors

from . import selectors, services
from .forms import (
    AccessLogPurposeForm,
    AccessLogSearchForm,
    BreakGlassForm,
    CitizenForm,
    ConsentForm,
    ContactForm,
    CoordinatorForm,
    DisclosureForm,
    RelativeForm,
    SearchForm,
)
from .models import Consent


def citizen_list(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "query": query, "params": urlencode({"q": query})}
    if query:
        result = selectors.search_citizens(request.user, query, page_number=request.GET.get("side"))
        context.update(page=result.page, outside_scope_id=result.outside_scope_id, message=result.message)
    else:
        show = request.GET.get("vis", "mine")
        show = show if show in selectors.LISTS else "mine"
        context.update(page=selectors.my_citizens(request.user, show=show, page_number=request.GET.get("side")),
                       mine_only=show == "mine", show=show, lists=selectors.LISTS, params=urlencode({"vis": show}))
    template = "citizens/list.html#results" if request.htmx else "citizens/list.html"
    return render(request, template, context)


def citizen_overview(request, citizen_id: int):
    overview = selectors.citizen_overview(request.user, citizen_id)
    return render(request, "citizens/overview.html", {"o": overview, "citizen": overview.citizen})


def break_glass(request, citizen_id: int):
    citizen = selectors.citizen_for_break_glass(request.user, citizen_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(actor=request.user, citizen=citizen, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.warning(request, "Du har åbnet en borger uden for dit arbejdsområde. Opslaget er registreret.")
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("citizen", args=[citizen.pk])
            return redirect(target)
    return render(request, "citizens/break_glass.html",
                  {"form": form, "citizen_id": citizen.pk, "next": request.GET.get("next", "")})


PURPOSE = "adgangslog_formaal"  # the purpose given in the access-log search, kept in the session (not the URL)


def access_log_search(request):
    if not request.user.has_perm("accounts.view_access_log"):
        raise PermissionDenied("Din rolle giver ikke adgang til adgangsloggen.")
    form = AccessLogSearchForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        try:
            found = selectors.search_for_access_log(request.user, form.cleaned_data["q"],
                                                    reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[PURPOSE] = {str(c.pk): form.cleaned_data["reason"] for c in found}
    return render(request, "citizens/access_log_search.html", {"form": form, "found": found})


def access_log(request, citizen_id: int):
    if not request.user.has_perm("accounts.view_access_log"):
        raise PermissionDenied("Din rolle giver ikke adgang til adgangsloggen.")
    form = AccessLogPurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():  # the purpose, for a citizen outside need to know
        request.session[PURPOSE] = {**request.session.get(PURPOSE, {}), str(citizen_id): form.cleaned_data["reason"]}
        return redirect("citizen_access_log", citizen_id=citizen_id)
    purpose = request.session.get(PURPOSE, {}).get(str(citizen_id), "") if request.method == "GET" else ""
    try:
        citizen, events = selectors.access_log(request.user, citizen_id, reason=purpose)
    except selectors.PurposeRequired:  # nothing of the citizen shown, not even the name
        return render(request, "citizens/access_log_purpose.html", {"form": form, "citizen_id": citizen_id},
                      status=400 if request.method == "POST" else 200)
    if (fmt := request.GET.get("format")) in FORMATS:
        rows = ([e.at, e.actor.get_full_name() or e.actor.username, e.what, e.break_glass, e.reason]
                for e in events.iterator())
        return table_response(fmt, f"adgangslog-{citizen.pk}",
                              ["Tidspunkt", "Medarbejder", "Hvad", "Uden for arbejdsområde", "Begrundelse"], rows,
                              title="Adgangslog")
    page = Paginator(events, 100).get_page(request.GET.get("side"))
    return render(request, "citizens/access_log.html", {"citizen": citizen, "page": page})


def citizen_create(request):
    if not request.user.has_perm("accounts.manage_citizens"):
        raise PermissionDenied("Din rolle kan ikke oprette borgere.")
    form = CitizenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            citizen = services.create_citizen(actor=request.user, **{
                k: form.cleaned_data[k]
                for k in ["cpr", "first_name", "last_name", "phone", "email", "address", "postal_code", "city"]
            })
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{citizen.full_name} er oprettet.")
            return redirect("citizen", citizen_id=citizen.pk)
    return render(request, "citizens/create.html", {"form": form})


def _open_for_edit(request, citizen_id: int, what: str):
    return selectors.open_for_write(request.user, citizen_id, what=what, perm="accounts.manage_citizens")


def contact_edit(request, citizen_id: int):
    citizen = _open_for_edit(request, citizen_id, "Kontaktoplysninger (redigering)")
    form = ContactForm(request.POST or None, instance=citizen, initial={"version": citizen.version})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.CONTACT_FIELDS}
        try:
            services.update_contact(actor=request.user, citizen=citizen, version=form.cleaned_data["version"],
                                    **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Kontaktoplysningerne for {citizen.full_name} er gemt.")
            return redirect("citizen", citizen_id=citizen.pk)
    return render(request, "citizens/contact_edit.html", {"form": form, "citizen": citizen})


def relative_create(request, citizen_id: int):
    citizen = _open_for_edit(request, citizen_id, "Pårørende (registrering)")
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_relative(actor=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['name']} er registreret som pårørende til "
                                      f"{citizen.full_name}.")
            return redirect("citizen", citizen_id=citizen.pk)
    return render(request, "citizens/relative_form.html", {"form": form, "citizen": citizen})


def consent_create(request, citizen_id: int):
    citizen = _open_for_edit(request, citizen_id, "Samtykke (registrering)")
    form = ConsentForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.give_consent(actor=request.user, relative=data["relative"], scope=data["scope"],
                                  given_on=data["given_on"], note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Samtykket for {data['relative'].name} er registreret: "
                                      f"{dict(Consent.Scope.choices)[data['scope']].lower()}, givet "
                                      f"{formats.day(data['given_on'])}.")
            return redirect("citizen", citizen_id=citizen.pk)
    return render(request, "citizens/consent_form.html", {"form": form, "citizen": citizen})


@require_POST
def consent_withdraw(request, citizen_id: int, consent_id: int):
    citizen = _open_for_edit(request, citizen_id, "Samtykke (tilbagetrækning)")
    consent = get_object_or_404(Consent, pk=consent_id, citizen=citizen, municipality=citizen.municipality)
    try:
        services.withdraw_consent(actor=request.user, consent=consent, withdrawn_on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Samtykket er trukket tilbage. Det gamle samtykke er bevaret i historikken.")
    return redirect("citizen", citizen_id=citizen.pk)


def coordinator(request, citizen_id: int):
    page = selectors.coordinator_page(request.user, citizen_id)
    form = CoordinatorForm(request.POST or None, candidates=page.candidates)
    if request.method == "POST":
        if not page.can_change:
            raise PermissionDenied("Din rolle kan ikke udpege tovholder.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_coordinator(actor=request.user, citizen=page.citizen, coordinator=data["coordinator"],
                                         since=data["since"], reason=data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{data['coordinator'].get_full_name()} er tovholder for "
                                          f"{page.citizen.full_name} fra {formats.day(data['since'])}.")
                return redirect("citizen_coordinator", citizen_id=page.citizen.pk)
    return render(request, "citizens/coordinator.html", {"p": page, "citizen": page.citizen, "form": form})


def relative_info(request, citizen_id: int, relative_id: int):
    """What a relative may be told (the citizen's consents) and what they were told; records a disclosure."""
    if request.method == "POST":
        relative = selectors.relative_for_work(request.user, citizen_id, relative_id)  # 403 on a grant
    page = selectors.relative_page(request.user, citizen_id, relative_id)
    form = None
    if page.grant is None and page.allowed:
        form = DisclosureForm(request.POST or None, allowed=[(s.scope, s.label) for s in page.allowed],
                              initial={"told_on": timezone.localdate(), "channel": "phone"})
        if request.method == "POST" and form.is_valid():
            try:
                services.record_disclosure(actor=request.user, relative=relative, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Det er registreret, hvad {page.relative.name} fik at vide.")
                return redirect("relative_info", citizen_id, relative_id)
    return render(request, "citizens/relative_info.html", {"p": page, "citizen": page.citizen, "form": form})
