"""A worker, a caseworker and a manager use Tovholder as a person would; axe checks every page."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_worker_searches_and_opens_a_citizen(server, page):
    login(page, server, "skp1")
    page.goto(server + "/borgere/")
    expect(page.get_by_role("heading", name="Borgere")).to_be_visible()
    assert_accessible(page)
    first_link = page.locator("#resultater table tbody tr td a").first
    full_name = first_link.inner_text()
    last_name = full_name.split()[-1]
    page.get_by_label("Søg efter navn eller CPR-nummer").fill(last_name)
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("#resultater")).to_contain_text(full_name)
    assert_accessible(page)
    page.get_by_role("link", name=full_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(full_name)
    expect(page.get_by_role("heading", name="Tovholder")).to_be_visible()
    expect(page.get_by_role("heading", name="Pårørende og samtykke")).to_be_visible()
    expect(page.get_by_role("heading", name="Tidslinje")).to_be_visible()
    assert_accessible(page)
    # a worker cannot open the access log or the organisation
    assert page.get_by_role("link", name=re.compile("adgangslog")).count() == 0


def test_wrong_cpr_search_and_empty_result_are_explained(server, page):
    login(page, server, "skp1")
    page.goto(server + "/borgere/")
    page.get_by_label("Søg efter navn eller CPR-nummer").fill("Zzzzyx")
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("#resultater")).to_contain_text("Ingen borgere i dit arbejdsområde")
    assert_accessible(page)


def test_caseworker_creates_a_citizen_with_a_mistake_then_breaks_the_glass(server, page):
    login(page, server, "sagsb1")
    page.goto(server + "/borgere/")
    page.get_by_role("link", name="Opret borger").click()
    page.get_by_label("CPR-nummer").fill("321390-1234")
    page.get_by_label("Fornavn(e)").fill("<b>Ida</b>")
    page.get_by_label("Efternavn").fill("Holm")
    page.get_by_role("button", name="Opret borger").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    expect(page.locator("body")).to_contain_text("gyldig fødselsdato")
    assert_accessible(page)
    page.get_by_label("CPR-nummer").fill("130490-4122")
    page.get_by_label("Fornavn(e)").fill("Ida")
    page.get_by_role("button", name="Opret borger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ida Holm")
    assert_accessible(page)
    page.get_by_role("link", name="Registrér pårørende").click()
    page.get_by_label("Navn").fill("Jens Holm")
    page.get_by_label("Relation").fill("far")
    page.get_by_role("button", name="Registrér").click()
    page.get_by_role("link", name="Registrér samtykke").click()
    assert_accessible(page)
    page.get_by_label("Hvad må den pårørende få at vide").select_option("contact")
    page.get_by_role("button", name="Registrér samtykke").click()
    expect(page.locator("body")).to_contain_text("Må kontaktes i en krise")
    assert_accessible(page)


def test_manager_sees_catalogue_organisation_and_access_log(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Tilbud", exact=True).click()
    expect(page.get_by_role("heading", name="Tilbudskatalog")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Flex Bostøtte")
    assert_accessible(page)
    page.get_by_role("link", name="Flex Bostøtte").click()
    expect(page.locator("body")).to_contain_text("Kvoter")
    assert_accessible(page)
    page.get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", name="Teams og medarbejdere")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Borgere").click()
    page.get_by_role("link", name="Alle i mit arbejdsområde").click()
    page.locator("#resultater table tbody tr td a").first.click()
    page.get_by_role("link", name=re.compile("adgangslog")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adgangslog")
    expect(page.locator("table")).to_contain_text("Borgeroverblik")
    assert_accessible(page)


def test_caseworker_breaks_the_glass_with_a_reason(server, page):
    # the manager's list shows the teams' citizens; most of them are outside a caseworker's queue
    login(page, server, "leder")
    page.goto(server + "/borgere/?vis=alle")
    hrefs = [a.get_attribute("href") for a in page.locator("#resultater table tbody tr td a").all()[:15]]
    page.get_by_role("button", name="Log ud").click()
    login(page, server, "sagsb2")
    for href in hrefs:
        page.goto(server + href)
        if "/adgang/" in page.url:
            break
    assert "/adgang/" in page.url, "ingen af de første 15 borgere var uden for sagsbehandlerens arbejdsområde"
    expect(page.get_by_role("heading", level=1)).to_contain_text("uden for dit arbejdsområde")
    assert_accessible(page)
    page.get_by_label("Begrundelse").fill("kort")
    page.get_by_role("button", name="Åbn borgeren").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    page.get_by_label("Begrundelse").fill("Borgeren ringede akut og bad om hjælp")
    page.get_by_role("button", name="Åbn borgeren").click()
    expect(page.locator(".notice.warning").first).to_contain_text("Uden for dit arbejdsområde")
    assert_accessible(page)


def test_other_municipality_gets_not_found(server, page):
    login(page, server, "leder")
    page.goto(server + "/borgere/?vis=alle")
    href = page.locator("#resultater table tbody tr td a").first.get_attribute("href")
    page.get_by_role("button", name="Log ud").click()
    login(page, server, "herlev-flex1")
    response = page.goto(server + href)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    assert_accessible(page)


def test_static_files_are_served_by_the_app(server, page):
    login(page, server, "skp1")
    font = page.evaluate("getComputedStyle(document.documentElement).fontFamily")
    assert "IBM Plex Sans" in font  # from the vendored DKFDS stylesheet
    assert page.evaluate("document.fonts.ready.then(fonts => [...fonts].some("
                         "f => f.family.includes('IBM Plex Sans') && f.status === 'loaded'))")  # its font, served
    logo = page.evaluate("getComputedStyle(document.querySelector('.municipality-logo img')).height")
    assert logo == "40px"  # from static/css/tovholder.css
    assert page.evaluate("typeof window.htmx") == "object"  # vendored htmx loaded, no CDN
    assert page.evaluate("typeof window.DKFDS.init") == "function"  # vendored DKFDS JavaScript
