"""The administrator's pages for API clients: register, issue (shown once, stored hashed), revoke — audited;
other roles and the other municipality are refused."""

import re

import pytest

from tests.conftest import make_staff
from tovholder.api.models import ApiClient, ApiToken
from tovholder.audit.models import AuditEvent

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_admin_registers_a_client_issues_and_revokes_a_token(client, world):
    client.force_login(world.admin)
    assert client.get("/api/klienter/").status_code == 200
    response = client.post("/api/klienter/ny/", {"name": "Datavarehuset", "role": "Sagsbehandler",
                                                  "units": [world.skp.pk]})
    made = ApiClient.objects.get(name="Datavarehuset")
    assert response.status_code == 302 and not made.whole_municipality and list(made.units.all()) == [world.skp]
    assert not made.user.has_usable_password()
    page = client.post(f"/api/klienter/{made.pk}/", {"scopes": ["read"], "days": "30"})
    token = re.search(r"data-token>(tvh_[^<]+)<", page.content.decode()).group(1)
    row = ApiToken.objects.get(client=made)
    assert token not in (row.digest, row.prefix) and row.prefix == token[:12]
    assert token not in client.get(f"/api/klienter/{made.pk}/").content.decode()  # shown once
    client.logout()
    assert client.get(f"/api/v1/borgere/{world.anna.pk}", **bearer(token)).status_code == 200
    assert client.get(f"/api/v1/borgere/{world.bo.pk}", **bearer(token)).status_code == 403
    client.force_login(world.admin)
    assert client.post(f"/api/klienter/{made.pk}/noegler/{row.pk}/tilbagekald/").status_code == 302
    client.logout()
    assert client.get(f"/api/v1/borgere/{world.anna.pk}", **bearer(token)).status_code == 401
    actions = set(AuditEvent.objects.filter(actor=world.admin).values_list("action", flat=True))
    assert {"api_client.registered", "api_token.issued", "api_token.revoked"} <= actions


@pytest.mark.parametrize("form,message", [
    ({"name": "<b>Ond</b>", "role": "Sagsbehandler", "whole_municipality": "on"}, "tegnene"),
    ({"name": "x" * 10_000, "role": "Sagsbehandler", "whole_municipality": "on"}, "120"),
    ({"name": "Uden område", "role": "Sagsbehandler"}, "enhed"),
    ({"name": "Ukendt rolle", "role": "Gud", "whole_municipality": "on"}, "gyldig"),
])
def test_bad_client_forms_are_refused_in_danish(client, world, form, message):
    client.force_login(world.admin)
    response = client.post("/api/klienter/ny/", form)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ApiClient.objects.exists()


def test_only_the_municipalitys_administrator(client, world, keys):
    for user in (world.own_worker, world.manager, world.caseworker):
        client.force_login(user)
        assert client.get("/api/klienter/").status_code == 403
        assert client.post(f"/api/klienter/{keys.whole.pk}/", {"scopes": ["read"], "days": "30"}).status_code == 403
    herlev_admin = make_staff("herlevadm2", world.herlev, world.herlev_worker.staff.units.first(), "Administrator")
    client.force_login(herlev_admin)
    assert client.get(f"/api/klienter/{keys.whole.pk}/").status_code == 404
    token = keys.whole.tokens.first()
    assert client.post(f"/api/klienter/{keys.whole.pk}/noegler/{token.pk}/tilbagekald/").status_code == 404
    assert client.get("/api/klienter/abc/").status_code == 404
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 0
