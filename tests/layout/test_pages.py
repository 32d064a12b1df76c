"""layout.pages: a long list's page without COUNT(*) (issue 15): the next page exists iff the extra row came
back, the count stops at its cap, and any page number from the address gives a page, never an error."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_citizen
from tovholder.citizens.models import Citizen
from tovholder.layout import pages
from tovholder.layout.pages import MAX_PAGE, page_number, page_of


@pytest.mark.parametrize("raw, expected", [
    (None, 1), ("", 1), ("1", 1), ("2", 2), (" 3 ", 3), ("abc", 1), ("-1", 1), ("0", 1), ("1.5", 1), ("2e3", 1),
    ("٣", 1), ("99999999999999999999", MAX_PAGE), (str(MAX_PAGE + 1), MAX_PAGE), (4, 4), (-4, 1),
])
def test_any_page_number_gives_a_page(raw, expected):
    assert page_number(raw) == expected


def _citizens(world, n: int):
    for i in range(n):
        make_citizen(world.ballerup, f"02029{i:05d}", "Test", f"Efternavn {i:03d}")
    return Citizen.objects.filter(first_name="Test").order_by("last_name", "pk")


@pytest.mark.parametrize("n, more", [(3, False), (4, True)])
def test_next_page_iff_the_extra_row_came_back(world, n, more):
    page = page_of(_citizens(world, n), "1", 3, count=True)
    assert len(page.object_list) == 3 and page.has_next() is more and not page.has_previous()
    assert page.count == n and not page.capped


def test_a_first_page_that_holds_the_list_is_not_counted_again(world):
    qs = _citizens(world, 2)
    with CaptureQueriesContext(connection) as queries:
        page = page_of(qs, None, 3, count=True)
    assert len(queries) == 1 and page.count == 2


def test_the_count_stops_at_its_cap(world, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    qs = _citizens(world, 7)
    page = page_of(qs, "1", 2, count=True)
    assert page.capped and page.count == 5 and page.cap == 4
    last = page_of(qs, "4", 2, count=True)
    assert [c.last_name for c in last.object_list] == ["Efternavn 006"] and not last.has_next()
    assert last.has_previous() and last.previous_page_number() == 3
    assert (last.start_index, last.end_index) == (7, 7)


def test_a_page_past_the_end_is_empty_and_says_so(world):
    qs = _citizens(world, 3)
    page = page_of(qs, "99999999999999999999", 2, count=True)
    assert page.object_list == [] and page.beyond and page.count == 3 and not page.has_next()
    assert not page_of(qs.none(), "1", 2).beyond
