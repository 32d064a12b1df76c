"""The kompetenceteam's leader takes an order: the contact-person suggestion shows each worker of the team
with the competences that match the citizen and their caseload, and the leader picks one. Then the
home-taking of externally bought cases with its saving. axe checks every page."""

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_outcomes import login


def test_the_leader_picks_a_suggested_contact_person_and_sees_the_home_taking(server, page):
    login(page, server, "kompleder")
    expect(page.locator("body")).to_contain_text("Hjemtagning af eksternt købte sager")  # the start-page panel
    assert_accessible(page)
    page.get_by_role("link", name="Modtagelse", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Modtagelse af bestillinger")
    assert_accessible(page)
    page.locator("section[aria-labelledby='h-venter'] tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bestilling: SKP kompetenceteam")
    hints = page.locator("fieldset .form-group-radio .form-hint")
    expect(hints.first).to_contain_text("borger")  # each worker's caseload …
    expect(page.locator("fieldset")).to_contain_text("Kompetence: ")  # … and why they are suggested
    assert_accessible(page)
    second = page.locator("fieldset .form-group-radio label").nth(1)  # the leader decides: not the first
    chosen = second.inner_text()
    second.click()
    page.get_by_role("button", name="Tag imod og udpeg kontaktperson").click()
    expect(page.locator("body")).to_contain_text(f"{chosen} er kontaktperson")
    assert_accessible(page)

    page.get_by_role("link", name="Hjemtagning", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hjemtagning af eksternt købte sager")
    expect(page.locator("section[aria-labelledby='h-sager']")).to_contain_text("Hjemtaget")
    assert_accessible(page)
    page.locator("section[aria-labelledby='h-sager'] tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hjemtagning:")
    assert_accessible(page)
