"""The archivist approves a deletion proposal on the page and sees the deletion record; axe on every page."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_the_archivist_approves_a_proposal_and_sees_the_record(server, page):
    login(page, server, "arkiv")
    expect(page.locator('[data-figure="retention-waiting"]')).to_have_text(re.compile(r"^[1-9]\d*$"))
    assert_accessible(page)  # the start page: proposals waiting, holds, deletions
    page.get_by_role("link", name="Sletning").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opbevaring og sletning")
    expect(page.get_by_role("heading", name="Retlige tilbageholdelser")).to_be_visible()
    expect(page.get_by_text("Klage over afgørelsen behandles i Ankestyrelsen")).to_be_visible()
    assert_accessible(page)
    proposals = page.get_by_role("table", name="Forslag til sletning").locator("tbody tr")
    before = proposals.count()
    assert before >= 1  # the demo proposes two
    name = proposals.first.locator("td").first.inner_text().split(" (")[0]
    proposals.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Forslag om sletning af {name}")
    assert_accessible(page)
    # without the confirmation nothing happens
    page.get_by_role("button", name="Slet borgerens oplysninger").click()
    expect(page.get_by_text("Sæt flueben for at bekræfte sletningen.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Jeg har kontrolleret").check()
    page.get_by_role("button", name="Slet borgerens oplysninger").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sletning nr.")
    expect(page.get_by_text("Borgerens oplysninger er slettet.")).to_be_visible()
    expect(page.get_by_role("table", name="Slettet pr. slags")).to_contain_text("Sager")
    assert name not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Tilbage til opbevaring og sletning").click()
    expect(page.get_by_role("table", name="Forslag til sletning").locator("tbody tr")).to_have_count(before - 1)
    expect(page.get_by_role("table", name="Gennemførte sletninger")).to_contain_text("Sletning nr.")
    # the deleted citizen cannot be found by the access-log search either
    page.context.clear_cookies()
    login(page, server, "admin")
    page.goto(server + "/borgere/")
    assert name not in page.content()
