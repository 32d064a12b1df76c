"""On a 390 px phone no main page scrolls sideways: each standing role's start page, every page of its
main menu and (for the worker) a citizen's page fit the screen, tables become cards or scroll in their
own box, and axe finds nothing."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, login

PHONE = 390
ROLES = ["skp1", "sagsb1", "leder", "admin", "herlev-flex1"]


def _fits(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"
    assert_accessible(page)


@pytest.mark.parametrize("username", ROLES)
def test_main_pages_fit_a_phone(server, page, username):
    login(page, server, username)
    page.set_viewport_size({"width": PHONE, "height": 844})
    # on a phone the main menu sits behind DKFDS's menu button
    page.goto(server + "/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    drawer_links = page.locator(".navigation-menu-mobile a")
    expect(drawer_links.first).to_be_visible()
    urls = drawer_links.evaluate_all("links => links.map(a => a.href)")
    assert urls, "hovedmenuen er tom"
    _fits(page, server + "/")
    for url in urls:
        _fits(page, url)
    if username == "skp1":
        page.goto(server + "/borgere/")
        first = page.locator("#resultater table tbody tr td a").first.get_attribute("href")
        _fits(page, server + first)
        expect(page.get_by_role("navigation", name="Borgerens afsnit")).to_be_visible()


def test_min_dag_tables_become_cards_on_a_phone(server, page):
    login(page, server, "skp1")
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/")
    table = page.locator("main table").first
    expect(table).to_be_visible()
    # each cell carries its column's heading, shown beside the value when the row is a card
    assert table.locator("tbody td[data-title]").count() > 0
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
