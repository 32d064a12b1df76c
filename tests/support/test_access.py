"""Need to know on every support and journal page that shows citizen data, with the standing users:
allowed or refused, and an access event for every allowed read."""

import pytest
from django.urls import reverse

from tovholder.audit.models import AccessEvent
from tovholder.journal import services as journal

from .conftest import goal, start

OK, DENY, GLASS, NOTFOUND = 200, 403, 302, 404
USERS = ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker"]

# Reading Anna's support: as the citizen overview; the caseworker knows Anna through the open case on her.
READ = dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=OK, admin=DENY, herlev_worker=NOTFOUND)
# Writing needs the support role and need to know.
WRITE = dict(own_worker=OK, other_worker=DENY, manager=DENY, caseworker=DENY, admin=DENY, herlev_worker=NOTFOUND)
# The plan and its goals: support staff, and the caseworker of an open case on the citizen, who sets the goals
# of the effort (FFB indsatsmål) and follows up on them.
PLAN = dict(WRITE, caseworker=OK)


@pytest.fixture
def anna(world, sw):
    episode = start(world, sw)
    g = goal(world)
    note = journal.write_note(actor=world.own_worker, citizen=world.anna, kind="phone",
                              occurred_at=episode.created_at, minutes=20, text="Telefonsamtale")
    return {"episode": episode, "goal": g, "note": note}


def _urls(world, anna):
    a = world.anna.pk
    return {
        "citizen_support": (reverse("citizen_support", args=[a]), READ, "Forløb og aftaler"),
        "citizen_plan": (reverse("citizen_plan", args=[a]), READ, "Plan og mål"),
        "episode": (reverse("episode", args=[a, anna["episode"].pk]), READ, "Forløb"),
        "citizen_notes": (reverse("citizen_notes", args=[a]), READ, "Journalnotater"),
        "note": (reverse("note", args=[a, anna["note"].pk]), READ, "Journalnotat med versioner"),
        "plan_edit": (reverse("plan_edit", args=[a]), PLAN, "Plan"),
        "goal_add": (reverse("goal_add", args=[a]), PLAN, "Mål"),
        "goal_edit": (reverse("goal_edit", args=[a, anna["goal"].pk]), PLAN, "Mål"),
        "goal_follow_up": (reverse("goal_follow_up", args=[a, anna["goal"].pk]), PLAN, "Mål"),
        "episode_start": (reverse("episode_start", args=[a]), WRITE, "Forløb"),
        "episode_intensity": (reverse("episode_intensity", args=[a, anna["episode"].pk]), WRITE, "Forløb"),
        "episode_end": (reverse("episode_end", args=[a, anna["episode"].pk]), WRITE, "Forløb"),
        "episode_first_meeting": (reverse("episode_first_meeting", args=[a, anna["episode"].pk]), WRITE, "Forløb"),
        "appointment_add": (reverse("appointment_add", args=[a]), WRITE, "Aftale"),
        "note_write": (reverse("note_write", args=[a]), WRITE, "Journalnotat"),
        "note_correct": (reverse("note_correct", args=[a, anna["note"].pk]), WRITE, "Journalnotat"),
    }


PAGES = ["citizen_support", "citizen_plan", "episode", "citizen_notes", "note", "plan_edit", "goal_add", "goal_edit",
         "goal_follow_up", "episode_start", "episode_intensity", "episode_end", "episode_first_meeting",
         "appointment_add", "note_write", "note_correct"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("user_name", USERS)
def test_need_to_know(client, world, anna, page, user_name):
    url, table, what = _urls(world, anna)[page]
    expected = table[user_name]
    user = getattr(world, user_name)
    client.force_login(user)
    before = AccessEvent.objects.filter(citizen=world.anna, actor=user).count()
    response = client.get(url)
    assert response.status_code == expected, (page, user_name)
    after = AccessEvent.objects.filter(citizen=world.anna, actor=user)
    if expected == OK:
        assert after.count() == before + 1
        assert after.order_by("-pk").first().what.startswith(what)
    else:
        assert after.count() == before
    if expected == GLASS:
        assert response["Location"].startswith(reverse("citizen_break_glass", args=[world.anna.pk]) + "?next=")


def test_ids_from_another_citizen_or_municipality_are_not_found(client, world, anna):
    client.force_login(world.own_worker)
    # Anna's episode under Bo's id, and Herlev's citizen
    assert client.get(reverse("episode", args=[world.herlev_citizen.pk, anna["episode"].pk])).status_code == 404
    client.force_login(world.other_worker)
    assert client.get(reverse("episode", args=[world.bo.pk, anna["episode"].pk])).status_code == 404
    assert client.get(reverse("note", args=[world.bo.pk, anna["note"].pk])).status_code == 404


def test_break_the_glass_reads_but_never_writes(client, world, anna):
    from tests.conftest import make_staff
    from tovholder.citizens import services as citizen_services

    other = make_staff("casew2", world.ballerup, world.casework, "Sagsbehandler")  # Anna's case is not theirs
    citizen_services.break_glass(actor=other, citizen=world.anna, reason="Akut henvendelse fra hospital")
    client.force_login(other)
    response = client.get(reverse("citizen_support", args=[world.anna.pk]))
    assert response.status_code == 200 and "kun læseadgang" not in response.content.decode()
    assert "Du kan se, men ikke ændre" in response.content.decode()
    assert client.get(reverse("goal_add", args=[world.anna.pk])).status_code == 403
    assert AccessEvent.objects.filter(citizen=world.anna, actor=other, break_glass=True,
                                      what="Forløb og aftaler").exists()


def test_overview_shows_plan_episodes_and_notes(client, world, anna):
    client.force_login(world.own_worker)
    text = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    for heading in ("Plan og mål", "Forløb, intensitet og klippekort", "Seneste journalnotater"):
        assert heading in text
    assert "Jeg vil kunne gøre rent selv" in text and "Telefonsamtale" in text
    assert "SKP startede" in text  # the timeline


def test_sub_goal_under_a_foreign_or_broken_id_is_not_found(client, world, anna):
    client.force_login(world.own_worker)
    url = reverse("goal_add", args=[world.anna.pk])
    assert client.get(url + "?under=abc").status_code == 404
    assert client.get(url + "?under=999999").status_code == 404
    assert client.get(url + f"?under={anna['goal'].pk}").status_code == 200
