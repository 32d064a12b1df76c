from django.urls import path

from . import saml, views

app_name = "portal"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("log-ind/", views.login, name="login"),
    path("log-ind/test/", views.test_login, name="test_login"),
    path("log-ud/", views.logout, name="logout"),
    path("maal/<int:goal_id>/skriv/", views.goal_entry, name="goal_entry"),
    path("log/", views.log, name="log"),
    path("log/eksport/", views.log_export, name="log_export"),
    path("log/eksport/pdf/", views.log_export_pdf, name="log_export_pdf"),
    path("mine-data/", views.data_copy, name="data_copy"),
    path("mine-data/status/", views.data_copy_status, name="data_copy_status"),
    path("mine-data/bestil/", views.data_copy_order, name="data_copy_order"),
    path("mine-data/<int:copy_id>/hent/", views.data_copy_download, name="data_copy_download"),
    # national eID (NemLog-in/MitID over SAML, djangosaml2): 404 until TOVHOLDER_CITIZEN_SAML_IDP_METADATA is set
    path("saml2/login/", saml.login, name="saml2_login"),
    path("saml2/acs/", saml.acs, name="saml2_acs"),
    path("saml2/metadata/", saml.metadata, name="saml2_metadata"),
    path("saml2/ls/", saml.logout_service, name="saml2_ls"),
]
