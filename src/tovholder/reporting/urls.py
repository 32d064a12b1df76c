from django.urls import path

from . import views

urlpatterns: list = [
    # FHIR export of one citizen (ADR 0028)
    path("borger/<int:citizen_id>/fhir.json", views.citizen_fhir, name="citizen_fhir"),
]
