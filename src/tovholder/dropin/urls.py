from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="dropin_index"),
    path("<int:offer_id>/", views.day, name="dropin_day"),
    path("<int:offer_id>/aabningstider/", views.hours, name="dropin_hours"),
    path("<int:offer_id>/arbejdsliste/", views.work_list, name="dropin_worklist"),
    path("<int:offer_id>/brugerraad/", views.council, name="dropin_council"),
    path("<int:offer_id>/tal/", views.figures, name="dropin_figures"),
    path("aktivitet/ny/", views.activity_create, name="activity_create"),
    path("aktivitet/<int:activity_id>/", views.activity_detail, name="activity_detail"),
]
