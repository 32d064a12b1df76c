"""A check-in in the browser, as the citizen (issue 18, item 4): keyboard only at 390 px, the check-in seen in
the trend's table and chart, axe on every page; the choice to have the coordinator told."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

PHONE = 390


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"


def _tab_to(page, locator, tries: int = 60) -> None:
    for _ in range(tries):
        page.keyboard.press("Tab")
        if locator.evaluate("e => e === document.activeElement"):
            return
    pytest.fail("Elementet kan ikke nås med tastaturet")


def test_a_citizen_checks_in_and_sees_it_in_the_trend_keyboard_only(server, page):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/")
    _tab_to(page, page.get_by_role("button", name="Log ind som testborger"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    _tab_to(page, page.get_by_role("link", name="Tjek ind"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tjek ind: Sådan går det")).to_be_visible()
    expect(page.get_by_text("Hvem kan se dine tjek-ind?")).to_be_visible()
    chart = page.locator("svg.chart-svg")
    expect(chart).to_have_count(1)  # the demo's three months
    marks_before = chart.locator(".mark").count()
    assert marks_before > 20
    assert_accessible(page)
    _fits(page)
    # nothing chosen: a Danish message, nothing saved
    page.get_by_role("button", name="Gem mit tjek-ind").click()
    expect(page.get_by_text("Formularen er ikke gemt.")).to_be_visible()
    expect(page.get_by_text("Vælg hvordan du har det, fra 1 til 10.").first).to_be_visible()
    assert_accessible(page)
    # keyboard only: mood 7, sleep 4, a note
    mood = page.get_by_role("group", name="Hvordan har du det i dag?")
    _tab_to(page, mood.get_by_role("radio").first)
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    expect(mood.get_by_role("radio", name="7", exact=True)).to_be_checked()
    sleep = page.get_by_role("group", name="Hvordan har du sovet?")
    _tab_to(page, sleep.get_by_role("radio").first)
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(sleep.get_by_role("radio", name="4", exact=True)).to_be_checked()
    _tab_to(page, page.get_by_label("Vil du skrive lidt om det? (kan udelades)"))
    page.keyboard.type("Gik en tur i skoven.")
    _tab_to(page, page.get_by_role("button", name="Gem mit tjek-ind"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tak. Dit tjek-ind er gemt.")).to_be_visible()
    expect(page.get_by_text("Gik en tur i skoven.")).to_be_visible()
    first_row = page.locator("table.chart-numbers tbody tr").first  # newest first: today
    expect(first_row.locator("td").nth(0)).to_have_text("7")
    expect(first_row.locator("td").nth(1)).to_have_text("4")
    assert page.locator("svg.chart-svg .mark").count() == marks_before + 2
    assert_accessible(page)
    _fits(page)
    # a second check-in the same day is refused, the first stays
    page.get_by_role("group", name="Hvordan har du det i dag?").get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("group", name="Hvordan har du sovet?").get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Gem mit tjek-ind").click()
    expect(page.get_by_text("Du har allerede tjekket ind i dag").first).to_be_visible()
    assert_accessible(page)
    # the choice to have the coordinator told
    page.get_by_role("radio", name="14 dage").check()
    page.get_by_role("button", name="Gem mit valg").click()
    expect(page.get_by_text("Din tovholder får besked, hvis du ikke har tjekket ind i 14 dage.").first).to_be_visible()
    assert_accessible(page)
