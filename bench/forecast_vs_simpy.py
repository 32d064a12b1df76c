"""Benchmark: the forecast engine against SimPy, and a full municipality scenario.

Part 1 builds the same M/M/c model in SimPy and in the engine (c = 20, 90 % load,
mean episode 30 days, waitlist recorded daily, 10 years), checks both against the
exact values and prints both times and their ratio.  SimPy is slow, so it runs
``--simpy-replications`` replications and its time is extrapolated to the engine's
replication count (the output says so).

Part 2 times the shipped ``baseline_2016`` scenario (9 offers, 5 years) with 1 000
replications and prints the peak memory.

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

from tovholder.forecast.engine import load_scenario, mmc_steady_state, run_forecast, scenario_from_dict  # noqa: E402
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


def run_simpy(replications: int, horizon: int, warm_up: int, blocks: int = 5) -> Estimate:
    """SimPy replications in blocks; ``times`` holds the time per replication of each block."""
    results, times = [], []
    sizes = [len(block) for block in np.array_split(np.arange(replications), blocks) if len(block)]
    first = 0
    for size in sizes:
        block, wall, _ = timed(lambda first=first, size=size: [
            simpy_replication(1000 + r, horizon, warm_up) for r in range(first, first + size)])
        results.extend(block)
        times.append(wall / size)
        first += size
    values = np.array(results)
    return Estimate(values[:, 0], values[:, 1], times)


def run_engine(replications: int, horizon: int, warm_up_years: int, workers: int, chunk_size: int,
               repeats: int) -> Estimate:
    scenario = scenario_from_dict(mmc_scenario_dict(SERVERS, ARRIVAL_RATE, MEAN_DAYS, horizon, replications,
                                                    seed=2024, start_date="2020-01-01"))
    times = []
    for _ in range(repeats):
        result, wall, _ = timed(lambda: run_forecast(scenario, chunk_size=chunk_size, workers=workers,
                                                     memory_limit=2**34))
        times.append(wall)
    years = result.axes["year"]
    keep = slice(warm_up_years, None)
    lengths = years.lengths[keep]
    waiting = (result.metrics["year"]["waiting_mean"][:, 0, keep] * lengths).sum(axis=1) / lengths.sum()
    waited = result.metrics["year"]["wait_days_sum"][:, 0, keep].sum(axis=1)
    started = result.metrics["year"]["starts"][:, 0, keep].sum(axis=1)
    return Estimate(waiting, waited / started, times)


def exact_window_waiting(horizon: int, warm_up: int) -> float:
    """Exact mean end-of-day waitlist over the window, from the Markov chain started empty."""
    daily = mmc_daily_distributions(SERVERS, ARRIVAL_RATE, MEAN_DAYS, horizon, max_in_system=SERVERS + 300)
    waiting = np.maximum(np.arange(daily.shape[1]) - SERVERS, 0)
    return float((daily[warm_up:] @ waiting).mean())


def part_one(args: argparse.Namespace) -> None:
    horizon = 3652 if args.years == 10 else int(round(args.years * 365.25))
    warm_up_years = args.warm_up_years
    warm_up = int(round(warm_up_years * 365.25))  # 2020 and 2024 are leap years: 1461 days for 4 years
    exact = mmc_steady_state(SERVERS, ARRIVAL_RATE, MEAN_DAYS)
    print(f"Part 1: M/M/{SERVERS}, load {LOAD:.0%}, mean episode {MEAN_DAYS:g} days, "
          f"arrivals {ARRIVAL_RATE:.2f}/day, {horizon} days, waitlist recorded at the end of every day")
    print(f"  measurement window: day {warm_up} to {horizon} (after a {warm_up_years}-year warm-up from empty)")
    engine_single = run_engine(args.replications, horizon, warm_up_years, 1, args.replications, args.repeats)
    engine_parallel = None
    if args.workers > 1:
        chunk = math.ceil(args.replications / args.workers)
        engine_parallel = run_engine(args.replications, horizon, warm_up_years, args.workers, chunk, args.repeats)
    simpy = run_simpy(args.simpy_replications, horizon, warm_up)
    window = exact_window_waiting(horizon, warm_up)
    print(f"  exact Erlang C, steady state:     Lq = {exact.mean_waiting:.3f} waiting, "
          f"Wq = {exact.mean_wait:.3f} days, P(wait) = {exact.p_wait:.4f}")
    print(f"  exact CTMC mean waitlist over the window (started empty): {window:.3f}")
    print(f"  SimPy  mean waitlist {simpy.describe('waiting')}   mean wait (days) {simpy.describe('wait')}")
    print(f"  engine mean waitlist {engine_single.describe('waiting')}   "
          f"mean wait (days) {engine_single.describe('wait')}")
    for name, estimate in (("SimPy", simpy), ("engine", engine_single)):
        z = (estimate.mean_waiting.mean() - window) / (
            estimate.mean_waiting.std(ddof=1) / math.sqrt(estimate.mean_waiting.size))
        print(f"  {name:6s} vs exact window value: z = {z:+.2f}")
    extrapolated = args.simpy_replications != args.replications
    scale = args.replications
    print(f"  SimPy: {args.simpy_replications} replications in {len(simpy.times)} blocks, "
          f"{simpy.best * 1000:.1f} ms per replication (best block; median {simpy.median * 1000:.1f} ms)"
          + (f" -> EXTRAPOLATED to {scale} replications: {simpy.best * scale:.1f} s "
             f"(median {simpy.median * scale:.1f} s)" if extrapolated else ""))
    print(f"  engine, 1 process, {args.replications} replications: best {engine_single.best:.3f} s, "
          f"median {engine_single.median:.3f} s of {len(engine_single.times)} runs")
    label = " (SimPy extrapolated)" if extrapolated else ""
    print(f"  speed-up, 1 process{label}: {simpy.best * scale / engine_single.best:.0f}x best vs best, "
          f"{simpy.median * scale / engine_single.median:.0f}x median vs median")
    if engine_parallel is not None:
        print(f"  engine, {args.workers} processes: best {engine_parallel.best:.3f} s, median "
              f"{engine_parallel.median:.3f} s -> speed-up {simpy.best * scale / engine_parallel.best:.0f}x best, "
              f"{simpy.median * scale / engine_parallel.median:.0f}x median (SimPy on one process)")


def municipality_child(replications: int, workers: int) -> None:
    """Run in a fresh process (``--child``) so that its peak memory is the forecast's own."""
    scenario = load_scenario("baseline_2016", replications=replications)
    result, wall, cpu = timed(lambda: run_forecast(scenario, workers=workers))
    print(json.dumps({
        "name": scenario.name, "offers": len(scenario.offers), "days": scenario.horizon_days,
        "wall": wall, "cpu": cpu, "chunk": result.chunk_size,
        "own_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def part_two(args: argparse.Namespace) -> None:
    print(f"Part 2: full municipality scenario 'baseline_2016', {args.municipality_replications} replications "
          f"(each run in a fresh process)")
    for workers in sorted({1, args.workers}):
        child = subprocess.run([sys.executable, __file__, "--child", str(args.municipality_replications),
                                str(workers)], capture_output=True, text=True, check=True)
        run = json.loads(child.stdout.strip().splitlines()[-1])
        memory = f"peak memory {run['own_mb']:.0f} MB" + (
            f" in the main process, {run['worker_mb']:.0f} MB in the largest worker" if workers > 1 else "")
        print(f"  {run['name']}: {run['offers']} offers, {run['days']} days, {workers} process(es): "
              f"{run['wall']:.2f} s wall ({run['cpu']:.2f} s CPU in the main process), "
              f"chunk size {run['chunk']}, {memory}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replications", type=int, default=1000, help="engine replications (default 1000)")
    parser.add_argument("--simpy-replications", type=int, default=100,
                        help="SimPy replications; fewer than --replications are timed and extrapolated")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--warm-up-years", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="also time the engine with this many processes")
    parser.add_argument("--municipality-replications", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3, help="engine runs per timing (best and median)")
    parser.add_argument("--skip-municipality", action="store_true")
    parser.add_argument("--child", nargs=2, type=int, metavar=("REPLICATIONS", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        municipality_child(*args.child)
        return
    print(f"machine: {os.cpu_count()} CPUs, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    part_one(args)
    if not args.skip_municipality:
        part_two(args)
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
