"""Linking by CPR number never tells a worker who a citizen is, or whether one exists (issue 16).

A worker of the SKP team does not know Bo (Ungeindsats). Registering help, a request or an escalation with
Bo's CPR number must answer exactly as with a number nobody has: the record goes to the caseworkers' queue
with the number as told, and no page shows the worker Bo's name.
"""

import datetime
import re

from django.urls import reverse

from tovholder.visitation import services
from tovholder.visitation.models import DirectHelp, Request

TODAY = datetime.date.today
UNKNOWN = "1111111118"  # a valid number nobody in the municipality has


def _said(response) -> list[str]:
    """What the page tells the user: its messages and form errors."""
    text = response.content.decode()
    return re.findall(r'alert-text">(.*?)</p>', text) + re.findall(r'form-error-message[^>]*>(.*?)<', text)


def _page_text(response) -> str:
    """The page without its CSRF token and ids, so two answers can be compared."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r"\d+", "#", text)


def _help(client, offers, cpr):
    return client.post(reverse("direct_help"), {"offer": offers.counselling.pk, "given_on": TODAY().isoformat(),
                                                "minutes": 30, "note": "Samtale ved skranken", "cpr": cpr,
                                                "anonymous_label": ""}, follow=True)


def test_direct_help_with_a_cpr_outside_need_to_know_shows_no_name_and_answers_as_for_an_unknown_number(
        client, world, offers):
    client.force_login(world.own_worker)
    known = _help(client, offers, world.bo.cpr)
    unknown = _help(client, offers, UNKNOWN)
    assert known.status_code == unknown.status_code == 200
    for response in (known, unknown):
        text = response.content.decode()
        assert "Bo Hansen" not in text and "Hansen" not in text
        assert "Der findes ingen borger" not in text
        assert "Hjælpen er registreret" in text
    assert _said(known) == _said(unknown) == ["Hjælpen er registreret."]
    assert "Anonym: Borger med oplyst CPR-nummer" in _page_text(unknown)
    assert _page_text(known).count("Anonym: Borger med oplyst CPR-nummer") == 1
    # both went to the caseworkers as requests with the number as told; neither is linked to Bo here
    helps = DirectHelp.objects.filter(worker=world.own_worker)
    assert helps.count() == 2 and not helps.filter(citizen__isnull=False).exists()
    assert sorted(Request.objects.filter(received_by=world.own_worker).values_list("cpr_given", flat=True)) == sorted(
        [world.bo.cpr, UNKNOWN])
    assert client.get(reverse("citizen", args=[world.bo.pk])).status_code == 403


def test_direct_help_for_a_citizen_the_worker_knows_is_linked(client, world, offers):
    client.force_login(world.own_worker)
    response = _help(client, offers, world.anna.cpr)
    assert "Anna Jensen" in response.content.decode()
    assert DirectHelp.objects.get(worker=world.own_worker).citizen == world.anna


def _request(client, cpr, first="", last=""):
    return client.post(reverse("request_create"), {
        "source": "citizen", "asks_for": "Vil gerne tale med nogen", "received_on": TODAY().isoformat(),
        "urgency": "normal", "cpr": cpr, "first_name": first, "last_name": last, "anonymous_label": "",
        "requester_name": "", "offer_wanted": ""}, follow=True)


def test_a_request_with_a_cpr_outside_need_to_know_answers_as_for_an_unknown_number(client, world):
    client.force_login(world.own_worker)
    known = _request(client, world.bo.cpr, "Bo", "Hansen")
    unknown = _request(client, UNKNOWN, "Bo", "Hansen")
    assert known.status_code == unknown.status_code == 200
    assert _page_text(known).replace(world.bo.cpr, "X") == _page_text(unknown).replace(UNKNOWN, "X")
    assert "kan ikke oprette nye borgere" not in known.content.decode()
    mine = Request.objects.filter(received_by=world.own_worker)
    assert mine.count() == 2 and not mine.filter(citizen__isnull=False).exists()
    assert set(mine.values_list("status", flat=True)) == {Request.Status.OPEN}  # in the caseworkers' queue


def test_identifying_a_request_by_cpr_tells_the_worker_nothing(client, world):
    req = services.register_request(actor=world.own_worker, source="citizen", asks_for="Hjælp",
                                    received_on=TODAY(), anonymous_label="Mand ca. 30")
    client.force_login(world.own_worker)
    answers = []
    for cpr in (world.bo.cpr, UNKNOWN):
        req.refresh_from_db()
        Request.objects.filter(pk=req.pk).update(cpr_given="", name_given="")
        response = client.post(reverse("request_detail", args=[req.pk]), {
            "version": req.version, "cpr": cpr, "first_name": "", "last_name": ""}, follow=True)
        assert response.status_code == 200
        answers.append(_page_text(response).replace(cpr, "X"))
        assert "Der findes ingen borger" not in response.content.decode()
        assert "Hansen" not in response.content.decode()
        req.refresh_from_db()
        assert req.citizen_id is None and req.cpr_given == cpr
    assert answers[0] == answers[1]


def test_escalating_with_a_cpr_outside_need_to_know_answers_as_for_an_unknown_number(client, world, offers):
    client.force_login(world.own_worker)
    answers = []
    for cpr in (world.bo.cpr, UNKNOWN):
        help_ = services.give_direct_help(actor=world.own_worker, offer=offers.counselling, given_on=TODAY(),
                                          minutes=20, anonymous_label="Mand ca. 30")
        for names in ({"first_name": "", "last_name": ""}, {"first_name": "Bo", "last_name": "Hansen"}):
            response = client.post(reverse("direct_help_escalate", args=[help_.pk]), {
                "caseworker": world.caseworker.pk, "cpr": cpr, **names}, follow=True)
            assert response.status_code == 200
            answers.append(_said(response))
        help_.refresh_from_db()
        assert help_.citizen_id is None and help_.escalated_to_id is None
        assert help_.request.cpr_given == cpr and help_.request.citizen_id is None
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert not world.bo.cases.exists()
