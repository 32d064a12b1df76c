"""A start page for every role (issue 11): each role lands on its panels, and every figure on a start page
links to the list behind it and equals the count of that list (measured by following the link)."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import make_staff
from tests.support.conftest import days, start
from tovholder.audit.models import AccessEvent
from tovholder.offers.models import Offer
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision, Request, WaitlistEntry

FIGURE = re.compile(r'<a [^>]*data-figure="([^"]+)"[^>]*href="([^"]+)"[^>]*>([\d.,]+)')


def figures(client) -> dict[str, tuple[str, str]]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {key: (html.unescape(href), value) for key, href, value in FIGURE.findall(response.content.decode())}


def panels(client) -> list[str]:
    return [p.key for p in client.get(reverse("home")).context["panels"]]


def items(client, url: str, item: str) -> int:
    return client.get(url).content.decode().count(f'data-item="{item}"')


def counted(client, url: str) -> int:
    page = client.get(url).content.decode()
    found = re.search(r"<span data-count>(\d+)(?: borgere?)?</span>", page)
    if found is None:
        assert "Ingen borgere at vise." in page, url
        return 0
    return int(found.group(1))


@pytest.fixture
def casework(world, sw):
    """The caseworker's desk: two requests past their deadline, one due in three days, an open request, a
    citizen with an effort ordered and no coordinator, and Anna's grant whose letter is not sent."""
    visitation.register_request(actor=world.caseworker, source="gp", asks_for="Støtte i hjemmet",
                                received_on=days(-1), citizen=world.casey)
    case = visitation.open_case(actor=world.caseworker, citizen=world.casey)
    Decision.objects.create(municipality=world.ballerup, case=case, citizen=world.casey, offer=sw.skp,
                            status=Decision.Status.ORDERED, requested_on=days(-30), decided_on=days(-20),
                            hours_per_week=Decimal(2), start_on=days(-10), review_on=days(170))
    housing = Offer.objects.create(municipality=world.ballerup, name="Bostøtte", legal_basis=sw.skp.legal_basis,
                                   format="individual", capacity_kind="staff_hours", capacity=Decimal(10))
    late = [visitation.request_offer(actor=world.caseworker, case=c, offer=sw.komp, requested_on=days(-90))
            for c in (sw.case, case)]
    soon = visitation.request_offer(actor=world.caseworker, case=sw.case, offer=housing, requested_on=days(-20))
    Decision.objects.filter(pk__in=[d.pk for d in late]).update(deadline_on=days(-10))
    Decision.objects.filter(pk=soon.pk).update(deadline_on=days(3))
    return late


def test_the_caseworkers_figures_equal_the_desks_lists(client, world, sw, casework):
    client.force_login(world.caseworker)
    assert panels(client)[0] == "frister"
    assert "<h1>Forside – " in client.get(reverse("home")).content.decode()  # "Min dag" is the worker's
    found = figures(client)
    expected = {"due": 3, "overdue": 2, "due_soon": 1, "open_requests": 1, "without_coordinator": 1, "cases": 2,
                "unsent": 2}
    for key, value in expected.items():
        href, shown = found[key]
        assert int(shown) == value, key
        assert href.startswith(reverse("visitation_desk"))
        list_name = {"overdue": "due", "due_soon": "due"}.get(key, key)
        assert items(client, href, list_name) == value, (key, href)
    page = client.get(reverse("home")).content.decode()
    assert page.count('<span class="tag status-error">Fristen er overskredet</span>') == 2  # named, marked as error
    logged = set(AccessEvent.objects.filter(actor=world.caseworker, what="Min dag").values_list("citizen", flat=True))
    assert logged == {world.anna.pk, world.casey.pk}  # the citizens named (the overdue), nobody else


def test_the_managers_figures_equal_the_lists_behind_them(client, world, sw, casework):
    episode = start(world, sw, hours="3")
    late = Decision.objects.get(pk=casework[1].pk)
    visitation.grant(actor=world.caseworker, decision=late, version=late.version, start_on=days(1),
                     review_on=days(100), reasons="Borgeren har brug for støtte til hverdagen, jf. udredningen.",
                     hours_per_week=Decimal(25))  # 25 of the 20 hours the offer has: on the waitlist
    assert WaitlistEntry.objects.filter(decision=casework[1]).exists()
    client.force_login(world.manager)
    assert {"omraade", "timer", "kapacitet", "brugere", "adgangslog"} <= set(panels(client))
    found = figures(client)
    for key in ("alle", "uden-tovholder", "uden-kontaktperson"):
        href, shown = found[key]
        assert int(shown) == counted(client, href), key
    assert int(found["alle"][1]) == 2  # Anna and Bo: the teams under the manager (not casework's, not Herlev's)
    href, shown = found[f"waiting-{sw.komp.pk}"]
    assert href == reverse("waitlist", args=[sw.komp.pk]) and int(shown) == 1
    assert client.get(href).content.decode().count('<td class="num">1</td><td><a href=') == 1
    href, shown = found["overdue_requests"]
    assert int(shown) == 1 and 'class="status-error">1<' in client.get(href).content.decode()  # one is granted
    href, shown = found[f"caseload-{world.own_worker.pk}"]
    assert int(shown) == 1 and episode.worker_id == world.own_worker.pk
    assert f'data-caseload="{world.own_worker.pk}">1<' in client.get(href).content.decode()
    href, shown = found["users"]
    assert int(shown) == counted(client, href) == 5  # the Ballerup staff of the standing world
    href, shown = found["role-leder"]
    assert int(shown) == counted(client, href) == 1


def test_herlevs_leader_sees_herlevs_only(client, world, sw):
    leader = make_staff("herlevleder", world.herlev, world.herlev_worker.staff.units.get(), "Leder", "Leder")
    client.force_login(leader)
    found = figures(client)
    assert int(found["alle"][1]) == counted(client, found["alle"][0]) == 1
    page = client.get(reverse("home")).content.decode()
    assert world.herlev_citizen.full_name not in page  # figures, not names
    assert "SKP" not in page and "Kompetenceteam" not in page  # Ballerup's offers are not Herlev's
    assert int(found["users"][1]) == 2  # the Herlev worker and the leader


def test_a_worker_without_episodes_still_sees_their_citizens(client, world):
    client.force_login(world.other_worker)
    found = figures(client)
    assert "borgere" in panels(client)
    for key in ("mine", "alle"):
        href, shown = found[key]
        assert int(shown) == counted(client, href) == 1  # Bo


def test_the_admin_finds_a_citizens_access_log_by_cpr_with_a_purpose(client, world):
    client.force_login(world.admin)
    assert panels(client) == ["adgangslog", "brugere"]
    url = reverse("access_log_search")
    response = client.post(url, {"q": "010190-1234", "reason": ""})
    assert "Skriv formålet med opslaget." in response.content.decode()
    assert not AccessEvent.objects.filter(actor=world.admin).exists()
    response = client.post(url, {"q": "010190-1234", "reason": "Borgerens egen anmodning om indsigt"})
    assert reverse("citizen_access_log", args=[world.anna.pk]) in response.content.decode()
    event = AccessEvent.objects.get(actor=world.admin, citizen=world.anna)
    assert event.what == "Søgning i adgangslog: 010190-1234" and event.reason == "Borgerens egen anmodning om indsigt"
    assert client.get(reverse("citizen_access_log", args=[world.anna.pk])).status_code == 200
    read = AccessEvent.objects.filter(actor=world.admin, citizen=world.anna, what="Adgangslog").get()
    assert read.reason == "Borgerens egen anmodning om indsigt"
    response = client.post(url, {"q": "Jensen", "reason": "Klage over adgang til oplysninger"})
    assert world.anna.full_name in response.content.decode()
    other = client.post(url, {"q": "Herlevsen", "reason": "x" * 12}).content.decode()
    assert world.herlev_citizen.full_name not in other


def test_only_roles_that_read_access_logs_may_search_them(client, world):
    client.force_login(world.own_worker)
    assert client.post(reverse("access_log_search"), {"q": "Jensen", "reason": "x" * 12}).status_code == 403
    assert not AccessEvent.objects.filter(actor=world.own_worker).exists()


def test_a_bad_filter_on_the_desk_and_the_lists_is_ignored(client, world, sw, casework):
    client.force_login(world.caseworker)
    assert client.get(reverse("visitation_desk") + "?frist=<script>").status_code == 200
    assert client.get(reverse("citizens") + "?vis=<script>").status_code == 200
    client.force_login(world.manager)
    assert client.get(reverse("users") + "?rolle=<script>").status_code == 200
    assert Request.objects.count() == 1
    assert datetime.date.today()
