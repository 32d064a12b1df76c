"""Group courses in the browser: the coordinator plans a course with four sessions in Sundhedshuset (four
seats), enrols three citizens and a relative (the course is full), the next goes on its waitlist; the
first session's attendance is marked, the participant's delivered hours show on the citizen's overview,
the leader sees the course on the start page and the manager the figures against the target. axe on
every page."""

import datetime
import re
import time

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_support_week import _login

ROOM = f"Sundhedshuset, lokale {datetime.datetime.now():%H%M%S}"  # a new room per run


def _user_name(page) -> str:
    return page.locator("header .user").first.text_content().split(",")[0].strip()  # "Name, Role"


def test_a_course_from_plan_to_figures(server, page):
    _login(page, server, "stoeb1")  # a worker at Støberiet, free in the evenings: the course's leader
    leader = _user_name(page)

    _login(page, server, "skp2")  # an SKP worker who also coordinates the group courses
    expect(page.get_by_role("heading", name="Gruppeforløb og ventelister")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gruppeforløb", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gruppeforløb")
    assert_accessible(page)

    # a room of its own in Sundhedshuset (the demo's rooms hold the demo's courses)
    page.get_by_role("link", name="Lokaler").click()
    assert_accessible(page)
    page.get_by_label("Lokale", exact=False).first.fill(ROOM)
    page.get_by_label("Adresse").fill("Sundhedshuset, Ballerup")
    page.get_by_label("Pladser i lokalet").fill("8")
    page.get_by_role("button", name="Opret lokalet").click()
    expect(page.get_by_role("status")).to_contain_text(f"Lokalet {ROOM} er oprettet")
    assert_accessible(page)

    page.goto(server + "/forloeb/nyt/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("<b>Mestring</b> i hverdagen")
    page.get_by_label("Emne").select_option(label="Mestringsstrategier")
    page.get_by_label("Tilbud (deltagernes tid tæller under)").select_option(label="Gruppeforløb")
    page.get_by_label("Hvem kan deltage").select_option(label="Borgere og deres pårørende")
    page.get_by_role("spinbutton", name="Pladser").fill("10000")
    page.get_by_label(leader).check()
    page.get_by_role("button", name="Opret forløbet").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Mestring i hverdagen")
    page.get_by_role("spinbutton", name="Pladser").fill("4")
    page.get_by_role("button", name="Opret forløbet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mestring i hverdagen")
    assert_accessible(page)
    course_url = page.url

    # four sessions: the first beginning now (so its attendance can be marked), then weekly in the evening
    # (a few minutes ahead: participants join sessions not yet begun; attendance is taken from 5 minutes before)
    now = datetime.datetime.now()
    if now.time() >= datetime.time(23, 50):  # a session of at least 5 minutes must fit before midnight
        time.sleep((datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(0, 0, 5))
                    - now).total_seconds())
        now = datetime.datetime.now()
    soon = now + datetime.timedelta(minutes=4)
    first = (soon.date(), soon.strftime("%H:%M"), (soon + datetime.timedelta(minutes=60)).strftime("%H:%M"))
    if first[2] < first[1]:  # an hour from then passes midnight: end a minute before
        first = (soon.date(), soon.strftime("%H:%M"), "23:59")
    page.get_by_label("Dato").fill(first[0].isoformat())
    page.get_by_label("Begynder kl.").fill(first[2])
    page.get_by_label("Slutter kl.").fill(first[1])
    page.get_by_label("Lokale").select_option(label=f"{ROOM}, Sundhedshuset, Ballerup")
    page.get_by_role("button", name="Planlæg kursusgangen").click()
    expect(page.locator(".form-error-message, .alert-error").first).to_contain_text("slutte, efter den begynder")
    assert_accessible(page)
    page.get_by_label("Begynder kl.").fill(first[1])
    page.get_by_label("Slutter kl.").fill(first[2])
    page.get_by_role("button", name="Planlæg kursusgangen").click()
    expect(page.get_by_role("status")).to_contain_text("Kursusgangen er planlagt")
    for week in (1, 2, 3):
        page.get_by_label("Dato").fill((now.date() + datetime.timedelta(weeks=week)).isoformat())
        page.get_by_label("Begynder kl.").fill("19:00")
        page.get_by_label("Slutter kl.").fill("21:00")
        page.get_by_label("Lokale").select_option(label=f"{ROOM}, Sundhedshuset, Ballerup")
        page.get_by_role("button", name="Planlæg kursusgangen").click()
        expect(page.get_by_role("status")).to_contain_text("Kursusgangen er planlagt")
    # the same room at the same time again: refused
    page.get_by_label("Dato").fill((now.date() + datetime.timedelta(weeks=3)).isoformat())
    page.get_by_label("Begynder kl.").fill("20:00")
    page.get_by_label("Slutter kl.").fill("22:00")
    page.get_by_label("Lokale").select_option(label=f"{ROOM}, Sundhedshuset, Ballerup")
    page.get_by_role("button", name="Planlæg kursusgangen").click()
    expect(page.locator(".form-error-message, .alert-error").first).to_contain_text("allerede booket")
    page.goto(course_url)
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(4)

    # three citizens and a relative: the course is full; the next goes on the waitlist
    options = page.get_by_label("Deltager").locator("option")
    labels = [t.strip() for t in options.all_text_contents()]
    citizens = [t for t in labels[1:] if "pårørende til" not in t]
    relative = next(t for t in labels if "pårørende til" in t)
    chosen = citizens[:3] + [relative]
    for label in chosen:
        page.get_by_label("Deltager").select_option(label=label)
        page.get_by_role("button", name="Tilmeld").click()
        expect(page.get_by_role("status")).to_contain_text("er tilmeldt forløbet")
    expect(page.locator('[data-figure="seats"]')).to_have_text("4 af 4")
    late = next(t for t in citizens[3:] if relative.split("pårørende til ")[-1].rstrip(")") != t)
    page.get_by_label("Deltager").select_option(label=late)
    page.get_by_role("button", name="Tilmeld").click()
    expect(page.get_by_role("status")).to_contain_text("står nu på ventelisten")
    expect(page.locator('[data-figure="waiting"]')).to_have_text("1")
    expect(page.get_by_role("list").filter(has_text=late)).to_be_visible()
    assert_accessible(page)

    # the first participant's delivered group support before (the demo may have given them earlier courses)
    page.get_by_role("link", name=chosen[0]).first.click()
    figure = page.locator('[data-figure="course-hours"]')
    before = float(figure.inner_text().split()[0].replace(",", ".")) if figure.count() else 0.0
    page.goto(course_url)

    # the first session has begun: mark attendance
    page.get_by_role("link", name=re.compile("Registrér fremmøde")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fremmøde")
    assert_accessible(page)
    for i, fieldset in enumerate(page.locator("fieldset").all()):
        fieldset.get_by_label("Deltog" if i != 1 else "Udeblev").check()
    page.get_by_role("button", name="Gem fremmødet").click()
    expect(page.get_by_role("status")).to_contain_text("Fremmødet er registreret (4 ændret)")

    # the first participant's delivered group support, as the ledger counts it
    page.get_by_role("link", name=chosen[0]).first.click()
    expect(page.get_by_role("heading", name="Gruppeforløb")).to_be_visible()
    if first[2] != "23:59":  # an hour more, as the ledger counts it
        expect(page.locator('[data-figure="course-hours"]')).to_have_text(f"{before + 1:g} timer".replace(".", ","))
    expect(page.locator("#main, main").first).to_contain_text("Mestring i hverdagen")
    assert_accessible(page)

    # the leader's start page: the next sessions with the participants
    _login(page, server, "stoeb1")
    panel = page.get_by_role("heading", name="Mine gruppeforløb")
    expect(panel).to_be_visible()
    expect(page.locator("table").filter(has_text="Mestring i hverdagen").first).to_contain_text(chosen[0])
    assert_accessible(page)

    # the manager: courses against the political target
    _login(page, server, "leder")
    page.goto(server + "/forloeb/maal/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("mål")
    expect(page.locator("tbody tr").first).to_contain_text("2017–2019")
    expect(page.locator('[data-figure="target"]').first).to_have_text("14")
    expect(page.locator('[data-figure="held"]').first).to_contain_text("12")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename == "gruppeforloeb-maal.xlsx"
