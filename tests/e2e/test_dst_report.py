"""A leader makes the month's report to Statistics Denmark from the start page: the months with their
deadlines, "Dan indberetning" (the server's immediate task backend builds it), the refused rows with Danish
reasons, the file to download, a second run that changes nothing, and a corrected month's changes. axe checks
every page."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_leader_makes_the_monthly_dst_report(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="DST-indberetning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indberetning til Danmarks Statistik")
    months = page.get_by_role("table", name="De seneste måneder med status og frist")
    expect(months).to_contain_text("Dannet og lagt i udbakken (version 2)")  # the demo's corrected month
    expect(months).to_contain_text("Nej, ")  # the demo's late month
    assert_accessible(page)

    month = page.get_by_label("Måned").input_value()
    page.get_by_role("button", name="Dan indberetning").click()
    expect(page.locator(".messages")).to_contain_text("Indberetningen")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indberetning for")
    expect(page.locator("dl")).to_contain_text("Dannet og lagt i udbakken – version 1")
    expect(page.get_by_role("table", name="Indberettede indsatser i måneden")).to_contain_text("§ 85")
    refused = page.get_by_role("table", name=re.compile("afvist.* med årsager"))
    expect(refused).to_contain_text("Sagen har ingen primær målgruppe (FFB).")
    link = page.get_by_role("link", name=re.compile(rf"dst_voksne_151_{month}_v1\.csv"))
    expect(link).to_have_attribute("href", re.compile(r"/indberetning/dst/\d+/fil\.csv$"))
    assert_accessible(page)

    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"dst_voksne_151_{month}_v1.csv"

    page.get_by_role("link", name="Tilbage til indberetningerne").click()
    page.get_by_role("button", name="Dan indberetning").click()
    expect(page.locator("dl")).to_contain_text("Uændret – ingen ny fil")
    expect(page.get_by_role("heading", name="Ændret siden version 1")).to_be_visible()
    expect(page.get_by_role("table", name="Kørsler, nyeste først")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tilbage til indberetningerne").click()
    months = page.get_by_role("table", name="De seneste måneder med status og frist")
    months.get_by_role("row").filter(has_text="(version 2)").get_by_role("link").click()
    expect(page.get_by_role("table", name="Ændrede indsatser og felter")).to_contain_text("AFGOERELSESDATO")
    assert_accessible(page)
