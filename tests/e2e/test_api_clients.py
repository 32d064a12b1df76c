"""The administrator registers an API client, issues a token (shown once) and revokes it; the API's docs page
loads its Swagger UI from our own origin under the CSP; the demo client's token reads through the API.
axe checks every page of ours."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_volunteers import login

pytestmark = pytest.mark.e2e


def test_admin_registers_a_client_and_the_docs_load_locally(server, page):
    login(page, server, "admin")
    page.get_by_role("link", name="API-klienter").first.click()
    expect(page.get_by_role("heading", name="API-klienter")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Jobcentrets system")  # the demo's client
    assert_accessible(page)
    page.get_by_role("link", name="Registrér en klient").click()
    page.get_by_role("button", name="Registrér klienten").click()  # empty: Danish messages, nothing saved
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.get_by_label("Navn").fill("ESDH-systemet")
    page.get_by_label("Rolle").select_option("Medarbejder")
    page.get_by_label("SKP-teamet").check()
    page.get_by_role("button", name="Registrér klienten").click()
    expect(page.locator("body")).to_contain_text("ESDH-systemet er registreret")
    assert_accessible(page)
    page.get_by_role("button", name="Udsted nøglen").click()
    token = page.locator("[data-token]").inner_text()
    assert re.fullmatch(r"tvh_[\w-]{40,}", token)
    assert_accessible(page)
    answer = page.request.get(server + "/api/v1/borgere?antal=3", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and len(answer.json()["data"]) <= 3
    page.get_by_role("button", name=re.compile("Tilbagekald")).click()
    expect(page.locator("body")).to_contain_text("er tilbagekaldt")
    answer = page.request.get(server + "/api/v1/borgere", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 401 and answer.json()["fejl"]["kode"] == "ikke_logget_ind"

    demo = page.request.get(server + "/api/v1/ventelister",
                            headers={"Authorization": "Bearer tvh_demo-jobcentret-151"})
    assert demo.status == 200 and demo.json()

    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    outside: list[str] = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(server) else None)
    page.goto(server + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Tovholder API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert outside == [] and blocked == []
