"""Det Fælles Designsystem in the browser: long tables sort by a column, the error summary's links move
focus to the field, and the footer leads (also before login) to the municipality's public pages."""

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_a_long_list_sorts_by_each_column(server, page):
    login(page, server, "leder")
    page.goto(server + "/borgere/?vis=alle")
    table = page.locator("#resultater table")
    assert table.locator("tbody tr").count() >= 8
    age = table.get_by_role("button", name="Alder")
    age.click()
    header = table.locator("thead th").nth(2)
    expect(header).to_have_attribute("aria-sort", "ascending")
    ages = [int(t) for t in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert ages == sorted(ages) and ages[0] < ages[-1]
    age.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    ages = [int(t) for t in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert ages == sorted(ages, reverse=True)
    table.get_by_role("button", name="Navn").click()
    expect(header).not_to_have_attribute("aria-sort", "descending")
    names = table.locator("tbody tr td:nth-child(1)").all_inner_texts()
    assert names[0].lower() <= names[-1].lower()
    assert_accessible(page)


def test_error_summary_links_move_to_the_field(server, page):
    login(page, server, "sagsb1")
    page.goto(server + "/borgere/ny/")
    page.get_by_label("CPR-nummer").fill("321390-1234")
    page.get_by_role("button", name="Opret borger").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)
    assert_accessible(page)
    summary.get_by_role("link", name="Efternavn: Dette felt er påkrævet.").click()
    expect(page.get_by_label("Efternavn")).to_be_focused()


def test_footer_leads_to_the_municipality_s_statement_contact_and_privacy(server, page):
    page.goto(server + "/login/")
    page.get_by_role("link", name="Tilgængelighedserklæring, kontakt og privatlivspolitik").click()
    assert_accessible(page)
    page.get_by_role("link", name="Tilgængelighedserklæring").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgængelighedserklæring for Tovholder")
    assert_accessible(page)
    login(page, server, "herlev-flex1")
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(page.locator("main")).to_contain_text("Herlev Kommune")
    expect(page.get_by_role("link", name="Herlev Kommunes tilgængelighedserklæring for Tovholder")).to_have_attribute(
        "href", "https://www.was.digst.dk/tovholder-herlev-kommune-dk")
    assert_accessible(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Kontakt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt Herlev Kommune")
    assert_accessible(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Privatlivspolitik").click()
    expect(page.locator("main")).to_contain_text("Herlev Kommune er dataansvarlig")
    assert_accessible(page)
    expect(page.get_by_role("banner").get_by_role("img", name="Herlev Kommune – til forsiden")).to_be_visible()
