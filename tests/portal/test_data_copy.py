"""A copy of my data (GDPR art. 15) and Min log as PDF: what the copy holds (and never: another citizen's data),
the rate limit, the time it is kept, the download only by the citizen, logged in Min log."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.citizens.models import Relative
from tovholder.journal import services as journal
from tovholder.portal import services
from tovholder.portal.models import DataCopy, GoalEntry
from tovholder.visitation.models import Letter

from ..support.conftest import start
from .conftest import log_in_as

ANNA_NOTE = "Hjemmebesøg hos Anna: vi talte om søvn og motion."
BO_SECRET = "Bo fortalte om sin praktikplads i Herlev."


@pytest.fixture(autouse=True)
def _folder(settings, tmp_path):
    settings.DATA_COPY_FOLDER = tmp_path / "mine-data"


@pytest.fixture
def data(world, sw, portal):
    """Anna and Bo, each with a plan, own words, a note, a relative; Anna a letter and a staff read in her log."""
    start(world, sw)
    journal.write_note(actor=world.own_worker, citizen=world.anna, text=ANNA_NOTE, kind="home_visit",
                       occurred_at=timezone.now() - datetime.timedelta(hours=3), minutes=45)
    services.add_goal_entry(actor=portal.anna.user, goal_id=portal.anna_goal.pk, kind="step", text="Gå en tur hver dag")
    services.add_goal_entry(actor=portal.bo.user, goal_id=portal.bo_goal.pk, kind="comment", text="Bo-kommentar")
    Relative.objects.create(municipality=world.ballerup, citizen=world.bo, name="Bodil Bosen", relation="søster")
    AccessEvent.objects.create(municipality=world.ballerup, actor=world.own_worker, citizen=world.anna,
                               what="Borgeroverblik", reason="", break_glass=False)
    AccessEvent.objects.create(municipality=world.ballerup, actor=world.other_worker, citizen=world.bo,
                               what=BO_SECRET, reason="", break_glass=False)
    Letter.objects.create(municipality=world.ballerup, case=sw.case, decision=sw.grant, citizen=world.anna,
                          kind=Letter.Kind.GRANT, subject="Afgørelse om SKP", sent_on=datetime.date(2025, 3, 1),
                          html="<html><body><h1>Afgørelse om SKP</h1><p>Kære Anna</p></body></html>",
                          by=world.caseworker)
    return portal


def _zip(copy: DataCopy) -> zipfile.ZipFile:
    from tovholder.portal.datacopy import path_of

    return zipfile.ZipFile(path_of(copy.file_name))


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_copy_holds_the_citizens_own_data_in_json_and_pdf_and_no_one_elses(data, world):
    copy = services.request_data_copy(actor=data.anna.user)
    copy.refresh_from_db()
    assert copy.status == DataCopy.Status.DONE and copy.progress == 100 and copy.size_bytes > 0
    assert copy.expires_at - copy.finished_at == datetime.timedelta(days=7)
    archive = _zip(copy)
    assert set(archive.namelist()) >= {"mine-data.json", "mine-data.pdf", "LÆS MIG.txt", "breve/2025-03-01-brev-"
                                       f"{Letter.objects.get().pk}.pdf"}
    raw = archive.read("mine-data.json").decode("utf-8")
    got = json.loads(raw)
    assert got["stamdata"][0]["cpr"] == world.anna.cpr and got["stamdata"][0]["fornavn"] == "Anna"
    assert [g["tekst"] for g in got["maal"]] == ["Jeg vil sove bedre om natten", "Jeg ville flytte (afsluttet)"]
    assert got["mine_ord"] == [{"maal": data.anna_goal.pk, "type": "Mit eget skridt", "tekst": "Gå en tur hver dag",
                                "skrevet": got["mine_ord"][0]["skrevet"]}]
    assert [n["tekst"] for n in got["journalnotater"]] == [ANNA_NOTE]
    assert got["journalnotater"][0]["skrevet_af"] == world.own_worker.first_name.split(" ")[0]
    assert [i["tilbud"] for i in got["indsatser"]] == [data_offer_name(world)]
    assert got["paaroerende"][0]["navn"] == "Birthe Jensen"
    assert got["samtykker"][0]["omfang"] == "Generel orientering om støtten"
    assert got["breve"][0]["overskrift"] == "Afgørelse om SKP" and "html" not in got["breve"][0]
    assert any(r["hvad"] == "Borgeroverblik" and r["hvem"] == "Medarbejder" for r in got["adgangslog"])
    assert any(r["hvad"].startswith("Kopi af mine data: bestilt") for r in got["adgangslog"])
    # never another citizen's data, and never a member of staff's full name
    for other in (world.bo.cpr, world.bo.first_name + " " + world.bo.last_name, "Bo vil i praktik", "Bo-kommentar",
                  "Bodil Bosen", BO_SECRET, world.own_worker.last_name, world.casey.cpr):
        assert other not in raw, other
    text = _pdf_text(archive.read("mine-data.pdf"))
    assert "Anna Jensen" in text and "Jeg vil sove bedre om natten" in text and "Hjemmebesøg hos Anna" in text
    assert "Bo vil i praktik" not in text and "Bodil" not in text
    assert "Kære Anna" in _pdf_text(archive.read(f"breve/2025-03-01-brev-{Letter.objects.get().pk}.pdf"))
    assert AuditEvent.objects.filter(action="data_copy.made", citizen=world.anna, object_id=str(copy.pk)).exists()


def data_offer_name(world):
    from tovholder.visitation.models import Decision

    return Decision.objects.get(citizen=world.anna).offer.name


def test_bos_copy_holds_bos_data_only(data, world):
    copy = services.request_data_copy(actor=data.bo.user)
    copy.refresh_from_db()
    raw = _zip(copy).read("mine-data.json").decode("utf-8")
    got = json.loads(raw)
    assert [g["tekst"] for g in got["maal"]] == ["Bo vil i praktik"]
    assert got["paaroerende"][0]["navn"] == "Bodil Bosen" and got["journalnotater"] == []
    assert got["breve"] == [] and got["indsatser"] == []
    for annas in (world.anna.cpr, "Jeg vil sove bedre om natten", ANNA_NOTE, "Birthe Jensen", "Afgørelse om SKP",
                  "Gå en tur hver dag"):
        assert annas not in raw


def test_ordering_in_the_browser_runs_the_task_and_shows_the_copy_ready(client, data, world):
    log_in_as(client, data.anna)
    page = client.get(reverse("portal:data_copy"))
    assert page.status_code == 200 and "Du har ikke bestilt en kopi endnu" in page.content.decode()
    response = client.post(reverse("portal:data_copy_order"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:data_copy")
    body = client.get(reverse("portal:data_copy")).content.decode()
    assert "Status: Klar" in body and "Hent kopien (ZIP)" in body and "hx-trigger" not in body
    copy = DataCopy.objects.get()
    download = client.get(reverse("portal:data_copy_download", args=[copy.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "Jeg vil sove bedre om natten" in archive.read("mine-data.json").decode()
    assert AccessEvent.objects.filter(actor=data.anna.user, citizen=world.anna,
                                      what__startswith="Kopi af mine data: hentet").count() == 1
    assert AuditEvent.objects.filter(action="data_copy.downloaded", object_id=str(copy.pk)).exists()
    log = client.get(reverse("portal:log") + "?egne=on").content.decode()
    assert "Kopi af mine data: hentet" in log and "Kopi af mine data: bestilt" in log


def test_a_pending_copy_is_polled_and_shows_its_progress(client, data, world):
    copy = DataCopy.objects.create(municipality=world.ballerup, citizen=world.anna, requested_by=data.anna.user,
                                   status=DataCopy.Status.RUNNING, progress=40)
    log_in_as(client, data.anna)
    body = client.get(reverse("portal:data_copy")).content.decode()
    assert 'hx-trigger="every 2s"' in body and "I gang – 40 %" in body and "vendor/htmx.min.js" in body
    before = AccessEvent.objects.count()
    status = client.get(reverse("portal:data_copy_status")).content.decode()
    assert "I gang – 40 %" in status and AccessEvent.objects.count() == before  # the poll floods no log
    DataCopy.objects.filter(pk=copy.pk).update(status=DataCopy.Status.QUEUED, progress=0)
    assert "Venter" in client.get(reverse("portal:data_copy_status")).content.decode()
    # one already on its way: no second one is started
    with pytest.raises(ValidationError, match="allerede på vej"):
        services.request_data_copy(actor=data.anna.user)


def test_at_most_three_copies_in_24_hours(client, data, world):
    for _ in range(3):
        services.request_data_copy(actor=data.anna.user)
    log_in_as(client, data.anna)
    response = client.post(reverse("portal:data_copy_order"))
    assert response.status_code == 400
    assert "Du har allerede bestilt 3 kopier af dine data inden for det seneste døgn" in response.content.decode()
    assert DataCopy.objects.filter(citizen=world.anna).count() == 3
    services.request_data_copy(actor=data.bo.user)  # Bo's own limit is his own
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        services.request_data_copy(actor=data.anna.user)
    assert DataCopy.objects.filter(citizen=world.anna).count() == 4


def test_the_copy_is_kept_seven_days_then_deleted_on_access_or_by_the_nightly_job(client, data, world):
    from tovholder.portal.datacopy import path_of

    anna = services.request_data_copy(actor=data.anna.user)
    bo = services.request_data_copy(actor=data.bo.user)
    anna.refresh_from_db()
    bo.refresh_from_db()
    anna_file, bo_file = path_of(anna.file_name), path_of(bo.file_name)
    assert anna_file.is_file() and bo_file.is_file()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        log_in_as(client, data.anna)
        assert client.get(reverse("portal:data_copy_download", args=[anna.pk])).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        log_in_as(client, data.anna)
        assert client.get(reverse("portal:data_copy_download", args=[anna.pk])).status_code == 404
        assert not anna_file.exists() and bo_file.exists()
        assert services.delete_expired_data_copies() == 1
    assert not bo_file.exists()
    assert set(DataCopy.objects.values_list("status", "file_name")) == {("expired", "")}
    assert AuditEvent.objects.filter(action="data_copy.deleted").count() == 2
    log_in_as(client, data.anna)
    assert "Slettet, fordi tiden" in client.get(reverse("portal:data_copy")).content.decode()


def test_the_nightly_command_deletes_expired_copies(data, world):
    from django.core.management import call_command

    copy = services.request_data_copy(actor=data.anna.user)
    out = io.StringIO()
    call_command("delete_data_copies", stdout=out)
    assert "Slettet: 0 kopier" in out.getvalue()
    DataCopy.objects.filter(pk=copy.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("delete_data_copies", "--enqueue", stdout=out)  # the immediate backend runs it at once
    assert DataCopy.objects.get().status == DataCopy.Status.EXPIRED


def test_another_citizens_copy_is_404_and_logs_nothing(client, data, world):
    copy = services.request_data_copy(actor=data.anna.user)
    log_in_as(client, data.bo)
    before = AccessEvent.objects.filter(citizen=world.anna).count()
    assert client.get(reverse("portal:data_copy_download", args=[copy.pk])).status_code == 404
    assert "Status: Klar" not in client.get(reverse("portal:data_copy")).content.decode()
    assert AccessEvent.objects.filter(citizen=world.anna).count() == before
    assert not AuditEvent.objects.filter(action="data_copy.downloaded").exists()
    client.force_login(world.own_worker)  # staff never fetch the citizen's copy either
    assert client.get(reverse("portal:data_copy_download", args=[copy.pk])).status_code == 403


@pytest.mark.parametrize("copy_id", ["0", "99999999999999999999", "abc", "-1"])
def test_odd_copy_ids(client, data, copy_id):
    log_in_as(client, data.anna)
    assert client.get(f"/min/mine-data/{copy_id}/hent/").status_code == 404


def test_staff_cannot_order_a_copy(client, data, world):
    client.force_login(world.own_worker)
    assert client.post(reverse("portal:data_copy_order")).status_code == 403
    with pytest.raises(Exception, match="borgeren selv"):
        services.request_data_copy(actor=world.own_worker)
    assert not DataCopy.objects.exists()


def test_a_failed_copy_says_so_in_danish(client, data, world, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.DATA_COPY_FOLDER = blocker  # the ZIP cannot be written
    copy = services.request_data_copy(actor=data.anna.user)
    copy.refresh_from_db()
    assert copy.status == DataCopy.Status.FAILED and copy.file_name == ""
    assert AuditEvent.objects.filter(action="data_copy.failed", object_id=str(copy.pk)).exists()
    log_in_as(client, data.anna)
    assert "Kopien kunne ikke laves" in client.get(reverse("portal:data_copy")).content.decode()
    assert client.get(reverse("portal:data_copy_download", args=[copy.pk])).status_code == 404


def test_hostile_text_is_plain_text_in_the_copy(data, world):
    for text in ("<script>alert(1)</script>", "x" * 2000, "😀 ' OR 1=1;--"):
        GoalEntry.objects.create(municipality=world.ballerup, goal=data.anna_goal, citizen=world.anna, kind="comment",
                                 text=text, written_by=data.anna.user)
    copy = services.request_data_copy(actor=data.anna.user)
    copy.refresh_from_db()
    archive = _zip(copy)
    assert any(e["tekst"].startswith("<script>") for e in json.loads(archive.read("mine-data.json"))["mine_ord"])
    assert "<script>alert(1)</script>" in _pdf_text(archive.read("mine-data.pdf"))  # shown as text, escaped


# ---- Min log as PDF ----

def test_min_log_as_pdf_for_the_chosen_period(client, data, world):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        AccessEvent.objects.create(municipality=world.ballerup, actor=world.own_worker, citizen=world.anna,
                                   what="Gammelt opslag", reason="", break_glass=False)
    log_in_as(client, data.anna)
    response = client.get(reverse("portal:log_export_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Min log" in text and "Borgeroverblik" in text and "Gammelt opslag" in text and "Anna Jensen" in text
    assert world.own_worker.last_name not in text and BO_SECRET not in text
    since = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    text = _pdf_text(client.get(reverse("portal:log_export_pdf") + f"?fra={since}").content)
    assert "Borgeroverblik" in text and "Gammelt opslag" not in text
    assert AccessEvent.objects.filter(actor=data.anna.user, what__startswith="Min log, eksport").count() == 2
    bad = client.get(reverse("portal:log_export_pdf") + "?fra=2026-05-01&til=2026-04-01")
    assert bad.status_code == 302 and bad["Location"] == reverse("portal:log")


def test_a_citizens_deletion_removes_the_copys_file_too(data, world):
    from tovholder.portal.datacopy import path_of
    from tovholder.retention import registry

    copy = services.request_data_copy(actor=data.bo.user)
    copy.refresh_from_db()
    assert path_of(copy.file_name).is_file()
    registry.run_before_erase({DataCopy: {copy.pk}})
    assert not path_of(copy.file_name).exists()


def test_the_copy_holds_what_the_citizen_did_in_min_tovholder_and_every_other_holding(data, world):
    """Check-ins, the crisis plan's versions and — through the generic section — every other table that points at
    the citizen (here: the support episode that `start` opened), never Bo's."""
    services.check_in(actor=data.anna.user, mood=6, sleep=3, note="Sov uroligt")
    services.save_crisis_plan(actor=data.anna.user, warning_signs="Jeg sover ikke", my_actions="Går en tur",
                              others_actions="", contacts=[("Søster", "20 30 40 50")], based_on=0)
    services.check_in(actor=data.bo.user, mood=2, sleep=2, note="Bos egen note")
    copy = services.request_data_copy(actor=data.anna.user)
    copy.refresh_from_db()
    archive = _zip(copy)
    raw = archive.read("mine-data.json").decode("utf-8")
    got = json.loads(raw)
    assert [(c["humoer"], c["soevn"], c["note"]) for c in got["tjek_ind"]] == [(6, 3, "Sov uroligt")]
    assert got["kriseplan"][0]["advarselstegn"] == ["Jeg sover ikke"]
    assert got["kriseplan"][0]["ring_til"] == ["Søster: 20 30 40 50"]
    kinds = {row["hvad"] for row in got["oevrige"]}
    assert any("forløb" in kind.lower() for kind in kinds), kinds  # the support episode
    assert "Bos egen note" not in raw
    text = _pdf_text(archive.read("mine-data.pdf"))
    assert "Mine tjek-ind" in text and "Jeg sover ikke" in text and "Øvrige oplysninger om mig" in text
