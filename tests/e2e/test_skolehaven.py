"""Skolehaven in the browser: a worker sees the flats panel on the start page, moves the citizen of an
accepted order into the vacant flat (an occupied flat is refused first), plans the help per week, holds
this week's house meeting with attendance and minutes, and the residents write next week's meal plan (a past
week is refused first); the shopping list and the residents' page show what was decided. axe on every page."""

import datetime
import re

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_support_week import _login


def _flat(page, number: str) -> str:
    select = page.get_by_label("Lejlighed")
    return select.locator("option", has_text=re.compile(rf"^Lejlighed {number} ")).first.text_content()


def test_move_in_and_a_house_meeting_with_the_meal_plan(server, page):
    _login(page, server, "skole1")
    expect(page.get_by_role("heading", name="Lejligheder: beboet og ledige")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Opgangsfællesskabet Skolehaven").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opgangsfællesskabet Skolehaven")
    assert_accessible(page)
    occupied_before = page.locator('[data-figure="occupied"]').text_content()

    # the accepted order waiting for a flat
    page.get_by_role("link", name=re.compile(r"^Flyt ind")).first.click()
    assert_accessible(page)
    citizen = page.locator("main p strong").first.text_content()
    page.get_by_label("Lejlighed").select_option(label=_flat(page, "2"))  # lived in
    page.get_by_role("button", name="Flyt ind").click()
    expect(page.locator(".form-error-message").first).to_contain_text("ikke ledig")
    assert_accessible(page)
    page.get_by_label("Lejlighed").select_option(label=_flat(page, "1"))  # the vacant one
    page.get_by_role("button", name="Flyt ind").click()
    expect(page.get_by_role("status")).to_contain_text(f"{citizen} er flyttet ind i lejlighed 1")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{citizen} i lejlighed 1")
    assert_accessible(page)

    # the help per week
    page.locator("summary", has_text="Planlæg hjælpen").click()
    page.get_by_label("Madlavning: gange pr. uge").fill("3")
    page.get_by_label("Madlavning: minutter pr. gang").fill("45")
    page.get_by_label("Økonomi: gange pr. uge").fill("1")
    page.get_by_label("Økonomi: minutter pr. gang").fill("60")
    page.get_by_role("button", name="Gem hjælpen pr. uge").click()
    expect(page.get_by_role("status")).to_contain_text("Hjælpen pr. uge er planlagt")
    expect(page.locator('[data-figure="help-minutes"]')).to_have_text("195")
    assert_accessible(page)

    page.get_by_role("link", name="Tilbage til lejlighederne").click()
    expect(page.locator('[data-figure="occupied"]')).not_to_have_text(occupied_before)

    # this week's house meeting, now
    page.get_by_role("link", name="Planlæg husmøde").click()
    assert_accessible(page)
    page.get_by_role("button", name="Planlæg husmødet").click()
    expect(page.get_by_role("status")).to_contain_text("Husmødet er planlagt")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Husmøde")
    assert_accessible(page)
    page.get_by_role("group", name=citizen).get_by_label("Deltog").check()
    page.get_by_label("Referat").fill("Vi bød velkommen til en ny beboer og lagde næste uges madplan.")
    page.get_by_label("Det besluttede").fill("Fællesspisning torsdag kl. 18.")
    week = page.get_by_label("Madplanen gælder ugen fra mandag")
    next_monday = week.input_value()
    past = (datetime.date.fromisoformat(next_monday) - datetime.timedelta(days=14)).isoformat()
    week.fill(past)
    page.get_by_label("Mandag: ret").fill("Lasagne")
    page.get_by_label("Mandag: laver mad").select_option(label=citizen)
    page.get_by_label("Mandag: køber ind").select_option(label=citizen)
    page.get_by_label("Mandag: indkøb (én vare pr. linje)").fill("Lasagneplader\nHakket oksekød\nTomater")
    page.get_by_label("Torsdag: ret").fill("Fiskefrikadeller")
    page.get_by_label("Torsdag: køber ind").select_option(label=citizen)
    page.get_by_label("Torsdag: indkøb (én vare pr. linje)").fill("Fiskefars\ntomater")
    page.get_by_role("button", name="Gem husmødet").click()
    expect(page.locator(".alert-error, .form-error-message").first).to_contain_text("er gået")
    assert_accessible(page)
    page.get_by_label("Madplanen gælder ugen fra mandag").fill(next_monday)
    page.get_by_role("button", name="Gem husmødet").click()
    expect(page.get_by_role("status")).to_contain_text("fremmøde, referat og madplan")
    expect(page.get_by_role("cell", name="Lasagne")).to_be_visible()
    shopping = page.get_by_role("heading", name=citizen, level=3).locator("xpath=following-sibling::ul[1]")
    expect(shopping.get_by_role("listitem")).to_have_text(["Lasagneplader", "Hakket oksekød", "Tomater", "Fiskefars"])
    assert_accessible(page)

    page.get_by_role("link", name="Beboere og husmøder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beboere i")
    expect(page.get_by_text("Fællesspisning torsdag kl. 18.").first).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^" + re.escape(citizen) + " 1 "))).to_contain_text("Deltog")
    assert_accessible(page)
