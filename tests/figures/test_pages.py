"""The manager's pages: the dashboard reads snapshots; a figure's list is live and within need to know
(logged); downloads suppress groups under five; hostile input gets a Danish message, never a 500."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tovholder.audit.models import AccessEvent
from tovholder.figures import services
from tovholder.figures.models import FilledDay, SnapshotRun


@pytest.fixture
def filled(world, fw):
    services.fill(world.ballerup.pk, services.days_between(fw.day - datetime.timedelta(days=5), fw.day))
    return fw


def q(fw, **extra):
    return {"fra": (fw.day - datetime.timedelta(days=5)).isoformat(), "til": fw.day.isoformat(), **extra}


def test_only_the_manager_sees_the_figures(client, world, filled):
    for user, status in ((world.manager, 200), (world.own_worker, 403), (world.caseworker, 403),
                         (world.herlev_worker, 403)):
        client.force_login(user)
        assert client.get(reverse("figures_dashboard")).status_code == status
        assert client.get(reverse("figures_figure", args=["waitlist"])).status_code == status


def test_dashboard_shows_the_period_against_last_year(client, world, filled):
    client.force_login(world.manager)
    response = client.get(reverse("figures_dashboard"), q(filled))
    assert response.status_code == 200
    d = response.context["d"]
    assert d.figures["waitlist"].total == 3 and d.figures["waitlist"].as_of == filled.day
    assert d.figures["inflow"].total == 3
    assert d.figures["caseload"].total == 3
    assert d.figures["waitlist"].total_before is None  # nothing filled a year ago
    assert d.filled == 6
    assert response.context["wait"] == (3, None)  # x2 waited three days; nobody a year ago
    assert "3 dage" in response.content.decode()
    # a unit: caseload of the SKP team only; inflow without a wanted offer drops out
    response = client.get(reverse("figures_dashboard"), q(filled, enhed=world.skp.pk))
    d = response.context["d"]
    assert d.figures["caseload"].total == 2 and d.figures["inflow"].total == 2


def test_the_list_behind_a_figure_is_within_need_to_know_and_logged(client, world, filled):
    client.force_login(world.manager)
    response = client.get(reverse("figures_figure", args=["waitlist"]), q(filled))
    page = response.context["p"]
    names = {row.citizen.first_name for row in page.rows}
    assert names == {"Anna", "Bo"}  # x1 waits too, but the manager has no need to know her
    assert page.hidden == 1
    assert "Xena" not in response.content.decode()
    assert set(AccessEvent.objects.filter(actor=world.manager, what="Styringstal: venteliste")
               .values_list("citizen__first_name", flat=True)) == {"Anna", "Bo"}
    # narrowed to one offer
    response = client.get(reverse("figures_figure", args=["waitlist"]), q(filled, tilbud=filled.komp.pk))
    assert {row.citizen.first_name for row in response.context["p"].rows} == {"Bo"}


def test_export_suppresses_groups_under_five(client, world, filled):
    client.force_login(world.manager)
    response = client.get(reverse("figures_figure", args=["waitlist"]), q(filled, format="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Tilbud"
    assert ("SKP", "under 5", None) in rows and ("I alt", "under 5", None) in rows
    # hours are no count of citizens: shown as they are
    response = client.get(reverse("figures_figure", args=["granted_hours"]), q(filled, format="xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("SKP", 3, None) in rows
    # CSV the same
    response = client.get(reverse("figures_figure", args=["caseload"]), q(filled, format="csv"))
    assert "under 5" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("params", [
    {"fra": "i går", "til": "2026-13-45"}, {"fra": "2026-05-01", "til": "2026-04-01"},
    {"fra": "1000-01-01", "til": "2026-01-01"}, {"fra": "2020-01-01", "til": "2026-01-01"},
    {"fra": "2026-01-01", "til": "2026-02-01", "enhed": "99999999999999999999999"},
    {"fra": "2026-01-01\x00", "til": "x"}, {"tilbud": "abc"}, {"tilbud": "99999999999999999999999"},
])
def test_hostile_period_gets_the_default_and_a_message(client, world, filled, params):
    client.force_login(world.manager)
    for url in (reverse("figures_dashboard"), reverse("figures_figure", args=["waitlist"])):
        response = client.get(url, params)
        assert response.status_code == 200


def test_unknown_figure_is_404(client, world, filled):
    client.force_login(world.manager)
    assert client.get(reverse("figures_figure", args=["nope"])).status_code == 404
    assert client.get(reverse("figures_run", args=[999999])).status_code == 404


def test_fill_runs_in_the_background_with_progress(client, world, fw):
    client.force_login(world.manager)
    d0, d1 = fw.day - datetime.timedelta(days=3), fw.day
    response = client.post(reverse("figures_fill"), {"date_from": d0.isoformat(), "date_to": d1.isoformat()})
    run = SnapshotRun.objects.get(municipality=world.ballerup)
    assert response.url == reverse("figures_run", args=[run.pk])
    assert run.status == SnapshotRun.Status.DONE and run.days_done == run.days_total == 4  # the immediate backend
    assert FilledDay.objects.filter(municipality=world.ballerup).count() == 4
    assert "4 af 4 dage" in client.get(response.url).content.decode()
    # filling again: nothing missing
    client.post(reverse("figures_fill"), {"date_from": d0.isoformat(), "date_to": d1.isoformat()})
    assert SnapshotRun.objects.filter(municipality=world.ballerup).order_by("-pk").first().days_total == 0


@pytest.mark.parametrize("data", [
    {"date_from": "", "date_to": ""}, {"date_from": "2026-05-01", "date_to": "2026-04-01"},
    {"date_from": "2000-01-01", "date_to": "2026-01-01"}, {"date_from": "2026-01-01", "date_to": "2999-01-01"},
    {"date_from": "nej", "date_to": "2026-01-01"},
])
def test_fill_refuses_bad_ranges_and_writes_nothing(client, world, fw, data):
    client.force_login(world.manager)
    response = client.post(reverse("figures_fill"), data)
    assert response.status_code == 302
    assert not SnapshotRun.objects.exists() and not FilledDay.objects.exists()


def test_fill_needs_the_managers_role(client, world, fw):
    client.force_login(world.own_worker)
    d = fw.day.isoformat()
    assert client.post(reverse("figures_fill"), {"date_from": d, "date_to": d}).status_code == 403
    assert not SnapshotRun.objects.exists()


def test_start_page_panel_reads_snapshots(client, world, filled):
    client.force_login(world.manager)
    body = client.get(reverse("home")).content.decode()
    assert "3 på venteliste" in body and "3 borgere i støtteforløb" in body
    client.force_login(world.own_worker)
    assert "på venteliste</a>" not in client.get(reverse("home")).content.decode()


def test_a_figure_by_two_dimensions_has_a_table_for_each(client, world, filled):
    client.force_login(world.manager)
    response = client.get(reverse("figures_figure", args=["inflow"]), q(filled))
    tables = dict(response.context["tables"])
    assert {line.label: line.now for line in tables["Kategori"]} == {
        "Hospitalet ved udskrivning": 1, "Egen læge": 1, "Borgeren selv": 1}
    assert {line.label: line.now for line in tables["Aldersgruppe"]} == {
        "18–30 år": 1, "31–49 år": 1, "Ukendt alder (anonym henvendelse)": 1}
    response = client.get(reverse("figures_figure", args=["inflow"]), q(filled, format="xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Kategori", "Aldersgruppe", "Perioden", "Samme periode sidste år")


def test_the_dashboard_reads_the_same_whatever_the_number_of_workers_and_offers(client, world, filled):
    """The dashboard shows totals (and capacity per offer): its queries do not grow with the lines it sums – a
    national caseload has thousands of workers, whom the dashboard does not name."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tovholder.figures.models import Snapshot

    client.force_login(world.manager)

    def dashboard():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("figures_dashboard"), q(filled))
        assert response.status_code == 200
        return response.context["d"], len(ctx.captured_queries)

    dashboard()  # the first request of a login reads what later ones find in the session
    before, queries = dashboard()
    Snapshot.objects.bulk_create(
        Snapshot(municipality=world.ballerup, day=filled.day, figure=key, worker_id=10_000 + n, offer_id=20_000 + n,
                 unit_id=world.skp.pk, value=1) for n in range(40) for key in ("caseload", "inflow"))
    after, queries_after = dashboard()
    assert queries_after == queries <= 15
    assert after.figures["caseload"].total == before.figures["caseload"].total + 40
    assert after.figures["inflow"].total == before.figures["inflow"].total + 40
