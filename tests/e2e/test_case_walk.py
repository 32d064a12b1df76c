"""A whole case as it happened, typed in afterwards from paper, through the pages only: a hospital's
request, a case with the municipality's number, an assessment of twelve conditions, target groups, a
grant with services and effort goals and its letter, the order to the SKP team, its leader accepting and
naming the contact person, the episode starting, a change of services, a follow-up with status, a
re-assessment, the provider proposing the end, the caseworker deciding it with a letter and closing the
case. Every date is the date it happened, and the citizen's timeline tells them in that order. axe on
every page; the time each step takes is printed."""

import datetime
import io
import os
import re
import time
from urllib.parse import urljoin

from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import PASSWORD, assert_accessible

TODAY = datetime.date.today()
CPR = os.environ.get("TOVHOLDER_WALK_CPR", "150391-2746")
FIRST, LAST = "Mikkel", "Bøgh Rasmussen"
NAME = f"{FIRST} {LAST}"
CASE_NUMBER = f"27.12.04-G01-{CPR[-4:]}-26"
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def iso(day: datetime.date) -> str:
    return day.isoformat()


def long(day: datetime.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def shown(day: datetime.date) -> re.Pattern:
    """The day as a page shows it ("1. marts 2026", "1. mar. 2026" or "01.03.2026")."""
    month = MONTHS[day.month - 1]
    return re.compile(rf"(\b{day.day}\. ({month}|{month[:3]}\.?) {day.year}|{day:%d\.%m\.%Y})", re.I)


class Steps:
    """Times each step of the walk (printed at the end; read them with pytest -s)."""

    def __init__(self):
        self.times: list[tuple[str, float]] = []
        self.started = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.times.append((name, now - self.started))
        self.started = now

    def report(self) -> str:
        return "\n".join(f"{seconds:6.1f} s  {name}" for name, seconds in self.times)


def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def pdf_text(page, href: str) -> str:
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split())


def section(page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def test_a_whole_case_as_it_happened(server, page):
    step = Steps()
    login(page, server, "sagsb1")
    page.goto(server + "/visitation/")
    assert_accessible(page)

    # The hospital's request, received almost a year ago, typed in from the letter.
    page.get_by_role("link", name="Registrér henvendelse").click()
    page.get_by_label("Hvem henvender sig").select_option("hospital")
    page.get_by_label(re.compile("^Henvenderens navn")).fill("Psykiatrisk Center Ballerup, afsnit 816")
    page.get_by_label("Borgerens CPR-nummer").fill(CPR)
    page.get_by_label("Fornavn(e) (ny borger)").fill(FIRST)
    page.get_by_label("Efternavn (ny borger)").fill(LAST)
    page.get_by_label("Hvad spørges der om").fill("Udskrives efter otte uger; har brug for støtte i eget hjem.")
    page.get_by_label("Modtaget").fill(iso(ago(330)))
    assert_accessible(page)
    page.get_by_role("button", name="Registrér henvendelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Henvendelse modtaget {long(ago(330))}")
    assert_accessible(page)
    step("henvendelse")

    # The case, opened five days later, with the municipality's own case number.
    page.get_by_label("Sagen er oprettet den").fill(iso(ago(325)))
    page.get_by_label("Sagsnummer (kommunens eget)").fill(CASE_NUMBER)
    page.get_by_role("button", name="Opret sag og visitér").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Sag for {NAME}")
    expect(page.locator("main")).to_contain_text(CASE_NUMBER)
    case_url = page.url
    assert_accessible(page)
    groups = section(page, "Målgrupper (FFB)")
    groups.get_by_label("Primær målgruppe (FFB)").select_option(index=1)
    primary_group = groups.get_by_label("Primær målgruppe (FFB)").locator("option:checked").inner_text()
    groups.get_by_label("Øvrige målgrupper (FFB)").select_option(index=2)
    groups.get_by_role("button", name="Gem målgrupper").click()
    expect(section(page, "Målgrupper (FFB)")).to_contain_text(primary_group)
    page.get_by_label(re.compile("^Borgerens egne ønsker")).fill("Jeg vil kunne klare min lejlighed og se mine venner.")
    page.get_by_role("button", name="Gem ønsker og behov").click()
    assert_accessible(page)
    step("sag, målgrupper, ønsker")

    # The assessment of twelve conditions, with levels and support needs.
    page.get_by_role("link", name="Lav en udredning").click()
    assert_accessible(page)
    page.get_by_label("Udredningsdato").fill(iso(ago(310)))
    while page.locator("select[name$='-condition']").count() < 12:
        page.get_by_role("button", name="Tilføj flere tilstande").click()
    page.get_by_label("Udredningsdato").fill(iso(ago(310)))
    conditions = []
    for i in range(12):
        row = page.locator(f"select[name='t-{i}-condition']")
        row.select_option(index=i + 1)
        conditions.append(row.locator("option:checked").inner_text())
        page.locator(f"select[name='t-{i}-functional_level']").select_option(str(1 + i % 4))
        page.locator(f"select[name='t-{i}-support_need']").select_option(index=1 + i % 3)
    page.get_by_label("Sammenfatning").fill("Svært ved struktur, indkøb og økonomi; god til at tage kontakt.")
    page.get_by_role("button", name="Gem udredningen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Sag for {NAME}")
    assessment = section(page, "Udredning af funktionsevne (FFB)")
    for condition in conditions:
        expect(assessment).to_contain_text(condition)
    step("udredning med 12 tilstande")

    # The effort: applied for, granted with services, goals set, the letter sent and the order given.
    page.get_by_label(re.compile("^Tilbud")).select_option(label="SKP – støtte-kontaktperson-ordning")
    page.get_by_label("Ansøgt den").fill(iso(ago(305)))
    page.get_by_role("button", name="Søg om tilbuddet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SKP – støtte-kontaktperson-ordning")
    decision_url = page.url
    assert_accessible(page)
    grant = section(page, "Bevilg")
    grant.get_by_label("Afgørelsesdato").fill(iso(ago(290)))
    grant.get_by_label("Timer pr. uge").fill("3")
    grant.get_by_label("Start").fill(iso(ago(280)))
    grant.get_by_label("Opfølgning senest").fill(iso(ago(100)))
    grant.get_by_label("Ydelser i indsatsen (FFB)").select_option(index=[0, 1])
    services = grant.get_by_label("Ydelser i indsatsen (FFB)").locator("option:checked").all_inner_texts()
    grant.get_by_label("Begrundelse").fill("Udredningen viser behov for støtte til struktur, indkøb og økonomi.")
    grant.get_by_role("button", name=re.compile("^Bevilg")).click()
    expect(page.locator("dl.facts")).to_contain_text("Bevilget")
    for service in services:
        expect(page.locator("main")).to_contain_text(service)
    assert_accessible(page)
    for text, secondary in (("Jeg vil selv handle ind og lave mad tre dage om ugen", False),
                            ("Jeg vil betale mine regninger til tiden", True)):
        page.get_by_role("link", name="Tilføj indsatsmål").click()
        expect(page.get_by_label("Målet med borgerens egne ord")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Målet med borgerens egne ord").fill(text)
        page.get_by_label("Måltype (FFB)").select_option(index=1)
        page.get_by_label("Primær tilstand (FFB)").select_option(label=conditions[0 if not secondary else 3])
        if secondary:
            page.get_by_label("Sekundære tilstande (FFB)").select_option(label=[conditions[4], conditions[5]])
        page.get_by_label("Funktionsevneniveau nu").select_option("3")
        page.get_by_label("Mål for funktionsevneniveau").select_option("1")
        page.get_by_label("Målet blev sat den").fill(iso(ago(290)))
        page.get_by_label("Næste opfølgning").fill(iso(ago(200)))
        page.get_by_role("button", name=re.compile("^Tilføj")).click()
        expect(page.locator(".messages")).to_contain_text("Målet er tilføjet")
        expect(section(page, "Indsatsmål")).to_contain_text(text)
    expect(section(page, "Indsatsmål")).to_contain_text(conditions[5])
    letters = section(page, "Breve til borgeren")
    letters.get_by_label("Sendt").fill(iso(ago(289)))
    letters.get_by_role("button", name="Send afgørelsesbrevet").click()
    expect(page.get_by_role("status").first).to_contain_text("Afgørelsesbrevet er sendt")
    grant_letter = pdf_text(page, section(page, "Breve til borgeren").get_by_role("link").first.get_attribute("href"))
    assert long(ago(289)) in grant_letter and "klage" in grant_letter.lower() and "§ 85" in grant_letter
    order = section(page, "Bestil hos udføreren")
    order.get_by_label("Bestilt").fill(iso(ago(288)))
    order.get_by_label("Besked til udføreren").fill("Mikkel ønsker en kontaktperson, der kan komme om eftermiddagen.")
    order.get_by_role("button", name="Bestil hos udføreren").click()
    expect(page.locator("dl.facts")).to_contain_text("Bestilt")
    assert_accessible(page)
    step("bevilling, ydelser, mål, brev, bestilling")

    # The SKP team's leader takes the order and names the contact person, who starts the episode.
    login(page, server, "skp1")
    worker = page.locator("header .user").first.text_content().split(",")[0].strip()  # "Name, Role"
    login(page, server, "skpleder")
    page.goto(server + "/stoette/modtagelse/")
    assert_accessible(page)
    section(page, re.compile("^Venter på svar")).get_by_role("link", name=NAME).click()
    expect(page.locator("main")).to_contain_text("Mikkel ønsker en kontaktperson")
    assert_accessible(page)
    accept = section(page, "Tag imod")
    accept.get_by_role("radio", name=worker, exact=True).check()  # the suggested contact persons, with reasons
    accept.get_by_label("Modtaget den").fill(iso(ago(285)))
    accept.get_by_role("button", name="Tag imod og udpeg kontaktperson").click()
    expect(page.locator("main")).to_contain_text(worker)
    step("udførerens leder tager imod")
    login(page, server, "skp1")
    page.goto(server + "/stoette/modtagelse/")
    section(page, re.compile("^Modtaget")).get_by_role("link", name=re.compile("^Start forløbet")).filter(
        has_text=NAME).click()
    assert_accessible(page)
    page.get_by_label("Start").fill(iso(ago(280)))
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("main")).to_contain_text(shown(ago(280)))
    episode_url = page.url
    assert_accessible(page)
    step("kontaktpersonen starter forløbet")

    # The caseworker changes the services, follows up with a status and re-assesses.
    login(page, server, "sagsb1")
    page.goto(decision_url)
    expect(page.locator("dl.facts")).to_contain_text("I gang")
    change = section(page, "Ændr ydelser fra en dato")
    change.get_by_label("Fra", exact=False).first.fill(iso(ago(200)))
    change.get_by_label("Ydelser fra den dag (FFB)").select_option(index=[0])
    change.get_by_label("Begrundelse").fill("Økonomien klarer Mikkel nu selv.")
    change.get_by_role("button", name="Gem ændringen").click()
    expect(section(page, "Ændringer af ydelser")).to_contain_text(shown(ago(200)))
    follow = section(page, "Følg op på indsatsen")
    follow.get_by_label("Opfølgningen blev holdt").fill(iso(ago(150)))
    follow.get_by_label("Status på indsatsen (FFB)").select_option(index=1)
    status = follow.get_by_label("Status på indsatsen (FFB)").locator("option:checked").inner_text()
    follow.get_by_label("Hvad opfølgningen viste").fill("Indkøb går godt; madlavning to dage om ugen.")
    follow.get_by_role("button", name="Gem opfølgningen").click()
    expect(page.get_by_role("alert").first).to_contain_text("næste opfølgning")  # it goes on: when next?
    follow = section(page, "Følg op på indsatsen")
    follow.get_by_label("Næste opfølgning").fill(iso(ago(60)))
    follow.get_by_role("button", name="Gem opfølgningen").click()
    expect(section(page, "Opfølgninger på indsatsen")).to_contain_text(status)
    assert_accessible(page)
    page.goto(case_url)
    page.get_by_role("link", name="Lav en udredning").click()
    page.get_by_label("Udredningsdato").fill(iso(ago(140)))
    page.locator("select[name='t-0-condition']").select_option(label=conditions[0])
    page.locator("select[name='t-0-functional_level']").select_option("0")  # was 1
    page.get_by_role("button", name="Gem udredningen").click()
    expect(section(page, "Udredning af funktionsevne (FFB)")).to_contain_text("(før 1)")
    assert_accessible(page)
    step("ydelser, opfølgning, genudredning")

    # The contact person proposes the end; the caseworker decides it with a letter and closes the case.
    login(page, server, "skp1")
    page.goto(episode_url)
    page.get_by_role("link", name="Foreslå afslutning").click()
    page.get_by_label("Foreslået slutdato").fill(iso(ago(10)))
    page.get_by_label("Hvorfor afsluttes forløbet").select_option("goals_met")
    page.get_by_role("button", name="Send forslaget til sagsbehandleren").click()
    expect(page.locator(".messages")).to_contain_text("Forslaget om afslutning er sendt")
    login(page, server, "sagsb1")
    page.goto(server + "/visitation/")
    page.locator("li").filter(has_text=NAME).get_by_role("link", name=re.compile("SKP – støtte")).first.click()
    expect(page.get_by_role("heading", name="Udføreren foreslår at afslutte")).to_be_visible()
    assert_accessible(page)
    end = section(page, "Afgør at indsatsen ophører")
    expect(end.get_by_label("Indsatsen ophører")).to_have_value(iso(ago(10)))
    end.get_by_label("Afgørelsesdato").fill(iso(ago(5)))
    end.get_by_label("Begrundelse (står i brevet til borgeren)").fill(
        "Målene for indsatsen er nået; Mikkel handler selv ind og laver mad.")
    end.get_by_role("button", name="Afgør afslutningen og send brevet").click()
    expect(page.locator(".messages")).to_contain_text("Afslutningen er afgjort")
    end_link = section(page, "Breve til borgeren").get_by_role("link", name=re.compile("ophør", re.I)).first
    end_letter = pdf_text(page, end_link.get_attribute("href"))
    assert long(ago(10)) in end_letter and "klage" in end_letter.lower()
    page.goto(case_url)
    close = section(page, "Luk sagen")
    close.get_by_label("Dato").fill(iso(ago(3)))
    close.get_by_label("Begrundelse").fill("Indsatsen er afsluttet; ingen øvrige indsatser.")
    close.get_by_role("button", name="Luk sagen").click()
    expect(page.get_by_role("heading", name="Genåbn sagen")).to_be_visible()
    assert_accessible(page)
    step("forslag, afgørelse om ophør med brev, sagen lukkes")

    # The citizen's timeline tells the story on the days it happened, newest first.
    page.get_by_role("link", name="Til borgeroverblikket").click()
    assert_accessible(page)
    items = [(li.locator("time").get_attribute("datetime"), li.inner_text())
             for li in section(page, "Tidslinje").locator("li").all()]
    story = [(3, "Sag " + CASE_NUMBER + " lukket"), (5, "Brev sendt: Afgørelse om ophør"), (10, "ophørte"),
             (140, "Udredning af funktionsevne"), (150, "Opfølgning"), (200, "ydelserne ændret"), (280, "startede"),
             (285, "SKP-teamet tog imod"), (288, "bestilt hos SKP-teamet"), (289, "Brev sendt: Afgørelse om SKP"),
             (290, "Mål sat (indsatsmål): Jeg vil betale"), (290, "Bevilget"), (305, "Ansøgt om SKP"),
             (310, "Udredning af funktionsevne"), (325, "Sag " + CASE_NUMBER + " oprettet"),
             (330, "Social Vejledning begyndte"), (330, "Henvendelse fra hospitalet")]
    at = -1
    for days_ago, text in story:
        found = [i for i, (day, item) in enumerate(items) if i > at and day == iso(ago(days_ago)) and text in item]
        assert found, f"{text} ({iso(ago(days_ago))}) mangler efter nr. {at} i tidslinjen: {items}"
        at = found[0]
    print("\n" + step.report())
