"""The import pages: only the import role reaches them, only the municipality's own runs, hostile uploads get a
Danish message and a 200, the report downloads as CSV, and the status fragment reloads a finished run."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tovholder.conversion import services
from tovholder.conversion.models import ImportRun

from .conftest import citizen, document, full_citizen

PAGES = ("conversion", "conversion_example")


def _run(actor, data=None, dry_run=True):
    return services.start_import(actor=actor, file_name="nexus.json", data=data or document(citizen()),
                                 dry_run=dry_run)


def test_only_the_import_role_reaches_the_pages(client, world, importer):
    run = _run(importer)
    for user in (world.own_worker, world.caseworker, world.manager, world.herlev_worker):
        client.force_login(user)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 403, (user, name)
        assert client.get(reverse("conversion_run", args=[run.pk])).status_code == 403
        assert client.post(reverse("conversion"), {"mode": "import", "file": SimpleUploadedFile(
            "x.json", document(citizen()))}).status_code == 403
    client.force_login(world.admin)  # the administrator with the import role
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200
    # the administrator without the role sees nothing
    world.admin.groups.remove(world.admin.groups.get(name="Indlæsningsansvarlig"))
    client.force_login(world.admin)
    assert client.get(reverse("conversion")).status_code == 403
    assert ImportRun.objects.count() == 1


def test_another_municipalitys_run_is_not_found(client, world, importer):
    from django.contrib.auth.models import Group

    run = _run(importer)
    world.herlev_worker.groups.add(Group.objects.get(name="Indlæsningsansvarlig"))
    client.force_login(world.herlev_worker)
    for name, args in (("conversion_run", [run.pk]), ("conversion_run_status", [run.pk]),
                       ("conversion_run_report", [run.pk, "csv"])):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert run.file_name not in client.get(reverse("conversion")).content.decode()


def test_upload_dry_run_then_import_and_read_the_log(client, world, sw, importer):
    client.force_login(importer)
    data = document(full_citizen(), citizen("NX-9", "3213821234"))
    answer = client.post(reverse("conversion"), {"mode": "dry", "file": SimpleUploadedFile("nexus.json", data)})
    dry = ImportRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("conversion_run", args=[dry.pk])
    page = client.get(answer["Location"]).content.decode()
    assert "Ville blive oprettet" in page and "Det var en prøvekørsel" in page and "fødselsdato" in page
    only = client.get(answer["Location"] + "?vis=afviste").content.decode()
    assert only.count('data-item="report-row"') == 1
    client.post(reverse("conversion"), {"mode": "import", "file": SimpleUploadedFile("nexus.json", data)})
    real = ImportRun.objects.exclude(pk=dry.pk).get()
    assert (real.dry_run, real.created, real.refused) == (False, 8, 1)
    log = client.get(reverse("conversion")).content.decode()
    assert log.count('data-item="import-run"') == 2 and "Prøvekørsel" in log and "Indlæsning" in log
    report = client.get(reverse("conversion_run_report", args=[real.pk, "csv"]))
    text = report.content.decode("utf-8-sig")
    assert report["Content-Type"].startswith("text/csv") and "Række;Slags" in text and "Afvist" in text
    assert client.get(reverse("conversion_run_report", args=[real.pk, "xlsx"])).status_code == 200
    assert client.get(reverse("conversion_run_report", args=[real.pk, "pdf"])).status_code == 404


def test_the_status_fragment_reloads_a_finished_run(client, world, importer):
    client.force_login(importer)
    run = _run(importer)
    answer = client.get(reverse("conversion_run_status", args=[run.pk]), headers={"HX-Request": "true"})
    assert answer.status_code == 200 and answer.headers.get("HX-Refresh") == "true"
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, done=1)
    answer = client.get(reverse("conversion_run_status", args=[run.pk]), headers={"HX-Request": "true"})
    assert 'id="run-progress"' in answer.content.decode()
    page = client.get(reverse("conversion_run", args=[run.pk])).content.decode()
    assert "hx-trigger=\"every 1s\"" in page and "<script>" not in page


@pytest.mark.parametrize("data, message", [
    (b"", "Formularen"),  # Django's own: the submitted file is empty
    (b"\xff\xfe\x00", "UTF-8"),
    (b"[" * 1000 + b"]" * 1000, "indlejret"),
    (b'{"citizens": "mange"}', "liste"),
    (b"navn;by\nBo;Ballerup\n", "kolonnen"),
    (b'{"citizens": [1e999]}', "tal"),
])
def test_a_hostile_upload_gets_a_danish_message_and_stores_nothing(client, world, importer, data, message):
    client.force_login(importer)
    name = "x.csv" if data.startswith(b"navn") else "x.json"
    answer = client.post(reverse("conversion"), {"mode": "import", "file": SimpleUploadedFile(name, data)})
    assert answer.status_code == 200 and message in answer.content.decode()
    assert ImportRun.objects.count() == 0


def test_the_form_refuses_a_missing_file_and_an_unknown_mode(client, world, importer):
    client.force_login(importer)
    answer = client.post(reverse("conversion"), {"mode": "slet-alt"})
    assert answer.status_code == 200 and ImportRun.objects.count() == 0
    assert client.get(reverse("conversion_run", args=[10 ** 12])).status_code in (404,)


def test_the_example_file_imports_cleanly_but_for_its_one_bad_citizen(client, world, importer):
    from tovholder.conversion.example import example_bytes

    client.force_login(importer)
    answer = client.get(reverse("conversion_example"))
    assert answer.content == example_bytes(datetime.date.today(), "151")
