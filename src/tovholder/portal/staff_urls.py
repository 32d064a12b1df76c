"""The staff side of Min Tovholder's messages: the citizens' messages to their team, and the answers."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.staff_inbox, name="citizen_messages"),
    path("<int:thread_id>/", views.staff_thread, name="citizen_message"),
]
