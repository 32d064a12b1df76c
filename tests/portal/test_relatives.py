"""Consents and relatives in Min Tovholder (issue 18, item 6): the citizen withdraws a consent and grants a
relative access to chosen parts; the relative logs in through the same identity path, sees only those parts, and
every view is in the citizen's Min log."""

import hashlib
import hmac

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.citizens.events import Event as CitizenEvent
from tovholder.citizens.models import Consent, Relative
from tovholder.portal import selectors, services
from tovholder.portal.events import Event
from tovholder.portal.login import RELATIVE_SESSION_KEY, log_in
from tovholder.portal.models import RelativeAccount, RelativeGrant

from .conftest import FRIEND_CPR, MOR_CPR, STRANGER_CPR, log_in_as, log_in_relative, relative_identity


def _saml_login(identity):
    request = RequestFactory().post("/min/saml2/acs/", REMOTE_ADDR="10.0.0.7")
    request.user, request.session = AnonymousUser(), SessionStore()
    return log_in(request, identity), request


# ---- granting and withdrawing ----

def test_a_grant_keeps_only_a_keyed_hash_of_the_cpr_and_is_audited(portal, relatives, settings):
    grant = relatives.grant
    assert grant.parts == ["appointments"] and grant.active and grant.granted_by == portal.anna.user
    expected = hmac.new(settings.SECRET_KEY.encode(), f"relative-cpr:{MOR_CPR}".encode(), hashlib.sha256).hexdigest()
    assert grant.cpr_hash == expected and MOR_CPR not in grant.cpr_hash
    for row in [*RelativeGrant.objects.values(), *RelativeAccount.objects.values()]:
        assert not any(MOR_CPR in str(v) or "120372" in str(v) for v in row.values())
    event = AuditEvent.objects.get(action=Event.RELATIVE_GRANTED, object_id=str(grant.pk))
    assert event.actor == portal.anna.user and event.citizen_id == grant.citizen_id
    assert event.detail == {"paaroerende": relatives.mor.pk, "dele": ["appointments"]}
    assert not AuditEvent.objects.filter(detail__icontains=MOR_CPR).exists()


def test_a_dedicated_key_changes_the_hash(relatives, settings):
    from tovholder.portal.identity import relative_cpr_hash

    settings.TOVHOLDER_RELATIVE_CPR_KEY = "en-anden-noegle-kun-til-paaroerendes-cpr-numre-0123456789"
    assert relative_cpr_hash(MOR_CPR) != relatives.grant.cpr_hash


@pytest.mark.parametrize(("cpr", "message"), [
    ("", "Skriv den pårørendes CPR-nummer."),
    ("123", "Et CPR-nummer har 10 cifre"),
    ("12037245AB", "CPR-nummeret må kun indeholde tal"),
    ("3213724518", "gyldig fødselsdato"),
    ("0101901234", "Det er dit eget CPR-nummer"),  # Anna's own
    ("<b>1203724518</b>", "CPR-nummeret"),
    ("1" * 10_000, "Et CPR-nummer har 10 cifre"),
])
def test_a_wrong_cpr_gets_a_danish_message_and_nothing_is_written(portal, world, cpr, message):
    mor = Relative.objects.get(citizen=world.anna)
    with pytest.raises(ValidationError) as exc:
        services.grant_relative_access(actor=portal.anna.user, relative_id=mor.pk, parts=["appointments"], cpr=cpr)
    assert message in " ".join(exc.value.message_dict["cpr"])
    assert not RelativeGrant.objects.exists() and not AuditEvent.objects.filter(action=Event.RELATIVE_GRANTED).exists()


@pytest.mark.parametrize("parts", [[], ["journal"], ["appointments", "journal"], ["<script>"]])
def test_only_registered_parts_can_be_granted_never_the_journal(portal, world, parts):
    mor = Relative.objects.get(citizen=world.anna)
    with pytest.raises(ValidationError) as exc:
        services.grant_relative_access(actor=portal.anna.user, relative_id=mor.pk, parts=parts, cpr=MOR_CPR)
    assert "Vælg mindst én" in exc.value.message_dict["parts"][0]
    assert not RelativeGrant.objects.exists()


def test_a_relative_of_another_citizen_is_not_found(portal, world, relatives):
    for relative_id in (relatives.friend.pk, 10**15):  # Bo's friend; an id nobody has
        with pytest.raises(Http404):
            services.grant_relative_access(actor=portal.anna.user, relative_id=relative_id, parts=["appointments"],
                                           cpr=FRIEND_CPR)
    with pytest.raises(Http404):
        services.withdraw_relative_access(actor=portal.bo.user, grant_id=relatives.grant.pk)
    with pytest.raises(Http404):
        services.withdraw_own_consent(actor=portal.bo.user,
                                      consent_id=Consent.objects.get(citizen=world.anna).pk)
    assert RelativeGrant.objects.get(pk=relatives.grant.pk).active
    assert Consent.objects.get(citizen=world.anna).active


def test_staff_cannot_grant_as_the_citizen(world, relatives):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.grant_relative_access(actor=world.own_worker, relative_id=relatives.mor.pk, parts=["appointments"],
                                       cpr=STRANGER_CPR)


def test_one_active_grant_per_relative_and_withdrawn_grants_are_kept(portal, relatives):
    with pytest.raises(ValidationError) as exc:
        services.grant_relative_access(actor=portal.anna.user, relative_id=relatives.mor.pk,
                                       parts=["crisis_plan"], cpr=MOR_CPR)
    assert "har allerede adgang" in exc.value.message_dict["relative"][0]
    withdrawn = services.withdraw_relative_access(actor=portal.anna.user, grant_id=relatives.grant.pk)
    assert withdrawn.withdrawn_at is not None
    assert AuditEvent.objects.filter(action=Event.RELATIVE_GRANT_WITHDRAWN, object_id=str(withdrawn.pk),
                                     actor=portal.anna.user).exists()
    with pytest.raises(ValidationError, match="allerede trukket tilbage"):
        services.withdraw_relative_access(actor=portal.anna.user, grant_id=relatives.grant.pk)
    again = services.grant_relative_access(actor=portal.anna.user, relative_id=relatives.mor.pk,
                                           parts=["crisis_plan", "appointments"], cpr=MOR_CPR)
    assert again.parts == ["crisis_plan", "appointments"]
    assert RelativeGrant.objects.filter(relative=relatives.mor).count() == 2


def test_the_citizen_withdraws_a_consent_and_staff_see_it(client, portal, world):
    consent = Consent.objects.get(citizen=world.anna)
    done = services.withdraw_own_consent(actor=portal.anna.user, consent_id=consent.pk)
    assert done.withdrawn_on == timezone.localdate() and Consent.objects.filter(pk=consent.pk).exists()
    assert AuditEvent.objects.filter(action=CitizenEvent.CONSENT_WITHDRAWN, actor=portal.anna.user,
                                     object_id=str(consent.pk)).exists()
    with pytest.raises(ValidationError, match="allerede trukket tilbage"):
        services.withdraw_own_consent(actor=portal.anna.user, consent_id=consent.pk)
    client.force_login(world.own_worker)
    page = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    assert "Trukket tilbage" in page and "Birthe Jensen" in page


# ---- the relative's login (the same identity path as a citizen) ----

def test_a_relative_logs_in_through_the_identity_path(portal, relatives):
    user, request = _saml_login(relative_identity(MOR_CPR, "Birthe Jensen", method="saml"))
    assert user == relatives.with_grant.user
    assert request.session[RELATIVE_SESSION_KEY]["method"] == "saml"
    assert MOR_CPR not in user.username and "120372" not in user.username
    assert AuditEvent.objects.filter(action=Event.RELATIVE_LOGGED_IN, actor=user).exists()


@pytest.mark.parametrize("case", ["no grant", "withdrawn", "low assurance"])
def test_a_relative_without_an_active_grant_cannot_log_in(portal, relatives, case):
    from tovholder.portal.identity import Assurance

    identity = {"no grant": relative_identity(STRANGER_CPR, "Uden Adgang"),
                "withdrawn": relative_identity(FRIEND_CPR, "Frede Friis"),
                "low assurance": relative_identity(MOR_CPR, "Birthe Jensen", Assurance.LOW)}[case]
    user, request = _saml_login(identity)
    assert user is None and RELATIVE_SESSION_KEY not in request.session


def test_a_relative_account_is_made_at_the_first_login_only(portal, relatives, world):
    other = services.grant_relative_access(actor=portal.bo.user, relative_id=Relative.objects.create(
        municipality=world.ballerup, citizen=world.bo, name="Ny Nabo", relation="nabo").pk, parts=["appointments"],
        cpr="0609701111")
    assert not RelativeAccount.objects.filter(cpr_hash=other.cpr_hash).exists()
    user, _ = _saml_login(relative_identity("0609701111", "Ny Nabo"))
    assert RelativeAccount.objects.get(user=user).cpr_hash == other.cpr_hash
    again, _ = _saml_login(relative_identity("0609701111", "Ny Nabo"))
    assert again == user and RelativeAccount.objects.filter(cpr_hash=other.cpr_hash).count() == 1


# ---- what the relative sees, and the citizen's Min log ----

def test_the_relative_sees_only_the_granted_part_and_every_view_is_logged(client, portal, world, relatives):
    log_in_relative(client, relatives.with_grant)
    home = client.get(reverse("portal:relative_home")).content.decode()
    assert "Anna Jensen" in home and "Aftaler" in home and "Bo Hansen" not in home
    response = client.get(reverse("portal:relative_grant", args=[relatives.grant.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Aftaler" in body and "Kriseplan" not in body
    assert "Jeg vil sove bedre om natten" not in body and world.anna.cpr not in body
    views = AccessEvent.objects.filter(actor=relatives.with_grant.user, citizen=world.anna)
    assert set(views.values_list("what", flat=True)) == {"Pårørendeadgang: oversigt", "Pårørendeadgang: Aftaler"}
    rows = selectors.my_log(portal.anna.user, selectors.LogQuery()).rows
    seen = [r for r in rows if r.who == "Pårørende (Birthe Jensen)"]
    assert {r.what for r in seen} == {"Pårørendeadgang: oversigt", "Pårørendeadgang: Aftaler"}
    assert all("adgang" in r.why for r in seen)
    assert not AccessEvent.objects.filter(actor=relatives.with_grant.user, citizen=world.bo).exists()


def test_the_crisis_plan_part_says_there_is_none_yet(client, portal, relatives):
    services.withdraw_relative_access(actor=portal.anna.user, grant_id=relatives.grant.pk)
    grant = services.grant_relative_access(actor=portal.anna.user, relative_id=relatives.mor.pk,
                                           parts=["crisis_plan"], cpr=MOR_CPR)
    log_in_relative(client, relatives.with_grant)
    body = client.get(reverse("portal:relative_grant", args=[grant.pk])).content.decode()
    assert "Borgeren har ikke skrevet en kriseplan endnu" in body and "Aftaler" not in body
    assert client.get(reverse("portal:relative_grant", args=[relatives.grant.pk])).status_code == 404  # withdrawn


def test_the_relative_sees_the_current_crisis_plan_only_with_that_part(client, portal, relatives):
    services.save_crisis_plan(actor=portal.anna.user, warning_signs="Jeg trækker gardinerne for", my_actions="",
                              others_actions="Ring til mig", contacts=[("Mor", "20 30 40 50")], based_on=0)
    services.save_crisis_plan(actor=portal.anna.user, warning_signs="Jeg sover ikke", my_actions="",
                              others_actions="", contacts=[], based_on=1)
    services.withdraw_relative_access(actor=portal.anna.user, grant_id=relatives.grant.pk)
    grant = services.grant_relative_access(actor=portal.anna.user, relative_id=relatives.mor.pk,
                                           parts=["crisis_plan"], cpr=MOR_CPR)
    log_in_relative(client, relatives.with_grant)
    body = client.get(reverse("portal:relative_grant", args=[grant.pk])).content.decode()
    assert "Jeg sover ikke" in body and "Version 2" in body and "Jeg trækker gardinerne for" not in body
    services.withdraw_relative_access(actor=portal.anna.user, grant_id=grant.pk)
    only_dates = services.grant_relative_access(actor=portal.anna.user, relative_id=relatives.mor.pk,
                                                parts=["appointments"], cpr=MOR_CPR)
    body = client.get(reverse("portal:relative_grant", args=[only_dates.pk])).content.decode()
    assert "Jeg sover ikke" not in body and "Mine advarselstegn" not in body


def test_the_grant_form_in_the_browser_way(client, portal, world, relatives):
    services.withdraw_relative_access(actor=portal.anna.user, grant_id=relatives.grant.pk)
    log_in_as(client, portal.anna)
    page = client.get(reverse("portal:relatives"))
    assert page.status_code == 200 and "Birthe Jensen" in page.content.decode()
    assert "Frede Friis" not in page.content.decode()
    response = client.post(reverse("portal:grant_create"), {"relative": relatives.mor.pk, "parts": ["appointments"],
                                                            "cpr": "120372-4518"})
    assert response.status_code == 302
    assert RelativeGrant.objects.filter(relative=relatives.mor, withdrawn_at__isnull=True).count() == 1
    page = client.get(reverse("portal:relatives")).content.decode()
    assert "har nu adgang" in page and "Har adgang" in page and "trukket tilbage" in page


@pytest.mark.parametrize("data", [
    {"relative": "", "parts": ["appointments"], "cpr": MOR_CPR},
    {"relative": "abc", "parts": ["appointments"], "cpr": MOR_CPR},
    {"relative": "-1", "parts": ["appointments"], "cpr": MOR_CPR},
    {"relative": "9" * 30, "parts": ["appointments"], "cpr": MOR_CPR},
    {"relative": "REL", "parts": [], "cpr": MOR_CPR},
    {"relative": "REL", "parts": ["journal"], "cpr": MOR_CPR},
    {"relative": "REL", "parts": ["appointments"], "cpr": "<script>alert(1)</script>"},
    {"relative": "REL", "parts": ["appointments"], "cpr": "1" * 10_000},
    {"relative": "REL", "parts": ["appointments"], "cpr": "\x00"},
    {"relative": "REL", "parts": ["appointments"], "cpr": "0101000000"},
])
def test_hostile_input_on_the_grant_form(client, portal, relatives, data):
    services.withdraw_relative_access(actor=portal.anna.user, grant_id=relatives.grant.pk)
    data = {**data, "relative": str(relatives.mor.pk) if data["relative"] == "REL" else data["relative"]}
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:grant_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Formularen er ikke gemt" in body and "<script>alert(1)" not in body
    assert data["cpr"][:200] not in body or data["cpr"] == ""
    assert not RelativeGrant.objects.filter(withdrawn_at__isnull=True).exists()


def test_another_citizens_relative_in_the_form_is_404(client, portal, relatives):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:grant_create"), {"relative": relatives.friend.pk, "parts": ["appointments"],
                                                            "cpr": STRANGER_CPR})
    assert response.status_code == 404
    assert not RelativeGrant.objects.filter(relative=relatives.friend, withdrawn_at__isnull=True).exists()
    for url in (reverse("portal:grant_withdraw", args=[relatives.withdrawn.pk]),
                reverse("portal:consent_withdraw", args=[10**12]), "/min/samtykker/abc/traek-tilbage/",
                "/min/samtykker/adgang/-1/traek-tilbage/", "/min/samtykker/adgang/" + "9" * 30 + "/traek-tilbage/"):
        assert client.post(url).status_code == 404, url


def test_withdrawing_in_the_portal(client, portal, world, relatives):
    log_in_as(client, portal.anna)
    consent = Consent.objects.get(citizen=world.anna)
    response = client.post(reverse("portal:consent_withdraw", args=[consent.pk]), follow=True)
    assert "er trukket tilbage" in response.content.decode()
    response = client.post(reverse("portal:grant_withdraw", args=[relatives.grant.pk]), follow=True)
    assert "har ikke længere adgang" in response.content.decode()
    response = client.post(reverse("portal:grant_withdraw", args=[relatives.grant.pk]), follow=True)
    assert "allerede trukket tilbage" in response.content.decode()
    assert not Consent.objects.filter(citizen=world.anna, withdrawn_on__isnull=True).exists()
    assert not RelativeGrant.objects.filter(Q(citizen=world.anna), withdrawn_at__isnull=True).exists()
