from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import calendar, selectors, services


def calendar_settings(request):
    if not request.user.has_perm(services.PERM):
        raise PermissionDenied("Din rolle har ingen aftaler.")
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_tokens(actor=request.user)
            messages.success(request, "Kalenderadressen er lukket. Den virker ikke længere.")
            return redirect("calendar_settings")
        token = services.create_calendar_token(actor=request.user)
    active = selectors.calendar_token_for(request.user)
    expired = None if active else selectors.expired_calendar_token_for(request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token])) if token else None
    return render(request, "activities/calendar.html", {"active": active, "expired": expired, "url": url})


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    found = selectors.calendar_feed(token)
    if found is None:
        raise Http404("Kalenderen findes ikke.")
    user, rows = found
    response = HttpResponse(calendar.ics(user, rows, host=request.get_host()),
                            content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
