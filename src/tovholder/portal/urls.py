from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("log-ind/", views.login, name="login"),
    path("log-ind/test/", views.test_login, name="test_login"),
    path("log-ud/", views.logout, name="logout"),
    path("maal/<int:goal_id>/skriv/", views.goal_entry, name="goal_entry"),
    path("log/", views.log, name="log"),
    path("log/eksport/", views.log_export, name="log_export"),
]
