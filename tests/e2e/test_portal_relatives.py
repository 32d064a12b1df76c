"""Consents and relatives in Min Tovholder, in the browser at 390 px with axe on every page: a test relative with
the demo's grant sees the crisis plan and the appointments; the citizen grants another relative access to
"Aftaler" only (a wrong CPR number first: a Danish message), logs out; that relative logs in with the test login,
sees only the appointments and no page of the citizen's own; the citizen sees the relative's view in Min log and
takes the access back."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

PHONE = 390
MUNICIPALITY = "Ballerup Kommune"


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"


def _check(page) -> None:
    assert_accessible(page)
    _fits(page)


def _log_in_as_relative(page, server, name: str) -> None:
    page.goto(server + "/min/log-ind/")
    page.get_by_label(f"{name} (testpårørende, {MUNICIPALITY})").check()
    page.get_by_role("button", name="Log ind som testpårørende").click()
    expect(page.get_by_role("heading", name="Delt med dig", exact=True)).to_be_visible()


def _log_out(page) -> None:
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_text("Du er logget ud af Min Tovholder")).to_be_visible()


def test_a_citizen_grants_a_relative_the_appointments_and_sees_the_view_in_min_log(server, page):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/log-ind/")
    expect(page.get_by_role("button", name="Log ind som testpårørende")).to_be_visible()
    _check(page)

    # the demo's relative with a grant: the crisis plan (the demo citizen's current version) and the appointments
    _log_in_as_relative(page, server, "Kirsten Lund")
    expect(page.get_by_text("Du er logget ind som pårørende")).to_be_visible()
    _check(page)
    link = page.locator("main li a").first
    citizen = link.inner_text().strip()
    link.click()
    expect(page.get_by_role("heading", name=f"Delt af {citizen}")).to_be_visible()
    expect(page.get_by_role("heading", name="Kriseplan")).to_be_visible()
    expect(page.get_by_role("heading", name="Mine advarselstegn")).to_be_visible()
    expect(page.locator(".crisis-plan a[href^='tel:']").first).to_be_visible()
    expect(page.get_by_role("heading", name="Aftaler")).to_be_visible()
    _check(page)
    _log_out(page)

    # the citizen grants Ole Bach the crisis plan only
    page.get_by_label(re.compile(rf"^{re.escape(citizen)} \(testborger")).check()
    page.get_by_role("button", name="Log ind som testborger").click()
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    page.get_by_role("link", name="Samtykker og pårørende").click()
    expect(page.get_by_role("heading", name="Samtykker og pårørende")).to_be_visible()
    expect(page.get_by_text("Kirsten Lund kan se: Kriseplan, Aftaler")).to_be_visible()
    _check(page)
    page.get_by_label("Hvem skal have adgang?").select_option(label="Ole Bach (Ven)")
    page.get_by_role("checkbox", name="Kriseplan").check()
    page.get_by_label("Den pårørendes CPR-nummer").fill("123")
    page.get_by_role("button", name="Giv adgang").click()
    expect(page.get_by_text("Formularen er ikke gemt.")).to_be_visible()
    expect(page.get_by_text("Et CPR-nummer har 10 cifre").first).to_be_visible()
    _check(page)
    page.get_by_label("Den pårørendes CPR-nummer").fill("050781-3390")
    page.get_by_role("button", name="Giv adgang").click()
    expect(page.get_by_text("Ole Bach har nu adgang")).to_be_visible()
    expect(page.get_by_text("Ole Bach kan se: Kriseplan")).to_be_visible()
    _check(page)
    _log_out(page)

    # Ole Bach logs in: only the crisis plan (its current version), and none of the citizen's own pages
    _log_in_as_relative(page, server, "Ole Bach")
    _check(page)
    page.get_by_role("link", name=citizen).click()
    expect(page.get_by_role("heading", name=f"Delt af {citizen}")).to_be_visible()
    expect(page.get_by_role("heading", name="Kriseplan")).to_be_visible()
    expect(page.get_by_role("heading", name="Mine advarselstegn")).to_be_visible()
    expect(page.get_by_role("heading", name="Aftaler")).to_have_count(0)
    expect(page.get_by_role("link", name="Min plan")).to_have_count(0)
    _check(page)
    for path in ("/min/log/", "/min/samtykker/", "/borgere/"):
        response = page.goto(server + path)
        assert response is not None and response.status == 403, path
    page.goto(server + "/min/paaroerende/")
    _log_out(page)

    # the citizen sees Ole Bach's view in Min log
    page.get_by_label(re.compile(rf"^{re.escape(citizen)} \(testborger")).check()
    page.get_by_role("button", name="Log ind som testborger").click()
    page.get_by_role("link", name="Min log").click()
    expect(page.get_by_role("heading", name="Min log")).to_be_visible()
    row = page.locator("table.portal-log tr", has_text="Pårørende (Ole Bach)").first
    expect(row).to_contain_text("Pårørendeadgang: Kriseplan")
    expect(page.locator("table.portal-log tr", has_text="Pårørende (Kirsten Lund)").first).to_be_visible()
    _check(page)
    # and takes the access back: the grant is kept as withdrawn, Ole Bach sees nothing any more
    page.get_by_role("link", name="Samtykker og pårørende").click()
    page.get_by_role("button", name="Træk adgangen for Ole Bach tilbage").click()
    expect(page.get_by_text("Ole Bach har ikke længere adgang")).to_be_visible()
    expect(page.get_by_text("Tidligere adgang til Kriseplan").first).to_be_visible()
    _check(page)
    _log_out(page)
    _log_in_as_relative(page, server, "Ole Bach")
    expect(page.get_by_text("Ingen har delt noget med dig lige nu")).to_be_visible()
    _log_out(page)
