"""A manager lands on the start page, reads the figures panel (snapshots the demo filled), opens the
dashboard, follows the waitlist figure down to the list behind it (within need to know) and downloads
the table as XLSX, groups under five suppressed. axe on every page."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_manager_follows_the_waitlist_figure_to_the_list_and_exports(server, page):
    login(page, server, "leder")
    panel = page.locator("section, article, div").filter(has=page.get_by_role("heading", name="Styringstal")).last
    expect(page.get_by_role("heading", name="Styringstal").first).to_be_visible()
    expect(page.locator("a[data-figure=waitlist]").first).to_contain_text("på venteliste")
    assert_accessible(page)
    assert panel is not None

    page.get_by_role("link", name="Alle styringstal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Styringstal")
    expect(page.get_by_role("heading", name="Venteliste")).to_be_visible()
    assert_accessible(page)

    # an impossible period: a Danish message, the default period shown
    page.get_by_label("Fra og med").fill("2026-05-01")
    page.get_by_label("Til og med").fill("2026-04-01")
    page.get_by_role("button", name="Vis tal").click()
    expect(page.locator("body")).to_contain_text("Til-datoen skal ligge efter fra-datoen")
    assert_accessible(page)

    page.locator("table a[data-figure=waitlist]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("På venteliste")
    expect(page.get_by_role("heading", name="Listen bag tallet")).to_be_visible()
    list_ = page.locator("table.drill-list")
    expect(list_.get_by_role("row").nth(1)).to_be_visible()
    assert_accessible(page)

    # down to one offer's list
    page.locator("a.drill-link").first.click()
    expect(page.get_by_role("heading", name="Listen bag tallet:")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.locator("a.export-xlsx").click()
    assert download.value.suggested_filename.startswith("styringstal-waitlist-")
    rows = list(load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.iter_rows(values_only=True))
    assert rows[0][0] == "Tilbud" and rows[-1][0] == "I alt"
    assert all(not isinstance(v, int) or v == 0 or v >= 5 for row in rows[1:] for v in row[1:])


def test_manager_sees_outcomes_per_offer_and_courses_against_the_target(server, page):
    login(page, server, "leder")
    page.goto(f"{server}/styring/?fra=2016-01-01&til=2026-12-31")
    expect(page.get_by_role("heading", name="Effekt pr. tilbud")).to_be_visible()
    expect(page.get_by_role("heading", name="Gruppeforløb mod målet")).to_be_visible()
    for key in ("readmissions", "dropin_open_hours", "dropin_visits", "outcome_improved", "course_target_held"):
        expect(page.locator(f"table a[data-figure={key}]")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    page.locator("table a[data-figure=outcome_improved]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Heraf med fremgang")
    expect(page.get_by_role("heading", name="Listen bag tallet")).to_be_visible()
    assert_accessible(page)
