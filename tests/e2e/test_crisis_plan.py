"""Min kriseplan in the browser, as the citizen (issue 18, items 3 and 10): the test login, write the crisis
plan, save a second version, see the first in the history, share it, open the PDF (pypdf finds a warning
sign in it); large text; the shared-screen mode and "Log ud og ryd skærmen" — at 390 px, axe on every page."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible

PHONE = 390


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"


def test_a_citizen_writes_versions_of_the_crisis_plan_shares_it_and_prints_it(server, page):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/")
    # the shared-screen mode is chosen before logging in
    page.get_by_role("button", name="Sammen med en medarbejder").click()
    expect(page.get_by_text("Fælles skærm: en medarbejder kigger med")).to_be_visible()
    assert_accessible(page)
    _fits(page)
    page.get_by_role("button", name="Log ind som testborger").click()
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log ud og ryd skærmen")).to_be_visible()
    page.get_by_role("link", name="Min kriseplan").click()
    expect(page.get_by_role("heading", name="Min kriseplan", exact=True)).to_be_visible()
    assert_accessible(page)
    _fits(page)
    assert page.locator("form:not([autocomplete='off'])").count() == 0  # nothing remembered on a shared screen
    # the demo citizen has two versions already; write a third and a fourth
    page.get_by_label("Mine advarselstegn").fill("Jeg sover dårligt i flere nætter\nJeg svarer ikke på sms")
    page.get_by_label("Det gør jeg selv").fill("Går en tur ved søen")
    page.get_by_label("Navn, person 1").fill("Min søster")
    page.get_by_label("Telefon, person 1").fill("20 30 40 50")
    page.get_by_label("Skrevet sammen med (valgfrit)").fill("Kirsten")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_text("Din kriseplan er gemt som version")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mine advarselstegn").fill("Jeg hører stemmer om aftenen")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_text("Din kriseplan er gemt som version")).to_be_visible()
    expect(page.locator(".crisis-plan").first).to_contain_text("Jeg hører stemmer om aftenen")
    expect(page.locator(".crisis-plan").first.get_by_role("link", name="20 30 40 50")).to_have_attribute(
        "href", "tel:20304050")
    # the version before is in the history, read-only
    earlier = page.locator("details.crisis-version").first
    earlier.locator("summary").click()
    expect(earlier).to_contain_text("Jeg svarer ikke på sms")
    expect(earlier).to_contain_text("Skrevet sammen med Kirsten")
    assert earlier.locator("input, textarea").count() == 0
    assert_accessible(page)
    _fits(page)
    # an empty phone: a Danish message, nothing saved
    page.get_by_label("Navn, person 2").fill("Min ven")
    page.get_by_label("Telefon, person 2").fill("")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_text("Formularen er ikke gemt.")).to_be_visible()
    expect(page.get_by_text("Skriv et telefonnummer til Min ven i række 2.").first).to_be_visible()
    assert_accessible(page)
    # share it with the coordinator (or withdraw and share again: the demo shares some already)
    page.goto(server + "/min/kriseplan/")
    stop = page.get_by_role("button", name="Stop med at dele min kriseplan")
    if stop.count():
        stop.click()
        expect(page.get_by_text("ikke længere delt med din tovholder").first).to_be_visible()
    page.get_by_role("button", name="Del med min tovholder").click()
    expect(page.get_by_text("Din kriseplan er delt med din tovholder").first).to_be_visible()
    assert_accessible(page)
    # the PDF holds the current warning sign
    response = page.request.get(server + "/min/kriseplan/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Jeg hører stemmer om aftenen" in text and "112" in text
    # large text, kept from page to page
    page.get_by_role("button", name="Stor tekst").click()
    expect(page.locator("html")).to_have_class("large-text")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "12.5px"
    assert_accessible(page)
    _fits(page)
    page.get_by_role("link", name="Min log").click()
    expect(page.locator("html")).to_have_class("large-text")
    assert_accessible(page)
    # clear the screen for the next citizen
    page.get_by_role("button", name="Log ud og ryd skærmen").click()
    expect(page.get_by_text("Du er logget ud, og skærmen er ryddet")).to_be_visible()
    expect(page.get_by_role("heading", name="Log ind på Min Tovholder")).to_be_visible()
    assert_accessible(page)
    response = page.goto(server + "/min/kriseplan/")
    expect(page.get_by_role("heading", name="Log ind på Min Tovholder")).to_be_visible()  # Anna is gone
