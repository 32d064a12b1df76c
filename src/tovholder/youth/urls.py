from django.urls import path

from . import views

urlpatterns = [
    path("", views.youth_list, name="youth_list"),
    path("tal/", views.youth_figures, name="youth_figures"),
    path("borger/<int:citizen_id>/", views.youth_citizen, name="youth_citizen"),
]
