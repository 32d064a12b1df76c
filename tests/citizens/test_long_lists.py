"""The citizen list and name search at the page boundary (issue 15): a page read with LIMIT page size + 1,
"Næste side" iff there is one, the count capped ("over 1.000 borgere"), hostile page numbers, a page past the
end in Danish; every citizen shown is still logged."""

import pytest
from django.urls import reverse

from tests.conftest import make_citizen
from tovholder.audit.models import AccessEvent
from tovholder.layout import pages


def _mine(world, n: int) -> None:
    """n more citizens coordinated by the own worker (Anna is already theirs)."""
    for i in range(n):
        make_citizen(world.ballerup, f"03038{i:05d}", "Søren", f"Aagaard {i:03d}", coordinator=world.own_worker)


def _get(client, world, **params):
    client.force_login(world.own_worker)
    response = client.get(reverse("citizens"), params)
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.parametrize("extra, has_next", [(2, False), (3, True)])  # page size 3: 3 or 4 citizens in all
def test_next_page_at_the_boundary(client, world, settings, extra, has_next):
    settings.PAGE_SIZE = 3
    _mine(world, extra)
    response, html = _get(client, world, vis="mine")
    assert len(response.context["page"].object_list) == 3
    assert ("Næste side" in html) is has_next
    assert f"{extra + 1} borgere" in html
    if has_next:
        assert 'class="pagination"' in html and "side=2" in html and 'aria-label="Sider med borgere"' in html
        second, html2 = _get(client, world, vis="mine", side="2")
        assert [c.full_name for c in second.context["page"].object_list] == ["Anna Jensen"]
        assert "Forrige side" in html2 and "Næste side" not in html2
        assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna, what="Borgerliste").exists()


@pytest.mark.parametrize("side", ["abc", "-1", "0", "1.5", "99999999999999999999", "٣", "9" * 300])
def test_hostile_page_numbers_give_a_page(client, world, settings, side):
    settings.PAGE_SIZE = 2
    _mine(world, 2)
    _response, html = _get(client, world, vis="mine", side=side)
    assert "Aagaard 000" in html or "findes ikke" in html


def test_a_page_past_the_end_says_so_in_danish(client, world, settings):
    settings.PAGE_SIZE = 2
    _mine(world, 2)
    response, html = _get(client, world, vis="mine", side="7")
    assert response.context["page"].object_list == []
    assert "Side 7 findes ikke" in html and "Gå til første side" in html and "vis=mine&amp;side=1" in html
    _response, html = _get(client, world, q="Aagaard", side="9")
    assert "Side 9 findes ikke" in html and "q=Aagaard&amp;side=1" in html
    assert "Ingen borgere" not in html


def test_the_count_is_capped_in_danish(client, world, settings, monkeypatch):
    settings.PAGE_SIZE = 2
    monkeypatch.setattr(pages, "COUNT_CAP", 3)
    _mine(world, 4)
    _response, html = _get(client, world, vis="mine")
    assert "over 3 borgere" in html and "Næste side" in html
    _response, html = _get(client, world, q="Aagaard")
    assert "over 3 borgere" in html
    monkeypatch.setattr(pages, "COUNT_CAP", 1000)
    _response, html = _get(client, world, q="Aagaard", side="2")
    assert "4 borgere</span>, side 2" in html


def test_search_pages_keep_the_query_and_log_each_citizen_shown(client, world, settings):
    settings.PAGE_SIZE = 2
    _mine(world, 3)
    _response, html = _get(client, world, q="søren aagaard")
    assert "q=s%C3%B8ren+aagaard&amp;side=2" in html
    response, _html = _get(client, world, q="søren aagaard", side="2")
    shown = [c.pk for c in response.context["page"].object_list]
    assert len(shown) == 1
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen_id=shown[0],
                                      what="Søgning: søren aagaard").count() == 1
