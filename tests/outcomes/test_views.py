"""The outcome pages with the standing users: need to know, access events, the fill-in form with
good and hostile input, the managers' figures with suppression and exports, and instrument import."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from tovholder.audit.models import AccessEvent
from tovholder.outcomes.models import Instrument, Measurement

from ..conftest import make_citizen
from .conftest import measure, who5

OK, DENY, GLASS, NOTFOUND = 200, 403, 302, 404
USERS = ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker"]

# The outcome page follows the overview's need to know exactly.
VIEW = {
    "anna": dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=GLASS, admin=DENY, herlev_worker=NOTFOUND),
    "casey": dict(own_worker=DENY, other_worker=DENY, manager=GLASS, caseworker=OK, admin=DENY,
                  herlev_worker=NOTFOUND),
    "herlev_citizen": dict(own_worker=NOTFOUND, other_worker=NOTFOUND, manager=NOTFOUND, caseworker=NOTFOUND,
                           admin=NOTFOUND, herlev_worker=OK),
}
# Filling in needs the role and need to know; the glass is never broken to write.
FILL = {
    "anna": dict(own_worker=OK, other_worker=DENY, manager=DENY, caseworker=DENY, admin=DENY,
                 herlev_worker=NOTFOUND),
    "casey": dict(own_worker=DENY, other_worker=DENY, manager=DENY, caseworker=OK, admin=DENY,
                  herlev_worker=NOTFOUND),
}


def _check(client, world, url, citizen, user_name, expected, what):
    user = getattr(world, user_name)
    client.force_login(user)
    before = AccessEvent.objects.filter(citizen=citizen, actor=user).count()
    response = client.get(url)
    assert response.status_code == expected, (url, user_name)
    after = AccessEvent.objects.filter(citizen=citizen, actor=user)
    if expected == OK:
        assert after.count() == before + 1 and after.order_by("-pk").first().what == what
    else:
        assert after.count() == before
    if expected == GLASS:
        assert response["Location"].startswith(reverse("citizen_break_glass", args=[citizen.pk]) + "?next=")


@pytest.mark.parametrize("citizen_name", VIEW)
@pytest.mark.parametrize("user_name", USERS)
def test_citizen_page(client, world, versions, citizen_name, user_name):
    citizen = getattr(world, citizen_name)
    _check(client, world, reverse("outcomes_citizen", args=[citizen.pk]), citizen, user_name,
           VIEW[citizen_name][user_name], "Effektmåling")


@pytest.mark.parametrize("citizen_name", FILL)
@pytest.mark.parametrize("user_name", USERS)
def test_fill_in_page(client, world, versions, citizen_name, user_name):
    citizen = getattr(world, citizen_name)
    _check(client, world, reverse("measurement_create", args=[citizen.pk, "who5"]), citizen, user_name,
           FILL[citizen_name][user_name], "Effektmåling (udfyldning)")


@pytest.mark.parametrize("user_name", USERS)
def test_one_measurement_page(client, world, versions, user_name):
    m = measure(world, versions["who5"])
    _check(client, world, reverse("measurement_detail", args=[world.anna.pk, m.pk]), world.anna, user_name,
           VIEW["anna"][user_name], "Effektmåling (en måling)")


def test_a_measurement_of_another_citizen_is_not_found(client, world, versions):
    m = measure(world, versions["who5"])
    client.force_login(world.manager)
    assert client.get(reverse("measurement_detail", args=[world.bo.pk, m.pk])).status_code == 404


def _post(client, citizen, key, form_version, answers, **extra):
    data = {"version": form_version.pk, "measured_on": "2025-05-01", "answered_by": "together", "note": "",
            **{f"a_{k}": v for k, v in answers.items()}, **extra}
    return client.post(reverse("measurement_create", args=[citizen.pk, key]), data)


def test_fill_in_twice_shows_the_earlier_answers_and_the_pictures(client, world, versions):
    client.force_login(world.own_worker)
    response = _post(client, world.anna, "recovery-kompas", versions["recovery-kompas"],
                     {"haab": 3, "bolig": 6, "oekonomi": 2, "netvaerk": 4})
    assert response.status_code == 302
    form = client.get(reverse("measurement_create", args=[world.anna.pk, "recovery-kompas"])).content.decode()
    assert "Sidst: <strong>3 – jeg tager imod en hånd</strong>" in form
    assert "Sidst: ikke besvaret" in form  # areas skipped last time
    _post(client, world.anna, "recovery-kompas", versions["recovery-kompas"],
          {"haab": 6, "bolig": 7, "oekonomi": 2, "netvaerk": 5}, measured_on="2025-09-01")
    page = client.get(reverse("outcomes_citizen", args=[world.anna.pk])).content.decode()
    assert page.count('role="img"') == 1 + 4  # one star chart, one line chart per answered area
    may, september = (date_format(datetime.date(2025, m, 1), "SHORT_DATE_FORMAT") for m in (5, 9))
    assert f"Forrige måling {may}" in page and f"Seneste måling {september}" in page
    assert '<th scope="row">Håb og optimisme</th><td class="num">3</td><td class="num">6</td>' in page


def test_who5_form_flags_and_hostile_posts(client, world, versions):
    client.force_login(world.own_worker)
    version = versions["who5"]
    response = _post(client, world.anna, "who5", version, {"glad": 1, "rolig": 9, "aktiv": 1, "udhvilet": 1})
    html = response.content.decode()
    assert response.status_code == 200 and "Formularen er ikke gemt" in html
    assert "Vælg et svar mellem 0 og 5." in html and "Besvar dette spørgsmål." in html
    response = _post(client, world.anna, "who5", version, who5([1, 1, 1, 1, 1]), version="999999")
    assert "Skemaet hører ikke til dette måleredskab" in response.content.decode()
    response = _post(client, world.anna, "who5", version, who5([1, 1, 1, 1, 1]), measured_on="2999-01-01")
    assert "for langt ude i fremtiden" in response.content.decode()  # the one date validation (issue 16)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _post(client, world.anna, "who5", version, who5([1, 1, 1, 1, 1]), measured_on=tomorrow)
    assert "Datoen kan ikke ligge i fremtiden." in response.content.decode()
    assert not Measurement.objects.exists()
    response = _post(client, world.anna, "who5", version, who5([1, 1, 2, 1, 1]))
    page = client.get(response["Location"]).content.decode()
    assert "Mulig depression" in page and "egen læge" in page and "24" in page


def test_answers_to_a_retired_version_are_refused(client, world, versions):
    client.force_login(world.admin)
    data = versions["recovery-kompas"].definition | {"key": "eget-kompas"}
    client.post(reverse("instrument_import"), {"file": SimpleUploadedFile("k.json", json.dumps(data).encode())})
    old = Instrument.objects.get(key="eget-kompas").versions.get()
    data["name"] = "Eget kompas, ny udgave"
    client.post(reverse("instrument_import"), {"file": SimpleUploadedFile("k.json", json.dumps(data).encode())})
    client.force_login(world.own_worker)
    response = _post(client, world.anna, "eget-kompas", old, {"haab": 5})  # a form opened before the change
    assert "er udgået og kan ikke længere besvares" in response.content.decode()
    assert not Measurement.objects.exists()


def test_correction_through_the_form(client, world, versions):
    first = measure(world, versions["who5"], answers=who5([1, 1, 1, 1, 1]))
    client.force_login(world.own_worker)
    url = reverse("measurement_create", args=[world.anna.pk, "who5"]) + f"?retter={first.pk}"
    assert re.search(r'name="a_glad" value="1"[^>]*checked', client.get(url).content.decode())
    response = _post(client, world.anna, "who5", versions["who5"], who5([2, 2, 2, 2, 2]), retter=first.pk)
    fixed = Measurement.objects.get(replaces=first)
    assert response["Location"] == reverse("measurement_detail", args=[world.anna.pk, fixed.pk])
    page = client.get(reverse("outcomes_citizen", args=[world.anna.pk])).content.decode()
    assert "1 måling," in page  # the corrected one is shown in place of the original
    old = client.get(reverse("measurement_detail", args=[world.anna.pk, first.pk])).content.decode()
    assert "Denne måling er rettet" in old


def test_overview_section_and_timeline(client, world, versions):
    m = measure(world, versions["who5"], answers=who5([3, 4, 2, 3, 3]))
    client.force_login(world.own_worker)
    html = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    assert 'id="h-effekt">Effektmåling' in html and "WHO-5 Trivselsindeks udfyldt" in html
    assert reverse("measurement_detail", args=[world.anna.pk, m.pk]) in html and ">60<" in html


# --- figures -----------------------------------------------------------------------------------

def _population(world, versions, n, *, unit=None, start=2, step=1, offset=0):
    """n SKP citizens with two compass measurements each: first `start`, latest start + step × i."""
    unit = unit or world.skp
    worker = world.other_worker if unit == world.ung else world.own_worker
    citizens = []
    for i in range(offset, offset + n):
        cpr = f"{(i % 28) + 1:02d}0{(i // 28) % 9 + 1}70{1000 + i:04d}"
        c = make_citizen(world.ballerup, cpr, "Borger", f"Nummer{i}", unit=unit, worker=worker)
        measure(world, versions["recovery-kompas"], c, day=datetime.date(2025, 1, 10), answers={"haab": start},
                actor=worker)
        measure(world, versions["recovery-kompas"], c, day=datetime.date(2025, 6, 10),
                answers={"haab": start + step * (i % 3)}, actor=worker)  # changes 0, 1, 2, 0, 1, …
        citizens.append(c)
    return citizens


def _figures(client, versions, **params):
    return client.get(reverse("outcome_figures"),
                      {"instrument": versions["recovery-kompas"].instrument.pk, "group_by": "unit", **params})


def test_figures_for_managers_only(client, world, versions):
    for user, status in [("own_worker", 403), ("caseworker", 403), ("admin", 403), ("manager", 200)]:
        client.force_login(getattr(world, user))
        assert client.get(reverse("outcome_figures")).status_code == status


def test_figures_change_ci_and_exports(client, world, versions):
    _population(world, versions, 6)
    single = make_citizen(world.ballerup, "0909904321", "Kun", "Engang", unit=world.skp, worker=world.own_worker)
    measure(world, versions["recovery-kompas"], single, answers={"haab": 9})
    client.force_login(world.manager)
    events = AccessEvent.objects.count()
    html = _figures(client, versions).content.decode()
    # changes 0,1,2,0,1,2: mean 1, sd sqrt(0.8), t(0.975,5)=2.5706 → ±0.94
    assert "SKP-teamet: 7 borgere med målinger" in html
    assert '<th scope="row">Håb og optimisme</th>' in html
    assert '<td class="num">6</td><td class="num">2,00</td><td class="num">3,00</td><td class="num">1,00</td>' in html
    assert "0,06 til 1,94" in html
    assert "<strong>4 af 6</strong>" in html and "1 borgere har kun én måling" in html
    assert AccessEvent.objects.count() == events  # aggregates name no citizen
    rows = list(csv.reader(io.StringIO(_figures(client, versions, format="csv").content.decode("utf-8-sig")),
                           delimiter=";"))
    assert ["SKP-teamet", "Håb og optimisme", "6", "2", "3", "1", "0,06", "1,94", ""] in rows
    book = load_workbook(io.BytesIO(_figures(client, versions, format="xlsx").content))
    values = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert ["SKP-teamet", "Borgere med forbedring", 6, None, None, None, None, None, 0.67] in values


def test_small_groups_are_suppressed(client, world, versions):
    _population(world, versions, 5)
    _population(world, versions, 3, unit=world.ung, offset=100)  # the manager sees Ungeindsats too: 3 citizens
    client.force_login(world.manager)
    html = _figures(client, versions).content.decode()
    assert "Ballerup Ungeindsats" in html and "Færre end 5 borgere – tallene vises ikke" in html
    assert "SKP-teamet: 5 borgere" in html and "Alle: 8 borgere" in html
    rows = list(csv.reader(io.StringIO(_figures(client, versions, format="csv").content.decode("utf-8-sig")),
                           delimiter=";"))
    assert ["Ballerup Ungeindsats", "Hele gruppen", "under 5", "", "", "", "", "", ""] in rows


def test_figures_filters_and_other_municipality(client, world, versions):
    _population(world, versions, 6)
    client.force_login(world.manager)
    assert "Alle: 6 borgere" in _figures(client, versions, age_band="50-64").content.decode()  # born 1970
    assert "Færre end 5" in _figures(client, versions, age_band="18-29").content.decode()
    one_each = _figures(client, versions, date_from="2025-03-01").content.decode()  # one measurement each
    assert "færre end 5 borgere med opfølgning" in one_each and "Håb og optimisme" not in one_each
    bad = _figures(client, versions, date_from="2025-03-01", date_to="2025-01-01").content.decode()
    assert "Til-datoen ligger før fra-datoen." in bad
    client.force_login(world.herlev_worker)
    assert client.get(reverse("outcome_figures")).status_code == 403


# --- instruments ------------------------------------------------------------------------------

def test_instrument_pages_and_export(client, world, versions):
    client.force_login(world.own_worker)
    assert "WHO-5 Trivselsindeks" in client.get(reverse("instruments")).content.decode()
    inst = versions["who5"].instrument
    page = client.get(reverse("instrument", args=[inst.pk])).content.decode()
    assert "Psykiatrisk Center Nordsjælland" in page
    exported = client.get(reverse("instrument_export", args=[inst.pk, 1]))
    assert json.loads(exported.content) == versions["who5"].definition
    assert client.get(reverse("instrument_import")).status_code == 403


@pytest.mark.parametrize(("content", "message"), [
    (b"{ nope", "ikke gyldig JSON"),
    (json.dumps({"format": "tovholder-instrument/1", "key": "x1"}).encode(), "feltet &#x27;name&#x27; mangler"),
    (json.dumps({"format": "tovholder-instrument/1", "key": "x1", "name": "<b>X</b>", "scale": {"min": 0, "max": 3},
                 "areas": [{"key": "a", "label": "A"}]}).encode(), "må ikke indeholde HTML"),
])
def test_import_form_refuses_bad_files(client, world, versions, content, message):
    client.force_login(world.admin)
    response = client.post(reverse("instrument_import"), {"file": SimpleUploadedFile("x.json", content)})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Instrument.objects.filter(municipality__isnull=False).exists()


def test_other_municipality_instrument_is_not_found(client, world, versions):
    world.herlev_worker.groups.add(*world.admin.groups.all())
    client.force_login(world.herlev_worker)
    data = versions["who5"].definition | {"key": "herlev-w5"}
    client.post(reverse("instrument_import"), {"file": SimpleUploadedFile("x.json", json.dumps(data).encode())})
    inst = Instrument.objects.get(key="herlev-w5")
    client.force_login(world.admin)
    assert client.get(reverse("instrument", args=[inst.pk])).status_code == 404
    assert client.get(reverse("measurement_create", args=[world.anna.pk, "herlev-w5"])).status_code == 403
    client.force_login(world.own_worker)
    assert client.get(reverse("measurement_create", args=[world.anna.pk, "herlev-w5"])).status_code == 404


def _form_values(html: str) -> dict[str, str]:
    """What the browser would send untouched: every input's value as rendered (hidden, date, checked radio)."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value and ('type="radio"' not in tag or " checked" in tag):
            values[name.group(1)] = value.group(1)
    return values


@pytest.mark.parametrize("key", ["who5", "recovery-kompas"])
def test_the_first_save_with_only_the_answers_filled_succeeds(client, world, versions, key):
    client.force_login(world.own_worker)
    url = reverse("measurement_create", args=[world.anna.pk, key])
    values = _form_values(client.get(url).content.decode())
    today = datetime.date.today().isoformat()
    assert values["measured_on"] == today  # ISO, as the browser's date field needs it, never "06.12.2026"
    answers = {name: "1" for name in re.findall(r'name="(a_[^"]+)"', client.get(url).content.decode())}
    response = client.post(url, {**values, **answers})
    assert response.status_code == 302, response.content.decode()[:2000]
    m = Measurement.objects.get()
    assert m.measured_on.isoformat() == today
    message = client.get(response["Location"]).content.decode()
    assert f"for {world.anna.full_name} den " in message and "er gemt." in message
