"""Min Tovholder in the browser, as the citizen: the demo's test login, my plan, a comment on a goal, Min log
with a read outside need to know — keyboard only, at 390 px, axe on every page; and the national eID login
(SAML) against a real local identity provider (tests/saml_idp.py) on a server configured as production is."""

import os
import sqlite3

import dj_database_url
import psycopg
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import _free_port, assert_accessible, running_server
from tests.saml_idp import environment, make_keypair, running_saml_idp

PHONE = 390


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"


def test_a_citizen_reads_the_plan_comments_on_a_goal_and_sees_min_log_keyboard_only(server, page):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/")
    expect(page.get_by_role("heading", name="Log ind på Min Tovholder")).to_be_visible()
    expect(page.get_by_role("heading", name="Testlogin – kun demo")).to_be_visible()
    expect(page.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    assert_accessible(page)
    _fits(page)
    # keyboard only: the first test citizen is chosen; tab to the button and press Enter
    button = page.get_by_role("button", name="Log ind som testborger")
    for _ in range(30):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("Knappen kan ikke nås med tastaturet")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Mine mål")).to_be_visible()
    expect(page.get_by_text("Hvem kan se det, du skriver?")).to_be_visible()
    expect(page.get_by_text("I akut krise:")).to_be_visible()
    assert_accessible(page)
    _fits(page)
    # open the first goal's form with the keyboard, write and save
    summary = page.locator("details.portal-write summary").first
    summary.focus()
    page.keyboard.press("Enter")
    form = page.locator("details.portal-write").first
    form.get_by_label("Mit eget skridt").focus()
    page.keyboard.press("Space")
    form.get_by_label("Din tekst").focus()
    page.keyboard.type("Jeg vil ringe til Kirsten om fredagen.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Mit eget skridt er gemt")).to_be_visible()
    expect(page.get_by_text("Jeg vil ringe til Kirsten om fredagen.")).to_be_visible()
    assert_accessible(page)
    # an empty text: a Danish message, nothing saved
    page.locator("details.portal-write summary").first.click()
    page.locator("details.portal-write").first.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Formularen er ikke gemt.")).to_be_visible()
    assert_accessible(page)
    # Min log, with the read outside need to know and its reason
    link = page.get_by_role("link", name="Min log")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Min log")).to_be_visible()
    expect(page.locator("tr.break-glass").first).to_contain_text("Uden for arbejdsområdet")
    expect(page.locator("tr.break-glass").first).to_contain_text("Begrundelse:")
    assert_accessible(page)
    _fits(page)
    page.get_by_label("Vis også mine egne opslag i Min Tovholder").check()
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("Dig selv (Min Tovholder)").first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som regneark (CSV)").click()
    assert download.value.suggested_filename == "min-log.csv"
    # staff pages stay closed to a citizen's session
    response = page.goto(server + "/borgere/")
    assert response is not None and response.status == 403
    page.goto(server + "/min/")
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_text("Du er logget ud af Min Tovholder")).to_be_visible()


def _a_test_citizens_cpr(tmp, worker: str, label: str) -> str:
    query = ("SELECT c.cpr FROM citizens_citizen c JOIN portal_citizenaccount a ON a.citizen_id = c.id "
             "WHERE a.test_login ORDER BY a.id LIMIT 1")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        cfg = dj_database_url.parse(url)
        with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                             dbname=f"{cfg['NAME']}_e2e{label}_{worker}") as conn:
            return conn.execute(query).fetchone()[0]
    with sqlite3.connect(tmp / "tovholder.sqlite3") as conn:
        return conn.execute(query).fetchone()[0]


@pytest.fixture(scope="module")
def saml_server(tmp_path_factory, worker_id):
    tmp = tmp_path_factory.mktemp("saml")
    sp_key, sp_cert = make_keypair(tmp, "sp")
    port = _free_port()
    with running_saml_idp(tmp / "idp") as idp:
        idp.sp_metadata_url = f"http://127.0.0.1:{port}/min/saml2/metadata/"
        env = {**environment(idp, sp_key, sp_cert), "TOVHOLDER_CITIZEN_TEST_LOGIN": "0"}
        with running_server(tmp, worker_id, extra_env=env, port=port, label="_saml") as base:
            yield base, _a_test_citizens_cpr(tmp, worker_id, "_saml")


def test_a_citizen_logs_in_with_mitid_through_a_real_saml_idp(page, saml_server):
    base, cpr = saml_server
    page.goto(base + "/min/log/")
    expect(page.get_by_role("heading", name="Log ind med MitID")).to_be_visible()
    expect(page.get_by_text("Testlogin – kun demo")).to_have_count(0)  # switched off on this server
    assert_accessible(page)
    page.get_by_role("link", name="Log ind med MitID").click()
    expect(page.get_by_role("heading", name="MitID-simulator (test-IdP)")).to_be_visible()
    page.get_by_label("CPR-nummer").fill(cpr)
    page.get_by_label("Sikringsniveau").select_option("Substantial")
    page.get_by_role("button", name="Godkend").click()
    page.get_by_role("button", name="Fortsæt til tjenesten").click()
    expect(page.get_by_role("heading", name="Min log")).to_be_visible()  # back where the citizen was going
    assert_accessible(page)
    page.get_by_role("link", name="Min plan", exact=True).click()
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    page.get_by_role("button", name="Log ud").click()
    # a login with too low an assurance level is refused with a Danish message
    page.get_by_role("link", name="Log ind med MitID").click()
    page.get_by_label("CPR-nummer").fill(cpr)
    page.get_by_label("Sikringsniveau").select_option("Low")
    page.get_by_role("button", name="Godkend").click()
    page.get_by_role("button", name="Fortsæt til tjenesten").click()
    expect(page.get_by_text("ikke et højt nok sikringsniveau")).to_be_visible()
    assert_accessible(page)
