"""Each role logs in, lands on its own start page (issue 11), sees its panels, follows a figure to the list
behind it and finds the same number there; axe on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, login

# user, the panels (headings) they see, the figure to follow, what the list it links to shows
ROLES = [
    ("sagsb1", ["Sagsbehandling: frister, henvendelser og tovholdere", "Ventelister og kapacitet"], "cases",
     "#sager"),
    ("skpleder", ["Borgere i dit område", "Leverede og bevilgede timer, forløb pr. medarbejder",
                  "Ventelister og kapacitet"], "alle", "caption"),
    ("leder", ["Borgere i dit område", "Leverede og bevilgede timer, forløb pr. medarbejder",
               "Ventelister og kapacitet", "Effekt: seneste overskrift", "Find en borgers adgangslog"],
     "uden-tovholder", "caption"),
    ("herlev-leder", ["Borgere i dit område", "Ventelister og kapacitet"], "alle", "caption"),
    ("stoeb1", ["Dine borgere"], "alle", "caption"),
    ("admin", ["Find en borgers adgangslog", "Brugere og roller"], "users", "caption"),
]


@pytest.mark.parametrize(("username", "headings", "figure", "where"), ROLES, ids=[r[0] for r in ROLES])
def test_each_role_lands_on_its_start_page_and_its_figures_lead_to_their_lists(server, page, username, headings,
                                                                                figure, where):
    login(page, server, username)
    assert page.url == server + "/"
    for heading in headings:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("Ingen borgere at vise")).to_have_count(0)
    assert_accessible(page)
    link = page.locator(f'a[data-figure="{figure}"]')
    shown = int(link.inner_text().replace(".", ""))
    link.click()
    page.wait_for_load_state()
    assert_accessible(page)
    if where == "caption":
        text = page.locator("caption").first.inner_text() if shown else page.locator("main").inner_text()
        assert (re.match(rf"{shown} ", text.replace(".", "")) if shown else "Ingen" in text), (shown, text)
    else:
        expect(page.locator(where)).to_contain_text(f"({shown})")


def test_herlevs_leader_sees_herlevs_offers_and_the_over_quota_warning(server, page):
    login(page, server, "herlev-leder")
    panel = page.locator("section", has=page.get_by_role("heading", name="Ventelister og kapacitet"))
    expect(panel).to_contain_text("Herlev SKP")
    expect(panel).not_to_contain_text("SKP kompetenceteam")
    if "Over kapaciteten" in panel.inner_text():
        expect(panel.locator(".status-warning").first).to_be_visible()


def test_the_admin_finds_an_access_log_by_name_giving_the_purpose(server, page):
    login(page, server, "admin")
    page.get_by_role("button", name="Find adgangsloggen").click()
    expect(page.locator("main")).to_contain_text("Skriv borgerens CPR-nummer eller navn.")
    expect(page.locator("main")).to_contain_text("Skriv formålet med opslaget.")
    assert_accessible(page)
    page.get_by_label("Borgerens CPR-nummer eller navn").fill("en")
    page.get_by_label("Formål").fill("Borgerens egen anmodning om indsigt i loggen")
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("caption")).to_contain_text("fundet")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Se adgangsloggen")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adgangslog for")
    expect(page.locator("table")).to_contain_text("Borgerens egen anmodning om indsigt i loggen")
    assert_accessible(page)
