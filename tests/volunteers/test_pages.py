"""The pages of volunteers × the standing users: need to know for wishes and agreements, only the
coordinator for volunteers and matching, every read of citizen data logged; hostile input through the
pages; the volunteer's sheet shows first name, contact arrangement and meeting place only."""

import pytest
from django.urls import reverse

from tovholder.audit.models import AccessEvent
from tovholder.volunteers import services
from tovholder.volunteers.models import Agreement, CompanionWish, Volunteer

from .conftest import days

OK, DENY, GLASS, NOTFOUND = 200, 403, 302, 404
USERS = ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker", "coord"]

# url name -> user -> expected status for Anna (own_worker knows her; the manager sees sub-units)
CITIZEN_PAGES = {
    "citizen_companion": dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=GLASS, admin=DENY,
                              herlev_worker=NOTFOUND, coord=DENY),
    "wish_create": dict(own_worker=OK, other_worker=DENY, manager=DENY, caseworker=DENY, admin=DENY,
                        herlev_worker=NOTFOUND, coord=DENY),
}
AGREEMENT_PAGES = {
    "companion_agreement": dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=GLASS, admin=DENY,
                                herlev_worker=NOTFOUND, coord=OK),
    "companion_sheet": dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=GLASS, admin=DENY,
                            herlev_worker=NOTFOUND, coord=OK),
}
COORDINATOR_PAGES = ["volunteer_list", "volunteer_create", "wish_list"]


@pytest.fixture
def agreement(world, vw):
    a = services.start_agreement(actor=vw["coord"], wish=vw["wish"], volunteer=vw["lise"], starts_on=days(-10),
                                 ends_on=days(300))
    services.log_outing(actor=vw["coord"], agreement=a, day=days(-3), minutes=120, what="Svømning")
    return a


def _user(world, vw, name):
    return vw["coord"] if name == "coord" else getattr(world, name)


@pytest.mark.parametrize("url_name", sorted(CITIZEN_PAGES))
@pytest.mark.parametrize("user_name", USERS)
def test_citizen_pages_need_to_know(client, world, vw, agreement, url_name, user_name):
    user = _user(world, vw, user_name)
    client.force_login(user)
    before = AccessEvent.objects.filter(citizen=world.anna, actor=user).count()
    response = client.get(reverse(url_name, args=[world.anna.pk]))
    expected = CITIZEN_PAGES[url_name][user_name]
    assert response.status_code == expected
    logged = AccessEvent.objects.filter(citizen=world.anna, actor=user).count() - before
    assert logged == (1 if expected == OK else 0)


@pytest.mark.parametrize("url_name", sorted(AGREEMENT_PAGES))
@pytest.mark.parametrize("user_name", USERS)
def test_agreement_pages_need_to_know(client, world, vw, agreement, url_name, user_name):
    user = _user(world, vw, user_name)
    client.force_login(user)
    before = AccessEvent.objects.filter(citizen=world.anna, actor=user).count()
    response = client.get(reverse(url_name, args=[agreement.pk]))
    expected = AGREEMENT_PAGES[url_name][user_name]
    assert response.status_code == expected
    logged = AccessEvent.objects.filter(citizen=world.anna, actor=user).count() - before
    assert logged == (1 if expected == OK else 0)
    if expected == OK:
        text = response.content.decode()
        assert "Anna" in text
        # the coordinator sees the first name only; the volunteer's sheet never shows more
        assert ("Jensen" in text) == (user_name != "coord" and url_name == "companion_agreement")
        assert world.anna.cpr not in text and world.anna.cpr_display not in text


@pytest.mark.parametrize("user_name", USERS)
def test_coordinator_pages(client, world, vw, agreement, user_name):
    client.force_login(_user(world, vw, user_name))
    for name in COORDINATOR_PAGES:
        assert client.get(reverse(name)).status_code == (OK if user_name == "coord" else DENY), name
    assert client.get(reverse("volunteer_edit", args=[vw["lise"].pk])).status_code == (
        OK if user_name == "coord" else DENY)
    status = client.get(reverse("wish_match", args=[vw["wish"].pk])).status_code
    assert status == (OK if user_name == "coord" else DENY)


def test_the_match_page_shows_suggestions_and_why_and_logs_the_read(client, world, vw):
    client.force_login(vw["coord"])
    response = client.get(reverse("wish_match", args=[vw["wish"].pk]))
    text = response.content.decode()
    assert text.count('data-item="suggestion"') == 1 and "Fælles interesser: Svømning." in text
    assert 'data-item="left-out"' in text and "udløb" in text  # Ole, expired: shown why, never suggested
    assert "Jensen" not in text and "Anna" in text
    assert AccessEvent.objects.filter(citizen=world.anna, actor=vw["coord"], what__startswith="Frivilligmatch").exists()


def test_the_coordinator_matches_through_the_page_and_an_expired_volunteer_is_refused(client, world, vw):
    client.force_login(vw["coord"])
    url = reverse("wish_match", args=[vw["wish"].pk])
    data = {"action": "start", "volunteer": vw["old"].pk, "starts_on": days(0).isoformat(),
            "ends_on": days(100).isoformat(), "offer": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "udløb" in response.content.decode()
    for bad in ({"ends_on": days(-1).isoformat()}, {"volunteer": "abc"}, {"volunteer": "999999"},
                {"starts_on": "9999-01-01"}, {"offer": "x"}):
        response = client.post(url, {**data, "volunteer": vw["lise"].pk, **bad})
        assert response.status_code == 200 and "Formularen er ikke gemt" in response.content.decode(), bad
    assert not Agreement.objects.exists()
    response = client.post(url, {**data, "volunteer": vw["lise"].pk})
    a = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("companion_agreement", args=[a.pk])
    assert a.match_reasons[0] == "Fælles interesser: Svømning."


def test_the_worker_records_a_wish_through_the_page(client, world):
    client.force_login(world.own_worker)
    url = reverse("wish_create", args=[world.anna.pk])
    data = {"wish": "Svømmehallen", "interests": ["swimming"], "availability": ["mon-am"],
            "contact_arrangement": "Ring", "meeting_place": "Stationen", "consent_given_on": days(0).isoformat()}
    response = client.post(url, data)  # no consent
    assert response.status_code == 200 and "samtykke" in response.content.decode()
    response = client.post(url, {**data, "consent": "on", "meeting_place": "m" * 10_000})
    assert response.status_code == 200 and "der er plads til" in response.content.decode()
    assert not CompanionWish.objects.exists()
    assert client.post(url, {**data, "consent": "on"}).status_code == 302
    assert CompanionWish.objects.get().citizen == world.anna


def test_html_in_names_is_escaped(client, world, coord):
    client.force_login(coord)
    services.register_volunteer(actor=coord, first_name="<script>alert(1)</script>", last_name="X",
                                phone="12345678", interests=["walks"], availability=["mon-am"])
    text = client.get(reverse("volunteer_list")).content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


def test_malformed_ids_are_not_found(client, world, vw):
    client.force_login(vw["coord"])
    assert client.get("/frivillige/oensker/abc/").status_code == 404
    assert client.get("/frivillige/aftale/99999999/").status_code == 404
    assert client.get(reverse("volunteer_edit", args=[99999999])).status_code == 404


def test_outing_and_end_through_the_agreement_page(client, world, vw, agreement):
    url = reverse("companion_agreement", args=[agreement.pk])
    client.force_login(world.other_worker)
    assert client.post(url, {"action": "outing", "outing-day": days(-1).isoformat(),
                             "outing-minutes": "60"}).status_code == 403
    client.force_login(vw["coord"])
    response = client.post(url, {"action": "outing", "outing-day": days(-1).isoformat(), "outing-minutes": "abc"})
    assert response.status_code == 200 and "Formularen er ikke gemt" in response.content.decode()
    assert client.post(url, {"action": "outing", "outing-day": days(-1).isoformat(), "outing-minutes": "60",
                             "outing-what": "Café"}).status_code == 302
    assert agreement.outings.count() == 2
    response = client.post(url, {"action": "end", "end-version": agreement.version,
                                 "end-ended_on": days(-20).isoformat(), "end-reason": "citizen_stops"})
    assert response.status_code == 200 and "før aftalens start" in response.content.decode()
    assert client.post(url, {"action": "end", "end-version": Agreement.objects.get().version,
                             "end-ended_on": days(0).isoformat(), "end-reason": "citizen_stops"}).status_code == 302
    assert Agreement.objects.get().ended_on == days(0)


def test_the_sheet_shows_only_what_the_volunteer_may_know(client, world, vw, agreement):
    client.force_login(vw["coord"])
    text = client.get(reverse("companion_sheet", args=[agreement.pk])).content.decode()
    sheet = text[text.index("<dl"):text.index("</dl>")]
    assert "Anna" in sheet and "Ring dagen før" in sheet and "Ballerup Station" in sheet
    for secret in ("Jensen", world.anna.cpr, "Svømmehallen", "Svømning"):
        assert secret not in text


def test_overview_section_and_timeline_show_the_agreement(client, world, vw, agreement):
    client.force_login(world.own_worker)
    text = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    assert "Har frivillig ledsager (Lise)" in text
    assert "Frivillig ledsager Lise begyndte" in text


def test_the_coordinator_start_page_panel(client, world, vw, agreement):
    services.register_volunteer(actor=vw["coord"], first_name="Due", last_name="Snart", phone="12345678",
                                interests=["walks"], availability=["mon-am"], certificate_seen_on=days(-300),
                                certificate_renew_by=days(20))
    services.record_wish(actor=world.other_worker, citizen=world.bo, interests=["walks"], availability=["mon-am"],
                         wish="Gåture", contact_arrangement="Sms", meeting_place="Stationen",
                         consent_given_on=days(0), consent=True)
    client.force_login(vw["coord"])
    response = client.get(reverse("home"))
    assert "frivillige" in [p.key for p in response.context["panels"]]
    text = response.content.decode()
    assert text.count('data-item="wish"') == 1 and text.count('data-item="agreement"') == 1
    assert text.count('data-item="certificate"') == 2  # Ole (expired) and Due (20 days)
    assert "Hansen" not in text  # first names only
    assert AccessEvent.objects.filter(citizen=world.bo, actor=vw["coord"]).exists()
    client.force_login(world.own_worker)
    assert "frivillige" not in [p.key for p in client.get(reverse("home")).context["panels"]]


def test_volunteer_pages_write(client, world, coord):
    client.force_login(coord)
    data = {"first_name": "Ny", "last_name": "Frivillig", "phone": "12345678", "interests": ["walks"],
            "availability": ["mon-am"], "certificate_seen_on": days(-1).isoformat(),
            "certificate_renew_by": days(-5).isoformat(), "consents_to_contact": "on", "max_agreements": "1",
            "active": "on"}
    response = client.post(reverse("volunteer_create"), data)
    assert response.status_code == 200 and "Formularen er ikke gemt" in response.content.decode()
    assert not Volunteer.objects.exists()
    assert client.post(reverse("volunteer_create"), {**data, "certificate_renew_by": days(700).isoformat()}
                       ).status_code == 302
    v = Volunteer.objects.get()
    assert client.post(reverse("volunteer_edit", args=[v.pk]), {**data, "version": v.version,
                                                                 "certificate_renew_by": days(900).isoformat()}
                       ).status_code == 302
    assert Volunteer.objects.get().certificate_renew_by == days(900)


def test_the_panel_figures_equal_the_lists_behind_them(client, world, vw, agreement):
    from tests.test_start_pages import figures, items

    client.force_login(vw["coord"])
    found = figures(client)
    for key, item in (("volunteer-wishes", "wish"), ("volunteer-certificates", "certificate"),
                      ("volunteer-agreements", "agreement")):
        href, value = found[key]
        assert int(value) == items(client, href, item), key
    assert found["volunteer-agreements"][1] == "1" and found["volunteer-certificates"][1] == "1"
