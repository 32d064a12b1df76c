"""Any page that opens a citizen outside the user's need to know, for a role that may break the
glass, leads to the form that asks for a reason (and back to the page afterwards)."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .selectors import BreakGlassRequired


class BreakGlassMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BreakGlassRequired):
            url = reverse("citizen_break_glass", args=[exception.citizen_id])
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return None
