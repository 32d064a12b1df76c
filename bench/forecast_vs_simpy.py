"""Benchmark: the forecast engine against SimPy, and a full municipality scenario.

Part 1 builds the same M/M/c model in SimPy and in the engine (c = 20, 90 % load,
mean episode 30 days, waitlist recorded daily, 10 years) and checks both against the
exact values.  Runs are interleaved: each round runs SimPy and every engine variant
once (compiled on one process, compiled on ``--workers`` processes, the numpy path on
one process), the order rotated from round to round (A B C, B C A, ...), and prints
the round's ratios; the summary is the median of the per-round ratios, every one
against one-process SimPy.  SimPy is slow, so it runs ``--simpy-replications``
replications per round and its time per replication is scaled to the engine's
replication count (the output says EXTRAPOLATED).  The load average is printed with
every round: other work on the machine slows every participant.

Part 2 times the shipped ``baseline_2016`` scenario (9 offers, 5 years, 1 000
replications) per variant in a fresh process (kernels warmed up first and timed apart,
as in the task worker), rounds rotated likewise, and prints the peak memory.

Run from the repository root:

    PYTHONPATH=src .venv/bin/python bench/forecast_vs_simpy.py

This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tovholder.forecast.engine import (  # noqa: E402
    kernels,
    load_scenario,
    mmc_steady_state,
    run_forecast,
    scenario_from_dict,
)
from tovholder.forecast.engine.queueing import mmc_daily_distributions, mmc_scenario_dict  # noqa: E402

SERVERS = 20
LOAD = 0.9
MEAN_DAYS = 30.0
ARRIVAL_RATE = LOAD * SERVERS / MEAN_DAYS


@dataclass
class Estimate:
    """Per-replication estimates over the measurement window, and run times (seconds)."""

    mean_waiting: np.ndarray
    mean_wait: np.ndarray
    times: list[float]

    def describe(self, what: str) -> str:
        values = self.mean_waiting if what == "waiting" else self.mean_wait
        return f"{values.mean():7.3f} ± {values.std(ddof=1) / math.sqrt(values.size):.3f} (n={values.size})"

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return float(np.median(self.times))


def timed(action: Callable[[], object]) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = action()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def simpy_replication(seed: int, horizon: int, warm_up: int) -> tuple[float, float]:
    """One SimPy replication: time-averaged end-of-day waitlist and mean wait after the warm-up."""
    import simpy

    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    places = simpy.Resource(env, capacity=SERVERS)
    waitlist = np.zeros(horizon)
    waits: list[float] = []

    def citizen(env: simpy.Environment):
        arrived = env.now
        with places.request() as request:
            yield request
            if arrived >= warm_up:
                waits.append(env.now - arrived)
            yield env.timeout(rng.exponential(MEAN_DAYS))

    def arrivals(env: simpy.Environment):
        while True:
            yield env.timeout(rng.exponential(1.0 / ARRIVAL_RATE))
            env.process(citizen(env))

    def recorder(env: simpy.Environment):
        for day in range(horizon):
            yield env.timeout(1.0)  # end of day ``day``
            waitlist[day] = len(places.queue)

    env.process(arrivals(env))
    env.process(recorder(env))
    env.run(until=horizon + 0.5)
    return float(waitlist[warm_up:].mean()), float(np.mean(waits)) if waits else math.nan


def run_simpy(first: int, replications: int, horizon: int, warm_up: int) -> tuple[np.ndarray, float, float]:
    """SimPy replications ``first ..``: their (waitlist, wait) estimates, wall and CPU time per replication."""
    results, wall, cpu = timed(lambda: [simpy_replication(1000 + r, horizon, warm_up)
                                        for r in range(first, first + replications)])
    return np.array(results), wall / replications, cpu / replications


def mmc_scenario(replications: int, horizon: int):
    return scenario_from_dict(mmc_scenario_dict(SERVERS, ARRIVAL_RATE, MEAN_DAYS, horizon, replications,
                                                seed=2024, start_date="2020-01-01"))


def run_engine(scenario, replications: int, workers: int, compiled: bool) -> tuple[object, float, float]:
    """One engine run (one chunk per process) on the compiled or the numpy path: result, wall and CPU time."""
    chunk = math.ceil(replications / workers)
    with kernels.use_jit(compiled):
        result, wall, cpu = timed(lambda: run_forecast(scenario, chunk_size=chunk, workers=workers,
                                                       memory_limit=2**34))
    return result, wall, cpu


def engine_estimate(result, warm_up_years: int) -> Estimate:
    years = result.axes["year"]
    keep = slice(warm_up_years, None)
    lengths = years.lengths[keep]
    waiting = (result.metrics["year"]["waiting_mean"][:, 0, keep] * lengths).sum(axis=1) / lengths.sum()
    waited = result.metrics["year"]["wait_days_sum"][:, 0, keep].sum(axis=1)
    started = result.metrics["year"]["starts"][:, 0, keep].sum(axis=1)
    return Estimate(waiting, waited / started, [])


def exact_window_waiting(horizon: int, warm_up: int) -> float:
    """Exact mean end-of-day waitlist over the window, from the Markov chain started empty."""
    daily = mmc_daily_distributions(SERVERS, ARRIVAL_RATE, MEAN_DAYS, horizon, max_in_system=SERVERS + 300)
    waiting = np.maximum(np.arange(daily.shape[1]) - SERVERS, 0)
    return float((daily[warm_up:] @ waiting).mean())


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def part_one(args: argparse.Namespace) -> None:
    """Rounds of interleaved runs, the order rotated each round; ratios per round and their median.

    Each round runs SimPy (``--simpy-replications``, its time per replication scaled to
    ``--replications``) and every engine variant once: compiled on 1 process, compiled on
    ``--workers`` processes and (unless ``--no-numpy``) the numpy path on 1 process.  Every
    ratio is against one-process SimPy of the same round.
    """
    horizon = 3652 if args.years == 10 else int(round(args.years * 365.25))
    warm_up_years = args.warm_up_years
    warm_up = int(round(warm_up_years * 365.25))  # 2020 and 2024 are leap years: 1461 days for 4 years
    exact = mmc_steady_state(SERVERS, ARRIVAL_RATE, MEAN_DAYS)
    print(f"Part 1: M/M/{SERVERS}, load {LOAD:.0%}, mean episode {MEAN_DAYS:g} days, "
          f"arrivals {ARRIVAL_RATE:.2f}/day, {horizon} days, waitlist recorded at the end of every day")
    print(f"  measurement window: day {warm_up} to {horizon} (after a {warm_up_years}-year warm-up from empty)")
    scenario = mmc_scenario(args.replications, horizon)
    kernels.warm_up()
    run_engine(scenario, min(args.replications, 20), 1, True)  # not timed: first touch of the kernels
    variants = {"numba, 1 process": (1, True)}
    if args.workers > 1:
        variants[f"numba, {args.workers} processes"] = (args.workers, True)
    if not args.no_numpy:
        variants["numpy, 1 process"] = (1, False)
    participants = ["SimPy", *variants]
    times: dict[str, list[float]] = {name: [] for name in participants}
    cpu_times: dict[str, list[float]] = {name: [] for name in participants}
    simpy_results = []
    results = {}
    print(f"  {args.rounds} rounds; SimPy {args.simpy_replications} replications per round, its time per "
          f"replication x {args.replications} (EXTRAPOLATED); engine {args.replications} replications")
    for round_number in range(args.rounds):
        shift = round_number % len(participants)
        order = participants[shift:] + participants[:shift]
        for name in order:
            if name == "SimPy":
                values, per_replication, cpu_per_replication = run_simpy(
                    round_number * args.simpy_replications, args.simpy_replications, horizon, warm_up)
                simpy_results.append(values)
                times[name].append(per_replication * args.replications)
                cpu_times[name].append(cpu_per_replication * args.replications)
            else:
                workers, compiled = variants[name]
                results[name], wall, cpu = run_engine(scenario, args.replications, workers, compiled)
                times[name].append(wall)
                cpu_times[name].append(cpu)
        ratios = "  ".join(f"{name}: {times['SimPy'][-1] / times[name][-1]:6.1f}x ({times[name][-1]:.3f} s)"
                           for name in variants)
        print(f"  round {round_number + 1} [{' > '.join(order)}] SimPy {times['SimPy'][-1]:.1f} s | {ratios} "
              f"| load {load()}")
    print("  median of the per-round ratios (each against one-process SimPy of the same round):")
    for name in variants:
        per_round = np.array(times["SimPy"]) / np.array(times[name])
        print(f"    {name:22s} {np.median(per_round):6.1f}x  (min {per_round.min():.1f}x, max "
              f"{per_round.max():.1f}x; engine median {np.median(times[name]):.3f} s, "
              f"SimPy median {np.median(times['SimPy']):.1f} s)")
    print("  the same by CPU time (less sensitive to the load; 1-process variants only):")
    for name, (workers, _) in variants.items():
        if workers == 1:
            per_round = np.array(cpu_times["SimPy"]) / np.array(cpu_times[name])
            print(f"    {name:22s} {np.median(per_round):6.1f}x  (min {per_round.min():.1f}x, max "
                  f"{per_round.max():.1f}x; engine median {np.median(cpu_times[name]):.3f} s CPU, "
                  f"SimPy median {np.median(cpu_times['SimPy']):.1f} s CPU)")
    first = results["numba, 1 process"]
    if not args.no_numpy:
        numpy_result = results["numpy, 1 process"]
        same = all(np.array_equal(first.metrics[p][m], numpy_result.metrics[p][m], equal_nan=True)
                   for p in first.metrics for m in first.metrics[p])
        print(f"  numba and numpy results bit-identical: {same}")
    engine = engine_estimate(first, warm_up_years)
    pooled = np.vstack(simpy_results)
    simpy = Estimate(pooled[:, 0], pooled[:, 1], [])
    window = exact_window_waiting(horizon, warm_up)
    print(f"  exact Erlang C, steady state:     Lq = {exact.mean_waiting:.3f} waiting, "
          f"Wq = {exact.mean_wait:.3f} days, P(wait) = {exact.p_wait:.4f}")
    print(f"  exact CTMC mean waitlist over the window (started empty): {window:.3f}")
    print(f"  SimPy  mean waitlist {simpy.describe('waiting')}   mean wait (days) {simpy.describe('wait')}")
    print(f"  engine mean waitlist {engine.describe('waiting')}   mean wait (days) {engine.describe('wait')}")
    for name, estimate in (("SimPy", simpy), ("engine", engine)):
        z = (estimate.mean_waiting.mean() - window) / (
            estimate.mean_waiting.std(ddof=1) / math.sqrt(estimate.mean_waiting.size))
        print(f"  {name:6s} vs exact window value: z = {z:+.2f}")


def municipality_child(replications: int, workers: int, repeats: int) -> None:
    """Run in a fresh process (``--child``) so that its peak memory is the forecast's own.

    The kernels are warmed up first (as the task worker does) and that time is reported apart.
    """
    scenario = load_scenario("baseline_2016", replications=replications)
    _, warm, _ = timed(kernels.warm_up)
    walls, cpus = [], []
    for _ in range(repeats):
        result, wall, cpu = timed(lambda: run_forecast(scenario, workers=workers))
        walls.append(wall)
        cpus.append(cpu)
    print(json.dumps({
        "name": scenario.name, "offers": len(scenario.offers), "days": scenario.horizon_days,
        "walls": walls, "cpus": cpus, "chunk": result.chunk_size, "warm_up": warm, "jit": kernels.jit_enabled(),
        "own_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def part_two(args: argparse.Namespace) -> None:
    """The full municipality: 'baseline_2016' (9 offers, 5 years), A/B interleaved over the paths and processes."""
    print(f"Part 2: full municipality scenario 'baseline_2016', {args.municipality_replications} replications "
          f"(each variant in a fresh process, {args.municipality_repeats} runs each, "
          f"{1 if args.municipality_once else args.rounds} round(s) "
          f"rotated; target <= 1.5 s)")
    variants = [(1, "1"), *([(args.workers, "1")] if args.workers > 1 else []), *([] if args.no_numpy else [(1, "0")])]
    walls: dict[tuple[int, str], list[float]] = {variant: [] for variant in variants}
    for round_number in range(args.rounds if not args.municipality_once else 1):
        shift = round_number % len(variants)
        for workers, jit in variants[shift:] + variants[:shift]:
            env = {**os.environ, "TOVHOLDER_FORECAST_JIT": jit}
            child = subprocess.run([sys.executable, __file__, "--child", str(args.municipality_replications),
                                    str(workers), str(args.municipality_repeats)],
                                   capture_output=True, text=True, check=True, env=env)
            run = json.loads(child.stdout.strip().splitlines()[-1])
            walls[(workers, jit)].extend(run["walls"])
            memory = f"peak memory {run['own_mb']:.0f} MB" + (
                f" (+{run['worker_mb']:.0f} MB in the largest worker)" if workers > 1 else "")
            path = "numba" if run["jit"] else "numpy"
            print(f"  {path}, {workers} process(es): {run['offers']} offers, {run['days']} days: "
                  f"{', '.join(f'{w:.2f}' for w in run['walls'])} s wall "
                  f"({', '.join(f'{c:.2f}' for c in run['cpus'])} s CPU in the main process), "
                  f"warm-up {run['warm_up']:.2f} s apart, chunk {run['chunk']}, {memory} | load {load()}")
    for (workers, jit), values in walls.items():
        print(f"  median {'numba' if jit == '1' else 'numpy'}, {workers} process(es): {np.median(values):.2f} s "
              f"(best {min(values):.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replications", type=int, default=1000, help="engine replications (default 1000)")
    parser.add_argument("--simpy-replications", type=int, default=100,
                        help="SimPy replications; fewer than --replications are timed and extrapolated")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--warm-up-years", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="also time the engine with this many processes")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (order rotated each round)")
    parser.add_argument("--no-numpy", action="store_true", help="leave out the numpy path (TOVHOLDER_FORECAST_JIT=0)")
    parser.add_argument("--municipality-replications", type=int, default=1000)
    parser.add_argument("--municipality-repeats", type=int, default=2, help="runs per fresh process")
    parser.add_argument("--municipality-once", action="store_true", help="one round of part 2 instead of --rounds")
    parser.add_argument("--municipality-only", action="store_true", help="only part 2 (the full municipality)")
    parser.add_argument("--skip-municipality", action="store_true")
    parser.add_argument("--child", nargs=3, type=int, metavar=("REPLICATIONS", "WORKERS", "REPEATS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        municipality_child(*args.child)
        return
    print(f"machine: {os.cpu_count()} CPUs, load average {load()} (other work on the machine inflates every "
          f"time; the ratios compare runs interleaved in the same rounds)")
    if not args.municipality_only:
        part_one(args)
    if not args.skip_municipality:
        part_two(args)
    print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
