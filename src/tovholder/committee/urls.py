from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="committee_index"),
    path("<int:report_id>/", views.report, name="committee_report"),
    path("<int:report_id>/ret/", views.edit, name="committee_edit"),
    path("<int:report_id>/pdf/", views.pdf, name="committee_pdf"),
]
