from django.urls import path

from . import views

urlpatterns = [
    path("borger/<int:citizen_id>/", views.citizen_plan, name="citizen_plan"),
    path("borger/<int:citizen_id>/ret/", views.plan_edit, name="plan_edit"),
    path("borger/<int:citizen_id>/maal/nyt/", views.goal_add, name="goal_add"),
    path("borger/<int:citizen_id>/maal/<int:goal_id>/", views.goal_edit, name="goal_edit"),
]
