"""A caseworker takes a request all the way to a decision letter; a worker helps without visitation;
a manager reads the waitlists. axe checks every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_request_to_decision_with_letter(server, page):
    login(page, server, "sagsb1")
    page.goto(server + "/visitation/")
    expect(page.get_by_role("heading", name="Mit skrivebord – visitation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér henvendelse").click()
    assert_accessible(page)
    page.get_by_label("Hvem henvender sig").select_option("hospital")
    page.get_by_label("Henvenderens navn").fill("Psykiatrisk Center Ballerup")
    page.get_by_label("Borgerens CPR-nummer").fill("110499-2322")
    page.get_by_label("Fornavn(e) (ny borger)").fill("Sofie")
    page.get_by_label("Efternavn (ny borger)").fill("Dahl")
    page.get_by_label("Hvad spørges der om").fill("Udskrives fredag; har brug for støtte i eget hjem.")
    page.get_by_role("button", name="Registrér henvendelse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Henvendelse modtaget")
    assert_accessible(page)
    page.get_by_role("button", name="Opret sag og visitér").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sag for Sofie Dahl")
    page.get_by_label("Borgerens egne ønsker for fremtiden").fill("Jeg vil gerne tilbage til mit studie.")
    page.get_by_role("button", name="Gem ønsker og behov").click()
    expect(page.locator("#h-forslag + p + ul")).to_contain_text("Ballerup Ungeindsats")
    assert_accessible(page)
    page.get_by_role("link", name="Lav en udredning").click()
    assert_accessible(page)
    page.locator("select[name='t-0-condition']").select_option(label="Lave mad")
    page.locator("select[name='t-0-functional_level']").select_option("2")
    page.get_by_role("button", name="Gem udredningen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sag for Sofie Dahl")
    expect(page.locator("table").first).to_contain_text("Lave mad")
    page.get_by_label(re.compile("^Tilbud")).select_option(label="Ballerup Ungeindsats – mentorforløb")
    page.get_by_role("button", name="Søg om tilbuddet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ballerup Ungeindsats")
    assert_accessible(page)
    grant = page.locator("section", has=page.get_by_role("heading", name="Bevilg"))
    grant.get_by_label("Timer pr. uge").fill("-3")
    grant.get_by_label("Start").fill((datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    grant.get_by_label("Opfølgning senest").fill((datetime.date.today() + datetime.timedelta(days=180)).isoformat())
    grant.get_by_label("Begrundelse").fill("Udredningen viser behov for struktur i hverdagen og støtte til studiet.")
    grant.get_by_role("button", name=re.compile("Bevilg")).click()
    expect(page.get_by_role("alert").first).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    grant = page.locator("section", has=page.get_by_role("heading", name="Bevilg"))
    grant.get_by_label("Timer pr. uge").fill("3")
    grant.get_by_role("button", name=re.compile("Bevilg")).click()
    expect(page.locator("dl.facts")).to_contain_text("Bevilget")
    page.get_by_role("button", name="Send afgørelsesbrevet").click()
    expect(page.get_by_role("status").first).to_contain_text("Afgørelsesbrevet er sendt")
    assert_accessible(page)
    with page.expect_response(re.compile(r"brev\.pdf$")) as response:
        page.get_by_role("link", name="Afgørelse om Ballerup Ungeindsats – mentorforløb").click()
    assert response.value.headers["content-type"] == "application/pdf"


def test_worker_gives_help_without_visitation(server, page):
    login(page, server, "stoeb1")
    page.goto(server + "/visitation/hjaelp/")
    assert_accessible(page)
    page.get_by_label(re.compile("^Tilbud")).select_option(label="Åben rådgivning på Støberiet")
    page.get_by_label("Eller: anonym betegnelse").fill("Mand ca. 50 år")
    page.get_by_label("Varighed i minutter").fill("25")
    page.get_by_label("Kort notat").fill("Snak om ensomhed; kommer igen torsdag.")
    page.get_by_role("button", name="Registrér hjælpen").click()
    expect(page.locator("table")).to_contain_text("Mand ca. 50 år")
    assert_accessible(page)


def test_manager_reads_the_waitlists(server, page):
    login(page, server, "leder")
    page.goto(server + "/visitation/venteliste/")
    expect(page.get_by_role("heading", name="Ventelister og kapacitet")).to_be_visible()
    expect(page.get_by_role("table", name="Tilbud der kræver visitation")).to_contain_text(
        "SKP – støtte-kontaktperson-ordning")
    fill = page.get_by_role("img", name="Kapacitet pr. tilbud")
    expect(fill).to_be_visible()
    assert fill.bounding_box()["width"] > 200
    expect(fill.locator("rect.mark").first).to_be_visible()
    page.get_by_text("Vis tallene i figuren").click()
    expect(page.get_by_role("table", name="Kapacitet pr. tilbud")).to_contain_text("Opgangsfællesskabet Skolehaven")
    assert_accessible(page)
    page.get_by_role("link", name="Opgangsfællesskabet Skolehaven").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Venteliste")
    assert_accessible(page)
    page.goto(server + "/visitation/regler/")
    expect(page.locator("table")).to_contain_text("30 år og derover")
    assert_accessible(page)
