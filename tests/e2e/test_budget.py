"""The budget follow-up as the manager uses it: from the start page to Økonomi, a supplementary appropriation
entered (the corrected budget moves), a finance-system file with a decimal point refused row by row and
then imported right, and the expected year-end result moved by the month's actual spend. axe on every page."""

import datetime

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_volunteers import login

TODAY = datetime.date.today()


def _option(page, select: str, starts: str) -> str:
    return page.locator(f"{select} option", has_text=starts).first.get_attribute("value") or ""


def test_manager_enters_a_supplement_imports_a_month_and_sees_the_expected_result_move(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Økonomi", exact=True).first.click()
    expect(page.get_by_role("heading", name=f"Budgetopfølgning {TODAY.year}")).to_be_visible()
    assert_accessible(page)
    expected_before = page.get_by_test_id("expected-5.38.38.005").inner_text()
    corrected_before = page.locator("tfoot td").nth(2).inner_text()

    page.get_by_role("link", name="Bevillinger").click()
    assert_accessible(page)
    page.locator("#id_supplement-function").select_option(_option(page, "#id_supplement-function", "5.38.38.005"))
    page.get_by_label("Tillægsbevilling (kr.)").fill("1.000.000")
    page.get_by_label("Tekst").fill("Tillægsbevilling: flere gruppeforløb i sundhedshuset")
    page.get_by_role("button", name="Gem tillægsbevillingen").click()
    expect(page.locator("body")).to_contain_text("Tillægsbevillingen på 5.38.38.005")
    assert page.locator("tfoot td").nth(2).inner_text() != corrected_before
    expect(page.locator("body")).to_contain_text("flere gruppeforløb i sundhedshuset")

    page.get_by_role("link", name="Forbrug", exact=True).click()
    assert_accessible(page)
    month = TODAY.month  # the month that has begun and is not booked yet in the demo
    bad = f"Funktion;År;Måned;Beløb\n5.38.38.005;{TODAY.year};{month};812345.50\n".encode()
    page.get_by_label("CSV-fil fra økonomisystemet").set_input_files(
        files=[{"name": "opus.csv", "mimeType": "text/csv", "buffer": bad}])
    page.get_by_role("button", name="Importér").click()
    expect(page.locator("#import-report")).to_contain_text("Række 2")
    expect(page.locator("#import-report")).to_contain_text("decimalpunktum")
    assert_accessible(page)
    good = f"Funktion;År;Måned;Beløb\n5.38.38.005;{TODAY.year};{month};812.345,50\n".encode()
    page.get_by_label("CSV-fil fra økonomisystemet").set_input_files(
        files=[{"name": "opus.csv", "mimeType": "text/csv", "buffer": good}])
    page.get_by_role("button", name="Importér").click()
    expect(page.locator("body")).to_contain_text("1 rækker er importeret")
    expect(page.get_by_role("heading", name=f"Budgetopfølgning {TODAY.year}")).to_be_visible()
    assert page.get_by_test_id("expected-5.38.38.005").inner_text() != expected_before
    assert_accessible(page)

    page.get_by_role("link", name="Pris og mængde pr. tilbud").click()
    expect(page.get_by_role("heading", name="De dyreste enkeltsager")).to_be_visible()
    assert_accessible(page)
