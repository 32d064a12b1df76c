from django.urls import path

from . import views

urlpatterns: list = [
    # FHIR export of one citizen (ADR 0028)
    path("borger/<int:citizen_id>/fhir.json", views.citizen_fhir, name="citizen_fhir"),
]

# KL's daily FFB delivery (ADR 0029)
urlpatterns += [
    path("ffb/", views.ffb_deliveries, name="ffb_deliveries"),
    path("ffb/<str:day>.zip", views.ffb_download, name="ffb_download"),
]

# Statistics Denmark's monthly report (ADR 0030)
from . import views_dst  # noqa: E402

urlpatterns += [
    path("dst/", views_dst.dst_index, name="dst_index"),
    path("dst/dan/", views_dst.dst_create, name="dst_create"),
    path("dst/<int:report_id>/", views_dst.dst_report, name="dst_report"),
    path("dst/<int:report_id>/fil.csv", views_dst.dst_download, name="dst_download"),
]
