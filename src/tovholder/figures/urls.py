from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="figures_dashboard"),
    path("udfyld/", views.fill, name="figures_fill"),
    path("udfyld/<int:run_id>/", views.run_status, name="figures_run"),
    path("tal/<slug:key>/", views.figure, name="figures_figure"),
]
