from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="staffing"),
    path("plan/", views.plan, name="staffing_plan"),
    path("ansaettelser/", views.employment, name="staffing_employment"),
]
