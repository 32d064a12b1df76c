from django.urls import path

from . import views

urlpatterns = [
    path("", views.course_list, name="courses"),
    path("nyt/", views.course_new, name="course_new"),
    path("lokaler/", views.room_list, name="rooms"),
    path("maal/", views.figures, name="course_figures"),
    path("<int:course_id>/", views.course_detail, name="course"),
    path("<int:course_id>/kursusgang/<int:session_id>/fremmoede/", views.attendance, name="course_attendance"),
    path("<int:course_id>/tilmelding/<int:enrolment_id>/afmeld/", views.withdraw, name="course_withdraw"),
    path("<int:course_id>/tilmelding/<int:enrolment_id>/evaluering/", views.evaluation, name="course_evaluation"),
]
