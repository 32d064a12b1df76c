"""Runs: frozen with today's caseload and waitlist from the database, computed by a background task (the
immediate backend under pytest), shown as fan charts with tables, compared, exported, reproducible."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.forecast import services
from tovholder.forecast.engine import run_forecast
from tovholder.forecast.models import ForecastRun, Scenario
from tovholder.forecast.results import METRICS, summarise_result
from tovholder.forecast.scenarios import validate
from tovholder.forecast.selectors import initial_state
from tovholder.visitation.models import Decision, WaitlistEntry

from .conftest import DAY, make_decision, wait

S = Decision.Status


def small(world, name="Lille", shipped="baseline_2016", **changes) -> Scenario:
    scenario = services.create_scenario(actor=world.manager, name=name, shipped=shipped)
    data = {**scenario.data, "horizon_years": 1, "replications": 20, **changes}
    return services.update_scenario(actor=world.manager, scenario=scenario, version=scenario.version,
                                    name=scenario.name, description="", data=data)


@pytest.fixture
def caseload(world, catalogue):
    """SKP: 3 active + 1 ordered (4 in support), 2 waiting (one urgent); things that must not count."""
    today = timezone.localdate()
    for citizen in (world.anna, world.bo, world.casey):
        make_decision(world, citizen, catalogue.skp, requested_on=DAY(2025, 1, 1), activated_on=DAY(2025, 2, 1))
    ordered_after_waiting = make_decision(world, world.anna, catalogue.skp, requested_on=DAY(2026, 1, 5),
                                          status=S.ORDERED)
    wait(world, ordered_after_waiting, added_on=DAY(2026, 1, 6))  # holds its place: in support, not waiting
    make_decision(world, world.bo, catalogue.skp, requested_on=DAY(2024, 1, 1), activated_on=DAY(2024, 2, 1),
                  status=S.ENDED, ended_on=DAY(2024, 9, 1))
    normal = make_decision(world, world.casey, catalogue.skp, requested_on=DAY(2026, 3, 1), status=S.GRANTED)
    wait(world, normal, added_on=today - timezone.timedelta(days=10))
    urgent = make_decision(world, world.bo, catalogue.skp, requested_on=DAY(2026, 3, 1), status=S.GRANTED)
    wait(world, urgent, added_on=today - timezone.timedelta(days=4), priority=WaitlistEntry.Priority.URGENT)
    gone = make_decision(world, world.anna, catalogue.skp, requested_on=DAY(2026, 2, 1), status=S.CANCELLED)
    wait(world, gone, added_on=DAY(2026, 2, 2), removed_on=DAY(2026, 2, 20))
    for citizen in (world.anna, world.bo):  # Ballerup's places in Herlev's shared offer
        make_decision(world, citizen, catalogue.flex, requested_on=DAY(2025, 3, 1), activated_on=DAY(2025, 4, 1))
    make_decision(world, world.herlev_citizen, catalogue.flex, requested_on=DAY(2025, 3, 1),
                  activated_on=DAY(2025, 4, 1))  # Herlev's own citizen: not Ballerup's
    return catalogue


def test_initial_state_counts_grants_and_the_waitlist(world, caseload):
    scenario = small(world)
    states = {s.engine_name: s for s in initial_state(world.ballerup, scenario.data, timezone.localdate())}
    skp = states["SKP"]
    assert skp.source == "database" and skp.in_support == 4
    assert skp.waiting_days == [10] and skp.priority_waiting_days == [4]
    assert states["Flex Bostøtte"].source == "database" and states["Flex Bostøtte"].in_support == 2
    assert states["Støberiet"].source == "scenario" and "visiteres ikke" in states["Støberiet"].reason
    assert states["Støberiet"].in_support == 28  # the scenario's own figure
    assert states["SKP kompetenceteam"].source == "scenario" and "findes ikke" in states["SKP kompetenceteam"].reason


def test_manager_runs_a_small_scenario_in_the_background(client, world, caseload):
    scenario = small(world)
    events = AccessEvent.objects.count()
    client.force_login(world.manager)
    response = client.post(reverse("forecast_run_start", args=[scenario.pk]), {"from_database": "on"})
    run = ForecastRun.objects.get()
    assert response["Location"] == reverse("forecast_run", args=[run.pk])
    assert run.status == ForecastRun.Status.DONE and run.progress == 100 and run.task_id
    assert run.seed == 2016 and run.replications == 20 and run.from_database
    skp = next(o for o in run.snapshot["offers"] if o["name"] == "SKP")
    assert skp["initial"] == {"in_support": 4, "remaining": "residual", "waiting_days": [10],
                              "priority_waiting_days": [4]}
    assert len(run.result["labels"]) == 12 and run.result["replications"] == 20
    assert {s["metric"] for s in run.result["series"]} >= {"waiting_end", "wait_days_mean", "cost"}
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('data-kind="fan"') == 3
    assert "Venteliste for SKP efter 12 og 36 måneder" in text
    assert "januar 2016" in text and "jan. 2016" in text
    assert '<th scope="col" class="num">P50</th>' in text
    assert AuditEvent.objects.filter(action="forecast.run_started", actor=world.manager).exists()
    assert AuditEvent.objects.filter(action="forecast.run_finished", object_id=str(run.pk)).exists()
    assert AccessEvent.objects.count() == events  # counts only: no citizen's data is shown


def test_the_result_can_be_reproduced_from_what_the_run_stored(world, caseload):
    run = services.start_run(actor=world.manager, scenario=small(world))
    again = summarise_result(run_forecast(validate(run.snapshot).with_options(seed=run.seed,
                                                                              replications=run.replications)))
    stored = json.loads(json.dumps(run.result))
    for key in ("labels", "series", "budget"):
        assert json.loads(json.dumps(again[key])) == stored[key]


def test_a_run_without_the_database_uses_the_scenarios_own_numbers(world, caseload):
    run = services.start_run(actor=world.manager, scenario=small(world), from_database=False)
    skp = next(o for o in run.snapshot["offers"] if o["name"] == "SKP")
    assert skp["initial"]["in_support"] == 68 and run.initial == {"offers": []}


def test_page_of_another_offer_and_the_total(client, world, caseload):
    run = services.start_run(actor=world.manager, scenario=small(world))
    client.force_login(world.manager)
    text = client.get(reverse("forecast_run", args=[run.pk]), {"tilbud": "Skolehaven"}).content.decode()
    assert "Venteliste: Skolehaven" in text
    text = client.get(reverse("forecast_run", args=[run.pk]), {"tilbud": "<script>x</script>"}).content.decode()
    assert "Venteliste: SKP" in text and "<script>x</script>" not in text


def test_same_seed_same_numbers_and_the_comparison_says_so(client, world, caseload):
    base = small(world)
    more = small(world, name="Flere", shipped="budget_agreement_2017_19", horizon_years=2)
    a = services.start_run(actor=world.manager, scenario=base)
    b = services.start_run(actor=world.manager, scenario=base)
    c = services.start_run(actor=world.manager, scenario=more)
    assert a.result["series"] == b.result["series"]
    client.force_login(world.manager)
    response = client.get(reverse("forecast_compare"), {"a": a.pk, "b": c.pk, "offer": "SKP",
                                                        "metric": "waiting_end"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "samme seed (2016)" in text, response.context["form"].errors
    assert text.count('data-kind="fan"') == 2
    rows = response.context["rows"]
    assert len(rows) == 12  # the months both runs cover
    assert all(r.difference.lstrip("+") == "0,0" for r in rows)  # the extra staff come in 2017


def test_comparison_warns_when_the_seeds_differ(client, world, caseload):
    a = services.start_run(actor=world.manager, scenario=small(world))
    b = services.start_run(actor=world.manager, scenario=small(world, name="Andet seed", seed=99))
    client.force_login(world.manager)
    text = client.get(reverse("forecast_compare"), {"a": a.pk, "b": b.pk, "offer": "I alt",
                                                    "metric": "cost"}).content.decode()
    assert "forskelligt seed" in text
    assert "Vælg to forskellige" in client.get(reverse("forecast_compare"), {
        "a": a.pk, "b": a.pk, "offer": "SKP", "metric": "cost"}).content.decode()


def test_exports_carry_the_same_numbers_and_what_is_needed_to_reproduce(client, world, caseload):
    run = services.start_run(actor=world.manager, scenario=small(world))
    client.force_login(world.manager)
    body = client.get(reverse("forecast_run_export", args=[run.pk, "csv"])).content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    offers = len(run.result["offers"]) + 1
    assert len(rows) == offers * len(METRICS) * 12
    skp = next(r for r in rows if r["offer"] == "SKP" and r["metric"] == "waiting_end" and r["period"] == "2016-12")
    band = next(s for s in run.result["series"] if s["offer"] == "SKP" and s["metric"] == "waiting_end")
    assert "." not in skp["p50"] and float(skp["p50"].replace(",", ".")) == pytest.approx(band["p50"][11])
    data = json.loads(client.get(reverse("forecast_run_export", args=[run.pk, "json"])).content)
    assert data["metadata"]["seed"] == 2016 and data["metadata"]["replications"] == 20
    assert data["scenario"] == run.snapshot and data["result"]["labels"] == run.result["labels"]
    response = client.get(reverse("forecast_run_export", args=[run.pk, "xlsx"]))
    assert response["Content-Disposition"] == f'attachment; filename="prognose-{run.pk}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Oversigt", "Måneder", "Budget", "Starttilstand"]
    assert book["Måneder"].max_row == 1 + offers * len(METRICS) * 12
    assert client.get(reverse("forecast_run_export", args=[run.pk, "exe"])).status_code == 404


def test_the_status_fragment_polls_and_a_finished_run_reloads_the_page(client, world, caseload):
    scenario = small(world)
    queued = ForecastRun.objects.create(
        municipality=world.ballerup, scenario=scenario, scenario_name=scenario.name, scenario_version=1,
        snapshot=scenario.data, counted_on=timezone.localdate(), seed=1, replications=5, horizon_days=365,
        start_date=DAY(2016, 1, 1), created_by=world.manager, status=ForecastRun.Status.RUNNING, progress=47)
    client.force_login(world.manager)
    page = client.get(reverse("forecast_run", args=[queued.pk])).content.decode()
    assert f'hx-get="{reverse("forecast_run_status", args=[queued.pk])}"' in page
    assert '<progress id="run-progress" max="100" value="47"' in page
    assert 'aria-live="polite"' in page and "Kører: 40 % færdig." in page
    fragment = client.get(reverse("forecast_run_status", args=[queued.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-swap-oob="true"' in fragment.content.decode() and "HX-Refresh" not in fragment
    done = services.start_run(actor=world.manager, scenario=scenario)
    finished = client.get(reverse("forecast_run_status", args=[done.pk]), HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"


def test_a_run_that_fails_says_so_in_danish(client, world, caseload):
    scenario = small(world)
    broken = ForecastRun.objects.create(
        municipality=world.ballerup, scenario=scenario, scenario_name=scenario.name, scenario_version=1,
        snapshot={**scenario.data, "offers": []}, counted_on=timezone.localdate(), seed=1, replications=5,
        horizon_days=365, start_date=DAY(2016, 1, 1), created_by=world.manager)
    services.execute_run(run_id=broken.pk)
    broken.refresh_from_db()
    assert broken.status == ForecastRun.Status.FAILED
    assert broken.error.startswith("Kørslen fejlede: ") and "mindst ét tilbud" in broken.error
    client.force_login(world.manager)
    assert "mindst ét tilbud" in client.get(reverse("forecast_run", args=[broken.pk])).content.decode()
    assert AuditEvent.objects.filter(action="forecast.run_failed", object_id=str(broken.pk)).exists()


def test_at_most_three_runs_at_once_per_municipality(client, world, caseload):
    scenario = small(world)
    for _ in range(3):
        ForecastRun.objects.create(
            municipality=world.ballerup, scenario=scenario, scenario_name=scenario.name, scenario_version=1,
            snapshot=scenario.data, counted_on=timezone.localdate(), seed=1, replications=5, horizon_days=365,
            start_date=DAY(2016, 1, 1), created_by=world.manager)
    client.force_login(world.manager)
    response = client.post(reverse("forecast_run_start", args=[scenario.pk]), follow=True)
    assert "allerede 3 prognoser i kø" in response.content.decode()
    assert ForecastRun.objects.count() == 3


def test_too_many_replications_for_the_web_are_refused(world, caseload):
    scenario = small(world)
    scenario.data = {**scenario.data, "replications": 6000}
    scenario.save()
    with pytest.raises(Exception, match="Højst 5000 replikationer"):
        services.start_run(actor=world.manager, scenario=scenario)
    assert not ForecastRun.objects.exists()


USERS = {"own_worker": 403, "other_worker": 403, "caseworker": 403, "admin": 403, "herlev_worker": 403,
         "manager": 200}


@pytest.mark.parametrize("user_name, expected", USERS.items())
def test_run_pages_are_for_managers_of_the_municipality(client, world, caseload, user_name, expected):
    run = services.start_run(actor=world.manager, scenario=small(world))
    client.force_login(getattr(world, user_name))
    for url in (reverse("forecast_run", args=[run.pk]), reverse("forecast_run_status", args=[run.pk]),
                reverse("forecast_run_export", args=[run.pk, "csv"])):
        assert client.get(url).status_code == expected, url
    response = client.post(reverse("forecast_run_start", args=[run.scenario_id]))
    assert ForecastRun.objects.count() == (2 if expected == 200 else 1)
    assert response.status_code == (302 if expected == 200 else 403)


def test_another_municipalitys_run_is_not_found(client, world, caseload):
    from tests.conftest import make_staff

    run = services.start_run(actor=world.manager, scenario=small(world))
    herlev_manager = make_staff("herlev-leder", world.herlev, world.herlev_worker.staff.units.first(), "Leder")
    client.force_login(herlev_manager)
    for url in (reverse("forecast_run", args=[run.pk]), reverse("forecast_run_status", args=[run.pk]),
                reverse("forecast_run_export", args=[run.pk, "xlsx"])):
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("forecast_compare"), {"a": run.pk, "b": run.pk, "offer": "SKP", "metric": "cost"})
    assert response.status_code == 200 and f"nr. {run.pk}" not in response.content.decode()
