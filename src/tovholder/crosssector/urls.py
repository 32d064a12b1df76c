from django.urls import path

from . import views

urlpatterns = [
    path("borger/<int:citizen_id>/", views.citizen_stays, name="citizen_stays"),
    path("borger/<int:citizen_id>/samtykke/", views.consent_create, name="partner_consent_create"),
    path("borger/<int:citizen_id>/samtykke/<int:consent_id>/tilbage/", views.consent_withdraw,
         name="partner_consent_withdraw"),
    path("genindlaeggelser/", views.readmissions, name="readmissions"),
    path("indbakke/", views.medcom_inbox, name="medcom_inbox"),
    path("samarbejdspartnere/", views.partner_list, name="partner_list"),
    path("samarbejdspartnere/ny/", views.partner_create, name="partner_create"),
]
