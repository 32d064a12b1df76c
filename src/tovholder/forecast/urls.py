from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="forecast"),
    path("scenarier/ny/", views.scenario_create, name="forecast_scenario_create"),
    path("scenarier/<int:scenario_id>/", views.scenario_detail, name="forecast_scenario"),
    path("scenarier/<int:scenario_id>/json/", views.scenario_json, name="forecast_scenario_json"),
    path("scenarier/<int:scenario_id>/kopi/", views.scenario_copy, name="forecast_scenario_copy"),
    path("scenarier/<int:scenario_id>/kalibrering/", views.calibration, name="forecast_calibration"),
    path("scenarier/<int:scenario_id>/koer/", views.run_start, name="forecast_run_start"),
    path("koersler/<int:run_id>/", views.run_detail, name="forecast_run"),
    path("koersler/<int:run_id>/status/", views.run_status, name="forecast_run_status"),
    path("koersler/<int:run_id>/prognose.<str:fmt>", views.run_export, name="forecast_run_export"),
    path("sammenlign/", views.compare, name="forecast_compare"),
]
