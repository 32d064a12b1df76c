from django.urls import path

from . import views

urlpatterns = [
    path("tal/", views.figures, name="outcome_figures"),
    path("redskaber/", views.instrument_list, name="instruments"),
    path("redskaber/importer/", views.instrument_import, name="instrument_import"),
    path("redskaber/<int:instrument_id>/", views.instrument_detail, name="instrument"),
    path("redskaber/<int:instrument_id>/udgaa/", views.instrument_retire, name="instrument_retire"),
    path("redskaber/<int:instrument_id>/v<int:number>.json", views.instrument_export, name="instrument_export"),
    path("borger/<int:citizen_id>/", views.citizen_outcomes, name="outcomes_citizen"),
    path("borger/<int:citizen_id>/ny/<slug:key>/", views.measurement_create, name="measurement_create"),
    path("borger/<int:citizen_id>/maaling/<int:measurement_id>/", views.measurement_detail,
         name="measurement_detail"),
    path("borger/<int:citizen_id>/maal/<int:goal_id>/opfoelgning/", views.goal_follow_up, name="goal_follow_up"),
]
