"""Benchmark: `tovholder demo --citizens N` on a fresh SQLite file and a fresh PostgreSQL database (issue 15.6).

Each round migrates a new, empty database (not timed) and times the real CLI building the demo into it; the
rounds alternate SQLite and PostgreSQL (A/B interleaved, so that the other load on the machine falls on both
alike). Prints each time, the medians, their ratio (PG / SQLite; the goal is at most 1.3), the rows per table
of the last build on each database (they must be the same), and the load average before and after.

    PYTHONPATH=src .venv/bin/python bench/demo_build.py --citizens 400 --rounds 2
    PYTHONPATH=src .venv/bin/python bench/demo_build.py --citizens 20000 --rounds 1 \
        --pg postgres://postgres@127.0.0.1:5432

This is a script that prints figures, not a test. It creates and drops its own PostgreSQL databases
(`tov_demobench_*`) and its own temporary SQLite folders.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = str(Path(sys.executable).parent / "tovholder")


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _run(env: dict, *args: str) -> None:
    subprocess.run([CLI, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def _psql(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _counts_sqlite(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _counts_pg(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def build(kind: str, n: int, seed: int, today: str, server: str, round_no: int) -> tuple[float, dict[str, int]]:
    env = {**os.environ}
    with tempfile.TemporaryDirectory(prefix="demobench-") as var:
        env["TOVHOLDER_VAR_DIR"] = var
        if kind == "sqlite":
            env.pop("DATABASE_URL", None)
        else:
            name = f"tov_demobench_{os.getpid()}_{round_no}"
            _psql(server, f'DROP DATABASE IF EXISTS "{name}"')
            _psql(server, f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = f"{server}/{name}"
        try:
            _run(env, "migrate", "-v0")
            started = time.perf_counter()
            _run(env, "demo", "--citizens", str(n), "--seed", str(seed), "--today", today, "-v0")
            seconds = time.perf_counter() - started
            counts = (_counts_sqlite(Path(var) / "tovholder.sqlite3") if kind == "sqlite"
                      else _counts_pg(env["DATABASE_URL"]))
        finally:
            if kind == "pg":
                _psql(server, f'DROP DATABASE IF EXISTS "{name}"')
    return seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (no db name)")
    args = parser.parse_args()
    print(f"demo --citizens {args.citizens} --seed {args.seed}; {args.rounds} round(s), SQLite and PostgreSQL "
          f"alternating; load average before: {_load()} (1/5/15 min; the machine is shared)")
    times: dict[str, list[float]] = {"sqlite": [], "pg": []}
    counts: dict[str, dict[str, int]] = {}
    for r in range(args.rounds):
        order = ("sqlite", "pg") if r % 2 == 0 else ("pg", "sqlite")
        for kind in order:
            seconds, counts[kind] = build(kind, args.citizens, args.seed, args.today, args.pg, r)
            times[kind].append(seconds)
            print(f"  round {r + 1} {kind:<6} {seconds:7.1f} s   (load {_load()})", flush=True)
    sq, pg = statistics.median(times["sqlite"]), statistics.median(times["pg"])
    print(f"median: SQLite {sq:.1f} s, PostgreSQL {pg:.1f} s, ratio PG/SQLite {pg / sq:.2f}")
    tables = sorted(set(counts["sqlite"]) | set(counts["pg"]))
    print(f"{'table':<44}{'SQLite':>10}{'PG':>10}")
    for t in tables:
        a, b = counts["sqlite"].get(t, "–"), counts["pg"].get(t, "–")
        if a or b:
            print(f"{t:<44}{a:>10}{b:>10}{'' if a == b else '  ≠'}")
    print(f"rows in all: SQLite {sum(counts['sqlite'].values())}, PG {sum(counts['pg'].values())}; "
          f"load average after: {_load()}")


if __name__ == "__main__":
    main()
