from django.urls import path

from . import views

urlpatterns = [
    path("", views.search, name="note_search"),
    path("borger/<int:citizen_id>/", views.citizen_notes, name="citizen_notes"),
    path("borger/<int:citizen_id>/ny/", views.write, name="note_write"),
    path("borger/<int:citizen_id>/ny/aftale/<int:participation_id>/", views.write_for, name="note_write_for"),
    path("borger/<int:citizen_id>/<int:note_id>/", views.note, name="note"),
    path("borger/<int:citizen_id>/<int:note_id>/ret/", views.correct, name="note_correct"),
]
