"""The committee report as the manager makes it: from the menu to Udvalgssager, a period out of order
refused with a Danish message, a report made for the last finished quarter (the task shows its state),
the recommendation edited, and the PDF made from the draft — its text holds the economy table's column
heads, the edited recommendation and the action plan's status words. axe on every page."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import assert_accessible
from .test_volunteers import login


def test_manager_makes_a_committee_report_edits_it_and_makes_the_pdf(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Udvalgssager", exact=True).first.click()
    expect(page.get_by_role("heading", name="Udvalgssager", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Eller en periode: første dag").fill("2025-09-30")
    page.get_by_label("Sidste dag").fill("2025-07-01")
    page.get_by_role("button", name="Lav udvalgssagen").click()
    expect(page.locator("body")).to_contain_text("Den sidste dag skal ligge efter den første")
    assert_accessible(page)

    page.get_by_label("Eller en periode: første dag").fill("")
    page.get_by_label("Sidste dag").fill("")
    page.get_by_label("Kvartal").select_option(index=1)
    quarter = page.locator("#id_quarter option").nth(1).inner_text()
    page.get_by_role("button", name="Lav udvalgssagen").click()
    expect(page.get_by_role("heading", name=f"Socialpsykiatrien, {quarter}")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Færdig")
    for heading in ("Indstilling", "Resumé", "Økonomi", "Aktivitet", "Dyre enkeltsager", "Normering",
                    "Handleplanens status", "Handlemuligheder"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("table").filter(has_text="Budgetopfølgning pr. funktion")).to_contain_text("Korrigeret budget")
    assert_accessible(page)

    page.get_by_role("link", name="Ret teksterne").click()
    expect(page.get_by_role("heading", name="Ret teksterne i udvalgssagen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Indstilling").fill("Forvaltningen indstiller, at udvalget godkender en tillægsbevilling "
                                          "til <b>bostøtten</b>.")
    page.get_by_role("button", name="Gem udkastet").click()
    expect(page.locator("body")).to_contain_text("Udkastet er gemt")
    expect(page.locator("section").filter(has_text="Indstilling").first).to_contain_text("<b>bostøtten</b>")
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Dan PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("udvalgssag-") and download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for words in ("Korrigeret budget", "Forventet regnskab", "Forventet afvigelse", "godkender en tillægsbevilling",
                  "Handleplanens status", "På rette spor", "I risiko", "Ikke på rette spor", "Dyre enkeltsager"):
        assert words in text, words
