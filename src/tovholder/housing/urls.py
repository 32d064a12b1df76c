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
]
