"""The caseload panel's pages (issue 15): read with LIMIT page size + 1 and no count; the next page iff there is
one; any page number from the address gives the start page, a page past the end a Danish message."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tovholder.support import selectors, services

from .conftest import days, start


def _caseload(client, world, side):
    client.force_login(world.own_worker)
    response = client.get(reverse("home"), {"side": side})
    assert response.status_code == 200
    panels = {p.key: p.context for p in response.context["panels"]}
    return panels["sager"]["c"].page, response.content.decode()


@pytest.mark.parametrize("episodes, has_next", [(1, False), (2, True)])  # page size one
def test_next_page_at_the_boundary(client, world, sw, monkeypatch, episodes, has_next):
    monkeypatch.setattr(selectors, "CASELOAD_PAGE", 1)
    start(world, sw)
    if episodes == 2:  # open counselling alongside SKP: a second running episode of the same worker
        services.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.counselling,
                               started_on=days(-40), hours_per_week=Decimal(1))
    page, html = _caseload(client, world, "1")
    assert len(page.object_list) == 1 and page.has_next() is has_next and page.count is None
    assert ("Næste side" in html) is has_next
    if has_next:
        second, html = _caseload(client, world, "2")
        assert len(second.object_list) == 1 and not second.has_next() and "Forrige side" in html


@pytest.mark.parametrize("side", ["abc", "-1", "99999999999999999999", "٣"])
def test_any_page_number(client, world, sw, side):
    start(world, sw)
    page, html = _caseload(client, world, side)
    if side == "99999999999999999999":
        assert page.beyond and "findes ikke" in html and "Du har ingen aktive forløb" not in html
    else:
        assert [r.episode.citizen for r in page.object_list] == [world.anna]
