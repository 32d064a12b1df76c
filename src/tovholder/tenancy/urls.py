from django.urls import path

from . import views

app_name = "tenancy"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/tilgaengelighed/", views.accessibility, name="accessibility"),
    path("<str:code>/kontakt/", views.contact, name="contact"),
    path("<str:code>/privatliv/", views.privacy, name="privacy"),
]
