"""Hospital notifications across roles, through the folder drop: a notification arrives for a citizen with § 85
support (found in the demo) → the coordinator sees the flag and the task → writes a discharge agreement and sends
it to the ward as a care message (a valid bundle in the transport's out folder) → the discharge notification closes the
stay and gives the follow-up task → the manager's readmission figure moves when a second admission follows within
30 days. axe checks every page."""

import datetime
import json
import os
import re
import subprocess
from pathlib import Path

import dj_database_url
from playwright.sync_api import expect

from tovholder.crosssector import bundles
from tovholder.crosssector.demo import PARTNERS, _codes
from tovholder.crosssector.models import Activity

from .conftest import BIN, assert_accessible, login

FIND = """
from tovholder.crosssector.models import Admission
from tovholder.support.models import Episode
e = (Episode.objects.filter(ended_on__isnull=True, offer__legal_basis__paragraph="§ 85",
                            citizen__coordinator__isnull=False, citizen__municipality__code="151")
     .exclude(citizen__in=Admission.objects.values("citizen"))
     .select_related("citizen__coordinator").order_by("citizen__coordinator__username", "pk").first())
c = e.citizen
print(c.pk, c.cpr, c.coordinator.username, c.first_name, "|", c.last_name, sep=";")
"""


def _env(worker: str) -> dict:
    var = os.environ["TOVHOLDER_E2E_VAR_DIR"]
    env = {**os.environ, "TOVHOLDER_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "tovholder.settings"}
    env.pop("DATABASE_URL", None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):  # the server's database (tests/e2e/conftest.py `_server_database`)
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + f"{dj_database_url.parse(url)['NAME']}_e2e_{worker}"
    return env


def _tovholder(worker: str, *args: str) -> str:
    return subprocess.run([str(BIN / "tovholder"), *args], env=_env(worker), check=True, capture_output=True,
                          text=True).stdout


def _drop(name: str, bundle: dict) -> None:
    inbox = Path(os.environ["TOVHOLDER_E2E_VAR_DIR"]) / "medcom" / "ind"
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / name).write_text(json.dumps(bundle), encoding="utf-8")


def _figure(page, which: str) -> int:
    return int(page.locator(f'[data-figure="{which}"]').inner_text())


def test_a_notification_flags_the_citizen_tasks_the_coordinator_and_moves_the_readmission_figure(
        server, page, worker_id):
    if os.environ.get("TOVHOLDER_E2E_SERVER"):
        import pytest
        pytest.skip("needs the test's own server (it drops bundles in its folder)")
    _tovholder(worker_id, "receive_medcom")  # what the demo left in the folder first
    pk, cpr, coordinator, first, last = _tovholder(worker_id, "shell", "-c", FIND).strip().splitlines()[-1].replace(
        "|;", "").split(";")
    last = last.strip()
    ward_sor, ward_ean = _codes("151", 2)
    own_sor, own_ean = _codes("151", 0)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    stay = bundles.Stay(cpr=cpr, family=last, given=first, ward=bundles.Org(PARTNERS[1][0], ward_sor, ward_ean),
                        receiver=bundles.Org("Socialpsykiatrien", own_sor, own_ean),
                        admitted_at=now - datetime.timedelta(days=5))

    # the manager's figure before
    login(page, server, "leder")
    page.goto(server + "/tvaersektorielt/genindlaeggelser/")
    expect(page.get_by_role("heading", name="Indlæggelser og genindlæggelser")).to_be_visible()
    assert_accessible(page)
    admissions, readmissions = _figure(page, "admissions"), _figure(page, "readmissions")
    page.goto(server + "/tvaersektorielt/indbakke/")
    expect(page.get_by_role("heading", name="MedCom-indbakke")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Samarbejdspartnere og hjemler").click()
    expect(page.locator("body")).to_contain_text(ward_sor)
    assert_accessible(page)
    page.get_by_role("button", name="Log ud").first.click()

    # the ward's admission notification arrives through the folder
    _drop("stin.json", bundles.notification(stay, Activity.ADMIT_INPATIENT, at=stay.admitted_at))
    _tovholder(worker_id, "receive_medcom")
    login(page, server, coordinator)
    panel = page.locator("section", has=page.get_by_role("heading", name="Indlagte borgere"))
    expect(panel).to_contain_text(f"{first} {last}")
    expect(page.locator("body")).to_contain_text("Kontakt afdelingen; overvej en udskrivningsaftale")
    assert_accessible(page)
    page.goto(f"{server}/borgere/{pk}/")
    expect(page.locator('[data-flag="indlagt"]')).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sygehusophold og deling med samarbejdspartnere").click()
    expect(page.locator("body")).to_contain_text("Start sygehusophold – indlagt (STIN)")
    assert_accessible(page)

    # the coordinator writes a discharge agreement for the stay and sends it to the ward as a care message
    out_folder = Path(os.environ["TOVHOLDER_E2E_VAR_DIR"]) / "medcom" / "ud"
    sent_before = set(out_folder.glob("*.json")) if out_folder.exists() else set()
    page.goto(f"{server}/borgere/{pk}/")
    page.get_by_role("link", name="Korrespondance, udskrivningsaftaler og fælles forløbsplan").click()
    page.get_by_role("link", name="Skriv udskrivningsaftale eller koordinationsplan").first.click()
    meeting = page.get_by_label("Netværksmøde").input_value()  # suggested within 5 working days of the notice
    assert datetime.date.fromisoformat(meeting).weekday() < 5  # a working day
    page.get_by_label("Handling 1: part").select_option("municipal")
    page.get_by_label("Handling 1: hvad").fill("Besøg i hjemmet dagen efter udskrivning")
    page.get_by_label("Handling 1: ansvarlig").fill("Kontaktpersonen")
    page.get_by_label("Handling 1: senest").fill(meeting)
    page.get_by_label("Opfølgning 1").fill(meeting)
    page.get_by_role("button", name="Gem aftalen").click()
    expect(page.locator("body")).to_contain_text("er gemt som version 1")
    assert_accessible(page)
    page.get_by_role("button", name="Send aftalen").click()
    expect(page.locator("body")).to_contain_text(f"Aftalen er sendt som PDF til {PARTNERS[1][0]}")
    assert_accessible(page)
    [sent] = set(out_folder.glob("*.json")) - sent_before
    from tovholder.crosssector import carecommunication
    from tovholder.crosssector.fhir import validate_structure

    bundle = json.loads(sent.read_text(encoding="utf-8"))
    validate_structure(bundle)
    assert carecommunication.parse_bundle(bundle).cpr == cpr

    # the discharge closes the stay and gives the follow-up task
    out = now - datetime.timedelta(days=2)
    _drop("slhj.json", bundles.notification(stay, Activity.DISCHARGE_INPATIENT, at=out, discharged_at=out))
    _tovholder(worker_id, "receive_medcom")
    page.goto(f"{server}/borgere/{pk}/")
    expect(page.locator('[data-flag="indlagt"]')).to_have_count(0)
    expect(page.locator("#afsnit-sygehus")).to_contain_text("udskrevet")
    page.goto(server + "/")
    expect(page.locator("body")).to_contain_text("Genoptag støtten efter udskrivningen og følg op")
    assert_accessible(page)
    page.get_by_role("button", name="Log ud").first.click()

    # a second admission within 30 days: the manager's readmission figure moves
    again = bundles.Stay(cpr=cpr, family=last, given=first, ward=stay.ward, receiver=stay.receiver,
                         admitted_at=now - datetime.timedelta(days=1))
    _drop("stin-igen.json", bundles.notification(again, Activity.ADMIT_INPATIENT, at=again.admitted_at))
    _tovholder(worker_id, "receive_medcom")
    login(page, server, "leder")
    page.goto(server + "/tvaersektorielt/genindlaeggelser/")
    assert _figure(page, "admissions") == admissions + 2
    assert _figure(page, "readmissions") == readmissions + 1
    page.get_by_label("Periode").select_option("6")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile("maaneder=6"))
    assert_accessible(page)
