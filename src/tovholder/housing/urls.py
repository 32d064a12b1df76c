from django.urls import path

from . import views

urlpatterns = [
    # === flats (Skolehaven)
    path("lejligheder/", views.flats, name="flats"),
    path("lejligheder/<int:offer_id>/", views.flats_offer, name="flats_offer"),
    path("lejligheder/<int:offer_id>/beboere/", views.residents, name="flat_residents"),
    path("lejligheder/<int:offer_id>/husmoede/nyt/", views.meeting_new, name="house_meeting_new"),
    path("lejligheder/flyt-ind/<int:order_id>/", views.move_in, name="flat_move_in"),
    path("lejligheder/beboer/<int:residency_id>/", views.residency, name="residency"),
    path("husmoede/<int:meeting_id>/", views.meeting, name="house_meeting"),
    # --- stays: rehabilitating stays and acute places; Flex Bostøtte's shared quota ---
    path("ophold/", views.stays, name="stays"),
    path("ophold/borger/<int:citizen_id>/ny/", views.stay_start, name="stay_start"),
    path("ophold/<int:stay_id>/", views.stay, name="stay"),
    path("faelles/", views.shared, name="shared_offers"),
    path("faelles/<int:offer_id>/kvote/<int:municipality_id>/", views.quota_edit, name="quota_edit"),
    path("faelles/<int:offer_id>/borgere/", views.served, name="served_citizens"),
]
