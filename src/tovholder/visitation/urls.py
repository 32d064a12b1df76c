from django.urls import path

from . import views

urlpatterns = [
    path("", views.desk, name="visitation_desk"),
    path("henvendelser/ny/", views.request_create, name="request_create"),
    path("henvendelser/<int:request_id>/", views.request_detail, name="request_detail"),
    path("hjaelp/", views.direct_help, name="direct_help"),
    path("hjaelp/<int:help_id>/videre/", views.escalate, name="direct_help_escalate"),
    path("borger/<int:citizen_id>/ny-sag/", views.case_open, name="case_open"),
    path("sager/<int:case_id>/", views.case_detail, name="case_detail"),
    path("sager/<int:case_id>/udredning/", views.assessment_create, name="assessment_create"),
    path("afgoerelser/<int:decision_id>/", views.decision_detail, name="decision_detail"),
    path("afgoerelser/<int:decision_id>/brev.pdf", views.decision_letter, name="decision_letter"),
    path("breve/<int:letter_id>/brev.pdf", views.letter_pdf, name="letter_pdf"),
    path("sagsnotater/<int:note_id>/ret/", views.case_note_correct, name="case_note_correct"),
    path("frister/<int:notice_id>/brev.pdf", views.notice_letter, name="notice_letter"),
    path("venteliste/", views.waitlists, name="waitlists"),
    path("venteliste/<int:offer_id>/", views.waitlist, name="waitlist"),
    path("regler/", views.rules, name="routing_rules"),
    path("regler/ny/", views.rule_edit, name="routing_rule_create"),
    path("regler/<int:rule_id>/", views.rule_edit, name="routing_rule_edit"),
]
