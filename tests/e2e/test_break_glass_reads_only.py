"""Break the glass reads, never writes (issue 16): a caseworker opens a decision of a citizen outside their
queue with a reason, finds no buttons that change it, and a POST made by hand is refused."""

from playwright.sync_api import expect

from .conftest import assert_accessible, login


def test_caseworker_breaks_the_glass_on_a_decision_and_finds_no_write_buttons(server, page):
    login(page, server, "sagsb2")
    for decision_id in range(1, 80):
        page.goto(f"{server}/visitation/afgoerelser/{decision_id}/")
        if "/adgang/" in page.url:
            break
    assert "/adgang/" in page.url, "ingen af de første afgørelser var uden for sagsbehandlerens arbejdsområde"
    expect(page.get_by_role("heading", level=1)).to_contain_text("uden for dit arbejdsområde")
    assert_accessible(page)
    page.get_by_label("Begrundelse").fill("Borgeren ringede akut og bad om hjælp")
    page.get_by_role("button", name="Åbn borgeren").click()
    url = f"{server}/visitation/afgoerelser/{decision_id}/"
    if page.url != url:  # the grant lands on the citizen; the decision is read with it
        page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    # the page reads: not one form that changes the decision, its letters or its end
    assert page.locator("form input[name=action]").count() == 0
    for label in ("Bevilg", "Giv afslag", "Bestil", "Sæt i gang", "Afslut indsatsen", "Annullér"):
        assert page.get_by_role("button", name=label).count() == 0, label
    # and a write posted by hand is refused
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for action, data in (("refuse", {"refuse-version": "1",
                                     "refuse-reasons": "En fuldt gyldig begrundelse for afslaget."}),
                         ("end", {"end-version": "1", "end-on": "2026-12-01",
                                  "end-reasons": "Borgeren har nået sine mål og klarer sig selv."})):
        response = page.request.post(url, form={"csrfmiddlewaretoken": token, "action": action, **data},
                                     headers={"Referer": url})
        assert response.status == 403, (action, response.status)
    page.reload()
    assert page.locator("form input[name=action]").count() == 0
