from django.urls import path

from . import views

urlpatterns: list = [
    # FHIR export of one citizen (ADR 0028)
    path("borger/<int:citizen_id>/fhir.json", views.citizen_fhir, name="citizen_fhir"),
]

# KL's daily FFB delivery (ADR 0029)
urlpatterns += [
    path("ffb/", views.ffb_deliveries, name="ffb_deliveries"),
    path("ffb/<str:day>.zip", views.ffb_download, name="ffb_download"),
]
