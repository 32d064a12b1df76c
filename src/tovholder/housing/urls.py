from django.urls import path

from . import views

urlpatterns: list = [
    # --- stays: rehabilitating stays and acute places; Flex Bostøtte's shared quota ---
    path("ophold/", views.stays, name="stays"),
    path("ophold/borger/<int:citizen_id>/ny/", views.stay_start, name="stay_start"),
    path("ophold/<int:stay_id>/", views.stay, name="stay"),
    path("faelles/", views.shared, name="shared_offers"),
    path("faelles/<int:offer_id>/kvote/<int:municipality_id>/", views.quota_edit, name="quota_edit"),
    path("faelles/<int:offer_id>/borgere/", views.served, name="served_citizens"),
]
