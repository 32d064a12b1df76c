from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview_view, name="retention"),
    path("forslag/<int:proposal_id>/", views.proposal_view, name="retention-proposal"),
    path("tilbageholdelse/<int:hold_id>/ophaev/", views.release_view, name="retention-release"),
    path("sletninger/<int:record_id>/", views.record_view, name="retention-record"),
]
