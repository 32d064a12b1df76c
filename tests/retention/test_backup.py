"""`tovholder backup` and `tovholder restore` round-trip a demo database: every table reads the same after a
restore over a changed database. Run as the operator would (the commands in their own processes, on a
database of their own), on SQLite or on PostgreSQL as DATABASE_URL says."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

TOVHOLDER = str(Path(sys.executable).parent / "tovholder")


def _tables(url: str) -> dict[str, list]:
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"'))) for n in names}
    import psycopg

    with psycopg.connect(url) as db:
        names = [n for (n,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                          "ORDER BY tablename")]
        return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"'))) for n in names}


@pytest.fixture
def database(tmp_path):
    """A database of its own for the round trip (the test database lives in a transaction pg_dump cannot see)."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'tovholder.sqlite3'}"
        return
    import psycopg

    root, name = base.rsplit("/", 1)
    name = f"{name}_backup"
    with psycopg.connect(f"{root}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{root}/{name}"
    with psycopg.connect(f"{root}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env, *args):
    # a loaded machine may need long for the demo
    result = subprocess.run([TOVHOLDER, *args], env=env, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_a_demo_database_round_trips(tmp_path, database):
    env = {**os.environ, "DATABASE_URL": database, "TOVHOLDER_VAR_DIR": str(tmp_path / "var"),
           "TOVHOLDER_TASKS_IMMEDIATE": "1"}
    _run(env, "migrate", "--no-input")
    _run(env, "demo", "--citizens", "50", "--seed", "7")
    before = _tables(database)
    assert sum(map(len, before.values())) > 1000 and before["citizens_citizen"]
    copy = tmp_path / "kopi.backup"
    assert "Sikkerhedskopi skrevet" in _run(env, "backup", str(copy))
    # the database changes after the backup: a citizen renamed, a table emptied
    if database.startswith("sqlite"):
        with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
            db.execute("UPDATE citizens_citizen SET first_name = 'Ændret'")
            db.execute("DELETE FROM retention_retentionrule")
    else:
        import psycopg

        with psycopg.connect(database) as db:
            db.execute("UPDATE citizens_citizen SET first_name = 'Ændret'")
            db.execute("DELETE FROM retention_retentionrule")
    assert _tables(database) != before
    assert "genskabt" in _run(env, "restore", "--yes", str(copy))
    after = _tables(database)
    assert after.keys() == before.keys()
    assert [name for name in before if before[name] != after[name]] == []


def test_bad_files_are_refused_with_a_clear_message(tmp_path, db):
    not_a_backup = tmp_path / "noter.txt"
    not_a_backup.write_text("Dette er ikke en sikkerhedskopi")
    with pytest.raises(CommandError, match="er ikke en sikkerhedskopi"):
        call_command("restore", str(not_a_backup), "--yes")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("restore", str(tmp_path / "mangler.backup"), "--yes")
    with pytest.raises(CommandError, match="findes allerede"):
        call_command("backup", str(not_a_backup))
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("backup", str(tmp_path / "ingen-mappe" / "kopi.backup"))
