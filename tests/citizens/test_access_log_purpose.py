"""Reading the access log of a citizen outside one's need to know (issue 16): the log names the citizen,
who looked and their reasons, so the purpose is asked first and the read is flagged as breaking the glass
is. Walking ids shows no name and writes no unflagged read."""

from django.urls import reverse

from tovholder.audit.models import AccessEvent

PURPOSE = "Borgerens egen anmodning om indsigt"


def test_the_admin_walking_ids_is_asked_for_a_purpose_and_sees_no_name(client, world):
    client.force_login(world.admin)  # the role reads logs, but knows no citizen
    for citizen in (world.anna, world.bo, world.casey):
        response = client.get(reverse("citizen_access_log", args=[citizen.pk]))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Skriv formålet" in text or "Formål" in text
        assert citizen.full_name not in text and citizen.last_name not in text
    assert not AccessEvent.objects.filter(actor=world.admin).exists()


def test_a_short_purpose_is_refused_in_danish(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("citizen_access_log", args=[world.anna.pk]), {"reason": "kort"})
    assert response.status_code == 400
    assert "Skriv formålet med mindst 10 tegn." in response.content.decode()
    assert not AccessEvent.objects.filter(actor=world.admin).exists()


def test_with_a_purpose_the_read_is_flagged_with_it(client, world):
    client.force_login(world.admin)
    url = reverse("citizen_access_log", args=[world.anna.pk])
    response = client.post(url, {"reason": PURPOSE})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url)
    assert page.status_code == 200 and "Anna Jensen" in page.content.decode()
    event = AccessEvent.objects.get(actor=world.admin, citizen=world.anna)
    assert event.what == "Adgangslog" and event.break_glass and event.reason == PURPOSE
    # the purpose was for Anna only
    assert "Bo Hansen" not in client.get(reverse("citizen_access_log", args=[world.bo.pk])).content.decode()


def test_the_search_by_cpr_logs_its_purpose_flagged_and_opens_the_log(client, world):
    client.force_login(world.admin)
    client.post(reverse("access_log_search"), {"q": "010190-1234", "reason": PURPOSE})
    found = AccessEvent.objects.get(actor=world.admin, citizen=world.anna)
    assert found.reason == PURPOSE and found.break_glass
    assert "Anna Jensen" in client.get(reverse("citizen_access_log", args=[world.anna.pk])).content.decode()
    read = AccessEvent.objects.filter(actor=world.admin, citizen=world.anna, what="Adgangslog").get()
    assert read.break_glass and read.reason == PURPOSE


def test_a_manager_with_need_to_know_reads_the_log_unflagged(client, world):
    client.force_login(world.manager)
    assert client.get(reverse("citizen_access_log", args=[world.anna.pk])).status_code == 200
    event = AccessEvent.objects.get(actor=world.manager, citizen=world.anna)
    assert not event.break_glass
