"""A manager creates a scenario from a shipped example, makes it small, runs it (the server's immediate
task backend computes it), sees the fan charts with their tables, reviews the calibration and compares
two runs. axe checks every page."""

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_manager_runs_a_forecast_and_reads_the_fan_chart(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Prognose", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapacitetsprognoser")
    assert_accessible(page)

    page.get_by_label("Udgangspunkt").select_option("baseline_2016")
    page.get_by_label("Navn").fill("Lille grundscenarie")
    page.get_by_role("button", name="Opret scenarie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lille grundscenarie")
    expect(page.get_by_role("table").filter(has_text="Starttilstand i dag")).to_contain_text("Databasen")
    assert_accessible(page)

    # a mistake first: negative staff; nothing is saved and the message is Danish
    page.get_by_role("textbox", name="SKP: årsværk (skal udfyldes)").fill("-1")
    page.get_by_role("button", name="Gem scenariet").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    expect(page.locator("body")).to_contain_text("Antal årsværk kan ikke være mindre end 0")
    assert_accessible(page)
    page.get_by_role("textbox", name="SKP: årsværk (skal udfyldes)").fill("8")
    page.get_by_label("Horisont (år)").fill("1")
    page.get_by_label("Replikationer").fill("20")
    page.get_by_role("button", name="Gem scenariet").click()
    expect(page.locator(".messages")).to_contain_text("Scenariet er gemt (version 2)")

    page.get_by_role("button", name="Kør prognosen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prognose: Lille grundscenarie")
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible()
    chart = page.get_by_role("img", name="Venteliste: SKP")
    expect(chart).to_be_visible()
    expect(page.locator("svg[data-kind=fan]")).to_have_count(3)
    table = page.get_by_role("table", name="Venteliste, SKP: percentiler over 20 replikationer")
    expect(table.get_by_role("row")).to_have_count(13)  # header and twelve months
    expect(table).to_contain_text("januar 2016")
    expect(page.get_by_role("table", name="Venteliste for SKP efter 12 og 36 måneder")).to_be_visible()
    assert_accessible(page)
    first_run = page.url

    page.get_by_label("Vis tilbud").select_option("I alt")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("img", name="Venteliste: I alt")).to_be_visible()

    page.get_by_role("link", name="Lille grundscenarie").click()
    page.get_by_role("link", name="Kalibrér fra kommunens egne data").click()
    page.get_by_role("button", name="Beregn").click()
    expect(page.get_by_role("table").filter(has_text="Kaplan")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lille grundscenarie").click()
    page.get_by_role("button", name="Kør prognosen").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible()
    page.get_by_role("link", name="Sammenlign med en anden kørsel").click()
    page.get_by_label("Kørsel B").select_option(index=1)
    page.get_by_role("button", name="Sammenlign").click()
    expect(page.locator(".notice")).to_contain_text("samme seed")
    expect(page.get_by_role("table", name="Medianen (P50) måned for måned og forskellen B − A")).to_be_visible()
    assert_accessible(page)
    assert first_run.endswith("/")
