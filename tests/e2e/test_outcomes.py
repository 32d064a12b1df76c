"""A worker fills in WHO-5 and the recovery compass with a citizen twice, sees the star chart, the
line charts and the table; a manager opens the outcome figures. axe checks every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import PASSWORD, assert_accessible


def login(page, base: str, username: str) -> None:
    """Log in and wait for whatever start page the role has (a worker's day or the citizen list)."""
    page.goto(base + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _fill(page, server, citizen_href, instrument, answers, day):
    page.goto(server + citizen_href)
    page.get_by_role("link", name=instrument, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(instrument)
    assert_accessible(page)
    for legend, label in answers:
        page.get_by_role("group", name=legend).get_by_label(label, exact=True).check()
    page.get_by_label("Dato for målingen").fill(day)
    page.get_by_label("Borger og medarbejder i enighed").check()
    page.get_by_role("button", name="Gem målingen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(instrument)
    assert_accessible(page)


# The demo's history ends today; these two come after it, so they are the latest two.
SECOND = datetime.date.today().isoformat()
FIRST = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
WHO5 = ["glad og i godt humør", "rolig og afslappet", "aktiv og energisk", "frisk og udhvilet", "interesserer mig"]


def _who5(first: str, rest: str):
    return [(re.compile(WHO5[0]), first)] + [(re.compile(q), rest) for q in WHO5[1:]]


def test_worker_and_citizen_measure_twice_and_see_the_change(server, page):
    login(page, server, "skp1")
    page.goto(server + "/borgere/")
    href = page.locator("#resultater table tbody tr td a").first.get_attribute("href")
    page.goto(server + href)
    page.get_by_role("link", name="Se udvikling og udfyld en måling med borgeren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Effektmåling for")
    assert_accessible(page)
    outcomes_url = page.url.replace(server, "")

    # WHO-5: first a mistake (one item unanswered), then the whole form
    page.get_by_role("link", name="WHO-5 Trivselsindeks", exact=True).click()
    page.get_by_role("group", name=re.compile(WHO5[0])).get_by_label("Lidt af tiden", exact=True).check()
    page.get_by_role("button", name="Gem målingen").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    expect(page.locator("body")).to_contain_text("Besvar dette spørgsmål.")
    assert_accessible(page)
    _fill(page, server, outcomes_url, "WHO-5 Trivselsindeks", _who5("Lidt af tiden", "Lidt af tiden"),
          FIRST)
    expect(page.locator(".notice.warning").first).to_contain_text("Mulig depression")  # 5 × 4 = 20
    _fill(page, server, outcomes_url, "WHO-5 Trivselsindeks",
          _who5("Det meste af tiden", "Lidt mere end halvdelen af tiden"), SECOND)

    compass = [("Håb og optimisme", "3 – jeg tager imod en hånd"), ("Bolig", "6 – jeg ser en vej og tør prøve"),
               ("Økonomi", "2 – det er svært"), ("Netværk og relationer", "4 – jeg tager imod en hånd og er med")]
    _fill(page, server, outcomes_url, "Recovery-kompasset", compass, FIRST)
    page.goto(server + outcomes_url)
    page.get_by_role("link", name="Recovery-kompasset", exact=True).click()
    expect(page.get_by_role("group", name="Håb og optimisme")).to_contain_text("Sidst: 3 – jeg tager imod en hånd")
    page.goto(server + outcomes_url)
    better = [("Håb og optimisme", "7 – jeg øver mig"), ("Bolig", "8 – jeg øver mig og det lykkes tit"),
              ("Økonomi", "4 – jeg tager imod en hånd og er med"),
              ("Netværk og relationer", "5 – jeg begynder at se en vej")]
    _fill(page, server, outcomes_url, "Recovery-kompasset", better, SECOND)

    page.goto(server + outcomes_url)
    section = page.locator("section", has=page.get_by_role("heading", name="Recovery-kompasset", level=2))
    radar = section.get_by_role("img", name=re.compile("de seneste to målinger"))
    expect(radar).to_be_visible()
    expect(radar.locator("polygon[stroke-dasharray]")).to_have_count(1)  # the earlier measurement, dashed
    expect(section.locator(".small-multiples").get_by_role("img", name="Håb og optimisme")).to_be_visible()
    row = section.get_by_role("row", name=re.compile("Håb og optimisme"))
    expect(row.get_by_role("cell").nth(-2)).to_have_text("3")
    expect(row.get_by_role("cell").nth(-1)).to_have_text("7")
    who5_section = page.locator("section", has=page.get_by_role("heading", name="WHO-5 Trivselsindeks", level=2))
    score = who5_section.get_by_role("row", name=re.compile("Trivselsscore")).get_by_role("cell")
    expect(score.nth(-2)).to_have_text("20")
    expect(score.nth(-1)).to_have_text("64")
    # the star chart is drawn at its size, its labels inside it, and its numbers a click away
    box = radar.bounding_box()
    assert box["width"] > 200 and box["height"] > 150
    expect(radar.locator("circle.mark")).to_have_count(4)  # the latest measurement's four areas
    overflow = radar.evaluate("""svg => {
        const b = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect())
            .filter(r => r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1)
            .length; }""")
    assert overflow == 0
    section.locator("details").first.get_by_text("Vis tallene i figuren").click()
    numbers = section.get_by_role("table", name=re.compile("tallene i stjernediagrammet"))
    expect(numbers.get_by_role("row", name=re.compile("Bolig"))).to_contain_text("8")
    assert_accessible(page)


def test_manager_opens_the_outcome_figures(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Effekt", exact=True).click()
    expect(page.get_by_role("heading", name="Effekttal")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Måleredskab").select_option(label="Recovery-kompasset")
    page.get_by_label("Opdel efter").select_option("offer")
    page.get_by_role("button", name="Vis tal").click()
    expect(page.get_by_role("heading", name="Recovery-kompasset", level=2)).to_be_visible()
    expect(page.locator("body")).to_contain_text("95 % konfidensinterval")
    expect(page.locator("body")).to_contain_text("Forbedret fra første til seneste måling")
    everyone = page.get_by_role("img", name="Alle: gennemsnit ved første og seneste måling")
    expect(everyone).to_be_visible()
    assert everyone.bounding_box()["width"] > 200
    assert everyone.locator("rect.mark").count() >= 2
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som XLSX").click()
    assert download.value.suggested_filename == "effekttal-recovery-kompas.xlsx"
    page.get_by_label("Til dato").fill("2000-01-01")
    page.get_by_label("Fra dato").fill("2020-01-01")
    page.get_by_role("button", name="Vis tal").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
