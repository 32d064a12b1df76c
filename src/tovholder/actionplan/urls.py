from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan, name="actionplan"),
    path("omraade/<int:area_id>/ny-indsats/", views.effort_new, name="actionplan_effort_new"),
    path("indsats/<int:effort_id>/", views.effort, name="actionplan_effort"),
    path("maal/<int:goal_id>/", views.goal, name="actionplan_goal"),
]
