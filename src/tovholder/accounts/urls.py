from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/kode/", views.otp_verify_view, name="otp_verify"),
    path("login/kommune/", views.sso_start_view, name="oidc_authentication_init"),
    path("oidc/callback/", views.sso_callback_view, name="oidc_authentication_callback"),
    path("konto/totrinslogin/", views.otp_setup_view, name="otp_setup"),
    path("organisation/", views.organisation_view, name="organisation"),
    path("organisation/brugere/", views.users_view, name="users"),
]
