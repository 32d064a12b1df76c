"""The pages of care messages, agreements and the coordinated plan: need to know with the standing users,
the access log, hostile ids, and the coordinated plan on the citizen's plan page."""

import pytest
from django.urls import reverse

from tests.crosssector.care_world import PDF, incoming
from tests.crosssector.test_agreements import content, save_plan
from tovholder.audit.models import AccessEvent
from tovholder.crosssector import agreements, messages
from tovholder.crosssector.models import CareThread


@pytest.fixture
def pages(world, cw):
    _r, message = messages.receive(data=incoming(cw))
    head = agreements.write_agreement(actor=world.own_worker, admission=cw.admission, kind="agreement", **content())
    plan = save_plan(world, cw)
    return {
        "citizen": reverse("citizen_care", args=[world.anna.pk]),
        "thread": reverse("care_thread", args=[message.thread_id]),
        "new": reverse("care_message_new", args=[world.anna.pk]),
        "agreement": reverse("discharge_agreement", args=[head.pk]),
        "agreement_new": reverse("discharge_agreement_new", args=[cw.admission.pk]),
        "revise": reverse("discharge_agreement_revise", args=[head.pk]),
        "pdf": reverse("discharge_agreement_pdf", args=[head.pk, 1]),
        "plan": reverse("coordinated_plan", args=[plan.pk]),
        "plan_edit": reverse("coordinated_plan_edit", args=[world.anna.pk]),
    }


@pytest.mark.parametrize("name", ["citizen", "thread", "new", "agreement", "agreement_new", "revise", "pdf", "plan",
                                  "plan_edit"])
def test_need_to_know_on_every_page(client, world, pages, name):
    url = pages[name]
    client.force_login(world.own_worker)
    before = AccessEvent.objects.filter(citizen=world.anna).count()
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(citizen=world.anna).count() > before
    client.force_login(world.other_worker)
    assert client.get(url).status_code == 403
    client.force_login(world.herlev_worker)
    assert client.get(url).status_code in (403, 404)


def test_the_inbox_page_lists_by_category(client, world, pages):
    client.force_login(world.own_worker)
    page = client.get(reverse("care_inbox") + "?kategori=psychiatry-social-disability").content.decode()
    assert "Psykiatri, social, handicap" in page and "Udskrivelse" in page
    client.force_login(world.other_worker)
    assert "Udskrivelse" not in client.get(reverse("care_inbox")).content.decode()


@pytest.mark.parametrize("value", ["abc", "0", "99999999999", "1e5"])
def test_hostile_ids_are_404(client, world, pages, value):
    client.force_login(world.own_worker)
    assert client.get(f"/korrespondance/traad/{value}/").status_code == 404
    assert client.get(f"/korrespondance/borger/{world.anna.pk}/?kategori={value}").status_code == 200


def test_reply_through_the_page_with_a_pdf(client, world, pages, cw):
    client.force_login(world.own_worker)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(pages["thread"], {"action": "reply", "reply-text": "Vi kommer.",
                                             "reply-attachment": SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    assert len(list(cw.out.glob("*.json"))) == 1
    bad = client.post(pages["thread"], {"action": "reply", "reply-text": "",
                                        "reply-attachment": SimpleUploadedFile("a.exe", b"MZ", "application/pdf")})
    assert bad.status_code == 200 and "PDF" in bad.content.decode()


def test_the_coordinated_plan_is_shown_on_the_citizens_plan(client, world, pages):
    client.force_login(world.own_worker)
    page = client.get(reverse("citizen_plan", args=[world.anna.pk])).content.decode()
    assert "Fælles forløbsplan (dobbeltdiagnose)" in page and "Brydehuset" in page


def test_the_overview_shows_the_threads(client, world, pages):
    client.force_login(world.own_worker)
    page = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    assert "Korrespondance og aftaler" in page and CareThread.objects.get().topic in page
