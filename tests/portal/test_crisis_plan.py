"""My crisis plan (issue 18, item 3): versions that never overwrite, the citizen's share with the coordinator
(audited; staff see it on the plan page only while shared), the PDF, and hostile input."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from tovholder.audit.models import AuditEvent
from tovholder.portal import selectors, services
from tovholder.portal.models import CrisisPlan, CrisisPlanSharing

from .conftest import log_in_as

URL = "/min/kriseplan/"


def _form(**extra) -> dict:
    data = {"based_on": "0", "warning_signs": "Jeg sover dårligt\nJeg trækker mig fra andre",
            "my_actions": "Går en tur", "others_actions": "Ring til mig", "written_with": "",
            "navn_1": "Min søster", "telefon_1": "12 34 56 78", "navn_2": "", "telefon_2": "",
            "navn_3": "", "telefon_3": ""}
    return {**data, **extra}


def _save(account, based_on=0, **texts):
    kwargs = {"warning_signs": "Jeg sover dårligt", "my_actions": "", "others_actions": "",
              "contacts": [("Mor", "+45 11 22 33 44")], "written_with": ""}
    return services.save_crisis_plan(actor=account.user, based_on=based_on, **{**kwargs, **texts})


def test_each_save_is_a_new_version_and_the_earlier_stays(portal, world):
    first = _save(portal.anna, warning_signs="Jeg sover dårligt")
    second = _save(portal.anna, based_on=1, warning_signs="Jeg hører stemmer igen", written_with="Kirsten")
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.warning_signs == "Jeg sover dårligt"  # never overwritten
    assert selectors.current_crisis_plan(world.anna) == second
    assert selectors.current_crisis_plan(world.bo) is None
    assert AuditEvent.objects.filter(action__endswith="crisis_plan.saved", citizen=world.anna).count() == 2


def test_a_stale_save_is_refused_and_writes_nothing(portal):
    _save(portal.anna)
    for based_on in (0, 5, None, -1, 10**20):
        with pytest.raises(ValidationError, match="gemt i et andet vindue"):
            _save(portal.anna, based_on=based_on)
    assert CrisisPlan.objects.count() == 1


def test_the_citizen_writes_two_versions_and_sees_the_first_in_the_history(client, portal):
    log_in_as(client, portal.anna)
    assert client.post(URL, _form()).status_code == 302
    page = client.get(URL).content.decode()
    assert "Jeg trækker mig fra andre" in page and 'href="tel:12345678"' in page and "Version 1" in page
    response = client.post(URL, _form(based_on="1", warning_signs="Jeg hører stemmer", written_with="Kirsten"))
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert "Tidligere versioner" in page and "Version 2" in page and "Skrevet sammen med Kirsten" in page
    history = page[page.index("Tidligere versioner"):]
    assert "Jeg trækker mig fra andre" in history and "Version 1, gemt" in history
    assert list(CrisisPlan.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_a_second_window_with_the_old_version_is_refused_with_a_message(client, portal):
    log_in_as(client, portal.anna)
    client.post(URL, _form())
    response = client.post(URL, _form(warning_signs="Fra det gamle vindue"))  # still based on 0
    assert response.status_code == 400 and "gemt i et andet vindue" in response.content.decode()
    assert CrisisPlan.objects.count() == 1


@pytest.mark.parametrize("data, message", [
    ({"warning_signs": "x" * 10_000}, "højst"),
    ({"my_actions": "x" * 4001}, "højst"),
    ({"warning_signs": "", "my_actions": "", "others_actions": "", "navn_1": "", "telefon_1": ""}, "mindst én ting"),
    ({"navn_1": "Mor", "telefon_1": ""}, "Skriv et telefonnummer"),
    ({"navn_1": "", "telefon_1": "12345678"}, "Skriv et navn"),
    ({"telefon_1": "ring til mig"}, "kun have tal"),
    ({"telefon_1": "javascript:alert(1)"}, "kun have tal"),
    ({"telefon_1": "1" * 30}, "højst"),
    ({"navn_1": "<b>Mor</b>"}, "må ikke indeholde tegnene"),
    ({"written_with": "<script>alert(1)</script>"}, "må ikke indeholde tegnene"),
    ({"written_with": "k" * 101}, "højst"),
    ({"warning_signs": "Hej\x00"}, "Null"),
    ({"based_on": "abc"}, "gemt i et andet vindue"),
    ({"based_on": "-1"}, "gemt i et andet vindue"),
    ({"based_on": "99999999999999999999"}, "gemt i et andet vindue"),
    ({"based_on": ""}, "gemt i et andet vindue"),
])
def test_hostile_input_gets_a_danish_message_and_writes_nothing(client, portal, data, message):
    log_in_as(client, portal.anna)
    response = client.post(URL, _form(**data))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Formularen er ikke gemt" in body
    assert message.lower() in body.lower(), body[body.index("Formularen"):body.index("Formularen") + 600]
    assert not CrisisPlan.objects.exists()


def test_html_is_kept_as_text_and_shown_escaped(client, portal, world):
    log_in_as(client, portal.anna)
    response = client.post(URL, _form(warning_signs="<script>alert(1)</script>\n<b>fed</b>"))
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert CrisisPlan.objects.get().warning_sign_list == ["<script>alert(1)</script>", "<b>fed</b>"]


def test_more_contact_rows_than_allowed_are_capped(client, portal):
    log_in_as(client, portal.anna)
    rows = {f"navn_{i}": f"Person {i}" for i in range(1, 12)} | {f"telefon_{i}": "12345678" for i in range(1, 12)}
    response = client.post(URL, _form(**rows, navn_99999999999999999999="x"))
    assert response.status_code == 302
    assert len(CrisisPlan.objects.get().contacts) == services.MAX_CONTACTS  # rows past the limit are not read


def test_another_citizen_never_sees_the_plan(client, portal):
    _save(portal.anna, warning_signs="Annas hemmelige advarselstegn")
    services.share_crisis_plan(actor=portal.anna.user, shared=True)
    log_in_as(client, portal.bo)
    assert "Annas hemmelige advarselstegn" not in client.get(URL).content.decode()
    assert client.get(reverse("portal:crisis_plan_pdf")).status_code == 302  # Bo has none: back to the page
    # Bo cannot share or unshare Anna's (the service knows only Bo)
    client.post(reverse("portal:crisis_plan_share"), {"del": "0", "citizen": portal.anna.citizen_id})
    assert CrisisPlanSharing.objects.get().shared is True


def test_staff_cannot_write_or_share_in_the_portal(client, portal, world):
    _save(portal.anna)
    client.force_login(world.own_worker)
    assert client.post(URL, _form(based_on="1")).status_code == 403
    assert client.post(reverse("portal:crisis_plan_share"), {"del": "1"}).status_code == 403
    assert CrisisPlan.objects.count() == 1 and not CrisisPlanSharing.objects.exists()


def test_sharing_shows_the_plan_to_staff_and_withdrawing_hides_it(client, portal, world):
    _save(portal.anna, warning_signs="Jeg sover dårligt")
    plan_page = reverse("citizen_plan", args=[world.anna.pk])
    client.force_login(world.own_worker)
    assert "Jeg sover dårligt" not in client.get(plan_page).content.decode()  # not shared: not shown
    client.logout()
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:crisis_plan_share"), {"del": "1"})
    assert response.status_code == 302
    assert "Din kriseplan er delt med din tovholder" in client.get(URL).content.decode()
    client.post(URL, _form(based_on="1", warning_signs="Nyeste advarselstegn"))
    client.logout()
    client.force_login(world.own_worker)
    page = client.get(plan_page).content.decode()
    assert "Borgerens kriseplan (delt fra Min Tovholder)" in page and "Nyeste advarselstegn" in page
    assert "Jeg sover dårligt" not in page  # the current version only
    client.logout()
    log_in_as(client, portal.anna)
    client.post(reverse("portal:crisis_plan_share"), {"del": "0"})
    client.logout()
    client.force_login(world.own_worker)
    page = client.get(plan_page).content.decode()
    assert "Nyeste advarselstegn" not in page and "Borgerens kriseplan" not in page
    actions = list(AuditEvent.objects.filter(citizen=world.anna, action__contains="crisis_plan.")
                   .order_by("pk").values_list("action", flat=True))
    assert [a.rsplit(".", 1)[-1] for a in actions] == ["saved", "shared", "saved", "unshared"]


def test_share_and_unshare_write_only_on_a_change(portal, world):
    assert services.share_crisis_plan(actor=portal.anna.user, shared=False) is None  # nothing to withdraw
    with pytest.raises(ValidationError, match="før du deler"):
        services.share_crisis_plan(actor=portal.anna.user, shared=True)  # nothing to share yet
    _save(portal.anna)
    services.share_crisis_plan(actor=portal.anna.user, shared=True)
    services.share_crisis_plan(actor=portal.anna.user, shared=True)
    assert AuditEvent.objects.filter(action__endswith="crisis_plan.shared").count() == 1
    assert selectors.shared_crisis_plan(world.anna) is not None
    services.share_crisis_plan(actor=portal.anna.user, shared=False)
    assert selectors.shared_crisis_plan(world.anna) is None
    assert selectors.current_crisis_plan(world.anna) is not None


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "", "\x00"])
def test_odd_share_values_never_share(client, portal, value):
    _save(portal.anna)
    log_in_as(client, portal.anna)
    assert client.post(reverse("portal:crisis_plan_share"), {"del": value}).status_code == 302
    assert not CrisisPlanSharing.objects.filter(shared=True).exists()


def test_the_pdf_holds_the_current_plan_and_is_logged(client, portal, world):
    log_in_as(client, portal.anna)
    assert client.get(reverse("portal:crisis_plan_pdf")).status_code == 302  # none yet
    client.post(URL, _form(warning_signs="Jeg sover dårligt om natten"))
    response = client.get(reverse("portal:crisis_plan_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jeg sover dårligt om natten" in text and "Min søster" in text and "112" in text
    assert world.anna.cpr not in text
    from tovholder.audit.models import AccessEvent

    assert AccessEvent.objects.filter(actor=portal.anna.user, what__contains="Min kriseplan, PDF").exists()


def test_the_read_include_renders_one_version(portal):
    plan = _save(portal.anna, warning_signs="Uro i kroppen", contacts=[("Akuttelefonen", "70 20 20 20")])
    html = render_to_string("portal/crisis_plan_read.html", {"plan": plan})
    assert "<h3>Mine advarselstegn</h3>" in html and "<li>Uro i kroppen</li>" in html
    assert 'href="tel:70202020"' in html and "Version 1" in html
