from functools import wraps

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from . import views
from .endpoints import api


def _unknown(request, rest=""):
    """Any other address under /api/: the API's error shape, never an HTML page."""
    return JsonResponse({"fejl": {"kode": "ikke_fundet", "besked": "Adressen findes ikke i API'et.", "felter": {}}},
                        status=404)


def _json_405(view):
    """A method the address does not take: the API's error shape, not Django's empty HTML answer."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = JsonResponse({"fejl": {"kode": "metode_ikke_tilladt", "besked": "Adressen tager ikke imod "
                                              f"{request.method}. Brug {allowed}.", "felter": {}}}, status=405)
            response["Allow"] = allowed
        return response

    return answer


def _own_login(patterns):
    """The API's addresses authenticate by token, not the login page (LoginRequiredMiddleware)."""
    for pattern in patterns:
        pattern.callback = _json_405(pattern.callback)
        pattern.callback.login_required = False
    return patterns


urlpatterns = [
    path("klienter/", views.client_list, name="api_clients"),
    path("klienter/ny/", views.client_create, name="api_client_create"),
    path("klienter/<str:client_id>/", views.client_detail, name="api_client"),
    path("klienter/<str:client_id>/noegler/<str:token_id>/tilbagekald/", views.token_revoke, name="api_token_revoke"),
    path("", (_own_login(api.urls[0]), api.urls[1], api.urls[2])),
    *_own_login([re_path(r"^(?P<rest>.*)$", csrf_exempt(_unknown))]),
]
