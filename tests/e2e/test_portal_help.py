"""Ask for help in Min Tovholder, in the browser at 390 px with axe on every page: the citizen asks the municipality
for help and a caseworker sees it on the desk, marked as from the citizen; the citizen writes to the team, the
coordinator answers on the staff side, the citizen reads the answer; the citizen opens a letter as PDF."""

import os
import sqlite3
import uuid
from pathlib import Path

import dj_database_url
import psycopg
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login

PHONE = 390
FIRST_TEST_CITIZENS_COORDINATOR = (
    "SELECT u.username, c.first_name || ' ' || c.last_name FROM portal_citizenaccount a "
    "JOIN citizens_citizen c ON c.id = a.citizen_id JOIN tenancy_municipality m ON m.id = a.municipality_id "
    "JOIN auth_user u ON u.id = c.coordinator_id WHERE a.test_login ORDER BY m.name, c.first_name, a.id LIMIT 1")


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"


def _first_test_citizen(worker: str) -> tuple[str, str]:
    """The coordinator's username and the name of the test citizen the login page offers first."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        cfg = dj_database_url.parse(url)
        with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                             dbname=f"{cfg['NAME']}_e2e_{worker}") as conn:
            return conn.execute(FIRST_TEST_CITIZENS_COORDINATOR).fetchone()
    with sqlite3.connect(Path(os.environ["TOVHOLDER_E2E_VAR_DIR"]) / "tovholder.sqlite3") as conn:
        return conn.execute(FIRST_TEST_CITIZENS_COORDINATOR).fetchone()


def _check(page) -> None:
    assert_accessible(page)
    _fits(page)


def test_a_citizen_asks_for_help_writes_to_the_team_and_opens_a_letter(server, page, browser, worker_id):
    coordinator, name = _first_test_citizen(worker_id)
    mark = uuid.uuid4().hex[:6]
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/log-ind/")
    page.get_by_role("button", name="Log ind som testborger").click()
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()

    # ask the municipality for help
    page.get_by_role("link", name="Bed om hjælp").click()
    expect(page.get_by_role("heading", name="Bed om hjælp", exact=True)).to_be_visible()
    expect(page.get_by_text("Ikke til akut hjælp.")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Send til kommunen").click()  # empty: a Danish message, nothing sent
    expect(page.get_by_text("Formularen er ikke gemt.")).to_be_visible()
    _check(page)
    page.get_by_label("Hvad vil du gerne have hjælp til?").fill(f"Jeg vil gerne have hjælp til min post ({mark}).")
    page.get_by_role("button", name="Send til kommunen").click()
    expect(page.get_by_text("Din henvendelse er sendt til kommunen")).to_be_visible()
    expect(page.get_by_text(f"min post ({mark})")).to_be_visible()
    _check(page)

    # a message to the team
    page.get_by_role("link", name="Beskeder").click()
    expect(page.get_by_text("Ikke til akut hjælp – ring 112")).to_be_visible()
    _check(page)
    page.get_by_label("Emne").fill(f"Aftale {mark}")
    page.get_by_label("Din besked").fill("Kan vi flytte vores aftale på torsdag?")
    page.get_by_role("button", name="Send besked").click()
    expect(page.get_by_text("Din besked er sendt")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Aftale {mark}")).to_be_visible()
    _check(page)
    thread_url = page.url

    staff = browser.new_context(locale="da-DK").new_page()
    try:
        # the caseworker sees the request on the desk, marked as from the citizen
        login(staff, server, "sagsb1")
        staff.goto(server + "/visitation/")
        row = staff.locator('tr[data-source="portal"]', has_text=name).last  # the newest (the demo made one too)
        expect(row).to_contain_text("Borgeren selv (Min Tovholder)")
        assert_accessible(staff)
        row.get_by_role("link").click()
        expect(staff.get_by_text(f"min post ({mark})")).to_be_visible()
        assert_accessible(staff)
        staff.get_by_role("button", name="Log ud").click()

        # the coordinator answers
        login(staff, server, coordinator)
        staff.goto(server + "/beskeder/")
        assert_accessible(staff)
        staff.get_by_role("link", name=f"Aftale {mark}").click()
        expect(staff.get_by_text("Kan vi flytte vores aftale på torsdag?")).to_be_visible()
        assert_accessible(staff)
        staff.get_by_label("Dit svar til borgeren").fill("Ja, vi flytter den til mandag kl. 10.")
        staff.get_by_role("button", name="Send svar").click()
        expect(staff.get_by_text("Svaret er sendt")).to_be_visible()
    finally:
        staff.context.close()

    # the citizen reads the answer
    page.goto(thread_url)
    expect(page.get_by_text("Ja, vi flytter den til mandag kl. 10.")).to_be_visible()
    expect(page.locator('[data-from="staff"]')).to_contain_text("fra dit team")
    _check(page)

    # Mine breve: open a letter as PDF
    page.get_by_role("link", name="Mine breve").click()
    expect(page.get_by_role("heading", name="Mine breve")).to_be_visible()
    expect(page.locator('[data-dispatch="demo"]').first).to_have_text("Demo: ikke sendt med Digital Post")
    _check(page)
    href = page.locator("[data-letter] a").first.get_attribute("href")
    assert href is not None
    response = page.request.get(server + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
