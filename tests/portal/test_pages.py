"""Every portal page as two citizens, a member of staff and nobody; as a relative with a grant, without one and
with a withdrawn one; staff pages with a citizen's and a relative's session; hostile input on the portal's forms."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tovholder.audit.models import AccessEvent
from tovholder.citizens.models import Consent
from tovholder.portal.models import GoalEntry, RelativeGrant

from .conftest import STRANGER_CPR, log_in_as, log_in_relative

PAGES = ["portal:plan", "portal:check_in", "portal:log", "portal:log_export", "portal:crisis_plan",
         "portal:ask_help", "portal:threads", "portal:letters", "portal:bookings", "portal:bookings_calendar",
         "portal:log_export_pdf", "portal:data_copy", "portal:data_copy_status", "portal:relatives"]


@pytest.mark.parametrize("name", PAGES)
def test_each_page_as_two_citizens_staff_and_nobody(client, portal, world, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    client.force_login(world.own_worker)
    assert client.get(url).status_code == 403  # a staff session never reads a citizen's own pages
    client.logout()
    log_in_as(client, portal.anna)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig", errors="replace")
    assert "Bo vil i praktik" not in body and world.bo.last_name not in body
    if name == "portal:plan":
        assert "Jeg vil sove bedre om natten" in body and 'href="tel:112"' in body
    client.logout()
    log_in_as(client, portal.bo)
    body = client.get(url).content.decode("utf-8-sig", errors="replace")
    assert "Jeg vil sove bedre om natten" not in body


def test_another_citizens_goal_id_is_404_and_writes_nothing(client, portal):
    log_in_as(client, portal.bo)
    response = client.post(reverse("portal:goal_entry", args=[portal.anna_goal.pk]),
                           {"kind": "comment", "text": "Hej fra Bo"})
    assert response.status_code == 404
    assert not GoalEntry.objects.exists()


def test_a_citizen_comments_on_own_goal(client, portal):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:goal_entry", args=[portal.anna_goal.pk]),
                           {"kind": "step", "text": "Jeg går i seng kl. 23"})
    assert response.status_code == 302
    page = client.get(reverse("portal:plan")).content.decode()
    assert "Jeg går i seng kl. 23" in page and "Mit eget skridt" in page


def test_staff_with_a_grant_cannot_write_in_the_portal(client, portal, world):
    client.force_login(world.other_worker)
    response = client.post(reverse("portal:goal_entry", args=[portal.anna_goal.pk]),
                           {"kind": "comment", "text": "Medarbejder skriver"})
    assert response.status_code == 403 and not GoalEntry.objects.exists()


HOSTILE = ["", " ", "\x00", "x" * 2001, "<script>alert(1)</script>", "'; DROP TABLE citizens;--", "😀" * 10]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_on_the_goal_form(client, portal, text):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:goal_entry", args=[portal.anna_goal.pk]), {"kind": "comment",
                                                                                       "text": text})
    if text in ("<script>alert(1)</script>", "'; DROP TABLE citizens;--", "😀" * 10):
        assert response.status_code == 302
        page = client.get(reverse("portal:plan")).content.decode()
        assert "<script>alert(1)</script>" not in page
    else:
        assert response.status_code == 400
        assert "Formularen er ikke gemt" in response.content.decode()
        assert not GoalEntry.objects.exists()


@pytest.mark.parametrize("data", [{"kind": "delete", "text": "Hej hej"}, {"text": "Hej hej"}, {},
                                  {"kind": ["comment", "step"], "text": "Hej"}, {"kind": "\x00", "text": "Hej"}])
def test_hostile_kinds_on_the_goal_form(client, portal, data):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:goal_entry", args=[portal.anna_goal.pk]), data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:  # a list of kinds: the last one counts, as Django reads a form
        assert GoalEntry.objects.get().kind in ("comment", "step")
    else:
        assert not GoalEntry.objects.exists()


@pytest.mark.parametrize("goal_id", ["0", "99999999999999999999", "abc", "-1"])
def test_odd_goal_ids(client, portal, goal_id):
    log_in_as(client, portal.anna)
    response = client.post(f"/min/maal/{goal_id}/skriv/", {"kind": "comment", "text": "Hej"})
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["fra=2026-13-01", "fra=abc", "til=\x00", "fra=2026-05-01&til=2026-04-01",
                                   "fra=0001-01-01", "side=abc", "side=99999999999999999999", "egne=ja&fra=",
                                   "fra=" + "9" * 500])
def test_hostile_period_filter(client, portal, query):
    log_in_as(client, portal.anna)
    response = client.get(reverse("portal:log") + "?" + query)
    assert response.status_code in (200, 400)
    export = client.get(reverse("portal:log_export") + "?" + query)
    assert export.status_code in (200, 302)


def test_the_export_is_a_csv_and_is_logged(client, portal, world):
    AccessEvent.objects.create(municipality=world.ballerup, actor=world.own_worker, citizen=world.anna,
                               what="Borgeroverblik", reason="", break_glass=False)
    log_in_as(client, portal.anna)
    response = client.get(reverse("portal:log_export"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Tidspunkt;Hvem") and "Borgeroverblik" in text
    assert "Testesen" not in text and world.anna.cpr not in text
    assert AccessEvent.objects.filter(actor=portal.anna.user, what__startswith="Min log, eksport").exists()


def _staff_urls():
    """Every page of the project without arguments, outside the citizen's own and the public pages."""
    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and not p.pattern.converters and p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name), "/" + prefix + str(p.pattern)
    for name, route in walk(get_resolver().url_patterns):
        if name.startswith(("portal:", "tenancy:")) or "<" in route or "^" in route or name == "health":
            continue
        yield name, route


def test_no_staff_page_is_reachable_with_a_citizen_session(client, portal):
    log_in_as(client, portal.anna)
    reached = []
    for name, route in _staff_urls():
        for method in (client.get, client.post):
            response = method(route)
            if name == "home":  # the start page sends a citizen to Min plan
                assert response.status_code == 302 and response["Location"] == reverse("portal:plan")
            elif response.status_code not in (403, 404, 405):
                reached.append((name, route, method.__name__, response.status_code))
    assert reached == []
    assert len(list(_staff_urls())) > 40


def test_staff_pages_with_a_citizen_id_are_refused_too(client, portal, world):
    log_in_as(client, portal.anna)
    for url in (reverse("citizen", args=[world.anna.pk]), reverse("citizen_plan", args=[world.anna.pk]),
                reverse("citizen_access_log", args=[world.anna.pk])):
        assert client.get(url).status_code == 403


def test_the_test_login_can_be_switched_off(client, portal, settings):
    settings.TOVHOLDER_CITIZEN_TEST_LOGIN = False
    assert client.post(reverse("portal:test_login"), {"konto": portal.anna.pk}).status_code == 404
    assert "Testlogin" not in client.get(reverse("portal:login")).content.decode()


def test_the_test_login_refuses_a_staff_session_and_an_odd_account(client, portal, world):
    client.force_login(world.own_worker)
    assert client.post(reverse("portal:test_login"), {"konto": portal.anna.pk}).status_code == 403
    client.logout()
    for konto in ("", "abc", "\x00", "99999999999999999999", str(portal.anna.pk + 1000)):
        response = client.post(reverse("portal:test_login"), {"konto": konto})
        assert response.status_code == 302 and response["Location"] == reverse("portal:login")
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_citizen_session(client, portal):
    log_in_as(client, portal.anna)
    assert client.post(reverse("portal:logout")).status_code == 302
    assert client.get(reverse("portal:plan")).status_code == 302


def test_the_cpr_is_never_logged_in_plain_text(client, portal, world, caplog):
    import logging

    from tovholder.portal.identity import Assurance
    from tovholder.portal.login import log_in

    from .conftest import identity

    caplog.set_level(logging.DEBUG)
    log_in_as(client, portal.anna)
    from django.test import RequestFactory

    request = RequestFactory().post("/min/saml2/acs/")
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request.user, request.session = AnonymousUser(), SessionStore()
    assert log_in(request, identity(world.bo, Assurance.LOW)) is None
    assert world.anna.cpr not in caplog.text and world.bo.cpr not in caplog.text


def test_staff_see_the_citizens_words_on_the_plan_page(client, portal, world):
    from tovholder.portal import services

    services.add_goal_entry(actor=portal.anna.user, goal_id=portal.anna_goal.pk, kind="comment",
                            text="Jeg sover bedre nu")
    client.force_login(world.own_worker)
    page = client.get(reverse("citizen_plan", args=[world.anna.pk])).content.decode()
    assert "Borgerens egne ord fra Min Tovholder" in page and "Jeg sover bedre nu" in page


def test_the_logins_command_tells_how_to_log_in_as_a_test_citizen(portal, world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("logins", stdout=out)
    assert "Testlogin – kun demo" in out.getvalue() and "Anna Jensen" in out.getvalue()
    assert world.anna.cpr not in out.getvalue()


# ---- relatives (a citizen granted access to chosen parts): only their own pages, only what was granted ----

@pytest.mark.parametrize("who", ["with_grant", "without_grant", "withdrawn_account"])
def test_a_relative_reaches_only_its_own_pages_and_only_what_was_granted(client, portal, world, relatives, who):
    log_in_relative(client, getattr(relatives, who))
    for name in PAGES:  # the citizen's own pages
        assert client.get(reverse(name)).status_code == 403, name
    writes = [(reverse("portal:goal_entry", args=[portal.anna_goal.pk]), {"kind": "comment", "text": "Hej"}),
              (reverse("portal:grant_create"), {"relative": relatives.mor.pk, "parts": ["crisis_plan"],
                                                "cpr": STRANGER_CPR}),
              (reverse("portal:grant_withdraw", args=[relatives.grant.pk]), {}),
              (reverse("portal:consent_withdraw", args=[Consent.objects.get(citizen=world.anna).pk]), {})]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert not GoalEntry.objects.exists() and Consent.objects.get(citizen=world.anna).active
    assert RelativeGrant.objects.get(pk=relatives.grant.pk).active
    home = client.get(reverse("portal:relative_home"))
    assert home.status_code == 200
    assert ("Anna Jensen" in home.content.decode()) == (who == "with_grant")
    assert "Bo Hansen" not in home.content.decode()
    for grant in (relatives.grant, relatives.withdrawn):
        expected = 200 if (who, grant) == ("with_grant", relatives.grant) else 404
        assert client.get(reverse("portal:relative_grant", args=[grant.pk])).status_code == expected
    for odd in ("abc", "-1", "0", "9" * 30):
        assert client.get(f"/min/paaroerende/{odd}/").status_code == 404
    for url in (reverse("citizen", args=[world.anna.pk]), reverse("citizen_plan", args=[world.anna.pk]),
                reverse("citizen_access_log", args=[world.anna.pk])):
        assert client.get(url).status_code == 403
    assert client.get("/")["Location"] == reverse("portal:relative_home")


def test_no_staff_page_is_reachable_with_a_relative_session(client, portal, relatives):
    log_in_relative(client, relatives.with_grant)
    reached = []
    for name, route in _staff_urls():
        for method in (client.get, client.post):
            response = method(route)
            if name == "home":
                assert response.status_code == 302 and response["Location"] == reverse("portal:relative_home")
            elif response.status_code not in (403, 404, 405):
                reached.append((name, route, method.__name__, response.status_code))
    assert reached == []


def test_the_relative_pages_as_citizens_staff_and_nobody(client, portal, world, relatives):
    urls = [reverse("portal:relative_home"), reverse("portal:relative_grant", args=[relatives.grant.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    client.force_login(world.own_worker)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    client.logout()
    for account in (portal.anna, portal.bo):  # the citizen who granted it reads it on their own pages, not here
        log_in_as(client, account)
        assert [client.get(url).status_code for url in urls] == [403, 403]
        client.logout()


def test_the_test_login_lists_test_relatives_and_refuses_odd_ones(client, portal, relatives, settings):
    page = client.get(reverse("portal:login")).content.decode()
    assert "Log ind som testpårørende" in page and "Birthe Jensen (testpårørende" in page
    for odd in ("", "abc", "\x00", "9" * 30, str(relatives.with_grant.pk + 1000)):
        response = client.post(reverse("portal:test_login"), {"paaroerende": odd})
        assert response.status_code == 302 and response["Location"] == reverse("portal:login")
    assert "_auth_user_id" not in client.session
    settings.TOVHOLDER_CITIZEN_TEST_LOGIN = False
    assert client.post(reverse("portal:test_login"), {"paaroerende": relatives.with_grant.pk}).status_code == 404
