"""Volunteer companions across roles: the coordinator registers a volunteer, a worker records a citizen's
wish with consent, the coordinator sees the suggestion and why, starts an agreement, logs an outing and
prints the volunteer's sheet. axe checks every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import PASSWORD, assert_accessible

TODAY = datetime.date.today()
NAME = "Vera Testfrivillig"


def login(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def logout(page) -> None:
    page.get_by_role("button", name="Log ud").first.click()
    page.wait_for_url(re.compile("/login/"))


def test_coordinator_and_worker_match_a_volunteer_companion(server, page):
    # the coordinator registers a volunteer
    login(page, server, "frivillig")
    expect(page.get_by_role("heading", name="Frivillige ledsagere")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Frivillige", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér en frivillig").click()
    page.get_by_role("button", name="Registrér den frivillige").click()  # empty: Danish messages, nothing saved
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.get_by_label("Fornavn").fill("Vera")
    page.get_by_label("Efternavn").fill("Testfrivillig")
    page.get_by_label("Telefon").fill("20 30 40 50")
    page.get_by_role("group", name="Interesser").get_by_label("Svømning").check()
    page.get_by_role("group", name="Kan (ugedage og tid på dagen)").get_by_label("Mandag eftermiddag").check()
    page.get_by_role("group", name="Kan (ugedage og tid på dagen)").get_by_label("Onsdag eftermiddag").check()
    page.get_by_label("Børne-/straffeattest set den").fill((TODAY - datetime.timedelta(days=30)).isoformat())
    page.get_by_label("Attesten skal fornyes senest").fill((TODAY + datetime.timedelta(days=700)).isoformat())
    page.get_by_label("Den frivillige har givet samtykke til at blive kontaktet").check()
    page.get_by_role("button", name="Registrér den frivillige").click()
    expect(page.locator("body")).to_contain_text(f"{NAME} er registreret som frivillig")
    assert_accessible(page)
    logout(page)

    # a worker records a citizen's wish with consent
    login(page, server, "skp1")
    page.goto(server + "/borgere/")
    hrefs = [a.get_attribute("href") for a in page.locator("#resultater table tbody tr td a").all()]
    citizen_id = None
    for href in hrefs:
        found = re.search(r"/borgere/(\d+)/", href or "")
        if not found:
            continue
        page.goto(f"{server}/frivillige/borger/{found.group(1)}/")
        if page.get_by_role("link", name="Registrér et ønske om en frivillig ledsager").count():
            citizen_id = found.group(1)
            break
    assert citizen_id, "ingen af skp1's borgere kan få registreret et ønske"
    first_name = page.get_by_role("heading", level=1).inner_text().split("– ", 1)[1].split(" ")[0]
    assert_accessible(page)
    page.get_by_role("link", name="Registrér et ønske om en frivillig ledsager").click()
    page.get_by_label("Borgerens ønske med egne ord").fill("Jeg vil gerne i svømmehallen, men ikke alene.")
    page.get_by_role("group", name="Hvad vil borgeren gerne have selskab til").get_by_label("Svømning").check()
    page.get_by_role("group", name="Hvornår kan borgeren").get_by_label("Mandag eftermiddag").check()
    page.get_by_label("Kontaktaftale (den frivillige ser den)").fill("Ring dagen før efter kl. 10")
    page.get_by_label("Mødested (den frivillige ser det)").fill("Foran Ballerup Svømmehal")
    page.get_by_role("button", name="Send ønsket til koordinatoren").click()  # no consent yet
    expect(page.get_by_role("alert")).to_contain_text("samtykke")
    assert_accessible(page)
    page.get_by_label(re.compile("Borgeren giver samtykke")).check()
    page.get_by_role("button", name="Send ønsket til koordinatoren").click()
    expect(page.locator("body")).to_contain_text("Ønsket er sendt til frivilligkoordinatoren")
    expect(page.locator("body")).to_contain_text("Venter på en frivillig")
    assert_accessible(page)
    logout(page)

    # the coordinator sees the suggestion and why, and starts the agreement
    login(page, server, "frivillig")
    page.goto(server + "/frivillige/oensker/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Find en frivillig til {first_name}").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Find en frivillig til {first_name}")
    row = page.locator('tr[data-item="suggestion"]', has_text=NAME)
    expect(row).to_contain_text("Fælles interesser: Svømning.")
    expect(row).to_contain_text("Mandag eftermiddag")
    assert_accessible(page)
    page.get_by_label(NAME).check()
    page.get_by_label("Aftalen slutter").fill((TODAY - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Start aftalen").click()  # ends before it starts
    expect(page.get_by_role("alert")).to_contain_text("Aftalen kan ikke slutte, før den starter")
    assert_accessible(page)
    page.get_by_label(NAME).check()
    page.get_by_label("Aftalen slutter").fill((TODAY + datetime.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Start aftalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ledsageraftale: {first_name} og {NAME}")
    assert_accessible(page)

    # an outing is logged; the sheet for the volunteer shows first name, contact and meeting place only
    page.get_by_label("Varighed i minutter").fill("150")
    page.get_by_label("Hvad lavede I").fill("Svømmehallen")
    page.get_by_role("button", name="Registrér ledsagelsen").click()
    expect(page.locator("body")).to_contain_text("Ledsagelsen er registreret")
    expect(page.locator("body")).to_contain_text("1 ledsagelser, i alt 2,5 timer")
    assert_accessible(page)
    page.get_by_role("link", name="Ark til den frivillige (til udskrift)").click()
    sheet = page.locator("[data-sheet]")
    expect(sheet).to_contain_text(first_name)
    expect(sheet).to_contain_text("Ring dagen før efter kl. 10")
    expect(sheet).to_contain_text("Foran Ballerup Svømmehal")
    expect(page.locator("body")).not_to_contain_text("svømmehallen, men ikke alene")
    assert_accessible(page)
    logout(page)

    # the worker sees the agreement on the citizen's overview
    login(page, server, "skp1")
    page.goto(f"{server}/borgere/{citizen_id}/")
    expect(page.locator("#afsnit-frivillig")).to_contain_text("Har frivillig ledsager (Vera)")
    assert_accessible(page)
