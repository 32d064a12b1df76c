from django.urls import path

from . import views

urlpatterns = [
    path("", views.citizen_list, name="citizens"),
    path("ny/", views.citizen_create, name="citizen_create"),
    path("adgangslog/", views.access_log_search, name="access_log_search"),
    path("<int:citizen_id>/", views.citizen_overview, name="citizen"),
    path("<int:citizen_id>/adgang/", views.break_glass, name="citizen_break_glass"),
    path("<int:citizen_id>/adgangslog/", views.access_log, name="citizen_access_log"),
    path("<int:citizen_id>/kontakt/", views.contact_edit, name="citizen_contact"),
    path("<int:citizen_id>/tovholder/", views.coordinator, name="citizen_coordinator"),
    path("<int:citizen_id>/paarorende/ny/", views.relative_create, name="relative_create"),
    path("<int:citizen_id>/paarorende/<int:relative_id>/", views.relative_info, name="relative_info"),
    path("<int:citizen_id>/samtykke/ny/", views.consent_create, name="consent_create"),
    path("<int:citizen_id>/samtykke/<int:consent_id>/tilbagekald/", views.consent_withdraw, name="consent_withdraw"),
]
