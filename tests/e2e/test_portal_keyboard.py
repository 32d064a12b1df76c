"""A whole visit to Min Tovholder with the keyboard alone (issue 18): the citizen logs in, goes through every page of
the menu by Tab and Enter, sees where the focus is on each, and logs out — axe on every page, at 390 px."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

PHONE = 390
MENU = ["Tjek ind", "Min kriseplan", "Mine tilmeldinger", "Beskeder", "Mine breve", "Bed om hjælp", "Mine data",
        "Samtykker og pårørende", "Min log", "Min plan"]


def _tab_to(page, target, limit: int = 120) -> None:
    """Press Tab until `target` has the focus (never .focus() or a click): it can be reached by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{target} kan ikke nås med tastaturet")


def _focus_is_visible(page) -> None:
    style = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                          " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    outline, width, shadow = style
    assert (outline != "none" and width not in ("0px", "")) or shadow not in ("none", ""), style


def test_a_whole_visit_with_the_keyboard_alone(server, page):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/")
    button = page.get_by_role("button", name="Log ind som testborger")
    _tab_to(page, button)
    _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    nav = page.get_by_role("navigation", name="Min Tovholder")
    for name in MENU:
        link = nav.get_by_role("link", name=name, exact=True)
        if not link.count():
            continue
        page.keyboard.press("Home")  # back to the top: Tab from the start of the page
        page.locator("body").evaluate("b => { document.activeElement && document.activeElement.blur(); }")
        _tab_to(page, link)
        _focus_is_visible(page)
        page.keyboard.press("Enter")
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_attribute("aria-current", "page")
        expect(page.locator("h1").first).to_be_visible()
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{page.url} er {width} px bred"
    logout = page.get_by_role("button", name="Log ud", exact=True)
    page.locator("body").evaluate("b => { document.activeElement && document.activeElement.blur(); }")
    _tab_to(page, logout)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Du er logget ud af Min Tovholder")).to_be_visible()
