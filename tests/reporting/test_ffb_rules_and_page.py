"""The guide's rules as a validator, no re-sending, missed days, the other municipality, and the page."""

import copy
import datetime

import pytest
from django.urls import reverse

from tests.reporting.ffb_case import WorkedCase, day
from tovholder.reporting import ffb_rules
from tovholder.reporting.ffb_transport import FolderTransport
from tovholder.reporting.models import FfbBundle, FfbDelivery
from tovholder.reporting.services import run_delivery


@pytest.fixture
def delivered(world, sw, tmp_path):
    case = WorkedCase(world, sw)
    case.day1_assessment()
    folder = FolderTransport(tmp_path)
    run_delivery(municipality=world.ballerup, until=day(1), transport=folder)
    return folder


def casey(world):
    return FfbBundle.objects.filter(citizen=world.casey, status="sent").first().content


def test_unchanged_data_is_not_sent_again_and_missed_days_give_one_report_each(world, delivered):
    deliveries = run_delivery(municipality=world.ballerup, until=day(4), transport=delivered)
    assert [d.day for d in deliveries] == [day(2), day(3), day(4)]  # one report per missed day
    assert all(d.bundles == 0 for d in deliveries)
    assert FfbBundle.objects.filter(citizen=world.casey).count() == 1
    assert FfbDelivery.objects.count() == 4


def test_the_other_municipality_never_appears(world, delivered):
    run_delivery(municipality=world.herlev, until=day(1), transport=delivered)
    assert not FfbBundle.objects.filter(citizen=world.herlev_citizen).exists()
    assert not FfbBundle.objects.filter(municipality=world.ballerup, citizen__municipality=world.herlev).exists()


def test_the_bundle_passes_and_the_validator_refuses_what_the_guide_forbids(world, delivered):
    bundle = casey(world)
    assert ffb_rules.check(bundle) == []
    free = copy.deepcopy(bundle)
    free["entry"][1]["resource"]["note"] = [{"text": "Borgeren har det svært"}]
    assert any("fri tekst" in r for r in ffb_rules.check(free))
    named = copy.deepcopy(bundle)
    named["entry"][0]["resource"]["name"] = [{"family": "Nielsen"}]
    assert any("CPR-nummer" in r or "fri tekst" in r for r in ffb_rules.check(named))
    two = copy.deepcopy(bundle)
    two["entry"].append(copy.deepcopy(two["entry"][0]))
    assert any("præcis én borger" in r for r in ffb_rules.check(two))
    levelled = copy.deepcopy(bundle)
    target = next(e["resource"] for e in levelled["entry"] if e["resource"]["resourceType"] == "Condition"
                  and "severity" not in e["resource"])
    target["severity"] = {"coding": [{"system": "x", "code": "y"}]}
    assert any("funktionsevneniveau" in r for r in ffb_rules.check(levelled))


def test_a_refused_bundle_is_not_written_and_its_reason_is_kept(world, sw, tmp_path, monkeypatch):
    WorkedCase(world, sw).day1_assessment()
    monkeypatch.setattr(ffb_rules, "check", lambda bundle: ["Bundtet indeholder fri tekst."])
    from tovholder.reporting import services
    monkeypatch.setattr(services.ffb_rules, "check", lambda bundle: ["Bundtet indeholder fri tekst."])
    run_delivery(municipality=world.ballerup, until=day(1), transport=FolderTransport(tmp_path))
    row = FfbBundle.objects.get(citizen=world.casey)
    assert row.status == "refused" and row.reasons == ["Bundtet indeholder fri tekst."] and row.content is None
    assert not (tmp_path / "ud").exists()


def test_the_page_needs_to_know(client, world, delivered):
    url = reverse("ffb_deliveries")
    for user, code in ((world.manager, 200), (world.admin, 200), (world.caseworker, 403), (world.own_worker, 403),
                       (world.herlev_worker, 403)):
        client.force_login(user)
        assert client.get(url).status_code == code, user
    client.force_login(world.manager)
    page = client.get(url).content.decode()
    assert "Indberet nu" in page and "Borger (Patient): " in page
    download = client.get(reverse("ffb_download", args=[day(1).isoformat()]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert client.get("/indberetning/ffb/ikke-en-dag.zip").status_code == 404


def test_indberet_nu_queues_the_delivery(client, world, delivered, settings, tmp_path):
    settings.FFB_FOLDER = tmp_path
    client.force_login(world.manager)
    response = client.post(reverse("ffb_deliveries"))
    assert response.status_code == 302
    assert FfbDelivery.objects.filter(day=datetime.date.today()).exists()


def test_the_command_reports_one_day_per_missed_day_and_refuses_a_bad_day(world, sw, settings, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    settings.FFB_FOLDER = tmp_path
    WorkedCase(world, sw).day1_assessment()
    out = StringIO()
    call_command("report_ffb", "--day", day(1).isoformat(), "--municipality", "151", stdout=out)
    call_command("report_ffb", "--day", day(3).isoformat(), "--municipality", "151", stdout=out)
    assert [line.split()[1].rstrip(":") for line in out.getvalue().splitlines()] == [
        day(1).isoformat(), day(2).isoformat(), day(3).isoformat()]
    assert list((tmp_path / "ud" / day(1).isoformat()).glob("151-*.json"))
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("report_ffb", "--day", "i morgen")
    with pytest.raises(CommandError, match="fremtiden"):
        call_command("report_ffb", "--day", (datetime.date.today() + datetime.timedelta(days=3)).isoformat())
