"""Exit 0 when the PostgreSQL server in the URL answers (the database itself need not exist)."""

import sys

import dj_database_url
import psycopg

cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"] or None,
                    dbname="postgres", connect_timeout=3).close()
except psycopg.OperationalError as exc:
    print(f"PostgreSQL svarer ikke: {exc}", file=sys.stderr)
    sys.exit(1)
