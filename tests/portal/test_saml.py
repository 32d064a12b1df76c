"""Citizen login through SAML (NemLog-in/MitID by OIOSAML 3) against a real local pysaml2 identity provider
(tests/saml_idp.py) over HTTP: the SP is Tovholder with djangosaml2 and xmlsec1, nothing mocked."""

import re
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from tests.saml_idp import environment, make_keypair, running_saml_idp
from tovholder.audit.models import AuditEvent
from tovholder.portal.events import Event


@pytest.fixture
def idp(tmp_path, settings):
    sp_key, sp_cert = make_keypair(tmp_path, "sp")
    with running_saml_idp(tmp_path / "idp") as idp:
        for name, value in environment(idp, sp_key, sp_cert).items():
            setattr(settings, name, value)
        from django.test import RequestFactory
        from saml2.metadata import create_metadata_string

        from tovholder.portal.saml import config_loader

        idp.know_sp(create_metadata_string(None, config=config_loader(RequestFactory().get("/")), valid=24))
        yield idp


def _through_idp(client, idp, cpr: str, loa: str = "Substantial", next_url: str = ""):
    start = client.get(reverse("portal:saml2_login") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302 and start["Location"].startswith(idp.base + "/sso/redirect?SAMLRequest=")
    page = urllib.request.urlopen(start["Location"], timeout=10).read().decode()
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"key": key, "cpr": cpr, "navn": "Anna Jensen", "loa": loa}).encode()
    back = urllib.request.urlopen(idp.base + "/sso/login", data=data, timeout=10).read().decode()
    action = re.search(r'form method="post" action="([^"]+)"', back).group(1)
    fields = dict(re.findall(r'name="(SAMLResponse|RelayState)" value="([^"]*)"', back))
    assert action == "http://testserver" + reverse("portal:saml2_acs")
    return client.post(urllib.parse.urlparse(action).path, fields)


def test_a_citizen_logs_in_with_substantial_assurance(client, idp, portal, world):
    response = _through_idp(client, idp, world.anna.cpr, next_url="/min/log/")
    assert response.status_code == 302 and response["Location"] == "/min/log/"
    page = client.get(reverse("portal:plan"))
    assert page.status_code == 200 and "Jeg vil sove bedre om natten" in page.content.decode()
    assert client.session["tovholder_citizen"] == {"method": "saml", "assurance": "Substantial"}
    assert AuditEvent.objects.filter(action=Event.CITIZEN_LOGGED_IN, detail__method="saml").exists()


def test_a_first_login_makes_the_account(client, idp, world):
    response = _through_idp(client, idp, world.bo.cpr, loa="High")
    assert response.status_code == 302 and response["Location"] == "/min/"
    assert world.bo.portal_account.last_assurance == "High"


def test_low_assurance_is_refused(client, idp, portal, world, caplog):
    response = _through_idp(client, idp, world.anna.cpr, loa="Low")
    assert response.status_code == 302 and response["Location"] == reverse("portal:login")
    assert "sikringsniveau" in client.get(reverse("portal:login")).content.decode()
    assert client.get(reverse("portal:plan")).status_code == 302  # not logged in
    assert world.anna.cpr not in caplog.text


def test_an_unknown_cpr_is_refused(client, idp, portal):
    response = _through_idp(client, idp, "0101010101")
    assert response["Location"] == reverse("portal:login")
    assert "Vi kan ikke finde dig" in client.get(reverse("portal:login")).content.decode()


def test_a_forged_response_is_refused(client, idp, portal, world):
    start = client.get(reverse("portal:saml2_login"))
    assert start.status_code == 302
    import base64

    forged = base64.b64encode(b"<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>").decode()
    response = client.post(reverse("portal:saml2_acs"), {"SAMLResponse": forged})
    assert response.status_code == 302 and response["Location"] == reverse("portal:login")
    assert client.get(reverse("portal:plan")).status_code == 302


def test_saml_is_404_until_configured(client, settings):
    settings.TOVHOLDER_CITIZEN_SAML_IDP_METADATA = ""
    assert client.get(reverse("portal:saml2_login")).status_code == 404
    assert client.post(reverse("portal:saml2_acs"), {"SAMLResponse": "x"}).status_code == 404


def test_a_relative_with_a_grant_logs_in_with_mitid_and_sees_only_what_is_shared(client, idp, portal, relatives):
    from .conftest import MOR_CPR, STRANGER_CPR

    response = _through_idp(client, idp, MOR_CPR, next_url="/min/log/")
    assert response.status_code == 302 and response["Location"] == reverse("portal:relative_home")
    assert client.session["tovholder_relative"] == {"method": "saml", "assurance": "Substantial"}
    assert client.get(reverse("portal:relative_grant", args=[relatives.grant.pk])).status_code == 200
    assert client.get(reverse("portal:log")).status_code == 403
    client.post(reverse("portal:logout"))
    refused = _through_idp(client, idp, STRANGER_CPR)  # nobody granted this CPR anything
    assert refused.status_code == 302 and refused["Location"] == reverse("portal:login")
    assert "_auth_user_id" not in client.session
