"""Journal search pages (issue 15): newest first through widening windows of time with LIMIT, the same notes in
the same order as one unbounded search, a capped count, the next page iff there is one, any page number."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tovholder.journal import selectors, services
from tovholder.layout import pages

AGES = [1, 5, 20, 40, 100, 300, 400, 800]  # days: inside 30 days, inside a year, older


def _notes(world, ages=AGES):
    now = timezone.now()
    for i, age in enumerate(ages):
        services.write_note(actor=world.own_worker, citizen=world.anna, kind="phone", minutes=10,
                            occurred_at=now - datetime.timedelta(days=age, minutes=i), text=f"Samtale om angst nr {i}")


def _ages(page):
    now = timezone.now()
    return [(now - n.occurred_at).days for n in page.object_list]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8])
def test_pages_across_windows_are_those_of_one_search(world, sw, monkeypatch, size):
    monkeypatch.setattr(selectors, "PAGE", size)
    _notes(world)
    seen = []
    for number in range(1, len(AGES) // size + 2):
        page = selectors.search_notes(world.own_worker, "angst", page_number=str(number)).page
        assert page.count == len(AGES)
        seen += _ages(page)
        assert page.has_next() is (number * size < len(AGES))
    assert seen == AGES


def test_the_boundary_and_the_capped_count(world, sw, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE", 4)
    _notes(world, AGES[:4])  # exactly one page
    page = selectors.search_notes(world.own_worker, "angst").page
    assert len(page.object_list) == 4 and not page.has_next() and page.count == 4
    _notes(world, [2])  # one more: a second page
    page = selectors.search_notes(world.own_worker, "angst").page
    assert page.has_next() and page.count == 5
    monkeypatch.setattr(pages, "COUNT_CAP", 3)
    client_page = selectors.search_notes(world.own_worker, "angst", page_number="2").page
    assert client_page.capped and len(client_page.object_list) == 1


@pytest.mark.parametrize("side", ["abc", "-1", "99999999999999999999", "3"])
def test_the_search_page_answers_any_page_number_in_danish(client, world, sw, monkeypatch, side):
    monkeypatch.setattr(selectors, "PAGE", 3)
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    _notes(world)
    client.force_login(world.own_worker)
    response = client.get(reverse("note_search"), {"q": "angst", "side": side})
    assert response.status_code == 200
    html = response.content.decode()
    if side == "3":
        assert "over 4 notater matcher" in html and "Forrige side" in html and "Næste side" not in html
    elif side == "99999999999999999999":
        assert "findes ikke" in html and "q=angst&amp;side=1" in html
    else:
        assert "Næste side" in html and "q=angst&amp;side=2" in html and 'aria-label="Sider med resultater"' in html
