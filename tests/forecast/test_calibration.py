"""Calibration from the municipality's own records, checked against figures computed by hand."""

import datetime
import math
from decimal import Decimal

import pytest
from django.urls import reverse

from tovholder.audit.models import AuditEvent
from tovholder.citizens.models import Citizen
from tovholder.forecast import services
from tovholder.forecast.calibration import (
    age_group,
    apply,
    calibrate,
    kaplan_meier,
    lognormal_from_quartiles,
    rate_range,
)
from tovholder.forecast.scenarios import validate
from tovholder.support.models import Episode, IntensityChange, Mode
from tovholder.visitation.models import Decision

from .conftest import DAY, make_decision

S = Decision.Status
FROM, TO = DAY(2024, 1, 1), DAY(2025, 12, 31)
YEARS = 731 / 365.25


# -- Kaplan–Meier against the textbook example --------------------------------------------------------
def test_kaplan_meier_by_hand():
    # ends at 2, 3, 5, 8; censored at 3 and 6
    km = kaplan_meier([2, 3, 3, 5, 6, 8], [True, True, False, True, False, True])
    assert list(km.times) == [2, 3, 5, 8]
    assert list(km.at_risk) == [6, 5, 3, 1]
    assert km.survival == pytest.approx([5 / 6, 2 / 3, 4 / 9, 0.0])
    assert km.at(1) == 1.0 and km.at(4) == pytest.approx(2 / 3)
    assert km.quantile(0.5) == 5 and km.quantile(0.25) == 3 and km.quantile(0.99) == 8
    # area under S up to 8: 2·1 + 1·5/6 + 2·2/3 + 3·4/9
    assert km.restricted_mean(8) == pytest.approx(2 + 5 / 6 + 4 / 3 + 4 / 3)


def test_kaplan_meier_with_late_entry():
    # the third entered at 30 (began before the period); at 10.5 it is not yet at risk
    km = kaplan_meier([10.5, 20.5, 40.5, 670.5], [True, True, True, False], entry=[0, 0, 30, 0])
    assert list(km.at_risk) == [3, 2, 2]
    assert km.survival == pytest.approx([2 / 3, 1 / 3, 1 / 6])


def test_kaplan_meier_without_ends_never_reaches_the_median():
    km = kaplan_meier([100, 200], [False, False])
    assert km.quantile(0.5) is None and km.restricted_mean(200) == 200


def test_lognormal_from_quartiles_by_hand():
    mean, sd = lognormal_from_quartiles(100, 50, 200)
    sigma = math.log(4) / (2 * 0.6744897501960817)
    assert mean == pytest.approx(100 * math.exp(sigma**2 / 2))
    assert sd == pytest.approx(mean * math.sqrt(math.exp(sigma**2) - 1))
    assert lognormal_from_quartiles(100, None, None) is None


def test_rate_range_is_the_jeffreys_interval():
    # Gamma(1.5) percentiles are half the chi-square(3) ones: 0.3518/2 and 7.8147/2
    low, high = rate_range(1, 2.0)
    assert low == pytest.approx(0.35185 / 4, rel=1e-3) and high == pytest.approx(7.81473 / 4, rel=1e-4)


def test_age_groups_follow_the_engine():
    assert [age_group(a) for a in (16, 29, 30, 64, 65, 90)] == ["18-29", "18-29", "30-64", "30-64", "65+", "65+"]


# -- a small municipality whose figures are known ----------------------------------------------------------
def citizen(world, cpr, first):
    from tests.conftest import make_citizen

    return make_citizen(world.ballerup, cpr, first, "Testsen")


@pytest.fixture
def records(world, catalogue):
    """SKP grants in 2024–25 (see each line), support episodes with dated intensity, a return."""
    young = citizen(world, "0101991111", "Ung")  # 25 in 2024
    middle = citizen(world, "0101801113", "Midt")  # 44
    old = citizen(world, "0101501115", "Ældre")  # 74
    early = citizen(world, "0101701117", "Tidlig")
    skp = catalogue.skp
    # 1: 10 days, ended; hospital referral                          -> arrival 18-29 / hospital
    first = make_decision(world, young, skp, requested_on=DAY(2024, 1, 1), activated_on=DAY(2024, 1, 1),
                          status=S.ENDED, ended_on=DAY(2024, 1, 11), source="hospital")
    # 2: 20 days, ended; the citizen asked                          -> arrival 30-64 / citizen
    make_decision(world, middle, skp, requested_on=DAY(2024, 2, 1), activated_on=DAY(2024, 2, 1), status=S.ENDED,
                  ended_on=DAY(2024, 2, 21), source="citizen")
    # 3: the young citizen back 40 days after the end, still active -> arrival 18-29 / not registered; a return
    back = make_decision(world, young, skp, requested_on=DAY(2024, 2, 20), activated_on=DAY(2024, 3, 1))
    # 4: 30 days, ended                                              -> arrival 65+ / not registered
    make_decision(world, old, skp, requested_on=DAY(2024, 4, 1), activated_on=DAY(2024, 4, 1), status=S.ENDED,
                  ended_on=DAY(2024, 5, 1))
    # 5: began before the period (late entry at day 30), 40 days    -> no arrival in the period
    make_decision(world, early, skp, requested_on=DAY(2023, 11, 20), activated_on=DAY(2023, 12, 2), status=S.ENDED,
                  ended_on=DAY(2024, 1, 11))
    # not arrivals: refused, a change of scope, and one in an offer without visitation
    make_decision(world, middle, skp, requested_on=DAY(2024, 6, 1), status=S.REFUSED)
    make_decision(world, young, skp, requested_on=DAY(2024, 7, 1), status=S.REQUESTED, replaces=back)
    make_decision(world, middle, catalogue.stoeberiet, requested_on=DAY(2024, 6, 1), activated_on=DAY(2024, 6, 1))
    # support: A individual 3 h for Jan 1–10, group 1 h Jan 11–31; B mixed 2 h all period, paused the last 10 days
    a = Episode.objects.create(municipality=world.ballerup, citizen=young, offer=skp, worker=world.own_worker,
                               decision=first, started_on=DAY(2024, 1, 1), ended_on=DAY(2024, 1, 31),
                               created_by=world.own_worker)
    b = Episode.objects.create(municipality=world.ballerup, citizen=early, offer=skp, worker=world.own_worker,
                               started_on=DAY(2023, 12, 1), created_by=world.own_worker, mode=Mode.PAUSED)
    for episode, day, mode, hours in ((a, DAY(2024, 1, 1), Mode.INDIVIDUAL, 3), (a, DAY(2024, 1, 11), Mode.GROUP, 1),
                                      (b, DAY(2023, 12, 1), Mode.MIXED, 2), (b, DAY(2025, 12, 22), Mode.PAUSED, 0)):
        IntensityChange.objects.create(municipality=world.ballerup, episode=episode, citizen=episode.citizen,
                                       starts_on=day, mode=mode, hours_per_week=Decimal(hours), reason="test",
                                       by=world.own_worker)
    return catalogue


def _scenario(world):
    return services.create_scenario(actor=world.manager, name="Kalibreres", shipped="baseline_2016")


def test_calibration_figures_match_the_hand_computed_ones(world, records):
    scenario = _scenario(world)
    c = calibrate(world.ballerup, scenario.data, FROM, TO)
    assert c.years == pytest.approx(YEARS)
    assert [(r.age_group, r.source, r.n) for r in c.arrivals] == [
        ("18-29", "hospital", 1), ("18-29", "ikke_registreret", 1), ("30-64", "citizen", 1),
        ("65+", "ikke_registreret", 1)]
    assert c.arrivals[0].per_year == pytest.approx(1 / YEARS)
    assert c.arrivals[0].low == pytest.approx(0.35185 / 2 / YEARS, rel=1e-3)
    assert not c.arrivals_usable  # 4 < 10
    skp = next(o for o in c.offers if o.engine_name == "SKP")
    assert skp.calibrated and skp.arrivals == {"18-29": 2, "30-64": 1, "65+": 1}
    d = skp.duration
    # durations (+ half a day): 10.5, 20.5, 30.5, 40.5 (entered at 30), censored 670.5 (active at the end)
    assert (d.n, d.events, d.censored) == (5, 4, 1)
    assert d.median == 20.5 and d.q25 == 10.5 and d.q75 == 40.5
    assert not d.usable and "For få afsluttede" in d.note
    i = skp.intensity
    # individual: 10 days × 3 h + 721 mixed days × 2 h (counted as individual); group: 21 days × 1 h
    assert i.source == "support" and i.episodes == 2 and i.days == 752
    assert i.hours_individual == pytest.approx((30 + 721 * 2) / 731)
    assert i.hours_group == pytest.approx(1.0) and i.group_share == pytest.approx(21 / 752)
    r = skp.returns
    # ended in 2024 (a year of follow-up): 4; the young citizen came back after 40 days
    assert (r.ended, r.returned, r.share, r.mean_delay) == (4, 1, 0.25, 40)
    stoeberiet = next(o for o in c.offers if o.engine_name == "Støberiet")
    assert not stoeberiet.calibrated and "visiteres ikke" in stoeberiet.reason


def test_same_figures_whatever_the_insertion_order(world, records):
    scenario = _scenario(world)
    first = calibrate(world.ballerup, scenario.data, FROM, TO).as_dict()
    assert calibrate(world.ballerup, scenario.data, FROM, TO).as_dict() == first


@pytest.fixture
def many(world, catalogue):
    """Forty SKP grants over two years: enough to calibrate everything."""
    for k in range(40):
        person = Citizen.objects.create(municipality=world.ballerup, cpr=f"0101{60 + k % 30:02d}{1000 + k:04d}",
                                        birth_date=DAY(1960 + k % 30, 1, 1), first_name="N", last_name=f"N{k}")
        start = FROM + datetime.timedelta(days=15 * k)
        ended = start + datetime.timedelta(days=60 + 10 * (k % 7)) if k % 4 else None
        decision = make_decision(world, person, catalogue.skp, requested_on=start, activated_on=start,
                                 status=S.ENDED if ended else S.ACTIVE, ended_on=ended,
                                 source="hospital" if k % 2 else "gp")
        if ended is not None and ended < DAY(2024, 9, 1) and k % 3 == 0:  # some come back within a year
            make_decision(world, person, catalogue.skp, requested_on=ended + datetime.timedelta(days=50),
                          status=S.GRANTED)
        episode = Episode.objects.create(municipality=world.ballerup, citizen=person, offer=catalogue.skp,
                                         worker=world.own_worker, decision=decision, started_on=start, ended_on=ended,
                                         created_by=world.own_worker)
        IntensityChange.objects.create(municipality=world.ballerup, episode=episode, citizen=person, starts_on=start,
                                       mode=Mode.GROUP if k % 5 == 0 else Mode.INDIVIDUAL,
                                       hours_per_week=Decimal("1.5" if k % 5 == 0 else "3"), reason="start",
                                       by=world.own_worker)
    return catalogue


def test_applying_writes_the_usable_figures_and_keeps_other_offers_inflow(world, many):
    scenario = _scenario(world)
    c = calibrate(world.ballerup, scenario.data, FROM, TO)
    data, changed = apply(scenario.data, c)
    old, new = validate(scenario.data), validate(data)
    skp = next(o for o in data["offers"] if o["name"] == "SKP")
    fit = next(o for o in c.offers if o.engine_name == "SKP")
    assert fit.duration.usable and skp["duration"]["dist"] == "lognormal"
    assert skp["duration"]["mean"] == pytest.approx(fit.duration.mean, abs=0.05)
    assert skp["capacity"]["group_share"] == pytest.approx(fit.intensity.group_share, abs=1e-3)
    assert skp["capacity"]["hours_per_citizen_week"] == 3.0 and skp["capacity"]["group_hours_per_citizen_week"] == 1.5
    assert skp["returns"]["share"] == pytest.approx(fit.returns.share, abs=1e-3)
    assert len(changed) == 4
    assert {s["source"] for s in data["arrivals"]["streams"]} == {"hospital", "gp", "ikke_registreret",
                                                                  "øvrige tilbud (scenariets tal)"}

    def inflow(scenario, offer: str) -> float:
        """Expected arrivals per year to an offer at the central rates."""
        o = scenario.offer_names.index(offer)
        unit = {"year": 1.0, "month": 12.0, "week": 52.18, "day": 365.25}[scenario.arrivals.unit]
        total = 0.0
        for a, group in enumerate(scenario.age_groups):
            rate = sum(s.rate.central for s in scenario.arrivals.streams if s.age_group == group) * unit
            total += rate * scenario.arrivals.conversion.central * scenario.routing[a][o]
        return total

    assert inflow(new, "Støberiet") == pytest.approx(inflow(old, "Støberiet"), rel=1e-6)  # not calibrated: kept
    assert inflow(new, "Gruppeforløb") == pytest.approx(inflow(old, "Gruppeforløb"), rel=1e-6)
    # forty grants and three returns, all to SKP; the ranges' medians lie a little below n / T
    assert inflow(new, "SKP") == pytest.approx(43 / YEARS, rel=0.05)
    # mapped to an offer this municipality's catalogue lacks: not calibrated, so its inflow is kept too
    assert inflow(new, "SKP kompetenceteam") == pytest.approx(inflow(old, "SKP kompetenceteam"), rel=1e-6)


def test_manager_reviews_and_applies_the_calibration(client, world, many):
    scenario = _scenario(world)
    client.force_login(world.manager)
    url = reverse("forecast_calibration", args=[scenario.pk])
    page = client.get(url, {"date_from": "2024-01-01", "date_to": "2025-12-31"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "43 nye bevillinger" in text and "Hospitalet ved udskrivning" in text and "Kaplan" in text
    response = client.post(url, {"version": scenario.version, "date_from": "2024-01-01", "date_to": "2025-12-31"})
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.version == 2 and scenario.calibration["period"] == ["2024-01-01", "2025-12-31"]
    assert AuditEvent.objects.filter(action="forecast.scenario_calibrated", actor=world.manager).exists()
    stale = client.post(url, {"version": 1, "date_from": "2024-01-01", "date_to": "2025-12-31"})
    assert "ændret af en anden" in stale.content.decode()


@pytest.mark.parametrize("date_from, date_to, message", [
    ("2025-12-31", "2024-01-01", "Slutdatoen skal ligge efter startdatoen"),
    ("2024-01-01", "2099-01-01", "kan ikke slutte i fremtiden"),
    ("2024-01-01", "2024-02-01", "mindst 90 dage"),
    ("2024-01-01", "ikke-en-dato", "gyldig dato"),
])
def test_bad_periods_are_refused_in_danish(client, world, many, date_from, date_to, message):
    scenario = _scenario(world)
    client.force_login(world.manager)
    url = reverse("forecast_calibration", args=[scenario.pk])
    assert message in client.get(url, {"date_from": date_from, "date_to": date_to}).content.decode()
    response = client.post(url, {"version": 1, "date_from": date_from, "date_to": date_to})
    assert message in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.version == 1


def test_nothing_to_calibrate_changes_nothing(client, world, catalogue):
    scenario = _scenario(world)
    client.force_login(world.manager)
    response = client.post(reverse("forecast_calibration", args=[scenario.pk]),
                           {"version": 1, "date_from": "2024-01-01", "date_to": "2025-12-31"})
    assert "for få registreringer" in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.version == 1
