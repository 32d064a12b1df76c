"""A copy of my data in the browser, as the citizen: order it, see it ready (the server runs the task at once,
TOVHOLDER_TASKS_IMMEDIATE), download the ZIP and open it — the JSON has the plan's goal, the PDF the citizen's
name; Min log as PDF; axe on every page, at 390 px."""

import io
import json
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible

PHONE = 390


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_citizen_orders_waits_for_and_opens_a_copy_of_their_data(server, page):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/")
    page.get_by_role("button", name="Log ind som testborger").click()
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    name = re.sub(r"^Logget ind som ", "", page.get_by_text(re.compile("^Logget ind som ")).inner_text()).strip()
    goal = page.locator("article.portal-goal h3").first.inner_text().strip()
    assert name and goal
    # to the page with the keyboard
    link = page.get_by_role("link", name="Mine data")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kopi af mine data")).to_be_visible()
    assert_accessible(page)
    _fits(page)
    button = page.get_by_role("button", name="Bestil en kopi af mine data")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Din kopi er bestilt")).to_be_visible(timeout=90_000)  # the task runs in the request
    expect(page.get_by_text("Status: Klar", exact=False).first).to_be_visible(timeout=60_000)
    assert_accessible(page)
    _fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Hent kopien \\(ZIP\\)")).first.click()
    assert re.fullmatch(r"mine-data-\d{4}-\d{2}-\d{2}\.zip", download.value.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.loads(archive.read("mine-data.json"))
    assert goal in [g["tekst"] for g in data["maal"]]
    assert " ".join([data["stamdata"][0]["fornavn"], data["stamdata"][0]["efternavn"]]) == name
    assert name in _pdf_text(archive.read("mine-data.pdf"))
    for letter in data["breve"]:
        assert letter["fil"] in archive.namelist()
    # the download is in Min log (with one's own reads shown)
    page.goto(server + "/min/log/?egne=on")
    expect(page.get_by_text("Kopi af mine data: hentet").first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Hent som PDF").click()
    assert pdf.value.suggested_filename == "min-log.pdf"
    text = _pdf_text(Path(pdf.value.path()).read_bytes())
    assert "Min log" in text and name in text and "Kopi af mine data" in text
    # three a day: the fourth is refused with a Danish message
    page.goto(server + "/min/mine-data/")
    for _ in range(2):
        page.get_by_role("button", name="Bestil en kopi af mine data").click()
        expect(page.get_by_text("Din kopi er bestilt")).to_be_visible(timeout=90_000)
    page.get_by_role("button", name="Bestil en kopi af mine data").click()
    expect(page.get_by_text("Du har allerede bestilt 3 kopier")).to_be_visible()
    assert_accessible(page)
    _fits(page)
