"""The staffing plan and the psychiatry policy's action plan, as the manager and the psychiatry council use
them: the manager updates an action-plan goal's status with a comment (an empty comment first: a Danish
message, nothing saved) and sees the history; walks the staffing pages (the chart, the plan, a hostile FTE);
the council member lands on the plan's status and reads it without a form. axe checks every page."""

import datetime

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_volunteers import login, logout

TODAY = datetime.date.today()


def test_manager_updates_an_action_plan_goal_and_sees_the_history(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Handleplan", exact=True).first.click()
    expect(page.get_by_role("heading", name="Psykiatripolitikkens handleplan")).to_be_visible()
    for code in ("6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7"):
        expect(page.get_by_role("heading", name=code)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ventelisten er højst 10 borgere").click()
    expect(page.get_by_role("heading", name="Ventelisten er højst 10 borgere")).to_be_visible()
    expect(page.locator("table").filter(has_text="Status over tid")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Ikke på rette spor").check()
    page.get_by_role("button", name="Gem status").click()
    expect(page.locator("body")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.get_by_label("Ikke på rette spor").check()
    page.get_by_label("Kommentar").fill("Ventelisten er vokset efter to opsigelser; drøftes i ledergruppen.")
    page.get_by_role("button", name="Gem status").click()
    expect(page.locator("body")).to_contain_text("Status er gemt")
    history = page.locator("table").filter(has_text="Status over tid")
    first = history.locator("tbody tr").first
    expect(first).to_contain_text("Ikke på rette spor")
    expect(first).to_contain_text("to opsigelser")
    assert history.locator("tbody tr").count() >= 2  # the earlier statuses are kept
    assert_accessible(page)


def test_manager_walks_the_staffing_pages(server, page):
    login(page, server, "leder")
    page.get_by_role("link", name="Normering", exact=True).first.click()
    expect(page.get_by_role("heading", name="Normering: plan og faktisk")).to_be_visible()
    expect(page.locator("svg[data-kind=steps] .mark").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("SKP-teamet")
    assert_accessible(page)
    page.get_by_label("År", exact=True).select_option("2017")
    page.get_by_role("button", name="Vis året").click()
    expect(page.get_by_role("heading", name="Måned for måned i 2017")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ret normeringsplanen").click()
    expect(page.get_by_role("heading", name="Normeringsplanen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Enhed").select_option(label="ASF-teamet")
    page.get_by_role("spinbutton", name="År").fill(str(TODAY.year + 1))
    page.get_by_label("Planlagte årsværk").fill("-2")
    page.get_by_role("button", name="Gem normeringen").click()
    expect(page.locator("body")).to_contain_text("skal ligge mellem")
    assert_accessible(page)
    page.get_by_label("Planlagte årsværk").fill("2,5")
    page.get_by_label("Begrundelse").fill("Et halvt årsværk mere til klubaftenen")
    page.get_by_role("button", name="Gem normeringen").click()
    expect(page.locator("body")).to_contain_text(f"Normeringen for ASF-teamet i {TODAY.year + 1} er gemt")

    page.get_by_role("link", name="Normering: plan og faktisk").click()
    page.get_by_role("link", name="Ansættelsesperioder").click()
    expect(page.get_by_role("heading", name="Ansættelsesperioder")).to_be_visible()
    assert_accessible(page)


def test_the_psychiatry_council_reads_the_plan_only(server, page):
    login(page, server, "psykiatriraad")
    expect(page.get_by_role("heading", name="Psykiatripolitikkens handleplan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Se handleplanen").click()
    expect(page.get_by_role("heading", name="6.7 Uddannelse, beskæftigelse og meningsfulde")).to_be_visible()
    expect(page.get_by_role("link", name="Ny indsats under 6.1")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Mindst 30 åbningstimer om ugen").click()
    expect(page.get_by_role("button", name="Gem status")).to_have_count(0)
    assert_accessible(page)
    expect(page.get_by_role("link", name="Normering")).to_have_count(0)
    logout(page)
