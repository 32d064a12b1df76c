from django.urls import path

from . import saml, views

app_name = "portal"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("log-ind/", views.login, name="login"),
    path("log-ind/test/", views.test_login, name="test_login"),
    path("log-ud/", views.logout, name="logout"),
    path("maal/<int:goal_id>/skriv/", views.goal_entry, name="goal_entry"),
    path("tjek-ind/", views.check_in, name="check_in"),
    path("tjek-ind/besked/", views.check_in_alert, name="check_in_alert"),
    path("log/", views.log, name="log"),
    path("log/eksport/", views.log_export, name="log_export"),
    path("kriseplan/", views.crisis_plan, name="crisis_plan"),
    path("kriseplan/del/", views.crisis_plan_share, name="crisis_plan_share"),
    path("kriseplan/pdf/", views.crisis_plan_pdf, name="crisis_plan_pdf"),
    path("stor-tekst/", views.large_text, name="large_text"),
    path("sammen/", views.together, name="together"),
    path("bed-om-hjaelp/", views.ask_help, name="ask_help"),
    path("beskeder/", views.threads, name="threads"),
    path("beskeder/<int:thread_id>/", views.thread, name="thread"),
    path("breve/", views.letters_list, name="letters"),
    path("breve/<int:letter_id>/brev.pdf", views.letter_pdf, name="letter_pdf"),
    path("tilmeldinger/", views.bookings, name="bookings"),
    path("tilmeldinger/kalender.ics", views.bookings_calendar, name="bookings_calendar"),
    path("tilmeldinger/forloeb/<int:course_id>/tilmeld/", views.book_course, name="book_course"),
    path("tilmeldinger/forloeb/afmeld/<int:enrolment_id>/", views.withdraw_course, name="withdraw_course"),
    path("tilmeldinger/aktivitet/<int:activity_id>/<int:occasion_id>/tilmeld/", views.sign_up, name="sign_up"),
    path("tilmeldinger/aktivitet/afmeld/<int:participation_id>/", views.cancel_sign_up, name="cancel_sign_up"),
    path("log/eksport/pdf/", views.log_export_pdf, name="log_export_pdf"),
    path("mine-data/", views.data_copy, name="data_copy"),
    path("mine-data/status/", views.data_copy_status, name="data_copy_status"),
    path("mine-data/bestil/", views.data_copy_order, name="data_copy_order"),
    path("mine-data/<int:copy_id>/hent/", views.data_copy_download, name="data_copy_download"),
    path("samtykker/", views.relatives, name="relatives"),
    path("samtykker/<int:consent_id>/traek-tilbage/", views.consent_withdraw, name="consent_withdraw"),
    path("samtykker/adgang/", views.grant_create, name="grant_create"),
    path("samtykker/adgang/<int:grant_id>/traek-tilbage/", views.grant_withdraw, name="grant_withdraw"),
    # a relative's own pages (a citizen granted access): portal.middleware keeps the relative's session here
    path("paaroerende/", views.relative_home, name="relative_home"),
    path("paaroerende/<int:grant_id>/", views.relative_grant, name="relative_grant"),
    # national eID (NemLog-in/MitID over SAML, djangosaml2): 404 until TOVHOLDER_CITIZEN_SAML_IDP_METADATA is set
    path("saml2/login/", saml.login, name="saml2_login"),
    path("saml2/acs/", saml.acs, name="saml2_acs"),
    path("saml2/metadata/", saml.metadata, name="saml2_metadata"),
    path("saml2/ls/", saml.logout_service, name="saml2_ls"),
]
