"""Rehabilitating stays and Flex Bostøtte in the browser: a caseworker starts a stay from a hospital discharge
(a stay beyond the longest without a reason is refused first), prepares the support at home (§ 85) during
it and ends the stay at home; the stays' worker sees the overdue stay on the start page; both municipalities
see Flex Bostøtte at 7 of 7 for Ballerup, Herlev's worker sees the citizens it serves, Herlev's leader
cannot set a quota of −1. axe checks every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import PASSWORD, assert_accessible

TODAY = datetime.date.today()


def login(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def logout(page) -> None:
    page.get_by_role("button", name="Log ud").first.click()
    page.wait_for_url(re.compile("/login/"))


def _a_citizen_to_start(page, server) -> str:
    page.goto(server + "/borgere/?vis=alle")
    hrefs = [a.get_attribute("href") for a in page.locator("#resultater table tbody tr td a").all()]
    for href in hrefs:
        found = re.search(r"/borgere/(\d+)/$", href or "")
        if not found:
            continue
        page.goto(f"{server}/borgere/{found.group(1)}/")
        if page.get_by_role("link", name="Start et rehabiliterende ophold").count():
            return found.group(1)
    raise AssertionError("sagsb1 har ingen borger, der kan starte et ophold")


def test_a_stay_from_a_discharge_ends_at_home_with_support(server, page):
    login(page, server, "sagsb1")
    _a_citizen_to_start(page, server)
    assert_accessible(page)
    page.get_by_role("link", name="Start et rehabiliterende ophold").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start et rehabiliterende ophold")
    assert_accessible(page)
    page.get_by_label(re.compile("Rehabiliterende bolig 3 ")).check()
    page.get_by_label("Udskrivelse fra psykiatrisk afdeling").check()
    page.get_by_label("Henvist fra").fill("Psykiatrisk Center Ballerup, afsnit 2")
    page.get_by_label("Indskrevet den").fill(TODAY.isoformat())
    page.get_by_label("Planlagt hjemkomst").fill((TODAY + datetime.timedelta(days=120)).isoformat())
    page.get_by_label("Lejeforholdet under opholdet").fill("Lejebolig; huslejen betales videre")
    page.get_by_role("button", name="Start opholdet").click()  # beyond 90 days without a reason
    expect(page.get_by_role("alert")).to_contain_text("højst vare 90 dage")
    assert_accessible(page)
    page.get_by_label(re.compile("Rehabiliterende bolig 3 ")).check()
    page.get_by_label("Udskrivelse fra psykiatrisk afdeling").check()
    page.get_by_label("Planlagt hjemkomst").fill((TODAY + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Start opholdet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rehabiliterende ophold:")
    expect(page.locator("body")).to_contain_text("er indskrevet på Rehabiliterende bolig 3")
    expect(page.locator("body")).to_contain_text("Borgeren beholder sin bolig under opholdet.")
    expect(page.locator("body")).to_contain_text("Lejebolig; huslejen betales videre")
    expect(page.locator('[data-figure="home-address"]')).not_to_be_empty()
    assert_accessible(page)

    # the support at home is granted and ordered during the stay
    page.get_by_label("Støtte i eget hjem (§ 85)").select_option(label="SKP – støtte-kontaktperson-ordning")
    page.get_by_label("Timer pr. uge").fill("3")
    page.get_by_label("Begrundelse for afgørelsen").fill(
        "Borgeren har brug for støtte i eget hjem efter opholdet for at fastholde hverdagen.")
    page.get_by_role("button", name="Bevilg og bestil støtten").click()
    expect(page.locator('[data-figure="home-support"]')).to_contain_text(
        "SKP – støtte-kontaktperson-ordning: bestilt hos udfører")
    assert_accessible(page)

    # the stay ends at home
    page.get_by_label("Vendt hjem til egen bolig").check()
    page.get_by_role("button", name="Afslut opholdet").click()
    expect(page.locator("body")).to_contain_text("Opholdet er afsluttet.")
    expect(page.locator("body")).to_contain_text("Vendt hjem til egen bolig")
    expect(page.get_by_role("button", name="Afslut opholdet")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Alle ophold").click()
    expect(page.locator('[data-figure="stays-running"]')).to_have_text("3 af 4")
    assert_accessible(page)
    logout(page)


def test_the_stays_worker_sees_the_overdue_stay(server, page):
    login(page, server, "rehab1")
    panel = page.locator("[data-item='stay-warning']")
    expect(panel.filter(has_text="overskredet")).to_have_count(1)
    assert_accessible(page)
    panel.filter(has_text="overskredet").get_by_role("link").click()
    expect(page.locator('[data-figure="stay-warning"]')).to_contain_text("Planlagt hjemkomst er overskredet med 6 dage")
    expect(page.get_by_role("button", name="Afslut opholdet")).to_be_visible()
    expect(page.get_by_role("button", name="Bevilg og bestil støtten")).to_have_count(0)  # the caseworker's
    assert_accessible(page)
    page.goto(server + "/bolig/ophold/")
    expect(page.locator('tr[data-item="stay"]')).to_have_count(3)
    assert_accessible(page)
    logout(page)


def test_flex_bostotte_seven_of_seven_on_both_sides(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Fælles tilbud").first.click()
    expect(page.locator('[data-figure="quota-151"]')).to_have_text("7 af 7")
    expect(page.locator('[data-figure="overruns"]')).to_have_text("Ingen kvoter er overskredet.")
    expect(page.get_by_role("link", name=re.compile("Borgere fra andre kommuner"))).to_have_count(0)
    assert_accessible(page)
    logout(page)

    login(page, server, "herlev-flex1")
    page.goto(server + "/bolig/faelles/")
    expect(page.locator('[data-figure="quota-151"]')).to_have_text("7 af 7")
    assert_accessible(page)
    page.get_by_role("link", name="Borgere fra andre kommuner, vi leverer til").click()
    expect(page.locator('tr[data-item="served"]')).to_have_count(7)
    expect(page.locator("body")).to_contain_text("Ballerup Kommune")
    assert_accessible(page)
    logout(page)

    login(page, server, "herlev-leder")
    page.goto(server + "/bolig/faelles/")
    page.get_by_role("link", name="Ret kvoten for Ballerup Kommune").click()
    assert_accessible(page)
    page.get_by_label("Kvote (pladser)").fill("-1")
    page.get_by_role("button", name="Gem kvoten").click()
    expect(page.get_by_role("alert")).to_contain_text("0 eller flere")
    assert_accessible(page)
    page.get_by_label("Kvote (pladser)").fill("6")
    page.get_by_role("button", name="Gem kvoten").click()
    expect(page.get_by_role("alert")).to_contain_text("bruger 7 pladser nu")
    page.goto(server + "/bolig/faelles/")
    expect(page.locator('[data-figure="quota-151"]')).to_have_text("7 af 7")
    logout(page)
