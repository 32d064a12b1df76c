"""Demo steps: each app adds its own realistic history to the demo municipality.

An app registers `@step(order=…)` on `fn(ctx: DemoContext)`; `build_demo` runs every step for each
municipality after the citizens exist. Steps write with bulk inserts and must be deterministic
for the seed (use `ctx.rng`, never the global random module or the clock: use `ctx.today`).
"""

import datetime
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from faker import Faker


@dataclass
class DemoContext:
    municipality: object
    units: dict  # unit name -> Unit
    staff: dict  # unit name -> [User] (workers and caseworkers)
    managers: list  # users with the Leder role
    today: datetime.date
    rng: random.Random
    fake: Faker
    seed: int
    scale: Decimal = Decimal(1)  # how much larger than the default demo the teams are (issue 15.1), ≥ 1


def insert_rows(table: str, columns: list[str], rows: list[tuple], *, batch: int = 5000) -> None:
    """Write plain rows into `table` in the fewest round trips: COPY on PostgreSQL (executemany there sends a statement
    per row), executemany in batches on SQLite (in-process, no round trips). The values must be
    what the database takes (the steps prepare JSON and, on SQLite, datetimes themselves)."""
    if not rows:
        return
    from django.db import connection

    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for i in range(0, len(rows), batch):
            cursor.executemany(sql, rows[i:i + batch])


_steps: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def step(*, order: int):
    def register(fn):
        _steps.append((order, f"{fn.__module__}.{fn.__qualname__}", fn))
        return fn

    return register


def run_steps(*, municipality, units, staff, managers, today, seed,
              announce: Callable[[str], None] | None = None, scale: Decimal = Decimal(1)) -> None:
    for _, name, fn in sorted(_steps, key=lambda s: (s[0], s[1])):
        if announce is not None:
            announce(f"{municipality.name}: {name.rsplit('.', 1)[-1].replace('_', ' ')}")
        step_seed = seed * 1_000_003 + zlib.crc32(f"{name}:{municipality.code}".encode())
        fake = Faker("da_DK")
        fake.seed_instance(step_seed)
        fn(DemoContext(municipality, units, staff, managers, today, random.Random(step_seed), fake, seed, scale))
