"""At Støberiet: a worker starts on the day's opening, counts visitors at the door, lets a user take a
work-list shift, records a user-council meeting, looks at opening hours and figures; an ASF worker finds
the club evening; a Herlev worker sees IF Aktivisterne with Herlev's names and only a count of
Ballerup's. axe checks every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_outcomes import login


def test_a_day_at_stoeberiet(server, page):
    login(page, server, "stoeb1")
    expect(page.get_by_role("heading", name="Værested og aktiviteter i dag")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Støberiet")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Støberiet")
    assert_accessible(page)

    # the door: three in, one counted by mistake
    count = page.locator('[data-figure="door-count"]')
    before = int(count.inner_text().replace(".", ""))
    for _ in range(3):
        page.get_by_role("button", name="Tæl en besøgende mere").click()
        expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_be_visible()
    page.get_by_role("button", name="Træk én fra").click()
    expect(count).to_have_text(str(before + 2))
    page.get_by_label("Antal besøgende i dag (anonymt)").fill("-4")
    page.get_by_role("button", name="Ret antallet").click()
    expect(page.get_by_role("alert")).to_contain_text("under nul")
    assert_accessible(page)

    # the work list: a user takes an open shift
    page.get_by_role("link", name="Arbejdsliste", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arbejdsliste")
    assert_accessible(page)
    page.get_by_label("Opgave (fx cafévagt, indkøb, rengøring, cykelreparation)").fill("Cafévagt")
    page.get_by_label(re.compile(r"^Dag")).fill((datetime.date.today() + datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Timer").fill("2,5")
    page.get_by_role("button", name="Sæt vagten på listen").click()
    expect(page.locator("body")).to_contain_text("Vagten er sat på arbejdslisten")
    row = page.locator("tbody tr").filter(has=page.get_by_role("button", name="Tag vagten")).first
    user = row.get_by_label("Hvem tager vagten")
    name = user.locator("option").nth(1).inner_text()
    user.select_option(index=1)
    row.get_by_role("button", name="Tag vagten").click()
    expect(page.locator("body")).to_contain_text(f"{name} har taget vagten")
    assert_accessible(page)

    # the user council
    page.get_by_role("link", name="Brugerråd", exact=True).click()
    page.get_by_label("Mødedato").fill(datetime.date.today().isoformat())
    page.get_by_label("Referat").fill("Vi aftalte en ny plan for caféens indkøb.")
    page.get_by_label(re.compile(r"^Beslutning 1")).fill("Indkøb deles mellem tre brugere")
    page.get_by_label("Hvem følger op på beslutning 1").fill("Brugerrådets formand")
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.locator("body")).to_contain_text("Mødet og referatet er gemt")
    expect(page.locator("body")).to_contain_text("Indkøb deles mellem tre brugere")
    assert_accessible(page)

    # opening hours with their history, and the figures
    page.get_by_role("link", name="Åbningstider", exact=True).click()
    expect(page.locator("body")).to_contain_text("Reduceret åbningstid efter besparelserne")
    expect(page.locator("body")).to_contain_text("Genoprettet efter budgetforliget 2016")
    assert_accessible(page)
    page.get_by_role("link", name="Tal", exact=True).click()
    expect(page.locator('[data-figure="core-users"]')).to_have_text(re.compile(r"^\d+$"))
    assert_accessible(page)

    # a new weekly activity with limited seats, from the list of activities
    page.goto(server + "/vaerested/")
    page.get_by_role("link", name="Planlæg en ny aktivitet").click()
    assert_accessible(page)
    page.get_by_label("Tilbud").select_option(label="Støberiet – aktivitets- og værested")
    page.get_by_label("Aktivitetens navn").fill("Keramikværksted")
    page.get_by_label("Første gang").fill((datetime.date.today() + datetime.timedelta(days=3)).isoformat())
    page.get_by_label("Klokken").fill("13:00")
    page.get_by_label("Antal uger (én gang om ugen)").fill("0")
    page.get_by_role("button", name="Planlæg aktiviteten").click()
    expect(page.get_by_role("alert").first).to_contain_text("mindst én uge")
    assert_accessible(page)
    page.get_by_label("Antal uger (én gang om ugen)").fill("6")
    page.get_by_label(re.compile("^Pladser pr. gang")).fill("8")
    page.get_by_role("button", name="Planlæg aktiviteten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keramikværksted")
    expect(page.locator("body")).to_contain_text("er planlagt med 6 gange")
    assert_accessible(page)


def test_the_club_evening_and_if_aktivisterne_across_municipalities(server, page):
    login(page, server, "asf1")
    expect(page.get_by_role("link", name="Klubaften")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Klubaften").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klubaften")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, server, "herlev-flex1")
    page.goto(server + "/vaerested/")
    page.get_by_role("link", name="IF Aktivisterne – træning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("IF Aktivisterne – træning")
    expect(page.locator("body")).to_contain_text("fra Ballerup Kommune")
    expect(page.locator("body")).to_contain_text("drives af Ballerup Kommune")
    assert_accessible(page)
