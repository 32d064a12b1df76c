"""Backup and restore of the whole database (`tovholder backup <file>`, `tovholder restore <file>`).

- SQLite: the online backup API (`sqlite3.Connection.backup`): a consistent copy while the server runs.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --single-transaction`; the client's major
  version must be at least the server's (an older pg_dump refuses or writes a dump that misses things).

A restore brings back citizens deleted after the backup was taken: restore only a backup younger than the
retention deletions since, or re-run the deletions listed in the restored `DeletionRecord`s' successors
(README, "Backup and restore")."""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _client(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise CommandError(f"{program} findes ikke på maskinen; installer PostgreSQL's klientprogrammer.")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)\.", output)
    client_major = int(match.group(1)) if match else 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    if client_major < server_major:
        raise CommandError(f"{program} er version {client_major}, men databaseserveren er version {server_major}. "
                           f"Brug {program} fra version {server_major} eller nyere.")
    return path


def backup(target: Path) -> None:
    target = Path(target)
    if target.exists():
        raise CommandError(f"{target} findes allerede; vælg et nyt filnavn.")
    if not target.parent.is_dir():
        raise CommandError(f"Mappen {target.parent} findes ikke.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        result = subprocess.run([_client("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args],
                                capture_output=True, text=True, env=env)
        if result.returncode:
            target.unlink(missing_ok=True)
            raise CommandError(f"pg_dump fejlede: {result.stderr.strip()}")
    else:
        raise CommandError(f"Databasen {connection.vendor} understøttes ikke.")


def restore(source: Path) -> None:
    source = Path(source)
    if not source.is_file():
        raise CommandError(f"{source} findes ikke.")
    with source.open("rb") as f:
        head = f.read(16)
    if connection.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise CommandError(f"{source} er ikke en sikkerhedskopi af en SQLite-database.")
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise CommandError(f"{source} er ikke en sikkerhedskopi fra pg_dump (custom-format).")
        args, env = _pg_env()
        connection.close()  # pg_restore needs the tables free
        result = subprocess.run([_client("pg_restore"), "--clean", "--if-exists", "--no-owner",
                                 "--single-transaction", "--exit-on-error", *args, str(source)],
                                capture_output=True, text=True, env=env)
        if result.returncode:
            raise CommandError(f"pg_restore fejlede (intet er ændret): {result.stderr.strip()}")
    else:
        raise CommandError(f"Databasen {connection.vendor} understøttes ikke.")
