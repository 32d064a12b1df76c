"""The administrator, holding the import role for the move-in, opens the import from the menu, tries a file from
the old system as a dry run (nothing saved, one row refused with the reason), imports it, imports it again
(nothing created twice) and reads the municipality's import log and the report as CSV. axe checks every page."""

import datetime
import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_volunteers import login

pytestmark = pytest.mark.e2e


def _file() -> bytes:
    today = datetime.date.today()
    ago = lambda days: (today - datetime.timedelta(days=days)).isoformat()  # noqa: E731
    return json.dumps({"format": "tovholder-import", "version": 1, "municipality_code": "151", "citizens": [
        {"id": "E2E-1", "cpr": "2107734016", "first_name": "Ulla", "last_name": "Indlæst", "known_from": ago(30),
         "relatives": [{"id": "E2E-R1", "name": "Palle Indlæst", "relation": "bror",
                        "consents": [{"id": "E2E-S1", "scope": "contact", "given_on": ago(20)}]}],
         "cases": [{"id": "E2E-C1", "opened_on": ago(25)}]},
        {"id": "E2E-2", "cpr": "3102734016", "first_name": "Ingen", "last_name": "Dato"},
    ]}).encode()


def _upload(page, mode: str) -> None:
    page.get_by_label("Fil fra det tidligere system").set_input_files(
        {"name": "nexus-e2e.json", "mimeType": "application/json", "buffer": _file()})
    page.get_by_role("radio", name=re.compile(mode)).check()
    page.get_by_role("button", name="Start").click()


def test_admin_dry_runs_imports_and_reads_the_log(server, page):
    login(page, server, "admin")
    page.get_by_role("link", name="Indlæsning").first.click()
    expect(page.get_by_role("heading", name="Indlæsning fra tidligere system")).to_be_visible()
    expect(page.locator("[data-item=import-run]").first).to_contain_text("nexus-udtraek.json")  # the demo's run
    assert_accessible(page)

    _upload(page, "Prøvekørsel")
    expect(page.get_by_role("heading", name=re.compile("Prøvekørsel: nexus-e2e.json"))).to_be_visible()
    expect(page.locator("body")).to_contain_text("Det var en prøvekørsel")
    expect(page.locator("[data-outcome=created]")).to_have_count(4)
    expect(page.locator("[data-outcome=refused]")).to_have_count(1)
    expect(page.locator("[data-outcome=refused]")).to_contain_text("fødselsdato")
    expect(page.locator("[data-outcome=created]").first).to_contain_text("Ville blive oprettet")
    assert_accessible(page)

    page.get_by_role("link", name="Indlæsning fra tidligere system").click()
    _upload(page, "Indlæs: opret")
    expect(page.get_by_role("heading", name=re.compile("^Indlæsning: nexus-e2e.json"))).to_be_visible()
    expect(page.locator("[data-outcome=created]").first).to_contain_text("Oprettet")
    page.get_by_role("link", name="Vis kun de afviste rækker").click()
    expect(page.locator("[data-item=report-row]")).to_have_count(1)
    assert_accessible(page)
    report = page.request.get(page.get_by_role("link", name="CSV").get_attribute("href") and
                              server + page.get_by_role("link", name="CSV").get_attribute("href"))
    assert report.status == 200 and "Afvist" in report.body().decode("utf-8-sig")

    page.get_by_role("link", name="Indlæsning fra tidligere system").click()
    _upload(page, "Indlæs: opret")  # the same file again: nothing is created twice
    expect(page.locator("[data-outcome=unchanged]")).to_have_count(4)
    expect(page.locator("[data-outcome=created]")).to_have_count(0)

    page.get_by_role("link", name="Indlæsning fra tidligere system").click()
    runs = page.locator("[data-item=import-run]")
    expect(runs).to_have_count(4)
    expect(runs.first).to_contain_text("nexus-e2e.json")
    assert_accessible(page)
