from django.urls import path

from . import views

urlpatterns = [
    path("", views.catalogue_view, name="catalogue"),
    path("<int:offer_id>/", views.offer_view, name="offer"),
]
