"""Care messages and discharge agreements in a browser (issue 14, items 2–3): the coordinator of an admitted
citizen writes a discharge agreement, sends it as a care message (the outgoing bundle lands in the
transport's out folder and is valid FHIR), and the ward's reply, dropped in the in folder and read by
`tovholder receive_medcom`, lands in the team's inbox. axe checks every page."""

import json
import os
import subprocess
from pathlib import Path

import dj_database_url
from playwright.sync_api import expect

from tovholder.crosssector import carecommunication as cc

from .conftest import BIN, assert_accessible, login

SETUP = """
import datetime, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from tovholder.citizens.models import Citizen
from tovholder.crosssector.models import Admission, Partner
c = (Citizen.objects.filter(coordinator__username__startswith="skp", coordinator__is_active=True)
     .exclude(admissions__isnull=False).order_by("pk").first())
m = c.municipality
ward = Partner.objects.filter(municipality=m, kind__in=["ward", "hospital"], active=True).exclude(sor_code="").first()
a = Admission.objects.create(municipality=m, citizen=c, episode_identifier="e2e-care-1", ward=ward, state="admitted",
                             admitted_at=timezone.now() - datetime.timedelta(days=1))
print(json.dumps({"citizen": c.pk, "name": c.full_name, "user": c.coordinator.username, "ward": ward.name}))
"""


def _env(worker_id: str) -> dict:
    var = os.environ["TOVHOLDER_E2E_VAR_DIR"]
    env = {**os.environ, "TOVHOLDER_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "tovholder.settings"}
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        name = dj_database_url.parse(url)["NAME"]
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}_e2e_{worker_id}"
    return env


def _run(env, *args) -> str:
    return subprocess.run([str(BIN / "tovholder"), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


def test_coordinator_sends_a_discharge_agreement_and_the_reply_lands_in_the_team_inbox(server, page, worker_id):
    env = _env(worker_id)
    setup = json.loads(_run(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    folder = Path(env["TOVHOLDER_VAR_DIR"]) / "medcom"
    before = set((folder / "ud").glob("*.json")) if (folder / "ud").exists() else set()

    login(page, server, setup["user"])
    page.goto(f"{server}/borgere/{setup['citizen']}/")
    page.get_by_role("link", name="Korrespondance, udskrivningsaftaler og fælles forløbsplan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Korrespondance og aftaler")
    assert_accessible(page)
    page.get_by_role("link", name="Skriv udskrivningsaftale eller koordinationsplan").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny udskrivningsaftale eller koordinationsplan")
    assert_accessible(page)
    page.get_by_role("button", name="Gem aftalen").click()  # no action yet: a Danish message, nothing saved
    expect(page.get_by_role("alert")).to_contain_text("Formularen er ikke gemt")
    assert_accessible(page)
    page.get_by_label("Handling 1: part").select_option("municipal")
    page.get_by_label("Handling 1: hvad").fill("Besøg i hjemmet dagen efter udskrivning")
    page.get_by_label("Handling 1: ansvarlig").fill("Kontaktpersonen")
    page.get_by_label("Handling 1: senest").fill(page.get_by_label("Netværksmøde").input_value())
    review = page.get_by_label("Opfølgning 1")
    review.fill(page.get_by_label("Netværksmøde").input_value())
    page.get_by_role("button", name="Gem aftalen").click()
    expect(page.locator("body")).to_contain_text("er gemt som version 1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Udskrivningsaftale")
    assert_accessible(page)

    page.get_by_role("button", name="Send aftalen").click()
    expect(page.locator("body")).to_contain_text(f"Aftalen er sendt som PDF til {setup['ward']}")
    assert_accessible(page)

    [path] = set((folder / "ud").glob("*.json")) - before
    bundle = json.loads(path.read_text(encoding="utf-8"))
    from tovholder.crosssector.fhir import validate_structure

    validate_structure(bundle)
    sent = cc.parse_bundle(bundle)
    assert sent.category == "discharge" and any(s.attachment for s in sent.segments)

    # the ward answers through the transport; the inbox command files it
    answer = cc.Segment(cc.Signature("Lone Læge", "Overlæge", "38 64 00 00", sent.sent_at),
                        text="Tak for aftalen. Vi ses til netværksmødet.")
    reply = cc.build_bundle(message_id="e2e-reply-1", thread_id=sent.thread_id, kind="reply",
                            replies_to=sent.message_id, category="discharge", topic=sent.topic, cpr=sent.cpr,
                            given=sent.patient_name.rsplit(" ", 1)[0], family=sent.patient_name.rsplit(" ", 1)[-1],
                            sender=sent.receiver, receiver=sent.sender, sent_at=sent.sent_at, segments=[answer])
    (folder / "ind").mkdir(parents=True, exist_ok=True)
    (folder / "ind" / "svar-e2e.json").write_text(json.dumps(reply), encoding="utf-8")
    _run(env, "receive_medcom")

    page.get_by_role("link", name="Korrespondance", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Korrespondance – teamets indbakke")
    assert_accessible(page)
    row = page.locator("tr[data-item=thread]", has_text=setup["name"]).filter(has_text="Ny").first
    expect(row).to_be_visible()
    row.get_by_role("link").click()
    expect(page.locator("body")).to_contain_text("Tak for aftalen. Vi ses til netværksmødet.")
    expect(page.locator("body")).to_contain_text("Underskrevet: Lone Læge, Overlæge, tlf. 38 64 00 00")
    assert_accessible(page)
    page.get_by_role("button", name="Markér som læst").click()
    expect(page.get_by_role("button", name="Markér som læst")).to_have_count(0)


