"""A worker downloads one of their citizens as FHIR from the citizen overview (issue 19)."""

import json

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_worker_downloads_a_citizen_as_fhir(server, page):
    login(page, server, "skp1")
    page.goto(server + "/borgere/")
    page.locator("#resultater table tbody tr td a").first.click()
    expect(page.get_by_role("heading", name="Udtræk til andre systemer")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent borgerens data som FHIR (JSON)").click()
    bundle = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "Patient" in kinds and len(kinds) > 1
