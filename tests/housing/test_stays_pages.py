"""The pages of stays and the shared quota × the standing users (and the stays' worker and Herlev's leader):
need to know per page, every read of citizen data logged; hostile input through the pages."""

import datetime

import pytest
from django.urls import reverse

from tovholder.audit.models import AccessEvent
from tovholder.housing.models import Stay
from tovholder.offers.models import OfferQuota

from .conftest import TODAY, start
from .test_flex_quota import in_flex

OK, DENY, GLASS, NOTFOUND = 200, 403, 302, 404
USERS = ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker", "rehab", "hleder"]

LIST_PAGES = {
    "stays": dict(own_worker=DENY, other_worker=DENY, manager=OK, caseworker=OK, admin=DENY, herlev_worker=DENY,
                  rehab=OK, hleder=OK),
    "shared_offers": dict(own_worker=OK, other_worker=OK, manager=OK, caseworker=OK, admin=OK, herlev_worker=OK,
                          rehab=OK, hleder=OK),
}
STAY_PAGE = dict(own_worker=DENY, other_worker=DENY, manager=OK, caseworker=OK, admin=DENY,
                 herlev_worker=NOTFOUND, rehab=OK, hleder=NOTFOUND)
START_PAGE = dict(own_worker=DENY, other_worker=DENY, manager=DENY, caseworker=OK, admin=DENY,
                  herlev_worker=DENY, rehab=DENY, hleder=DENY)  # the role first: none of them runs stays
SERVED_PAGE = dict(own_worker=DENY, other_worker=DENY, manager=DENY, caseworker=DENY, admin=DENY, herlev_worker=OK,
                   rehab=DENY, hleder=OK)
QUOTA_PAGE = dict(own_worker=DENY, other_worker=DENY, manager=NOTFOUND, caseworker=DENY, admin=NOTFOUND,
                  herlev_worker=DENY, rehab=DENY, hleder=OK)


def _user(world, st, name):
    return {"rehab": st.rehab_worker, "hleder": st.herlev_leader}.get(name) or getattr(world, name)


@pytest.mark.parametrize("url_name", sorted(LIST_PAGES))
@pytest.mark.parametrize("user_name", USERS)
def test_list_pages(client, world, st, url_name, user_name):
    start(world, st)
    client.force_login(_user(world, st, user_name))
    response = client.get(reverse(url_name))
    assert response.status_code == LIST_PAGES[url_name][user_name]


@pytest.mark.parametrize("user_name", USERS)
def test_the_stays_list_shows_only_known_citizens_and_logs_them(client, world, st, user_name):
    start(world, st)
    user = _user(world, st, user_name)
    client.force_login(user)
    response = client.get(reverse("stays"))
    if response.status_code != OK:
        return
    shown = "Casey Nielsen" in response.content.decode()
    assert shown == (user_name in ("manager", "caseworker", "rehab"))
    assert AccessEvent.objects.filter(actor=user, citizen=world.casey).exists() == shown


@pytest.mark.parametrize("user_name", USERS)
def test_the_stay_page_needs_to_know_the_citizen(client, world, st, user_name):
    stay = start(world, st)
    user = _user(world, st, user_name)
    client.force_login(user)
    response = client.get(reverse("stay", args=[stay.pk]))
    assert response.status_code == STAY_PAGE[user_name]
    assert AccessEvent.objects.filter(actor=user, citizen=world.casey).exists() == (response.status_code == OK)
    if response.status_code == OK:
        body = response.content.decode()
        assert "Rosenvej 3, 2750 Ballerup" in body and "Lejebolig; huslejen betales videre" in body
        assert ("Afslut opholdet" in body) == (user_name in ("caseworker", "rehab"))
        assert ("Bevilg og bestil støtten" in body) == (user_name == "caseworker")


@pytest.mark.parametrize("user_name", USERS)
def test_the_start_page_is_for_who_runs_stays_and_knows_the_citizen(client, world, st, user_name):
    client.force_login(_user(world, st, user_name))
    response = client.get(reverse("stay_start", args=[world.casey.pk]))
    assert response.status_code == START_PAGE[user_name]


@pytest.mark.parametrize("user_name", USERS)
def test_the_provider_page_is_for_the_providing_unit(client, world, st, user_name):
    in_flex(world, st, world.casey)
    user = _user(world, st, user_name)
    client.force_login(user)
    response = client.get(reverse("served_citizens", args=[st.flex.pk]))
    assert response.status_code == SERVED_PAGE[user_name]
    if response.status_code == OK:
        body = response.content.decode()
        assert "Casey Nielsen" in body and "Ballerup Kommune" in body
        assert world.casey.cpr not in body and "0303801236" not in body
        assert AccessEvent.objects.filter(actor=user, citizen=world.casey).exists()


@pytest.mark.parametrize("user_name", USERS)
def test_the_quota_page_is_the_operators(client, world, st, user_name):
    client.force_login(_user(world, st, user_name))
    response = client.get(reverse("quota_edit", args=[st.flex.pk, world.ballerup.pk]))
    assert response.status_code == QUOTA_PAGE[user_name]


def test_the_shared_page_shows_the_quota_on_both_sides_and_the_check(client, world, st):
    in_flex(world, st, world.casey)
    for user in (world.own_worker, world.herlev_worker):
        client.force_login(user)
        body = client.get(reverse("shared_offers")).content.decode()
        assert "1 af 1" in body and "0 af 8" in body
        assert "Casey" not in body
    OfferQuota.objects.filter(offer=st.flex, municipality=world.ballerup).update(places=0)
    client.force_login(world.manager)
    body = client.get(reverse("shared_offers")).content.decode()
    assert "Ballerup Kommune bruger 1 af 0 pladser" in body
    client.force_login(world.own_worker)
    assert "Kontrol: over kvoten" not in client.get(reverse("shared_offers")).content.decode()


def _start_form(st, **change):
    data = {"place": str(st.room.pk), "entry_reason": str(st.discharge.pk), "referred_by": "Psykiatrisk Center",
            "started_on": TODAY().isoformat(), "planned_return_on": (TODAY() + datetime.timedelta(days=60)).isoformat(),
            "home_address": "Rosenvej 3, 2750 Ballerup", "home_tenancy": "Lejebolig; huslejen betales videre",
            "beyond_max_reason": ""}
    data.update(change)
    return data


@pytest.mark.parametrize("change,message", [
    (dict(planned_return_on=(TODAY() + datetime.timedelta(days=120)).isoformat()), "højst vare 90 dage"),
    (dict(planned_return_on=(TODAY() - datetime.timedelta(days=1)).isoformat()), "skal ligge efter indskrivningen"),
    (dict(place="999999999999999999999"), "Marker en gyldig valgmulighed"),
    (dict(place="abc"), "Marker en gyldig valgmulighed"),
    (dict(started_on="31-02-2026"), "gyldig dato"),
    (dict(home_address=""), "skal udfyldes"),
])
def test_hostile_starts_through_the_page(client, world, st, change, message):
    client.force_login(world.caseworker)
    response = client.post(reverse("stay_start", args=[world.casey.pk]), _start_form(st, **change))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body, body[body.find("Formularen"):][:1500]
    assert not Stay.objects.exists()


def test_starting_and_ending_through_the_pages(client, world, st):
    client.force_login(world.caseworker)
    response = client.post(reverse("stay_start", args=[world.casey.pk]), _start_form(st))
    stay = Stay.objects.get()
    assert response.status_code == 302 and response.url == reverse("stay", args=[stay.pk])
    before = stay.started_on - datetime.timedelta(days=1)
    end = {"action": "end", "end-version": "1", "end-ended_on": before.isoformat(),
           "end-outcome": "hospital", "end-end_note": ""}
    response = client.post(reverse("stay", args=[stay.pk]), end)
    assert "kan ikke ligge før indskrivningen" in response.content.decode() or "før indskrivningen" in \
        response.content.decode()
    stay.refresh_from_db()
    assert stay.ended_on is None
    end["end-ended_on"] = TODAY().isoformat()
    assert client.post(reverse("stay", args=[stay.pk]), end).status_code == 302
    stay.refresh_from_db()
    assert stay.ended_on == TODAY() and stay.outcome == "hospital"


def test_a_worker_who_may_not_write_cannot_post(client, world, st):
    stay = start(world, st)
    client.force_login(world.manager)  # may read the stay, may not end it
    response = client.post(reverse("stay", args=[stay.pk]), {
        "action": "end", "end-version": "1", "end-ended_on": TODAY().isoformat(), "end-outcome": "other",
        "end-end_note": "Lederen prøver."})
    assert response.status_code == DENY
    stay.refresh_from_db()
    assert stay.ended_on is None


def test_a_negative_quota_through_the_page(client, world, st):
    client.force_login(st.herlev_leader)
    response = client.post(reverse("quota_edit", args=[st.flex.pk, world.ballerup.pk]), {"places": "-1"})
    assert response.status_code == 200 and "0 eller flere" in response.content.decode()
    assert OfferQuota.objects.get(offer=st.flex, municipality=world.ballerup).places == 1


@pytest.mark.parametrize("path", ["/bolig/ophold/99999999999999999999/", "/bolig/faelles/99999999999999999999/borgere/",
                                  "/bolig/ophold/borger/99999999999999999999/ny/"])
def test_out_of_range_ids_are_not_found(client, world, st, path):
    client.force_login(world.caseworker)
    assert client.get(path).status_code == NOTFOUND
