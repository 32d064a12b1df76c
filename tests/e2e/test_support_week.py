"""A week of a support worker, as a person would do it: the day page, appointments (recurring),
journal notes (with mistakes first), intensity beyond and within the grant, a goal and its
follow-up, ending with a klippekort and coming back on it; the manager's hours. axe on every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import PASSWORD, assert_accessible


def _login(page, base: str, username: str) -> None:
    """Log in (logging out whoever is logged in first); workers land on their day."""
    page.context.clear_cookies()
    page.goto(base + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _d(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def test_a_week_of_a_worker(server, page):
    _login(page, server, "skp1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Min dag")
    for heading in ("Dagens aftaler", "Notater du mangler at skrive", "Mål der skal følges op", "Mine forløb"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)

    # Open the first citizen in the caseload with a granted SKP episode.
    page.locator("#h-sager ~ table tbody tr").filter(has_text="SKP – støtte").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SKP – støtte-kontaktperson-ordning")
    assert_accessible(page)
    citizen_name = page.get_by_role("heading", level=1).inner_text().split(" – ")[-1]
    episode_url = page.url
    page.get_by_role("link", name="Tilbage til forløb og aftaler").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forløb og aftaler")
    assert_accessible(page)
    support_url = page.url
    page.get_by_role("link", name="Plan og mål").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan og mål")
    assert_accessible(page)
    plan_url = page.url
    page.goto(support_url)

    # Monday: plan a weekly visit for four weeks, early in the morning.
    page.get_by_role("link", name="Planlæg aftale").first.click()
    assert_accessible(page)
    page.get_by_label("Dato").fill(_d(1))
    page.get_by_label("Klokken").fill("07:00")
    page.get_by_label("Varighed i minutter").fill("0")
    page.get_by_role("button", name="Planlæg").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.get_by_label("Varighed i minutter").fill("60")
    page.get_by_label("Sted").fill("Sundhedshuset")
    page.get_by_label("Gentag antal gange").fill("3")
    page.get_by_role("button", name="Planlæg").click()
    expect(page.locator(".messages")).to_contain_text("4 aftaler er planlagt")
    expect(page.locator("#h-aftaler ~ table")).to_contain_text("Sundhedshuset")
    assert_accessible(page)

    # Tuesday: a note about yesterday's phone call - first dated in the future and with no duration.
    page.get_by_role("link", name="Journalnotater").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Skriv notat").first.click()
    page.get_by_label("Kontaktform").select_option("phone")
    page.get_by_label("Dato for kontakten").fill(_d(2))
    page.get_by_label("Klokken").fill("10:00")
    page.get_by_label("Varighed i minutter").fill("0")
    page.get_by_label(re.compile(r"^Notat")).fill("Vi talte om <script>alert(1)</script> indkøb og angst.")
    page.get_by_role("button", name="Gem notatet").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    expect(page.locator("body")).to_contain_text("fremtiden")
    assert_accessible(page)
    page.get_by_label("Dato for kontakten").fill(_d(-1))
    page.get_by_label("Varighed i minutter").fill("45")
    page.get_by_role("button", name="Gem notatet").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(r"Notatet om .+ fra \d+\. \w+ \d{4} 10:00 er gemt"))
    expect(page.locator("main")).to_contain_text("<script>alert(1)</script> indkøb")  # shown as text
    assert_accessible(page)

    # Wednesday: more hours than granted is refused and offers a request to the caseworker; a pause is fine.
    page.goto(episode_url)
    page.get_by_role("link", name="Ændr intensitet eller hold pause").click()
    assert_accessible(page)
    page.get_by_label("Fra").fill(_d(-2))
    page.get_by_label("Timer pr. uge").fill("40")
    page.get_by_label("Begrundelse").fill("Borgeren har brug for meget mere støtte")
    page.get_by_role("button", name="Gem ændringen").click()
    expect(page.locator("body")).to_contain_text("ud over bevillingen")
    expect(page.get_by_label("Bed sagsbehandleren om en ny afgørelse med de nye timer")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Form").select_option("paused")
    page.get_by_label("Timer pr. uge").fill("0")
    page.get_by_label("Begrundelse").fill("Indlagt på psykiatrisk afdeling")
    page.get_by_role("button", name="Gem ændringen").click()
    expect(page.locator(".messages")).to_contain_text("Intensiteten er ændret")
    expect(page.get_by_role("table", name="Ændringer af intensitet")).to_contain_text("Indlagt på psykiatrisk afdeling")
    intensity = page.get_by_role("img", name="Aftalt intensitet over forløbet")
    assert intensity.bounding_box()["width"] > 200
    assert intensity.locator("rect.mark").count() >= 2
    expect(intensity.locator("rect.mark[fill='#d6d6d6']").last).to_be_visible()  # the pause, grey
    assert_accessible(page)

    # Thursday: a goal in the citizen's own words, and its follow-up (with the goal attainment).
    page.goto(plan_url)
    page.get_by_role("link", name="Tilføj mål").first.click()
    assert_accessible(page)
    page.get_by_label("Målet med borgerens egne ord").fill("Jeg vil kunne tage bussen alene til Netto")
    page.get_by_label("Måltype (FFB)").select_option(label="Udvikle funktionsevne")
    page.get_by_label("Tilstand (FFB)").select_option(label="Færdes med transportmidler")
    page.get_by_label("Funktionsevneniveau nu").select_option("3")
    page.get_by_label("Mål for funktionsevneniveau").select_option("1")
    page.get_by_role("button", name="Tilføj").click()
    expect(page.locator(".messages")).to_contain_text("Målet er tilføjet")
    row = page.locator("main table tbody tr").filter(has_text="tage bussen alene")
    row.get_by_role("link", name=re.compile("^Følg op")).first.click()
    assert_accessible(page)
    page.get_by_label("Resultat").select_option("change")
    page.get_by_role("button", name="Gem opfølgningen").click()
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")  # what was learned is missing
    page.get_by_label("Hvad har vi lært").fill("Det gik med følgeskab; næste gang alene to stoppesteder.")
    page.get_by_role("button", name="Gem opfølgningen").click()
    expect(page.locator(".messages")).to_contain_text("Opfølgningen er gemt")
    assert_accessible(page)

    # Friday: the worker proposes to end the granted episode with a klippekort; the caseworker decides the
    # end and the letter goes out; the episode ends with it, and the citizen comes back on the klippekort.
    page.goto(episode_url)
    page.get_by_role("link", name="Foreslå afslutning").click()
    assert_accessible(page)
    page.get_by_label("Foreslået slutdato").fill(_d(0))
    page.get_by_label("Hvorfor afsluttes forløbet").select_option("goals_met")
    page.get_by_label("Klippekort: antal timer").fill("10")
    page.get_by_role("button", name="Send forslaget til sagsbehandleren").click()
    expect(page.locator(".messages")).to_contain_text("Forslaget om afslutning er sendt")
    expect(page.locator("main")).to_contain_text("Foreslået")
    assert_accessible(page)
    for n in range(1, 6):  # whichever caseworker has the case finds the proposal on the desk
        _login(page, server, f"sagsb{n}")
        page.goto(server + "/visitation/")
        proposal = page.locator("li").filter(has_text=citizen_name).get_by_role(
            "link", name=re.compile("SKP – støtte"))
        if proposal.count():
            break
    assert_accessible(page)
    proposal.first.click()
    expect(page.get_by_role("heading", name="Udføreren foreslår at afslutte")).to_be_visible()
    assert_accessible(page)
    end = page.locator("section", has=page.get_by_role("heading", name="Afgør at indsatsen ophører"))
    end.get_by_label("Begrundelse (står i brevet til borgeren)").fill(
        "Målene for indsatsen er nået, og borgeren klarer nu hverdagen med sit netværk.")
    end.get_by_role("button", name="Afgør afslutningen og send brevet").click()
    expect(page.locator(".messages")).to_contain_text("Afslutningen er afgjort")
    expect(page.locator("main")).to_contain_text("Afgørelse om ophør af SKP")
    assert_accessible(page)
    _login(page, server, "skp1")
    page.goto(episode_url)
    expect(page.locator("main")).to_contain_text("Afgjort: afsluttes")
    page.get_by_role("link", name="Tilbage til forløb og aftaler").click()
    expect(page.locator("body")).to_contain_text("Klippekort")
    assert_accessible(page)
    page.get_by_role("link", name="Borgeren vender tilbage").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Start forløb på klippekortet").click()
    expect(page.locator(".messages")).to_contain_text("tilbage på klippekortet")
    expect(page.locator("dl.facts")).to_contain_text("Klippekort")
    assert_accessible(page)

    # The overview shows it all; the hours, the calendar and the search.
    page.goto(support_url.replace("/stoette/borger/", "/borgere/"))
    for heading in ("Plan og mål", "Forløb, intensitet og klippekort", "Seneste journalnotater"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Min dag").click()
    page.get_by_role("link", name="Mine timer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leverede og bevilgede timer")
    assert_accessible(page)
    page.get_by_role("link", name="Min dag").click()
    page.get_by_role("link", name="Kalender på telefonen").click()
    page.get_by_role("button", name="Lav en kalenderadresse").click()
    feed_url = page.get_by_label("Kalenderadresse").input_value()
    assert_accessible(page)
    feed = page.request.get(feed_url)
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text()
    assert citizen_name.split()[-1] not in feed.text() and "Sundhedshuset" in feed.text()
    page.get_by_role("button", name="Luk adressen").click()
    assert page.request.get(feed_url).status == 404
    assert_accessible(page)
    page.get_by_role("link", name="Min dag").click()
    page.get_by_role("link", name="Søg i journalnotater").click()
    page.get_by_label("Søg i journalnotater").fill("angst indkøb")
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("main")).to_contain_text("matcher")
    assert_accessible(page)


def test_manager_sees_delivered_against_granted_hours(server, page):
    _login(page, server, "leder")
    page.get_by_role("link", name="Timer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leverede og bevilgede timer")
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Enhed").select_option(label="SKP-teamet")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("main")).to_contain_text("SKP-teamet")
    expect(page.locator("table").filter(has_text="Pr. medarbejder")).to_contain_text("Overskredne opfølgninger")
    assert_accessible(page)
