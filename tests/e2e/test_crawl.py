"""A link crawler: as each standing role, from the start page, follow every internal link breadth-first.

No page may answer 404 or 500, and no page's main text may show a developer's string: a raw choice code
(any model choice with an underscore), the word "None" or a decimal with a point ("3.00", "540.00").
Downloads (PDF, CSV, XLSX, JSON, the calendar) are fetched without the browser and only their status is
checked. Pages of the same shape (ids replaced) are visited at most twice, so the bounded crawl covers
many kinds of page rather than one kind many times; axe checks every page visited.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.apps import apps

from .conftest import assert_accessible, login

ROLES = ["skp1", "skp2", "stoeb1", "sagsb1", "leder", "admin", "arkiv", "herlev-flex1", "frivillig", "psykiatriraad"]
MAX_DEPTH = 4
MAX_PAGES = 150
PER_SHAPE = 2
DOWNLOAD = re.compile(r"(\.(pdf|ics|json|csv|xlsx|zip)$)|/prognose\.[a-z]+$")
NEVER = ("/logout/", "/log-ud/", "/admin/")
DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{2}(?![\d.])")
NONE = re.compile(r"\bNone\b")
LOCALISED_ID = re.compile(r"(=|/)\d{1,3}(\.\d{3})+(&|/|$)")  # ?aftale=1.016 or /borger/1.016/


def _choice_codes() -> set[str]:
    """Every code with an underscore a user could be shown instead of its label: the models' choices, the
    choice classes (also those kept in JSON lists, such as a routing rule's needs) and the shipped scenarios."""
    from django.db.models import Choices

    from tovholder.forecast.scenarios import SHIPPED_TITLES

    values: set = set(SHIPPED_TITLES)
    for model in apps.get_models():
        if model.__module__.startswith("tovholder."):
            for field in model._meta.get_fields():
                values |= {value for value, _label in getattr(field, "flatchoices", None) or []}
    classes = list(Choices.__subclasses__())
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if cls.__module__.startswith("tovholder."):
            values |= {member.value for member in cls}
    return {v for v in values if isinstance(v, str) and "_" in v and len(v) > 3}


CODE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _choice_codes()), key=len, reverse=True)) + r")\b")


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "#", parts.path) + "?" + "&".join(keys)


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin(page.url, href))[0]
        if url.startswith(base) and not any(n in urlsplit(url).path for n in NEVER):
            found.append(url)
    return found


def _problems(text: str) -> list[str]:
    out = [f"kode «{m}»" for m in CODE.findall(text)]
    out += ["«None»" for _ in NONE.findall(text)]
    out += [f"decimaltal med punktum «{m}»" for m in DECIMAL.findall(text)]
    return out


def test_the_crawler_knows_the_codes_it_looks_for():
    assert {"early_pension", "mental_illness", "budget_agreement_2017_19"} <= set(CODE.pattern[3:-3].split("|"))
    assert _problems("ikke: early_pension. Kvote: None. Bevilget: 3.00 timer, 540.00 kr.") == [
        "kode «early_pension»", "«None»", "decimaltal med punktum «3.00»", "decimaltal med punktum «540.00»"]
    assert LOCALISED_ID.search("/journal/skriv/?aftale=1.016") and LOCALISED_ID.search("/borger/12.345/")
    assert not LOCALISED_ID.search("/borger/1016/?side=2") and not LOCALISED_ID.search("/prognose.csv")
    assert _problems("Bevilget 3 timer den 8. april 2026 kl. 14:30, 1.016 borgere, 2,5 timer, sag 2026-0001.") == []


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_can_reach_answers_and_speaks_danish(server, page, username):
    login(page, server, username)
    start = page.url
    seen: set[str] = {start}
    shapes: dict[str, int] = {}
    queue = deque([(start, 0)])
    visited = downloads = 0
    failures: list[str] = []
    while queue and visited + downloads < MAX_PAGES:
        url, depth = queue.popleft()
        if DOWNLOAD.search(urlsplit(url).path) or "format=" in urlsplit(url).query:
            status = page.request.get(url).status
            downloads += 1
            if status >= 400:
                failures.append(f"{url}: {status}")
            continue
        response = page.goto(url)
        visited += 1
        status = response.status if response else 0
        if status in (404, 500) or status >= 500:
            failures.append(f"{url}: {status}")
            continue
        if status >= 400:  # 403 for a link the role may see but not follow is reported too
            failures.append(f"{url}: {status}")
            continue
        assert_accessible(page)
        main = page.locator("main")
        text = main.inner_text() if main.count() else page.locator("body").inner_text()
        failures += [f"{url}: {p}" for p in _problems(text)]
        if depth >= MAX_DEPTH:
            continue
        for link in _links(page, server):
            if LOCALISED_ID.search(urlsplit(link).path + "?" + urlsplit(link).query):
                failures.append(f"{url}: et id med tusindtalspunktum i linket {link}")
            shape = _shape(link)
            if link in seen or shapes.get(shape, 0) >= PER_SHAPE:
                continue
            seen.add(link)
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append((link, depth + 1))
    print(f"\n{username}: {visited} sider og {downloads} filer fulgt, {len(shapes)} slags sider, "
          f"{len(queue)} links tilbage i køen")
    assert visited > 5
    assert not failures, f"{username}: " + "\n".join(failures)
