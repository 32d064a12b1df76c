from django.urls import path

from . import views

urlpatterns = [
    path("kalender/", views.calendar_settings, name="calendar_settings"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
