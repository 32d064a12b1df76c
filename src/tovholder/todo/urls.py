from django.urls import path

from . import views

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("ny/", views.task_create, name="task_create"),
    path("<int:task_id>/loest/", views.task_complete, name="task_complete"),
    path("<int:task_id>/giv-videre/", views.task_reassign, name="task_reassign"),
]
