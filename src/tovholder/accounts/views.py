from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator

from .selectors import organisation, users_and_roles


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def organisation_view(request):
    units = organisation(request.user)
    return render(request, "accounts/organisation.html", {"units": units})


def users_view(request):
    counts, rows, role = users_and_roles(request.user, role=request.GET.get("rolle", ""))
    return render(request, "accounts/users.html", {"counts": counts, "rows": rows, "role": role})
