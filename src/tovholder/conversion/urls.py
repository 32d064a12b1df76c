from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="conversion"),
    path("eksempel.json", views.example, name="conversion_example"),
    path("<int:run_id>/", views.run_detail, name="conversion_run"),
    path("<int:run_id>/status/", views.run_status, name="conversion_run_status"),
    path("<int:run_id>/rapport.<str:fmt>", views.run_report, name="conversion_run_report"),
]
