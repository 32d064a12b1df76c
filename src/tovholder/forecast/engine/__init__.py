"""Capacity forecast engine: a vectorised daily simulation with honest uncertainty.

numpy/scipy, with the hot paths compiled by numba (``kernels``; ``TOVHOLDER_FORECAST_JIT=0``
selects the bit-identical numpy path); it imports nothing from Django or the rest of tovholder.

Typical use::

    from tovholder.forecast.engine import (InitialState, load_scenario, run_forecast,
                                           summarise, summary_rows, budget_summary)

    scenario = load_scenario("baseline_2016", replications=200)   # or scenario_from_dict(data)
    today = InitialState.from_counts(in_support=[...], waitlist=counts_by_offer_class_days)
    result = run_forecast(scenario, today, progress=lambda f: print(f"{f:.0%}"))
    monthly = summarise(result, "month")        # plain dict, JSON-serialisable
    rows = summary_rows(monthly)                # list of dicts for csv.DictWriter
    budget = budget_summary(result)             # per year: budget, cost bands, P(over budget)

How it works, in short: all replications of a chunk advance together one day at a
time (numpy arrays, replications x offers); state is counts (in support, waiting per
priority class) plus calendars of future episode ends and returns indexed by day.  An
episode starting on day t with continuous duration d and a uniform within-day start
offset u frees its place on day floor(t + u + d), which is exact for continuous
durations (tests compare with Erlang C and the M/M/c Markov chain).  Waiting times
are exact in days (first come first served within a priority class).  Every random
draw comes from a stream keyed by (seed, purpose, replication[, offer]), so results do
not depend on the chunk size and scenarios share random numbers.

Scenario dict format (JSON or TOML; every field is validated, messages in Danish)::

    {
      "name": "baseline_2016",
      "extends": "other_scenario",              # optional: deep-merge onto a base
      "start_date": "2016-01-01",
      "horizon_years": 5,                       # or "horizon_days" (1 .. 3700)
      "replications": 1000, "seed": 2016, "chunk_size": 250,
      "wait_threshold_days": 90,                # "waited more than N days" metric
      "klippekort_skip_waitlist": true,         # klippekort returns get priority
      "arrivals": {
        "unit": "year",                         # day | week | month | year
        "conversion": {"dist": "triangular", "low": 0.75, "mode": 0.85, "high": 0.95},
        "streams": [
          {"age_group": "18-29", "source": "borger",
           "rate": {"dist": "lognormal", "low": 20, "high": 40},   # 5th/95th percentile
           "trend": {"multiplier_end": 1.2, "end": "2020-12-31"}}  # optional linear trend
        ],
        "age_share_trend": {"age_group": "18-29", "share_end": 0.30, "end": "2020-12-31"}
      },
      "routing": {"18-29": {"SKP": 0.2, "Ungeindsats mentor": 0.5}, "30-64": {...}, "65+": {...}},
      "offers": [
        {"name": "SKP",
         "capacity": {"kind": "staff", "fte": 8, "hours_per_week": 37, "direct_share": 0.6,
                      "hours_per_citizen_week": 3.0, "group_share": 0.0,
                      "group_hours_per_citizen_week": 1.0, "salary_per_fte_year": 480000},
         # other kinds: {"kind": "seats", "seats": 24}, {"kind": "places", "places": 6},
         #              {"kind": "quota", "quota": 7}
         "capacity_changes": [{"from": "2017-01-01", "fte": 12}],
         "duration": {"dist": "lognormal", "mean": 365, "sd": 250},
         # also exponential {mean}, gamma {mean, sd}, fixed {days}, empirical {values: [...]}
         "price": {"per_place_day": 0, "per_hour": 0},
         "klippekort": {"share": 0.1, "return_share": 0.4, "delay": {"dist": "exponential", "mean": 120}},
         "returns": {"share": 0.1, "delay": {"dist": "exponential", "mean": 180}},
         "priority_share": 0.05,
         "initial": {"in_support": 55, "remaining": "residual",   # or "fresh" or a list of days
                     "waiting_days": [3, 10, 41], "priority_waiting_days": []}}
      ],
      "budget": {"annual": 24500000, "per_year": {"2016": 24500000},
                 "additions": {"2017": 2500000}}
    }
"""

from .capacity import CapacityPlan, capacity_plan, hours_per_citizen_week, places_for
from .distributions import DurationDistribution, UncertainValue, empirical_distribution
from .forecast import ForecastResult, run_forecast
from .model import InitialState, Model, compile_scenario
from .outputs import METRICS, PeriodAxis
from .queueing import (
    erlang_c,
    ks_critical_value,
    ks_distance,
    mmc_daily_distributions,
    mmc_scenario_dict,
    mmc_steady_state,
    mmc_transient,
    waiting_distribution,
)
from .scenario import (
    AGE_GROUPS,
    AgeShareTrend,
    ArrivalSpec,
    ArrivalStream,
    Budget,
    CapacityChange,
    CapacitySpec,
    InitialOfferState,
    Offer,
    Price,
    ReturnSpec,
    Scenario,
)
from .scenario_io import (
    SHIPPED_DIR,
    load_scenario,
    merge_scenario_dicts,
    scenario_from_dict,
    shipped_scenario_names,
)
from .summary import QUANTILES, band, budget_summary, metric_values, summarise, summary_rows
from .validation import ScenarioError

__all__ = [
    "AGE_GROUPS",
    "METRICS",
    "QUANTILES",
    "SHIPPED_DIR",
    "AgeShareTrend",
    "ArrivalSpec",
    "ArrivalStream",
    "Budget",
    "CapacityChange",
    "CapacityPlan",
    "CapacitySpec",
    "DurationDistribution",
    "ForecastResult",
    "InitialOfferState",
    "InitialState",
    "Model",
    "Offer",
    "PeriodAxis",
    "Price",
    "ReturnSpec",
    "Scenario",
    "ScenarioError",
    "UncertainValue",
    "band",
    "budget_summary",
    "capacity_plan",
    "compile_scenario",
    "empirical_distribution",
    "erlang_c",
    "hours_per_citizen_week",
    "ks_critical_value",
    "ks_distance",
    "load_scenario",
    "merge_scenario_dicts",
    "metric_values",
    "mmc_daily_distributions",
    "mmc_scenario_dict",
    "mmc_steady_state",
    "mmc_transient",
    "places_for",
    "run_forecast",
    "scenario_from_dict",
    "shipped_scenario_names",
    "summarise",
    "summary_rows",
    "waiting_distribution",
]
