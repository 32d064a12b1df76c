"""Issue 14 in the browser: a worker sees a task on the start page and completes it, looks at the full task
list, hands a task on; a caseworker sees the young people turning 18 and opens a transition, plans the
handover meeting; a worker looks up what a relative may be told and records what was told. axe on every
page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_volunteers import login, logout

TODAY = datetime.date.today()


def test_worker_completes_a_task_from_the_start_page(server, page):
    login(page, server, "skp1")
    panel = page.get_by_role("heading", name="Mine opgaver")
    expect(panel).to_be_visible()
    assert_accessible(page)
    rows = page.locator("tr[data-item=task]")
    count = rows.count()
    assert count >= 1
    title = rows.first.locator("td").nth(1).inner_text().split("\n")[0]
    rows.first.get_by_role("button", name=re.compile("^Løst")).click()
    expect(page.locator("body")).to_contain_text(f"Opgaven »{title}« er løst")
    assert_accessible(page)
    # the full list, with filters; the done list holds it
    page.get_by_role("link", name="Opgaver", exact=True).first.click()
    expect(page.get_by_role("heading", name="Mine opgaver", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vis").select_option("done")
    page.get_by_role("button", name="Vis opgaverne").click()
    expect(page.locator("table")).to_contain_text(title)
    assert_accessible(page)
    # a new task, then handed on to the team
    page.get_by_role("link", name="Ny opgave").click()
    page.get_by_role("button", name="Opret opgaven").click()  # empty: Danish messages, nothing saved
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.locator("#id_title").fill("Bestil nye kalendere til teamet")
    page.get_by_label("Frist").fill((TODAY + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Opret opgaven").click()
    expect(page.locator("body")).to_contain_text("Opgaven er oprettet")
    page.goto(server + "/opgaver/")
    row = page.locator("tr[data-item=task]", has_text="Bestil nye kalendere til teamet")
    row.get_by_role("link", name=re.compile("^Giv videre")).click()
    assert_accessible(page)
    page.get_by_label("eller til teamet").select_option(label="SKP-teamet")
    page.get_by_role("button", name="Giv videre").click()
    expect(page.locator("body")).to_contain_text("er givet videre")
    logout(page)


def test_caseworker_sees_young_people_and_opens_a_transition(server, page):
    login(page, server, "sagsb1")
    page.get_by_role("link", name="Unge der fylder 18").first.click()
    expect(page.get_by_role("heading", name="Unge der fylder 18", level=1)).to_be_visible()
    assert page.locator("tr[data-item=young-person]").count() >= 5
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Opret opgaver")).click()
    expect(page.get_by_role("status")).to_be_visible()
    open_link = page.get_by_role("link", name=re.compile("^Opret overgang")).first
    open_link.click()
    expect(page.get_by_role("heading", name="Ny overgang til voksenområdet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Opret overgangen").click()
    expect(page.locator("body")).to_contain_text("Overgangen er oprettet")
    assert_accessible(page)
    page.get_by_label("Overleveringsmøde").fill("0001-01-01")  # a typing error: refused in Danish
    page.get_by_role("button", name="Gem planen").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.get_by_label("Overleveringsmøde").fill((TODAY + datetime.timedelta(days=10)).isoformat())
    page.get_by_label("Mødested").fill("Ballerup Rådhus")
    page.get_by_label("Hvad fortsætter fra det 18. år").fill("Mentorforløb i Ungeindsatsen")
    page.get_by_label("Tovholder i voksenområdet").select_option(index=1)
    page.get_by_role("button", name="Gem planen").click()
    expect(page.locator("body")).to_contain_text("Overgangen er gemt")
    expect(page.locator("dl")).to_contain_text("Ballerup Rådhus")
    assert_accessible(page)
    # the young person's overview shows the transition
    page.get_by_role("link", name=re.compile("^Til ")).first.click()
    expect(page.get_by_role("heading", name="Overgang til voksenområdet")).to_be_visible()
    assert_accessible(page)
    logout(page)


def test_worker_tells_a_relative_only_what_the_consent_allows(server, page):
    login(page, server, "skp1")
    page.goto(server + "/borgere/?vis=alle")
    hrefs = [a.get_attribute("href") for a in page.locator("#resultater table tbody tr td a").all()]
    found = None
    for href in hrefs[:60]:
        page.goto(server + href)
        links = page.locator("#afsnit-paarorende a[href*='/paarorende/']")
        for i in range(links.count()):
            target = links.nth(i).get_attribute("href")
            if "/ny/" in (target or ""):
                continue
            page.goto(server + target)
            if page.get_by_role("button", name="Registrér").count():
                found = target
                break
            page.go_back()
        if found:
            break
    assert found, "ingen af skp1's borgere har en pårørende med samtykke"
    assert_accessible(page)
    expect(page.locator("[data-allowed=nej]").first).to_contain_text("Må ikke oplyses")
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.locator("input[name=scopes]").first.check()
    page.get_by_label("Kort om hvad der blev sagt").fill("Orienteret om næste besøg")
    page.get_by_role("button", name="Registrér").click()
    expect(page.locator("body")).to_contain_text("Det er registreret")
    expect(page.locator("tr[data-item=disclosure]").first).to_contain_text("Orienteret om næste besøg")
    assert_accessible(page)
    logout(page)
