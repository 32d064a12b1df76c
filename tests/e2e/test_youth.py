"""Ballerup Ungeindsats across roles: the team's leader finds a young person in a mentor effort, records a
status, tries a status in the future (a Danish message, nothing saved), sees the quarterly shares, and moves
the young person to SKP on førtidspension; SKP's leader then finds the citizen on the intake list. axe
checks every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_volunteers import login, logout

TODAY = datetime.date.today()


def test_leader_moves_a_young_person_from_ungeindsats_to_skp(server, page):
    login(page, server, "ungleder")
    page.get_by_role("link", name="Ungeindsats", exact=True).first.click()
    expect(page.get_by_role("heading", name="Ballerup Ungeindsats")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="De unges status pr. kvartal").click()
    expect(page.locator("svg .mark").first).to_be_visible()
    assert_accessible(page)
    page.go_back()
    row = page.locator("table tbody tr").filter(has_text="I gang").first
    name = row.locator("td a").first.inner_text()
    row.locator("td a").first.click()
    expect(page.get_by_role("heading", name=f"{name} i Ballerup Ungeindsats")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Registrér en ny status").click()
    page.get_by_label("I job").check()
    page.get_by_label("Fra dato").fill((TODAY + datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Gem status").click()
    expect(page.locator("body")).to_contain_text("kan ikke ligge i fremtiden")
    assert_accessible(page)
    page.get_by_label("I job").check()
    page.get_by_label("Fra dato").fill(TODAY.isoformat())
    page.get_by_label("Bemærkning").fill("Deltidsjob i Bilka")
    page.get_by_role("button", name="Gem status").click()
    expect(page.locator("body")).to_contain_text("Status er gemt")

    page.get_by_text(re.compile(r"^Flyt .* til SKP$")).click()
    page.get_by_label("Førtidspension tilkendt den").fill((TODAY - datetime.timedelta(days=7)).isoformat())
    page.get_by_label("Begrundelse til den unge").fill(
        "Du har fået tilkendt førtidspension og overgår derfor til støtte i SKP; din plan følger med.")
    page.get_by_role("button", name="Flyt til SKP og send brevet").click()
    expect(page.locator("body")).to_contain_text("overgår til SKP")
    expect(page.locator("body")).to_contain_text("Planen er overdraget")
    assert_accessible(page)
    logout(page)

    login(page, server, "skpleder")
    page.goto(server + "/stoette/modtagelse/")
    expect(page.locator("body")).to_contain_text(name)
    assert_accessible(page)
