"""The leader follows the municipality's daily FFB delivery to KL (issue 19): from the start page to the
deliveries, "Indberet nu", and one day's bundles as a download."""

import zipfile

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_leader_sees_the_ffb_deliveries_and_reports_now(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="FFB-indberetning").first.click()
    expect(page.get_by_role("heading", name="FFB-indberetning til KL")).to_be_visible()
    expect(page.get_by_role("table", name="Indberetninger pr. dag")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Indberet nu").click()
    expect(page.get_by_text("Indberetningen er sat i gang")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent bundter for").first.click()
    with zipfile.ZipFile(info.value.path()) as archive:
        names = archive.namelist()
    assert names and all(name.endswith(".json") for name in names)
