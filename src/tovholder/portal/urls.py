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
