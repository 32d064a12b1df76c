from django.urls import path

from . import views

urlpatterns = [
    path("", views.young_people, name="transition_young_people"),
    path("borger/<int:citizen_id>/ny/", views.transition_open, name="transition_open"),
    path("<int:transition_id>/", views.transition, name="transition"),
]
