from django.urls import path

from . import care_views as views

urlpatterns = [
    path("", views.inbox, name="care_inbox"),
    path("borger/<int:citizen_id>/", views.citizen_care, name="citizen_care"),
    path("borger/<int:citizen_id>/ny/", views.message_new, name="care_message_new"),
    path("borger/<int:citizen_id>/faelles-plan/", views.plan_edit, name="coordinated_plan_edit"),
    path("traad/<int:thread_id>/", views.thread, name="care_thread"),
    path("bilag/<int:segment_id>.pdf", views.attachment, name="care_attachment"),
    path("ophold/<int:admission_id>/aftale/", views.agreement_new, name="discharge_agreement_new"),
    path("aftale/<int:agreement_id>/", views.agreement, name="discharge_agreement"),
    path("aftale/<int:agreement_id>/ny-version/", views.agreement_revise, name="discharge_agreement_revise"),
    path("aftale/<int:agreement_id>/version/<int:number>.pdf", views.agreement_pdf, name="discharge_agreement_pdf"),
    path("faelles-plan/<int:plan_id>/", views.coordinated_plan, name="coordinated_plan"),
]
