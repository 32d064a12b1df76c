"""A worker's own account in the browser: change the password, forget it and reset it through the e-mail
(the file backend: the server's var/mail/), and make a new calendar address so the old one stops working.
The pages carry the security headers. Runs as komp3, whom no other browser test uses."""

import os
import re
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

from .conftest import PASSWORD, assert_accessible, login

USER = "komp3"
NEW = "Ny-og-Lang-Sætning-2026"


def _mail_dir() -> Path:
    return Path(os.environ["TOVHOLDER_E2E_VAR_DIR"]) / "mail"


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as e:
        return e.code


def test_change_forget_and_reset_the_password(page, server):
    login(page, server, USER)
    page.get_by_role("link", name="Skift adgangskode").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skift adgangskode")
    assert_accessible(page)
    page.get_by_label("Gammel adgangskode").fill("forkert")
    page.get_by_label("Ny adgangskode", exact=False).first.fill(NEW)
    page.get_by_label("Bekræftelse af ny adgangskode").fill(NEW)
    page.get_by_role("button", name="Skift adgangskode").click()
    expect(page.get_by_role("alert")).to_contain_text("Din gamle adgangskode blev ikke indtastet korrekt")
    assert_accessible(page)
    page.get_by_label("Gammel adgangskode").fill(PASSWORD)
    page.get_by_label("Ny adgangskode", exact=False).first.fill(NEW)
    page.get_by_label("Bekræftelse af ny adgangskode").fill(NEW)
    page.get_by_role("button", name="Skift adgangskode").click()
    expect(page.locator(".messages")).to_contain_text("Din adgangskode er skiftet")
    page.get_by_role("button", name="Log ud").first.click()

    # forgotten: the link comes by e-mail (a file in the server's var/mail/ outside production)
    page.get_by_role("link", name="Glemt adgangskode?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glemt adgangskode")
    assert_accessible(page)
    before = set(_mail_dir().glob("*")) if _mail_dir().exists() else set()
    page.get_by_label("E-mail").fill(f"{USER}@demo.invalid")
    page.get_by_role("button", name="Send link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    assert_accessible(page)
    [mail] = set(_mail_dir().glob("*")) - before
    text = mail.read_text()
    assert "Ny adgangskode til Tovholder" in text
    link = re.search(r"https?://\S+/adgangskode/ny/\S+/", text).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vælg en ny adgangskode")
    assert_accessible(page)
    page.get_by_label("Ny adgangskode", exact=False).first.fill(PASSWORD)
    page.get_by_label("Bekræftelse af ny adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Gem ny adgangskode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din nye adgangskode er gemt")
    assert_accessible(page)
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("Linket virker ikke")
    login(page, server, USER)  # the demo password again


def test_a_new_calendar_address_closes_the_old_and_pages_carry_the_headers(page, server):
    login(page, server, USER)
    response = page.goto(server + "/aktiviteter/kalender/")
    headers = response.headers
    assert "no-store" in headers["cache-control"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "camera=()" in headers["permissions-policy"]
    assert "server" not in headers
    assert_accessible(page)
    if page.get_by_role("button", name="Lav en kalenderadresse").count():
        page.get_by_role("button", name="Lav en kalenderadresse").click()
    else:
        page.get_by_role("button", name="Lav en ny adresse").click()
    old = page.get_by_label("Kalenderadresse").input_value()
    assert _status(old) == 200
    expect(page.locator("main")).to_contain_text("Den virker til og med")
    assert_accessible(page)
    page.get_by_role("button", name="Lav en ny adresse").click()
    new = page.get_by_label("Kalenderadresse").input_value()
    assert new != old and _status(new) == 200 and _status(old) == 404
