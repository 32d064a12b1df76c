"""Every citizen-data page × every standing user: allowed or refused as need-to-know says,
and an access event for every allowed read."""

import pytest
from django.urls import reverse

from tovholder.audit.models import AccessEvent

OK, DENY, GLASS, NOTFOUND = 200, 403, 302, 404
ASK = "ask"  # the purpose is asked first (the access log of a citizen outside need to know)

# citizen -> user -> expected status of the overview
OVERVIEW = {
    "anna": dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=GLASS, admin=DENY, herlev_worker=NOTFOUND),
    "bo": dict(own_worker=DENY, other_worker=OK, manager=OK, caseworker=GLASS, admin=DENY, herlev_worker=NOTFOUND),
    "casey": dict(own_worker=DENY, other_worker=DENY, manager=GLASS, caseworker=OK, admin=DENY,
                  herlev_worker=NOTFOUND),
    "herlev_citizen": dict(own_worker=NOTFOUND, other_worker=NOTFOUND, manager=NOTFOUND, caseworker=NOTFOUND,
                           admin=NOTFOUND, herlev_worker=OK),
}

# Editing needs the role (caseworker, admin) and need to know; breaking the glass never lets one edit, so a
# caseworker outside need to know is refused at once instead of being asked for a reason.
EDIT = {
    "anna": dict(own_worker=DENY, other_worker=DENY, manager=DENY, caseworker=DENY, admin=DENY,
                 herlev_worker=DENY),
    "casey": dict(own_worker=DENY, other_worker=DENY, manager=DENY, caseworker=OK, admin=DENY, herlev_worker=DENY),
    "herlev_citizen": dict(own_worker=DENY, other_worker=DENY, manager=DENY, caseworker=NOTFOUND, admin=NOTFOUND,
                           herlev_worker=DENY),
}

ACCESS_LOG = {
    # the admin reads logs but knows no citizen: asked for the purpose first (ASK: 200, nothing shown or logged)
    "anna": dict(own_worker=DENY, other_worker=DENY, manager=OK, caseworker=DENY, admin=ASK, herlev_worker=DENY),
    "herlev_citizen": dict(own_worker=DENY, other_worker=DENY, manager=NOTFOUND, caseworker=DENY,
                           admin=NOTFOUND, herlev_worker=DENY),
}

USERS = ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker"]


def _check(client, world, url_name, citizen_name, user_name, expected, what):
    citizen = getattr(world, citizen_name)
    user = getattr(world, user_name)
    client.force_login(user)
    before = AccessEvent.objects.filter(citizen=citizen, actor=user).count()
    response = client.get(reverse(url_name, args=[citizen.pk]))
    assert response.status_code == (OK if expected == ASK else expected), (url_name, citizen_name, user_name)
    if expected == ASK:
        assert citizen.last_name not in response.content.decode()
    after = AccessEvent.objects.filter(citizen=citizen, actor=user)
    if expected == OK:
        assert after.count() == before + 1
        assert after.order_by("-pk").first().what.startswith(what)
    else:
        assert after.count() == before
    if expected == GLASS:
        assert response["Location"].startswith(reverse("citizen_break_glass", args=[citizen.pk]) + "?next=")


@pytest.mark.parametrize("citizen_name", OVERVIEW)
@pytest.mark.parametrize("user_name", USERS)
def test_overview(client, world, citizen_name, user_name):
    _check(client, world, "citizen", citizen_name, user_name, OVERVIEW[citizen_name][user_name], "Borgeroverblik")


@pytest.mark.parametrize("url_name", ["citizen_contact", "relative_create", "consent_create"])
@pytest.mark.parametrize("citizen_name", EDIT)
@pytest.mark.parametrize("user_name", USERS)
def test_edit_pages(client, world, url_name, citizen_name, user_name):
    _check(client, world, url_name, citizen_name, user_name, EDIT[citizen_name][user_name], "")


@pytest.mark.parametrize("citizen_name", ACCESS_LOG)
@pytest.mark.parametrize("user_name", USERS)
def test_access_log_page(client, world, citizen_name, user_name):
    _check(client, world, "citizen_access_log", citizen_name, user_name, ACCESS_LOG[citizen_name][user_name],
           "Adgangslog")


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("citizen", args=[world.anna.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AccessEvent.objects.exists()
