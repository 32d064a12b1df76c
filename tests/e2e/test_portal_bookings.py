"""Min Tovholder in the browser: the citizen books a seat on a group course, sees it among their own bookings,
downloads the calendar file (only their own sessions in it) and cancels — with the keyboard, at 390 px, axe on
every page."""

import re

from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

PHONE = 390


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} er {width} px bred på en telefon ({PHONE} px)"


def _press(page, locator) -> None:
    locator.focus()
    page.keyboard.press("Enter")


def test_a_citizen_books_a_course_seat_downloads_the_calendar_and_cancels(server, page):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(server + "/min/log-ind/")
    _press(page, page.get_by_role("button", name="Log ind som testborger"))
    expect(page.get_by_role("heading", name="Min plan", exact=True)).to_be_visible()
    _press(page, page.get_by_role("link", name="Mine tilmeldinger"))
    expect(page.get_by_role("heading", name="Mine tilmeldinger", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Gruppeforløb, du kan melde dig til")).to_be_visible()
    assert_accessible(page)
    _fits(page)
    # the demo may have booked a course for this citizen already: withdraw from it, so a free seat is there to take
    mine = page.locator("section[aria-labelledby=mine] li.card", has_text="Gruppeforløb:")
    while mine.count():
        _press(page, mine.first.get_by_role("button", name=re.compile("^Meld fra")))
        expect(page.get_by_text("Du er meldt fra")).to_be_visible()
    offered = page.locator("section[aria-labelledby=forloeb] article", has_text="ledig")
    assert offered.count(), "Demoen har intet forløb med en ledig plads åbent for tilmelding"
    card = offered.first
    title = card.locator("h3").inner_text()
    _press(page, card.get_by_role("button", name=re.compile("^Meld dig til")))
    expect(page.get_by_text(f"Du er tilmeldt »{title}«.")).to_be_visible()
    booked = page.locator("section[aria-labelledby=mine] li.card", has_text=f"Gruppeforløb: {title}")
    expect(booked).to_contain_text("Du er tilmeldt")
    expect(booked).to_contain_text("Dine næste kursusgange")
    assert_accessible(page)
    _fits(page)
    # the calendar file: the course's sessions, and no other person's name
    with page.expect_download() as download:
        _press(page, page.get_by_role("link", name=re.compile("kalenderfil")))
    data = open(download.value.path(), "rb").read()
    events = Calendar.from_ical(data).walk("VEVENT")
    assert any(str(e["summary"]) == f"Gruppeforløb: {title}" for e in events)
    assert all("ATTENDEE" not in e and "ORGANIZER" not in e for e in events)
    # cancel the seat again
    _press(page, booked.get_by_role("button", name=re.compile("^Meld fra")))
    expect(page.get_by_text(f"Du er meldt fra »{title}«.")).to_be_visible()
    expect(page.locator("section[aria-labelledby=mine] li.card", has_text=f"Gruppeforløb: {title}")).to_have_count(0)
    assert_accessible(page)
    _fits(page)
