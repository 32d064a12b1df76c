"""Run a forecast: replications in chunks of bounded memory, results per period.

The chunk size only bounds memory; every random draw is keyed by the global
replication number, so the result is identical for any chunk size.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from .model import InitialState, Model, compile_scenario
from .outputs import METRICS, PERIOD_NAMES, ChunkOutput, PeriodAxis, chunk_output, period_axis
from .scenario import Scenario
from .simulate import ProgressCallback, simulate_chunk

DEFAULT_MEMORY_LIMIT = 384 * 2**20
# Measured peak bytes per (replication x offer x day) while a chunk is simulated and
# summarised: about 30 plus 55 per priority class.
_BYTES_PER_ROW_DAY = (30, 55)


@dataclass
class ForecastResult:
    """Per-replication results.

    ``metrics[period][metric]`` has shape (replications, offers, periods) for each
    period name in ``axes`` (see :data:`tovholder.forecast.engine.outputs.METRICS`);
    ``final[name]`` has shape (replications, offers); ``daily[name]`` (replications,
    offers, days) when requested.  ``budget[i]`` is the budget of ``axes["year"].labels[i]``.
    """

    scenario: Scenario
    offers: tuple[str, ...]
    replications: int
    axes: dict[str, PeriodAxis]
    metrics: dict[str, dict[str, np.ndarray]]
    final: dict[str, np.ndarray]
    daily: dict[str, np.ndarray] | None
    budget: np.ndarray
    chunk_size: int
    elapsed_seconds: float


def effective_chunk_size(model: Model, requested: int, memory_limit: int) -> int:
    """The requested chunk size, reduced if a chunk would need more than ``memory_limit`` bytes."""
    per_row_day = _BYTES_PER_ROW_DAY[0] + _BYTES_PER_ROW_DAY[1] * model.n_classes
    per_replication = per_row_day * model.n_offers * (model.horizon + 1)
    return max(1, min(requested, memory_limit // per_replication))


def _simulate_and_summarise(model: Model, numbers: np.ndarray, axes: dict[str, PeriodAxis],
                            keep_daily: bool, progress: ProgressCallback | None = None) -> ChunkOutput:
    """Simulate one chunk and aggregate it (runs in a worker process when ``workers > 1``)."""
    return chunk_output(model, simulate_chunk(model, numbers, progress), axes, keep_daily)


def _process_context() -> multiprocessing.context.BaseContext:
    """Fork where available (cheap start, nothing to re-import), else the platform default."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class _Collector:
    """Pre-allocated result arrays filled chunk by chunk."""

    def __init__(self, model: Model, replications: int, axes: dict[str, PeriodAxis], keep_daily: bool) -> None:
        shape = (replications, model.n_offers)
        self.metrics = {name: {m: np.empty((*shape, len(axis.labels))) for m in METRICS}
                        for name, axis in axes.items()}
        self.final: dict[str, np.ndarray] = {}
        self.daily: dict[str, np.ndarray] | None = {} if keep_daily else None
        self.shape = shape
        self.horizon = model.horizon

    def add(self, first: int, output: ChunkOutput) -> None:
        """Store one chunk's output at replications ``first ..``."""
        for name, metrics in output.metrics.items():
            for metric, values in metrics.items():
                self.metrics[name][metric][first:first + len(values)] = values
        for key, values in output.final.items():
            target = self.final.setdefault(key, np.empty(self.shape, values.dtype))
            target[first:first + len(values)] = values
        if self.daily is not None and output.daily is not None:
            for key, values in output.daily.items():
                target = self.daily.setdefault(key, np.empty((*self.shape, self.horizon), values.dtype))
                target[first:first + len(values)] = values


def _run_in_processes(model: Model, chunks: list[np.ndarray], axes: dict[str, PeriodAxis], keep_daily: bool,
                      workers: int, collector: _Collector, progress: ProgressCallback | None, total: int) -> None:
    """Simulate chunks in ``workers - 1`` extra processes while this process takes every ``workers``-th."""
    done = 0

    def store(numbers: np.ndarray, output: ChunkOutput) -> None:
        nonlocal done
        collector.add(int(numbers[0]), output)
        done += len(numbers)
        if progress is not None:
            progress(done / total)

    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=_process_context()) as pool:
        futures = {pool.submit(_simulate_and_summarise, model, numbers, axes, keep_daily): numbers
                   for index, numbers in enumerate(chunks) if index % workers}
        for numbers in chunks[::workers]:
            store(numbers, _simulate_and_summarise(model, numbers, axes, keep_daily))
        for future in as_completed(futures):
            store(futures[future], future.result())


def run_forecast(
    scenario: Scenario,
    initial: InitialState | None = None,
    *,
    replications: int | None = None,
    chunk_size: int | None = None,
    periods: tuple[str, ...] = ("month", "year"),
    keep_daily: bool = False,
    progress: ProgressCallback | None = None,
    discretisation: str = "uniform-offset",
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    workers: int = 1,
) -> ForecastResult:
    """Simulate a scenario and return per-replication results.

    ``initial`` overrides the scenario's ``initial`` sections (today's caseload and
    waitlist from the database).  ``periods`` chooses the aggregation levels among
    ``week``, ``month`` and ``year`` (years are always included for the budget).
    ``progress`` is called with the fraction done (0..1).  ``discretisation`` is for
    validation only (see :func:`compile_scenario`).  ``workers > 1`` simulates chunks in
    that many processes (same result; progress is then reported per finished chunk).
    """
    began = time.perf_counter()
    model = compile_scenario(scenario, initial, discretisation=discretisation)
    total = replications if replications is not None else scenario.replications
    if total < 1:
        raise ValueError("replications must be at least 1")
    names = tuple(dict.fromkeys((*periods, "year")))
    axes = {name: period_axis(name, scenario.start_date, model.horizon) for name in names if name in PERIOD_NAMES}
    chunk = effective_chunk_size(model, chunk_size or scenario.chunk_size, memory_limit)
    collector = _Collector(model, total, axes, keep_daily)
    chunks = [np.arange(first, min(total, first + chunk)) for first in range(0, total, chunk)]
    if workers > 1 and len(chunks) > 1:
        _run_in_processes(model, chunks, axes, keep_daily, workers, collector, progress, total)
    else:
        for numbers in chunks:
            first, size = int(numbers[0]), len(numbers)

            def report(fraction: float, first: int = first, size: int = size) -> None:
                if progress is not None:
                    progress(min(1.0, (first + fraction * size) / total))

            collector.add(first, _simulate_and_summarise(model, numbers, axes, keep_daily, report))
            report(1.0)
    years = axes["year"].labels
    return ForecastResult(
        scenario=scenario,
        offers=scenario.offer_names,
        replications=total,
        axes=axes,
        metrics=collector.metrics,
        final=collector.final,
        daily=collector.daily,
        budget=np.array([scenario.budget.for_year(int(year)) for year in years]),
        chunk_size=chunk,
        elapsed_seconds=time.perf_counter() - began,
    )
